// Concrete evaluation of the Condition element: every operator, IfExists, ForAnyValue/ForAllValues, Null.
import type { BaseOperator, ConditionTest } from './document.ts';
import { isNegatedOperator } from './document.ts';
import type { RequestContext } from './context.ts';
import { arnMatches, globMatch } from './match.ts';
import { substituteVariables } from './variables.ts';

const POSITIVE: Readonly<Record<BaseOperator, BaseOperator>> = {
  StringEquals: 'StringEquals', StringNotEquals: 'StringEquals',
  StringEqualsIgnoreCase: 'StringEqualsIgnoreCase', StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringLike: 'StringLike', StringNotLike: 'StringLike',
  NumericEquals: 'NumericEquals', NumericNotEquals: 'NumericEquals', NumericLessThan: 'NumericLessThan',
  NumericLessThanEquals: 'NumericLessThanEquals', NumericGreaterThan: 'NumericGreaterThan', NumericGreaterThanEquals: 'NumericGreaterThanEquals',
  DateEquals: 'DateEquals', DateNotEquals: 'DateEquals', DateLessThan: 'DateLessThan', DateLessThanEquals: 'DateLessThanEquals',
  DateGreaterThan: 'DateGreaterThan', DateGreaterThanEquals: 'DateGreaterThanEquals',
  Bool: 'Bool', BinaryEquals: 'BinaryEquals', IpAddress: 'IpAddress', NotIpAddress: 'IpAddress',
  ArnEquals: 'ArnLike', ArnLike: 'ArnLike', ArnNotEquals: 'ArnLike', ArnNotLike: 'ArnLike',
  Null: 'Null',
};

/** The positive operator whose negation `op` is (or `op` itself). */
export const positiveOperator = (op: BaseOperator): BaseOperator => POSITIVE[op];

const toNumber = (s: string): number => (s.trim() === '' ? NaN : Number(s));

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date — ISO 8601 or epoch seconds. */
function toDate(s: string): number {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? NaN : t;
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** IpAddress: the request address lies in the policy's CIDR (IPv4; IPv6 compared exactly). */
function ipInCidr(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const b = ipv4ToInt(base ?? '');
  const v = ipv4ToInt(ip);
  if (b === undefined || v === undefined || !(bits >= 0 && bits <= 32)) return cidr.toLowerCase() === ip.toLowerCase();
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1) >>> 0;
  return ((b & mask) >>> 0) === ((v & mask) >>> 0);
}

/** The positive comparison of one policy value with one request value. */
export function compareOne(op: BaseOperator, policyValue: string, requestValue: string): boolean {
  switch (positiveOperator(op)) {
    case 'StringEquals': return policyValue === requestValue;
    case 'StringEqualsIgnoreCase': return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'StringLike': return globMatch(policyValue, requestValue);
    case 'NumericEquals': return toNumber(requestValue) === toNumber(policyValue);
    case 'NumericLessThan': return toNumber(requestValue) < toNumber(policyValue);
    case 'NumericLessThanEquals': return toNumber(requestValue) <= toNumber(policyValue);
    case 'NumericGreaterThan': return toNumber(requestValue) > toNumber(policyValue);
    case 'NumericGreaterThanEquals': return toNumber(requestValue) >= toNumber(policyValue);
    case 'DateEquals': return toDate(requestValue) === toDate(policyValue);
    case 'DateLessThan': return toDate(requestValue) < toDate(policyValue);
    case 'DateLessThanEquals': return toDate(requestValue) <= toDate(policyValue);
    case 'DateGreaterThan': return toDate(requestValue) > toDate(policyValue);
    case 'DateGreaterThanEquals': return toDate(requestValue) >= toDate(policyValue);
    case 'Bool': return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'BinaryEquals': return policyValue === requestValue;
    case 'IpAddress': return ipInCidr(policyValue, requestValue);
    case 'ArnLike': return arnMatches(policyValue, requestValue);
    default: return false;
  }
}

/**
 * Evaluate one condition test against the request context.
 * IAM-UG reference_policies_elements_condition.html and reference_policies_multi-value-conditions.html:
 * - several values for one key are ORed (negated operators: the request value must match none);
 * - a key missing from the request: positive operators false, negated operators true, ...IfExists true,
 *   ForAllValues true, ForAnyValue false; `Null: true` holds exactly when the key is missing.
 */
export function evaluateCondition(test: ConditionTest, ctx: RequestContext, variablesEnabled: boolean): boolean {
  const requestValues = ctx.values.get(test.keyLower);
  const present = requestValues !== undefined && requestValues.length > 0;
  if (test.operator === 'Null') {
    const wantsAbsent = test.values.some((v) => v.toLowerCase() === 'true');
    const wantsPresent = test.values.some((v) => v.toLowerCase() === 'false');
    return present ? wantsPresent : wantsAbsent;
  }
  const negated = isNegatedOperator(test.operator);
  if (!present) {
    if (test.ifExists || test.qualifier === 'ForAllValues') return true;
    if (test.qualifier === 'ForAnyValue') return false;
    return negated;
  }
  const policyValues = test.values
    .map((v) => substituteVariables(v, ctx, variablesEnabled))
    .filter((v): v is string => v !== undefined);
  if (test.qualifier === 'ForAllValues' || (test.qualifier === undefined && negated)) {
    return requestValues.every((rv) => holdsFor(test.operator, negated, policyValues, rv));
  }
  return requestValues.some((rv) => holdsFor(test.operator, negated, policyValues, rv));
}

/** One request value against the policy's values: some match (positive operators) or none does (negated ones). */
function holdsFor(op: BaseOperator, negated: boolean, policyValues: readonly string[], requestValue: string): boolean {
  const matchesSome = policyValues.some((pv) => compareOne(op, pv, requestValue));
  return negated ? !matchesSome : matchesSome;
}

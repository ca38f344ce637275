// Parsing a policy JSON string into the policy AST, validated with zod; a bad document gets a reason, never a throw.
import { z } from 'zod';
import type { BaseOperator, ConditionTest, PolicyDocument, PolicyKind, PrincipalSet, SetQualifier, Statement } from './document.ts';

export type ParseResult = { readonly ok: true; readonly doc: PolicyDocument } | { readonly ok: false; readonly reason: string };

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const conditionValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
const principalValue = z.union([
  z.literal('*'),
  z.strictObject({
    AWS: stringOrList.optional(),
    Service: stringOrList.optional(),
    Federated: stringOrList.optional(),
    CanonicalUser: stringOrList.optional(),
  }),
]);

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html — the statement elements. */
const statementSchema = z.strictObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: principalValue.optional(),
  NotPrincipal: principalValue.optional(),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
});

const documentSchema = z.strictObject({
  Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
  Id: z.string().optional(),
  Statement: z.union([statementSchema, z.array(statementSchema).min(1)]),
});

const BASE_OPERATORS: ReadonlySet<string> = new Set<BaseOperator>([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

const list = (v: string | readonly string[] | undefined): readonly string[] | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? [v] : v;

function principalSet(p: z.infer<typeof principalValue>): PrincipalSet {
  if (p === '*') return { anyone: true, aws: [], service: [], federated: [], canonicalUser: [] };
  const aws = list(p.AWS) ?? [];
  return {
    anyone: aws.includes('*'),
    aws: aws.filter((a) => a !== '*'),
    service: list(p.Service) ?? [],
    federated: list(p.Federated) ?? [],
    canonicalUser: list(p.CanonicalUser) ?? [],
  };
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * "ForAnyValue:StringLike", "StringEqualsIfExists", "Null" ... split into qualifier, base operator and IfExists.
 */
function parseOperator(raw: string): { operator: BaseOperator; qualifier: SetQualifier; ifExists: boolean } | string {
  let rest = raw;
  let qualifier: SetQualifier;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix !== 'ForAnyValue' && prefix !== 'ForAllValues') return `unknown condition operator qualifier "${prefix}"`;
    qualifier = prefix;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASE_OPERATORS.has(rest)) return `unknown condition operator "${raw}"`;
  if (rest === 'Null' && ifExists) return `"${raw}" is not a valid operator`;
  return { operator: rest as BaseOperator, qualifier, ifExists };
}

function conditionTests(block: Record<string, Record<string, unknown>>): ConditionTest[] | string {
  const tests: ConditionTest[] = [];
  for (const [rawOp, keys] of Object.entries(block)) {
    const op = parseOperator(rawOp);
    if (typeof op === 'string') return op;
    for (const [key, rawValues] of Object.entries(keys)) {
      const values = (Array.isArray(rawValues) ? rawValues : [rawValues]).map((v) => String(v));
      if (values.length === 0) return `condition ${rawOp} on ${key} has no values`;
      if (key === '') return `condition ${rawOp} has an empty key`;
      tests.push({ ...op, key, keyLower: key.toLowerCase(), values });
    }
  }
  return tests;
}

const ACTION_PATTERN = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]*)$/;

function checkStatement(s: z.infer<typeof statementSchema>, kind: PolicyKind, index: number): string | undefined {
  const where = `Statement[${index}]`;
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) return `${where} has both Principal and NotPrincipal`;
  if (s.Action !== undefined && s.NotAction !== undefined) return `${where} has both Action and NotAction`;
  if (s.Resource !== undefined && s.NotResource !== undefined) return `${where} has both Resource and NotResource`;
  const resourcePolicy = kind === 'keyPolicy' || kind === 'bucketPolicy' || kind === 'trustPolicy';
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — "You cannot use the
  // Principal element in an identity-based policy"; resource-based policies must name one.
  if (!resourcePolicy && (s.Principal !== undefined || s.NotPrincipal !== undefined)) return `${where}: Principal is not allowed in this kind of policy`;
  if (resourcePolicy && s.Principal === undefined && s.NotPrincipal === undefined) return `${where} has no Principal`;
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html — a key-policy statement missing
  // Action or Resource is accepted and has no effect; other policies require them.
  if (kind !== 'keyPolicy' && s.Action === undefined && s.NotAction === undefined) return `${where} has no Action`;
  if (kind !== 'keyPolicy' && kind !== 'trustPolicy' && kind !== 'scp' && s.Resource === undefined && s.NotResource === undefined) {
    return `${where} has no Resource`;
  }
  for (const a of [...(list(s.Action) ?? []), ...(list(s.NotAction) ?? [])]) {
    if (!ACTION_PATTERN.test(a)) return `${where}: action "${a}" is not of the form service:Action`;
  }
  return undefined;
}

/** Parse a policy document string for the given policy kind. */
export function parsePolicy(text: string, kind: PolicyKind): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `the policy is not valid JSON (${(e as Error).message})` };
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'policy'}: ${issue?.message ?? 'invalid'}` };
  }
  const raw = parsed.data;
  const rawStatements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  const statements: Statement[] = [];
  for (const [i, s] of rawStatements.entries()) {
    const problem = checkStatement(s, kind, i);
    if (problem) return { ok: false, reason: problem };
    const conditions = conditionTests(s.Condition ?? {});
    if (typeof conditions === 'string') return { ok: false, reason: `Statement[${i}]: ${conditions}` };
    statements.push({
      sid: s.Sid,
      effect: s.Effect,
      principal: s.Principal === undefined ? undefined : principalSet(s.Principal),
      notPrincipal: s.NotPrincipal === undefined ? undefined : principalSet(s.NotPrincipal),
      action: list(s.Action),
      notAction: list(s.NotAction),
      resource: list(s.Resource),
      notResource: list(s.NotResource),
      conditions,
    });
  }
  return { ok: true, doc: { version: raw.Version, id: raw.Id, statements } };
}

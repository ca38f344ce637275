// Statement and policy verdicts, written once over Logic<B>: the matching of facts is supplied by an interpreter.
import type { Logic } from '../logic.ts';
import type { ConditionTest, PolicyDocument, PrincipalSet, Statement } from './document.ts';

/**
 * How the principal of a request relates to a Principal element (spec §3.5 step 5):
 * - `exact`: the element names the caller itself (its user ARN, its role-session ARN);
 * - `indirect`: the element covers the caller without naming it (its role's ARN, "*", a NotPrincipal that spares it);
 * - `account`: the element names the caller's account (`arn:aws:iam::A:root` or `A`), delegating to A's IAM policies.
 */
export interface PrincipalMatch<B> {
  readonly exact: B;
  readonly indirect: B;
  readonly account: B;
}

/** Interprets the facts of one request: concrete values in model/, Z3 terms in solver/. */
export interface RequestFacts<B> {
  principal(set: PrincipalSet): PrincipalMatch<B>;
  action(patterns: readonly string[]): B;
  resource(patterns: readonly string[]): B;
  condition(test: ConditionTest): B;
}

/** Which way a statement's Principal must match to count (identity policies have no Principal: `none`). */
export type PrincipalPart = keyof PrincipalMatch<unknown> | 'anyWay' | 'none';

function principalPart<B>(L: Logic<B>, s: Statement, facts: RequestFacts<B>, part: PrincipalPart): B {
  if (part === 'none') return L.yes;
  const pick = (m: PrincipalMatch<B>): B => (part === 'anyWay' ? L.or(m.exact, m.indirect, m.account) : m[part]);
  if (s.principal) return pick(facts.principal(s.principal));
  if (s.notPrincipal) {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html — applies to every
    // principal except those listed; it never names the caller, so it counts as an indirect match.
    const m = facts.principal(s.notPrincipal);
    const spared = L.not(L.or(m.exact, m.indirect, m.account));
    return part === 'indirect' || part === 'anyWay' ? spared : L.no;
  }
  return L.no;
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — a statement applies when
 * its principal, action, resource and every condition match. A missing Action or Resource (accepted only in key
 * policies) makes the statement match nothing (KMS-DG key-policy-overview).
 */
export function statementApplies<B>(L: Logic<B>, s: Statement, facts: RequestFacts<B>, part: PrincipalPart): B {
  const action = (): B => (s.action ? facts.action(s.action) : s.notAction ? L.not(facts.action(s.notAction)) : L.no);
  const resource = (): B => (s.resource ? facts.resource(s.resource) : s.notResource ? L.not(facts.resource(s.notResource)) : L.no);
  const principal = (): B => principalPart(L, s, facts, part);
  const conditions = (): B => L.all(s.conditions, (c) => facts.condition(c));
  // Cheapest tests first, so that the boolean interpretation stops early.
  return L.all([action, principal, resource, conditions], (test) => test());
}

export interface Verdict<B> {
  readonly allow: B;
  readonly deny: B;
}

/** A policy allows when some Allow statement applies, denies when some Deny statement applies. */
export function policyVerdict<B>(L: Logic<B>, doc: PolicyDocument, facts: RequestFacts<B>, allowPart: PrincipalPart): Verdict<B> {
  const denyPart: PrincipalPart = allowPart === 'none' ? 'none' : 'anyWay';
  return {
    allow: L.any(doc.statements, (s) => (s.effect === 'Allow' ? statementApplies(L, s, facts, allowPart) : L.no)),
    deny: L.any(doc.statements, (s) => (s.effect === 'Deny' ? statementApplies(L, s, facts, denyPart) : L.no)),
  };
}

/** A resource policy's verdict split by how the principal matched (see PrincipalMatch). */
export interface ResourceVerdict<B> {
  readonly exact: B;
  readonly indirect: B;
  readonly account: B;
  readonly deny: B;
}

export function resourcePolicyVerdict<B>(L: Logic<B>, doc: PolicyDocument, facts: RequestFacts<B>): ResourceVerdict<B> {
  const allowVia = (part: PrincipalPart): B => L.any(doc.statements, (s) => (s.effect === 'Allow' ? statementApplies(L, s, facts, part) : L.no));
  return {
    exact: allowVia('exact'),
    indirect: allowVia('indirect'),
    account: allowVia('account'),
    deny: L.any(doc.statements, (s) => (s.effect === 'Deny' ? statementApplies(L, s, facts, 'anyWay') : L.no)),
  };
}

/** The union of several policies (e.g. all identity policies of a principal). */
export function policiesVerdict<B>(L: Logic<B>, docs: readonly PolicyDocument[], facts: RequestFacts<B>, allowPart: PrincipalPart): Verdict<B> {
  const verdicts = docs.map((d) => policyVerdict(L, d, facts, allowPart));
  return { allow: L.any(verdicts, (v) => v.allow), deny: L.any(verdicts, (v) => v.deny) };
}

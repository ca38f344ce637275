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

/**
 * How a statement's Principal or NotPrincipal covers the caller, split three ways.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html — NotPrincipal applies
 * to every principal except those listed; it never names the caller, so it counts as an indirect match.
 */
function statementPrincipal<B>(L: Logic<B>, s: Statement, facts: RequestFacts<B>): PrincipalMatch<B> {
  if (s.principal) return facts.principal(s.principal);
  if (s.notPrincipal) {
    const m = facts.principal(s.notPrincipal);
    return { exact: L.no, indirect: L.not(L.or(m.exact, m.indirect, m.account)), account: L.no };
  }
  return { exact: L.no, indirect: L.no, account: L.no };
}

function principalPart<B>(L: Logic<B>, s: Statement, facts: RequestFacts<B>, part: PrincipalPart): B {
  if (part === 'none') return L.yes;
  const m = statementPrincipal(L, s, facts);
  return part === 'anyWay' ? L.or(m.exact, m.indirect, m.account) : m[part];
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — a statement applies when
 * its principal, action, resource and every condition match. A missing Action or Resource (accepted only in key
 * policies) makes the statement match nothing (KMS-DG key-policy-overview).
 */
export function statementApplies<B>(L: Logic<B>, s: Statement, facts: RequestFacts<B>, part: PrincipalPart): B {
  const principal = principalPart(L, s, facts, part);
  return L.isNo(principal) ? L.no : L.and(principal, statementBody(L, s, facts));
}

/** Action, resource and conditions of a statement (everything but the principal), cheapest first. */
function statementBody<B>(L: Logic<B>, s: Statement, facts: RequestFacts<B>): B {
  const action = s.action ? facts.action(s.action) : s.notAction ? L.not(facts.action(s.notAction)) : L.no;
  if (L.isNo(action)) return L.no;
  const resource = s.resource ? facts.resource(s.resource) : s.notResource ? L.not(facts.resource(s.notResource)) : L.no;
  if (L.isNo(resource)) return L.no;
  return L.and(action, resource, L.all(s.conditions, (c) => facts.condition(c)));
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
  let exact = L.no;
  let indirect = L.no;
  let account = L.no;
  let deny = L.no;
  for (const s of doc.statements) {
    const m = statementPrincipal(L, s, facts);
    const any = L.or(m.exact, m.indirect, m.account);
    if (L.isNo(any)) continue;
    const body = statementBody(L, s, facts);
    if (L.isNo(body)) continue;
    if (s.effect === 'Deny') {
      deny = L.or(deny, L.and(any, body));
    } else {
      exact = L.or(exact, L.and(m.exact, body));
      indirect = L.or(indirect, L.and(m.indirect, body));
      account = L.or(account, L.and(m.account, body));
    }
  }
  return { exact, indirect, account, deny };
}

/** The union of several policies (e.g. all identity policies of a principal). */
export function policiesVerdict<B>(L: Logic<B>, docs: readonly PolicyDocument[], facts: RequestFacts<B>, allowPart: PrincipalPart): Verdict<B> {
  const verdicts = docs.map((d) => policyVerdict(L, d, facts, allowPart));
  return { allow: L.any(verdicts, (v) => v.allow), deny: L.any(verdicts, (v) => v.deny) };
}

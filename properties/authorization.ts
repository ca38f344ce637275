// Invariants of KMS authorization, as metamorphic laws over real steps: add a Deny anywhere and an allowed request is
// refused; take the allows away and nobody keeps access; IAM alone never suffices; cross-account needs both sides.
import { resolveCaller, step } from '../model/index.ts';
import type { Call, Key, State, Statement } from '../model/index.ts';
import { effectiveGrantsFor } from '../model/kms/grants.ts';
import { KEY_OPERATIONS, accountOfCaller, answerIn, keyAccessOf, keyPolicyGoverns, keysOfCall } from './calls.ts';
import type { KeyAccess } from './calls.ts';
import {
  allows, documentOf, storedOf, withBoundary, withExtraIdentityPolicy, withIdentityPolicies, withKeyStatements, withScp, withSessionPolicy, withoutGrants,
} from './edits.ts';
import { defineInvariant } from './invariant.ts';
import type { Transition } from './invariant.ts';

const EVALUATION_LOGIC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';

/** The allowed request of a step, if it was one the key policy decides. */
const allowedAccess = (t: Transition): KeyAccess | undefined => {
  const a = keyAccessOf(t);
  return a && a.ok ? a : undefined;
};

const denyStatement = (actions: readonly string[]): Statement =>
  documentOf(
    { Version: '2012-10-17', Statement: [{ Sid: 'keyward-probe-deny', Effect: 'Deny', Principal: { AWS: '*' }, Action: actions, Resource: '*' }] },
    'keyPolicy',
    `deny ${actions.join(',')}`,
  ).statements[0]!;
const identityDeny = (actions: readonly string[]) => storedOf({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: actions, Resource: '*' }] }, 'identity', `deny ${actions.join(',')}`);
/** A guardrail (boundary, session policy, SCP) that allows everything but denies the actions. */
const guardrailDeny = (actions: readonly string[], kind: 'boundary' | 'sessionPolicy' | 'scp') =>
  storedOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: actions, Resource: '*' }] }, kind, `guard ${actions.join(',')}`);

/** The request replayed in a hypothetical state must be refused; problems otherwise (none when there is no such state). */
function refusedIn(state: State | undefined, a: KeyAccess, what: string): string[] {
  if (!state) return [];
  const r = step(state, a.call);
  return r.outcome.ok ? [`${a.call.op} by ${a.call.as} on ${a.keys.map((k) => k.arn).join(', ')} still succeeds ${what}`] : [];
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html — an explicit deny in a key policy overrides any allow. */
export const explicitDenyInKeyPolicyWins = defineInvariant({
  name: 'explicitDenyInKeyPolicyWins',
  claim: 'A request that a key policy explicitly denies is refused, whatever else allows it.',
  source: EVALUATION_LOGIC,
  checkStep: (t) => {
    const a = allowedAccess(t);
    if (!a || !keyPolicyGovernsAccess(a)) return [];
    return refusedIn(withKeyStatements(t.before, a.keys, (ss) => [...ss, denyStatement(a.actions)]), a, 'with a Deny in the key policy');
  },
});

const keyPolicyGovernsAccess = (a: KeyAccess): boolean => !a.call.op.startsWith('kms:') || keyPolicyGoverns(a.call.op);

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — "an explicit deny in any of these policies overrides the allow". */
export const explicitDenyInIamPolicyWins = defineInvariant({
  name: 'explicitDenyInIamPolicyWins',
  claim: "A request that one of the caller's IAM policies explicitly denies is refused, grants and key policy notwithstanding.",
  source: EVALUATION_LOGIC,
  checkStep: (t) => {
    const a = allowedAccess(t);
    const ret = t.event.kind === 'call' && t.event.outcome.ok && t.event.call.op === 'kms:RetireGrant' ? retireAccess(t) : undefined;
    const access = a ?? ret;
    if (!access) return [];
    return refusedIn(withExtraIdentityPolicy(t.before, access.call.as, identityDeny(access.actions)), access, 'with a Deny in an IAM policy of the caller');
  },
});

/** RetireGrant is authorized by IAM and the grant, not the key policy; an IAM deny still stops it (grant-delete.html). */
function retireAccess(t: Transition): KeyAccess | undefined {
  if (t.event.kind !== 'call') return undefined;
  const keys = keysOfCall(t.before, t.event.call);
  return keys.length > 0 ? { call: t.event.call, keys, actions: ['kms:RetireGrant'], ok: true } : undefined;
}

/** https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html — an SCP deny applies to every principal of a member account, root included. */
export const explicitDenyInScpWins = defineInvariant({
  name: 'explicitDenyInScpWins',
  claim: "A request that a service control policy of the caller's account explicitly denies is refused, even for the account's root user.",
  source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  checkStep: (t) => {
    const a = allowedAccess(t);
    const account = a && accountOfCaller(a.call.as);
    if (!a || !account) return [];
    return refusedIn(withScp(t.before, account, guardrailDeny(a.actions, 'scp')), a, 'with a Deny in an SCP of its account');
  },
});

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html — "An explicit deny in any of these policies overrides the allow." */
export const explicitDenyInBoundaryWins = defineInvariant({
  name: 'explicitDenyInBoundaryWins',
  claim: "A request that the caller's permissions boundary explicitly denies is refused.",
  source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  checkStep: (t) => {
    const a = allowedAccess(t);
    if (!a) return [];
    return refusedIn(withBoundary(t.before, a.call.as, guardrailDeny(a.actions, 'boundary')), a, 'with a Deny in its permissions boundary');
  },
});

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session — session policies limit the session; an explicit deny in one overrides any allow. */
export const explicitDenyInSessionPolicyWins = defineInvariant({
  name: 'explicitDenyInSessionPolicyWins',
  claim: 'A request that the session policy of a role session explicitly denies is refused.',
  source: EVALUATION_LOGIC,
  checkStep: (t) => {
    const a = allowedAccess(t);
    if (!a) return [];
    return refusedIn(withSessionPolicy(t.before, a.call.as, guardrailDeny(a.actions, 'sessionPolicy')), a, 'with a Deny in its session policy');
  },
});

/** Does the caller hold a grant on one of the keys? */
function holdsGrant(state: State, as: string, keys: readonly Key[]): boolean {
  const caller = resolveCaller(state, as);
  return typeof caller !== 'string' && keys.some((k) => effectiveGrantsFor(state, k, caller, []).length > 0);
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html — an explicit deny in a key policy "takes precedence over all grants". */
export const explicitDenyWinsOverGrants = defineInvariant({
  name: 'explicitDenyWinsOverGrants',
  claim: 'A grantee whose request the key policy explicitly denies is refused, even though a grant allows it.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/grants.html',
  checkStep: (t) => {
    const a = allowedAccess(t);
    if (!a || !a.call.op.startsWith('kms:') || !keyPolicyGoverns(a.call.op) || !holdsGrant(t.before, a.call.as, a.keys)) return [];
    const onlyGrantsAndDeny = withKeyStatements(t.before, a.keys, (ss) => [...ss.filter((s) => !allows(s)), denyStatement(a.actions)]);
    return refusedIn(onlyGrantsAndDeny, a, 'from its grants with a Deny in the key policy');
  },
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html — "Unless the key policy explicitly allows it,
 * you cannot use IAM policies to allow access to a KMS key"; no principal, the root user included, has any permission on
 * a key unless a key policy statement or a grant gives it.
 */
export const noAccessWithoutAnExplicitAllow = defineInvariant({
  name: 'noAccessWithoutAnExplicitAllow',
  claim: 'Without an Allow statement in the key policy or a grant, nobody can use or manage the key, not its account root and not its creator.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
  checkStep: (t) => {
    const a = allowedAccess(t);
    if (!a || !a.call.op.startsWith('kms:') || !keyPolicyGoverns(a.call.op)) return [];
    const bare = withoutGrants(withKeyStatements(t.before, a.keys, (ss) => ss.filter((s) => !allows(s))), a.keys);
    return refusedIn(bare, a, 'with no Allow in the key policy and no grant');
  },
});

/** Statements that name the account as a whole (its id or its root ARN): the delegation to its IAM policies. */
const namesAccount = (s: Statement, account: string): boolean =>
  s.principal !== undefined && s.principal.aws.some((p) => p === account || p === `arn:aws:iam::${account}:root`);

/**
 * Calls whose answer depends on IAM beyond the key policy: alias operations also need an IAM permission on the alias
 * (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html), and PutKeyPolicy's lockout check reads the
 * caller's IAM policies under the *new* policy, which may delegate.
 */
const IAM_ALSO_DECIDES: ReadonlySet<string> = new Set(['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:PutKeyPolicy']);

const ADMIN = storedOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'identity');

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam —
 * the statement naming the account "allows IAM policies ... to allow access to the KMS key"; without it IAM policies
 * "are ineffective" for the key.
 */
export const iamAllowNeedsKeyPolicyDelegation = defineInvariant({
  name: 'iamAllowNeedsKeyPolicyDelegation',
  claim: "When the key policy does not delegate to the caller's account, the caller's IAM policies make no difference to what it can do with the key.",
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !keyPolicyGoverns(t.event.call.op) || IAM_ALSO_DECIDES.has(t.event.call.op)) return [];
    const call = t.event.call;
    const account = accountOfCaller(call.as);
    const keys = keysOfCall(t.before, call);
    if (!account || keys.length === 0 || keys.some((k) => k.account !== account)) return [];
    const undelegated = withKeyStatements(t.before, keys, (ss) => ss.filter((s) => !(allows(s) && namesAccount(s, account))));
    const none = withIdentityPolicies(undelegated, call.as, {});
    const admin = withIdentityPolicies(undelegated, call.as, { admin: ADMIN });
    if (!none || !admin) return [];
    const [without, withAdmin] = [answerIn(none, call), answerIn(admin, call)];
    return without === withAdmin ? [] : [`${call.op} by ${call.as} answers ${without} without IAM policies but ${withAdmin} with AdministratorAccess, though no key policy delegates to ${account}`];
  },
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html — "the key policy for
 * the KMS key must give the external account ... permission, and IAM policies in the external account must delegate the
 * key policy permissions to its users and roles"; "Neither alone is sufficient" (grants aside).
 */
export const crossAccountNeedsBothSides = defineInvariant({
  name: 'crossAccountNeedsBothSides',
  claim: "A principal never uses another account's key through its key policy alone: without an allow in its own IAM policies (and without grants) it is refused.",
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
  checkStep: (t) => {
    const a = allowedAccess(t);
    const account = a && accountOfCaller(a.call.as);
    if (!a || !account || !a.keys.some((k) => k.account !== account) || !keyPolicyGovernsAccess(a)) return [];
    const noIam = withIdentityPolicies(withoutGrants(t.before, a.keys), a.call.as, {});
    return refusedIn(noIam, a, 'without IAM policies or grants on the caller side');
  },
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html — only these
 * operations ("Cross-account use: Yes" in the API Reference) can be used with a key of another account.
 */
const CROSS_ACCOUNT_OPERATIONS: ReadonlySet<string> = new Set(
  [
    'CreateGrant', 'Decrypt', 'DescribeKey', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetKeyRotationStatus', 'GetPublicKey',
    'ListGrants', 'ReEncrypt', 'RetireGrant', 'RevokeGrant', 'Sign', 'Verify', 'VerifyMac',
  ].map((op) => `kms:${op}`),
);

export const nonCrossAccountOperationsNeverCrossAccounts = defineInvariant({
  name: 'nonCrossAccountOperationsNeverCrossAccounts',
  claim: 'An operation that does not work across accounts never succeeds on a key of another account, whatever the policies say.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok || !KEY_OPERATIONS.has(t.event.call.op) || CROSS_ACCOUNT_OPERATIONS.has(t.event.call.op)) return [];
    const call: Call = t.event.call;
    const account = accountOfCaller(call.as);
    return keysOfCall(t.before, call)
      .filter((k) => k.account !== account)
      .map((k) => `${call.op} by ${call.as} succeeded on ${k.arn} of another account`);
  },
});

// Small worlds for the reach suites: the classic permission-changing paths of issue 5, each built by model/ calls, and
// the check every "yes" must pass (its path replays through model/ step and the goal's witness holds after it).
import { expect } from 'vitest';
import type { State } from '../../model/index.ts';
import { initialState, step } from '../../model/index.ts';
import type { ReachAnswer, ReachGoal } from '../../solver/index.ts';
import { requestAllowed } from '../../solver/index.ts';
import { allow } from '../kms/kms-world.ts';
import { A, accountStatement, KmsWorld, keyUsers, keyWith, policy, rootOf, userOf } from './world.ts';

export { A, KmsWorld, policy, rootOf, userOf };

export type Yes = Extract<ReachAnswer, { kind: 'yes' }>;

/** The management account of the reach worlds' organization; account A is its member. */
export const M = '222233334444';

/** A world of account A (a member of M's organization), where only the principals a test makes can act. */
export function worldA(): KmsWorld {
  const w = new KmsWorld({}, [A]);
  w.state = initialState({ accounts: [A, M] as never, organization: { management: M as never, members: [A as never] } });
  return w;
}

/**
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html — an SCP binds
 * every principal of a member account, its root user included: A's root user is locked out (after setting the world up),
 * so that the paths found are those of the principals the test is about.
 */
export function lockRoot(w: KmsWorld): State {
  const deny = policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:root` } } });
  const created = w.ok(rootOf(M), 'organizations:CreatePolicy', { Name: 'LockRoot', Type: 'SERVICE_CONTROL_POLICY', Content: deny }) as { Policy: { PolicySummary: { Id: string } } };
  w.ok(rootOf(M), 'organizations:AttachPolicy', { PolicyId: created.Policy.PolicySummary.Id, TargetId: A });
  return w.state;
}

export const identity = (...statements: object[]): string => policy(...statements);

/** A role in A with this trust policy and role policies. */
export function role(w: KmsWorld, name: string, trust: object[], ...policies: string[]): string {
  w.ok(rootOf(A), 'iam:CreateRole', { RoleName: name, AssumeRolePolicyDocument: policy(...trust) });
  policies.forEach((p, i) => w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: name, PolicyName: `p${i}`, PolicyDocument: p }));
  return `arn:aws:iam::${A}:role/${name}`;
}

/** Replay a reach path through model/ step (as the runner does) and return the state it leaves. */
export function replayPath(state: State, a: Yes): State {
  let s = state;
  for (const [i, p] of a.path.entries()) {
    const r = step(s, { as: p.as, op: p.call, input: p.input, env: p.context ?? {} });
    if (!r.outcome.ok) expect.fail(`path step ${i + 1} (${p.as} ${p.call}) fails: ${r.outcome.error.code}: ${r.outcome.error.message}`);
    s = r.state;
  }
  return s;
}

/** The answer is "yes" with a path of `steps` calls that replays, after which the witness (counting for the goal) holds. */
export function expectPath(state: State, goal: ReachGoal, a: ReachAnswer, steps: number): Yes {
  if (a.kind !== 'yes') expect.fail(`expected "yes", got ${JSON.stringify(a)}`);
  expect(a.path.length, JSON.stringify(a.path, null, 1)).toBe(steps);
  expect(a.steps).toBe(steps);
  expect(a.note).toBeUndefined();
  const after = replayPath(state, a);
  const verdict = requestAllowed(after, a.witness);
  expect(verdict.allowed, verdict.why).toBe(true);
  expect(a.witness.action).toBe(goal.action);
  expect(a.witness.resource).toBe(goal.resource);
  if (goal.byAnyoneExcept) expect(goal.byAnyoneExcept).not.toContain(a.witness.principal);
  return a;
}

export function expectNo(a: ReachAnswer, anyLength: boolean): void {
  if (a.kind !== 'no') expect.fail(`expected "no", got ${JSON.stringify(a)}`);
  expect(a.anyLength).toBe(anyLength);
}

// ---------------------------------------------------------------------------------------------------------------------
// The classic worlds (issue 5, "The classic paths are found")

export interface Classic {
  readonly name: string;
  readonly state: State;
  readonly goal: ReachGoal;
  /** The length of a shortest path, or undefined when none exists. */
  readonly steps: number | undefined;
}

/** A key user whose only permission is kms:CreateGrant grants himself Decrypt (KMS-DG grants). */
export function grantSelf(): Classic {
  const w = worldA();
  const grantor = w.user(A, 'grantor');
  const key = keyWith(w, keyUsers(grantor, 'kms:CreateGrant'));
  return { name: 'a key user with kms:CreateGrant grants himself Decrypt', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: grantor }, steps: 1 };
}

/** A key administrator (kms:PutKeyPolicy, no cryptographic action) rewrites the key policy. */
export function keyAdmin(): Classic {
  const w = worldA();
  const admin = w.user(A, 'admin');
  const key = keyWith(w, keyUsers(admin, ['kms:PutKeyPolicy', 'kms:DescribeKey']));
  return { name: 'a key administrator rewrites the key policy', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: admin }, steps: 1 };
}

/** A developer allowed iam:PutUserPolicy on himself, on a key whose policy delegates to IAM. */
export function putSelf(): Classic {
  const w = worldA();
  const dev = w.user(A, 'dev', identity(allow('iam:PutUserPolicy', userOf(A, 'dev'))));
  const key = keyWith(w, accountStatement(A));
  return { name: 'a user allowed iam:PutUserPolicy on himself uses the delegation to IAM', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: dev }, steps: 1 };
}

/** A developer allowed iam:AttachUserPolicy on himself attaches an AWS managed policy. */
export function attachSelf(): Classic {
  const w = worldA();
  const dev = w.user(A, 'dev', identity(allow('iam:AttachUserPolicy', userOf(A, 'dev'))));
  const key = keyWith(w, accountStatement(A));
  return { name: 'a user allowed iam:AttachUserPolicy on himself attaches a managed policy', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: dev }, steps: 1 };
}

/** Attaching is limited to the account's own policies (iam:PolicyARN): CreatePolicy, then AttachUserPolicy. */
export function createAndAttach(): Classic {
  const w = worldA();
  const own = { ArnLike: { 'iam:PolicyARN': `arn:aws:iam::${A}:policy/*` } };
  const dev = w.user(A, 'dev', identity(allow('iam:AttachUserPolicy', userOf(A, 'dev'), { Condition: own }), allow('iam:CreatePolicy')));
  const key = keyWith(w, accountStatement(A));
  return { name: 'a user creates a policy and attaches it to himself', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: dev }, steps: 2 };
}

/** A user allowed iam:AddUserToGroup on a group that can decrypt. */
export function joinGroup(): Classic {
  const w = worldA();
  const key = keyWith(w, accountStatement(A));
  w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'decryptors' });
  w.ok(rootOf(A), 'iam:PutGroupPolicy', { GroupName: 'decryptors', PolicyName: 'd', PolicyDocument: identity(allow('kms:Decrypt', key)) });
  const joiner = w.user(A, 'joiner', identity(allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/decryptors`)));
  return { name: 'a user adds himself to a group that can decrypt', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: joiner }, steps: 1 };
}

/** A user the trust policy names assumes a role that can decrypt. */
export function assumeReader(): Classic {
  const w = worldA();
  const key = keyWith(w, accountStatement(A));
  const assumer = w.user(A, 'assumer');
  role(w, 'reader', [{ Effect: 'Allow', Principal: { AWS: assumer }, Action: 'sts:AssumeRole' }], identity(allow('kms:Decrypt', key)));
  return { name: 'a principal assumes a role that can decrypt', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: assumer }, steps: 1 };
}

/** The role's trust policy names someone else; the user may rewrite it (iam:UpdateAssumeRolePolicy), then assume the role. */
export function rewriteTrust(): Classic {
  const w = worldA();
  const key = keyWith(w, accountStatement(A));
  const other = w.user(A, 'other');
  const roleArn = role(w, 'locked', [{ Effect: 'Allow', Principal: { AWS: other }, Action: 'sts:AssumeRole' }], identity(allow('kms:Decrypt', key)));
  const climber = w.user(A, 'climber', identity(allow('iam:UpdateAssumeRolePolicy', roleArn)));
  return { name: 'a principal rewrites a role\'s trust policy, then assumes it', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: climber }, steps: 2 };
}

/** The issuer may create grants only for `middle`; a grant carrying CreateGrant lets middle pass Decrypt on to `last`. */
export function chainedGrant(): Classic {
  const w = worldA();
  const issuer = w.user(A, 'issuer');
  const middle = w.user(A, 'middle');
  const last = w.user(A, 'last');
  const key = keyWith(w, keyUsers(issuer, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': middle } }));
  return { name: 'a grant that carries CreateGrant is chained', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: last }, steps: 2 };
}

/** An existing grant carrying CreateGrant and Decrypt: its grantee passes Decrypt on. */
export function existingChain(): Classic {
  const w = worldA();
  const middle = w.user(A, 'middle');
  const last = w.user(A, 'last');
  const key = keyWith(w, accountStatement(A));
  w.ok(rootOf(A), 'kms:CreateGrant', { KeyId: key, GranteePrincipal: middle, Operations: ['CreateGrant', 'Decrypt'] });
  w.advance({ minutes: 10 });
  // Nobody else may change permissions: the root user is excepted by acting only through the grant's holder.
  return { name: 'an existing grant that carries CreateGrant is chained', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: last }, steps: 1 };
}

/** A key pending deletion: CancelKeyDeletion (it is then Disabled) and EnableKey bring alice's access back. */
export function revive(): Classic {
  const w = worldA();
  const alice = w.user(A, 'alice');
  const admin = w.user(A, 'keeper');
  const key = keyWith(w, keyUsers(alice, 'kms:Decrypt'), keyUsers(admin, ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:EnableKey']));
  w.ok(admin, 'kms:ScheduleKeyDeletion', { KeyId: key, PendingWindowInDays: 7 });
  return { name: 'CancelKeyDeletion and EnableKey bring back access to a pending-deletion key', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, by: alice }, steps: 2 };
}

/** Nobody holds any permission-changing power that counts: the key policy names alice only, bob's IAM power does not count on it. */
export function powerless(): Classic {
  const w = worldA();
  const alice = w.user(A, 'alice');
  w.user(A, 'bob', identity(allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy'], userOf(A, 'bob'))));
  w.user(A, 'carol');
  const key = keyWith(w, keyUsers(alice, 'kms:Decrypt'));
  return { name: 'an account with no permission-changing power over the key', state: lockRoot(w), goal: { action: 'kms:Decrypt', resource: key, byAnyoneExcept: [alice] }, steps: undefined };
}

export const CLASSICS: readonly (() => Classic)[] = [
  grantSelf, keyAdmin, putSelf, attachSelf, createAndAttach, joinGroup, assumeReader, rewriteTrust, chainedGrant, existingChain, revive, powerless,
];

// ---------------------------------------------------------------------------------------------------------------------
// Random tiny worlds for the cross-checks (no conditions: the breadth-first search's fixed arguments are then exact)

/** The deterministic pseudo-random generator the benchmarks use (mulberry32), one copy for both. */
import { prng } from '../../bench/world.ts';
export { prng };

/**
 * A random world of account A: three users with some permission-changing powers, a group, a role, one key (enabled,
 * disabled or pending deletion) whose policy names some of them; A's root user locked out by an SCP (most worlds).
 * The goal: some user comes to decrypt, or anyone but those who already can.
 */
export function randomWorld(seed: number): Classic {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const w = worldA();
  const names = ['ann', 'ben', 'cid'];
  const users = names.map((n) => w.user(A, n));
  const group = `arn:aws:iam::${A}:group/team`;
  w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'team' });
  const trusted = pick([...users, rootOf(A)]);
  const roleArn = role(w, 'ops', [{ Effect: 'Allow', Principal: { AWS: trusted }, Action: 'sts:AssumeRole' }]);
  const keyStatements: object[] = [];
  if (chance(0.5)) keyStatements.push(accountStatement(A));
  for (const u of users) {
    if (chance(0.3)) keyStatements.push(keyUsers(u, pick([['kms:CreateGrant'], ['kms:PutKeyPolicy'], ['kms:Decrypt'], ['kms:EnableKey', 'kms:CancelKeyDeletion'], ['kms:CreateGrant', 'kms:Decrypt']])));
  }
  if (chance(0.3)) keyStatements.push(keyUsers(roleArn, pick([['kms:Decrypt'], ['kms:CreateGrant'], ['kms:PutKeyPolicy']])));
  keyStatements.push(keyUsers(rootOf(A), ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DescribeKey']));
  const key = keyWith(w, ...keyStatements);
  const powers = (self: string): object[] => [
    allow('iam:PutUserPolicy', self), allow('iam:PutUserPolicy', pick(users)), allow('iam:AttachUserPolicy', self), allow('iam:AddUserToGroup', group),
    allow('iam:PutGroupPolicy', group), allow('iam:UpdateAssumeRolePolicy', roleArn), allow('sts:AssumeRole', roleArn), allow('kms:Decrypt', key),
    allow('kms:CreateGrant', key), allow('kms:PutKeyPolicy', key), allow('iam:PutRolePolicy', roleArn), allow(['kms:EnableKey', 'kms:CancelKeyDeletion'], key),
  ];
  for (const n of names) {
    const own = powers(userOf(A, n)).filter(() => chance(0.15));
    if (own.length > 0) w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: n, PolicyName: 'own', PolicyDocument: identity(...own) });
  }
  if (chance(0.5)) w.ok(rootOf(A), 'iam:PutGroupPolicy', { GroupName: 'team', PolicyName: 'g', PolicyDocument: identity(pick([allow('kms:Decrypt', key), allow('iam:PutUserPolicy', '*'), allow('kms:CreateGrant', key)])) });
  if (chance(0.3)) w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'team', UserName: pick(names) });
  const rolePolicy = pick([allow('kms:Decrypt', key), allow('iam:PutUserPolicy', '*'), allow('kms:CreateGrant', key), allow('sts:AssumeRole', '*')]);
  w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: 'ops', PolicyName: 'r', PolicyDocument: identity(rolePolicy) });
  const state = pick(['Enabled', 'Enabled', 'Disabled', 'PendingDeletion']);
  if (state === 'Disabled') w.ok(rootOf(A), 'kms:DisableKey', { KeyId: key });
  if (state === 'PendingDeletion') w.ok(rootOf(A), 'kms:ScheduleKeyDeletion', { KeyId: key, PendingWindowInDays: 7 });
  const locked = chance(0.8) ? lockRoot(w) : w.state;
  const goal = chance(0.7) ? { action: 'kms:Decrypt', resource: key, by: pick(users) } : { action: 'kms:Decrypt', resource: key, byAnyoneExcept: users.filter(() => chance(0.5)) };
  return { name: `random world ${seed}`, state: locked, goal, steps: undefined };
}

// The cross-check of `reach` on tiny scopes: an explicit-state breadth-first search over model/ `step`, applying every
// permission-changing call (arguments from a fixed scope) in every state, and checking the goal concretely. No solver.
import type { Json, Key, State } from '../model/index.ts';
import { parsePrincipalArn, rootArn, sessionArn, step } from '../model/index.ts';
import type { RequestWitness } from './answers.ts';
import type { PathStep } from './reach-concrete.ts';
import { attachablePolicy, awsManagedPolicyArns, grantableOperations, tokensOf } from './reach-from-model.ts';
import type { ReachGoal } from './reach-world.ts';
import { REACH_CALLS } from './reach-world.ts';
import { GRANT_TOKENS_KEY, requestAllowed } from './replay.ts';
import { grantOperationOf } from './request.ts';

export interface BfsOptions {
  /** The call kinds applied (default: all of REACH_CALLS). */
  readonly calls?: readonly string[];
  /** Give up after this many distinct states (the answer is then incomplete). */
  readonly maxStates?: number;
}

export interface BfsResult {
  /** Did some sequence of at most maxSteps calls make the goal hold? */
  readonly reachable: boolean;
  /** The length of a shortest such sequence. */
  readonly steps?: number;
  readonly path?: readonly PathStep[];
  readonly witness?: RequestWitness;
  /** Distinct states explored. */
  readonly explored: number;
  /** False when the state budget ran out before the search was done (then "not reachable" proves nothing). */
  readonly complete: boolean;
}

/** An account no world of the cross-checks knows: the "unknown account" of the scope. */
export const EXTERNAL_ACCOUNT = '999999999999';

const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Bfs', Effect: 'Allow', Action: '*', Resource: '*' }] });
const NAME = 'KeywardBfs';

const liveSessions = (s: State) => Object.values(s.iam.sessions).filter((x) => x.expiresAt > s.now && s.iam.roles[x.roleArn] !== undefined);

/** Every principal the scope's policies and grants may name: known users, roles, roots, and the external account's root. */
function scopePrincipals(s: State): string[] {
  return [...s.accounts.map((a) => rootArn(a)), ...Object.keys(s.iam.users), ...Object.keys(s.iam.roles), rootArn(EXTERNAL_ACCOUNT)];
}

function statements(text: string, dropDenies: boolean): unknown[] {
  const st = (JSON.parse(text) as { Statement?: unknown }).Statement;
  const list = Array.isArray(st) ? st : st === undefined ? [] : [st];
  return list.filter((x) => !dropDenies || (x as { Effect?: unknown }).Effect !== 'Deny');
}

/** A key policy: the old one without its denies, and every scope principal allowed every KMS action. */
function openKeyPolicy(s: State, key: Key): string {
  const added = { Sid: NAME, Effect: 'Allow', Principal: { AWS: scopePrincipals(s) }, Action: 'kms:*', Resource: '*' };
  return JSON.stringify({ Version: '2012-10-17', Statement: [...statements(key.policy.text, true), added] });
}

function openTrustPolicy(s: State, text: string): string {
  const principals = scopePrincipals(s).filter((p) => !p.includes(EXTERNAL_ACCOUNT));
  const added = { Sid: NAME, Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' };
  return JSON.stringify({ Version: '2012-10-17', Statement: [...statements(text, true), added] });
}

type Input = { [k: string]: Json };

/** Every call of the scope in state `s`. */
function callsIn(s: State, goal: ReachGoal, kinds: ReadonlySet<string>): PathStep[] {
  const out: PathStep[] = [];
  const actors = [...s.accounts.map((a) => rootArn(a)), ...Object.keys(s.iam.users), ...liveSessions(s).map((x) => x.arn)];
  const add = (as: string, call: string, input: Input): void => {
    if (kinds.has(call)) out.push({ as, call, input });
  };
  const goalOp = grantOperationOf(goal.action === 's3:GetObject' ? 'kms:Decrypt' : goal.action);
  for (const as of actors) {
    const account = parsePrincipalArn(as)!.account;
    const users = Object.values(s.iam.users).filter((u) => u.account === account);
    const groups = Object.values(s.iam.groups).filter((g) => g.account === account);
    const roles = Object.values(s.iam.roles).filter((r) => r.account === account);
    const policies = [...awsManagedPolicyArns(), ...Object.keys(s.iam.policies)].filter((p) => attachablePolicy(s, account, p));
    const entities = [...users.map((e) => ['User', e] as const), ...groups.map((e) => ['Group', e] as const), ...roles.map((e) => ['Role', e] as const)];
    for (const [kind, e] of entities) {
      add(as, `iam:Put${kind}Policy`, { [`${kind}Name`]: e.name, PolicyName: NAME, PolicyDocument: ALLOW_ALL });
      for (const p of policies) if (!e.attachedPolicies.includes(p as never)) add(as, `iam:Attach${kind}Policy`, { [`${kind}Name`]: e.name, PolicyArn: p });
      if (kind !== 'Group' && 'boundary' in e && e.boundary !== undefined) add(as, `iam:Delete${kind}PermissionsBoundary`, { [`${kind}Name`]: e.name });
    }
    add(as, 'iam:CreatePolicy', { PolicyName: NAME, PolicyDocument: ALLOW_ALL });
    for (const g of groups) for (const u of users) if (!g.members.includes(u.name)) add(as, 'iam:AddUserToGroup', { GroupName: g.name, UserName: u.name });
    for (const r of roles) add(as, 'iam:UpdateAssumeRolePolicy', { RoleName: r.name, PolicyDocument: openTrustPolicy(s, r.trustPolicy.text) });
    const sessionName = `bfs${actors.indexOf(as)}`;
    if (!as.endsWith(':root')) for (const r of Object.values(s.iam.roles)) add(as, 'sts:AssumeRole', { RoleArn: r.arn, RoleSessionName: sessionName });
    for (const key of Object.values(s.kms.keys)) {
      if (key.account === account) {
        add(as, 'kms:PutKeyPolicy', { KeyId: key.arn, Policy: openKeyPolicy(s, key) });
        add(as, 'kms:EnableKey', { KeyId: key.arn });
        add(as, 'kms:CancelKeyDeletion', { KeyId: key.arn });
      }
      const grantable = grantableOperations(key.keySpec, key.keyUsage);
      const opSets = [...new Set([JSON.stringify(['CreateGrant']), ...(goalOp ? [JSON.stringify([goalOp]), JSON.stringify([goalOp, 'CreateGrant'])] : [])])]
        .map((x) => JSON.parse(x) as string[])
        .filter((ops) => ops.every((op) => (grantable as readonly string[]).includes(op)));
      const pending = Object.values(key.grants).filter((g) => g.visibleAt > s.now).flatMap(tokensOf);
      const grantees = [...scopePrincipals(s), ...liveSessions(s).map((x) => x.arn)];
      for (const grantee of grantees) {
        for (const ops of opSets) add(as, 'kms:CreateGrant', { KeyId: key.arn, GranteePrincipal: grantee, Operations: ops, ...(pending.length > 0 ? { GrantTokens: pending.slice(-10) } : {}) });
      }
    }
  }
  return out;
}

/** What matters of a state for reachability (ids and clocks left out): two states with the same key are the same. */
function canonical(s: State): string {
  const policies = (r: Readonly<Record<string, { text: string }>>) => Object.entries(r).map(([n, p]) => `${n}=${p.text}`).sort();
  return JSON.stringify([
    Object.values(s.iam.users).map((u) => [u.arn, policies(u.inlinePolicies), [...u.attachedPolicies].sort(), u.boundary ?? '']).sort(),
    Object.values(s.iam.groups).map((g) => [g.arn, [...g.members].sort(), policies(g.inlinePolicies), [...g.attachedPolicies].sort()]).sort(),
    Object.values(s.iam.roles).map((r) => [r.arn, r.trustPolicy.text, policies(r.inlinePolicies), [...r.attachedPolicies].sort(), r.boundary ?? '']).sort(),
    Object.values(s.iam.policies).map((p) => `${p.arn}=${p.policy.text}`).sort(),
    liveSessions(s).map((x) => `${x.arn}<${x.assumedBy}`).sort(),
    Object.values(s.kms.keys).map((k) => [k.keyId, k.state, k.policy.text, Object.values(k.grants).map((g) => `${g.granteePrincipal}|${[...g.operations].sort().join(',')}|${JSON.stringify(g.constraints ?? null)}`).sort()]).sort(),
  ]);
}

/** The sessions a `by` goal counts in `s`: created since `initial` by `by`, or by a session that counts. */
function chainSessions(initial: State, s: State, by: string): string[] {
  const created = liveSessions(s).filter((x) => initial.iam.sessions[x.arn] === undefined);
  const counts = (arn: string, seen: Set<string>): boolean => {
    if (arn === by) return true;
    if (seen.has(arn)) return false;
    const x = created.find((c) => c.arn === arn);
    return x !== undefined && counts(x.assumedBy, new Set([...seen, arn]));
  };
  return created.filter((x) => counts(x.arn, new Set())).map((x) => x.arn);
}

/** The principals whose request the goal check tries: SCENARIOS.md §3 "Who acts and who counts", concretely. */
function goalCandidates(initial: State, s: State, goal: ReachGoal): string[] {
  if (goal.by !== undefined) {
    const role = s.iam.roles[goal.by];
    return [role ? sessionArn(role.account, role.name, 'keyward-bfs-goal') : goal.by, ...chainSessions(initial, s, goal.by)];
  }
  const candidates = [
    ...s.accounts.map((a) => rootArn(a)), ...Object.keys(s.iam.users), ...liveSessions(s).map((x) => x.arn),
    ...Object.values(s.iam.roles).map((r) => sessionArn(r.account, r.name, 'keyward-bfs-goal')),
    rootArn(EXTERNAL_ACCOUNT), `arn:aws:iam::${EXTERNAL_ACCOUNT}:user/keyward-bfs`, 'anonymous',
  ];
  const except = goal.byAnyoneExcept ?? [];
  return candidates.filter((p) => !except.includes(p) && !except.some((e) => s.iam.roles[e] && p.startsWith(`arn:aws:sts::${s.iam.roles[e]!.account}:assumed-role/${s.iam.roles[e]!.name}/`)));
}

/** The goal holds in `s` (a plain request, the pending grants' tokens passed): a request that model/ allows, or none. */
function goalHolds(initial: State, s: State, goal: ReachGoal): RequestWitness | undefined {
  const key = Object.values(s.kms.keys).find((k) => k.arn === goal.resource || k.keyId === goal.resource);
  const tokens = key ? Object.values(key.grants).filter((g) => g.visibleAt > s.now).flatMap(tokensOf) : [];
  for (const principal of goalCandidates(initial, s, goal)) {
    const w: RequestWitness = { principal, action: goal.action, resource: goal.resource, context: tokens.length > 0 ? { [GRANT_TOKENS_KEY]: tokens } : {} };
    if (requestAllowed(s, w).allowed) return w;
  }
  return undefined;
}

/**
 * Breadth-first over the states the scope's calls reach, up to `maxSteps` calls: the first state (in breadth-first
 * order) where the goal holds gives the length of a shortest path. Exact for worlds without conditions the scope's
 * fixed arguments cannot meet (the cross-check worlds have none).
 */
export function bfsReach(state: State, goal: ReachGoal, maxSteps: number, options: BfsOptions = {}): BfsResult {
  const kinds = new Set(options.calls ?? REACH_CALLS);
  const maxStates = options.maxStates ?? 20_000;
  const seen = new Set<string>([canonical(state)]);
  let layer: { state: State; path: PathStep[] }[] = [{ state, path: [] }];
  for (let depth = 0; depth <= maxSteps; depth++) {
    const next: { state: State; path: PathStep[] }[] = [];
    for (const node of layer) {
      const witness = goalHolds(state, node.state, goal);
      if (witness) return { reachable: true, steps: depth, path: node.path, witness, explored: seen.size, complete: true };
      if (depth === maxSteps) continue;
      for (const call of callsIn(node.state, goal, kinds)) {
        const r = step(node.state, { as: call.as, op: call.call, input: call.input });
        if (!r.outcome.ok) continue;
        const key = canonical(r.state);
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > maxStates) return { reachable: false, explored: seen.size, complete: false };
        next.push({ state: r.state, path: [...node.path, call] });
      }
    }
    layer = next;
  }
  return { reachable: false, explored: seen.size, complete: true };
}

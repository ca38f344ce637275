// Benchmark of `reach` (issue 5): time to answer for maxSteps 1..5 on generated worlds of 10, 50 and 200 principals,
// each with a planted four-call path (AssumeRole, UpdateAssumeRolePolicy, AssumeRole, PutRolePolicy) among noise.
// Run: `node bin/run-ts.js bench/reach.ts [sizes...]` (default 10 50 200).
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { State } from '../model/index.ts';
import { initialState, step } from '../model/index.ts';
import type { ReachAnswer, ReachGoal } from '../solver/index.ts';
import { reach, shutdownZ3 } from '../solver/index.ts';
import { prng } from './world.ts';

const A = '111122223333';
const M = '222233334444';
const ROOT_A = `arn:aws:iam::${A}:root`;

const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[]): object => ({ Effect: 'Allow', Action: action, Resource: resource });

/** A world built by model/ calls; every call must succeed. */
class Builder {
  state: State = initialState({ accounts: [A, M] as never, organization: { management: M as never, members: [A as never] } });

  call(as: string, op: string, input: object): Record<string, unknown> {
    const r = step(this.state, { as, op, input });
    if (!r.outcome.ok) throw new Error(`bench world: ${op} as ${as} failed: ${r.outcome.error.code}: ${r.outcome.error.message}`);
    this.state = r.state;
    return r.outcome.output;
  }
}

export interface ReachWorld {
  readonly state: State;
  readonly goal: ReachGoal;
  readonly principals: number;
}

/**
 * A world of `n` principals in account A (90% users, 10% roles; a group per 10 users; five keys), A's root user locked
 * out by an SCP. The planted path: `alice` may assume role `entry`, whose policy lets it rewrite role `vault`'s trust
 * policy and assume it; `vault` may write its own policies; the goal: alice (through her sessions) decrypts key k0,
 * whose policy delegates to IAM. Noise: the other users (n*) and roles (r*) hold random permission-changing powers over
 * each other, the groups and the other keys, all within a permissions boundary that keeps them off the planted path
 * (so that the planted path, four calls, stays the shortest).
 */
export function reachWorld(n: number, seed = 7): ReachWorld {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const b = new Builder();
  const roles = Math.max(2, Math.round(n / 10));
  const userNames = ['alice', ...Array.from({ length: n - roles - 1 }, (_, i) => `n${i}`)];
  const noiseUsers = userNames.slice(1);
  const userArn = (name: string): string => `arn:aws:iam::${A}:user/${name}`;
  const roleArn = (name: string): string => `arn:aws:iam::${A}:role/${name}`;
  const groups = Array.from({ length: Math.max(1, Math.round(userNames.length / 10)) }, (_, i) => `g${i}`);
  const noiseRoles = Array.from({ length: roles - 2 }, (_, i) => `r${i}`);
  const start = userArn('alice');

  const accountStatement = { Sid: 'iam', Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' };
  const key = (statements: object[]): string => {
    const out = b.call(ROOT_A, 'kms:CreateKey', { Policy: doc(...statements), BypassPolicyLockoutSafetyCheck: true }) as { KeyMetadata: { Arn: string } };
    return out.KeyMetadata.Arn;
  };
  const k0 = key([accountStatement]);
  const others = [key([accountStatement]), key([accountStatement]), key([accountStatement]), key([accountStatement])];
  const boundary = doc(
    allow('kms:*', others),
    allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:AddUserToGroup', 'iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], [
      `arn:aws:iam::${A}:user/n*`, `arn:aws:iam::${A}:group/*`, `arn:aws:iam::${A}:role/r*`,
    ]),
  );
  const boundaryArn = (b.call(ROOT_A, 'iam:CreatePolicy', { PolicyName: 'NoiseBoundary', PolicyDocument: boundary }) as { Policy: { Arn: string } }).Policy.Arn;
  for (const name of userNames) b.call(ROOT_A, 'iam:CreateUser', { UserName: name, ...(name === 'alice' ? {} : { PermissionsBoundary: boundaryArn }) });
  for (const g of groups) b.call(ROOT_A, 'iam:CreateGroup', { GroupName: g });
  const trust = (principal: string): string => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
  b.call(ROOT_A, 'iam:CreateRole', { RoleName: 'entry', AssumeRolePolicyDocument: trust(start) });
  // The vault trusts only the management account's root user, which can assume no role (roots cannot).
  b.call(ROOT_A, 'iam:CreateRole', { RoleName: 'vault', AssumeRolePolicyDocument: trust(`arn:aws:iam::${M}:root`) });
  for (const r of noiseRoles) b.call(ROOT_A, 'iam:CreateRole', { RoleName: r, AssumeRolePolicyDocument: trust(userArn(pick(noiseUsers))), PermissionsBoundary: boundaryArn });

  // The planted path's permissions.
  b.call(ROOT_A, 'iam:PutRolePolicy', { RoleName: 'entry', PolicyName: 'p', PolicyDocument: doc(allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], roleArn('vault'))) });
  b.call(ROOT_A, 'iam:PutRolePolicy', { RoleName: 'vault', PolicyName: 'p', PolicyDocument: doc(allow('iam:PutRolePolicy', roleArn('vault'))) });

  // Noise: powers over the other users, groups, roles and keys.
  const powers = (self: string): object[] => [
    allow('iam:PutUserPolicy', self), allow('iam:PutUserPolicy', userArn(pick(noiseUsers))), allow('iam:AttachUserPolicy', self),
    allow('iam:AddUserToGroup', `arn:aws:iam::${A}:group/${pick(groups)}`), allow('kms:CreateGrant', pick(others)), allow('kms:PutKeyPolicy', pick(others)),
    ...(noiseRoles.length > 0 ? [allow('sts:AssumeRole', roleArn(pick(noiseRoles))), allow('iam:UpdateAssumeRolePolicy', roleArn(pick(noiseRoles)))] : []),
    allow('kms:Decrypt', pick(others)),
  ];
  for (const name of noiseUsers) {
    const own = powers(userArn(name)).filter(() => rand() < 0.15);
    if (own.length > 0) b.call(ROOT_A, 'iam:PutUserPolicy', { UserName: name, PolicyName: 'own', PolicyDocument: doc(...own) });
    if (rand() < 0.3) b.call(ROOT_A, 'iam:AddUserToGroup', { GroupName: pick(groups), UserName: name });
  }
  for (const g of groups) if (rand() < 0.5) b.call(ROOT_A, 'iam:PutGroupPolicy', { GroupName: g, PolicyName: 'g', PolicyDocument: doc(allow('kms:Decrypt', pick(others))) });
  for (const r of noiseRoles) b.call(ROOT_A, 'iam:PutRolePolicy', { RoleName: r, PolicyName: 'p', PolicyDocument: doc(pick([allow('kms:Decrypt', pick(others)), allow('iam:PutUserPolicy', userArn(pick(noiseUsers)))])) });

  const lock = doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': ROOT_A } } });
  const scp = b.call(`arn:aws:iam::${M}:root`, 'organizations:CreatePolicy', { Name: 'LockRoot', Type: 'SERVICE_CONTROL_POLICY', Content: lock }) as { Policy: { PolicySummary: { Id: string } } };
  b.call(`arn:aws:iam::${M}:root`, 'organizations:AttachPolicy', { PolicyId: scp.Policy.PolicySummary.Id, TargetId: A });
  return { state: b.state, goal: { action: 'kms:Decrypt', resource: k0, by: start }, principals: n };
}

const describe = (a: ReachAnswer): string => {
  switch (a.kind) {
    case 'yes':
      return `yes in ${a.steps}`;
    case 'no':
      return a.anyLength ? 'no (any length)' : 'no';
    default:
      return `${a.kind}: ${a.reason.slice(0, 80)}`;
  }
};

/** Time every (world size, maxSteps) pair; print a table and how time grows with the bound and the world. */
export async function benchReach(sizes: readonly number[] = [10, 50, 200], bounds: readonly number[] = [1, 2, 3, 4, 5]): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  console.log('reach (kms:Decrypt by alice, planted path of 4 calls): seconds per question');
  console.log(`  ${'principals'.padEnd(11)}${'moves'.padEnd(8)}${bounds.map((k) => `maxSteps ${k}`.padEnd(22)).join('')}`);
  for (const n of sizes) {
    const w = reachWorld(n);
    const cells: string[] = [];
    let moves = 0;
    for (const k of bounds) {
      const t0 = performance.now();
      const a = await reach(w.state, w.goal, k, { timeoutMs: 120_000, timeLimitMs: 180_000 });
      const s = (performance.now() - t0) / 1000;
      times.set(`${n}/${k}`, s);
      if (a.kind === 'yes' || a.kind === 'no') moves = a.stats?.moves ?? moves;
      cells.push(`${s.toFixed(2)}s ${describe(a)}`.padEnd(22));
    }
    console.log(`  ${String(n).padEnd(11)}${String(moves).padEnd(8)}${cells.join('')}`);
  }
  for (const k of bounds) {
    const row = sizes.map((n) => times.get(`${n}/${k}`) ?? 0);
    const growth = row.slice(1).map((t, i) => `×${(t / Math.max(row[i]!, 1e-3)).toFixed(1)}`).join(', ');
    console.log(`  maxSteps ${k}: growth with the world (${sizes.join(' → ')} principals): ${growth}`);
  }
  const target = times.get('50/4');
  if (target !== undefined) console.log(`  target (maxSteps 4, 50 principals, < 10 s): ${target.toFixed(2)} s — ${target < 10 ? 'met' : 'NOT met'}`);
  return times;
}

// `node bin/run-ts.js bench/reach.ts [sizes...]`, e.g. `... bench/reach.ts 10 50` (default: 10 50 200).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n >= 3);
  await benchReach(sizes.length > 0 ? sizes : undefined);
  await shutdownZ3();
  // A Z3 worker that outlives killThreads must not keep the benchmark from exiting (as bench/solver.ts).
  setTimeout(() => process.exit(), 200).unref();
}

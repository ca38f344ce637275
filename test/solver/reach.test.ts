// reach (SCENARIOS.md §3, issue 5): the classic permission-changing paths are found as shortest paths that replay
// through model/, and the unreachable cases are proved (no path of any length).
import { afterAll, describe, expect, it } from 'vitest';
import { reach, shutdownZ3 } from '../../solver/index.ts';
import { allow } from '../kms/kms-world.ts';
import type { Classic } from './reach-world.ts';
import {
  A, assumeReader, attachSelf, chainedGrant, createAndAttach, existingChain, expectNo, expectPath, grantSelf, identity, joinGroup, keyAdmin,
  lockRoot, powerless, putSelf, revive, rewriteTrust, role, rootOf, userOf, worldA,
} from './reach-world.ts';
import { accountStatement, keyUsers, keyWith } from './world.ts';

afterAll(shutdownZ3);

const solve = (c: Classic, maxSteps = 3) => reach(c.state, c.goal, maxSteps);

describe('reach: the classic paths are found, shortest, and replay through model/', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html — kms:CreateGrant from a key policy
  // "may create grants for any grant operation", even ones its holder cannot perform.
  it('a key user with kms:CreateGrant grants himself Decrypt', async () => {
    const c = grantSelf();
    const a = expectPath(c.state, c.goal, await solve(c), 1);
    expect(a.path[0]).toMatchObject({ as: c.goal.by, call: 'kms:CreateGrant', input: { GranteePrincipal: c.goal.by, Operations: ['Decrypt'] } });
    expect(a.witness.principal).toBe(c.goal.by);
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html — the new policy replaces the old one; the
  // lockout safety check passes because the rewritten policy keeps the administrator's statement.
  it('a key administrator rewrites the key policy', async () => {
    const c = keyAdmin();
    const a = expectPath(c.state, c.goal, await solve(c), 1);
    expect(a.path[0]).toMatchObject({ as: c.goal.by, call: 'kms:PutKeyPolicy' });
    const written = JSON.parse(String(a.path[0]!.input['Policy'])) as { Statement: { Principal?: { AWS: unknown }; Action: unknown }[] };
    expect(written.Statement.at(-1)).toMatchObject({ Principal: { AWS: c.goal.by }, Action: 'kms:Decrypt' });
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam —
  // the account-principal statement lets IAM policies allow access to the key.
  it('a user allowed iam:PutUserPolicy on himself uses the key policy\'s delegation to IAM', async () => {
    const c = putSelf();
    const a = expectPath(c.state, c.goal, await solve(c), 1);
    expect(a.path[0]).toMatchObject({ as: c.goal.by, call: 'iam:PutUserPolicy', input: { UserName: 'dev' } });
    // The policy it writes allows exactly what the goal needs.
    expect(JSON.parse(String(a.path[0]!.input['PolicyDocument']))).toMatchObject({ Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: c.goal.resource }] });
  });

  it('a user allowed iam:AttachUserPolicy on himself attaches a managed policy that allows Decrypt', async () => {
    const c = attachSelf();
    const a = expectPath(c.state, c.goal, await solve(c), 1);
    expect(a.path[0]).toMatchObject({ as: c.goal.by, call: 'iam:AttachUserPolicy', input: { UserName: 'dev' } });
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN — iam:PolicyARN
  // limits which policies may be attached; the user's own new policy is one of them.
  it('iam:CreatePolicy and then iam:AttachUserPolicy when only the account\'s own policies may be attached', async () => {
    const c = createAndAttach();
    const a = expectPath(c.state, c.goal, await solve(c), 2);
    expect(a.path.map((p) => p.call)).toEqual(['iam:CreatePolicy', 'iam:AttachUserPolicy']);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html — a member gets the group's policies.
  it('a user adds himself to a group that can decrypt', async () => {
    const c = joinGroup();
    const a = expectPath(c.state, c.goal, await solve(c), 1);
    expect(a.path[0]).toMatchObject({ as: c.goal.by, call: 'iam:AddUserToGroup', input: { GroupName: 'decryptors', UserName: 'joiner' } });
  });

  // SCENARIOS.md §3 "Who acts and who counts": a `by` goal holds for a session its principal created on the path.
  it('a principal assumes a role that can decrypt (the session counts for the goal\'s principal)', async () => {
    const c = assumeReader();
    const a = expectPath(c.state, c.goal, await solve(c), 1);
    expect(a.path[0]).toMatchObject({ as: c.goal.by, call: 'sts:AssumeRole', input: { RoleArn: `arn:aws:iam::${A}:role/reader` } });
    expect(a.witness.principal).toMatch(new RegExp(`^arn:aws:sts::${A}:assumed-role/reader/`));
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html — later AssumeRole calls see the new trust policy.
  it('a principal rewrites a role\'s trust policy, then assumes the role', async () => {
    const c = rewriteTrust();
    const a = expectPath(c.state, c.goal, await solve(c), 2);
    expect(a.path.map((p) => p.call)).toEqual(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole']);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — a grantee with
  // CreateGrant from a grant can delegate only the operations of that grant (so the first grant carries Decrypt too).
  it('a grant that carries CreateGrant is chained (the first grant carries Decrypt as well)', async () => {
    const c = chainedGrant();
    const a = expectPath(c.state, c.goal, await solve(c), 2);
    expect(a.path.map((p) => p.call)).toEqual(['kms:CreateGrant', 'kms:CreateGrant']);
    expect([...(a.path[0]!.input['Operations'] as string[])].sort()).toEqual(['CreateGrant', 'Decrypt']);
    expect(a.path[1]!.input).toMatchObject({ GranteePrincipal: c.goal.by, Operations: ['Decrypt'] });
  });

  it('an existing grant that carries CreateGrant and Decrypt is passed on in one call', async () => {
    const c = existingChain();
    expectPath(c.state, c.goal, await solve(c), 1);
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html — "the key state of the KMS key is
  // Disabled"; https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — a disabled key decrypts for nobody.
  it('CancelKeyDeletion and then EnableKey bring back access to a pending-deletion key', async () => {
    const c = revive();
    const a = expectPath(c.state, c.goal, await solve(c), 2);
    expect(a.path.map((p) => p.call)).toEqual(['kms:CancelKeyDeletion', 'kms:EnableKey']);
    expectNo(await reach(c.state, c.goal, 1), false);
  });
});

describe('reach: unreachable goals are proved', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html — without the account-principal statement,
  // IAM policies give no access to the key, so IAM power (bob's) does not count.
  it('an account with no permission-changing power over the key gives "no", for any length', async () => {
    const c = powerless();
    expectNo(await solve(c, 4), true);
  });

  it('"no" within the bound, but not for any length, when the path is longer than maxSteps', async () => {
    const c = rewriteTrust();
    expectNo(await reach(c.state, c.goal, 1), false);
  });
});

describe('reach: who counts (SCENARIOS.md §3)', () => {
  it('a goal that already holds answers "yes" with an empty path', async () => {
    const w = worldA();
    const alice = w.user(A, 'alice');
    const key = keyWith(w, keyUsers(alice, 'kms:Decrypt'));
    expectPath(w.state, { action: 'kms:Decrypt', resource: key, by: alice }, await reach(w.state, { action: 'kms:Decrypt', resource: key, by: alice }, 2), 0);
  });

  it('byAnyoneExcept: a role counts when a session of it could (no AssumeRole needed); excepting the role rules it out', async () => {
    const w = worldA();
    const key = keyWith(w, accountStatement(A));
    const alice = w.user(A, 'alice');
    const roleArn = role(w, 'reader', [{ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole' }], identity(allow('kms:Decrypt', key)));
    const goal = { action: 'kms:Decrypt', resource: key, byAnyoneExcept: [rootOf(A)] };
    expectPath(w.state, goal, await reach(w.state, goal, 2), 0);
    // Without the role and the root user, someone must act: the root user (by the account statement) can give anyone access.
    const other = { ...goal, byAnyoneExcept: [rootOf(A), roleArn] };
    expectPath(w.state, other, await reach(w.state, other, 2), 1);
  });

  it('a `by` goal does not count other principals, even when they could be given access', async () => {
    const w = worldA();
    const alice = w.user(A, 'alice');
    const bob = w.user(A, 'bob');
    const key = keyWith(w, keyUsers(alice, ['kms:CreateGrant', 'kms:Decrypt']));
    // alice can give bob Decrypt in one call; bob himself can do nothing.
    expectPath(w.state, { action: 'kms:Decrypt', resource: key, by: bob }, await reach(w.state, { action: 'kms:Decrypt', resource: key, by: bob }, 2), 1);
    const carol = w.user(A, 'carol');
    const noGrants = keyWith(w, keyUsers(alice, 'kms:Decrypt'));
    expectNo(await reach(w.state, { action: 'kms:Decrypt', resource: noGrants, by: carol }, 3), true);
  });

  it('a caller-chosen condition on the permission-changing call becomes the path step\'s context', async () => {
    const w = worldA();
    const key = keyWith(w, accountStatement(A));
    const office = { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } };
    const dev = w.user(A, 'dev', identity(allow('iam:PutUserPolicy', userOf(A, 'dev'), { Condition: office })));
    const goal = { action: 'kms:Decrypt', resource: key, by: dev };
    const state = lockRoot(w);
    const a = expectPath(state, goal, await reach(state, goal, 1), 1);
    expect(a.path[0]!.context?.['aws:SourceIp']).toMatch(/^203\.0\.113\./);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — reading an SSE-KMS object needs
  // s3:GetObject and kms:Decrypt on its key; the path writes a policy that allows both.
  it('s3:GetObject of an SSE-KMS object: the user writes himself a policy allowing s3:GetObject and kms:Decrypt', async () => {
    const w = worldA();
    const key = keyWith(w, accountStatement(A));
    const reader = w.user(A, 'reader', identity(allow('iam:PutUserPolicy', userOf(A, 'reader'))));
    w.ok(rootOf(A), 's3:CreateBucket', { Bucket: 'vault-bucket' });
    w.ok(rootOf(A), 's3:PutObject', { Bucket: 'vault-bucket', Key: 'secret.txt', Body: 'top secret', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
    const state = lockRoot(w);
    const goal = { action: 's3:GetObject', resource: 'arn:aws:s3:::vault-bucket/secret.txt', by: reader };
    const a = expectPath(state, goal, await reach(state, goal, 2), 1);
    const written = JSON.parse(String(a.path[0]!.input['PolicyDocument'])) as { Statement: { Action: string[] }[] };
    expect([...written.Statement[0]!.Action].sort()).toEqual(['kms:Decrypt', 's3:GetObject']);
  });

  // DESIGN.md: "a timeout is unknown, never no".
  it('a time limit too small gives "unknown", never "no"', async () => {
    const c = rewriteTrust();
    expect((await reach(c.state, c.goal, 3, { timeoutMs: 1 })).kind).toBe('unknown');
  });
});

// whoCan over small hand-built worlds: the exact set of known principals, unknown principals, witnesses replayed.
import { afterAll, describe, expect, it } from 'vitest';
import { initialState } from '../../model/index.ts';
import { shutdownZ3, whoCan } from '../../solver/index.ts';
import { A, accountStatement, B, EXTERNAL, expectWhoCan, keyUsers, keyWith, KmsWorld, policy, ROOT_A, userOf } from './world.ts';

afterAll(shutdownZ3);

describe('whoCan kms:Decrypt', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html — the account principal statement
  // delegates to IAM (the root user holds every permission of its account); a key-users statement names users directly.
  it('lists the root user (account statement) and a named key user, not a user without any allow', async () => {
    const w = new KmsWorld();
    const james = w.user(A, 'James');
    w.user(A, 'Johnny');
    const key = keyWith(w, accountStatement(A), keyUsers(james, ['kms:Decrypt', 'kms:Encrypt']));
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [ROOT_A, james], false);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context — the
  // caller chooses the encryption context; a condition on it is met by some request unless it contradicts itself.
  it('a user counts when some encryption context meets the conditions, not when none can', async () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const bob = w.user(A, 'bob');
    const carol = w.user(A, 'carol');
    const key = keyWith(
      w,
      keyUsers(alice, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } }),
      keyUsers(bob, 'kms:Decrypt', { StringLike: { 'kms:EncryptionContext:project': 'proj-*' }, StringNotEquals: { 'kms:EncryptionContext:project': ['proj-a', 'proj-b'] } }),
      keyUsers(carol, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:team': 'x' }, StringLike: { 'kms:EncryptionContext:team': 'y*' } }),
    );
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [alice, bob], false);
    if (answer.kind !== 'whoCan') return;
    const bobs = answer.witnesses.find((x) => x.principal === bob)!;
    const project = bobs.context['kms:EncryptionContext:project'] as string;
    expect(project.startsWith('proj-') && project !== 'proj-a' && project !== 'proj-b').toBe(true);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service — a key limited
  // to use through a service is still usable: the caller may go through that service.
  it('kms:ViaService and aws:SourceVpce conditions are the caller\'s to meet', async () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const key = keyWith(w, keyUsers(alice, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'aws:SourceVpce': 'vpce-1a2b' } }));
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [alice], false);
    if (answer.kind === 'whoCan') expect(answer.witnesses[0]!.context).toMatchObject({ 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'aws:SourceVpce': 'vpce-1a2b' });
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — Decrypt fails in every state but Enabled
  // (and Updating): "a pending-deletion key decrypts for nobody"; DescribeKey works in every state.
  it('a disabled key decrypts for nobody, yet can still be described', async () => {
    const w = new KmsWorld();
    const key = keyWith(w, accountStatement(A));
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key });
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [], false);
    expectWhoCan(w.state, await whoCan(w.state, 'kms:DescribeKey', key), [ROOT_A], false);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — a deleted key is gone for good.
  it('a deleted key gives nobody anything; a resource naming no key is "unknown", not "nobody"', async () => {
    const w = new KmsWorld();
    const key = keyWith(w, accountStatement(A));
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key, PendingWindowInDays: 7 });
    w.advance({ days: 8 });
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [], false);
    expect((await whoCan(w.state, 'kms:Decrypt', `arn:aws:kms:us-east-1:${A}:alias/nothing`)).kind).toBe('unknown');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — a grant is an allow source of its own; its
  // EncryptionContextEquals constraint lets through requests with exactly that context.
  it('a grantee counts, through a request with exactly the constrained encryption context', async () => {
    const w = new KmsWorld();
    const grantee = w.user(A, 'grantee');
    const key = keyWith(w, accountStatement(A));
    w.ok(ROOT_A, 'kms:CreateGrant', { KeyId: key, GranteePrincipal: grantee, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { Dept: 'IT' } } });
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [ROOT_A, grantee], false);
    if (answer.kind === 'whoCan') {
      const ctx = answer.witnesses.find((x) => x.principal === grantee)!.context;
      // Constraint keys compare case-insensitively (KMS-API GrantConstraints; config.grantConstraintKeysCaseInsensitive).
      const pairs = Object.entries(ctx).filter(([k]) => k.startsWith('kms:EncryptionContext:'));
      expect(pairs.map(([k, v]) => [k.toLowerCase(), v])).toEqual([['kms:encryptioncontext:dept', 'IT']]);
    }
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grant-manage.html#using-grant-token — a grant not yet known
  // throughout KMS is usable at once with its grant token, which the caller may pass.
  it('a grant that has not propagated counts, through a request carrying its token', async () => {
    const w = new KmsWorld({ grantPropagationSeconds: 300 });
    const grantee = w.user(A, 'grantee');
    const key = keyWith(w, accountStatement(A));
    const token = (w.ok(ROOT_A, 'kms:CreateGrant', { KeyId: key, GranteePrincipal: grantee, Operations: ['Decrypt'] }) as { GrantToken: string }).GrantToken;
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [ROOT_A, grantee], false);
    if (answer.kind === 'whoCan') expect(answer.witnesses.find((x) => x.principal === grantee)!.context['kms:GrantTokens']).toEqual([token]);
  });

  // SCENARIOS.md "Who acts and who counts": a role counts when a session of it could. A key policy may name one
  // session ARN: the role counts, through a session of that name.
  it('a role counts through a session the key policy names, with that session name', async () => {
    const w = new KmsWorld();
    w.ok(ROOT_A, 'iam:CreateRole', { RoleName: 'Reader', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' }) });
    const role = `arn:aws:iam::${A}:role/Reader`;
    const key = keyWith(w, keyUsers(`arn:aws:sts::${A}:assumed-role/Reader/night-batch`, 'kms:Decrypt'));
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [role], false);
    if (answer.kind === 'whoCan') expect(answer.witnesses[0]!.principal).toBe(`arn:aws:sts::${A}:assumed-role/Reader/night-batch`);
  });

  // IAM-UG reference_policies_condition-keys: aws:PrincipalArn of a role session is the role's ARN.
  it('an ArnLike condition on aws:PrincipalArn picks the roles whose ARN matches', async () => {
    const w = new KmsWorld();
    const trust = policy({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' });
    for (const name of ['AdminOps', 'Auditor']) w.ok(ROOT_A, 'iam:CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust });
    const key = keyWith(w, keyUsers(ROOT_A, 'kms:Decrypt', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin*` } }));
    w.ok(ROOT_A, 'iam:PutRolePolicy', { RoleName: 'AdminOps', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) });
    w.ok(ROOT_A, 'iam:PutRolePolicy', { RoleName: 'Auditor', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) });
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [`arn:aws:iam::${A}:role/AdminOps`], false);
  });
});

describe('whoCan: principals the world does not know', () => {
  // SCENARIOS.md "accounts": any other account may appear in policies; its principals' IAM policies could say anything.
  // KMS-DG key-policy-modifying-external-accounts: the key policy and the external account's IAM must both allow.
  it('a key policy allowing an unknown account lets some principal of it decrypt (replayed by a stand-in)', async () => {
    const w = new KmsWorld();
    const key = keyWith(w, accountStatement(A), keyUsers(`arn:aws:iam::${EXTERNAL}:root`, 'kms:Decrypt'));
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [ROOT_A], true);
    if (answer.kind === 'whoCan') expect(answer.witnesses.some((x) => x.principal.includes(EXTERNAL))).toBe(true);
  });

  it('a key policy naming one external user lets exactly that user in', async () => {
    const w = new KmsWorld();
    const ext = `arn:aws:iam::${EXTERNAL}:user/division/partner`;
    const key = keyWith(w, keyUsers(ext, 'kms:Decrypt'));
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [], true);
    if (answer.kind === 'whoCan') expect(answer.witnesses[0]!.principal).toBe(ext);
  });

  // KMS-DG conditions-kms#conditions-kms-caller-account: "*" with kms:CallerAccount names the principals of an account.
  it('Principal "*" limited by kms:CallerAccount to known accounts gives unknown principals nothing', async () => {
    const w = new KmsWorld();
    const key = keyWith(w, keyUsers('*', 'kms:Decrypt', { StringEquals: { 'kms:CallerAccount': A } }));
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [ROOT_A], false);
  });

  it('Principal "*" with kms:CallerAccount StringNotEquals the owner is open to every other account', async () => {
    const w = new KmsWorld();
    const key = keyWith(w, keyUsers('*', 'kms:Decrypt', { StringNotEquals: { 'kms:CallerAccount': A } }));
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    // The known other account's root user holds every permission of its account.
    expectWhoCan(w.state, answer, [`arn:aws:iam::444455556666:root`], true);
  });

  it('an unknown user named in a condition on aws:username is found (its stand-in has that name)', async () => {
    const w = new KmsWorld();
    const key = keyWith(w, keyUsers('*', 'kms:Decrypt', { StringEquals: { 'aws:username': 'ops-bot', 'aws:PrincipalAccount': EXTERNAL } }));
    const answer = await whoCan(w.state, 'kms:Decrypt', key);
    expectWhoCan(w.state, answer, [], true);
    if (answer.kind === 'whoCan') expect(answer.witnesses[0]!.principal).toMatch(new RegExp(`^arn:aws:iam::${EXTERNAL}:user/(.*/)?ops-bot$`));
  });

  it('answers for every known user, not only the key users (an IAM policy counts through the account statement)', async () => {
    const w = new KmsWorld();
    const admin = w.user(A, 'admin', policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
    w.user(A, 'viewer', policy({ Effect: 'Allow', Action: 'kms:Describe*', Resource: '*' }));
    const key = keyWith(w, accountStatement(A));
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Encrypt', key), [ROOT_A, admin], false);
    expect(userOf(A, 'viewer')).toBe(`arn:aws:iam::${A}:user/viewer`);
  });
});

describe('whoCan: guardrails the model gathers (SCPs, permissions boundaries)', () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html — an SCP binds
  // every principal of a member account, its root user included.
  it('an SCP denying kms:Decrypt in a member account removes its root user, for Decrypt only', async () => {
    const w = new KmsWorld();
    w.state = initialState({ accounts: [A, B] as never, organization: { management: A as never, members: [B as never] } });
    const rootB = `arn:aws:iam::${B}:root`;
    const key = keyWith(w, accountStatement(A), keyUsers(rootB, ['kms:Decrypt', 'kms:Encrypt']));
    const deny = policy({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' });
    const id = (w.ok(ROOT_A, 'organizations:CreatePolicy', { Name: 'NoDecrypt', Type: 'SERVICE_CONTROL_POLICY', Content: deny }) as { Policy: { PolicySummary: { Id: string } } }).Policy.PolicySummary.Id;
    w.ok(ROOT_A, 'organizations:AttachPolicy', { PolicyId: id, TargetId: B });
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [ROOT_A], false);
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Encrypt', key), [ROOT_A, rootB], false);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — a resource policy naming
  // a role ARN is still bounded by the role's permissions boundary (spec §12.16, config.keyPolicyRoleArnBoundedByBoundary).
  it('a key policy naming a role does not reach past the role\'s permissions boundary', async () => {
    const w = new KmsWorld();
    const trust = policy({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' });
    for (const name of ['Bounded', 'Free']) w.ok(ROOT_A, 'iam:CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust });
    w.ok(ROOT_A, 'iam:PutRolePermissionsBoundary', { RoleName: 'Bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
    const roles = ['Bounded', 'Free'].map((n) => `arn:aws:iam::${A}:role/${n}`);
    const key = keyWith(w, keyUsers(roles, 'kms:Decrypt'));
    expectWhoCan(w.state, await whoCan(w.state, 'kms:Decrypt', key), [roles[1]!], false);
  });
});

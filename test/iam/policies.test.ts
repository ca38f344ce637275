// Inline and managed policies: Put/Get/Delete/List inline policies, CreatePolicy, GetPolicy, DeletePolicy, Attach/Detach/ListAttached, quotas.
import { describe, expect, it } from 'vitest';
import { A, B, World, allow, policy, rootOf } from './support.ts';

const withUserGroupRole = (): World => {
  const w = new World();
  w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
  w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'g' });
  w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }) });
  return w;
};

const KINDS = [
  { Noun: 'User', field: 'UserName', name: 'u', limit: 2048 },
  { Noun: 'Group', field: 'GroupName', name: 'g', limit: 5120 },
  { Noun: 'Role', field: 'RoleName', name: 'r', limit: 10240 },
] as const;

describe('inline policies of users, groups and roles', () => {
  for (const k of KINDS) {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_Put{User,Group,Role}Policy.html, Get...Policy, Delete...Policy, List...Policies.
    it(`Put${k.Noun}Policy / Get${k.Noun}Policy / List${k.Noun}Policies / Delete${k.Noun}Policy`, () => {
      const w = withUserGroupRole();
      const doc = policy(allow('s3:GetObject', 'arn:aws:s3:::b/*'));
      w.ok(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read', PolicyDocument: doc });
      expect(w.ok(rootOf(A), `iam:Get${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read' })).toEqual({ [k.field]: k.name, PolicyName: 'read', PolicyDocument: doc });
      expect(w.ok(rootOf(A), `iam:List${k.Noun}Policies`, { [k.field]: k.name }).PolicyNames).toEqual(['read']);
      // "Adds or updates": the same name replaces the document.
      const doc2 = policy(allow('s3:PutObject', 'arn:aws:s3:::b/*'));
      w.ok(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read', PolicyDocument: doc2 });
      expect(w.ok(rootOf(A), `iam:Get${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read' }).PolicyDocument).toBe(doc2);
      w.ok(rootOf(A), `iam:Delete${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read' });
      expect(w.code(rootOf(A), `iam:Get${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read' })).toBe('NoSuchEntity');
      expect(w.code(rootOf(A), `iam:Delete${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'read' })).toBe('NoSuchEntity');
      expect(w.code(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: 'nobody', PolicyName: 'p', PolicyDocument: doc })).toBe('NoSuchEntity');
    });

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — aggregate inline policy size per
    // entity: user 2,048, group 5,120, role 10,240 characters; "IAM does not count white space".
    it(`the aggregate inline policy size of a ${k.Noun.toLowerCase()} is at most ${k.limit} characters (LimitExceeded)`, () => {
      const w = withUserGroupRole();
      const sized = (n: number): string => {
        const base = policy(allow('s3:GetObject', 'arn:aws:s3:::'));
        return policy(allow('s3:GetObject', `arn:aws:s3:::${'x'.repeat(n - base.length)}`));
      };
      w.ok(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'a', PolicyDocument: sized(k.limit - 300) });
      expect(w.code(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'b', PolicyDocument: sized(301) })).toBe('LimitExceeded');
      expect(w.code(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'b', PolicyDocument: sized(300) })).toBe('ok');
      // White space does not count.
      const spaced = JSON.stringify(JSON.parse(sized(300)), null, 8);
      expect(w.code(rootOf(A), `iam:Put${k.Noun}Policy`, { [k.field]: k.name, PolicyName: 'b', PolicyDocument: spaced })).toBe('ok');
    });
  }

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — "You cannot use the
  // Principal element in an identity-based policy"; IAM: "Policy document should not specify a principal."
  it('an identity policy with a Principal, bad JSON, or no Resource is MalformedPolicyDocument', () => {
    const w = withUserGroupRole();
    const put = (doc: string) => w.call(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: doc });
    const withPrincipal = put(policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }));
    expect(withPrincipal.ok ? 'ok' : withPrincipal.error).toEqual({ code: 'MalformedPolicyDocument', message: 'Policy document should not specify a principal.' });
    const broken = put('{"Statement": [');
    expect(broken.ok ? 'ok' : broken.error.code).toBe('MalformedPolicyDocument');
    const noResource = put(policy({ Effect: 'Allow', Action: 's3:*' }));
    expect(noResource.ok ? 'ok' : noResource.error.message).toBe('Policy statement must contain resources.');
  });
});

describe('customer managed policies', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html — arn:aws:iam::ACCOUNT:policy/PATH/NAME.
  it('CreatePolicy, GetPolicy and GetPolicyVersion', () => {
    const w = new World();
    const doc = policy(allow('kms:Decrypt'));
    const created = w.ok(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'Decrypt', PolicyDocument: doc, Path: '/team/', Description: 'd' }).Policy;
    expect(created).toMatchObject({ PolicyName: 'Decrypt', Arn: `arn:aws:iam::${A}:policy/team/Decrypt`, Path: '/team/', AttachmentCount: 0, DefaultVersionId: 'v1', IsAttachable: true, Description: 'd' });
    expect(created.PolicyId).toMatch(/^ANPA/);
    expect(w.ok(rootOf(A), 'iam:GetPolicy', { PolicyArn: created.Arn }).Policy.PolicyId).toBe(created.PolicyId);
    expect(w.ok(rootOf(A), 'iam:GetPolicyVersion', { PolicyArn: created.Arn, VersionId: 'v1' }).PolicyVersion).toMatchObject({ Document: doc, IsDefaultVersion: true });
    expect(w.code(rootOf(A), 'iam:GetPolicyVersion', { PolicyArn: created.Arn, VersionId: 'v2' })).toBe('NoSuchEntity');
    // Another account does not see it.
    expect(w.code(rootOf(B), 'iam:GetPolicy', { PolicyArn: created.Arn })).toBe('NoSuchEntity');
  });

  // Same page: "policy names must be unique within the account. Names are not distinguished by case."
  it('a policy name is unique in its account regardless of case and path (EntityAlreadyExists)', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'P', PolicyDocument: policy(allow('s3:*')) });
    expect(w.code(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'p', PolicyDocument: policy(allow('s3:*')), Path: '/x/' })).toBe('EntityAlreadyExists');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "Managed policy size: 6,144 characters".
  it('a managed policy larger than 6,144 characters is LimitExceeded; a Principal is MalformedPolicyDocument', () => {
    const w = new World();
    const big = policy(allow('s3:GetObject', `arn:aws:s3:::${'x'.repeat(6200)}`));
    expect(w.code(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'Big', PolicyDocument: big })).toBe('LimitExceeded');
    const principal = policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: '*' });
    expect(w.code(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'P', PolicyDocument: principal })).toBe('MalformedPolicyDocument');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html — "you must first detach the policy from
  // all users, groups, and roles"; a policy used as a permissions boundary cannot be deleted either.
  it('DeletePolicy fails with DeleteConflict while the policy is attached or used as a boundary', () => {
    const w = withUserGroupRole();
    const arn = w.ok(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'P', PolicyDocument: policy(allow('s3:*')) }).Policy.Arn;
    w.ok(rootOf(A), 'iam:AttachRolePolicy', { RoleName: 'r', PolicyArn: arn });
    w.ok(rootOf(A), 'iam:PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: arn });
    expect(w.ok(rootOf(A), 'iam:GetPolicy', { PolicyArn: arn }).Policy).toMatchObject({ AttachmentCount: 1, PermissionsBoundaryUsageCount: 1 });
    expect(w.code(rootOf(A), 'iam:DeletePolicy', { PolicyArn: arn })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:DetachRolePolicy', { RoleName: 'r', PolicyArn: arn });
    expect(w.code(rootOf(A), 'iam:DeletePolicy', { PolicyArn: arn })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:DeleteUserPermissionsBoundary', { UserName: 'u' });
    expect(w.code(rootOf(A), 'iam:DeletePolicy', { PolicyArn: arn })).toBe('ok');
    expect(w.code(rootOf(A), 'iam:GetPolicy', { PolicyArn: arn })).toBe('NoSuchEntity');
    expect(w.code(rootOf(A), 'iam:DeletePolicy', { PolicyArn: arn })).toBe('NoSuchEntity');
  });
});

describe('attaching managed policies', () => {
  for (const k of KINDS) {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_Attach{User,Group,Role}Policy.html, Detach..., ListAttached...Policies.
    it(`Attach${k.Noun}Policy / ListAttached${k.Noun}Policies / Detach${k.Noun}Policy with AWS and customer managed policies`, () => {
      const w = withUserGroupRole();
      const own = w.ok(rootOf(A), 'iam:CreatePolicy', { PolicyName: 'Own', PolicyDocument: policy(allow('s3:*')), Path: '/p/' }).Policy.Arn;
      w.ok(rootOf(A), `iam:Attach${k.Noun}Policy`, { [k.field]: k.name, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
      w.ok(rootOf(A), `iam:Attach${k.Noun}Policy`, { [k.field]: k.name, PolicyArn: own });
      w.ok(rootOf(A), `iam:Attach${k.Noun}Policy`, { [k.field]: k.name, PolicyArn: own });
      expect(w.ok(rootOf(A), `iam:ListAttached${k.Noun}Policies`, { [k.field]: k.name }).AttachedPolicies).toEqual([
        { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
        { PolicyName: 'Own', PolicyArn: own },
      ]);
      expect(w.ok(rootOf(A), `iam:ListAttached${k.Noun}Policies`, { [k.field]: k.name, PathPrefix: '/p/' }).AttachedPolicies).toEqual([{ PolicyName: 'Own', PolicyArn: own }]);
      w.ok(rootOf(A), `iam:Detach${k.Noun}Policy`, { [k.field]: k.name, PolicyArn: own });
      expect(w.code(rootOf(A), `iam:Detach${k.Noun}Policy`, { [k.field]: k.name, PolicyArn: own })).toBe('NoSuchEntity');
      expect(w.ok(rootOf(A), `iam:ListAttached${k.Noun}Policies`, { [k.field]: k.name }).AttachedPolicies).toHaveLength(1);
    });
  }

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html (Errors) — NoSuchEntity "Policy ARN
  // does not exist or is not attachable": unknown ARNs and another account's customer managed policies.
  it('only existing AWS managed policies and the account\'s own policies are attachable', () => {
    const w = withUserGroupRole();
    const foreign = w.ok(rootOf(B), 'iam:CreatePolicy', { PolicyName: 'Theirs', PolicyDocument: policy(allow('s3:*')) }).Policy.Arn;
    expect(w.code(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'u', PolicyArn: foreign })).toBe('NoSuchEntity');
    expect(w.code(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchManagedPolicy' })).toBe('NoSuchEntity');
    for (const name of ['AdministratorAccess', 'ReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess', 'AWSKeyManagementServicePowerUser']) {
      expect(w.code(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'u', PolicyArn: `arn:aws:iam::aws:policy/${name}` })).toBe('ok');
    }
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "Managed policies attached to an IAM user: 10".
  it('at most 10 managed policies per entity (LimitExceeded)', () => {
    const w = withUserGroupRole();
    for (let i = 0; i < 11; i++) w.ok(rootOf(A), 'iam:CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: policy(allow('s3:*')) });
    for (let i = 0; i < 10; i++) w.ok(rootOf(A), 'iam:AttachRolePolicy', { RoleName: 'r', PolicyArn: `arn:aws:iam::${A}:policy/p${i}` });
    const over = w.call(rootOf(A), 'iam:AttachRolePolicy', { RoleName: 'r', PolicyArn: `arn:aws:iam::${A}:policy/p10` });
    expect(over.ok ? 'ok' : over.error).toEqual({ code: 'LimitExceeded', message: 'Cannot exceed quota for PoliciesPerRole: 10' });
  });
});

describe('permissions boundaries', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html and DeleteRolePermissionsBoundary.
  it('Put/Delete{User,Role}PermissionsBoundary set and clear the boundary; an unknown policy is NoSuchEntity', () => {
    const w = withUserGroupRole();
    w.ok(rootOf(A), 'iam:PutRolePermissionsBoundary', { RoleName: 'r', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'r' }).Role.PermissionsBoundary.PermissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    w.ok(rootOf(A), 'iam:DeleteRolePermissionsBoundary', { RoleName: 'r' });
    expect(w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'r' }).Role.PermissionsBoundary).toBeUndefined();
    const missing = w.call(rootOf(A), 'iam:PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: `arn:aws:iam::${A}:policy/none` });
    expect(missing.ok ? 'ok' : missing.error).toEqual({ code: 'NoSuchEntity', message: `Scope ARN: arn:aws:iam::${A}:policy/none does not exist or is not attachable.` });
  });
});

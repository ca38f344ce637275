// Authorization of IAM calls themselves: identity policies, groups, explicit denies, boundaries, session policies and SCPs.
import { describe, expect, it } from 'vitest';
import { A, B, World, allow, deny, policy, roleOf, rootOf, sessionOf, trust, userOf } from './support.ts';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** A world with user `u` (no policies) in account A. */
const withUser = (): World => {
  const w = new World();
  w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
  return w;
};

describe('who may make IAM calls', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html — the root user has complete access to all
  // resources of its account.
  it('the account root user may call every IAM operation in its account without any policy', () => {
    const w = new World();
    for (const [op, input] of [
      ['iam:CreateUser', { UserName: 'a' }],
      ['iam:CreateGroup', { GroupName: 'g' }],
      ['iam:AddUserToGroup', { GroupName: 'g', UserName: 'a' }],
      ['iam:PutGroupPolicy', { GroupName: 'g', PolicyName: 'p', PolicyDocument: policy(allow('s3:*')) }],
      ['iam:ListUsers', {}],
    ] as const) {
      expect(w.code(rootOf(A), op, input)).toBe('ok');
    }
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — without an allow, a
  // request is implicitly denied; IAM answers AccessDenied with the caller, action and resource.
  it('a user without any policy is denied (AccessDenied, AWS\'s message)', () => {
    const w = withUser();
    const r = w.call(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'v' });
    expect(r.ok ? 'ok' : r.error).toEqual({
      code: 'AccessDenied',
      message: `User: ${userOf(A, 'u')} is not authorized to perform: iam:CreateUser on resource: ${userOf(A, 'v')} because no identity-based policy allows the iam:CreateUser action`,
    });
  });

  // Same page: IAM authorizes before it reveals whether the entity exists.
  it('a denied caller gets AccessDenied even for an entity that does not exist', () => {
    const w = withUser();
    expect(w.code(userOf(A, 'u'), 'iam:GetUser', { UserName: 'ghost' })).toBe('AccessDenied');
    expect(w.code(rootOf(A), 'iam:GetUser', { UserName: 'ghost' })).toBe('NoSuchEntity');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html — IAM resources are
  // arn:aws:iam::ACCOUNT:user/NAME, group/NAME, role/NAME, policy/NAME.
  it('identity policies are matched against the IAM resource ARN', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'alice' });
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'bob', Path: '/ops/' });
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: policy(allow('iam:GetUser', `arn:aws:iam::${A}:user/ops/*`)) });
    expect(w.code(userOf(A, 'u'), 'iam:GetUser', { UserName: 'bob' })).toBe('ok');
    expect(w.code(userOf(A, 'u'), 'iam:GetUser', { UserName: 'alice' })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html — "Users in the group automatically have the permissions that are assigned to the group."
  it('group policies give permissions to the group\'s members, and stop when they leave', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'Admins' });
    w.ok(rootOf(A), 'iam:AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: ADMIN });
    expect(w.code(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'x' })).toBe('AccessDenied');
    w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'Admins', UserName: 'u' });
    expect(w.code(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'x' })).toBe('ok');
    w.ok(rootOf(A), 'iam:RemoveUserFromGroup', { GroupName: 'Admins', UserName: 'u' });
    expect(w.code(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'y' })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — "an explicit deny in any of these policies overrides the allow".
  it('an explicit deny in an inline policy beats AdministratorAccess', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'u', PolicyArn: ADMIN });
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'no-users', PolicyDocument: policy(deny('iam:CreateUser')) });
    const r = w.call(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'x' });
    expect(r.ok ? 'ok' : r.error.message).toMatch(/with an explicit deny in an identity-based policy$/);
    expect(w.code(userOf(A, 'u'), 'iam:CreateGroup', { GroupName: 'g' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html —
  // iam:PolicyARN in AttachUserPolicy requests (IAM-UG example: "allow attaching only specific managed policies").
  it('iam:PolicyARN lets an administrator delegate the attaching of one managed policy only', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'target' });
    const onlyReadOnly = allow('iam:AttachUserPolicy', '*', { Condition: { ArnEquals: { 'iam:PolicyARN': READ_ONLY } } });
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: policy(onlyReadOnly) });
    expect(w.code(userOf(A, 'u'), 'iam:AttachUserPolicy', { UserName: 'target', PolicyArn: READ_ONLY })).toBe('ok');
    expect(w.code(userOf(A, 'u'), 'iam:AttachUserPolicy', { UserName: 'target', PolicyArn: ADMIN })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate —
  // "allow creating users only with the boundary attached" through iam:PermissionsBoundary.
  it('iam:PermissionsBoundary lets an administrator create users only with a given boundary', () => {
    const w = withUser();
    const withBoundary = allow('iam:CreateUser', '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': READ_ONLY } } });
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: policy(withBoundary) });
    expect(w.code(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'free' })).toBe('AccessDenied');
    expect(w.code(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'bounded', PermissionsBoundary: READ_ONLY })).toBe('ok');
  });
});

describe('permissions boundaries limit IAM permissions', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html — "An entity's permissions
  // boundary allows it to perform only the actions that are allowed by both its identity-based policies and its
  // permissions boundaries."
  it('a user with AdministratorAccess bounded by ReadOnlyAccess can read IAM but not write it', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'u', PolicyArn: ADMIN });
    w.ok(rootOf(A), 'iam:PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: READ_ONLY });
    expect(w.code(userOf(A, 'u'), 'iam:ListUsers')).toBe('ok');
    expect(w.code(userOf(A, 'u'), 'iam:CreateUser', { UserName: 'x' })).toBe('AccessDenied');
    // The boundary grants nothing by itself: a bounded user without identity policies can do nothing.
    w.ok(rootOf(A), 'iam:DetachUserPolicy', { UserName: 'u', PolicyArn: ADMIN });
    expect(w.code(userOf(A, 'u'), 'iam:ListUsers')).toBe('AccessDenied');
  });

  // Same page: "You can use an AWS managed policy or a customer managed policy to set the boundary for an IAM entity (user or role)."
  it('a role\'s boundary limits its sessions', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'u')), PermissionsBoundary: READ_ONLY });
    w.ok(rootOf(A), 'iam:AttachRolePolicy', { RoleName: 'R', PolicyArn: ADMIN });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'bounded' });
    expect(w.code(sessionOf(A, 'R', 'bounded'), 'iam:ListUsers')).toBe('ok');
    expect(w.code(sessionOf(A, 'R', 'bounded'), 'iam:CreateUser', { UserName: 'x' })).toBe('AccessDenied');
  });
});

describe('session policies limit a role session', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session — "The resulting session's
  // permissions are the intersection of the role's identity-based policies and the session policies."
  it('an inline session policy narrows an administrator role to what it allows', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'Admin', AssumeRolePolicyDocument: trust(userOf(A, 'u')) });
    w.ok(rootOf(A), 'iam:AttachRolePolicy', { RoleName: 'Admin', PolicyArn: ADMIN });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'Admin'), RoleSessionName: 'narrow', Policy: policy(allow('iam:ListUsers')) });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'Admin'), RoleSessionName: 'full' });
    expect(w.code(sessionOf(A, 'Admin', 'narrow'), 'iam:ListUsers')).toBe('ok');
    expect(w.code(sessionOf(A, 'Admin', 'narrow'), 'iam:CreateUser', { UserName: 'x' })).toBe('AccessDenied');
    expect(w.code(sessionOf(A, 'Admin', 'full'), 'iam:CreateUser', { UserName: 'x' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — PolicyArns: "The Amazon Resource Names
  // (ARNs) of the IAM managed policies that you want to use as managed session policies."
  it('managed session policies (PolicyArns) narrow the session too, and never widen it', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'Reader', AssumeRolePolicyDocument: trust(userOf(A, 'u')) });
    w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: 'Reader', PolicyName: 'p', PolicyDocument: policy(allow(['iam:ListUsers', 'iam:GetUser'])) });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'Reader'), RoleSessionName: 'ss', PolicyArns: [{ arn: ADMIN }] });
    expect(w.code(sessionOf(A, 'Reader', 'ss'), 'iam:ListUsers')).toBe('ok');
    expect(w.code(sessionOf(A, 'Reader', 'ss'), 'iam:CreateUser', { UserName: 'x' })).toBe('AccessDenied');
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'Reader'), RoleSessionName: 'tt', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }] });
    expect(w.code(sessionOf(A, 'Reader', 'tt'), 'iam:ListUsers')).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (Errors) — MalformedPolicyDocument.
  it('a malformed session policy fails AssumeRole (MalformedPolicyDocument)', () => {
    const w = withUser();
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'u')) });
    const withPrincipal = policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
    expect(w.code(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'ss', Policy: withPrincipal })).toBe('MalformedPolicyDocument');
    expect(w.code(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'ss', Policy: 'x'.repeat(2049) })).toBe('ValidationError');
  });
});

describe('SCPs bind IAM calls in member accounts', () => {
  /** Organization: A manages, B is a member; an SCP denying iam:CreateUser is attached to both accounts. */
  const org = (): World => {
    const w = new World({ organization: { management: A as never, members: [B as never] } });
    const id = w.ok(rootOf(A), 'organizations:CreatePolicy', { Name: 'NoNewUsers', Type: 'SERVICE_CONTROL_POLICY', Content: policy(deny('iam:CreateUser')) }).Policy.PolicySummary.Id;
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: B });
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: A });
    return w;
  };

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — SCPs apply to the
  // principals of member accounts, the root user included.
  it('an SCP deny binds the member account\'s root user', () => {
    const w = org();
    const r = w.call(rootOf(B), 'iam:CreateUser', { UserName: 'x' });
    expect(r.ok ? 'ok' : r.error.code).toBe('AccessDenied');
    expect(r.ok ? '' : r.error.message).toMatch(/with an explicit deny in a service control policy$/);
    expect(w.code(rootOf(B), 'iam:CreateGroup', { GroupName: 'g' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html — "SCPs don't affect
  // users or roles in the management account."
  it('the management account is not bound, even with the SCP attached to it', () => {
    expect(org().code(rootOf(A), 'iam:CreateUser', { UserName: 'x' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html — an action
  // must be allowed at every level: detaching FullAWSAccess from the account leaves only what the other SCPs allow.
  it('without FullAWSAccess, only what an attached SCP allows is possible', () => {
    const w = new World({ organization: { management: A as never, members: [B as never] } });
    const id = w.ok(rootOf(A), 'organizations:CreatePolicy', { Name: 'IamReadOnly', Type: 'SERVICE_CONTROL_POLICY', Content: policy(allow(['iam:List*', 'iam:Get*'])) }).Policy.PolicySummary.Id;
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: B });
    w.ok(rootOf(A), 'organizations:DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: B });
    expect(w.code(rootOf(B), 'iam:ListUsers')).toBe('ok');
    const r = w.call(rootOf(B), 'iam:CreateUser', { UserName: 'x' });
    expect(r.ok ? '' : r.error.message).toMatch(/because no service control policy allows the iam:CreateUser action$/);
  });
});

// IAM roles: CreateRole (trust policy required and validated), GetRole, UpdateAssumeRolePolicy, DeleteRole.
import { describe, expect, it } from 'vitest';
import { A, B, C, World, allow, policy, roleOf, rootOf, sessionOf, trust, userOf } from './support.ts';

describe('CreateRole', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html — AssumeRolePolicyDocument is required;
  // MaxSessionDuration 3600..43200, default 3600.
  it('needs a trust policy, returns it, and defaults MaxSessionDuration to 3600', () => {
    const w = new World();
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'NoTrust' })).toBe('ValidationError');
    const doc = trust(rootOf(A));
    const role = w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: doc, Path: '/svc/', Description: 'reader' }).Role;
    expect(role).toMatchObject({ RoleName: 'R', Arn: `arn:aws:iam::${A}:role/svc/R`, AssumeRolePolicyDocument: doc, MaxSessionDuration: 3600, Description: 'reader' });
    expect(role.RoleId).toMatch(/^AROA/);
    expect(w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'R' }).Role.Arn).toBe(role.Arn);
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: doc })).toBe('EntityAlreadyExists');
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'Long', AssumeRolePolicyDocument: doc, MaxSessionDuration: 43201 })).toBe('ValidationError');
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'Short', AssumeRolePolicyDocument: doc, MaxSessionDuration: 3599 })).toBe('ValidationError');
    expect(w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'Twelve', AssumeRolePolicyDocument: doc, MaxSessionDuration: 43200 }).Role.MaxSessionDuration).toBe(43200);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html — a trust policy is a
  // resource-based policy: it names a Principal and has no Resource.
  it('a trust policy without Principal or with a Resource is MalformedPolicyDocument', () => {
    const w = new World();
    const noPrincipal = policy({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: noPrincipal })).toBe('MalformedPolicyDocument');
    const withResource = policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole', Resource: '*' });
    const r = w.call(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: withResource });
    expect(r.ok ? 'ok' : r.error).toEqual({ code: 'MalformedPolicyDocument', message: 'Has prohibited field Resource' });
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — user and role ARNs
  // in a trust policy are resolved when it is saved; an unknown one is "Invalid principal in policy". keyward knows only
  // its own accounts: principals of other accounts are accepted.
  it('an unknown user or role of a known account is an invalid principal; other accounts are accepted', () => {
    const w = new World();
    const bad = w.call(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'ghost')) });
    expect(bad.ok ? 'ok' : bad.error).toEqual({ code: 'MalformedPolicyDocument', message: `Invalid principal in policy: "AWS":"${userOf(A, 'ghost')}"` });
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(roleOf(B, 'ghost')) })).toBe('MalformedPolicyDocument');
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust('arn:aws:iam::111122223333:user/*') })).toBe('MalformedPolicyDocument');
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R1', AssumeRolePolicyDocument: trust(userOf(C, 'anyone'), C, rootOf(B)) })).toBe('ok');
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'real' });
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R2', AssumeRolePolicyDocument: trust(userOf(A, 'real')) })).toBe('ok');
    const service = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R3', AssumeRolePolicyDocument: service })).toBe('ok');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "Role trust policy length: 2,048 characters".
  it('a trust policy over 2,048 characters is LimitExceeded', () => {
    const w = new World();
    const long = policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x'.repeat(2100) } } });
    expect(w.code(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: long })).toBe('LimitExceeded');
  });
});

describe('UpdateAssumeRolePolicy', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html — replaces the trust policy.
  it('replaces the trust policy, validated as at creation; later AssumeRole calls see the new one', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(rootOf(B)) });
    expect(w.code(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'one' })).toBe('AccessDenied');
    expect(w.code(rootOf(A), 'iam:UpdateAssumeRolePolicy', { RoleName: 'R', PolicyDocument: trust(userOf(A, 'nobody')) })).toBe('MalformedPolicyDocument');
    w.ok(rootOf(A), 'iam:UpdateAssumeRolePolicy', { RoleName: 'R', PolicyDocument: trust(userOf(A, 'u')) });
    expect(w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'R' }).Role.AssumeRolePolicyDocument).toBe(trust(userOf(A, 'u')));
    expect(w.code(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'two' })).toBe('ok');
    expect(w.code(rootOf(A), 'iam:UpdateAssumeRolePolicy', { RoleName: 'Nope', PolicyDocument: trust(A) })).toBe('NoSuchEntity');
  });
});

describe('DeleteRole', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html — inline and attached policies first (DeleteConflict).
  it('fails with DeleteConflict while the role has policies; afterwards its sessions are gone', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'u')) });
    w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: 'R', PolicyName: 'p', PolicyDocument: policy(allow('iam:ListUsers')) });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'live' });
    expect(w.code(sessionOf(A, 'R', 'live'), 'iam:ListUsers')).toBe('ok');
    expect(w.code(rootOf(A), 'iam:DeleteRole', { RoleName: 'R' })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:DeleteRolePolicy', { RoleName: 'R', PolicyName: 'p' });
    w.ok(rootOf(A), 'iam:DeleteRole', { RoleName: 'R' });
    expect(w.code(rootOf(A), 'iam:GetRole', { RoleName: 'R' })).toBe('NoSuchEntity');
    expect(w.code(sessionOf(A, 'R', 'live'), 'iam:ListUsers')).toBe('InvalidClientTokenId');
  });
});

describe('deleted principals in trust policies', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — "If you delete the
  // [user] ... you break the relationship ... the policy shows the principal ID": a re-created user of the same name
  // is not trusted.
  it('a trust policy naming a deleted user shows its unique id and does not trust a new user of the same name', () => {
    const w = new World();
    const oldId = w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'dev' }).User.UserId;
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'dev')) });
    w.ok(rootOf(A), 'iam:DeleteUser', { UserName: 'dev' });
    expect(w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'R' }).Role.AssumeRolePolicyDocument).toBe(trust(oldId));
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'dev' });
    expect(w.code(userOf(A, 'dev'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'again' })).toBe('AccessDenied');
  });
});

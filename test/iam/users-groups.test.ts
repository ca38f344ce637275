// IAM users and groups: CreateUser, GetUser, ListUsers, DeleteUser, CreateGroup, GetGroup, AddUserToGroup, RemoveUserFromGroup, DeleteGroup.
import { describe, expect, it } from 'vitest';
import { A, B, World, allow, policy, rootOf, sessionOf, trust, userOf } from './support.ts';

describe('CreateUser / GetUser', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html — the new user's ARN, path and unique id.
  it('creates a user with arn:aws:iam::ACCOUNT:user/PATH/NAME and an AIDA unique id', () => {
    const w = new World();
    const out = w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'James', Path: '/eng/' });
    expect(out.User).toMatchObject({ UserName: 'James', Path: '/eng/', Arn: `arn:aws:iam::${A}:user/eng/James` });
    expect(out.User.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(w.ok(rootOf(A), 'iam:GetUser', { UserName: 'James' }).User.Arn).toBe(`arn:aws:iam::${A}:user/eng/James`);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names — "They are
  // not distinguished by case. For example, you cannot create groups named both "ADMINS" and "admins"."
  it('refuses a second user whose name differs only in case (EntityAlreadyExists)', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'admin' });
    expect(w.code(rootOf(A), 'iam:CreateUser', { UserName: 'ADMIN' })).toBe('EntityAlreadyExists');
    // The same name in another account is another user.
    expect(w.code(rootOf(B), 'iam:CreateUser', { UserName: 'admin' })).toBe('ok');
  });

  // Same page: names are not distinguished by case; whether lookups ignore case too is UNVERIFIED
  // (config.iamNameLookupIgnoresCase, default true).
  it('looks names up regardless of case unless the configuration says otherwise', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'James' });
    expect(w.ok(rootOf(A), 'iam:GetUser', { UserName: 'JAMES' }).User.UserName).toBe('James');
    const exact = new World({ config: { iamNameLookupIgnoresCase: false } });
    exact.ok(rootOf(A), 'iam:CreateUser', { UserName: 'James' });
    expect(exact.code(rootOf(A), 'iam:GetUser', { UserName: 'JAMES' })).toBe('NoSuchEntity');
    expect(exact.code(rootOf(A), 'iam:CreateUser', { UserName: 'JAMES' })).toBe('EntityAlreadyExists');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html — UserName: 1..64 characters of [\w+=,.@-].
  it('rejects user names outside [\\w+=,.@-]{1,64} and bad paths (ValidationError)', () => {
    const w = new World();
    expect(w.code(rootOf(A), 'iam:CreateUser', { UserName: 'has space' })).toBe('ValidationError');
    expect(w.code(rootOf(A), 'iam:CreateUser', { UserName: 'x'.repeat(65) })).toBe('ValidationError');
    expect(w.code(rootOf(A), 'iam:CreateUser', { UserName: 'ok', Path: 'no-slashes' })).toBe('ValidationError');
    expect(w.code(rootOf(A), 'iam:CreateUser', { UserName: 'a+b=c,d.e@f-g_h' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html (Errors) — NoSuchEntity.
  it('GetUser of an unknown user is NoSuchEntity', () => {
    expect(new World().code(rootOf(A), 'iam:GetUser', { UserName: 'ghost' })).toBe('NoSuchEntity');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html — "If you do not specify a user name, IAM
  // determines the user name implicitly based on the AWS access key ID used to sign the request."
  it('GetUser without a name describes the caller (a user, or the root user)', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'self' });
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'self', PolicyName: 'p', PolicyDocument: policy(allow('iam:GetUser')) });
    expect(w.ok(userOf(A, 'self'), 'iam:GetUser', {}).User.UserName).toBe('self');
    expect(w.ok(rootOf(A), 'iam:GetUser', {}).User).toEqual({ UserId: A, Arn: rootOf(A) });
  });

  // Same page: the implicit user comes from the signing credentials; a role session has no IAM user to describe.
  it('GetUser without a name from a role session is a ValidationError', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'u')) });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: `arn:aws:iam::${A}:role/R`, RoleSessionName: 'ss' });
    expect(w.code(sessionOf(A, 'R', 'ss'), 'iam:GetUser', {})).toBe('ValidationError');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html — PermissionsBoundary must be a managed policy.
  it('a permissions boundary given at creation must exist (NoSuchEntity) and is reported by GetUser', () => {
    const w = new World();
    expect(w.code(rootOf(A), 'iam:CreateUser', { UserName: 'b', PermissionsBoundary: `arn:aws:iam::${A}:policy/Missing` })).toBe('NoSuchEntity');
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'b', PermissionsBoundary: arn });
    expect(w.ok(rootOf(A), 'iam:GetUser', { UserName: 'b' }).User.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn });
  });
});

describe('ListUsers', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html — users of the account with the path prefix,
  // without PermissionsBoundary; paginated with MaxItems/Marker.
  it('lists the account\'s users, filtered by path prefix and paginated', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'carol', Path: '/ops/' });
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'alice' });
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'bob', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    w.ok(rootOf(B), 'iam:CreateUser', { UserName: 'other' });
    const all = w.ok(rootOf(A), 'iam:ListUsers', {});
    expect(all.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['alice', 'bob', 'carol']);
    expect(all.Users[1].PermissionsBoundary).toBeUndefined();
    expect(w.ok(rootOf(A), 'iam:ListUsers', { PathPrefix: '/ops/' }).Users.map((u: { UserName: string }) => u.UserName)).toEqual(['carol']);
    const first = w.ok(rootOf(A), 'iam:ListUsers', { MaxItems: 2 });
    expect(first.IsTruncated).toBe(true);
    const rest = w.ok(rootOf(A), 'iam:ListUsers', { MaxItems: 2, Marker: first.Marker });
    expect(rest).toMatchObject({ IsTruncated: false, Users: [{ UserName: 'carol' }] });
  });
});

describe('DeleteUser', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html — "you must delete the items attached to
  // the user manually ... Inline policies, Attached managed policies, Group memberships" (DeleteConflict).
  it('fails with DeleteConflict while the user has inline policies, attached policies or groups', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'leaver' });
    w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'g' });
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'leaver', PolicyName: 'p', PolicyDocument: policy(allow('s3:GetObject')) });
    w.ok(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'leaver', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'g', UserName: 'leaver' });
    expect(w.code(rootOf(A), 'iam:DeleteUser', { UserName: 'leaver' })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:DeleteUserPolicy', { UserName: 'leaver', PolicyName: 'p' });
    expect(w.code(rootOf(A), 'iam:DeleteUser', { UserName: 'leaver' })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:DetachUserPolicy', { UserName: 'leaver', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.code(rootOf(A), 'iam:DeleteUser', { UserName: 'leaver' })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:RemoveUserFromGroup', { GroupName: 'g', UserName: 'leaver' });
    expect(w.code(rootOf(A), 'iam:DeleteUser', { UserName: 'leaver' })).toBe('ok');
    expect(w.code(rootOf(A), 'iam:GetUser', { UserName: 'leaver' })).toBe('NoSuchEntity');
    // A deleted user can no longer call anything.
    expect(w.code(userOf(A, 'leaver'), 'sts:GetCallerIdentity', {})).toBe('InvalidClientTokenId');
  });

  // Same page: a permissions boundary is not among the items that block deletion.
  it('a permissions boundary does not block deletion', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.code(rootOf(A), 'iam:DeleteUser', { UserName: 'bounded' })).toBe('ok');
  });
});

describe('groups', () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html and API_GetGroup.html.
  it('CreateGroup, AddUserToGroup and GetGroup list the members', () => {
    const w = new World();
    const g = w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'S3Admins' }).Group;
    expect(g).toMatchObject({ GroupName: 'S3Admins', Arn: `arn:aws:iam::${A}:group/S3Admins`, Path: '/' });
    expect(g.GroupId).toMatch(/^AGPA/);
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'James' });
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'Johnny' });
    w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'S3Admins', UserName: 'James' });
    w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'S3Admins', UserName: 'Johnny' });
    w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'S3Admins', UserName: 'James' });
    const got = w.ok(rootOf(A), 'iam:GetGroup', { GroupName: 'S3Admins' });
    expect(got.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['James', 'Johnny']);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html (Errors) — NoSuchEntity for a missing user or group.
  it('membership changes need an existing group and user (NoSuchEntity)', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'g' });
    expect(w.code(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'g', UserName: 'ghost' })).toBe('NoSuchEntity');
    expect(w.code(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'nogroup', UserName: 'ghost' })).toBe('NoSuchEntity');
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
    expect(w.code(rootOf(A), 'iam:RemoveUserFromGroup', { GroupName: 'g', UserName: 'u' })).toBe('NoSuchEntity');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "Groups an IAM user can be a member of: 10".
  it('a user can be in at most 10 groups (LimitExceeded)', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'joiner' });
    for (let i = 0; i < 11; i++) w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: `g${i}` });
    for (let i = 0; i < 10; i++) w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: `g${i}`, UserName: 'joiner' });
    expect(w.code(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'g10', UserName: 'joiner' })).toBe('LimitExceeded');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html — "The group must not contain any users or have any attached policies."
  it('DeleteGroup fails with DeleteConflict while the group has members or policies', () => {
    const w = new World();
    w.ok(rootOf(A), 'iam:CreateGroup', { GroupName: 'g' });
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
    w.ok(rootOf(A), 'iam:AddUserToGroup', { GroupName: 'g', UserName: 'u' });
    w.ok(rootOf(A), 'iam:AttachGroupPolicy', { GroupName: 'g', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.code(rootOf(A), 'iam:DeleteGroup', { GroupName: 'g' })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:RemoveUserFromGroup', { GroupName: 'g', UserName: 'u' });
    expect(w.code(rootOf(A), 'iam:DeleteGroup', { GroupName: 'g' })).toBe('DeleteConflict');
    w.ok(rootOf(A), 'iam:DetachGroupPolicy', { GroupName: 'g', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.code(rootOf(A), 'iam:DeleteGroup', { GroupName: 'g' })).toBe('ok');
  });
});

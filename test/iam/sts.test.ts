// STS: AssumeRole trust rules (same account, direct naming, cross account), durations and expiry, GetCallerIdentity.
import { describe, expect, it } from 'vitest';
import { A, B, World, allow, deny, policy, roleOf, rootOf, sessionOf, trust, userOf } from './support.ts';

const assume = (w: World, as: string, role: string, session: string, extra: object = {}): string =>
  w.code(as, 'sts:AssumeRole', { RoleArn: role, RoleSessionName: session, ...extra });

/** Users `u` (A) and `x` (B); role `R` in A with the given trust policy. */
const world = (trustPolicy: string): World => {
  const w = new World();
  w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
  w.ok(rootOf(B), 'iam:CreateUser', { UserName: 'x' });
  w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trustPolicy });
  return w;
};
const mayAssume = (w: World, account: string, user: string, role = roleOf(A, 'R')): void => {
  w.ok(rootOf(account), 'iam:PutUserPolicy', { UserName: user, PolicyName: 'assume', PolicyDocument: policy(allow('sts:AssumeRole', role)) });
};

describe('AssumeRole: the trust policy is the role\'s resource policy', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html and reference_policies_evaluation-logic.html —
  // a trust policy naming the account delegates to the account's IAM policies: the caller needs sts:AssumeRole on the role.
  it('same account, account principal: allowed only with an IAM allow of sts:AssumeRole on the role', () => {
    const w = world(trust(rootOf(A)));
    const r = w.call(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'first' });
    expect(r.ok ? 'ok' : r.error.code).toBe('AccessDenied');
    mayAssume(w, A, 'u', roleOf(A, 'Other'));
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'second')).toBe('AccessDenied');
    mayAssume(w, A, 'u');
    const out = w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'third' });
    expect(out.AssumedRoleUser.Arn).toBe(sessionOf(A, 'R', 'third'));
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — within one account a
  // resource-based policy that names the IAM user grants access without any identity policy.
  it('same account, the user named directly: allowed without any identity policy', () => {
    const w = world(trust(userOf(A, 'u')));
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'direct')).toBe('ok');
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'other' });
    mayAssume(w, A, 'other');
    expect(assume(w, userOf(A, 'other'), roleOf(A, 'R'), 'other')).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html — "both
  // the identity-based policy of the requester and the resource-based policy must allow".
  it('cross account: the trust policy and the caller\'s IAM policy must both allow', () => {
    const byAccount = world(trust(B));
    expect(assume(byAccount, userOf(B, 'x'), roleOf(A, 'R'), 'no-iam')).toBe('AccessDenied');
    mayAssume(byAccount, B, 'x');
    expect(assume(byAccount, userOf(B, 'x'), roleOf(A, 'R'), 'both')).toBe('ok');

    // Named directly, still not enough without the IAM allow in B.
    const byName = world(trust(userOf(B, 'x')));
    expect(assume(byName, userOf(B, 'x'), roleOf(A, 'R'), 'named')).toBe('AccessDenied');
    mayAssume(byName, B, 'x');
    expect(assume(byName, userOf(B, 'x'), roleOf(A, 'R'), 'named')).toBe('ok');

    // IAM allow without the trust policy naming B.
    const notTrusted = world(trust(rootOf(A)));
    mayAssume(notTrusted, B, 'x');
    const r = notTrusted.call(userOf(B, 'x'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'untrusted' });
    expect(r.ok ? 'ok' : r.error.message).toMatch(/because no resource-based policy allows the sts:AssumeRole action$/);
  });

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — "You cannot call AssumeRole by using AWS
  // account root user credentials"; AWS answers "Roles may not be assumed by root accounts."
  it('a root user cannot assume a role, whatever the trust policy says', () => {
    const w = world(trust(rootOf(A), rootOf(B)));
    const r = w.call(rootOf(A), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'root' });
    expect(r.ok ? 'ok' : r.error).toEqual({ code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' });
    expect(assume(w, rootOf(B), roleOf(A, 'R'), 'root')).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — RoleArn is a role ARN; AWS does not
  // reveal whether a role it will not let you assume exists (AccessDenied either way).
  it('a role that does not exist is denied like a forbidden one (AccessDenied), and a non-role ARN is a ValidationError', () => {
    const w = world(trust(userOf(A, 'u')));
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'Nope'), 'ss')).toBe('AccessDenied');
    expect(assume(w, userOf(A, 'u'), userOf(A, 'u'), 'ss')).toBe('ValidationError');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — explicit denies win,
  // in the trust policy and in the caller's identity policies.
  it('an explicit deny in the trust policy or in the caller\'s policy wins', () => {
    const trustWithDeny = policy(
      { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { AWS: userOf(A, 'u') }, Action: 'sts:AssumeRole' },
    );
    const w = world(trustWithDeny);
    mayAssume(w, A, 'u');
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'denied')).toBe('AccessDenied');

    const w2 = world(trust(userOf(A, 'u')));
    w2.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'no', PolicyDocument: policy(deny('sts:AssumeRole')) });
    expect(assume(w2, userOf(A, 'u'), roleOf(A, 'R'), 'denied')).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid and
  // #ck_rolesessionname — the request carries sts:ExternalId and sts:RoleSessionName.
  it('trust policy conditions see sts:ExternalId and sts:RoleSessionName', () => {
    const conditioned = policy({
      Effect: 'Allow',
      Principal: { AWS: userOf(A, 'u') },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'secret-42' }, StringLike: { 'sts:RoleSessionName': 'job-*' } },
    });
    const w = world(conditioned);
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'job-1')).toBe('AccessDenied');
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'job-1', { ExternalId: 'wrong' })).toBe('AccessDenied');
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'other', { ExternalId: 'secret-42' })).toBe('AccessDenied');
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'job-1', { ExternalId: 'secret-42' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles — a
  // role ARN as principal covers the role's sessions (role chaining).
  it('a session of a role named in the trust policy may assume the role (role chaining)', () => {
    const w = world(trust(userOf(A, 'u')));
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'Next', AssumeRolePolicyDocument: trust(roleOf(A, 'R')) });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'hop1' });
    expect(assume(w, sessionOf(A, 'R', 'hop1'), roleOf(A, 'Next'), 'hop2')).toBe('ok');
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'Next'), 'skip')).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — SCPs bind member accounts' principals.
  it('an SCP of the caller\'s account can deny sts:AssumeRole', () => {
    const w = new World({ organization: { management: A as never, members: [B as never] } });
    w.ok(rootOf(B), 'iam:CreateUser', { UserName: 'x' });
    w.ok(rootOf(B), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(B, 'x')) });
    expect(assume(w, userOf(B, 'x'), roleOf(B, 'R'), 'before')).toBe('ok');
    const id = w.ok(rootOf(A), 'organizations:CreatePolicy', { Name: 'NoRoles', Type: 'SERVICE_CONTROL_POLICY', Content: policy(deny('sts:AssumeRole')) }).Policy.PolicySummary.Id;
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: w.state.organization!.rootId });
    expect(assume(w, userOf(B, 'x'), roleOf(B, 'R'), 'after')).toBe('AccessDenied');
  });
});

describe('AssumeRole output and durations', () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — Credentials (ASIA... keys, Expiration),
  // AssumedRoleUser {Arn, AssumedRoleId = ROLEID:SESSION}; DurationSeconds defaults to 3600.
  it('returns deterministic temporary credentials expiring after one hour by default', () => {
    const run = () => {
      const w = world(trust(userOf(A, 'u')));
      return { w, out: w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'nightly-report' }) };
    };
    const { w, out } = run();
    const roleId = w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'R' }).Role.RoleId;
    expect(out.AssumedRoleUser).toEqual({ Arn: sessionOf(A, 'R', 'nightly-report'), AssumedRoleId: `${roleId}:nightly-report` });
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA[0-9A-Z]{16}$/);
    expect(out.Credentials.Expiration).toBe('2026-01-01T01:00:00.000Z');
    expect(run().out).toEqual(out);
    expect(w.state.iam.sessions[sessionOf(A, 'R', 'nightly-report')]).toMatchObject({ roleArn: roleOf(A, 'R'), assumedBy: userOf(A, 'u') });
  });

  // Same page: "DurationSeconds ... from 900 seconds (15 minutes) up to the maximum session duration setting for the role".
  it('DurationSeconds must lie in 900..MaxSessionDuration (ValidationError)', () => {
    const w = world(trust(userOf(A, 'u')));
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'short', { DurationSeconds: 899 })).toBe('ValidationError');
    expect(assume(w, userOf(A, 'u'), roleOf(A, 'R'), 'long', { DurationSeconds: 3601 })).toBe('ValidationError');
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'Long', AssumeRolePolicyDocument: trust(userOf(A, 'u')), MaxSessionDuration: 43200 });
    const out = w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'Long'), RoleSessionName: 'long', DurationSeconds: 43200 });
    expect(out.Credentials.Expiration).toBe('2026-01-01T12:00:00.000Z');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining — "Role
  // chaining limits your AWS CLI or AWS API role session to a maximum of one hour."
  it('a chained session lasts at most one hour, whatever the role allows', () => {
    const w = world(trust(userOf(A, 'u')));
    w.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'Long', AssumeRolePolicyDocument: trust(roleOf(A, 'R')), MaxSessionDuration: 43200 });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'hop1' });
    const r = w.call(sessionOf(A, 'R', 'hop1'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'Long'), RoleSessionName: 'hop2', DurationSeconds: 7200 });
    expect(r.ok ? 'ok' : r.error).toEqual({ code: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' });
    expect(assume(w, sessionOf(A, 'R', 'hop1'), roleOf(A, 'Long'), 'hop2', { DurationSeconds: 3600 })).toBe('ok');
  });
});

describe('managed session policies that do not exist', () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — PolicyArns: "The policies must exist in
  // the same account as the role." The error for one that does not is UNVERIFIED
  // (config.unknownSessionPolicyArnError; default: accepted, and it allows nothing).
  it('by default the session is accepted and the missing policy allows nothing; a configured error refuses it', () => {
    const w = world(trust(userOf(A, 'u')));
    w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: 'R', PolicyName: 'p', PolicyDocument: policy(allow('iam:ListUsers')) });
    const missing = [{ arn: `arn:aws:iam::${A}:policy/Missing` }];
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'ss', PolicyArns: missing });
    expect(w.code(sessionOf(A, 'R', 'ss'), 'iam:ListUsers')).toBe('AccessDenied');
    const strict = new World({ config: { unknownSessionPolicyArnError: 'MalformedPolicyDocument' } });
    strict.ok(rootOf(A), 'iam:CreateUser', { UserName: 'u' });
    strict.ok(rootOf(A), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trust(userOf(A, 'u')) });
    expect(assume(strict, userOf(A, 'u'), roleOf(A, 'R'), 'ss', { PolicyArns: missing })).toBe('MalformedPolicyDocument');
  });
});

describe('sessions expire', () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — the credentials are valid until
  // Expiration; afterwards requests fail with ExpiredToken ("The security token included in the request is expired").
  it('a session works until its Expiration and is rejected from then on (ExpiredToken)', () => {
    const w = world(trust(userOf(A, 'u')));
    w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: 'R', PolicyName: 'p', PolicyDocument: policy(allow('iam:ListUsers')) });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'short', DurationSeconds: 900 });
    w.advanceSeconds(899);
    expect(w.code(sessionOf(A, 'R', 'short'), 'iam:ListUsers')).toBe('ok');
    w.advanceSeconds(1);
    expect(w.code(sessionOf(A, 'R', 'short'), 'iam:ListUsers')).toBe('ExpiredToken');
    expect(w.code(sessionOf(A, 'R', 'short'), 'sts:GetCallerIdentity')).toBe('ExpiredToken');
    // Assuming the role again gives a fresh session under the same ARN.
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'short' });
    expect(w.code(sessionOf(A, 'R', 'short'), 'iam:ListUsers')).toBe('ok');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html — a session is evaluated
  // against the role's current policies (that is how revoking sessions with an added Deny works).
  it('a live session follows the role\'s current policies', () => {
    const w = world(trust(userOf(A, 'u')));
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'live' });
    expect(w.code(sessionOf(A, 'R', 'live'), 'iam:ListUsers')).toBe('AccessDenied');
    w.ok(rootOf(A), 'iam:PutRolePolicy', { RoleName: 'R', PolicyName: 'p', PolicyDocument: policy(allow('iam:ListUsers')) });
    expect(w.code(sessionOf(A, 'R', 'live'), 'iam:ListUsers')).toBe('ok');
  });
});

describe('GetCallerIdentity', () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html — "No permissions are required ...
  // If an administrator attaches a policy to your identity that explicitly denies access to the
  // sts:GetCallerIdentity action, you can still perform this operation."
  it('answers for the root user, a user and a session, even against an explicit deny', () => {
    const w = world(trust(userOf(A, 'u')));
    w.ok(rootOf(A), 'iam:PutUserPolicy', { UserName: 'u', PolicyName: 'no', PolicyDocument: policy(deny('*')) });
    expect(w.ok(rootOf(A), 'sts:GetCallerIdentity')).toEqual({ UserId: A, Account: A, Arn: rootOf(A) });
    const userId = w.ok(rootOf(A), 'iam:GetUser', { UserName: 'u' }).User.UserId;
    expect(w.ok(userOf(A, 'u'), 'sts:GetCallerIdentity')).toEqual({ UserId: userId, Account: A, Arn: userOf(A, 'u') });
    w.ok(rootOf(A), 'iam:DeleteUserPolicy', { UserName: 'u', PolicyName: 'no' });
    w.ok(userOf(A, 'u'), 'sts:AssumeRole', { RoleArn: roleOf(A, 'R'), RoleSessionName: 'who' });
    const roleId = w.ok(rootOf(A), 'iam:GetRole', { RoleName: 'R' }).Role.RoleId;
    expect(w.ok(sessionOf(A, 'R', 'who'), 'sts:GetCallerIdentity')).toEqual({ UserId: `${roleId}:who`, Account: A, Arn: sessionOf(A, 'R', 'who') });
  });
});

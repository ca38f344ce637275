// Key policies: the default policy, GetKeyPolicy/PutKeyPolicy/ListKeyPolicies, document checks and the lockout safety check.
import { describe, expect, it } from 'vitest';
import { A, B, KmsWorld, ROOT_A, accountStatement, allow, policy, userOf } from './kms-world.ts';

const DEFAULT_POLICY_A = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${A}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';
const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';

describe('the default key policy and the policy operations', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html — one statement delegating to the account;
  // text as KMS prints it (https://docs.aws.amazon.com/kms/latest/developerguide/ct-put-key-policy.html).
  it('CreateKey without Policy gets the API default policy', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.ok(ROOT_A, 'kms:GetKeyPolicy', { KeyId: k.id, PolicyName: 'default' })).toEqual({ Policy: DEFAULT_POLICY_A, PolicyName: 'default' });
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html, API_ListKeyPolicies.html — "default" only.
  it('ListKeyPolicies lists "default"; other policy names are refused', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.ok(ROOT_A, 'kms:ListKeyPolicies', { KeyId: k.id })).toEqual({ PolicyNames: ['default'], Truncated: false });
    expect(w.fail(ROOT_A, 'kms:GetKeyPolicy', { KeyId: k.id, PolicyName: 'other' }).code).toBe('NotFoundException');
    expect(w.fail(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, PolicyName: 'other', Policy: policy(accountStatement(A)) }).code).toBe('UnsupportedOperationException');
    expect(w.ok(ROOT_A, 'kms:GetKeyPolicy', { KeyId: k.id })['PolicyName']).toBe('default');
  });

  // API_PutKeyPolicy — the new policy text is stored and returned as given.
  it('PutKeyPolicy replaces the policy and GetKeyPolicy returns its text', () => {
    const w = new KmsWorld();
    const k = w.key();
    const text = policy(accountStatement(A), { Sid: 'read', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:Decrypt', Resource: '*' });
    w.ok(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, PolicyName: 'default', Policy: text });
    expect(w.ok(ROOT_A, 'kms:GetKeyPolicy', { KeyId: k.id })['Policy']).toBe(text);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html — no implicit access, not even for the root user.
  it('the root user has no access a key policy does not give it', () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const k = w.key(ROOT_A, {
      Policy: policy({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'kms:*', Resource: '*' }),
      BypassPolicyLockoutSafetyCheck: true,
    });
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: k.arn }).message).toContain('because no resource-based policy allows the kms:DescribeKey action');
    expect(w.ok(alice, 'kms:DescribeKey', { KeyId: k.arn })['KeyMetadata']).toMatchObject({ KeyId: k.id });
  });
});

describe('key policy documents', () => {
  // API_PutKeyPolicy — MalformedPolicyDocumentException for a document that is not a valid key policy.
  it.each([
    ['not JSON', '{'],
    ['no Principal', policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })],
    ['an unknown element', policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*', Bogus: 1 })],
    ['an unknown condition operator', policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*', Condition: { StringEqualz: { a: 'b' } } })],
  ])('refuses %s with MalformedPolicyDocumentException', (_what, text) => {
    const w = new KmsWorld();
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Policy: text }).code).toBe('MalformedPolicyDocumentException');
    const k = w.key();
    expect(w.fail(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, Policy: text }).code).toBe('MalformedPolicyDocumentException');
  });

  // key-policy-overview.html — a statement without Action or Resource is accepted and does nothing.
  it('accepts a statement without Resource', () => {
    const w = new KmsWorld();
    w.key(ROOT_A, { Policy: policy(accountStatement(A), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt' }) });
  });

  // API_PutKeyPolicy — principals must exist; principals of accounts the world does not know are accepted (SCENARIOS.md).
  it('refuses principals of known accounts that do not exist, accepts those that do and unknown accounts', () => {
    const w = new KmsWorld();
    const statementFor = (principal: string) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' });
    for (const ghost of [userOf(A, 'ghost'), `arn:aws:iam::${A}:role/ghost`, `arn:aws:iam::${A}:group/admins`, 'not-an-arn', `arn:aws:iam::${A}:user/*`]) {
      expect(w.fail(ROOT_A, 'kms:CreateKey', { Policy: policy(accountStatement(A), statementFor(ghost)) }), ghost).toEqual({
        code: 'MalformedPolicyDocumentException', message: INVALID_PRINCIPALS,
      });
    }
    const real = w.user(A, 'real');
    for (const ok of [real, B, `arn:aws:iam::${B}:root`, 'arn:aws:iam::999988887777:user/anyone', '*']) {
      w.ok(ROOT_A, 'kms:CreateKey', { Policy: policy(accountStatement(A), statementFor(ok)) });
    }
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html — key policy document size 32 KB.
  it('refuses a policy over the configured size with LimitExceededException', () => {
    const w = new KmsWorld();
    const big = policy(accountStatement(A), { Sid: 'x'.repeat(33_000), Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Policy: big }).code).toBe('LimitExceededException');
    const roomy = new KmsWorld({ keyPolicyMaxBytes: 64_000 });
    roomy.key(ROOT_A, { Policy: big });
  });

  // API_PutKeyPolicy — Policy pattern [\u0009\u000A\u000D\u0020-\u00FF]+.
  it('refuses characters outside Latin-1 as a validation error', () => {
    const w = new KmsWorld();
    const text = policy({ ...accountStatement(A), Sid: 'ключ' });
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Policy: text }).code).toBe('ValidationException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/abac.html — resource tag and alias conditions belong in IAM policies.
  it('refuses aws:ResourceTag and kms:ResourceAliases conditions in a key policy', () => {
    const w = new KmsWorld();
    const text = policy(accountStatement(A), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'x' } } });
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Policy: text }).message).toContain('aws:ResourceTag/team');
  });

  // spec §12.6 (UNVERIFIED): NotPrincipal/NotAction/NotResource and the bare "Principal": "*" are configurable.
  it('accepts NotAction and a bare "Principal": "*" by default, and refuses them when configured not to', () => {
    const notAction = policy(accountStatement(A), { Effect: 'Deny', Principal: { AWS: '*' }, NotAction: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const bareStar = policy(accountStatement(A), { Effect: 'Allow', Principal: '*', Action: 'kms:DescribeKey', Resource: '*' });
    const w = new KmsWorld();
    w.key(ROOT_A, { Policy: notAction });
    w.key(ROOT_A, { Policy: bareStar });
    const strict = new KmsWorld({ keyPolicyAllowsNotElements: false, keyPolicyAllowsBarePrincipalStar: false });
    expect(strict.fail(ROOT_A, 'kms:CreateKey', { Policy: notAction }).code).toBe('MalformedPolicyDocumentException');
    expect(strict.fail(ROOT_A, 'kms:CreateKey', { Policy: bareStar }).code).toBe('MalformedPolicyDocumentException');
  });
});

describe('the lockout safety check', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html — BypassPolicyLockoutSafetyCheck; spec §3.3 (INFERRED model).
  it('CreateKey refuses a policy that would not let the caller call PutKeyPolicy later, unless bypassed', () => {
    const w = new KmsWorld();
    const bob = w.user(A, 'bob', policy(allow('kms:CreateKey')));
    const encryptOnly = policy({ Effect: 'Allow', Principal: { AWS: bob }, Action: 'kms:Encrypt', Resource: '*' });
    expect(w.fail(bob, 'kms:CreateKey', { Policy: encryptOnly })).toEqual({ code: 'MalformedPolicyDocumentException', message: LOCKOUT });
    const locked = w.key(bob, { Policy: encryptOnly, BypassPolicyLockoutSafetyCheck: true });
    w.ok(bob, 'kms:Encrypt', { KeyId: locked.arn, Plaintext: 'x' });
    expect(w.fail(bob, 'kms:PutKeyPolicy', { KeyId: locked.arn, Policy: policy(accountStatement(A)) }).code).toBe('AccessDeniedException');
    w.key(bob, { Policy: policy({ Effect: 'Allow', Principal: { AWS: bob }, Action: ['kms:Encrypt', 'kms:PutKeyPolicy'], Resource: '*' }) });
  });

  // customer-managed-policies.html — the check counts kms:PutKeyPolicy that reaches the caller through the account
  // statement and its IAM policies.
  it('counts PutKeyPolicy granted through the account statement and the caller IAM policy', () => {
    const w = new KmsWorld();
    const admin = w.user(A, 'admin', policy(allow(['kms:CreateKey', 'kms:PutKeyPolicy'])));
    const creator = w.user(A, 'creator', policy(allow('kms:CreateKey')));
    w.key(admin, { Policy: policy(accountStatement(A)) });
    expect(w.fail(creator, 'kms:CreateKey', { Policy: policy(accountStatement(A)) }).message).toBe(LOCKOUT);
  });

  // API_PutKeyPolicy — the same check on PutKeyPolicy; a refused call changes nothing.
  it('PutKeyPolicy refuses a policy that leaves the caller out, and the old policy stays', () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const k = w.key();
    const aliceOnly = policy({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'kms:Decrypt', Resource: '*' });
    expect(w.fail(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, Policy: aliceOnly }).code).toBe('MalformedPolicyDocumentException');
    expect(w.ok(ROOT_A, 'kms:GetKeyPolicy', { KeyId: k.id })['Policy']).toBe(DEFAULT_POLICY_A);
    w.ok(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, Policy: aliceOnly, BypassPolicyLockoutSafetyCheck: true });
    expect(w.fail(ROOT_A, 'kms:GetKeyPolicy', { KeyId: k.id }).code).toBe('AccessDeniedException');
  });

  // conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check — admins can deny the bypass.
  it('kms:BypassPolicyLockoutSafetyCheck lets a policy deny the bypass', () => {
    const w = new KmsWorld();
    const noBypass = {
      Effect: 'Deny', Principal: { AWS: '*' }, Action: ['kms:PutKeyPolicy', 'kms:CreateKey'], Resource: '*',
      Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
    };
    const k = w.key(ROOT_A, { Policy: policy(accountStatement(A), noBypass) });
    const again = policy(accountStatement(A), noBypass);
    expect(w.fail(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, Policy: again, BypassPolicyLockoutSafetyCheck: true }).code).toBe('AccessDeniedException');
    w.ok(ROOT_A, 'kms:PutKeyPolicy', { KeyId: k.id, Policy: again });
    const u = w.user(A, 'u', policy(allow('kms:CreateKey'), { Effect: 'Deny', Action: 'kms:CreateKey', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } }));
    expect(w.fail(u, 'kms:CreateKey', { Policy: policy(accountStatement(A)), BypassPolicyLockoutSafetyCheck: true }).code).toBe('AccessDeniedException');
  });
});

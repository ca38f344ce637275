// Cross-account use of a key: both the key policy and the caller's IAM policy, and only for cross-account operations.
import { describe, expect, it } from 'vitest';
import { A, B, KmsWorld, ROOT_A, ROOT_B, accountStatement, allow, policy, rootOf } from './kms-world.ts';

/** A key of account A shared with account B for the given actions. */
function shared(w: KmsWorld, actions: string[]) {
  return w.key(ROOT_A, {
    Policy: policy(accountStatement(A), { Sid: 'share', Effect: 'Allow', Principal: { AWS: rootOf(B) }, Action: actions, Resource: '*' }),
  });
}

describe('cross-account key use', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html — "Neither alone is sufficient".
  it('needs the key policy to allow the account and the caller IAM policy to allow the action', () => {
    const w = new KmsWorld();
    const k = shared(w, ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt']);
    const ct = w.encrypt(k, 'report');
    const noIam = w.user(B, 'noIam');
    const withIam = w.user(B, 'withIam', policy(allow(['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*'], k.arn)));
    expect(w.fail(noIam, 'kms:Decrypt', { CiphertextBlob: ct, KeyId: k.arn }).code).toBe('AccessDeniedException');
    expect(w.ok(withIam, 'kms:Decrypt', { CiphertextBlob: ct })).toMatchObject({ Plaintext: 'report', KeyId: k.arn });
    expect(w.ok(ROOT_B, 'kms:DescribeKey', { KeyId: k.arn })['KeyMetadata']).toMatchObject({ AWSAccountId: A });
    const ct2 = w.ok(withIam, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'from B' })['CiphertextBlob'];
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct2 })['Plaintext']).toBe('from B');
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html — "either or both keys may be in other accounts".
  it('ReEncrypt can move a ciphertext from another account key to the caller own key', () => {
    const w = new KmsWorld();
    const theirs = shared(w, ['kms:ReEncryptFrom']);
    const mine = w.key(ROOT_B);
    const ct = w.encrypt(theirs, 'moving');
    const out = w.ok(ROOT_B, 'kms:ReEncrypt', { CiphertextBlob: ct, DestinationKeyId: mine.id });
    expect(w.ok(ROOT_B, 'kms:Decrypt', { CiphertextBlob: out['CiphertextBlob'] })['Plaintext']).toBe('moving');
  });

  // spec §3.6 — admin operations never work across accounts, whatever the key policy says.
  it.each([
    ['kms:DisableKey', (arn: string) => ({ KeyId: arn })],
    ['kms:ScheduleKeyDeletion', (arn: string) => ({ KeyId: arn, PendingWindowInDays: 7 })],
    ['kms:PutKeyPolicy', (arn: string) => ({ KeyId: arn, Policy: policy(accountStatement(A)) })],
    ['kms:GetKeyPolicy', (arn: string) => ({ KeyId: arn })],
    ['kms:EnableKeyRotation', (arn: string) => ({ KeyId: arn })],
    ['kms:ListResourceTags', (arn: string) => ({ KeyId: arn })],
  ])('%s granted to another account still fails there', (op, input) => {
    const w = new KmsWorld();
    const k = shared(w, ['kms:*']);
    expect(w.fail(ROOT_B, op, input(k.arn)).code).toBe('AccessDeniedException');
  });

  // spec §3.6 — GetKeyRotationStatus and DescribeKey are cross-account operations.
  it('GetKeyRotationStatus works across accounts', () => {
    const w = new KmsWorld();
    const k = shared(w, ['kms:GetKeyRotationStatus']);
    expect(w.ok(ROOT_B, 'kms:GetKeyRotationStatus', { KeyId: k.arn })['KeyRotationEnabled']).toBe(false);
  });

  // spec §12.2: the error for a non-cross-account operation is configuration.
  it('uses the configured error for a non-cross-account operation', () => {
    const w = new KmsWorld({ crossAccountNotSupportedError: 'NotFoundException' });
    const k = shared(w, ['kms:*']);
    expect(w.fail(ROOT_B, 'kms:DisableKey', { KeyId: k.arn }).code).toBe('NotFoundException');
  });
});

describe('the order of authorization and the key-state check (spec §12.1, config.authzOrder)', () => {
  it('authorizeThenState (default): an unauthorized caller of a disabled key gets AccessDeniedException', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    expect(w.fail(w.user(A, 'u'), 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x' }).code).toBe('AccessDeniedException');
  });

  it('stateThenAuthorize: the same call gets DisabledException', () => {
    const w = new KmsWorld({ authzOrder: 'stateThenAuthorize' });
    const k = w.key();
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    expect(w.fail(w.user(A, 'u'), 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x' }).code).toBe('DisabledException');
  });
});

// Key rotation: automatic (EnableKeyRotation, the clock), on-demand (RotateKeyOnDemand), status and history.
import { describe, expect, it } from 'vitest';
import { KmsWorld, ROOT_A } from './kms-world.ts';

const versions = (w: KmsWorld, id: string): number[] => w.state.kms.keys[id]!.materials.map((m) => m.version);

describe('automatic rotation', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html — default period 365 days, range 90..2560.
  it('is off by default; EnableKeyRotation turns it on with the default period of 365 days', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })).toEqual({ KeyId: k.arn, KeyRotationEnabled: false, RotationPeriodInDays: undefined, NextRotationDate: undefined });
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id });
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })).toEqual({
      KeyId: k.arn, KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: '2027-01-01T00:00:00.000Z',
    });
  });

  it.each([89, 2561])('refuses a rotation period of %i days', (days) => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.fail(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id, RotationPeriodInDays: days }).code).toBe('ValidationException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — old material is kept; Decrypt picks it from the ciphertext.
  it('rotates every period; ciphertexts of every version still decrypt and Encrypt uses the newest', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id, RotationPeriodInDays: 90 });
    const ct1 = w.encrypt(k, 'version 1');
    w.advance({ days: 89 });
    expect(versions(w, k.id)).toEqual([1]);
    w.advance({ days: 1 });
    expect(versions(w, k.id)).toEqual([1, 2]);
    const ct2 = w.encrypt(k, 'version 2');
    w.advance({ days: 180 });
    expect(versions(w, k.id)).toEqual([1, 2, 3, 4]);
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct1 })['Plaintext']).toBe('version 1');
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct2 })['Plaintext']).toBe('version 2');
    const rotations = w.ok(ROOT_A, 'kms:ListKeyRotations', { KeyId: k.id })['Rotations'];
    expect(rotations).toEqual([
      { KeyId: k.arn, RotationDate: '2026-04-01T00:00:00.000Z', RotationType: 'AUTOMATIC' },
      { KeyId: k.arn, RotationDate: '2026-06-30T00:00:00.000Z', RotationType: 'AUTOMATIC' },
      { KeyId: k.arn, RotationDate: '2026-09-28T00:00:00.000Z', RotationType: 'AUTOMATIC' },
    ]);
  });

  it('DisableKeyRotation stops it', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id, RotationPeriodInDays: 90 });
    w.ok(ROOT_A, 'kms:DisableKeyRotation', { KeyId: k.id });
    w.advance({ days: 400 });
    expect(versions(w, k.id)).toEqual([1]);
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })['KeyRotationEnabled']).toBe(false);
  });

  // rotate-keys.html — a disabled key is not rotated; on re-enabling an overdue key is rotated at once.
  it('skips a disabled key and rotates it at once when it is enabled again past its date', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id, RotationPeriodInDays: 90 });
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    w.advance({ days: 200 });
    expect(versions(w, k.id)).toEqual([1]);
    w.ok(ROOT_A, 'kms:EnableKey', { KeyId: k.id });
    expect(versions(w, k.id)).toEqual([1, 2]);
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })['NextRotationDate']).toBe('2026-10-18T00:00:00.000Z');
  });

  // spec §1.6: while pending deletion the status reads false; cancelling restores it.
  it('reads false while the key is pending deletion and comes back after CancelKeyDeletion', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })['KeyRotationEnabled']).toBe(false);
    expect(w.fail(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id }).code).toBe('KMSInvalidStateException');
    w.ok(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: k.id });
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect(w.fail(ROOT_A, 'kms:DisableKeyRotation', { KeyId: k.id }).code).toBe('DisabledException');
  });

  // rotate-keys.html: automatic rotation only for symmetric keys with KMS-generated material.
  it('is refused for asymmetric and HMAC keys (UnsupportedOperationException) and imported-material keys', () => {
    const w = new KmsWorld();
    const rsa = w.key(ROOT_A, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const hmac = w.key(ROOT_A, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const imported = w.key(ROOT_A, { Origin: 'EXTERNAL' });
    expect(w.fail(ROOT_A, 'kms:EnableKeyRotation', { KeyId: rsa.id }).code).toBe('UnsupportedOperationException');
    expect(w.fail(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: hmac.id }).code).toBe('UnsupportedOperationException');
    expect(w.fail(ROOT_A, 'kms:EnableKeyRotation', { KeyId: imported.id })).toEqual({
      code: 'UnsupportedOperationException', message: `${imported.arn} origin is EXTERNAL which is not valid for this operation.`,
    });
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: rsa.id })['KeyRotationEnabled']).toBe(false);
  });

  // conditions-kms.html#conditions-kms-rotation-period-in-days
  it('exposes kms:RotationPeriodInDays to policies', () => {
    const w = new KmsWorld();
    const k = w.key();
    const u = w.user('111122223333', 'u', JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'kms:EnableKeyRotation', Resource: '*', Condition: { NumericLessThanEquals: { 'kms:RotationPeriodInDays': 180 } } }],
    }));
    expect(w.fail(u, 'kms:EnableKeyRotation', { KeyId: k.arn }).code).toBe('AccessDeniedException');
    w.ok(u, 'kms:EnableKeyRotation', { KeyId: k.arn, RotationPeriodInDays: 180 });
  });
});

describe('on-demand rotation', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html — immediate; does not change the schedule.
  it('rotates at once, keeps the automatic schedule, and is listed as ON_DEMAND', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id });
    const before = w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })['NextRotationDate'];
    const ct = w.encrypt(k, 'old');
    expect(w.ok(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id })).toEqual({ KeyId: k.arn });
    expect(versions(w, k.id)).toEqual([1, 2]);
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: k.id })['NextRotationDate']).toBe(before);
    expect(w.ok(ROOT_A, 'kms:ListKeyRotations', { KeyId: k.id })['Rotations']).toEqual([{ KeyId: k.arn, RotationDate: '2026-01-01T00:00:00.000Z', RotationType: 'ON_DEMAND' }]);
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct })['Plaintext']).toBe('old');
  });

  // spec §1.6: LimitExceededException after the configured number of on-demand rotations (10 or 25).
  it('stops at the configured limit with LimitExceededException', () => {
    const w = new KmsWorld({ onDemandRotationLimit: 3 });
    const k = w.key();
    for (let i = 0; i < 3; i++) w.ok(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id });
    expect(w.fail(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id })).toEqual({
      code: 'LimitExceededException',
      message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${k.arn}`,
    });
    expect(versions(w, k.id)).toEqual([1, 2, 3, 4]);
  });

  it('works whether or not automatic rotation is on, and fails on a disabled key', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id });
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    expect(w.fail(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id })).toEqual({ code: 'DisabledException', message: `${k.arn} is disabled.` });
  });

  // API_RotateKeyOnDemand — ConflictException when an automatic rotation is due within 20 minutes.
  it('conflicts with an automatic rotation due within 20 minutes', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: k.id, RotationPeriodInDays: 90 });
    w.advance({ days: 90, minutes: -10 });
    expect(w.fail(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id }).code).toBe('ConflictException');
  });
});

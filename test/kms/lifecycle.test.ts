// The key lifecycle: disable/enable, scheduling and cancelling deletion, and deletion at the end of the waiting period.
import { describe, expect, it } from 'vitest';
import { A, KmsWorld, ROOT_A } from './kms-world.ts';

describe('enable and disable', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html, API_EnableKey.html; key-state.html (DisableKey on a disabled key ✓).
  it('DisableKey and EnableKey switch the state; both are idempotent', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    expect(w.metadata(k)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(w.fail(ROOT_A, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x' })).toEqual({ code: 'DisabledException', message: `${k.arn} is disabled.` });
    w.ok(ROOT_A, 'kms:EnableKey', { KeyId: k.id });
    w.ok(ROOT_A, 'kms:EnableKey', { KeyId: k.id });
    expect(w.metadata(k)).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  });

  // API_EnableKey etc.: "Specify the key ID or key ARN" — an alias does not name the key for these operations.
  it('does not accept an alias where only a key id or key ARN is allowed', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/a', TargetKeyId: k.id });
    expect(w.fail(ROOT_A, 'kms:DisableKey', { KeyId: 'alias/a' }).code).toBe('NotFoundException');
  });
});

describe('scheduling and cancelling deletion', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html — output and the 7..30 day window.
  it('ScheduleKeyDeletion answers KeyId (ARN), DeletionDate, KeyState and PendingWindowInDays, default 30 days', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id })).toEqual({
      KeyId: k.arn, DeletionDate: '2026-01-31T00:00:00.000Z', KeyState: 'PendingDeletion', PendingWindowInDays: 30,
    });
    expect(w.metadata(k)).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: '2026-01-31T00:00:00.000Z', PendingDeletionWindowInDays: 30 });
  });

  it.each([6, 31, 0])('refuses a waiting period of %i days', (days) => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.fail(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: days }).code).toBe('ValidationException');
    expect(w.metadata(k)['KeyState']).toBe('Enabled');
  });

  it('the out-of-range error and the window bounds are configuration (spec §12.3)', () => {
    const w = new KmsWorld({ pendingWindowOutOfRangeError: 'InvalidArgumentException', pendingWindowMinDays: 1 });
    const k = w.key();
    expect(w.fail(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 31 }).code).toBe('InvalidArgumentException');
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 1 });
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-schedule-key-deletion-pending-window-in-days
  it('exposes kms:ScheduleKeyDeletionPendingWindowInDays to policies', () => {
    const w = new KmsWorld();
    const u = w.user(A, 'u', JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 } } }],
    }));
    const k = w.key();
    expect(w.fail(u, 'kms:ScheduleKeyDeletion', { KeyId: k.arn, PendingWindowInDays: 7 }).code).toBe('AccessDeniedException');
    w.ok(u, 'kms:ScheduleKeyDeletion', { KeyId: k.arn });
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html — "the key state of the KMS key is Disabled".
  it.each(['Enabled', 'Disabled'])('CancelKeyDeletion leaves a key that was %s before scheduling Disabled', (before) => {
    const w = new KmsWorld();
    const k = w.key();
    if (before === 'Disabled') w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    expect(w.ok(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: k.id })).toEqual({ KeyId: k.arn });
    const md = w.metadata(k);
    expect(md).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(md['DeletionDate']).toBeUndefined();
    expect(md['PendingDeletionWindowInDays']).toBeUndefined();
  });

  // key-state.html f4: "<key ARN> is not pending deletion"; f3 for a second ScheduleKeyDeletion.
  it('CancelKeyDeletion of a key not pending deletion, and a second ScheduleKeyDeletion, are KMSInvalidStateException', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.fail(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: k.id })).toEqual({ code: 'KMSInvalidStateException', message: `${k.arn} is not pending deletion.` });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    expect(w.fail(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id })).toEqual({ code: 'KMSInvalidStateException', message: `${k.arn} is pending deletion.` });
  });
});

describe('deletion at the end of the waiting period', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — the key, its aliases and metadata are deleted.
  it('deletes the key exactly at its DeletionDate and not a moment before', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    w.advance({ days: 7, seconds: -1 });
    expect(w.metadata(k)['KeyState']).toBe('PendingDeletion');
    w.advance({ seconds: 1 });
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: k.arn })).toEqual({ code: 'NotFoundException', message: `Key '${k.arn}' does not exist` });
    expect(w.state.kms.deletedKeys[k.id]).toEqual({ arn: k.arn, deletedAt: Date.parse('2026-01-08T00:00:00Z') });
    expect(w.state.now).toBe(Date.parse('2026-01-08T00:00:00Z'));
  });

  it('removes the aliases of the deleted key and nothing else', () => {
    const w = new KmsWorld();
    const doomed = w.key();
    const kept = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: doomed.id });
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/kept', TargetKeyId: kept.id });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: doomed.id, PendingWindowInDays: 7 });
    w.advance({ days: 8 });
    const names = (w.ok(ROOT_A, 'kms:ListAliases')['Aliases'] as { AliasName: string }[]).map((a) => a.AliasName);
    expect(names).toEqual(['alias/kept']);
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: 'alias/doomed' }).code).toBe('NotFoundException');
    expect(w.metadata(kept)['KeyState']).toBe('Enabled');
    expect((w.ok(ROOT_A, 'kms:ListKeys')['Keys'] as unknown[]).length).toBe(1);
  });

  // spec §1.5 / §12.12 (UNVERIFIED): Decrypt without KeyId of a ciphertext whose key is gone → config.decryptDeletedKeyError.
  it('a ciphertext of a deleted key never decrypts again', () => {
    const w = new KmsWorld();
    const k = w.key();
    const ct = w.encrypt(k, 'gone');
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    w.advance({ days: 30 });
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct })).toEqual({
      code: 'AccessDeniedException',
      message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    });
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, KeyId: k.arn }).code).toBe('NotFoundException');
    const other = new KmsWorld({ decryptDeletedKeyError: 'NotFoundException' });
    const k2 = other.key();
    const ct2 = other.encrypt(k2, 'gone');
    other.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k2.id, PendingWindowInDays: 7 });
    other.advance({ days: 7 });
    expect(other.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct2 }).code).toBe('NotFoundException');
  });

  it('a cancelled deletion keeps the key and its ciphertexts', () => {
    const w = new KmsWorld();
    const k = w.key();
    const ct = w.encrypt(k, 'kept');
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    w.advance({ days: 3 });
    w.ok(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: k.id });
    w.advance({ days: 30 });
    w.ok(ROOT_A, 'kms:EnableKey', { KeyId: k.id });
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct })).toMatchObject({ Plaintext: 'kept', KeyId: k.arn });
  });

  it('two keys with different waiting periods are deleted in time order', () => {
    const w = new KmsWorld();
    const short = w.key();
    const long = w.key();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: long.id, PendingWindowInDays: 30 });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: short.id, PendingWindowInDays: 7 });
    w.advance({ days: 9 });
    expect(w.code(ROOT_A, 'kms:DescribeKey', { KeyId: short.arn })).toBe('NotFoundException');
    expect(w.code(ROOT_A, 'kms:DescribeKey', { KeyId: long.arn })).toBe('ok');
    w.advance({ days: 21 });
    expect(w.code(ROOT_A, 'kms:DescribeKey', { KeyId: long.arn })).toBe('NotFoundException');
    expect(Object.keys(w.state.kms.deletedKeys).sort()).toEqual([short.id, long.id].sort());
  });
});

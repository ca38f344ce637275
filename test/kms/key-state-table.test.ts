// The key-state × operation table (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html), cell by cell:
// the table data against its footnotes, and every modelled operation driven through step() in every reachable state.
import { describe, expect, it } from 'vitest';
import { keyArn } from '../../model/index.ts';
import type { Arn, Key, KeyState } from '../../model/index.ts';
import { seal } from '../../model/kms/ciphertext.ts';
import { keyStateError } from '../../model/kms/keys.ts';
import { COLUMNS, KEY_STATE_TABLE, cellFor } from '../../model/kms/state-table.ts';
import type { Cell } from '../../model/kms/state-table.ts';
import { A, KmsWorld, ROOT_A, accountStatement, policy } from './kms-world.ts';
import type { KeyRef } from './kms-world.ts';

const ARN = keyArn('us-east-1', A, '1234abcd-12ab-34cd-56ef-1234567890ab');

function keyIn(state: KeyState, origin: Key['origin'] = 'AWS_KMS'): Key {
  return {
    keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', arn: ARN, account: A as Key['account'], region: 'us-east-1', description: '',
    keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin, state, createdAt: 0,
    deletionDate: undefined, pendingWindowInDays: undefined, policy: { text: '', doc: { version: undefined, id: undefined, statements: [] } },
    rotation: { enabled: false, periodDays: 365, nextRotationAt: undefined, onDemandCount: 0 }, materials: [], grants: {}, tags: {},
  };
}

/** The documented footnote errors (spec §1.3), f2/f3 modelled as KMSInvalidStateException. */
const FOOTNOTE: Readonly<Record<string, { code: string; message: string }>> = {
  f1: { code: 'DisabledException', message: `${ARN} is disabled.` },
  f3: { code: 'KMSInvalidStateException', message: `${ARN} is pending deletion.` },
  f4: { code: 'KMSInvalidStateException', message: `${ARN} is not pending deletion.` },
  f5: { code: 'KMSInvalidStateException', message: `${ARN} is pending import.` },
  f6: { code: 'UnsupportedOperationException', message: `${ARN} origin is EXTERNAL which is not valid for this operation.` },
  f11: { code: 'KMSInvalidStateException', message: `${ARN} is unavailable.` },
  f14: { code: 'KMSInvalidStateException', message: `${ARN} is creating.` },
  f15: { code: 'KMSInvalidStateException', message: `${ARN} is updating.` },
};

// https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — each footnote's exception and message.
describe('keyStateError reads every cell of the table as its footnote says', () => {
  const cases = Object.keys(KEY_STATE_TABLE).flatMap((op) => COLUMNS.map((state) => [op, state] as const));
  it.each(cases)('%s in state %s', (op, state) => {
    const cell = cellFor(op, state) as Cell;
    const error = keyStateError(keyIn(state), op);
    if (cell === 'ok' || cell === 'f7') expect(error).toBeUndefined();
    else if (cell === 'na') expect(error).toEqual(state === 'PendingImport' ? FOOTNOTE['f5'] : state === 'Unavailable' ? FOOTNOTE['f11'] : undefined);
    else expect(error).toEqual(FOOTNOTE[cell]);
  });

  // Footnote 7: "?" cells fail only for keys with imported material (or in a custom key store).
  it('f7 cells fail with UnsupportedOperationException only for an EXTERNAL-origin key', () => {
    expect(keyStateError(keyIn('Enabled'), 'EnableKeyRotation')).toBeUndefined();
    expect(keyStateError(keyIn('Enabled', 'EXTERNAL'), 'EnableKeyRotation')).toEqual(FOOTNOTE['f6']);
    expect(keyStateError(keyIn('Disabled', 'EXTERNAL'), 'GetKeyRotationStatus')).toEqual(FOOTNOTE['f6']);
  });

  it('PendingReplicaDeletion reads the PendingDeletion column', () => {
    expect(keyStateError(keyIn('PendingReplicaDeletion'), 'Decrypt')).toEqual(FOOTNOTE['f3']);
    expect(keyStateError(keyIn('PendingReplicaDeletion'), 'CancelKeyDeletion')).toBeUndefined();
  });

  // spec §15 rule 6 (from the same page): what still works while a key is pending deletion.
  it('pending deletion: crypto, Enable/Disable, tagging and CreateGrant fail; policy, grant listing/retiring and DeleteAlias work', () => {
    const pending = keyIn('PendingDeletion');
    for (const op of ['Encrypt', 'Decrypt', 'GenerateDataKey', 'EnableKey', 'DisableKey', 'TagResource', 'UntagResource', 'CreateGrant', 'CreateAlias']) {
      expect(keyStateError(pending, op)?.code, op).toBe('KMSInvalidStateException');
    }
    for (const op of ['PutKeyPolicy', 'GetKeyPolicy', 'ListGrants', 'RetireGrant', 'RevokeGrant', 'DescribeKey', 'DeleteAlias', 'CancelKeyDeletion']) {
      expect(keyStateError(pending, op), op).toBeUndefined();
    }
  });
});

type ReachableState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';
const REACHABLE: readonly ReachableState[] = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'];

interface Fixture {
  readonly w: KmsWorld;
  readonly key: KeyRef;
  readonly other: KeyRef;
  readonly ciphertext: string;
  readonly signature: string;
}

const SIGN_OPS = new Set(['Sign', 'Verify', 'GetPublicKey']);

/** A key of the wanted kind brought into `state` (through the API), with an alias, a ciphertext and a signature made beforehand. */
function fixture(op: string, state: ReachableState): Fixture {
  const w = new KmsWorld();
  const sign = SIGN_OPS.has(op);
  const kind = sign ? { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' } : {};
  const key = w.key(ROOT_A, { ...kind, ...(state === 'PendingImport' ? { Origin: 'EXTERNAL' } : {}) });
  const other = w.key(ROOT_A, kind);
  w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/under-test', TargetKeyId: key.id });
  w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/other', TargetKeyId: other.id });
  w.ok(ROOT_A, 'kms:TagResource', { KeyId: key.id, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
  const material = { version: 1, secret: 'forged', createdAt: 0, onDemand: false };
  const forged = seal({ keyArn: key.arn as Arn, material, algorithm: 'SYMMETRIC_DEFAULT', nonce: 'n', encryptionContext: undefined, plaintext: 'x' });
  const ciphertext = state === 'PendingImport' || sign ? forged : w.encrypt(key, 'secret');
  const signature =
    state !== 'PendingImport' && sign
      ? (w.ok(ROOT_A, 'kms:Sign', { KeyId: key.arn, Message: 'm', SigningAlgorithm: 'RSASSA_PSS_SHA_256' })['Signature'] as string)
      : 'not-a-signature';
  if (state === 'Disabled') w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key.arn });
  if (state === 'PendingDeletion') w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key.arn, PendingWindowInDays: 7 });
  return { w, key, other, ciphertext, signature };
}

const INPUTS: Readonly<Record<string, (f: Fixture) => object>> = {
  CancelKeyDeletion: (f) => ({ KeyId: f.key.arn }),
  CreateAlias: (f) => ({ AliasName: 'alias/new', TargetKeyId: f.key.arn }),
  Decrypt: (f) => ({ CiphertextBlob: f.ciphertext }),
  DeleteAlias: () => ({ AliasName: 'alias/under-test' }),
  DescribeKey: (f) => ({ KeyId: f.key.arn }),
  DisableKey: (f) => ({ KeyId: f.key.arn }),
  DisableKeyRotation: (f) => ({ KeyId: f.key.arn }),
  EnableKey: (f) => ({ KeyId: f.key.arn }),
  EnableKeyRotation: (f) => ({ KeyId: f.key.arn }),
  Encrypt: (f) => ({ KeyId: f.key.arn, Plaintext: 'p' }),
  GenerateDataKey: (f) => ({ KeyId: f.key.arn, KeySpec: 'AES_256' }),
  GenerateDataKeyPair: (f) => ({ KeyId: f.key.arn, KeyPairSpec: 'RSA_2048' }),
  GenerateDataKeyPairWithoutPlaintext: (f) => ({ KeyId: f.key.arn, KeyPairSpec: 'ECC_NIST_P256' }),
  GenerateDataKeyWithoutPlaintext: (f) => ({ KeyId: f.key.arn, NumberOfBytes: 64 }),
  GetKeyPolicy: (f) => ({ KeyId: f.key.arn, PolicyName: 'default' }),
  GetKeyRotationStatus: (f) => ({ KeyId: f.key.arn }),
  GetPublicKey: (f) => ({ KeyId: f.key.arn }),
  ListKeyPolicies: (f) => ({ KeyId: f.key.arn }),
  ListKeyRotations: (f) => ({ KeyId: f.key.arn }),
  ListResourceTags: (f) => ({ KeyId: f.key.arn }),
  PutKeyPolicy: (f) => ({ KeyId: f.key.arn, PolicyName: 'default', Policy: policy(accountStatement(A)) }),
  ReEncrypt: (f) => ({ CiphertextBlob: f.ciphertext, DestinationKeyId: f.other.arn }),
  RotateKeyOnDemand: (f) => ({ KeyId: f.key.arn }),
  ScheduleKeyDeletion: (f) => ({ KeyId: f.key.arn, PendingWindowInDays: 7 }),
  Sign: (f) => ({ KeyId: f.key.arn, Message: 'm', SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
  TagResource: (f) => ({ KeyId: f.key.arn, Tags: [{ TagKey: 'c', TagValue: 'd' }] }),
  UntagResource: (f) => ({ KeyId: f.key.arn, TagKeys: ['a'] }),
  UpdateAlias: (f) => ({ AliasName: 'alias/other', TargetKeyId: f.key.arn }),
  UpdateKeyDescription: (f) => ({ KeyId: f.key.arn, Description: 'new' }),
  Verify: (f) => ({ KeyId: f.key.arn, Message: 'm', SigningAlgorithm: 'RSASSA_PSS_SHA_256', Signature: f.signature }),
};

/** The state error a cell promises for a key of this origin; undefined = the call succeeds. */
function expectedError(cell: Cell, state: ReachableState, arn: string): { code: string; message: string } | undefined {
  const at = (f: string) => ({ ...FOOTNOTE[f]!, message: FOOTNOTE[f]!.message.replace(ARN, arn) });
  if (cell === 'ok') return undefined;
  if (cell === 'f7') return state === 'PendingImport' ? at('f6') : undefined;
  if (cell === 'na') return state === 'PendingImport' ? at('f5') : undefined;
  return at(cell);
}

// https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — the table, exercised through the API by the
// account's root user under the default key policy (so authorization never interferes).
describe('every modelled key operation in every reachable key state behaves as its table cell says', () => {
  const cases = Object.keys(INPUTS).flatMap((op) => REACHABLE.map((state) => [op, state] as const));
  it.each(cases)('%s on a key that is %s', (op, state) => {
    const f = fixture(op, state);
    const cell = cellFor(op, state) as Cell;
    const r = f.w.call(ROOT_A, `kms:${op}`, INPUTS[op]!(f));
    const expected = expectedError(cell, state, f.key.arn);
    if (expected === undefined) expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`).toBe('ok');
    else expect(r.ok ? 'ok' : r.error).toEqual(expected);
  });

  it('covers every row of the table except grants (the grants work), MACs (not modelled) and ListAliases (no key)', () => {
    const left = Object.keys(KEY_STATE_TABLE).filter((op) => !(op in INPUTS));
    expect(left.sort()).toEqual(['CreateGrant', 'GenerateMac', 'ListAliases', 'ListGrants', 'RetireGrant', 'RevokeGrant', 'VerifyMac']);
  });
});

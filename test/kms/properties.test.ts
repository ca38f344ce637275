// Property tests over random KMS histories: ciphertexts survive rotation and cancelled deletions, and Decrypt's answer
// always follows the key's state (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html, rotate-keys.html).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams } from '../support/params.ts';
import { KmsWorld, ROOT_A } from './kms-world.ts';
import type { KeyRef } from './kms-world.ts';

type Action =
  | { kind: 'disable' } | { kind: 'enable' } | { kind: 'cancel' } | { kind: 'rotateNow' }
  | { kind: 'schedule'; days: number } | { kind: 'autoRotate'; days: number } | { kind: 'advance'; days: number }
  | { kind: 'encrypt'; text: string; ec: Record<string, string> };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom<Action>({ kind: 'disable' }, { kind: 'enable' }, { kind: 'cancel' }, { kind: 'rotateNow' }),
  fc.integer({ min: 7, max: 30 }).map((days): Action => ({ kind: 'schedule', days })),
  fc.integer({ min: 90, max: 400 }).map((days): Action => ({ kind: 'autoRotate', days })),
  fc.integer({ min: 0, max: 200 }).map((days): Action => ({ kind: 'advance', days })),
  fc.record({ text: fc.string({ minLength: 1, maxLength: 40 }), ec: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }) })
    .map(({ text, ec }): Action => ({ kind: 'encrypt', text, ec })),
);

function apply(w: KmsWorld, k: KeyRef, a: Action, made: { ct: string; text: string; ec: Record<string, string> }[]): void {
  const id = { KeyId: k.arn };
  switch (a.kind) {
    case 'disable': w.call(ROOT_A, 'kms:DisableKey', id); break;
    case 'enable': w.call(ROOT_A, 'kms:EnableKey', id); break;
    case 'cancel': w.call(ROOT_A, 'kms:CancelKeyDeletion', id); break;
    case 'rotateNow': w.call(ROOT_A, 'kms:RotateKeyOnDemand', id); break;
    case 'schedule': w.call(ROOT_A, 'kms:ScheduleKeyDeletion', { ...id, PendingWindowInDays: a.days }); break;
    case 'autoRotate': w.call(ROOT_A, 'kms:EnableKeyRotation', { ...id, RotationPeriodInDays: a.days }); break;
    case 'advance': w.advance({ days: a.days }); break;
    case 'encrypt': {
      const r = w.call(ROOT_A, 'kms:Encrypt', { ...id, Plaintext: a.text, EncryptionContext: a.ec });
      if (r.ok) made.push({ ct: r.output['CiphertextBlob'] as string, text: a.text, ec: a.ec });
    }
  }
}

/** What Decrypt must answer for a ciphertext of this key, given the key's current state. */
function expectedDecrypt(w: KmsWorld, k: KeyRef): string {
  const key = w.state.kms.keys[k.id];
  if (!key) return 'AccessDeniedException';
  return key.state === 'Enabled' ? 'ok' : key.state === 'Disabled' ? 'DisabledException' : 'KMSInvalidStateException';
}

describe('random key histories', () => {
  it('every ciphertext decrypts to its plaintext with its exact context exactly while the key is Enabled', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const w = new KmsWorld();
        const k = w.key();
        const made: { ct: string; text: string; ec: Record<string, string> }[] = [];
        for (const a of actions) apply(w, k, a, made);
        const expected = expectedDecrypt(w, k);
        for (const m of made) {
          const r = w.call(ROOT_A, 'kms:Decrypt', { CiphertextBlob: m.ct, EncryptionContext: m.ec });
          expect(r.ok ? 'ok' : r.error.code).toBe(expected);
          if (r.ok) expect(r.output['Plaintext']).toBe(m.text);
          if (r.ok) expect(w.code(ROOT_A, 'kms:Decrypt', { CiphertextBlob: m.ct, EncryptionContext: { ...m.ec, extra: 'pair' } })).toBe('InvalidCiphertextException');
        }
        const key = w.state.kms.keys[k.id];
        if (key) {
          // Material versions are 1..n, kept forever; a key pending deletion has a date in the future.
          expect(key.materials.map((m) => m.version)).toEqual(key.materials.map((_, i) => i + 1));
          if (key.state === 'PendingDeletion') expect(key.deletionDate! > w.state.now).toBe(true);
        }
      }),
      fuzzParams(150),
    );
  });
});

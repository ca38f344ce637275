// Invariants about ciphertexts KMS returned earlier: a deleted key never decrypts again, rotation never breaks an old
// ciphertext, and Decrypt needs exactly the encryption context bound at encryption.
import { step } from '../model/index.ts';
import type { Call, EncryptionContext, Key, State } from '../model/index.ts';
import { answerOf, inputOf, keyArnOfCiphertext, objectReadBy } from './calls.ts';
import type { CiphertextRecord, History } from './history.ts';
import { recordOf } from './history.ts';
import { defineInvariant } from './invariant.ts';

/** How many remembered ciphertexts a law re-decrypts in one step (the newest). */
const REPLAYED = 4;

/** Decrypt of a remembered ciphertext, by the principal that made it, with the context it was bound to. */
export function decryptCall(r: CiphertextRecord): Call {
  const symmetric = r.algorithm === 'SYMMETRIC_DEFAULT';
  return {
    as: r.encryptedBy,
    op: 'kms:Decrypt',
    input: {
      CiphertextBlob: r.ciphertext,
      ...(Object.keys(r.encryptionContext).length > 0 ? { EncryptionContext: r.encryptionContext } : {}),
      ...(symmetric ? {} : { KeyId: r.keyArn, EncryptionAlgorithm: r.algorithm }),
    },
  };
}

const isDeleted = (s: State, arn: string | undefined): boolean => arn !== undefined && Object.values(s.kms.deletedKeys).some((d) => d.arn === arn);
const newestUnder = (h: History, arns: ReadonlySet<string>): CiphertextRecord[] => h.ciphertexts.filter((r) => arns.has(r.keyArn)).slice(-REPLAYED);

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — "After a KMS key is deleted, you can no
 * longer decrypt the data that was encrypted under that KMS key, which means that data becomes unrecoverable."
 */
export const deletedKeyNeverDecryptsAgain = defineInvariant({
  name: 'deletedKeyNeverDecryptsAgain',
  claim: 'Once a key is deleted nothing encrypted under it is readable again: no Decrypt or ReEncrypt of its ciphertexts, no S3 read of its objects.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  checkStep: (t) => {
    const problems: string[] = [];
    if (t.event.kind === 'call' && t.event.outcome.ok) {
      const call = t.event.call;
      const blob = inputOf(call)['CiphertextBlob'];
      if ((call.op === 'kms:Decrypt' || call.op === 'kms:ReEncrypt') && isDeleted(t.before, keyArnOfCiphertext(blob))) {
        problems.push(`${call.as} opened a ciphertext of deleted key ${keyArnOfCiphertext(blob)} with ${call.op}`);
      }
      const read = objectReadBy(t.before, call);
      if (read && isDeleted(t.before, read.object.kmsKeyArn)) problems.push(`${call.as} read ${read.bucket.name}/${read.object.key} of deleted key ${read.object.kmsKeyArn}`);
    }
    // Keys deleted by this step: their remembered ciphertexts and their objects must be unreadable at once.
    const gone = new Set(Object.values(t.after.kms.deletedKeys).map((d) => d.arn).filter((arn) => !isDeleted(t.before, arn)));
    if (gone.size === 0) return problems;
    for (const r of newestUnder(t.history, gone)) {
      if (step(t.after, decryptCall(r)).outcome.ok) problems.push(`${r.encryptedBy} still decrypts a ciphertext of deleted key ${r.keyArn}`);
    }
    for (const bucket of Object.values(t.after.s3.buckets)) {
      for (const object of Object.values(bucket.objects).filter((o) => o.kmsKeyArn !== undefined && gone.has(o.kmsKeyArn))) {
        const get: Call = { as: `arn:aws:iam::${bucket.account}:root`, op: 's3:GetObject', input: { Bucket: bucket.name, Key: object.key } };
        if (step(t.after, get).outcome.ok) problems.push(`the bucket owner still reads ${bucket.name}/${object.key} of deleted key ${object.kmsKeyArn}`);
      }
    }
    return problems;
  },
});

/** The key with the material versions it had before the step (the same key, had it not rotated). */
const withMaterialsOf = (s: State, key: Key, materials: Key['materials']): State => ({
  ...s,
  kms: { ...s.kms, keys: { ...s.kms.keys, [key.keyId]: { ...key, materials } } },
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — "AWS KMS saves all previous versions of the
 * cryptographic material in perpetuity so you can decrypt any data encrypted with that KMS key."
 */
export const rotationNeverBreaksOldCiphertexts = defineInvariant({
  name: 'rotationNeverBreaksOldCiphertexts',
  claim: 'Rotation keeps every earlier key material, so every earlier ciphertext decrypts after it exactly as it would have without it.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
  checkStep: (t) => {
    const problems: string[] = [];
    for (const before of Object.values(t.before.kms.keys)) {
      const after = t.after.kms.keys[before.keyId];
      if (!after || after.materials === before.materials) continue;
      const lost = before.materials.filter((m) => !after.materials.some((n) => n.version === m.version && n.secret === m.secret));
      if (lost.length > 0) problems.push(`${before.arn} lost material version(s) ${lost.map((m) => m.version).join(', ')}`);
      const unrotated = withMaterialsOf(t.after, after, before.materials);
      for (const r of newestUnder(t.history, new Set([before.arn]))) {
        const call = decryptCall(r);
        const got = answerOf(step(t.after, call).outcome);
        const without = answerOf(step(unrotated, call).outcome);
        if (got !== without) problems.push(`a ciphertext of ${before.arn} decrypts ${got} after rotation but ${without} without it`);
      }
    }
    return problems;
  },
});

const samePairs = (a: EncryptionContext, b: EncryptionContext): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => Object.hasOwn(b, k) && b[k] === v);
const contextOf = (v: unknown): EncryptionContext => (v && typeof v === 'object' && !Array.isArray(v) ? (v as EncryptionContext) : {});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html — "To decrypt the data, you pass in the same
 * encryption context"; the context is case-sensitive and the order of pairs does not matter.
 */
export const decryptNeedsTheExactEncryptionContext = defineInvariant({
  name: 'decryptNeedsTheExactEncryptionContext',
  claim: 'Decrypt and ReEncrypt succeed only with exactly the encryption context bound at encryption, and give back the plaintext that was encrypted.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok) return [];
    const { call, outcome } = t.event;
    if (call.op !== 'kms:Decrypt' && call.op !== 'kms:ReEncrypt') return [];
    const input = inputOf(call);
    const r = recordOf(t.history, input['CiphertextBlob']);
    if (!r) return [];
    const given = contextOf(input[call.op === 'kms:Decrypt' ? 'EncryptionContext' : 'SourceEncryptionContext']);
    const problems: string[] = [];
    if (!samePairs(given, r.encryptionContext)) problems.push(`${call.op} accepted context ${JSON.stringify(given)} for a ciphertext bound to ${JSON.stringify(r.encryptionContext)}`);
    const plaintext = outcome.output['Plaintext'];
    if (call.op === 'kms:Decrypt' && r.plaintext !== undefined && plaintext !== r.plaintext) problems.push(`Decrypt gave ${JSON.stringify(plaintext)}, not the plaintext encrypted`);
    return problems;
  },
});

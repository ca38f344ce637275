// Invariants of S3 SSE-KMS: default encryption is not retroactive; anonymous callers never read SSE-KMS objects; a read
// needs a usable key and the caller's own kms:Decrypt permission.
import { step } from '../model/index.ts';
import type { Call, S3Object } from '../model/index.ts';
import { inputOf, keyByArn, sseKmsReadBy } from './calls.ts';
import { allows, withKeyStatements, withoutGrants } from './edits.ts';
import { defineInvariant } from './invariant.ts';

const SSE_KMS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html';

const encryptionOf = (o: S3Object): string =>
  JSON.stringify([o.sse, o.kmsKeyArn, o.encryptedDataKey, o.encryptionContext, o.bucketKeyEnabled, o.body]);

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — "Changes to the default
 * encryption settings apply only to new objects ... existing objects are not encrypted with the new settings".
 */
export const defaultEncryptionIsNotRetroactive = defineInvariant({
  name: 'defaultEncryptionIsNotRetroactive',
  claim: "Changing or removing a bucket's default encryption never changes how its existing objects are encrypted.",
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok) return [];
    const { op } = t.event.call;
    if (op !== 's3:PutBucketEncryption' && op !== 's3:DeleteBucketEncryption') return [];
    const name = inputOf(t.event.call)['Bucket'];
    const before = typeof name === 'string' ? t.before.s3.buckets[name] : undefined;
    const after = typeof name === 'string' ? t.after.s3.buckets[name] : undefined;
    if (!before || !after) return [];
    return Object.values(before.objects)
      .filter((o) => !after.objects[o.key] || encryptionOf(after.objects[o.key]!) !== encryptionOf(o))
      .map((o) => `${op} changed the encryption of existing object ${before.name}/${o.key}`);
  },
});

/** https://repost.aws/knowledge-center/s3-kms-signature-version-error — SSE-KMS GET requests "fail if they aren't made ... by using SigV4". */
export const anonymousNeverReadsSseKms = defineInvariant({
  name: 'anonymousNeverReadsSseKms',
  claim: 'An anonymous request never reads an SSE-KMS object, whatever its ACL, bucket policy or Block Public Access settings.',
  source: SSE_KMS,
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok || t.event.call.as !== 'anonymous') return [];
    const read = sseKmsReadBy(t.before, t.event.call);
    return read ? [`anonymous ${t.event.call.op} read ${read.bucket.name}/${read.object.key}`] : [];
  },
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — S3 decrypts the object's data key with
 * KMS, so the KMS key must be usable (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html: Decrypt
 * fails for a Disabled or PendingDeletion key).
 */
export const sseKmsReadNeedsAUsableKey = defineInvariant({
  name: 'sseKmsReadNeedsAUsableKey',
  claim: 'Nobody reads an SSE-KMS object whose KMS key is missing, disabled, pending deletion or pending import.',
  source: SSE_KMS,
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok) return [];
    const read = sseKmsReadBy(t.before, t.event.call);
    const key = read && keyByArn(t.before, read.object.kmsKeyArn);
    if (!read || (key && key.state === 'Enabled')) return [];
    return [`${t.event.call.as} read ${read.bucket.name}/${read.object.key} while its key is ${key?.state ?? 'missing'}`];
  },
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — "the requester must have
 * kms:Decrypt" permission on the key: S3 calls Decrypt as the requester.
 */
export const readingSseKmsNeedsDecryptPermission = defineInvariant({
  name: 'readingSseKmsNeedsDecryptPermission',
  claim: "A caller who cannot Decrypt with an object's KMS key never reads the object through S3, whatever S3 allows.",
  source: SSE_KMS,
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok || t.event.call.as === 'anonymous') return [];
    const call: Call = t.event.call;
    const read = sseKmsReadBy(t.before, call);
    const key = read && keyByArn(t.before, read.object.kmsKeyArn);
    if (!read || !key) return [];
    const noDecrypt = withoutGrants(withKeyStatements(t.before, [key], (ss) => ss.filter((s) => !allows(s))), [key]);
    return step(noDecrypt, call).outcome.ok ? [`${call.as} reads ${read.bucket.name}/${read.object.key} though nothing lets it Decrypt with ${key.arn}`] : [];
  },
});

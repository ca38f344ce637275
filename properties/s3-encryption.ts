// Invariants of S3 SSE-KMS: anonymous callers never read SSE-KMS objects; reading one always takes a KMS Decrypt.
import { step } from '../model/index.ts';
import type { Bucket, S3Object, State } from '../model/index.ts';
import { defineInvariant } from './invariant.ts';
import { actingPrincipals } from './principals.ts';

function sseKmsObjects(s: State): Array<{ bucket: Bucket; object: S3Object }> {
  return Object.values(s.s3.buckets).flatMap((bucket) =>
    Object.values(bucket.objects).filter((o) => o.sse !== 'AES256').map((object) => ({ bucket, object })),
  );
}

/** https://repost.aws/knowledge-center/s3-kms-signature-version-error — SSE-KMS requests must be SigV4-signed. */
export const anonymousNeverReadsSseKms = defineInvariant({
  name: 'anonymousNeverReadsSseKms',
  claim: 'An anonymous request never reads an SSE-KMS object, whatever its ACL, bucket policy or Block Public Access settings.',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
  check: (s) =>
    sseKmsObjects(s).flatMap(({ bucket, object }) => {
      const r = step(s, { as: 'anonymous', op: 's3:GetObject', input: { Bucket: bucket.name, Key: object.key } });
      return r.outcome.ok ? [`anonymous read ${bucket.name}/${object.key}`] : [];
    }),
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — S3 decrypts the object's data key
 * with kms:Decrypt as the requester; a key that cannot decrypt (deleted, disabled, pending deletion) serves nobody.
 */
export const sseKmsReadNeedsAUsableKey = defineInvariant({
  name: 'sseKmsReadNeedsAUsableKey',
  claim: 'Nobody reads an SSE-KMS object whose KMS key is deleted, disabled or pending deletion.',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
  check: (s) => {
    const problems: string[] = [];
    for (const { bucket, object } of sseKmsObjects(s)) {
      const key = Object.values(s.kms.keys).find((k) => k.arn === object.kmsKeyArn);
      if (key && key.state === 'Enabled') continue;
      for (const as of actingPrincipals(s)) {
        const r = step(s, { as, op: 's3:GetObject', input: { Bucket: bucket.name, Key: object.key } });
        if (r.outcome.ok) problems.push(`${as} read ${bucket.name}/${object.key} while its key is ${key?.state ?? 'deleted'}`);
      }
    }
    return problems;
  },
});

// S3 default bucket encryption (Put/Get/DeleteBucketEncryption) and how a write's encryption is chosen.
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import type { Result } from '../errors.ts';
import type { Operation } from '../op.ts';
import { anyCallerOp, failWith, success } from '../op.ts';
import type { DefaultEncryption, EncryptionContext, SseAlgorithm } from '../state.ts';
import { authorizeS3 } from './authorization.ts';
import { SSE_S3_DEFAULT, bucketFields, findBucket, withBucket } from './buckets.ts';
import { s3Errors } from './errors.ts';

export const sseAlgorithmSchema = z.enum(['AES256', 'aws:kms', 'aws:kms:dsse']);

const isKms = (a: SseAlgorithm): a is 'aws:kms' | 'aws:kms:dsse' => a === 'aws:kms' || a === 'aws:kms:dsse';

const putBucketEncryptionSchema = z.strictObject({
  ...bucketFields,
  ServerSideEncryptionConfiguration: z.strictObject({
    Rules: z
      .array(
        z.strictObject({
          ApplyServerSideEncryptionByDefault: z.strictObject({ SSEAlgorithm: sseAlgorithmSchema, KMSMasterKeyID: z.string().min(1).optional() }),
          BucketKeyEnabled: z.boolean().optional(),
        }),
      )
      .length(1),
  }),
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html — needs s3:PutEncryptionConfiguration;
 * KMSMasterKeyID "is allowed if and only if SSEAlgorithm is set to aws:kms or aws:kms:dsse" (otherwise InvalidArgument,
 * spec §8.1); "Amazon S3 doesn't validate the KMS key ID provided in PutBucketEncryption requests" (general purpose
 * buckets): the id is stored as given and resolved at each write, in the writer's account for an alias or bare id.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — the default applies only to
 * objects written afterwards.
 */
const putBucketEncryption: Operation<z.infer<typeof putBucketEncryptionSchema>> = anyCallerOp(putBucketEncryptionSchema, ({ state, caller, input, env }) => {
  const rule = input.ServerSideEncryptionConfiguration.Rules[0]!;
  const { SSEAlgorithm, KMSMasterKeyID } = rule.ApplyServerSideEncryptionByDefault;
  if (KMSMasterKeyID !== undefined && !isKms(SSEAlgorithm)) {
    return failWith(s3Errors.invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse'));
  }
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:PutEncryptionConfiguration', bucket: found.value });
  if (denied) return failWith(denied);
  const defaultEncryption: DefaultEncryption = { algorithm: SSEAlgorithm, kmsMasterKeyId: KMSMasterKeyID, bucketKeyEnabled: rule.BucketKeyEnabled ?? false };
  // (Seeded mutant defaultEncryptionRewritesObjects, model/mutants.ts, relabels the existing objects.)
  if (state.config.mutant === 'defaultEncryptionRewritesObjects') {
    const objects = Object.fromEntries(Object.entries(found.value.objects).map(([k, o]) => [k, { ...o, sse: SSEAlgorithm, kmsKeyArn: KMSMasterKeyID as Arn | undefined }]));
    return success(withBucket(state, { ...found.value, defaultEncryption, objects }), {});
  }
  return success(withBucket(state, { ...found.value, defaultEncryption }), {});
});

const bucketOnlySchema = z.strictObject({ ...bucketFields });

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html — needs s3:GetEncryptionConfiguration;
 * answers `ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault{SSEAlgorithm, KMSMasterKeyID}`
 * and `BucketKeyEnabled`; a bucket never configured reports the SSE-S3 default.
 */
const getBucketEncryption: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:GetEncryptionConfiguration', bucket: found.value });
  if (denied) return failWith(denied);
  const d = found.value.defaultEncryption;
  const byDefault = d.kmsMasterKeyId === undefined ? { SSEAlgorithm: d.algorithm } : { SSEAlgorithm: d.algorithm, KMSMasterKeyID: d.kmsMasterKeyId };
  return success(state, { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: d.bucketKeyEnabled }] } });
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketEncryption.html — needs s3:PutEncryptionConfiguration;
 * "resets the default encryption for the bucket as server-side encryption with Amazon S3 managed keys (SSE-S3)".
 */
const deleteBucketEncryption: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:PutEncryptionConfiguration', bucket: found.value });
  if (denied) return failWith(denied);
  return success(withBucket(state, { ...found.value, defaultEncryption: SSE_S3_DEFAULT }), {});
});

export const encryptionOperations = {
  PutBucketEncryption: putBucketEncryption,
  GetBucketEncryption: getBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
};

// ---------------------------------------------------------------------------------------------------------------
// The encryption of one write (PutObject, CopyObject's destination)

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — the encryption request headers, as request fields. */
export const sseRequestFields = {
  ServerSideEncryption: sseAlgorithmSchema.optional(),
  SSEKMSKeyId: z.string().min(1).optional(),
  SSEKMSEncryptionContext: z.string().optional(),
  BucketKeyEnabled: z.boolean().optional(),
};

export interface SseRequest {
  readonly algorithm: SseAlgorithm | undefined;
  readonly keyId: string | undefined;
  readonly context: EncryptionContext | undefined;
  readonly bucketKey: boolean | undefined;
}

/** How a write is encrypted: SSE-S3, or SSE-KMS/DSSE-KMS under a key reference (undefined = the AWS managed key aws/s3). */
export type WritePlan =
  | { readonly kind: 'sse-s3' }
  | {
      readonly kind: 'kms';
      readonly algorithm: 'aws:kms' | 'aws:kms:dsse';
      readonly keyRef: string | undefined;
      readonly bucketKey: boolean;
      readonly callerContext: EncryptionContext;
    };

const KMS_HEADER_REQUIRED = () => s3Errors.invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms');

const contextSchema = z.record(z.string(), z.string());
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — x-amz-server-side-encryption-context: "a Base64
 * encoded string of a UTF-8 encoded JSON, which contains the encryption context as key-value pairs".
 */
function decodeContext(text: string): EncryptionContext | undefined {
  if (!BASE64.test(text)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = contextSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Validate the encryption headers of a write.
 * - A key id without `x-amz-server-side-encryption: aws:kms` is 400 InvalidArgument, "Server Side Encryption with AWS KMS
 *   managed key requires HTTP header x-amz-server-side-encryption : aws:kms" (spec §8.2); so is an encryption context.
 * - A context that is not Base64 JSON of string pairs is InvalidArgument.
 */
export function parseSseRequest(fields: { ServerSideEncryption?: SseAlgorithm | undefined; SSEKMSKeyId?: string | undefined; SSEKMSEncryptionContext?: string | undefined; BucketKeyEnabled?: boolean | undefined }): Result<SseRequest> {
  const kmsHeader = fields.ServerSideEncryption !== undefined && isKms(fields.ServerSideEncryption);
  const needsKmsHeader = fields.SSEKMSKeyId !== undefined || (fields.SSEKMSEncryptionContext !== undefined && fields.ServerSideEncryption !== undefined);
  if (needsKmsHeader && !kmsHeader) return { ok: false, error: KMS_HEADER_REQUIRED() };
  const context = fields.SSEKMSEncryptionContext === undefined ? undefined : decodeContext(fields.SSEKMSEncryptionContext);
  if (fields.SSEKMSEncryptionContext !== undefined && context === undefined) {
    return { ok: false, error: s3Errors.invalidArgument("The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map") };
  }
  return { ok: true, value: { algorithm: fields.ServerSideEncryption, keyId: fields.SSEKMSKeyId, context, bucketKey: fields.BucketKeyEnabled } };
}

/**
 * Choose a write's encryption.
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — encryption headers override
 *   the bucket default; without them the default applies.
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — "If you specify x-amz-server-side-encryption:aws:kms
 *   ..., but do not provide x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)";
 *   a default of aws:kms without KMSMasterKeyID does the same.
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-bucket-key-object.html — "If you don't specify an
 *   S3 Bucket Key for your object, Amazon S3 applies the S3 Bucket Key settings for the destination bucket";
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingDSSEncryption.html — S3 Bucket Keys are not supported
 *   for DSSE-KMS.
 * - An encryption context given for a write that ends up SSE-S3 is InvalidArgument (as a key id would be).
 */
export function planWrite(defaults: DefaultEncryption, req: SseRequest): Result<WritePlan> {
  const algorithm = req.algorithm ?? defaults.algorithm;
  if (!isKms(algorithm)) {
    if (req.context !== undefined) return { ok: false, error: KMS_HEADER_REQUIRED() };
    return { ok: true, value: { kind: 'sse-s3' } };
  }
  const keyRef = req.algorithm !== undefined ? req.keyId : defaults.kmsMasterKeyId;
  const bucketKey = algorithm === 'aws:kms' && (req.bucketKey ?? defaults.bucketKeyEnabled);
  return { ok: true, value: { kind: 'kms', algorithm, keyRef, bucketKey, callerContext: req.context ?? {} } };
}

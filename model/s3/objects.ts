// S3 objects: PutObject, GetObject, HeadObject, CopyObject and DeleteObject, with SSE-S3 and SSE-KMS.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AccountId } from '../arn.ts';
import { rootArn } from '../arn.ts';
import type { Caller, SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { Result } from '../errors.ts';
import type { JsonObject, Operation } from '../op.ts';
import { anyCallerOp, failWith, failedFrom, success } from '../op.ts';
import type { Bucket, S3Object, State } from '../state.ts';
import type { CannedAcl } from './acl.ts';
import { cannedAclGrants, cannedAclSchema, privateAcl } from './acl.ts';
import { aclWriteProblem } from './access.ts';
import { authorizeS3, s3ResourceArn } from './authorization.ts';
import { findBucket, objectFields, withBucket } from './buckets.ts';
import type { SseRequest, WritePlan } from './encryption.ts';
import { parseSseRequest, planWrite, sseRequestFields } from './encryption.ts';
import { s3Errors } from './errors.ts';
import type { SealedDataKey } from './sse-kms.ts';
import { anonymousKmsProblem, decryptObjectDataKey, generateObjectDataKey, resolveWriteKey } from './sse-kms.ts';
import { isoTime } from '../timestamps.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html — for a single-part upload the ETag is the MD5 of the body, quoted. */
const etagOf = (body: string): string => `"${createHash('md5').update(body, 'utf8').digest('hex')}"`;

const isSseKms = (o: S3Object): boolean => o.sse !== 'AES256';

/** The encryption fields of PutObject/GetObject/HeadObject/CopyObject responses (BucketKeyEnabled only when true). */
function encryptionOutput(o: S3Object): JsonObject {
  return {
    ServerSideEncryption: o.sse,
    ...(o.kmsKeyArn !== undefined ? { SSEKMSKeyId: o.kmsKeyArn } : {}),
    ...(o.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}),
  };
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html — BucketOwnerEnforced: the bucket
 * owner owns every object; BucketOwnerPreferred: the bucket owner owns new objects written with the
 * bucket-owner-full-control canned ACL; ObjectWriter: "The AWS account that uploads an object owns the object".
 * (Simplification: an anonymous writer's object is owned by the bucket owner.)
 */
function ownerOfWrite(bucket: Bucket, caller: Caller, acl: CannedAcl | undefined): AccountId {
  if (caller.kind === 'anonymous' || bucket.ownership === 'BucketOwnerEnforced') return bucket.account;
  if (bucket.ownership === 'BucketOwnerPreferred' && acl === 'bucket-owner-full-control') return bucket.account;
  return caller.account;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading an object (GetObject, HeadObject, CopyObject's source)

interface ReadRequest {
  readonly state: State;
  readonly caller: Caller;
  readonly env: RequestEnvironment;
  readonly bucket: string;
  readonly key: string;
  readonly expectedOwner: string | undefined;
  /** Whether the read needs the object's data (S3 then decrypts an SSE-KMS data key through KMS as the caller). */
  readonly decrypt: boolean;
}

interface ReadObject {
  readonly state: State;
  readonly bucket: Bucket;
  readonly object: S3Object;
}

/**
 * Resolve → authorize → decrypt, in S3's order:
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html — needs s3:GetObject (HeadObject too); a missing
 *   key is 404 NoSuchKey "If you have the s3:ListBucket permission on the bucket", 403 AccessDenied otherwise.
 * - spec §8.7 / §12.14: an anonymous request for an SSE-KMS object is InvalidArgument, before or after S3's own
 *   authorization as `config.anonymousSseKmsCheck` says (after the object is found).
 * - spec §8.3: S3 authorizes before it calls KMS; a KMS failure then surfaces as AccessDenied or KMS.<Exception>.
 */
function readObject(r: ReadRequest): Result<ReadObject> {
  const found = findBucket(r.state, r.bucket, r.expectedOwner);
  if (!found.ok) return found;
  const bucket = found.value;
  const object = Object.hasOwn(bucket.objects, r.key) ? bucket.objects[r.key] : undefined;
  // (Seeded mutant anonymousReadsDecryptAsBucketOwner, model/mutants.ts, drops this check and the one below.)
  const asOwner = r.state.config.mutant === 'anonymousReadsDecryptAsBucketOwner';
  const anonymous = asOwner ? undefined : anonymousKmsProblem(r.caller, object !== undefined && isSseKms(object));
  const before = r.state.config.anonymousSseKmsCheck === 'beforeS3Authorization';
  if (anonymous && before) return { ok: false, error: anonymous };

  const base = { state: r.state, caller: r.caller, env: r.env, bucket };
  const denied = authorizeS3({ ...base, action: 's3:GetObject', key: r.key, object });
  if (denied) return { ok: false, error: denied };
  if (!object) {
    const cannotList = authorizeS3({ ...base, action: 's3:ListBucket' });
    return { ok: false, error: cannotList ?? s3Errors.noSuchKey(r.key) };
  }
  if (anonymous) return { ok: false, error: anonymous };

  if (!r.decrypt || !isSseKms(object)) return { ok: true, value: { state: r.state, bucket, object } };
  if (r.caller.kind === 'anonymous' && !asOwner) return { ok: false, error: s3Errors.sigV4Required() };
  const reader: SignedCaller = r.caller.kind === 'anonymous' ? { kind: 'root', arn: rootArn(bucket.account), account: bucket.account } : r.caller;
  const decrypted = decryptObjectDataKey(r.state, reader, r.env, object);
  if (!decrypted.ok) return decrypted;
  return { ok: true, value: { state: decrypted.value, bucket, object } };
}

const getObjectSchema = z.strictObject({ ...objectFields });

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html — the object's data and metadata; for SSE-KMS
 * objects the response names the algorithm, the key ARN and whether an S3 Bucket Key was used.
 */
const getObject: Operation<z.infer<typeof getObjectSchema>> = anyCallerOp(getObjectSchema, ({ state, caller, input, env }) => {
  const read = readObject({ state, caller, env, bucket: input.Bucket, key: input.Key, expectedOwner: input.ExpectedBucketOwner, decrypt: true });
  if (!read.ok) return failedFrom(read);
  const o = read.value.object;
  return success(read.value.state, {
    Body: o.body,
    ContentLength: Buffer.byteLength(o.body, 'utf8'),
    ETag: o.etag,
    LastModified: isoTime(o.lastModified),
    ...encryptionOutput(o),
  });
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html — GetObject's metadata without the body (needs
 * s3:GetObject). Whether HEAD of an SSE-KMS object also calls kms:Decrypt is `config.s3HeadObjectDecrypts` (INFERRED:
 * metadata needs no data key).
 */
const headObject: Operation<z.infer<typeof getObjectSchema>> = anyCallerOp(getObjectSchema, ({ state, caller, input, env }) => {
  const decrypt = state.config.s3HeadObjectDecrypts;
  const read = readObject({ state, caller, env, bucket: input.Bucket, key: input.Key, expectedOwner: input.ExpectedBucketOwner, decrypt });
  if (!read.ok) return failedFrom(read);
  const o = read.value.object;
  return success(read.value.state, {
    ContentLength: Buffer.byteLength(o.body, 'utf8'),
    ETag: o.etag,
    LastModified: isoTime(o.lastModified),
    ...encryptionOutput(o),
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Writing an object (PutObject, CopyObject's destination)

interface WriteRequest {
  readonly state: State;
  readonly caller: Caller;
  readonly env: RequestEnvironment;
  readonly bucket: Bucket;
  readonly key: string;
  readonly acl: CannedAcl | undefined;
  readonly sse: SseRequest;
  /** Further condition keys of the request (CopyObject: s3:x-amz-copy-source, s3:x-amz-metadata-directive). */
  readonly conditionKeys?: Readonly<Record<string, string | undefined>>;
}

/** A write that S3 has authorized: what remains is the KMS call (for SSE-KMS) and storing the object. */
interface AuthorizedWrite extends WriteRequest {
  readonly plan: WritePlan;
  readonly keyRef: string | undefined;
}

/**
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html — PutObject's condition keys:
 * s3:x-amz-server-side-encryption, s3:x-amz-server-side-encryption-aws-kms-key-id (spec §8.2: the key ARN actually used,
 * the implicit aws/s3 included), s3:x-amz-acl. Whether a bucket default shows in them is
 * `config.s3DefaultEncryptionInConditionKeys` (keyward: they reflect the request's headers).
 */
function writeConditionKeys(state: State, w: WriteRequest, plan: WritePlan, kmsKeyArn: string | undefined): Record<string, string | undefined> {
  const named = w.sse.algorithm !== undefined || state.config.s3DefaultEncryptionInConditionKeys;
  return {
    's3:x-amz-server-side-encryption': named ? (plan.kind === 'kms' ? plan.algorithm : 'AES256') : undefined,
    's3:x-amz-server-side-encryption-aws-kms-key-id': named && plan.kind === 'kms' ? kmsKeyArn : undefined,
    's3:x-amz-acl': w.acl,
    ...w.conditionKeys,
  };
}

/**
 * Plan → authorize, in S3's order:
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — needs s3:PutObject, and s3:PutObjectAcl when
 *   the request sets an ACL; https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html — a bucket ACL
 *   WRITE grant allows writes.
 * - spec §8.7: an anonymous write that would use SSE-KMS is InvalidArgument (`config.anonymousSseKmsCheck` orders it).
 * - ACLs disabled / BlockPublicAcls: see aclWriteProblem.
 */
function authorizeWrite(w: WriteRequest): Result<AuthorizedWrite> {
  const planned = planWrite(w.bucket.defaultEncryption, w.sse);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const anonymous = anonymousKmsProblem(w.caller, plan.kind === 'kms');
  if (anonymous && w.state.config.anonymousSseKmsCheck === 'beforeS3Authorization') return { ok: false, error: anonymous };

  let state = w.state;
  let keyRef: string | undefined;
  let kmsKeyArn: string | undefined;
  if (plan.kind === 'kms' && w.caller.kind !== 'anonymous') {
    const resolved = resolveWriteKey(state, w.caller, w.bucket, plan);
    if (!resolved.ok) return resolved;
    ({ state, keyRef, keyArn: kmsKeyArn } = resolved.value);
  }

  const conditionKeys = writeConditionKeys(state, w, plan, kmsKeyArn ?? (plan.kind === 'kms' ? plan.keyRef : undefined));
  const existing = Object.hasOwn(w.bucket.objects, w.key) ? w.bucket.objects[w.key] : undefined;
  const actions = ['s3:PutObject', ...(w.acl ? ['s3:PutObjectAcl'] : [])];
  for (const action of actions) {
    const denied = authorizeS3({ state, caller: w.caller, env: w.env, action, bucket: w.bucket, key: w.key, object: existing, conditionKeys });
    if (denied) return { ok: false, error: denied };
  }
  if (anonymous) return { ok: false, error: anonymous };

  if (w.acl) {
    const grants = cannedAclGrants(w.acl, 'object', w.bucket.account);
    const who = w.caller.kind === 'anonymous' ? undefined : w.caller.arn;
    const problem = aclWriteProblem(w.bucket, w.acl, grants, state.config.blockPublicAccessError, who, 's3:PutObject', s3ResourceArn(w.bucket.name, w.key));
    if (problem) return { ok: false, error: problem };
  }
  return { ok: true, value: { ...w, state, plan, keyRef } };
}

/**
 * Encrypt (KMS GenerateDataKey on the caller's behalf, for SSE-KMS) and store. Nothing already stored changes:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — encryption settings apply to
 * new objects only.
 */
function storeObject(w: AuthorizedWrite, body: string): Result<{ state: State; object: S3Object }> {
  let state = w.state;
  let sealed: SealedDataKey | undefined;
  if (w.plan.kind === 'kms') {
    if (w.caller.kind === 'anonymous' || w.keyRef === undefined) return { ok: false, error: s3Errors.sigV4Required() };
    const generated = generateObjectDataKey(state, w.caller, w.env, { bucket: w.bucket.name, key: w.key }, w.plan, w.keyRef);
    if (!generated.ok) return generated;
    sealed = generated.value;
    state = sealed.state;
  }
  const bucket = state.s3.buckets[w.bucket.name] ?? w.bucket;
  const object: S3Object = {
    key: w.key,
    body,
    owner: ownerOfWrite(bucket, w.caller, w.acl),
    etag: etagOf(body),
    lastModified: state.now,
    sse: w.plan.kind === 'kms' ? w.plan.algorithm : 'AES256',
    kmsKeyArn: sealed?.keyArn,
    encryptedDataKey: sealed?.ciphertext,
    bucketKeyEnabled: w.plan.kind === 'kms' && w.plan.bucketKey,
    encryptionContext: sealed?.encryptionContext,
    acl: bucket.ownership === 'BucketOwnerEnforced' ? privateAcl : cannedAclGrants(w.acl ?? 'private', 'object', bucket.account),
  };
  return { ok: true, value: { state: withBucket(state, { ...bucket, objects: { ...bucket.objects, [w.key]: object } }), object } };
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — SSEKMSEncryptionContext is echoed (Base64 JSON) when the request gave one. */
const contextOutput = (o: S3Object, sse: SseRequest): JsonObject =>
  sse.context !== undefined && o.encryptionContext !== undefined ? { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(o.encryptionContext), 'utf8').toString('base64') } : {};

const putObjectSchema = z.strictObject({ ...objectFields, Body: z.string().optional(), ACL: cannedAclSchema.optional(), ...sseRequestFields });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — validate → resolve → authorize → encrypt → store. */
const putObject: Operation<z.infer<typeof putObjectSchema>> = anyCallerOp(putObjectSchema, ({ state, caller, input, env }) => {
  const sse = parseSseRequest(input);
  if (!sse.ok) return failWith(sse.error);
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const authorized = authorizeWrite({ state, caller, env, bucket: found.value, key: input.Key, acl: input.ACL, sse: sse.value });
  if (!authorized.ok) return failWith(authorized.error);
  const stored = storeObject(authorized.value, input.Body ?? '');
  if (!stored.ok) return failedFrom(stored);
  const o = stored.value.object;
  return success(stored.value.state, { ETag: o.etag, ...encryptionOutput(o), ...contextOutput(o, sse.value) });
});

// ---------------------------------------------------------------------------------------------------------------
// CopyObject

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html — CopySource is "bucket/key", URL-encoded,
 * optionally with a leading slash. keyward does not model object versions (`?versionId=`).
 */
function parseCopySource(text: string): Result<{ bucket: string; key: string }> {
  const invalid = { ok: false as const, error: s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey') };
  if (text.includes('?versionId=')) return { ok: false, error: s3Errors.invalidArgument('keyward does not model object versions (CopySource with versionId)') };
  let decoded: string;
  try {
    decoded = decodeURIComponent(text.startsWith('/') ? text.slice(1) : text);
  } catch {
    return invalid;
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) return invalid;
  return { ok: true, value: { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) } };
}

const copyObjectSchema = z.strictObject({
  ...objectFields,
  CopySource: z.string().min(1),
  ExpectedSourceBucketOwner: z.string().optional(),
  MetadataDirective: z.enum(['COPY', 'REPLACE']).optional(),
  ACL: cannedAclSchema.optional(),
  ...sseRequestFields,
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 * - needs s3:GetObject on the source and s3:PutObject on the destination; an SSE-KMS source needs kms:Decrypt and an
 *   SSE-KMS destination kms:GenerateDataKey, both as the caller.
 * - The destination is encrypted per the request's headers, or else the destination bucket's default; the source's
 *   encryption context "is not carried over" for general purpose buckets (spec §8.2).
 * - Copying an object onto itself without changing anything is InvalidRequest.
 */
const copyObject: Operation<z.infer<typeof copyObjectSchema>> = anyCallerOp(copyObjectSchema, ({ state, caller, input, env }) => {
  const sse = parseSseRequest(input);
  if (!sse.ok) return failWith(sse.error);
  const source = parseCopySource(input.CopySource);
  if (!source.ok) return failWith(source.error);
  const { bucket: srcBucket, key: srcKey } = source.value;
  if (srcBucket === input.Bucket && srcKey === input.Key && sse.value.algorithm === undefined && input.MetadataDirective !== 'REPLACE') {
    return failWith(s3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."));
  }
  const destination = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!destination.ok) return failWith(destination.error);

  const read = readObject({ state, caller, env, bucket: srcBucket, key: srcKey, expectedOwner: input.ExpectedSourceBucketOwner, decrypt: false });
  if (!read.ok) return failedFrom(read);
  const conditionKeys = { 's3:x-amz-copy-source': `${srcBucket}/${srcKey}`, 's3:x-amz-metadata-directive': input.MetadataDirective };
  const authorized = authorizeWrite({ state, caller, env, bucket: destination.value, key: input.Key, acl: input.ACL, sse: sse.value, conditionKeys });
  if (!authorized.ok) return failWith(authorized.error);

  const sourceObject = read.value.object;
  let afterDecrypt = authorized.value.state;
  if (isSseKms(sourceObject)) {
    if (caller.kind === 'anonymous') return failWith(s3Errors.sigV4Required());
    const decrypted = decryptObjectDataKey(afterDecrypt, caller, env, sourceObject);
    if (!decrypted.ok) return failedFrom(decrypted);
    afterDecrypt = decrypted.value;
  }
  const stored = storeObject({ ...authorized.value, state: afterDecrypt }, sourceObject.body);
  if (!stored.ok) return failedFrom(stored);
  const o = stored.value.object;
  return success(stored.value.state, {
    CopyObjectResult: { ETag: o.etag, LastModified: isoTime(o.lastModified) },
    ...encryptionOutput(o),
    ...contextOutput(o, sse.value),
  });
});

// ---------------------------------------------------------------------------------------------------------------
// DeleteObject

const deleteObjectSchema = z.strictObject({ ...objectFields });

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html — needs s3:DeleteObject (a bucket ACL WRITE
 * grant allows it); deleting a key that does not exist also succeeds (204), in a bucket without versioning.
 */
const deleteObject: Operation<z.infer<typeof deleteObjectSchema>> = anyCallerOp(deleteObjectSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const denied = authorizeS3({ state, caller, env, action: 's3:DeleteObject', bucket, key: input.Key });
  if (denied) return failWith(denied);
  if (!Object.hasOwn(bucket.objects, input.Key)) return success(state, {});
  const { [input.Key]: _removed, ...objects } = bucket.objects;
  return success(withBucket(state, { ...bucket, objects }), {});
});

export const objectOperations = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
};

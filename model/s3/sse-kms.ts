// S3's use of KMS on the caller's behalf: which key a write uses, GenerateDataKey on PUT, Decrypt on GET, error mapping.
import type { Arn } from '../arn.ts';
import { bucketArn, keyArn, objectArn, parseArn } from '../arn.ts';
import type { Caller, SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError, Result } from '../errors.ts';
import { awsManagedKey, decryptOnBehalf, generateDataKeyOnBehalf } from '../kms/for-services.ts';
import type { Bucket, EncryptionContext, S3Object, State } from '../state.ts';
import type { WritePlan } from './encryption.ts';
import { kmsErrorThroughS3, s3Errors } from './errors.ts';
import { recordCall } from '../monitoring/trail.ts';

/** https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service — `s3.<region>.amazonaws.com`. */
export const s3ViaService = (state: State): string => `s3.${state.region}.amazonaws.com`;

const NETWORK_KEYS: ReadonlySet<string> = new Set(['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip']);

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html — S3 calls KMS with the caller's
 * identity (a forward access session); https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * — such a request has aws:ViaAWSService true and comes from the service, not from the caller's network (spec §7.5: the
 * S3→KMS call does not carry the caller's aws:SourceIp or VPC endpoint).
 */
export function forwardedEnvironment(env: RequestEnvironment): RequestEnvironment {
  const kept = Object.entries(env).filter(([k]) => !NETWORK_KEYS.has(k.toLowerCase()));
  return { ...Object.fromEntries(kept), 'aws:ViaAWSService': 'true' };
}

/**
 * https://repost.aws/knowledge-center/s3-kms-signature-version-error — "All GET and PUT requests for an object protected
 * by AWS KMS fail if they aren't made through SSL or by using SigV4": an anonymous request for an SSE-KMS object, or one
 * that would write with SSE-KMS, is 400 InvalidArgument (KMS has no anonymous principal to act for).
 */
export const anonymousKmsProblem = (caller: Caller, usesKms: boolean): AwsError | undefined =>
  caller.kind === 'anonymous' && usesKms ? s3Errors.sigV4Required() : undefined;

/** The key a condition key or a key-id header names, as an ARN: aliases and bare ids resolve in `account` (spec §8.2). */
function keyArnOfRef(state: State, account: string, ref: string): string {
  const parsed = parseArn(ref);
  const aliasName = parsed ? (parsed.resource.startsWith('alias/') ? parsed.resource : undefined) : ref.startsWith('alias/') ? ref : undefined;
  const aliasAccount = parsed ? parsed.account : account;
  if (aliasName !== undefined) {
    const alias = state.kms.aliases[`${aliasAccount}:${aliasName}`];
    return alias ? keyArn(parsed?.region || state.region, aliasAccount, alias.targetKeyId) : ref;
  }
  return parsed ? ref : keyArn(state.region, account, ref);
}

export interface WriteKey {
  readonly state: State;
  /** What to pass to KMS GenerateDataKey. */
  readonly keyRef: string;
  /** The key ARN S3 compares with s3:x-amz-server-side-encryption-aws-kms-key-id. */
  readonly keyArn: string;
}

/**
 * The key of an SSE-KMS write, before S3 authorizes it (the key-id condition key needs it).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — without a key id S3 uses the AWS
 * managed key aws/s3, "created the first time you add an object encrypted with SSE-KMS"; spec §12.13: whose aws/s3 a
 * cross-account writer gets is `config.crossAccountDefaultKeyOwner`.
 */
export function resolveWriteKey(state: State, caller: SignedCaller, bucket: Bucket, plan: Extract<WritePlan, { kind: 'kms' }>): Result<WriteKey> {
  if (plan.keyRef !== undefined) return { ok: true, value: { state, keyRef: plan.keyRef, keyArn: keyArnOfRef(state, caller.account, plan.keyRef) } };
  const owner = state.config.crossAccountDefaultKeyOwner === 'requester' ? caller.account : bucket.account;
  const managed = awsManagedKey(state, owner, 's3');
  if (!managed.ok) return { ok: false, error: kmsErrorThroughS3(managed.error, 'kms:GenerateDataKey') };
  return { ok: true, value: { state: managed.state, keyRef: managed.value.keyArn, keyArn: managed.value.keyArn } };
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context — S3 sends
 * {"aws:s3:arn": object ARN}, or the bucket ARN with an S3 Bucket Key (bucket-key.html), added to the caller's own pairs.
 */
export const s3EncryptionContext = (bucket: string, key: string, bucketKey: boolean, callerContext: EncryptionContext): EncryptionContext => ({
  ...callerContext,
  'aws:s3:arn': bucketKey ? bucketArn(bucket) : objectArn(bucket, key),
});

export interface SealedDataKey {
  readonly state: State;
  readonly keyArn: Arn;
  readonly ciphertext: string;
  readonly encryptionContext: EncryptionContext;
}

/**
 * PUT: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — "Amazon S3 calls AWS KMS
 * GenerateDataKey" as the requester, who needs kms:GenerateDataKey; kms:ViaService is s3.<region>.amazonaws.com.
 */
export function generateObjectDataKey(
  state: State,
  caller: SignedCaller,
  env: RequestEnvironment,
  where: { readonly bucket: string; readonly key: string },
  plan: Extract<WritePlan, { kind: 'kms' }>,
  keyRef: string,
): Result<SealedDataKey> {
  const encryptionContext = s3EncryptionContext(where.bucket, where.key, plan.bucketKey, plan.callerContext);
  const forwarded = forwardedEnvironment(env);
  const r = generateDataKeyOnBehalf({ state, caller, viaService: s3ViaService(state), encryptionContext, env: forwarded, keyRef });
  const input = { KeyId: keyRef, EncryptionContext: encryptionContext, KeySpec: 'AES_256' };
  const traced = recordKmsCallByS3(state, r.ok ? r.state : state, { operation: 'GenerateDataKey', caller, env: forwarded, input, keyArn: r.ok ? r.value.keyArn : undefined, result: r });
  if (!r.ok) return { ok: false, error: kmsErrorThroughS3(r.error, 'kms:GenerateDataKey'), state: traced };
  return { ok: true, value: { state: traced, keyArn: r.value.keyArn, ciphertext: r.value.ciphertext, encryptionContext } };
}

interface KmsCallByS3 {
  readonly operation: 'GenerateDataKey' | 'Decrypt';
  readonly caller: SignedCaller;
  readonly env: RequestEnvironment;
  readonly input: { readonly [k: string]: unknown };
  readonly keyArn: string | undefined;
  readonly result: { readonly ok: true; readonly value: { readonly keyArn: Arn } } | { readonly ok: false; readonly error: AwsError };
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context — S3's KMS calls
 * appear in CloudTrail under the requester's identity with `invokedBy` "s3.amazonaws.com" and S3's encryption context
 * (spec §9); the KMS error is recorded as KMS returned it (the S3 response carries it with its `KMS.` prefix).
 */
function recordKmsCallByS3(before: State, after: State, c: KmsCallByS3): State {
  const keyArn = c.result.ok ? c.result.value.keyArn : c.keyArn;
  const account = keyArn ? parseArn(keyArn)?.account : undefined;
  return recordCall(before, after, {
    service: 'kms',
    operation: c.operation,
    caller: c.caller,
    input: c.input,
    env: c.env,
    result: c.result.ok ? { ok: true, output: { KeyId: c.result.value.keyArn } } : { ok: false, error: c.result.error },
    invokedBy: 's3.amazonaws.com',
    ...(keyArn ? { resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: keyArn }] } : {}),
  });
}

const keyIdOf = (arn: string): string => arn.slice(arn.indexOf(':key/') + ':key/'.length);

/**
 * GET: S3 calls KMS Decrypt on the object's data key as the requester, with the stored encryption context
 * (UsingKMSEncryption.html: "the requester must have kms:Decrypt"). A key deleted after its waiting period leaves the
 * object unreadable; the error is `config.s3GetDeletedKeyError` (spec §12.12, UNVERIFIED).
 */
export function decryptObjectDataKey(state: State, caller: SignedCaller, env: RequestEnvironment, object: S3Object): Result<State> {
  const arn = object.kmsKeyArn;
  if (!arn || object.encryptedDataKey === undefined) return { ok: true, value: state };
  const mutant = state.config.mutant;
  if (Object.hasOwn(state.kms.deletedKeys, keyIdOf(arn))) {
    // (Seeded mutant s3ServesObjectsOfDeletedKeys, model/mutants.ts, serves it from a cached data key.)
    if (mutant === 's3ServesObjectsOfDeletedKeys') return { ok: true, value: state };
    const message = `Key '${arn}' does not exist`;
    const input = { EncryptionContext: object.encryptionContext ?? {}, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    const notFound = { ok: false, error: { code: 'NotFoundException', message } } as const;
    const traced = recordKmsCallByS3(state, state, { operation: 'Decrypt', caller, env: forwardedEnvironment(env), input, keyArn: arn, result: notFound });
    return { ok: false, error: { code: state.config.s3GetDeletedKeyError, message }, state: traced };
  }
  // (Seeded mutant s3SkipsKmsDecrypt, model/mutants.ts, never asks KMS for a usable key.)
  if (mutant === 's3SkipsKmsDecrypt' && state.kms.keys[keyIdOf(arn)]?.state === 'Enabled') return { ok: true, value: state };
  const forwarded = forwardedEnvironment(env);
  const encryptionContext = object.encryptionContext ?? {};
  const r = decryptOnBehalf({ state, caller, viaService: s3ViaService(state), encryptionContext, env: forwarded, ciphertext: object.encryptedDataKey });
  const input = { EncryptionContext: encryptionContext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  const traced = recordKmsCallByS3(state, r.ok ? r.state : state, { operation: 'Decrypt', caller, env: forwarded, input, keyArn: arn, result: r });
  if (!r.ok) return { ok: false, error: kmsErrorThroughS3(r.error, 'kms:Decrypt'), state: traced };
  return { ok: true, value: traced };
}

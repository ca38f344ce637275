// S3 buckets: looking one up, name rules, CreateBucket and DeleteBucket.
import { z } from 'zod';
import type { AccountId } from '../arn.ts';
import { bucketArn } from '../arn.ts';
import type { Result } from '../errors.ts';
import type { Operation } from '../op.ts';
import { anyCallerOp, failWith, success } from '../op.ts';
import type { Bucket, DefaultEncryption, ObjectOwnership, PublicAccessBlock, State } from '../state.ts';
import { aclAcceptedWhenAclsDisabled, cannedAclGrants, cannedAclSchema, isPublicAcl } from './acl.ts';
import { authorizeS3 } from './authorization.ts';
import { publicAccessBlocked, s3Errors } from './errors.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html — ExpectedBucketOwner, accepted by every bucket operation. */
export const bucketFields = { Bucket: z.string().min(1), ExpectedBucketOwner: z.string().optional() };

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html — an object key is 1 to 1024 bytes. */
export const objectFields = { ...bucketFields, Key: z.string().min(1).max(1024) };

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html — "If the account ID that you provide does not match
 * the actual owner of the bucket, the request fails with the HTTP status code 403 Forbidden (access denied)";
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html — NoSuchBucket for a bucket that does not exist.
 */
export function findBucket(state: State, name: string, expectedOwner?: string): Result<Bucket> {
  const bucket = Object.hasOwn(state.s3.buckets, name) ? state.s3.buckets[name] : undefined;
  if (!bucket) return { ok: false, error: s3Errors.noSuchBucket(name) };
  if (expectedOwner !== undefined && expectedOwner !== bucket.account) return { ok: false, error: s3Errors.accessDenied() };
  return { ok: true, value: bucket };
}

export const withBucket = (state: State, bucket: Bucket): State => ({
  ...state,
  s3: { ...state.s3, buckets: { ...state.s3.buckets, [bucket.name]: bucket } },
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html — 3 to 63 characters; lowercase letters,
 * digits, dots and hyphens; begin and end with a letter or digit; no two adjacent periods; not an IP address; not
 * starting with xn--, sthree- or amzn-s3-demo-; not ending with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3.
 */
export const bucketNameSchema = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/)
  .refine((n) => !n.includes('..'))
  .refine((n) => !/^\d+\.\d+\.\d+\.\d+$/.test(n))
  .refine((n) => !['xn--', 'sthree-', 'amzn-s3-demo-'].some((p) => n.startsWith(p)))
  .refine((n) => !['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].some((s) => n.endsWith(s)));

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — since January 2023 every bucket encrypts with SSE-S3 by default. */
export const SSE_S3_DEFAULT: DefaultEncryption = { algorithm: 'AES256', kmsMasterKeyId: undefined, bucketKeyEnabled: false };

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html — since April 2023 new buckets have all four Block Public Access settings on. */
const ALL_BLOCKED: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

const objectOwnershipSchema = z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);

const createBucketSchema = z.strictObject({
  Bucket: z.string().min(1),
  ACL: cannedAclSchema.optional(),
  ObjectOwnership: objectOwnershipSchema.optional(),
  CreateBucketConfiguration: z.strictObject({ LocationConstraint: z.string().optional() }).optional(),
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html — LocationConstraint names the Region; in
 * us-east-1 it is left out (naming us-east-1 is InvalidLocationConstraint); elsewhere it must match the endpoint's Region.
 */
function locationProblem(state: State, constraint: string | undefined) {
  if (state.region === 'us-east-1') {
    if (constraint === undefined) return undefined;
    return constraint === 'us-east-1' ? s3Errors.invalidLocationConstraint() : s3Errors.illegalLocationConstraint(state.region, constraint);
  }
  return constraint === state.region ? undefined : s3Errors.illegalLocationConstraint(state.region, constraint ?? 'unspecified');
}

function newBucket(state: State, name: string, owner: string, ownership: ObjectOwnership, acl: Bucket['acl']): Bucket {
  return {
    name,
    arn: bucketArn(name),
    account: owner as AccountId,
    region: state.region,
    createdAt: state.now,
    defaultEncryption: SSE_S3_DEFAULT,
    publicAccessBlock: ALL_BLOCKED,
    ownership,
    policy: undefined,
    acl,
    objects: {},
  };
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 * - Permissions: s3:CreateBucket, plus s3:PutBucketAcl with an ACL and s3:PutBucketOwnershipControls with ObjectOwnership.
 * - New buckets: ObjectOwnership BucketOwnerEnforced (ACLs disabled) and all Block Public Access settings on, so a
 *   CreateBucket with an ACL other than the owner's full control fails (InvalidBucketAclWithObjectOwnership, or a public
 *   ACL blocked by BlockPublicAcls: spec §8.8).
 * - BucketAlreadyExists when another account owns the name; BucketAlreadyOwnedByYou when the caller's account does,
 *   "except in the North Virginia Region. For legacy compatibility, if you re-create an existing bucket that you already
 *   own in the North Virginia Region, Amazon S3 returns 200 OK and resets the bucket access control lists (ACLs)."
 */
const createBucket: Operation<z.infer<typeof createBucketSchema>> = anyCallerOp(createBucketSchema, ({ state, caller, input, env }) => {
  if (!bucketNameSchema.safeParse(input.Bucket).success) return failWith(s3Errors.invalidBucketName(input.Bucket));
  const location = locationProblem(state, input.CreateBucketConfiguration?.LocationConstraint);
  if (location) return failWith(location);

  const owner = caller.kind === 'anonymous' ? '' : caller.account;
  const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
  const acl = cannedAclGrants(input.ACL ?? 'private', 'bucket', owner);
  const candidate = newBucket(state, input.Bucket, owner, ownership, acl);
  const conditionKeys = { 's3:x-amz-acl': input.ACL, 's3:x-amz-object-ownership': input.ObjectOwnership };
  const actions = ['s3:CreateBucket', ...(input.ACL ? ['s3:PutBucketAcl'] : []), ...(input.ObjectOwnership ? ['s3:PutBucketOwnershipControls'] : [])];
  for (const action of actions) {
    const denied = authorizeS3({ state, caller, env, action, bucket: candidate, conditionKeys });
    if (denied) return failWith(denied);
  }

  const existing = Object.hasOwn(state.s3.buckets, input.Bucket) ? state.s3.buckets[input.Bucket] : undefined;
  if (existing && existing.account !== owner) return failWith(s3Errors.bucketAlreadyExists());
  if (existing && state.region !== 'us-east-1') return failWith(s3Errors.bucketAlreadyOwnedByYou());
  if (input.ACL && ownership === 'BucketOwnerEnforced' && !aclAcceptedWhenAclsDisabled(input.ACL)) return failWith(s3Errors.invalidBucketAclWithOwnership());
  const who = caller.kind === 'anonymous' ? undefined : caller.arn;
  if (isPublicAcl(acl)) return failWith(publicAccessBlocked(state.config.blockPublicAccessError, 'BlockPublicAcls', who, 's3:CreateBucket', candidate.arn));

  const bucket = existing ? { ...existing, acl } : candidate;
  const locationHeader = state.region === 'us-east-1' ? `/${input.Bucket}` : `http://${input.Bucket}.s3.amazonaws.com/`;
  return success(withBucket(state, bucket), { Location: locationHeader });
});

const deleteBucketSchema = z.strictObject({ ...bucketFields });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html — s3:DeleteBucket; "All objects ... must be deleted before the bucket itself can be deleted" (BucketNotEmpty). */
const deleteBucket: Operation<z.infer<typeof deleteBucketSchema>> = anyCallerOp(deleteBucketSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const denied = authorizeS3({ state, caller, env, action: 's3:DeleteBucket', bucket });
  if (denied) return failWith(denied);
  if (Object.keys(bucket.objects).length > 0) return failWith(s3Errors.bucketNotEmpty());
  const { [bucket.name]: _removed, ...rest } = state.s3.buckets;
  return success({ ...state, s3: { ...state.s3, buckets: rest } }, {});
});

export const bucketOperations = { CreateBucket: createBucket, DeleteBucket: deleteBucket };

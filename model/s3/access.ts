// S3 Block Public Access, Object Ownership and ACL operations (bucket and object ACLs).
import { z } from 'zod';
import { objectArn } from '../arn.ts';
import type { Operation } from '../op.ts';
import { anyCallerOp, failWith, success } from '../op.ts';
import type { AclGrant, Bucket } from '../state.ts';
import { aclAcceptedWhenAclsDisabled, aclOutput, cannedAclGrants, cannedAclSchema, isPublicAcl, privateAcl } from './acl.ts';
import { authorizeS3, effectiveObjectOwner } from './authorization.ts';
import { bucketFields, findBucket, objectFields, withBucket } from './buckets.ts';
import { publicAccessBlocked, s3Errors } from './errors.ts';

const flag = z.boolean().optional();
const putPublicAccessBlockSchema = z.strictObject({
  ...bucketFields,
  PublicAccessBlockConfiguration: z.strictObject({ BlockPublicAcls: flag, IgnorePublicAcls: flag, BlockPublicPolicy: flag, RestrictPublicBuckets: flag }),
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html — s3:PutBucketPublicAccessBlock;
 * the configuration replaces the bucket's; a setting left out is false (PublicAccessBlockConfiguration).
 */
const putPublicAccessBlock: Operation<z.infer<typeof putPublicAccessBlockSchema>> = anyCallerOp(putPublicAccessBlockSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:PutBucketPublicAccessBlock', bucket: found.value });
  if (denied) return failWith(denied);
  const c = input.PublicAccessBlockConfiguration;
  const publicAccessBlock = {
    BlockPublicAcls: c.BlockPublicAcls ?? false,
    IgnorePublicAcls: c.IgnorePublicAcls ?? false,
    BlockPublicPolicy: c.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  };
  return success(withBucket(state, { ...found.value, publicAccessBlock }), {});
});

const bucketOnlySchema = z.strictObject({ ...bucketFields });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html — s3:GetBucketPublicAccessBlock; NoSuchPublicAccessBlockConfiguration when none is set. */
const getPublicAccessBlock: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:GetBucketPublicAccessBlock', bucket: found.value });
  if (denied) return failWith(denied);
  const pab = found.value.publicAccessBlock;
  if (!pab) return failWith(s3Errors.noSuchPublicAccessBlock());
  return success(state, { PublicAccessBlockConfiguration: { ...pab } });
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html — needs s3:PutBucketPublicAccessBlock;
 * removes the bucket's configuration (access-control-block-public-access: "Removing a setting immediately restores"
 * whatever existing policies and ACLs grant).
 */
const deletePublicAccessBlock: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:PutBucketPublicAccessBlock', bucket: found.value });
  if (denied) return failWith(denied);
  return success(withBucket(state, { ...found.value, publicAccessBlock: undefined }), {});
});

const putOwnershipSchema = z.strictObject({
  ...bucketFields,
  OwnershipControls: z.strictObject({
    Rules: z.array(z.strictObject({ ObjectOwnership: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']) })).length(1),
  }),
});

/** A bucket ACL that gives nobody but the owner anything (the precondition for disabling ACLs). */
const onlyOwnerGranted = (acl: readonly AclGrant[], owner: string): boolean => acl.every((g) => g.grantee === 'owner' || g.grantee === owner);

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketOwnershipControls.html — s3:PutBucketOwnershipControls.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html — "if your
 * PutBucketOwnershipControls request sets bucket owner enforced for a bucket that has a bucket ACL that grants access to
 * others, the request fails" with InvalidBucketAclWithObjectOwnership. Object ACLs are kept (they stop counting).
 */
const putBucketOwnershipControls: Operation<z.infer<typeof putOwnershipSchema>> = anyCallerOp(putOwnershipSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const ownership = input.OwnershipControls.Rules[0]!.ObjectOwnership;
  const denied = authorizeS3({ state, caller, env, action: 's3:PutBucketOwnershipControls', bucket, conditionKeys: { 's3:x-amz-object-ownership': ownership } });
  if (denied) return failWith(denied);
  if (ownership === 'BucketOwnerEnforced' && !onlyOwnerGranted(bucket.acl, bucket.account)) return failWith(s3Errors.invalidBucketAclWithOwnership());
  return success(withBucket(state, { ...bucket, ownership }), {});
});

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html — s3:GetBucketOwnershipControls. */
const getBucketOwnershipControls: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const denied = authorizeS3({ state, caller, env, action: 's3:GetBucketOwnershipControls', bucket: found.value });
  if (denied) return failWith(denied);
  return success(state, { OwnershipControls: { Rules: [{ ObjectOwnership: found.value.ownership }] } });
});

/**
 * The checks every ACL-setting request meets after authorization:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html — with BucketOwnerEnforced
 * "Requests to set ACLs or update ACLs fail with a 400 error and return the AccessControlListNotSupported error code"
 * unless the ACL gives only the bucket owner full control; https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * — BlockPublicAcls: "PUT Bucket acl and PUT Object acl calls fail if the specified access control list (ACL) is public".
 */
export function aclWriteProblem(bucket: Bucket, acl: z.infer<typeof cannedAclSchema>, grants: readonly AclGrant[], blockedCode: string, who: string | undefined, action: string, resource: string) {
  if (bucket.ownership === 'BucketOwnerEnforced') return aclAcceptedWhenAclsDisabled(acl) ? undefined : s3Errors.aclNotSupported();
  if (bucket.publicAccessBlock?.BlockPublicAcls && isPublicAcl(grants)) return publicAccessBlocked(blockedCode, 'BlockPublicAcls', who, action, resource);
  return undefined;
}

const putBucketAclSchema = z.strictObject({ ...bucketFields, ACL: cannedAclSchema });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html — s3:PutBucketAcl (WRITE_ACP), condition key s3:x-amz-acl. */
const putBucketAcl: Operation<z.infer<typeof putBucketAclSchema>> = anyCallerOp(putBucketAclSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const denied = authorizeS3({ state, caller, env, action: 's3:PutBucketAcl', bucket, conditionKeys: { 's3:x-amz-acl': input.ACL } });
  if (denied) return failWith(denied);
  const acl = cannedAclGrants(input.ACL, 'bucket', bucket.account);
  const who = caller.kind === 'anonymous' ? undefined : caller.arn;
  const problem = aclWriteProblem(bucket, input.ACL, acl, state.config.blockPublicAccessError, who, 's3:PutBucketAcl', bucket.arn);
  if (problem) return failWith(problem);
  if (bucket.ownership === 'BucketOwnerEnforced') return success(state, {});
  return success(withBucket(state, { ...bucket, acl }), {});
});

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html — s3:GetBucketAcl (READ_ACP); with ACLs disabled
 * "Requests to read ACLs always return a response that shows full control for the bucket owner".
 */
const getBucketAcl: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const denied = authorizeS3({ state, caller, env, action: 's3:GetBucketAcl', bucket });
  if (denied) return failWith(denied);
  return success(state, aclOutput(bucket.account, bucket.ownership === 'BucketOwnerEnforced' ? privateAcl : bucket.acl));
});

const putObjectAclSchema = z.strictObject({ ...objectFields, ACL: cannedAclSchema });

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html — s3:PutObjectAcl (WRITE_ACP on the object),
 * condition key s3:x-amz-acl; NoSuchKey for a missing object. bucket-owner-read/full-control name the bucket owner.
 */
const putObjectAcl: Operation<z.infer<typeof putObjectAclSchema>> = anyCallerOp(putObjectAclSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const object = Object.hasOwn(bucket.objects, input.Key) ? bucket.objects[input.Key] : undefined;
  const denied = authorizeS3({ state, caller, env, action: 's3:PutObjectAcl', bucket, key: input.Key, object, conditionKeys: { 's3:x-amz-acl': input.ACL } });
  if (denied) return failWith(denied);
  if (!object) return failWith(s3Errors.noSuchKey(input.Key));
  const acl = cannedAclGrants(input.ACL, 'object', bucket.account);
  const who = caller.kind === 'anonymous' ? undefined : caller.arn;
  const problem = aclWriteProblem(bucket, input.ACL, acl, state.config.blockPublicAccessError, who, 's3:PutObjectAcl', objectArn(bucket.name, input.Key));
  if (problem) return failWith(problem);
  if (bucket.ownership === 'BucketOwnerEnforced') return success(state, {});
  return success(withBucket(state, { ...bucket, objects: { ...bucket.objects, [input.Key]: { ...object, acl } } }), {});
});

const objectOnlySchema = z.strictObject({ ...objectFields });

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html — s3:GetObjectAcl (READ_ACP on the object); with
 * ACLs disabled the answer shows full control for the bucket owner.
 */
const getObjectAcl: Operation<z.infer<typeof objectOnlySchema>> = anyCallerOp(objectOnlySchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const object = Object.hasOwn(bucket.objects, input.Key) ? bucket.objects[input.Key] : undefined;
  const denied = authorizeS3({ state, caller, env, action: 's3:GetObjectAcl', bucket, key: input.Key, object });
  if (denied) return failWith(denied);
  if (!object) return failWith(s3Errors.noSuchKey(input.Key));
  if (bucket.ownership === 'BucketOwnerEnforced') return success(state, aclOutput(bucket.account, privateAcl));
  return success(state, aclOutput(effectiveObjectOwner(bucket, object), object.acl));
});

export const accessOperations = {
  PutPublicAccessBlock: putPublicAccessBlock,
  GetPublicAccessBlock: getPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  PutBucketAcl: putBucketAcl,
  GetBucketAcl: getBucketAcl,
  PutObjectAcl: putObjectAcl,
  GetObjectAcl: getObjectAcl,
};

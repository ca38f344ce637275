// S3 access control lists: canned ACLs, which actions a grant allows, who a grantee covers, and the ACL response shape.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Caller } from '../authz/caller.ts';
import type { JsonObject } from '../op.ts';
import type { AclGrant } from '../state.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl — the canned ACLs keyward models. */
export const cannedAclSchema = z.enum(['private', 'public-read', 'public-read-write', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control']);
export type CannedAcl = z.infer<typeof cannedAclSchema>;

const OWNER_FULL_CONTROL: AclGrant = { grantee: 'owner', permission: 'FULL_CONTROL' };

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl — private: owner FULL_CONTROL;
 * public-read: + AllUsers READ; public-read-write: + AllUsers READ and WRITE; authenticated-read: + AuthenticatedUsers
 * READ; bucket-owner-read / bucket-owner-full-control: "Object owner gets FULL_CONTROL. Bucket owner gets READ /
 * FULL_CONTROL ... If you specify this canned ACL when creating a bucket, Amazon S3 ignores it."
 */
export function cannedAclGrants(acl: CannedAcl, level: 'bucket' | 'object', bucketOwner: string): readonly AclGrant[] {
  switch (acl) {
    case 'private':
      return [OWNER_FULL_CONTROL];
    case 'public-read':
      return [OWNER_FULL_CONTROL, { grantee: 'AllUsers', permission: 'READ' }];
    case 'public-read-write':
      return [OWNER_FULL_CONTROL, { grantee: 'AllUsers', permission: 'READ' }, { grantee: 'AllUsers', permission: 'WRITE' }];
    case 'authenticated-read':
      return [OWNER_FULL_CONTROL, { grantee: 'AuthenticatedUsers', permission: 'READ' }];
    case 'bucket-owner-read':
      return level === 'bucket' ? [OWNER_FULL_CONTROL] : [OWNER_FULL_CONTROL, { grantee: bucketOwner, permission: 'READ' }];
    case 'bucket-owner-full-control':
      return level === 'bucket' ? [OWNER_FULL_CONTROL] : [OWNER_FULL_CONTROL, { grantee: bucketOwner, permission: 'FULL_CONTROL' }];
  }
}

export const privateAcl: readonly AclGrant[] = [OWNER_FULL_CONTROL];

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * — "Amazon S3 considers a bucket or object ACL public if it grants any permissions to members of the predefined
 * AllUsers or AuthenticatedUsers groups."
 */
export const isPublicGrant = (g: AclGrant): boolean => g.grantee === 'AllUsers' || g.grantee === 'AuthenticatedUsers';
export const isPublicAcl = (grants: readonly AclGrant[]): boolean => grants.some(isPublicGrant);

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html — with ACLs disabled
 * (BucketOwnerEnforced) "you must either specify bucket owner full control ACLs or not specify an ACL": the ACLs that
 * give only the bucket owner full control (private, bucket-owner-full-control) are accepted, every other one fails.
 */
export const aclAcceptedWhenAclsDisabled = (acl: CannedAcl): boolean => acl === 'private' || acl === 'bucket-owner-full-control';

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions — what each ACL permission allows,
 * on a bucket and on an object (WRITE does not apply to objects).
 */
const BUCKET_PERMISSION_ACTIONS: Readonly<Record<AclGrant['permission'], readonly string[]>> = {
  READ: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
  WRITE: ['s3:PutObject', 's3:DeleteObject'],
  READ_ACP: ['s3:GetBucketAcl'],
  WRITE_ACP: ['s3:PutBucketAcl'],
  FULL_CONTROL: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads', 's3:PutObject', 's3:DeleteObject', 's3:GetBucketAcl', 's3:PutBucketAcl'],
};
const OBJECT_PERMISSION_ACTIONS: Readonly<Record<AclGrant['permission'], readonly string[]>> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion'],
  WRITE: [],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  FULL_CONTROL: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAcl', 's3:GetObjectVersionAcl', 's3:PutObjectAcl', 's3:PutObjectVersionAcl'],
};

const OBJECT_ACL_ACTIONS: ReadonlySet<string> = new Set(OBJECT_PERMISSION_ACTIONS.FULL_CONTROL);

/** Which ACL can grant an action: the object's (reads and ACL changes of an object) or the bucket's (lists, writes). */
export const aclLevelOf = (action: string): 'bucket' | 'object' => (OBJECT_ACL_ACTIONS.has(action) ? 'object' : 'bucket');

export interface AclQuestion {
  readonly grants: readonly AclGrant[];
  readonly level: 'bucket' | 'object';
  readonly action: string;
  readonly caller: Caller;
  /** The account that owns the bucket or object the ACL belongs to. */
  readonly resourceOwner: string;
  /** IgnorePublicAcls is on: grants to AllUsers and AuthenticatedUsers count for nothing. */
  readonly ignorePublic: boolean;
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee — AllUsers is anyone,
 * signed or not; AuthenticatedUsers is any signed AWS request; an account grantee is that account, whose users still
 * need their own IAM permission (access-control-auth-workflow-object-operation: the user context is evaluated first).
 * Grants to the owner add nothing: the owner's principals are authorized by the owner's own policies.
 */
function granteeCovers(grantee: string, caller: Caller, resourceOwner: string, ignorePublic: boolean): boolean {
  if (grantee === 'AllUsers') return !ignorePublic;
  if (grantee === 'AuthenticatedUsers') return !ignorePublic && caller.kind !== 'anonymous';
  if (grantee === 'owner' || caller.kind === 'anonymous') return false;
  return grantee === caller.account && grantee !== resourceOwner;
}

/** Does the ACL grant the caller the action (a resource-side allow, spec §8.8)? */
export function aclAllows(q: AclQuestion): boolean {
  const actions = q.level === 'bucket' ? BUCKET_PERMISSION_ACTIONS : OBJECT_PERMISSION_ACTIONS;
  return q.grants.some((g) => actions[g.permission].includes(q.action) && granteeCovers(g.grantee, q.caller, q.resourceOwner, q.ignorePublic));
}

/** S3's canonical user id of an account (a stable 64-hex-digit id; AWS's real ids are opaque). */
export const canonicalUserId = (account: string): string => createHash('sha256').update(`keyward canonical user ${account}`).digest('hex');

const GROUP_URIS: Readonly<Record<string, string>> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html — `{Owner: {ID}, Grants: [{Grantee, Permission}]}`. */
export function aclOutput(owner: string, grants: readonly AclGrant[]): JsonObject {
  const grantee = (g: AclGrant): JsonObject => {
    const uri = GROUP_URIS[g.grantee];
    if (uri) return { Type: 'Group', URI: uri };
    return { Type: 'CanonicalUser', ID: canonicalUserId(g.grantee === 'owner' ? owner : g.grantee) };
  };
  return { Owner: { ID: canonicalUserId(owner) }, Grants: grants.map((g) => ({ Grantee: grantee(g), Permission: g.permission })) };
}

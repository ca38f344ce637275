// S3 authorization: the request context S3 builds, the bucket policy and ACLs as the resource side, the one decision rule.
import { bucketArn, objectArn } from '../arn.ts';
import type { Caller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { globalContext } from '../authz/context.ts';
import type { Denial } from '../authz/authorize.ts';
import { accessDeniedMessage, authorize } from '../authz/authorize.ts';
import type { DecisionInputs, DecisionRule } from '../authz/decision.ts';
import type { AwsError } from '../errors.ts';
import type { PolicyDocument } from '../policy/document.ts';
import type { RequestContext } from '../policy/context.ts';
import { withValues } from '../policy/context.ts';
import type { Bucket, S3Object, State } from '../state.ts';
import { aclAllows, aclLevelOf } from './acl.ts';
import { s3Errors } from './errors.ts';
import { isPublicPolicy } from './public-policy.ts';

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — for S3 an allow in the
 * bucket policy or in the caller's identity policies suffices within one account ("resource-based policies ... a
 * union"), cross-account both sides must allow; a bucket policy naming a role ARN (or "*") is still bounded by the
 * caller's permissions boundary and session policy. S3 has no grants.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html — S3 serves anonymous requests where a
 * policy or ACL grants everyone ("AllUsers ... anyone in the world").
 */
export const s3Rule: DecisionRule = {
  resourcePolicyRequired: false,
  servesAnonymous: true,
  crossAccountAction: true,
  indirectBoundedByBoundary: true,
  grantsCrossAccount: false,
  scpLimitsGrants: false,
};

export interface S3AccessRequest {
  readonly state: State;
  readonly caller: Caller;
  readonly env: RequestEnvironment;
  /** The IAM action, e.g. `s3:GetObject` (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html). */
  readonly action: string;
  readonly bucket: Bucket;
  /** The object key, for object-level requests (the resource is then the object ARN). */
  readonly key?: string | undefined;
  /** The object, when it exists: its ACL and its owner count for object-level ACL actions. */
  readonly object?: S3Object | undefined;
  /** The request's own S3 condition keys (s3:x-amz-acl, s3:x-amz-server-side-encryption, s3:prefix, ...). */
  readonly conditionKeys?: Readonly<Record<string, string | undefined>>;
  /** GetBucketPolicy/PutBucketPolicy/DeleteBucketPolicy: the bucket owner's root user is not bound by the bucket policy. */
  readonly ownerRootExemptFromBucketPolicy?: boolean;
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html — with BucketOwnerEnforced the bucket
 * owner owns every object; otherwise the account that wrote it (or the bucket owner, for BucketOwnerPreferred writes
 * with bucket-owner-full-control, decided at write time).
 */
export const effectiveObjectOwner = (bucket: Bucket, object: S3Object): string =>
  bucket.ownership === 'BucketOwnerEnforced' ? bucket.account : object.owner;

/**
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys — the keys
 * S3 adds to every request: s3:ResourceAccount (the bucket owner), and for signed requests s3:authType and
 * s3:signatureversion (keyward's callers sign with SigV4 in the Authorization header).
 */
export function s3Context(r: S3AccessRequest): RequestContext {
  const signed = r.caller.kind !== 'anonymous';
  return withValues(globalContext(r.state, r.caller, r.env), {
    's3:ResourceAccount': r.bucket.account,
    's3:authType': signed ? 'REST-HEADER' : undefined,
    's3:signatureversion': signed ? 'AWS4-HMAC-SHA256' : undefined,
    ...r.conditionKeys,
  });
}

const denyOnlyViews = new WeakMap<PolicyDocument, PolicyDocument>();
/** The bucket policy with its Allow statements dropped: only its denies still count. */
function denyOnly(doc: PolicyDocument): PolicyDocument {
  let view = denyOnlyViews.get(doc);
  if (!view) {
    view = { ...doc, statements: doc.statements.filter((s) => s.effect === 'Deny') };
    denyOnlyViews.set(doc, view);
  }
  return view;
}

/**
 * The bucket policy as this request sees it.
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html — when the
 *   object's owner is not the bucket owner, "Amazon S3 checks the policies if the bucket owner has explicitly denied
 *   access to the object"; the object owner's ACL must grant the rest.
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — RestrictPublicBuckets:
 *   with a public policy "only AWS service principals and authorized users within the bucket owner's account" have
 *   access; "all cross-account access ... is blocked".
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html — "the root principal in a bucket owner's
 *   AWS account can perform the GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy API actions, even if their
 *   bucket policy explicitly denies the root principal's access".
 */
export function bucketPolicyFor(r: S3AccessRequest, resourceOwner: string): PolicyDocument | undefined {
  const doc = r.bucket.policy?.doc;
  if (!doc) return undefined;
  const ownerAccount = r.bucket.account;
  const callerAccount = r.caller.kind === 'anonymous' ? undefined : r.caller.account;
  if (r.ownerRootExemptFromBucketPolicy && r.caller.kind === 'root' && callerAccount === ownerAccount) return undefined;
  if (resourceOwner !== ownerAccount) return denyOnly(doc);
  if (r.bucket.publicAccessBlock?.RestrictPublicBuckets && callerAccount !== ownerAccount && isPublicPolicy(doc)) return denyOnly(doc);
  return doc;
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html — with BucketOwnerEnforced "ACLs no
 * longer affect permissions"; https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * — IgnorePublicAcls: "Amazon S3 ignores all public ACLs on a bucket and any objects that it contains".
 */
export function aclAllowFor(r: S3AccessRequest, level: 'bucket' | 'object', resourceOwner: string): boolean {
  if (r.bucket.ownership === 'BucketOwnerEnforced') return false;
  const grants = level === 'object' ? r.object?.acl : r.bucket.acl;
  if (!grants) return false;
  const ignorePublic = r.bucket.publicAccessBlock?.IgnorePublicAcls ?? false;
  return aclAllows({ grants, level, action: r.action, caller: r.caller, resourceOwner, ignorePublic });
}

/** AWS's AccessDenied wording: a same-account denial lacks an identity-based allow, a cross-account one a resource-based allow first. */
function s3Denial(denial: Denial | undefined, inputs: DecisionInputs<boolean>): Denial | undefined {
  if (denial !== 'noResourcePolicy' && denial !== 'noIdentityPolicy') return denial;
  if (inputs.sameAccount) return 'noIdentityPolicy';
  const rp = inputs.resourcePolicy;
  return rp && (rp.exact || rp.indirect || rp.account) ? 'noIdentityPolicy' : 'noResourcePolicy';
}

/** The ARN an S3 request acts on: the object's, or the bucket's. */
export const s3ResourceArn = (bucket: string, key: string | undefined): string => (key === undefined ? bucketArn(bucket) : objectArn(bucket, key));

/** Is the S3 request allowed? Returns S3's AccessDenied when not. */
export function authorizeS3(r: S3AccessRequest): AwsError | undefined {
  const level = aclLevelOf(r.action);
  const resourceOwner = level === 'object' && r.object ? effectiveObjectOwner(r.bucket, r.object) : r.bucket.account;
  const resource = s3ResourceArn(r.bucket.name, r.key);
  const request = { caller: r.caller, action: r.action, resource, context: s3Context(r) };
  const side = { owner: resourceOwner, policy: bucketPolicyFor(r, resourceOwner), extraIndirectAllow: aclAllowFor(r, level, resourceOwner) };
  const outcome = authorize(r.state, request, side, s3Rule);
  if (outcome.allowed) return undefined;
  if (r.caller.kind === 'anonymous') return s3Errors.accessDenied();
  return s3Errors.accessDenied(accessDeniedMessage(r.caller.arn, r.action, `"${resource}"`, s3Denial(outcome.denial, outcome.inputs)));
}

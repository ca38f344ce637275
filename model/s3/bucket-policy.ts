// S3 bucket policies: PutBucketPolicy (parsed and checked as S3 does), GetBucketPolicy, DeleteBucketPolicy.
import { z } from 'zod';
import { parsePrincipalArn } from '../arn.ts';
import type { Caller } from '../authz/caller.ts';
import type { AwsError } from '../errors.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { anyCallerOp, failWith, success } from '../op.ts';
import type { PolicyDocument, PrincipalSet, Statement } from '../policy/document.ts';
import { globMatch } from '../policy/match.ts';
import { parsePolicy } from '../policy/parse.ts';
import type { Bucket, State } from '../state.ts';
import { authorizeS3 } from './authorization.ts';
import { bucketFields, findBucket, withBucket } from './buckets.ts';
import { publicAccessBlocked, s3Errors } from './errors.ts';
import { isPublicPolicy } from './public-policy.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html — "a bucket policy can be up to 20 KB". */
const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — an AWS principal is an
 * account id, an account/user/role ARN or a role-session ARN, without partial wildcards ("You cannot use a wildcard to
 * match part of a principal name or ARN"); a user or role of an account the world knows must exist (S3 answers
 * "Invalid principal in policy"). Principals of other accounts cannot be checked and are accepted.
 */
function principalProblem(state: State, set: PrincipalSet): string | undefined {
  for (const p of set.aws) {
    if (/^\d{12}$/.test(p)) continue;
    const name = p.includes('*') ? undefined : parsePrincipalArn(p);
    if (!name) return 'Invalid principal in policy';
    if (!state.accounts.includes(name.account)) continue;
    const exists =
      name.kind === 'root' ||
      (name.kind === 'user' && Object.hasOwn(state.iam.users, p)) ||
      (name.kind === 'role' && Object.hasOwn(state.iam.roles, p)) ||
      (name.kind === 'session' && Object.values(state.iam.roles).some((r) => r.account === name.account && r.name === name.roleName));
    if (!exists) return 'Invalid principal in policy';
  }
  return undefined;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html — a bucket policy's actions are S3 actions ("Policy has invalid action"). */
const actionIsS3 = (a: string): boolean => a === '*' || a.toLowerCase().startsWith('s3:');

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html — a bucket policy's resources are this
 * bucket and its objects ("Policy has invalid resource"): the part before the first "/" must match the bucket's name.
 */
function resourceIsThisBucket(pattern: string, bucket: string): boolean {
  if (pattern === '*') return true;
  const prefix = 'arn:aws:s3:::';
  if (!pattern.startsWith(prefix)) return false;
  const bucketPart = pattern.slice(prefix.length).split('/')[0] ?? '';
  return globMatch(bucketPart, bucket);
}

function statementProblem(state: State, s: Statement, bucket: string): string | undefined {
  for (const set of [s.principal, s.notPrincipal]) {
    const problem = set && principalProblem(state, set);
    if (problem) return problem;
  }
  if (![...(s.action ?? []), ...(s.notAction ?? [])].every(actionIsS3)) return 'Policy has invalid action';
  if (![...(s.resource ?? []), ...(s.notResource ?? [])].every((r) => resourceIsThisBucket(r, bucket))) return 'Policy has invalid resource';
  return undefined;
}

/** Parse a bucket policy as S3 checks it; a bad one is MalformedPolicy with S3's reason. */
export function parseBucketPolicy(state: State, text: string, bucket: string): { ok: true; doc: PolicyDocument } | { ok: false; error: AwsError } {
  if (Buffer.byteLength(text, 'utf8') > BUCKET_POLICY_MAX_BYTES) return { ok: false, error: s3Errors.malformedPolicy('Policy exceeds the maximum allowed document size.') };
  const parsed = parsePolicy(text, 'bucketPolicy');
  if (!parsed.ok) {
    const reason = parsed.reason.startsWith('the policy is not valid JSON') ? "Policies must be valid JSON and the first byte must be '{'" : parsed.reason;
    return { ok: false, error: s3Errors.malformedPolicy(reason) };
  }
  for (const s of parsed.doc.statements) {
    const problem = statementProblem(state, s, bucket);
    if (problem) return { ok: false, error: s3Errors.malformedPolicy(problem) };
  }
  return { ok: true, doc: parsed.doc };
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html — "If you don't have PutBucketPolicy
 * permissions, Amazon S3 returns a 403 Access Denied error. If you have the correct permissions, but you're not using an
 * identity that belongs to the bucket owner's account, Amazon S3 returns a 405 Method Not Allowed error." The same holds
 * for GetBucketPolicy and DeleteBucketPolicy; the owner's root user is exempt from the bucket policy for all three.
 */
function bucketPolicyAccess(req: OpRequest<{ Bucket: string; ExpectedBucketOwner?: string | undefined }, Caller>, action: string): { ok: true; bucket: Bucket } | { ok: false; outcome: OpOutcome } {
  const { state, caller, input, env } = req;
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return { ok: false, outcome: failWith(found.error) };
  const bucket = found.value;
  const denied = authorizeS3({ state, caller, env, action, bucket, ownerRootExemptFromBucketPolicy: true });
  if (denied) return { ok: false, outcome: failWith(denied) };
  if (caller.kind === 'anonymous' || caller.account !== bucket.account) return { ok: false, outcome: failWith(s3Errors.methodNotAllowed()) };
  return { ok: true, bucket };
}

const putBucketPolicySchema = z.strictObject({ ...bucketFields, Policy: z.string() });

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html — s3:PutBucketPolicy; the policy replaces
 * the bucket's. https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html —
 * BlockPublicPolicy: "Amazon S3 rejects calls to PUT Bucket policy if the specified bucket policy allows public access".
 */
const putBucketPolicy: Operation<z.infer<typeof putBucketPolicySchema>> = anyCallerOp(putBucketPolicySchema, (req) => {
  const access = bucketPolicyAccess(req, 's3:PutBucketPolicy');
  if (!access.ok) return access.outcome;
  const { state, caller, input } = req;
  const bucket = access.bucket;
  const parsed = parseBucketPolicy(state, input.Policy, bucket.name);
  if (!parsed.ok) return failWith(parsed.error);
  if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(parsed.doc)) {
    const who = caller.kind === 'anonymous' ? undefined : caller.arn;
    return failWith(publicAccessBlocked(state.config.blockPublicAccessError, 'BlockPublicPolicy', who, 's3:PutBucketPolicy', bucket.arn));
  }
  return success(withBucket(state, { ...bucket, policy: { text: input.Policy, doc: parsed.doc } }), {});
});

const bucketOnlySchema = z.strictObject({ ...bucketFields });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html — s3:GetBucketPolicy; NoSuchBucketPolicy when there is none. */
const getBucketPolicy: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, (req) => {
  const access = bucketPolicyAccess(req, 's3:GetBucketPolicy');
  if (!access.ok) return access.outcome;
  const policy = access.bucket.policy;
  if (!policy) return failWith(s3Errors.noSuchBucketPolicy());
  return success(req.state, { Policy: policy.text });
});

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html — s3:DeleteBucketPolicy; HTTP 204 whether or not a policy existed. */
const deleteBucketPolicy: Operation<z.infer<typeof bucketOnlySchema>> = anyCallerOp(bucketOnlySchema, (req) => {
  const access = bucketPolicyAccess(req, 's3:DeleteBucketPolicy');
  if (!access.ok) return access.outcome;
  return success(withBucket(req.state, { ...access.bucket, policy: undefined }), {});
});

export const bucketPolicyOperations = { PutBucketPolicy: putBucketPolicy, GetBucketPolicy: getBucketPolicy, DeleteBucketPolicy: deleteBucketPolicy };

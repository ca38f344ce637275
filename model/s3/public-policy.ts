// Whether a bucket policy is "public" in S3's sense (Block Public Access): some Allow is not pinned to fixed values.
import type { ConditionTest, PolicyDocument, PrincipalSet, Statement } from '../policy/document.ts';
import { isNegatedOperator } from '../policy/document.ts';

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * — "a policy is non-public if it grants permissions only to fixed values (values that don't contain a wildcard or an
 * AWS Identity and Access Management Policy Variable)" of: an AWS principal, user, role or service principal, or one of
 * these keys: aws:SourceIp (CIDRs no broader than /8 IPv4, /32 IPv6), aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
 * aws:SourceOwner, aws:SourceAccount, s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid (outside
 * "AROLEID:*"), s3:DataAccessPointArn, s3:DataAccessPointAccount; and the principal keys aws:PrincipalArn,
 * aws:PrincipalAccount, aws:PrincipalOrgID that name the same principals.
 */
const RESTRICTING_KEYS: ReadonlySet<string> = new Set([
  'aws:sourceip', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceowner', 'aws:sourceaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id', 'aws:userid', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
  'aws:principalarn', 'aws:principalaccount', 'aws:principalorgid',
]);

const POSITIVE_MATCHING = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);

const isFixed = (value: string): boolean => !value.includes('*') && !value.includes('?') && !value.includes('${');

/** A CIDR no broader than /8 (IPv4) or /32 (IPv6); a bare address counts as a single host. */
function cidrIsNarrow(cidr: string): boolean {
  const [address, bits] = cidr.split('/');
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return (address ?? '').includes(':') ? prefix >= 32 : prefix >= 8;
}

/** Does this condition pin the statement to fixed values of one of the restricting keys? */
function restricts(test: ConditionTest): boolean {
  if (test.ifExists || test.qualifier === 'ForAllValues' || isNegatedOperator(test.operator)) return false;
  if (!POSITIVE_MATCHING.has(test.operator) || !RESTRICTING_KEYS.has(test.keyLower)) return false;
  if (!test.values.every(isFixed)) return false;
  if (test.keyLower === 'aws:sourceip') return test.operator === 'IpAddress' && test.values.every(cidrIsNarrow);
  return test.operator !== 'IpAddress';
}

const setIsFixed = (p: PrincipalSet): boolean =>
  !p.anyone && [...p.aws, ...p.service, ...p.federated, ...p.canonicalUser].every(isFixed);

/** An Allow statement is public unless its principal or one of its conditions is pinned to fixed values. */
function statementIsPublic(s: Statement): boolean {
  if (s.effect !== 'Allow') return false;
  const principalFixed = s.principal !== undefined && setIsFixed(s.principal);
  return !principalFixed && !s.conditions.some(restricts);
}

const cache = new WeakMap<PolicyDocument, boolean>();

/** Is the bucket policy public (for BlockPublicPolicy and RestrictPublicBuckets)? */
export function isPublicPolicy(doc: PolicyDocument): boolean {
  let answer = cache.get(doc);
  if (answer === undefined) {
    answer = doc.statements.some(statementIsPublic);
    cache.set(doc, answer);
  }
  return answer;
}

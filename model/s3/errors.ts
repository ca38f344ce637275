// S3's error codes and messages as returned values, and how KMS errors surface through S3.
import type { AwsError } from '../errors.ts';

const err = (code: string, message: string): AwsError => ({ code, message });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html — the S3 error codes keyward returns. */
export const s3Errors = {
  noSuchBucket: (bucket: string) => err('NoSuchBucket', `The specified bucket does not exist (${bucket})`),
  noSuchKey: (key: string) => err('NoSuchKey', `The specified key does not exist. (${key})`),
  invalidArgument: (message: string) => err('InvalidArgument', message),
  invalidRequest: (message: string) => err('InvalidRequest', message),
  invalidBucketName: (bucket: string) => err('InvalidBucketName', `The specified bucket is not valid. (${bucket})`),
  bucketAlreadyExists: () =>
    err('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.'),
  bucketAlreadyOwnedByYou: () => err('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.'),
  bucketNotEmpty: () => err('BucketNotEmpty', 'The bucket you tried to delete is not empty'),
  noSuchBucketPolicy: () => err('NoSuchBucketPolicy', 'The bucket policy does not exist'),
  noSuchPublicAccessBlock: () => err('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
  malformedPolicy: (reason: string) => err('MalformedPolicy', reason),
  methodNotAllowed: () => err('MethodNotAllowed', 'The specified method is not allowed against this resource.'),
  aclNotSupported: () => err('AccessControlListNotSupported', 'The bucket does not allow ACLs'),
  invalidBucketAclWithOwnership: () =>
    err('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"),
  invalidLocationConstraint: () => err('InvalidLocationConstraint', 'The specified location-constraint is not valid'),
  illegalLocationConstraint: (region: string, constraint: string) =>
    err('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to (${region}).`),
  accessDenied: (message = 'Access Denied') => err('AccessDenied', message),
  /**
   * https://repost.aws/knowledge-center/s3-kms-signature-version-error — an unsigned (or SigV2) request for an SSE-KMS
   * object: HTTP 400 InvalidArgument, "Requests specifying Server Side Encryption with AWS KMS managed keys require AWS
   * Signature Version 4." (ArgumentName Authorization).
   */
  sigV4Required: () => err('InvalidArgument', 'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.'),
} as const;

/**
 * How a KMS error made on the caller's behalf surfaces through S3 (spec §8.3, §8.9, validated against AWS):
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html — a missing KMS permission is a 403
 * `AccessDenied` whose message names the KMS action; key-state and key-existence errors are passed on as HTTP 400 with a
 * `KMS.` prefix on the KMS exception name (`KMS.DisabledException`, `KMS.KMSInvalidStateException`,
 * `KMS.NotFoundException`).
 */
/**
 * spec §8.8 / §12.15 (UNVERIFIED code, `config.blockPublicAccessError`): Block Public Access rejecting a public ACL
 * (BlockPublicAcls) or a public bucket policy (BlockPublicPolicy), with the reason AWS's message gives.
 */
export function publicAccessBlocked(code: string, setting: 'BlockPublicAcls' | 'BlockPublicPolicy', who: string | undefined, action: string, resource: string): AwsError {
  const what = setting === 'BlockPublicAcls' ? 'public ACLs' : 'public policies';
  const user = who ?? 'anonymous';
  return err(code, `User: ${user} is not authorized to perform: ${action} on resource: "${resource}" because ${what} are blocked by the ${setting} block public access setting.`);
}

export function kmsErrorThroughS3(error: AwsError, kmsAction: string): AwsError {
  if (error.code === 'AccessDeniedException') {
    const message = error.message.includes(kmsAction) ? error.message : `${error.message} (${kmsAction})`;
    return err('AccessDenied', message);
  }
  return err(`KMS.${error.code}`, error.message);
}

// Every UNVERIFIED or INFERRED choice of spec §12, in one named, configurable place (listed in README.md).
import type { MutantName } from './mutants.ts';

/** Where AccessDenied is decided relative to the key-state check (spec §1.4, §12 item 1). */
export type AuthzOrder = 'authorizeThenState' | 'stateThenAuthorize';

export interface ModelConfig {
  /** §12.1: resolve key → authorize → key state (AWS recommends nothing; keyward's default). */
  readonly authzOrder: AuthzOrder;
  /** §12.2: error for a non-cross-account KMS operation on another account's key. */
  readonly crossAccountNotSupportedError: string;
  /** §12.3: error for PendingWindowInDays outside 7..30. */
  readonly pendingWindowOutOfRangeError: string;
  /** §1.2: the waiting period bounds and default (documented: 7..30, default 30). */
  readonly pendingWindowMinDays: number;
  readonly pendingWindowMaxDays: number;
  readonly pendingWindowDefaultDays: number;
  /** §12.4/§1.6: on-demand rotations allowed per key (10 in 2024–2025 texts, 25 since Feb 2026). */
  readonly onDemandRotationLimit: number;
  /** §12.5: does the console's key-administrator statement include kms:RotateKeyOnDemand? (used by nothing that parses policies; informative). */
  readonly consoleAdminIncludesRotateOnDemand: boolean;
  /** §12.6: are NotPrincipal/NotAction/NotResource accepted in key policies? */
  readonly keyPolicyAllowsNotElements: boolean;
  /** §12.6: is the bare string form "Principal": "*" accepted in key policies (IAM treats it as {"AWS":"*"})? */
  readonly keyPolicyAllowsBarePrincipalStar: boolean;
  /** §12.7: a grant carrying both EncryptionContextEquals and EncryptionContextSubset: both must hold. */
  readonly grantBothConstraints: 'and';
  /** §12.8: must the CreateGrant request made through a parent grant satisfy the parent's EC constraint? */
  readonly childCreateGrantChecksParentConstraint: boolean;
  /** §12.9: error for an unknown GrantId on RetireGrant/RevokeGrant. */
  readonly unknownGrantIdError: 'NotFoundException' | 'InvalidGrantIdException';
  /** §12.10: grants alone authorize a grantee of another account (no IAM policy needed there). */
  readonly grantsSufficeCrossAccount: boolean;
  /** §12.11: SCPs of the caller's account also bound access that comes from grants. */
  readonly scpLimitsGrants: boolean;
  /** §12.12: Decrypt of a ciphertext whose key was deleted (no KeyId given). */
  readonly decryptDeletedKeyError: string;
  /** §12.12: S3 GET of an SSE-KMS object whose key was deleted. */
  readonly s3GetDeletedKeyError: string;
  /** §12.13: whose aws/s3 key a cross-account PUT without key id uses. */
  readonly crossAccountDefaultKeyOwner: 'requester' | 'bucketOwner';
  /** §12.14: anonymous GET of an SSE-KMS object: InvalidArgument before or after S3's own authorization. */
  readonly anonymousSseKmsCheck: 'beforeS3Authorization' | 'afterS3Authorization';
  /** §12.15: error when Block Public Access rejects a public ACL or a public bucket policy. */
  readonly blockPublicAccessError: string;
  /** §8.3 (INFERRED): does HeadObject of an SSE-KMS object call kms:Decrypt as the caller (and so need it)? HEAD returns
   * metadata only; keyward's default is that it does not. */
  readonly s3HeadObjectDecrypts: boolean;
  /** §8.2 (INFERRED): do s3:x-amz-server-side-encryption and s3:x-amz-server-side-encryption-aws-kms-key-id carry the
   * bucket default when the PUT sends no encryption header? keyward's default: no, they reflect the request headers
   * (a bucket policy requiring the header denies default-encrypted uploads, as AWS warns). */
  readonly s3DefaultEncryptionInConditionKeys: boolean;
  /** §12.16: IAM's rule that a resource policy naming a role ARN (not a user or session ARN) is still bounded by
   * the permissions boundary and session policy, applied to KMS key policies. `"*"` counts as indirect too. */
  readonly keyPolicyRoleArnBoundedByBoundary: boolean;
  /** §12.17: grant-constraint keys compared case-insensitively (API Reference) or exactly (2023 guide). */
  readonly grantConstraintKeysCaseInsensitive: boolean;
  /** §4.5: grant propagation delay in seconds (0 = strongly consistent, keyward's default). */
  readonly grantPropagationSeconds: number;
  /** §4.4 (INFERRED): when a policy allows kms:CreateGrant, do the parent-grant limits still apply to a caller who also
   * holds a CreateGrant grant? false = the policy is the authority and no limits apply (create-grant-overview:
   * "These limitations don't apply to principals who get CreateGrant permission from a policy"). */
  readonly grantLimitsApplyDespitePolicy: boolean;
  /** §4.1 (INFERRED): a grant whose grantee is an account (`arn:aws:iam::A:root` or `A`) is used by that account's
   * root user only (no delegation to the account's IAM principals). */
  readonly grantAccountGranteeScope: 'rootUserOnly';
  /** §3.6 (UNVERIFIED): error for ListRetirableGrants naming a principal of another account. */
  readonly listRetirableGrantsOtherAccountError: string;
  /** §1.2: largest key policy, in bytes (documented 32 KB). */
  readonly keyPolicyMaxBytes: number;
  /** KMS (UNVERIFIED): error for CreateAlias/UpdateAlias/DeleteAlias on a name under the reserved prefix alias/aws/
   * (the API Reference says the prefix is reserved, not which error; moto answers NotAuthorizedException). */
  readonly reservedAliasError: string;
  /** IAM (UNVERIFIED): names are unique regardless of case (documented: "Names are not distinguished by case"); are
   * they also looked up regardless of case (GetUser with "JAMES" finds "James")? */
  readonly iamNameLookupIgnoresCase: boolean;
  /** STS (UNVERIFIED): error for an AssumeRole PolicyArns entry that names no attachable managed policy in the role's
   * account; undefined = accepted, and that entry then allows nothing in the session. */
  readonly unknownSessionPolicyArnError: string | undefined;
  /** Monitoring (INFERRED): every known account has one trail of all Regions, recording management and data events,
   * delivered to this CloudWatch Logs log group as the events happen (AWS delivers within minutes). The KMS alarm recipe
   * (kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html) asks for such a trail and log group;
   * "CloudTrail/DefaultLogGroup" is the name the CloudTrail console used to propose. */
  readonly trailLogGroupName: string;
  /** AWS Config (INFERRED): for s3-bucket-public-read-prohibited, does BlockPublicPolicy / BlockPublicAcls alone count as
   * "the Block Public Access setting restricts public policies / ACLs"? keyward's default: no, only RestrictPublicBuckets
   * / IgnorePublicAcls do (the flags that stop existing public grants from working; the Block flags only refuse new
   * ones, "Enabling this setting doesn't affect existing policies or ACLs"; the rule judges the effective access). */
  readonly publicReadRuleCountsBlockFlags: boolean;
  /** CloudWatch (INFERRED): AlarmThatSendsEmail.html says CloudWatch "attempts to retrieve a higher number of data points
   * than specified by Evaluation Periods" without saying how many; keyward's evaluation range is the Evaluation Periods
   * periods ending with the current (partial) period, plus this many older periods. */
  readonly alarmExtraRangePeriods: number;
  /** Not a modelling choice: the seeded mutant (model/mutants.ts) a mutation test switches on; undefined in production. */
  readonly mutant: MutantName | undefined;
}

export const defaultConfig: ModelConfig = {
  authzOrder: 'authorizeThenState',
  crossAccountNotSupportedError: 'AccessDeniedException',
  pendingWindowOutOfRangeError: 'ValidationException',
  pendingWindowMinDays: 7,
  pendingWindowMaxDays: 30,
  pendingWindowDefaultDays: 30,
  onDemandRotationLimit: 25,
  consoleAdminIncludesRotateOnDemand: false,
  keyPolicyAllowsNotElements: true,
  keyPolicyAllowsBarePrincipalStar: true,
  grantBothConstraints: 'and',
  childCreateGrantChecksParentConstraint: false,
  unknownGrantIdError: 'NotFoundException',
  grantsSufficeCrossAccount: true,
  scpLimitsGrants: true,
  decryptDeletedKeyError: 'AccessDeniedException',
  s3GetDeletedKeyError: 'KMS.NotFoundException',
  crossAccountDefaultKeyOwner: 'requester',
  anonymousSseKmsCheck: 'beforeS3Authorization',
  blockPublicAccessError: 'AccessDenied',
  s3HeadObjectDecrypts: false,
  s3DefaultEncryptionInConditionKeys: false,
  keyPolicyRoleArnBoundedByBoundary: true,
  grantConstraintKeysCaseInsensitive: true,
  grantPropagationSeconds: 0,
  grantLimitsApplyDespitePolicy: false,
  grantAccountGranteeScope: 'rootUserOnly',
  listRetirableGrantsOtherAccountError: 'AccessDeniedException',
  keyPolicyMaxBytes: 32768,
  reservedAliasError: 'NotAuthorizedException',
  iamNameLookupIgnoresCase: true,
  unknownSessionPolicyArnError: undefined,
  trailLogGroupName: 'CloudTrail/DefaultLogGroup',
  alarmExtraRangePeriods: 0,
  publicReadRuleCountsBlockFlags: false,
  mutant: undefined,
};

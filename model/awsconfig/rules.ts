// The AWS Config managed rules keyward evaluates: which resources each rule looks at, and what makes one compliant.
import { anyActionMatches } from '../policy/match.ts';
import type { PolicyDocument, Statement } from '../policy/document.ts';
import { isPublicGrant, privateAcl } from '../s3/acl.ts';
import { isPublicPolicy } from '../s3/public-policy.ts';
import type { AclGrant, Bucket, ConfigRule, SseAlgorithm, State } from '../state.ts';
import { byText } from '../listing.ts';

export type ConfigResourceType = 'AWS::KMS::Key' | 'AWS::S3::Bucket';

/** One rule's verdict on one resource (https://docs.aws.amazon.com/config/latest/APIReference/API_EvaluationResult.html). */
export interface Evaluation {
  readonly resourceType: ConfigResourceType;
  /** The key id of a KMS key, the name of a bucket. */
  readonly resourceId: string;
  readonly complianceType: 'COMPLIANT' | 'NON_COMPLIANT';
}

/** What starts a managed rule's evaluations: each rule page's "Trigger type" is Configuration changes, Periodic, or both (see MANAGED_RULES). */
export type TriggerType = 'ConfigurationChanges' | 'Periodic';

export interface ManagedRule {
  readonly identifier: SupportedIdentifier;
  readonly resourceType: ConfigResourceType;
  /** The rule page's "Trigger type". */
  readonly triggerTypes: readonly TriggerType[];
  /** The rule's parameter names (InputParameters keys it accepts). */
  readonly parameters: readonly string[];
  readonly evaluate: (state: State, rule: ConfigRule) => readonly Evaluation[];
}

export const SUPPORTED_IDENTIFIERS = ['KMS_CMK_NOT_SCHEDULED_FOR_DELETION', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'S3_BUCKET_PUBLIC_READ_PROHIBITED'] as const;
export type SupportedIdentifier = (typeof SUPPORTED_IDENTIFIERS)[number];

const verdict = (compliant: boolean): Evaluation['complianceType'] => (compliant ? 'COMPLIANT' : 'NON_COMPLIANT');

// ---------------------------------------------------------------------------------------------------------------
// Scope

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html — the scope names the resource types, one
 * resource id, or one tag key (and value) of "only those AWS resources that you want to trigger an evaluation for the
 * rule"; no scope means every recorded resource of the rule's type. (keyward models no S3 bucket tags, so a tag scope
 * selects no bucket.)
 */
function inScope(rule: ConfigRule, type: ConfigResourceType, id: string, tags: Readonly<Record<string, string>>): boolean {
  const scope = rule.scope;
  if (!scope) return true;
  if (scope.complianceResourceTypes && scope.complianceResourceTypes.length > 0 && !scope.complianceResourceTypes.includes(type)) return false;
  if (scope.complianceResourceId !== undefined && scope.complianceResourceId !== id) return false;
  if (scope.tagKey === undefined) return true;
  const value = Object.hasOwn(tags, scope.tagKey) ? tags[scope.tagKey] : undefined;
  return value !== undefined && (scope.tagValue === undefined || scope.tagValue === value);
}

const NO_TAGS: Readonly<Record<string, string>> = {};

/** The rule account's buckets in the world's Region that the rule's scope selects, by name. */
function bucketsInScope(state: State, rule: ConfigRule): readonly Bucket[] {
  return Object.values(state.s3.buckets)
    .filter((b) => b.account === rule.account && b.region === state.region && inScope(rule, 'AWS::S3::Bucket', b.name, NO_TAGS))
    .sort(byText((b) => b.name));
}

// ---------------------------------------------------------------------------------------------------------------
// KMS_CMK_NOT_SCHEDULED_FOR_DELETION

/**
 * https://docs.aws.amazon.com/config/latest/developerguide/kms-cmk-not-scheduled-for-deletion.html — kmsKeyIds:
 * "Comma-separated list of specific customer managed key IDs not to be scheduled for deletion. If you do not specify
 * any keys, the rule checks all the keys." keyward trims the entries and ignores empty ones; an id that names no key
 * of the account selects nothing.
 */
function kmsKeyIdsOf(rule: ConfigRule): ReadonlySet<string> | undefined {
  const text = Object.hasOwn(rule.inputParameters, 'kmsKeyIds') ? rule.inputParameters['kmsKeyIds'] : undefined;
  const ids = (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return ids.length === 0 ? undefined : new Set(ids);
}

/**
 * https://docs.aws.amazon.com/config/latest/developerguide/kms-cmk-not-scheduled-for-deletion.html — "Checks if AWS
 * Key Management Service (AWS KMS) keys are not scheduled for deletion in AWS KMS. The rule is NON_COMPLIANT if KMS
 * keys are scheduled for deletion." Resource type AWS::KMS::Key: every key of the account in the Region ("the rule
 * checks all the keys"; an AWS managed key cannot be scheduled for deletion, so it is always COMPLIANT). A deleted
 * key is no resource any more and has no evaluation. The rule is periodic, so it has no scope (PutConfigRule refuses one).
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — a key scheduled for deletion is in the
 * PendingDeletion state until its deletion date.
 */
function kmsKeysNotScheduledForDeletion(state: State, rule: ConfigRule): readonly Evaluation[] {
  const wanted = kmsKeyIdsOf(rule);
  return Object.values(state.kms.keys)
    .filter((k) => k.account === rule.account && k.region === state.region && (wanted === undefined || wanted.has(k.keyId)))
    .sort(byText((k) => k.keyId))
    .map((k) => ({ resourceType: 'AWS::KMS::Key', resourceId: k.keyId, complianceType: verdict(k.state !== 'PendingDeletion') }));
}

// ---------------------------------------------------------------------------------------------------------------
// S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED

/**
 * Does the default encryption encrypt with "AES-256 or AWS Key Management Service"? Every algorithm S3 accepts as a
 * default does (SSE-S3, SSE-KMS, DSSE-KMS); a new algorithm added to the model must be decided here.
 */
const ENCRYPTS: Readonly<Record<SseAlgorithm, boolean>> = { AES256: true, 'aws:kms': true, 'aws:kms:dsse': true };

/**
 * https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html — "Checks if
 * your Amazon S3 bucket either has the Amazon S3 default encryption enabled or that the Amazon S3 bucket policy
 * explicitly denies put-object requests without server side encryption that uses AES-256 or AWS Key Management
 * Service. The rule is NON_COMPLIANT if your Amazon S3 bucket is not encrypted by default."
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html — "Amazon S3 now applies
 * server-side encryption with Amazon S3 managed keys (SSE-S3) as the base level of encryption for every bucket"
 * (since January 5, 2023; DeleteBucketEncryption resets the default to SSE-S3). Every bucket of the model has a default
 * encryption, so the first branch decides and the bucket-policy branch is never needed.
 */
function s3BucketServerSideEncryptionEnabled(state: State, rule: ConfigRule): readonly Evaluation[] {
  return bucketsInScope(state, rule).map((b) => ({
    resourceType: 'AWS::S3::Bucket',
    resourceId: b.name,
    complianceType: verdict(ENCRYPTS[b.defaultEncryption.algorithm]),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// S3_BUCKET_PUBLIC_READ_PROHIBITED

/**
 * What "read" is: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions — READ on a
 * bucket "Allows grantee to list the objects in the bucket", on an object "to read the object data"; FULL_CONTROL
 * "Allows grantee the READ, WRITE, READ_ACP, and WRITE_ACP permissions". The actions those grants allow are the reads
 * a bucket policy can grant.
 */
const READ_ACTIONS: readonly string[] = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'];
const READ_PERMISSIONS: ReadonlySet<AclGrant['permission']> = new Set(['READ', 'FULL_CONTROL']);

const statementAllowsRead = (s: Statement): boolean =>
  s.effect === 'Allow' &&
  READ_ACTIONS.some((a) => (s.action ? anyActionMatches(s.action, a) : s.notAction ? !anyActionMatches(s.notAction, a) : false));

/**
 * https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html — "To be considered
 * non-public, an S3 bucket policy must grant access only to fixed values" (S3's own notion of a public policy,
 * model/s3/public-policy.ts), here over the statements that allow a read.
 */
function policyAllowsPublicRead(doc: PolicyDocument): boolean {
  const reads = doc.statements.filter(statementAllowsRead);
  return reads.length > 0 && isPublicPolicy({ ...doc, statements: reads });
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html — a grant to AllUsers or AuthenticatedUsers
 * is public; with ACLs disabled (BucketOwnerEnforced) the bucket ACL is the owner's full control only (GetBucketAcl
 * answers so, https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
 */
function aclAllowsPublicRead(bucket: Bucket): boolean {
  const grants = bucket.ownership === 'BucketOwnerEnforced' ? privateAcl : bucket.acl;
  return grants.some((g) => isPublicGrant(g) && READ_PERMISSIONS.has(g.permission));
}

/**
 * Which Block Public Access flags "restrict" public policies and public ACLs for the rule.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — IgnorePublicAcls
 * "causes Amazon S3 to ignore all public ACLs on a bucket and any objects that it contains"; RestrictPublicBuckets
 * "restricts access to an access point or bucket with a public policy to only AWS service principals and authorized
 * users within the bucket owner's account"; BlockPublicAcls and BlockPublicPolicy only refuse new public ACLs and
 * policies ("doesn't affect existing policies or ACLs").
 * https://aws.amazon.com/blogs/mt/example-scenarios-for-aws-config-continuous-monitoring-of-amazon-s3-bucket-access-controls/
 * — the rule "re-evaluates the new effective access". So the effective flags count; the Block flags count too only
 * with state.config.publicReadRuleCountsBlockFlags (INFERRED). Account-level Block Public Access is not modelled (and
 * this rule "does not evaluate changes to account level public block access").
 */
function restrictsPublic(state: State, bucket: Bucket): { readonly policies: boolean; readonly acls: boolean } {
  const bpa = bucket.publicAccessBlock;
  if (!bpa) return { policies: false, acls: false };
  const alsoBlock = state.config.publicReadRuleCountsBlockFlags;
  return {
    policies: bpa.RestrictPublicBuckets || (alsoBlock && bpa.BlockPublicPolicy),
    acls: bpa.IgnorePublicAcls || (alsoBlock && bpa.BlockPublicAcls),
  };
}

/**
 * https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html — "The rule checks
 * the Block Public Access settings, the bucket policy, and the bucket access control list (ACL). The rule is compliant
 * when both of the following are true: The Block Public Access setting restricts public policies or the bucket policy
 * does not allow public read access. The Block Public Access setting restricts public ACLs or the bucket ACL does not
 * allow public read access." Object ACLs are not part of it.
 */
function s3BucketPublicReadProhibited(state: State, rule: ConfigRule): readonly Evaluation[] {
  return bucketsInScope(state, rule).map((b) => {
    const restricts = restrictsPublic(state, b);
    const policyOk = restricts.policies || b.policy === undefined || !policyAllowsPublicRead(b.policy.doc);
    const aclOk = restricts.acls || !aclAllowsPublicRead(b);
    return { resourceType: 'AWS::S3::Bucket', resourceId: b.name, complianceType: verdict(policyOk && aclOk) };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The table

/**
 * https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html — the rules keyward
 * evaluates, with each rule page's trigger type: kms-cmk-not-scheduled-for-deletion.html "Trigger type: Periodic";
 * s3-bucket-server-side-encryption-enabled.html "Trigger type: Configuration changes";
 * s3-bucket-public-read-prohibited.html "Trigger type: Configuration changes and Periodic".
 */
export const MANAGED_RULES: Readonly<Record<SupportedIdentifier, ManagedRule>> = {
  KMS_CMK_NOT_SCHEDULED_FOR_DELETION: {
    identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
    resourceType: 'AWS::KMS::Key',
    triggerTypes: ['Periodic'],
    parameters: ['kmsKeyIds'],
    evaluate: kmsKeysNotScheduledForDeletion,
  },
  S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED: {
    identifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
    resourceType: 'AWS::S3::Bucket',
    triggerTypes: ['ConfigurationChanges'],
    parameters: [],
    evaluate: s3BucketServerSideEncryptionEnabled,
  },
  S3_BUCKET_PUBLIC_READ_PROHIBITED: {
    identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
    resourceType: 'AWS::S3::Bucket',
    triggerTypes: ['ConfigurationChanges', 'Periodic'],
    parameters: [],
    evaluate: s3BucketPublicReadProhibited,
  },
};

export const isSupportedIdentifier = (id: string): id is SupportedIdentifier => (SUPPORTED_IDENTIFIERS as readonly string[]).includes(id);

/**
 * The rule's evaluations over the current state, or undefined for a rule keyward does not evaluate (PutConfigRule
 * stores none; only a hand-built state can hold one, and the caller reports it).
 */
export function evaluateRule(state: State, rule: ConfigRule): readonly Evaluation[] | undefined {
  return isSupportedIdentifier(rule.sourceIdentifier) ? MANAGED_RULES[rule.sourceIdentifier].evaluate(state, rule) : undefined;
}

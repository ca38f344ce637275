// The model's whole world as readonly data: accounts, organization, IAM, STS sessions, KMS keys and grants, S3, clock.
import type { AccountId, Arn } from './arn.ts';
import type { ModelConfig } from './config.ts';
import type { PolicyDocument } from './policy/document.ts';

/** A policy as stored: the text AWS returns and the parsed document every evaluation reads. */
export interface StoredPolicy {
  readonly text: string;
  readonly doc: PolicyDocument;
}

export interface Organization {
  readonly id: string;
  /** The id of the organization root ("r-...") to which SCPs may be attached. */
  readonly rootId: string;
  readonly management: AccountId;
  readonly members: readonly AccountId[];
  /** SCPs by policy id. FullAWSAccess (p-FullAWSAccess) always exists. */
  readonly policies: Readonly<Record<string, ServiceControlPolicy>>;
  /** Attachments: target (root id or account id) → policy ids. A target not listed has FullAWSAccess. */
  readonly attachments: Readonly<Record<string, readonly string[]>>;
}

export interface ServiceControlPolicy {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly policy: StoredPolicy;
  readonly awsManaged: boolean;
}

export interface ManagedPolicy {
  readonly arn: Arn;
  readonly name: string;
  readonly path: string;
  readonly policy: StoredPolicy;
  readonly awsManaged: boolean;
  readonly createdAt: number;
  /** IAM's unique id (ANPA...) of a customer managed policy. */
  readonly policyId?: string;
  readonly description?: string;
}

export interface User {
  readonly arn: Arn;
  readonly account: AccountId;
  readonly name: string;
  readonly path: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly inlinePolicies: Readonly<Record<string, StoredPolicy>>;
  readonly attachedPolicies: readonly Arn[];
  readonly boundary: Arn | undefined;
}

export interface Group {
  readonly arn: Arn;
  readonly account: AccountId;
  readonly name: string;
  readonly path: string;
  readonly groupId: string;
  readonly createdAt: number;
  readonly members: readonly string[];
  readonly inlinePolicies: Readonly<Record<string, StoredPolicy>>;
  readonly attachedPolicies: readonly Arn[];
}

export interface Role {
  readonly arn: Arn;
  readonly account: AccountId;
  readonly name: string;
  readonly path: string;
  readonly roleId: string;
  readonly createdAt: number;
  readonly trustPolicy: StoredPolicy;
  readonly inlinePolicies: Readonly<Record<string, StoredPolicy>>;
  readonly attachedPolicies: readonly Arn[];
  readonly boundary: Arn | undefined;
  readonly maxSessionDurationSeconds: number;
  readonly description?: string;
}

/** A role session created by sts:AssumeRole. */
export interface RoleSession {
  readonly arn: Arn;
  readonly account: AccountId;
  readonly roleArn: Arn;
  readonly roleName: string;
  readonly sessionName: string;
  readonly sessionPolicy: StoredPolicy | undefined;
  readonly sessionPolicyArns: readonly Arn[];
  readonly expiresAt: number;
  readonly assumedBy: Arn;
  /** When sts:AssumeRole issued it (absent for sessions built outside AssumeRole, as the solver's hypothetical ones). */
  readonly issuedAt?: number;
}

export interface IamState {
  /** Keyed by ARN. */
  readonly users: Readonly<Record<string, User>>;
  readonly groups: Readonly<Record<string, Group>>;
  readonly roles: Readonly<Record<string, Role>>;
  /** Customer managed policies by ARN; AWS managed ones come from model/iam/managed-policies.ts. */
  readonly policies: Readonly<Record<string, ManagedPolicy>>;
  readonly sessions: Readonly<Record<string, RoleSession>>;
}

export type KeyState = 'Creating' | 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating';
export type KeySpec =
  | 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512' | 'SM2';
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';
export type KeyOrigin = 'AWS_KMS' | 'EXTERNAL';
export type EncryptionContext = Readonly<Record<string, string>>;

export type GrantOperation =
  | 'Decrypt' | 'Encrypt' | 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext' | 'ReEncryptFrom' | 'ReEncryptTo'
  | 'Sign' | 'Verify' | 'GetPublicKey' | 'CreateGrant' | 'RetireGrant' | 'DescribeKey' | 'GenerateDataKeyPair'
  | 'GenerateDataKeyPairWithoutPlaintext' | 'GenerateMac' | 'VerifyMac' | 'DeriveSharedSecret';

export interface GrantConstraints {
  readonly encryptionContextEquals: EncryptionContext | undefined;
  readonly encryptionContextSubset: EncryptionContext | undefined;
}

export interface Grant {
  readonly grantId: string;
  readonly grantToken: string;
  readonly keyArn: Arn;
  readonly name: string | undefined;
  readonly granteePrincipal: string;
  readonly retiringPrincipal: string | undefined;
  readonly issuingAccount: Arn;
  readonly operations: readonly GrantOperation[];
  readonly constraints: GrantConstraints | undefined;
  readonly createdAt: number;
  /** When the grant becomes effective without its token (createdAt + propagation delay). */
  readonly visibleAt: number;
  /** The grant through which this grant was created, if any (grant chains). */
  readonly parentGrantId: string | undefined;
  /** Tokens issued by idempotent CreateGrant retries (same Name and parameters); interchangeable with grantToken. */
  readonly reissuedTokens?: readonly string[];
}

/** One version of a key's material; ciphertexts name the version they were made with. */
export interface KeyMaterial {
  readonly version: number;
  readonly secret: string;
  readonly createdAt: number;
  readonly onDemand: boolean;
}

export interface Key {
  readonly keyId: string;
  readonly arn: Arn;
  readonly account: AccountId;
  readonly region: string;
  readonly description: string;
  readonly keyManager: 'CUSTOMER' | 'AWS';
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly origin: KeyOrigin;
  readonly state: KeyState;
  readonly createdAt: number;
  readonly deletionDate: number | undefined;
  readonly pendingWindowInDays: number | undefined;
  readonly policy: StoredPolicy;
  readonly rotation: {
    readonly enabled: boolean;
    readonly periodDays: number;
    /** The next automatic rotation, while rotation is enabled. */
    readonly nextRotationAt: number | undefined;
    readonly onDemandCount: number;
  };
  readonly materials: readonly KeyMaterial[];
  readonly grants: Readonly<Record<string, Grant>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Alias {
  /** "alias/NAME" */
  readonly name: string;
  readonly arn: Arn;
  readonly account: AccountId;
  readonly targetKeyId: string;
  readonly createdAt: number;
  /** When UpdateAlias last pointed it at a key (ListAliases' LastUpdatedDate); createdAt until then. */
  readonly lastUpdatedAt?: number;
}

export interface KmsState {
  /** Keyed by key id. A deleted key is absent; its id is in deletedKeys. */
  readonly keys: Readonly<Record<string, Key>>;
  /** Keyed by `${account}:${aliasName}`. */
  readonly aliases: Readonly<Record<string, Alias>>;
  readonly deletedKeys: Readonly<Record<string, { readonly arn: Arn; readonly deletedAt: number }>>;
}

export type SseAlgorithm = 'AES256' | 'aws:kms' | 'aws:kms:dsse';
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export interface AclGrant {
  /** 'owner' | 'AllUsers' | 'AuthenticatedUsers' | an account id */
  readonly grantee: string;
  readonly permission: 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';
}

export interface DefaultEncryption {
  readonly algorithm: SseAlgorithm;
  readonly kmsMasterKeyId: string | undefined;
  readonly bucketKeyEnabled: boolean;
}

export interface S3Object {
  readonly key: string;
  readonly body: string;
  readonly owner: AccountId;
  readonly etag: string;
  readonly lastModified: number;
  readonly sse: SseAlgorithm;
  /** For SSE-KMS: the key ARN and the data key encrypted under it (a KMS ciphertext). */
  readonly kmsKeyArn: Arn | undefined;
  readonly encryptedDataKey: string | undefined;
  readonly bucketKeyEnabled: boolean;
  /** The encryption context S3 sent to KMS (including aws:s3:arn). */
  readonly encryptionContext: EncryptionContext | undefined;
  readonly acl: readonly AclGrant[];
}

export interface Bucket {
  readonly name: string;
  readonly arn: Arn;
  readonly account: AccountId;
  readonly region: string;
  readonly createdAt: number;
  readonly defaultEncryption: DefaultEncryption;
  readonly publicAccessBlock: PublicAccessBlock | undefined;
  readonly ownership: ObjectOwnership;
  readonly policy: StoredPolicy | undefined;
  readonly acl: readonly AclGrant[];
  readonly objects: Readonly<Record<string, S3Object>>;
}

export interface S3State {
  readonly buckets: Readonly<Record<string, Bucket>>;
}

/**
 * One CloudTrail record, with the fields CloudTrail writes
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
export interface TrailEvent {
  readonly eventVersion: string;
  readonly userIdentity: TrailIdentity;
  /** ISO 8601 UTC without fractions, as CloudTrail writes it ("2026-01-01T00:00:00Z"). */
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters: JsonValue;
  readonly responseElements: JsonValue;
  /** Absent in AWS service events (kms/latest/developerguide/ct-delete-key.html). */
  readonly requestID?: string;
  readonly eventID: string;
  /** The same id on every account's copy of a cross-account event. */
  readonly sharedEventID?: string;
  /** What a service event did (RotateKey: rotationType and keyId). */
  readonly serviceEventDetails?: JsonValue;
  readonly readOnly: boolean;
  readonly resources?: readonly { readonly accountId?: string; readonly type: string; readonly ARN: string }[];
  readonly eventType: 'AwsApiCall' | 'AwsServiceEvent';
  readonly managementEvent: boolean;
  readonly recipientAccountId: string;
  readonly eventCategory: 'Management' | 'Data';
}

/** A JSON value as it appears inside a CloudTrail record. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html */
export interface TrailIdentity {
  /** Absent for AWS service events (DeleteKey at the end of the waiting period). */
  readonly type?: 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSAccount' | 'AWSService';
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  readonly sessionContext?: {
    readonly sessionIssuer: { readonly type: 'Role'; readonly principalId: string; readonly arn: string; readonly accountId: string; readonly userName: string };
    readonly attributes?: { readonly creationDate: string; readonly mfaAuthenticated: 'false' };
  };
}

/**
 * The trail as a persistent list, newest first: appending is O(1) and earlier states share their tail. The record
 * itself is built when first read (most events are never looked at), from what the call left.
 */
export interface TrailLog {
  readonly event: TrailEvent;
  /** Model clock of the event (epoch ms); eventTime is its ISO form. */
  readonly at: number;
  /** The account whose trail holds this copy of the event (event.recipientAccountId, without building the event). */
  readonly recipientAccountId: string;
  readonly previous: TrailLog | undefined;
  readonly size: number;
}

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html */
export interface MetricTransformation {
  readonly metricName: string;
  readonly metricNamespace: string;
  /** "1", a number, or a `$.selector` naming a numeric field of the event. */
  readonly metricValue: string;
  readonly defaultValue: number | undefined;
  readonly unit: string | undefined;
}

/** A metric filter on a log group (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html). */
export interface MetricFilter {
  readonly account: AccountId;
  readonly logGroupName: string;
  readonly filterName: string;
  /** The pattern text as given; model/monitoring/filter-pattern.ts parses it. */
  readonly filterPattern: string;
  readonly metricTransformations: readonly MetricTransformation[];
  readonly createdAt: number;
}

/** One value published to a CloudWatch metric at a model time. */
export interface Datapoint {
  readonly at: number;
  readonly value: number;
}

/** CloudWatch's statistics of a set of datapoints (cloudwatch_concepts.html#Statistic). */
export interface MetricStatistics {
  readonly SampleCount: number;
  readonly Sum: number;
  readonly Average: number;
  readonly Minimum: number;
  readonly Maximum: number;
}

/**
 * A metric's datapoints as a persistent list, newest first: appending is O(1) and earlier states share the rest.
 * Datapoints arrive in time order (they carry the time of the event that published them). Each node also carries
 * the statistics of its minute so far and a link past that minute, so a window of whole minutes is read a minute
 * at a time (CloudWatch itself keeps standard-resolution metrics per minute).
 */
export interface MetricSeries {
  readonly newest: Datapoint;
  readonly older: MetricSeries | undefined;
  /** The start of newest's minute (epoch ms). */
  readonly minuteStart: number;
  /** The statistics of the datapoints of that minute, up to and including newest. */
  readonly minuteStats: MetricStatistics;
  /** The newest node of an earlier minute. */
  readonly beforeMinute: MetricSeries | undefined;
}

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type ComparisonOperator = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
export type AlarmStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_AlarmHistoryItem.html */
export interface AlarmHistoryItem {
  readonly at: number;
  readonly type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  readonly summary: string;
  readonly data?: JsonValue;
}

/** A metric alarm (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html). */
export interface MetricAlarm {
  readonly account: AccountId;
  readonly name: string;
  readonly arn: string;
  readonly description: string | undefined;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: AlarmStatistic;
  /** Seconds. */
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly insufficientDataActions: readonly string[];
  readonly stateValue: AlarmStateValue;
  readonly stateReason: string;
  readonly stateUpdatedAt: number;
  readonly configurationUpdatedAt: number;
  /** Newest last. */
  readonly history: readonly AlarmHistoryItem[];
  /** The metric's dimensions (none: the metric a metric filter without dimensions publishes). */
  readonly dimensions?: readonly { readonly name: string; readonly value: string }[];
  /** StateReasonData: the JSON CloudWatch writes with the reason of the last state change (none at creation). */
  readonly stateReasonData?: JsonValue;
  /** Which optional settings the caller gave (DescribeAlarms and the alarm message show only those). */
  readonly explicit?: { readonly datapointsToAlarm: boolean; readonly treatMissingData: boolean };
}

/** A message an SNS topic delivered (an alarm notification). */
export interface Notification {
  readonly at: number;
  readonly messageId: string;
  readonly subject: string;
  /** The message body (for alarm actions, CloudWatch's JSON alarm message). */
  readonly message: string;
}

/** https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
export interface Topic {
  readonly arn: string;
  readonly account: AccountId;
  readonly name: string;
  readonly createdAt: number;
  readonly subscriptions: readonly { readonly arn: string; readonly protocol: string; readonly endpoint: string; readonly pendingConfirmation?: boolean }[];
  /** The attributes CreateTopic set (keyward models DisplayName only). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Oldest first. */
  readonly notifications: readonly Notification[];
}

/** Which resources a Config rule evaluates (https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html). */
export interface ConfigRuleScope {
  readonly complianceResourceTypes: readonly string[] | undefined;
  readonly tagKey: string | undefined;
  readonly tagValue: string | undefined;
  readonly complianceResourceId: string | undefined;
}

/** An AWS Config rule using one of the managed rules keyward evaluates (https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html). */
export interface ConfigRule {
  readonly account: AccountId;
  readonly name: string;
  readonly arn: string;
  readonly id: string;
  readonly sourceIdentifier: string;
  readonly inputParameters: Readonly<Record<string, string>>;
  readonly description: string | undefined;
  readonly createdAt: number;
  /** InputParameters as the caller sent them (DescribeConfigRules returns the text). */
  readonly inputParametersText?: string;
  readonly scope?: ConfigRuleScope;
  readonly maximumExecutionFrequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
}

/** CloudTrail, CloudWatch Logs metric filters, CloudWatch metrics and alarms, SNS topics and AWS Config rules. */
export interface MonitoringState {
  readonly trail: TrailLog | undefined;
  /** Keyed by `${account}|${logGroupName}|${filterName}`. */
  readonly metricFilters: Readonly<Record<string, MetricFilter>>;
  /** Keyed by metricKey(account, namespace, metricName) (model/monitoring/statistics.ts). */
  readonly metrics: Readonly<Record<string, MetricSeries>>;
  /** Keyed by `${account}|${alarmName}`. */
  readonly alarms: Readonly<Record<string, MetricAlarm>>;
  /** History of deleted alarms, keyed like `alarms` (CloudWatch keeps an alarm's history after DeleteAlarms); oldest first. */
  readonly deletedAlarmHistory?: Readonly<Record<string, readonly AlarmHistoryItem[]>>;
  /** Keyed by topic ARN. */
  readonly topics: Readonly<Record<string, Topic>>;
  /** Keyed by `${account}|${ruleName}`. */
  readonly configRules: Readonly<Record<string, ConfigRule>>;
}

export interface State {
  readonly config: ModelConfig;
  readonly region: string;
  /** Model clock, epoch milliseconds. */
  readonly now: number;
  /** Counter for deterministic identifiers (key ids, grant ids, ...). */
  readonly seq: number;
  /** Accounts the world fully knows. */
  readonly accounts: readonly AccountId[];
  readonly organization: Organization | undefined;
  readonly iam: IamState;
  readonly kms: KmsState;
  readonly s3: S3State;
  readonly monitoring: MonitoringState;
}

export interface WorldSpec {
  readonly accounts: readonly AccountId[];
  readonly region?: string;
  readonly start?: number;
  readonly organization?: { readonly management: AccountId; readonly members: readonly AccountId[] };
  readonly config?: Partial<ModelConfig>;
}

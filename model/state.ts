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
}

export interface WorldSpec {
  readonly accounts: readonly AccountId[];
  readonly region?: string;
  readonly start?: number;
  readonly organization?: { readonly management: AccountId; readonly members: readonly AccountId[] };
  readonly config?: Partial<ModelConfig>;
}

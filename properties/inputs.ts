// Turning a generated call (an operation and a seed) into a concrete call against the current state: the input fields
// of the operation's own schema, each drawn from what the state holds (keys, ciphertexts, grants, principals, buckets),
// sometimes wrong on purpose, and then a caller who may or may not be entitled to make it.
import type { z } from 'zod';
import type { Call, Grant, Key, State } from '../model/index.ts';
import type { Operation } from '../model/op.ts';
import { kmsOperations } from '../model/kms/operations.ts';
import { iamOperations } from '../model/iam/operations.ts';
import { stsOperations } from '../model/iam/sts.ts';
import { organizationsOperations } from '../model/iam/organizations.ts';
import { s3Operations } from '../model/s3/operations.ts';
import { cloudtrailOperations } from '../model/cloudtrail/operations.ts';
import { logsOperations } from '../model/logs/operations.ts';
import { cloudwatchOperations } from '../model/cloudwatch/operations.ts';
import { snsOperations } from '../model/sns/operations.ts';
import { configOperations } from '../model/awsconfig/operations.ts';
import { tokensOf } from '../model/kms/grants.ts';
import { Draw } from './draw.ts';
import type { CiphertextRecord, History } from './history.ts';
import { bucketPolicy, encryptionContext, guardrailPolicy, identityPolicy, keyPolicy, rootOf, scpPolicy, trustPolicy } from './policies.ts';
import type { Principals } from './policies.ts';
import { actorsIn, actorsOf, liveSessions } from './principals.ts';
import type { Universe } from './scope.ts';

const TABLES: Readonly<Record<string, Readonly<Record<string, Operation<any>>>>> = {
  kms: kmsOperations, iam: iamOperations, sts: stsOperations, organizations: organizationsOperations, s3: s3Operations,
  cloudtrail: cloudtrailOperations, logs: logsOperations, cloudwatch: cloudwatchOperations, sns: snsOperations, config: configOperations,
};

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
}

/** The request fields of an operation, read from its zod schema (so every field of every call is generated). */
export function fieldsOf(op: string): FieldSpec[] {
  const [service, name] = op.split(':') as [string, string];
  const schema = TABLES[service]?.[name]?.schema as z.ZodType | undefined;
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  if (!shape) return [];
  return Object.entries(shape).map(([field, s]) => ({ name: field, required: !s.safeParse(undefined).success }));
}

/** Everything a field generator may read, and what earlier fields of the same call chose. */
export interface Gen {
  readonly d: Draw;
  readonly state: State;
  readonly u: Universe;
  readonly history: History;
  readonly op: string;
  key?: Key;
  record?: CiphertextRecord;
  bucket?: string;
  grant?: Grant;
  account?: string;
  role?: string;
}

const GRANT_OPERATIONS = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'Sign'];
const AWS_MANAGED_POLICIES = ['AdministratorAccess', 'ReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess', 'AWSKeyManagementServicePowerUser'].map(
  (n) => `arn:aws:iam::aws:policy/${n}`,
);

export const principalsOf = (s: State): Principals => ({ users: Object.keys(s.iam.users), roles: Object.keys(s.iam.roles) });
const accountOfArn = (arn: string): string | undefined => /^arn:aws:(?:iam|sts|kms):[^:]*:(\d{12}):/.exec(arn)?.[1];

/** Keys an operation is most interesting on (a pending key for CancelKeyDeletion, ...), drawn first most of the time. */
const PREFERRED_KEYS: Readonly<Record<string, (k: Key) => boolean>> = {
  'kms:CancelKeyDeletion': (k) => k.state === 'PendingDeletion',
  'kms:EnableKey': (k) => k.state === 'Disabled',
  'kms:ScheduleKeyDeletion': (k) => k.state !== 'PendingDeletion',
  'kms:CreateGrant': (k) => Object.values(k.grants).some((x) => x.operations.includes('CreateGrant')),
  'kms:RevokeGrant': (k) => Object.keys(k.grants).length > 0,
  'kms:RotateKeyOnDemand': (k) => k.state === 'Enabled' && k.keySpec === 'SYMMETRIC_DEFAULT',
  'kms:Sign': (k) => k.keyUsage === 'SIGN_VERIFY',
  'kms:Verify': (k) => k.keyUsage === 'SIGN_VERIFY',
  'kms:GetPublicKey': (k) => k.keySpec !== 'SYMMETRIC_DEFAULT',
};

/** A key reference: usually an existing key (as ARN, id, alias), sometimes a deleted, unknown or AWS managed one. */
function keyRef(g: Gen): string {
  const all = Object.values(g.state.kms.keys);
  const preferred = PREFERRED_KEYS[g.op];
  const favoured = preferred ? all.filter(preferred) : [];
  const keys = favoured.length > 0 && g.d.chance(0.7) ? favoured : all;
  const roll = g.d.next();
  if (keys.length === 0 || roll < 0.06) {
    const deleted = Object.values(g.state.kms.deletedKeys);
    if (deleted.length > 0 && g.d.chance(0.6)) return g.d.pick(deleted).arn;
    return g.d.pick(['alias/aws/s3', `arn:aws:kms:${g.state.region}:${g.d.pick(g.u.accounts)}:key/00000000-0000-4000-8000-000000000000`, 'not-a-key']);
  }
  const key = (g.key = g.d.pick(keys));
  const aliases = Object.values(g.state.kms.aliases).filter((a) => a.targetKeyId === key.keyId);
  const form = g.d.next();
  if (form < 0.12 && aliases.length > 0) return g.d.pick(aliases).name;
  if (form < 0.18 && aliases.length > 0) return g.d.pick(aliases).arn;
  if (form < 0.35) return key.keyId;
  return key.arn;
}

/** A ciphertext: a remembered one (usually), an S3 object's data key, a tampered one, or junk. */
function ciphertext(g: Gen): string {
  const roll = g.d.next();
  if (g.history.ciphertexts.length > 0 && roll < 0.85) {
    // Now and then one whose key is gone or going: the deletion laws speak of those.
    const doomed = g.history.ciphertexts.filter((r) => !Object.values(g.state.kms.keys).some((k) => k.arn === r.keyArn && k.state !== 'PendingDeletion'));
    const r = (g.record = doomed.length > 0 && g.d.chance(0.25) ? g.d.pick(doomed) : g.d.pick(g.history.ciphertexts));
    return roll < 0.83 ? r.ciphertext : r.ciphertext.slice(0, -6) + 'AAAAAA';
  }
  const dataKeys = Object.values(g.state.s3.buckets).flatMap((b) => Object.values(b.objects)).flatMap((o) => (o.encryptedDataKey ? [o.encryptedDataKey] : []));
  return dataKeys.length > 0 && roll < 0.95 ? g.d.pick(dataKeys) : 'bm90IGEgY2lwaGVydGV4dA==';
}

/** The context of a request about a remembered ciphertext: the bound one (usually), none, or one pair off. */
function contextFor(g: Gen): Record<string, string> | undefined {
  const bound = g.record?.encryptionContext;
  if (!bound) return g.d.chance(0.5) ? encryptionContext(g.d, g.u) : undefined;
  const roll = g.d.next();
  const pairs = Object.entries(bound);
  if (roll < 0.75) return pairs.length > 0 ? { ...bound } : undefined;
  if (roll < 0.82) return undefined;
  if (roll < 0.88) return { ...bound, [g.d.pick(g.u.contextKeys)]: 'Extra' };
  if (pairs.length === 0) return { [g.d.pick(g.u.contextKeys)]: g.d.pick(g.u.contextValues) };
  const [k, v] = g.d.pick(pairs);
  return roll < 0.94 ? { ...bound, [k]: `${v}x` } : { ...Object.fromEntries(pairs.filter(([x]) => x !== k)), [k.toLowerCase()]: v };
}

function grantees(g: Gen): string {
  const s = g.state;
  return g.d.pick([...Object.keys(s.iam.users), ...Object.keys(s.iam.roles), ...liveSessions(s), ...g.u.accounts.map(rootOf), g.d.pick(g.u.accounts)]);
}

function anyGrant(g: Gen): Grant | undefined {
  const pool = g.key ? Object.values(g.key.grants) : Object.values(g.state.kms.keys).flatMap((k) => Object.values(k.grants));
  return (g.grant = g.d.maybe(pool));
}

const userName = (g: Gen): string => g.d.pick([...g.u.userNames, ...g.u.userNames, 'nobody']);
const roleName = (g: Gen): string => g.d.pick([...g.u.roleNames, ...g.u.roleNames, 'norole']);
const json = (x: unknown): string => JSON.stringify(x);

/** The bucket of an S3 call (sets the context's bucket). */
function bucketName(g: Gen): string {
  const existing = Object.keys(g.state.s3.buckets);
  const names = existing.length > 0 && g.d.chance(0.9) ? existing : g.u.bucketNames.length > 0 ? g.u.bucketNames : ['keyward-bucket-0'];
  return (g.bucket = g.d.chance(0.98) ? g.d.pick(names) : 'keyward-missing-bucket');
}

const customerPolicies = (g: Gen): string[] => Object.keys(g.state.iam.policies);

/** The metrics monitoring calls speak of: a few names in one namespace, so filters, alarms and statistics meet. */
export const METRIC_NAMESPACE = 'CloudTrailMetrics';
export const METRIC_NAMES = ['KeyEvents', 'PendingDeletionUse'] as const;
export const PENDING_DELETION_PATTERN = '{ $.eventSource = kms* && $.errorMessage = "* is pending deletion."}';
export const SCHEDULE_DELETION_PATTERN = '{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "ScheduleKeyDeletion") }';

/** Filter patterns: the KMS recipes, a few other useful ones, the match-all pattern, and now and then an invalid one. */
const FILTER_PATTERNS = [
  PENDING_DELETION_PATTERN, SCHEDULE_DELETION_PATTERN, '{ $.errorCode = "AccessDenied*" }', '{ $.userIdentity.type = "Root" && $.readOnly IS FALSE }',
  '{ ($.eventName = DisableKey) || ($.eventName = PutKeyPolicy) }', '{ $.requestParameters.pendingWindowInDays < 10 }', '{ $.errorMessage NOT EXISTS }', '',
  '{ $.eventName = }', '{ ($.eventSource = kms* }',
];

/** An SNS topic ARN: one of the caller's account (usually), of another account, or none. */
function topicArn(g: Gen): string {
  const topics = Object.values(g.state.monitoring.topics);
  const own = topics.filter((t) => g.account === undefined || t.account === g.account);
  const pool = own.length > 0 && g.d.chance(0.9) ? own : topics;
  if (pool.length > 0 && g.d.chance(0.95)) return g.d.pick(pool).arn;
  return `arn:aws:sns:${g.state.region}:${g.account ?? g.d.pick(g.u.accounts)}:no-topic`;
}

const alarmNames = (g: Gen): string[] => [...new Set([...Object.values(g.state.monitoring.alarms).map((a) => a.name), 'alarm0', 'alarm1'])];
const ruleNames = (g: Gen): string[] => [...new Set([...Object.values(g.state.monitoring.configRules).map((r) => r.name), 'keys-rule', 'buckets-rule'])];
const CONFIG_RULES = ['KMS_CMK_NOT_SCHEDULED_FOR_DELETION', 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'S3_BUCKET_PUBLIC_READ_PROHIBITED', 'IAM_ROOT_ACCESS_KEY_CHECK'];
const isoAt = (g: Gen, offsetMs: number): string => new Date(g.state.now + offsetMs).toISOString();

/** Field generators by field name; `op:Field` entries override for one operation. */
const FIELDS: Readonly<Record<string, (g: Gen) => unknown>> = {
  // KMS keys and ciphertexts
  KeyId: keyRef,
  TargetKeyId: keyRef,
  DestinationKeyId: (g) => {
    const saved = g.key;
    const ref = keyRef(g);
    g.key = saved ?? g.key;
    return ref;
  },
  SourceKeyId: (g) => (g.record && g.d.chance(0.7) ? g.record.keyArn : keyRef(g)),
  'kms:Decrypt:KeyId': (g) => (g.record && g.d.chance(0.8) ? g.record.keyArn : keyRef(g)),
  CiphertextBlob: ciphertext,
  EncryptionContext: (g) => (g.op === 'kms:Decrypt' ? contextFor(g) : encryptionContext(g.d, g.u)),
  SourceEncryptionContext: contextFor,
  DestinationEncryptionContext: (g) => encryptionContext(g.d, g.u),
  Plaintext: (g) => g.d.pick(['hello', 'top secret', 'x'.repeat(1 + g.d.int(40))]),
  EncryptionAlgorithm: (g) => (g.record && g.record.algorithm !== 'SYMMETRIC_DEFAULT' ? g.record.algorithm : g.d.pick(['SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256'])),
  SourceEncryptionAlgorithm: (g) => g.record?.algorithm ?? 'SYMMETRIC_DEFAULT',
  DestinationEncryptionAlgorithm: (g) => g.d.pick(['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1']),
  GrantTokens: (g) => {
    const tokens = Object.values(g.state.kms.keys).flatMap((k) => Object.values(k.grants)).flatMap(tokensOf);
    return tokens.length > 0 ? [g.d.pick(tokens)] : ['AQoDYXdzbm90LWEtdG9rZW4'];
  },
  NumberOfBytes: (g) => g.d.pick([16, 32, 64, 0, 2000]),
  KeySpec: (g) =>
    g.op === 'kms:CreateKey'
      ? g.d.pick(['SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', 'RSA_2048', 'ECC_NIST_P256', 'HMAC_256'])
      : g.d.pick(['AES_256', 'AES_256', 'AES_128']),
  CustomerMasterKeySpec: (g) => g.d.pick(['SYMMETRIC_DEFAULT', 'RSA_2048']),
  KeyUsage: (g) => g.d.pick(['ENCRYPT_DECRYPT', 'ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC']),
  Origin: (g) => g.d.pick(['AWS_KMS', 'AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM']),
  CustomKeyStoreId: () => 'cks-1234567890abcdef0',
  XksKeyId: () => 'xks-key-1',
  MultiRegion: (g) => g.d.chance(0.2),
  'kms:CreateKey:Policy': (g) => json(keyPolicy(g.d, g.u, principalsOf(g.state), g.account ?? g.d.pick(g.u.accounts), g.state.region)),
  'kms:PutKeyPolicy:Policy': (g) => json(keyPolicy(g.d, g.u, principalsOf(g.state), g.key?.account ?? g.d.pick(g.u.accounts), g.state.region)),
  'sts:AssumeRole:Policy': (g) => json(guardrailPolicy(g.d)),
  's3:PutBucketPolicy:Policy': (g) => json(bucketPolicy(g.d, g.u, g.bucket ?? 'b', g.state.s3.buckets[g.bucket ?? '']?.account ?? g.d.pick(g.u.accounts))),
  PolicyName: (g) => (g.op.startsWith('kms:') ? g.d.pick(['default', 'default', 'other']) : g.d.pick(['p0', 'p1'])),
  BypassPolicyLockoutSafetyCheck: (g) => g.d.chance(0.5),
  Description: (g) => g.d.pick(['', 'keyward test']),
  PendingWindowInDays: (g) => g.d.pick([7, 7, 7, 8, 10, 30, 15, 1, 31]),
  RotationPeriodInDays: (g) => g.d.pick([90, 365, 2560, 30]),
  Tags: (g) => [{ TagKey: g.d.pick(['team', 'env']), TagValue: g.d.pick(['a', 'b']) }],
  TagKeys: (g) => [g.d.pick(['team', 'env'])],
  AliasName: (g) => g.d.pick([...g.u.aliasNames, ...g.u.aliasNames, 'alias/aws/reserved', 'no-prefix']),
  Message: () => 'message to sign',
  MessageType: (g) => g.d.pick(['RAW', 'DIGEST']),
  SigningAlgorithm: (g) => (g.key?.keySpec.startsWith('RSA') ? g.d.pick(['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_256', 'ECDSA_SHA_256']) : g.d.pick(['ECDSA_SHA_256', 'ECDSA_SHA_256', 'RSASSA_PSS_SHA_256'])),
  Signature: () => 'c2lnbmF0dXJl',
  KeyPairSpec: (g) => g.d.pick(['RSA_2048', 'ECC_NIST_P256']),
  Limit: (g) => g.d.pick([1, 10, 50]),
  Marker: () => 'bm90LWEtbWFya2Vy',
  // grants
  GranteePrincipal: grantees,
  RetiringPrincipal: grantees,
  Operations: (g) => g.d.some(GRANT_OPERATIONS, 0.3, 1),
  'kms:CreateGrant:Operations': (g) => {
    // Often a child grant: operations within (or just beyond) those of a grant that carries CreateGrant.
    const parents = Object.values(g.key?.grants ?? {}).filter((x) => x.operations.includes('CreateGrant'));
    if (parents.length === 0 || g.d.chance(0.3)) return g.d.some(GRANT_OPERATIONS, 0.3, 1);
    const parent = (g.grant = g.d.pick(parents));
    const ops = g.d.some(parent.operations, 0.6, 1);
    return g.d.chance(0.2) ? [...new Set([...ops, g.d.pick(GRANT_OPERATIONS)])] : ops;
  },
  'kms:CreateGrant:Constraints': (g) => {
    const parent = g.grant?.constraints;
    const pairs = parent?.encryptionContextEquals ?? parent?.encryptionContextSubset;
    if (pairs && g.d.chance(0.6)) {
      const wider = g.d.chance(0.5) ? { ...pairs, [g.d.pick(g.u.contextKeys)]: g.d.pick(g.u.contextValues) } : pairs;
      return g.d.chance(0.5) ? { EncryptionContextSubset: wider } : { EncryptionContextEquals: wider };
    }
    return FIELDS['Constraints']!(g);
  },
  Constraints: (g) => {
    const ec = encryptionContext(g.d, g.u, 2);
    const pairs = Object.keys(ec).length > 0 ? ec : { [g.d.pick(g.u.contextKeys)]: g.d.pick(g.u.contextValues) };
    return g.d.chance(0.5) ? { EncryptionContextSubset: pairs } : { EncryptionContextEquals: pairs };
  },
  Name: (g) => (g.op === 'organizations:CreatePolicy' ? g.d.pick(['deny-one', 'deny-two']) : g.d.pick(['g0', 'g1'])),
  DryRun: (g) => g.d.chance(0.1),
  GrantId: (g) => anyGrant(g)?.grantId ?? '0000000000000000000000000000000000000000000000000000000000000000',
  GrantToken: (g) => {
    const grant = anyGrant(g);
    return grant ? g.d.pick(tokensOf(grant)) : 'AQoDYXdzbm90LWEtdG9rZW4';
  },
  // IAM and STS
  UserName: userName,
  GroupName: (g) => g.d.pick(['group0', 'group0', 'nogroup']),
  RoleName: roleName,
  Path: () => '/',
  PathPrefix: () => '/',
  MaxItems: (g) => g.d.pick([1, 100]),
  PermissionsBoundary: (g) => g.d.pick([...customerPolicies(g), ...AWS_MANAGED_POLICIES]),
  PolicyArn: (g) => g.d.pick([...customerPolicies(g), ...customerPolicies(g), ...AWS_MANAGED_POLICIES]),
  VersionId: () => 'v1',
  PolicyDocument: (g) => {
    const account = g.account ?? g.d.pick(g.u.accounts);
    if (g.op === 'iam:UpdateAssumeRolePolicy') return json(trustPolicy(g.d, g.u, principalsOf(g.state), account));
    return json(identityPolicy(g.d, g.u, account, g.state.region) ?? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] });
  },
  AssumeRolePolicyDocument: (g) => json(trustPolicy(g.d, g.u, principalsOf(g.state), g.account ?? g.d.pick(g.u.accounts))),
  MaxSessionDuration: () => 3600,
  RoleArn: (g) => {
    const roles = Object.keys(g.state.iam.roles);
    const arn = roles.length > 0 && g.d.chance(0.9) ? g.d.pick(roles) : `arn:aws:iam::${g.d.pick(g.u.accounts)}:role/norole`;
    g.role = arn;
    return arn;
  },
  RoleSessionName: (g) => g.d.pick(['s0', 's1']),
  DurationSeconds: (g) => g.d.pick([900, 3600, 43200]),
  PolicyArns: (g) => [{ arn: g.d.pick([...customerPolicies(g), ...AWS_MANAGED_POLICIES]) }],
  ExternalId: () => 'external-id',
  // Organizations
  Content: (g) => json(scpPolicy(g.d)),
  Type: () => 'SERVICE_CONTROL_POLICY',
  Filter: () => 'SERVICE_CONTROL_POLICY',
  PolicyId: (g) => g.d.pick([...Object.keys(g.state.organization?.policies ?? {}), 'p-FullAWSAccess', 'p-00000000']),
  TargetId: (g) => g.d.pick([...g.u.accounts, g.state.organization?.rootId ?? 'r-0000']),
  MaxResults: () => 10,
  NextToken: () => 'bm8tdG9rZW4',
  // S3
  Bucket: bucketName,
  ExpectedBucketOwner: (g) => g.state.s3.buckets[g.bucket ?? '']?.account ?? g.d.pick(g.u.accounts),
  ExpectedSourceBucketOwner: (g) => g.d.pick(g.u.accounts),
  Key: (g) => {
    const existing = Object.keys(g.state.s3.buckets[g.bucket ?? '']?.objects ?? {});
    return existing.length > 0 && g.d.chance(0.75) ? g.d.pick(existing) : g.d.pick(g.u.objectKeys);
  },
  Body: (g) => g.d.pick(['object body', 'another body']),
  ACL: (g) => g.d.pick(['private', 'public-read', 'bucket-owner-full-control', 'authenticated-read']),
  ObjectOwnership: (g) => g.d.pick(['ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced']),
  CreateBucketConfiguration: () => ({ LocationConstraint: 'eu-west-1' }),
  ServerSideEncryption: (g) => g.d.pick(['aws:kms', 'aws:kms', 'AES256']),
  SSEKMSKeyId: keyRef,
  SSEKMSEncryptionContext: (g) => Buffer.from(json(encryptionContext(g.d, g.u, 1)), 'utf8').toString('base64'),
  BucketKeyEnabled: (g) => g.d.chance(0.3),
  CopySource: (g) => {
    const objects = Object.values(g.state.s3.buckets).flatMap((b) => Object.keys(b.objects).map((k) => `${b.name}/${k}`));
    return objects.length > 0 && g.d.chance(0.9) ? g.d.pick(objects) : `${g.d.pick(g.u.bucketNames.length > 0 ? g.u.bucketNames : ['b'])}/missing`;
  },
  MetadataDirective: (g) => g.d.pick(['COPY', 'REPLACE']),
  ServerSideEncryptionConfiguration: (g) => {
    const kms = g.d.chance(0.7);
    const key = kms && g.d.chance(0.7) ? { KMSMasterKeyID: keyRef(g) } : {};
    return { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: kms ? 'aws:kms' : 'AES256', ...key }, BucketKeyEnabled: g.d.chance(0.3) }] };
  },
  PublicAccessBlockConfiguration: (g) => {
    const on = g.d.chance(0.4);
    return { BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on };
  },
  OwnershipControls: (g) => ({ Rules: [{ ObjectOwnership: g.d.pick(['ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced']) }] }),
  Prefix: () => 'object',
  Delimiter: () => '/',
  MaxKeys: () => 10,
  StartAfter: () => 'object-0.txt',
  ContinuationToken: () => 'bm8tdG9rZW4',
  FetchOwner: (g) => g.d.chance(0.5),
  // CloudTrail
  LookupAttributes: (g) => [
    g.d.pick([
      { AttributeKey: 'EventName', AttributeValue: g.d.pick(['ScheduleKeyDeletion', 'Decrypt', 'PutKeyPolicy']) },
      { AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' },
      { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
      { AttributeKey: 'Username', AttributeValue: g.d.pick(['root', ...g.u.userNames]) },
      { AttributeKey: 'ResourceType', AttributeValue: 'AWS::KMS::Key' },
      { AttributeKey: 'Colour', AttributeValue: 'blue' },
    ]),
  ],
  StartTime: (g) => isoAt(g, -g.d.pick([3600_000, 86_400_000, 30 * 86_400_000])),
  EndTime: (g) => isoAt(g, g.d.pick([0, -1800_000, 3600_000])),
  EventCategory: () => 'insight',
  // CloudWatch Logs
  logGroupName: (g) => (g.d.chance(0.95) ? g.state.config.trailLogGroupName : 'no-such-group'),
  logGroupNamePrefix: () => 'CloudTrail',
  logGroupNamePattern: () => 'Trail',
  logGroupClass: () => 'STANDARD',
  filterName: (g) => g.d.pick(['filter0', 'filter1']),
  filterNamePrefix: () => 'filter',
  filterPattern: (g) => g.d.pick(FILTER_PATTERNS),
  metricTransformations: (g) => [{
    metricName: g.d.pick(METRIC_NAMES), metricNamespace: METRIC_NAMESPACE, metricValue: g.d.pick(['1', '1', '2', '$.requestParameters.pendingWindowInDays']),
    ...(g.d.chance(0.2) ? { defaultValue: 0 } : {}),
  }],
  logEventMessages: (g) => [JSON.stringify({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', errorMessage: `${g.d.pick(['x', 'y'])} is pending deletion.` }), 'plain text'],
  metricName: (g) => g.d.pick(METRIC_NAMES),
  metricNamespace: () => METRIC_NAMESPACE,
  nextToken: () => 'bm8tdG9rZW4',
  limit: (g) => g.d.pick([1, 10, 50]),
  applyOnTransformedLogs: () => true,
  fieldSelectionCriteria: () => '$.eventName IN ["Decrypt"]',
  emitSystemFieldDimensions: () => ['@aws.account'],
  includeLinkedAccounts: () => false,
  accountIdentifiers: (g) => [g.d.pick(g.u.accounts)],
  // CloudWatch
  AlarmName: (g) => g.d.pick(alarmNames(g)),
  AlarmNames: (g) => g.d.some(alarmNames(g), 0.5, 1),
  AlarmNamePrefix: () => 'alarm',
  AlarmDescription: () => 'keyward alarm',
  MetricName: (g) => g.d.pick(METRIC_NAMES),
  Namespace: (g) => (g.d.chance(0.95) ? METRIC_NAMESPACE : 'AWS/KMS'),
  Statistic: (g) => g.d.pick(['Sum', 'Sum', 'Sum', 'SampleCount', 'Maximum', 'Average', 'Minimum']),
  Statistics: (g) => g.d.some(['Sum', 'SampleCount', 'Maximum'], 0.5, 1),
  ExtendedStatistic: () => 'p99',
  ExtendedStatistics: () => ['p99'],
  Period: (g) => g.d.pick([60, 300, 300, 3600, 90]),
  EvaluationPeriods: (g) => g.d.pick([1, 1, 2, 3]),
  DatapointsToAlarm: (g) => g.d.pick([1, 2]),
  Threshold: (g) => g.d.pick([1, 1, 2, 0]),
  ComparisonOperator: (g) => g.d.pick(['GreaterThanOrEqualToThreshold', 'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
  TreatMissingData: (g) => g.d.pick(['notBreaching', 'notBreaching', 'missing', 'ignore', 'breaching']),
  ActionsEnabled: (g) => g.d.chance(0.9),
  AlarmActions: (g) => [topicArn(g)],
  OKActions: (g) => [topicArn(g)],
  InsufficientDataActions: (g) => [topicArn(g)],
  ActionPrefix: (g) => `arn:aws:sns:${g.state.region}:`,
  StateValue: (g) => g.d.pick(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
  HistoryItemType: (g) => g.d.pick(['StateUpdate', 'Action', 'ConfigurationUpdate']),
  StartDate: (g) => isoAt(g, -86_400_000),
  EndDate: (g) => isoAt(g, 0),
  ScanBy: (g) => g.d.pick(['TimestampDescending', 'TimestampAscending']),
  MaxRecords: (g) => g.d.pick([1, 10, 50]),
  AlarmTypes: () => ['MetricAlarm'],
  Dimensions: () => [{ Name: 'KeyId', Value: 'k' }],
  Unit: () => 'Count',
  EvaluateLowSampleCountPercentile: () => 'evaluate',
  ThresholdMetricId: () => 'ad1',
  Metrics: () => [],
  EvaluationCriteria: () => ({}),
  EvaluationInterval: () => 60,
  AlarmContributorId: () => 'c1',
  ChildrenOfAlarmName: () => 'alarm0',
  ParentsOfAlarmName: () => 'alarm0',
  RecentlyActive: () => 'PT3H',
  OwningAccount: (g) => g.d.pick(g.u.accounts),
  IncludeLinkedAccounts: () => false,
  // SNS
  'sns:CreateTopic:Name': (g) => g.d.pick(['alerts', 'alerts', 'other-alerts', 'bad name!']),
  TopicArn: topicArn,
  Protocol: (g) => g.d.pick(['email', 'email', 'sqs', 'carrier-pigeon']),
  Endpoint: () => 'admin@example.com',
  ReturnSubscriptionArn: (g) => g.d.chance(0.5),
  Attributes: () => ({ DisplayName: 'Alerts' }),
  Subject: () => 'keyward',
  MessageStructure: () => 'json',
  DataProtectionPolicy: () => '{}',
  TargetArn: () => 'arn:aws:sns:us-east-1:111122223333:endpoint/x',
  PhoneNumber: () => '+15555550100',
  MessageAttributes: () => ({}),
  MessageDeduplicationId: () => 'd1',
  MessageGroupId: () => 'g1',
  // AWS Config
  ConfigRule: (g) => {
    const identifier = g.d.pick(CONFIG_RULES);
    const keys = Object.values(g.state.kms.keys).filter((k) => k.account === g.account);
    const scoped = identifier.startsWith('KMS_') && keys.length > 0 && g.d.chance(0.2) ? { InputParameters: JSON.stringify({ kmsKeyIds: g.d.pick(keys).keyId }) } : {};
    const name = identifier.startsWith('KMS_') ? 'keys-rule' : g.d.chance(0.8) ? 'buckets-rule' : 'other-rule';
    return { ConfigRuleName: name, Source: { Owner: 'AWS', SourceIdentifier: identifier }, ...scoped };
  },
  ConfigRuleName: (g) => g.d.pick(ruleNames(g)),
  ConfigRuleNames: (g) => g.d.some(ruleNames(g), 0.5, 1),
  ComplianceTypes: (g) => g.d.some(['COMPLIANT', 'NON_COMPLIANT'], 0.5, 1),
  Filters: () => ({ EvaluationMode: 'DETECTIVE' }),
};

/** The generator of one field of one operation (undefined: none, a gap the coverage test reports). */
export const generatorOf = (op: string, field: string): ((g: Gen) => unknown) | undefined => FIELDS[`${op}:${field}`] ?? FIELDS[field];

/** How likely an optional field is present, by `op:Field` or field. */
const PRESENCE: Readonly<Record<string, number>> = {
  EncryptionContext: 0.6,
  'kms:Decrypt:EncryptionContext': 1,
  SourceEncryptionContext: 0.7,
  'kms:GenerateDataKey:KeySpec': 0.92,
  'kms:GenerateDataKeyWithoutPlaintext:KeySpec': 0.92,
  'kms:GenerateDataKey:NumberOfBytes': 0.05,
  'kms:GenerateDataKeyWithoutPlaintext:NumberOfBytes': 0.05,
  'kms:CreateKey:Policy': 0.5,
  'kms:CreateKey:KeySpec': 0.25,
  'kms:CreateKey:KeyUsage': 0.2,
  'kms:CreateKey:Origin': 0.12,
  'kms:CreateKey:CustomerMasterKeySpec': 0.03,
  'kms:CreateKey:CustomKeyStoreId': 0.02,
  'kms:CreateKey:XksKeyId': 0.02,
  'kms:CreateKey:MultiRegion': 0.05,
  'kms:CreateKey:Tags': 0.1,
  PendingWindowInDays: 0.75,
  BypassPolicyLockoutSafetyCheck: 0.4,
  PolicyName: 0.1,
  'kms:Decrypt:KeyId': 0.25,
  SourceKeyId: 0.2,
  EncryptionAlgorithm: 0.15,
  SourceEncryptionAlgorithm: 0.1,
  DestinationEncryptionAlgorithm: 0.1,
  GrantTokens: 0.1,
  Constraints: 0.35,
  RetiringPrincipal: 0.35,
  Name: 0.2,
  DryRun: 0.05,
  ServerSideEncryption: 0.5,
  SSEKMSKeyId: 0.5,
  SSEKMSEncryptionContext: 0.1,
  ExpectedBucketOwner: 0.1,
  ExpectedSourceBucketOwner: 0.05,
  'sts:AssumeRole:Policy': 0.35,
  PolicyArns: 0.1,
  ExternalId: 0.05,
  DurationSeconds: 0.2,
  'iam:CreateUser:PermissionsBoundary': 0.15,
  'iam:CreateRole:PermissionsBoundary': 0.15,
  CreateBucketConfiguration: 0.03,
  Limit: 0.2,
  Marker: 0.05,
  NextToken: 0.05,
  ContinuationToken: 0.05,
  'sns:Subscribe:Endpoint': 0.95,
  'sns:Subscribe:Attributes': 0.03,
  'sns:CreateTopic:Attributes': 0.1,
  'sns:CreateTopic:Tags': 0.03,
  'sns:CreateTopic:DataProtectionPolicy': 0.03,
  'cloudwatch:PutMetricAlarm:Tags': 0.03,
  'cloudwatch:PutMetricAlarm:ExtendedStatistic': 0.03,
  'cloudwatch:PutMetricAlarm:Dimensions': 0.05,
  'cloudwatch:PutMetricAlarm:Metrics': 0.03,
  'cloudwatch:PutMetricAlarm:ThresholdMetricId': 0.03,
  'cloudwatch:PutMetricAlarm:EvaluationCriteria': 0.03,
  'cloudwatch:PutMetricAlarm:EvaluationInterval': 0.03,
  'cloudwatch:PutMetricAlarm:Unit': 0.1,
  'cloudwatch:PutMetricAlarm:EvaluateLowSampleCountPercentile': 0.03,
  ChildrenOfAlarmName: 0.03,
  ParentsOfAlarmName: 0.03,
  AlarmNamePrefix: 0.1,
  AlarmContributorId: 0.03,
  'logs:PutMetricFilter:applyOnTransformedLogs': 0.03,
  'logs:PutMetricFilter:fieldSelectionCriteria': 0.03,
  'logs:PutMetricFilter:emitSystemFieldDimensions': 0.03,
};
const presence = (op: string, field: string): number => PRESENCE[`${op}:${field}`] ?? PRESENCE[field] ?? 0.25;

/** RetireGrant names its grant by token, or by key and grant id (the API takes either). */
function retireGrantInput(g: Gen): Record<string, unknown> {
  if (g.d.chance(0.5)) return { GrantToken: FIELDS['GrantToken']!(g) };
  const ref = keyRef(g);
  return { KeyId: ref, GrantId: FIELDS['GrantId']!(g) };
}

/** Junk for a field: wrong types and values a schema should refuse. */
const junk = (d: Draw): unknown => d.pick([12345, '', true, { nested: 'x' }, ['a'], 'not valid !!', null]);

/** The caller's account for account-scoped operations (IAM, Organizations, CreateKey, CreateBucket), drawn first. */
function accountFirst(g: Gen): void {
  if (/^(iam|organizations|cloudtrail|logs|cloudwatch|sns|config):|^kms:(CreateKey|ListKeys|ListAliases|ListRetirableGrants|GenerateRandom)$|^s3:CreateBucket$/.test(g.op)) {
    g.account = g.op.startsWith('organizations:') && g.d.chance(0.8) ? g.u.accounts[0] : g.d.pick(g.u.accounts);
  }
}

/** The input of a call: every required field, optional ones by their presence, now and then one field of junk. */
export function inputFor(g: Gen): Record<string, unknown> {
  accountFirst(g);
  if (g.op === 'kms:RetireGrant') return retireGrantInput(g);
  const input: Record<string, unknown> = {};
  for (const f of fieldsOf(g.op)) {
    if (!f.required && !g.d.chance(presence(g.op, f.name))) continue;
    const gen = generatorOf(g.op, f.name);
    const value = gen ? gen(g) : 'x';
    if (value !== undefined) input[f.name] = value;
  }
  const roll = g.d.next();
  if (roll < 0.02) {
    const names = Object.keys(input);
    if (names.length > 0) input[g.d.pick(names)] = junk(g.d);
  } else if (roll < 0.025) {
    input['UnknownField'] = 'x';
  }
  return input;
}

/** Key and bucket management calls, made by the owner's root more often than others. */
const MANAGEMENT = /^kms:(Enable|Disable|ScheduleKeyDeletion|CancelKeyDeletion|PutKeyPolicy|RotateKeyOnDemand|CreateGrant|RevokeGrant|CreateAlias|UpdateAlias|DeleteAlias|TagResource|UntagResource)|^s3:(Put|Delete)Bucket/;

/** The caller: tied to what the input chose (the key's account, the ciphertext's maker, the bucket owner), or anyone. */
export function callerFor(g: Gen): string {
  const d = g.d;
  const s = g.state;
  const roll = d.next();
  if (roll < 0.03) return 'anonymous';
  if (roll < 0.045) return `arn:aws:iam::${d.pick(g.u.accounts)}:user/nobody`;
  const inAccount = (account: string): string[] => actorsIn(s, account);
  const usersAndSessions = [...Object.keys(s.iam.users), ...liveSessions(s)];
  if (g.account !== undefined) {
    const local = inAccount(g.account);
    return d.chance(0.6) ? rootOf(g.account) : d.pick(local);
  }
  if (g.record && d.chance(0.55)) return g.record.encryptedBy;
  // A role is assumed by a user its trust policy names, or one of the account it names (a root never assumes roles).
  const trusted = g.role ? s.iam.roles[g.role]?.trustPolicy.doc.statements.flatMap((x) => x.principal?.aws ?? []) : undefined;
  const trustedUsers = (trusted ?? []).flatMap((p) => (s.iam.users[p] ? [p] : Object.values(s.iam.users).filter((x) => p === rootOf(x.account)).map((x) => x.arn as string)));
  if (trustedUsers.length > 0 && d.chance(0.75)) return d.pick(trustedUsers);
  if (g.grant && d.chance(g.op === 'kms:CreateGrant' ? 0.75 : 0.45)) {
    const named = [g.grant.granteePrincipal, g.grant.retiringPrincipal].filter((p): p is string => p !== undefined && /^arn:/.test(p) && !p.includes(':role/'));
    const sessionsOfRole = liveSessions(s).filter((x) => s.iam.sessions[x]?.roleArn === g.grant!.granteePrincipal);
    const pool = [...named, ...sessionsOfRole];
    if (pool.length > 0) return d.pick(pool);
  }
  const owner = g.key?.account ?? (g.bucket ? s.s3.buckets[g.bucket]?.account : undefined);
  if (owner !== undefined && MANAGEMENT.test(g.op) && d.chance(0.45)) return rootOf(owner);
  const sessions = liveSessions(s);
  if (sessions.length > 0 && d.chance(0.2)) return d.pick(sessions);
  if (owner !== undefined) {
    const r = d.next();
    if (r < 0.28) return rootOf(owner);
    if (r < 0.6) return d.pick(inAccount(owner));
    if (r < 0.67 && g.bucket) return 'anonymous';
    const others = actorsOf(s).filter((a) => accountOfArn(a) !== owner);
    if (r < 0.85 && others.length > 0) return d.pick(others);
    return d.pick(actorsOf(s));
  }
  return d.chance(0.5) && usersAndSessions.length > 0 ? d.pick(usersAndSessions) : d.pick(actorsOf(s));
}

/** The concrete call for an operation and a seed, against the current state and history. */
export function concreteCall(op: string, seed: number, state: State, u: Universe, history: History): Call {
  const g: Gen = { d: new Draw(seed), state, u, history, op };
  const input = inputFor(g);
  return { as: callerFor(g), op, input };
}

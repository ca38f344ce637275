// AWS managed keys (aws/<service>): created by KMS on first use, managed by AWS, rotated every year.
import { aliasArn } from '../arn.ts';
import type { AccountId } from '../arn.ts';
import type { Drawn } from '../ids.ts';
import type { Key, State } from '../state.ts';
import { apiDefaultPolicy, awsManagedS3Policy } from './default-policies.ts';
import { builtInPolicy } from './key-policy.ts';
import { DEFAULT_ROTATION_DAYS, drawKey } from './key-factory.ts';
import { DAY_MS } from '../timestamps.ts';
import { aliasKey, findAlias } from './keys.ts';
import { withKey } from './metadata.ts';

export type AwsManagedService = 's3';

/** The services whose AWS managed key keyward knows, by alias name. */
export const AWS_MANAGED_ALIASES: Readonly<Record<string, AwsManagedService>> = { 'alias/aws/s3': 's3' };

/** The service whose predefined AWS alias a request's key reference names (alias name, or alias ARN of `account`). */
export function predefinedAliasService(state: State, account: string, keyRef: string): AwsManagedService | undefined {
  const prefix = `arn:aws:kms:${state.region}:${account}:`;
  const name = keyRef.startsWith(prefix) ? keyRef.slice(prefix.length) : keyRef;
  return Object.hasOwn(AWS_MANAGED_ALIASES, name) ? AWS_MANAGED_ALIASES[name] : undefined;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — the description KMS gives aws/s3. */
const DESCRIPTIONS: Readonly<Record<AwsManagedService, string>> = {
  s3: 'Default key that protects my S3 objects when no other key is defined',
};

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key — "AWS managed keys are KMS keys in
 * your account that are created, managed, and used on your behalf by an AWS service"; "AWS KMS automatically rotates
 * AWS managed keys every year (approximately 365 days)" (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
 * The key of an account is created the first time the service (or DescribeKey on the alias) needs it.
 */
export function ensureAwsManagedKey(state: State, account: AccountId, service: AwsManagedService): Drawn<Key> {
  const name = `alias/aws/${service}`;
  const existing = findAlias(state, account, name);
  const existingKey = existing && state.kms.keys[existing.targetKeyId];
  if (existingKey) return { value: existingKey, state };
  const policyText = service === 's3' ? awsManagedS3Policy(account, state.region) : apiDefaultPolicy(account);
  const drawn = drawKey(state, {
    account,
    description: DESCRIPTIONS[service],
    keyManager: 'AWS',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    policy: builtInPolicy(policyText),
    tags: {},
  });
  const key: Key = {
    ...drawn.value,
    rotation: { enabled: true, periodDays: DEFAULT_ROTATION_DAYS, nextRotationAt: state.now + DEFAULT_ROTATION_DAYS * DAY_MS, onDemandCount: 0 },
  };
  const alias = { name, arn: aliasArn(state.region, account, name), account, targetKeyId: key.keyId, createdAt: state.now };
  const next = withKey(drawn.state, key);
  return { value: key, state: { ...next, kms: { ...next.kms, aliases: { ...next.kms.aliases, [aliasKey(account, name)]: alias } } } };
}

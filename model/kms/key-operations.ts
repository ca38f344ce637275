// Key lifecycle operations: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
// CancelKeyDeletion, UpdateKeyDescription.
import { z } from 'zod';
import type { SignedCaller } from '../authz/caller.ts';
import type { AwsError } from '../errors.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import type { OpOutcome } from '../op.ts';
import type { Key, KeySpec, KeyUsage, State } from '../state.ts';
import { ensureAwsManagedKey, predefinedAliasService } from './aws-managed.ts';
import { apiDefaultPolicy } from './default-policies.ts';
import { accessKey, authorizeIamOnly } from './guard.ts';
import { drawKey } from './key-factory.ts';
import { DAY_MS } from '../timestamps.ts';
import { acceptKeyPolicy, builtInPolicy, policyTextSchema } from './key-policy.ts';
import { USAGES_OF_SPEC } from './key-specs.ts';
import { lockoutError } from './lockout.ts';
import { isoDate, keyMetadata, withKey } from './metadata.ts';
import { paginate } from '../listing.ts';
import { invalidMarker } from './pagination.ts';
import { rotateIfOverdue } from './rotation-schedule.ts';
import { keyIdSchema, paginationShape, tagSchema } from './schemas.ts';
import { MAX_TAGS, requestTagContext, tagsError } from './tags.ts';
import type { TagInput } from './tags.ts';

const KEY_SPECS = [
  'SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2',
] as const satisfies readonly KeySpec[];
const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const satisfies readonly KeyUsage[];

const validation = (message: string): AwsError => ({ code: 'ValidationException', message });

/** A request keyward does not model fails clearly, never silently (SCENARIOS.md). */
const notModelled = (what: string): OpOutcome => failure('UnsupportedCall', `keyward does not model ${what}`);

const createKeySchema = z.strictObject({
  Policy: policyTextSchema.optional(),
  Description: z.string().max(8192).optional(),
  KeyUsage: z.enum(KEY_USAGES).optional(),
  CustomerMasterKeySpec: z.enum(KEY_SPECS).optional(),
  KeySpec: z.enum(KEY_SPECS).optional(),
  Origin: z.enum(['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']).optional(),
  CustomKeyStoreId: z.string().min(1).max(64).optional(),
  BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
  Tags: z.array(tagSchema).max(MAX_TAGS).optional(),
  MultiRegion: z.boolean().optional(),
  XksKeyId: z.string().min(1).max(128).optional(),
});
type CreateKeyInput = z.infer<typeof createKeySchema>;

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html — KeySpec defaults to SYMMETRIC_DEFAULT
 * (CustomerMasterKeySpec is its deprecated name: "Use the KeySpec parameter instead" — not both); KeyUsage "is optional
 * when you are creating a symmetric encryption KMS key; otherwise, it is required", and must suit the key spec.
 */
function specAndUsage(input: CreateKeyInput): { spec: KeySpec; usage: KeyUsage } | AwsError {
  if (input.KeySpec && input.CustomerMasterKeySpec) {
    return validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (input.KeyUsage === undefined && spec !== 'SYMMETRIC_DEFAULT') {
    return validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const usage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (!USAGES_OF_SPEC[spec].includes(usage)) return validation(`KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  return { spec, usage };
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html — kms:CreateKey is an IAM-only
 * permission; "To use the Tags parameter, you need kms:TagResource permission in an IAM policy" (API_CreateKey).
 * Condition keys: kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion, kms:BypassPolicyLockoutSafetyCheck, tags.
 */
function authorizeCreateKey(state: State, caller: SignedCaller, input: CreateKeyInput, spec: KeySpec, usage: KeyUsage, env: Readonly<Record<string, string>>): AwsError | undefined {
  const tags = input.Tags ?? [];
  const extraContext = {
    'kms:KeySpec': spec,
    'kms:KeyUsage': usage,
    'kms:KeyOrigin': input.Origin ?? 'AWS_KMS',
    'kms:MultiRegion': 'false',
    'kms:BypassPolicyLockoutSafetyCheck': String(input.BypassPolicyLockoutSafetyCheck ?? false),
    ...requestTagContext(tags),
  };
  const denied = authorizeIamOnly({ state, caller, env, action: 'kms:CreateKey', extraContext });
  if (denied || tags.length === 0) return denied;
  return authorizeIamOnly({ state, caller, env, action: 'kms:TagResource', extraContext: requestTagContext(tags) });
}

const tagRecord = (tags: readonly TagInput[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue]));

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html — validate, authorize (IAM only), then the key
 * policy: the caller's Policy (checked, and subject to the lockout safety check unless BypassPolicyLockoutSafetyCheck)
 * or, without one, the default key policy.
 */
export const CreateKey = signedOp(createKeySchema, ({ state, caller, input, env }) => {
  if (input.Origin === 'AWS_CLOUDHSM' || input.Origin === 'EXTERNAL_KEY_STORE' || input.CustomKeyStoreId || input.XksKeyId) {
    return notModelled('custom key stores (CreateKey with Origin AWS_CLOUDHSM / EXTERNAL_KEY_STORE or CustomKeyStoreId)');
  }
  if (input.MultiRegion) return notModelled('multi-Region keys (CreateKey with MultiRegion true)');
  const su = specAndUsage(input);
  if ('code' in su) return failWith(su);
  const badTags = tagsError({}, input.Tags ?? []);
  if (badTags) return failWith(badTags);

  const denied = authorizeCreateKey(state, caller, input, su.spec, su.usage, env);
  if (denied) return failWith(denied);

  const accepted = input.Policy === undefined ? undefined : acceptKeyPolicy(state, input.Policy);
  if (accepted && !accepted.ok) return failWith(accepted.error);
  const drawn = drawKey(state, {
    account: caller.account,
    description: input.Description ?? '',
    keyManager: 'CUSTOMER',
    keySpec: su.spec,
    keyUsage: su.usage,
    origin: input.Origin ?? 'AWS_KMS',
    policy: accepted ? accepted.policy : builtInPolicy(apiDefaultPolicy(caller.account)),
    tags: tagRecord(input.Tags ?? []),
  });
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html — BypassPolicyLockoutSafetyCheck.
  // (Seeded mutant lockoutCheckSkipped, model/mutants.ts, skips the check.)
  if (accepted && !input.BypassPolicyLockoutSafetyCheck && state.config.mutant !== 'lockoutCheckSkipped') {
    const locked = lockoutError(state, caller, drawn.value, accepted.policy, env);
    if (locked) return failWith(locked);
  }
  return success(withKey(drawn.state, drawn.value), { KeyMetadata: keyMetadata(drawn.value) });
});

const describeKeySchema = z.strictObject({ KeyId: keyIdSchema, GrantTokens: z.array(z.string()).max(10).optional() });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html — "If you call the DescribeKey operation on a
 * predefined AWS alias, that is, an AWS alias with no key ID, AWS KMS creates an AWS managed key."
 */
function withPredefinedAlias(state: State, caller: SignedCaller, keyRef: string): State {
  const service = predefinedAliasService(state, caller.account, keyRef);
  return service ? ensureAwsManagedKey(state, caller.account, service).state : state;
}

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html — works in every key state; cross-account with a key or alias ARN. */
export const DescribeKey = signedOp(describeKeySchema, ({ state, caller, input, env }) => {
  const current = withPredefinedAlias(state, caller, input.KeyId);
  const access = accessKey({
    state: current, caller, env, keyRef: input.KeyId, allowAlias: true, action: 'kms:DescribeKey', operation: 'DescribeKey',
    grantOperation: 'DescribeKey', grantTokens: input.GrantTokens,
  });
  if (!access.ok) return failWith(access.error);
  const metadata = keyMetadata(access.key);
  // (Seeded mutant enabledFlagTrueUnlessDisabled, model/mutants.ts, misreports Enabled.)
  if (state.config.mutant === 'enabledFlagTrueUnlessDisabled') return success(current, { KeyMetadata: { ...metadata, Enabled: access.key.state !== 'Disabled' } });
  return success(current, { KeyMetadata: metadata });
});

const listKeysSchema = z.strictObject(paginationShape);

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html — "Gets a list of all KMS keys in the caller's AWS account and Region." */
export const ListKeys = signedOp(listKeysSchema, ({ state, caller, input, env }) => {
  const denied = authorizeIamOnly({ state, caller, env, action: 'kms:ListKeys' });
  if (denied) return failWith(denied);
  const keys = Object.values(state.kms.keys)
    .filter((k) => k.account === caller.account && k.region === state.region)
    .map((k) => ({ KeyId: k.keyId, KeyArn: k.arn }));
  const page = paginate(keys, input.Limit, input.Marker);
  if (!page) return failWith(invalidMarker);
  return success(state, { Keys: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker });
});

const keyOnlySchema = z.strictObject({ KeyId: keyIdSchema });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html — "Sets the key state of a KMS key to enabled."
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — on re-enabling, key material that missed its
 * rotation date is rotated at once.
 */
export const EnableKey = signedOp(keyOnlySchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:EnableKey', operation: 'EnableKey' });
  if (!access.ok) return failWith(access.error);
  return success(rotateIfOverdue(withKey(state, { ...access.key, state: 'Enabled' }), access.key.keyId));
});

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html — "Sets the state of a KMS key to disabled." */
export const DisableKey = signedOp(keyOnlySchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:DisableKey', operation: 'DisableKey' });
  if (!access.ok) return failWith(access.error);
  return success(withKey(state, { ...access.key, state: 'Disabled' }));
});

const scheduleSchema = z.strictObject({ KeyId: keyIdSchema, PendingWindowInDays: z.number().int().min(1).max(365).optional() });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html — "PendingWindowInDays ... This value is
 * optional. If you include a value, it must be between 7 and 30, inclusive. If you do not include a value, it defaults
 * to 30." The out-of-range error is UNVERIFIED (config.pendingWindowOutOfRangeError). Output: KeyId (the key ARN),
 * DeletionDate, KeyState, PendingWindowInDays.
 */
export const ScheduleKeyDeletion = signedOp(scheduleSchema, ({ state, caller, input, env }) => {
  const cfg = state.config;
  const days = input.PendingWindowInDays ?? cfg.pendingWindowDefaultDays;
  // (Seeded mutant pendingWindowUnchecked, model/mutants.ts, switches this check off.)
  if ((days < cfg.pendingWindowMinDays || days > cfg.pendingWindowMaxDays) && cfg.mutant !== 'pendingWindowUnchecked') {
    return failure(
      cfg.pendingWindowOutOfRangeError,
      `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between ${cfg.pendingWindowMinDays} and ${cfg.pendingWindowMaxDays}`,
    );
  }
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:ScheduleKeyDeletion', operation: 'ScheduleKeyDeletion',
    extraContext: { 'kms:ScheduleKeyDeletionPendingWindowInDays': String(days) },
  });
  if (!access.ok) return failWith(access.error);
  const deletionDate = state.now + days * DAY_MS;
  const key: Key = { ...access.key, state: 'PendingDeletion', deletionDate, pendingWindowInDays: days };
  return success(withKey(state, key), { KeyId: key.arn, DeletionDate: isoDate(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days });
});

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html — "When this operation succeeds, the key
 * state of the KMS key is Disabled." Output: KeyId, the key ARN.
 */
export const CancelKeyDeletion = signedOp(keyOnlySchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:CancelKeyDeletion', operation: 'CancelKeyDeletion' });
  if (!access.ok) return failWith(access.error);
  // (Seeded mutant cancelDeletionReEnables, model/mutants.ts, leaves the key Enabled.)
  const after = state.config.mutant === 'cancelDeletionReEnables' ? 'Enabled' : 'Disabled';
  const key: Key = { ...access.key, state: after, deletionDate: undefined, pendingWindowInDays: undefined };
  return success(withKey(state, key), { KeyId: key.arn });
});

const describeSchema = z.strictObject({ KeyId: keyIdSchema, Description: z.string().max(8192) });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html — replaces the description. */
export const UpdateKeyDescription = signedOp(describeSchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:UpdateKeyDescription', operation: 'UpdateKeyDescription' });
  if (!access.ok) return failWith(access.error);
  return success(withKey(state, { ...access.key, description: input.Description }));
});

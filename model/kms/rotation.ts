// Rotation operations: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations.
import { z } from 'zod';
import type { AwsError } from '../errors.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { Key } from '../state.ts';
import { accessKey } from './guard.ts';
import { DAY_MS } from '../timestamps.ts';
import { isoDate, withKey } from './metadata.ts';
import { paginate } from '../listing.ts';
import { invalidMarker } from './pagination.ts';
import { rotateKey } from './rotation-schedule.ts';
import { keyIdSchema, paginationShape } from './schemas.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — "Automatic key rotation is supported only on
 * symmetric encryption KMS keys with key material that AWS KMS generates"; asymmetric and HMAC keys →
 * UnsupportedOperationException (KMS-API EnableKeyRotation). Imported material (Origin EXTERNAL) is the key-state
 * table's footnote f6/f7.
 */
function rotationUnsupported(key: Key, operation: string): AwsError | undefined {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    return { code: 'UnsupportedOperationException', message: `${key.arn} key spec ${key.keySpec} does not support ${operation}.` };
  }
  if (key.origin !== 'AWS_KMS') return { code: 'UnsupportedOperationException', message: `${key.arn} origin is ${key.origin} which is not valid for this operation.` };
  return undefined;
}

const enableSchema = z.strictObject({ KeyId: keyIdSchema, RotationPeriodInDays: z.number().int().min(90).max(2560).optional() });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html — RotationPeriodInDays 90..2560,
 * default 365; the first rotation comes one period after rotation is enabled. Changing the period of a key that
 * already rotates moves its next rotation to (last rotation or enablement) + new period, never into the past (INFERRED).
 */
export const EnableKeyRotation = signedOp(enableSchema, ({ state, caller, input, env }) => {
  const period = input.RotationPeriodInDays ?? 365;
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:EnableKeyRotation', operation: 'EnableKeyRotation',
    extraContext: { 'kms:RotationPeriodInDays': String(period) },
  });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const unsupported = rotationUnsupported(key, 'automatic key rotation');
  if (unsupported) return failWith(unsupported);
  const r = key.rotation;
  const base = r.enabled && r.nextRotationAt !== undefined ? r.nextRotationAt - r.periodDays * DAY_MS : state.now;
  const nextRotationAt = Math.max(state.now, base + period * DAY_MS);
  return success(withKey(state, { ...key, rotation: { ...r, enabled: true, periodDays: period, nextRotationAt } }));
});

const keyOnlySchema = z.strictObject({ KeyId: keyIdSchema });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html — turns automatic rotation off. */
export const DisableKeyRotation = signedOp(keyOnlySchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:DisableKeyRotation', operation: 'DisableKeyRotation' });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const unsupported = rotationUnsupported(key, 'automatic key rotation');
  if (unsupported) return failWith(unsupported);
  return success(withKey(state, { ...key, rotation: { ...key.rotation, enabled: false, nextRotationAt: undefined } }));
});

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html — KeyRotationEnabled, and while it
 * is on RotationPeriodInDays and NextRotationDate. https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html —
 * while a key is pending deletion its status reads false (the setting returns if the deletion is cancelled); AWS managed
 * keys always rotate. Cross-account with the key ARN.
 */
export const GetKeyRotationStatus = signedOp(keyOnlySchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:GetKeyRotationStatus', operation: 'GetKeyRotationStatus' });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const enabled = key.rotation.enabled && key.state !== 'PendingDeletion';
  return success(state, {
    KeyId: key.arn,
    KeyRotationEnabled: enabled,
    RotationPeriodInDays: enabled ? key.rotation.periodDays : undefined,
    NextRotationDate: enabled && key.rotation.nextRotationAt !== undefined ? isoDate(key.rotation.nextRotationAt) : undefined,
  });
});

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html — ConflictException within 20 minutes of an automatic rotation. */
const CONFLICT_WINDOW_MS = 20 * 60 * 1000;

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html — immediate rotation of a symmetric
 * customer managed key, whether or not automatic rotation is on; the number of on-demand rotations per key is limited
 * (config.onDemandRotationLimit) → LimitExceededException.
 */
export const RotateKeyOnDemand = signedOp(keyOnlySchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:RotateKeyOnDemand', operation: 'RotateKeyOnDemand' });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const unsupported = rotationUnsupported(key, 'on-demand key rotation');
  if (unsupported) return failWith(unsupported);
  if (key.rotation.onDemandCount >= state.config.onDemandRotationLimit) {
    return failWith({
      code: 'LimitExceededException',
      message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    });
  }
  const next = key.rotation.enabled ? key.rotation.nextRotationAt : undefined;
  if (next !== undefined && next - state.now < CONFLICT_WINDOW_MS) {
    return failWith({ code: 'ConflictException', message: `An automatic rotation of ${key.arn} is due within 20 minutes.` });
  }
  return success(rotateKey(state, key.keyId, 'ON_DEMAND'), { KeyId: key.arn });
});

const listRotationsSchema = z.strictObject({ KeyId: keyIdSchema, ...paginationShape });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html — completed rotations: KeyId, RotationDate, RotationType. */
export const ListKeyRotations = signedOp(listRotationsSchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:ListKeyRotations', operation: 'ListKeyRotations' });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  // spec §1.3: ListKeyRotations behaves like DescribeKey across key states (an imported-material key lists none).
  const unsupported = key.keySpec === 'SYMMETRIC_DEFAULT' ? undefined : rotationUnsupported(key, 'key rotations');
  if (unsupported) return failWith(unsupported);
  const rotations = key.materials
    .filter((m) => m.version > 1)
    .map((m) => ({ KeyId: key.arn, RotationDate: isoDate(m.createdAt), RotationType: m.onDemand ? 'ON_DEMAND' : 'AUTOMATIC' }));
  const page = paginate(rotations, input.Limit, input.Marker);
  if (!page) return failWith(invalidMarker);
  return success(state, { Rotations: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker });
});

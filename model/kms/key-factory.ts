// Making new keys and new key material versions, with identifiers drawn deterministically from the state.
import { keyArn } from '../arn.ts';
import type { AccountId } from '../arn.ts';
import { drawHexId, drawKeyId } from '../ids.ts';
import type { Drawn } from '../ids.ts';
import type { Key, KeyMaterial, KeyOrigin, KeySpec, KeyUsage, State, StoredPolicy } from '../state.ts';

/** A new material version of a key: a fresh secret (the key material itself never leaves KMS). */
export function drawMaterial(state: State, version: number, onDemand: boolean): Drawn<KeyMaterial> {
  const secret = drawHexId(state, 64);
  return { value: { version, secret: secret.value, createdAt: state.now, onDemand }, state: secret.state };
}

export interface KeyBlueprint {
  readonly account: AccountId;
  readonly description: string;
  readonly keyManager: Key['keyManager'];
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly origin: KeyOrigin;
  /** The key policy (the caller's, or one KMS writes itself). */
  readonly policy: StoredPolicy;
  readonly tags: Readonly<Record<string, string>>;
}

/** Default rotation settings of a new key: off, with the default period of 365 days (KMS-API EnableKeyRotation). */
export const DEFAULT_ROTATION_DAYS = 365;

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — "Most KMS keys are created in the Enabled
 * state"; a key with Origin EXTERNAL is created PendingImport, without key material. Not yet added to the state.
 */
export function drawKey(state: State, bp: KeyBlueprint): Drawn<Key> {
  const id = drawKeyId(state);
  const external = bp.origin === 'EXTERNAL';
  const material = drawMaterial(id.state, 1, false);
  const key: Key = {
    keyId: id.value,
    arn: keyArn(state.region, bp.account, id.value),
    account: bp.account,
    region: state.region,
    description: bp.description,
    keyManager: bp.keyManager,
    keySpec: bp.keySpec,
    keyUsage: bp.keyUsage,
    origin: bp.origin,
    state: external ? 'PendingImport' : 'Enabled',
    createdAt: state.now,
    deletionDate: undefined,
    pendingWindowInDays: undefined,
    policy: bp.policy,
    rotation: { enabled: false, periodDays: DEFAULT_ROTATION_DAYS, nextRotationAt: undefined, onDemandCount: 0 },
    materials: external ? [] : [material.value],
    grants: {},
    tags: bp.tags,
  };
  return { value: key, state: external ? id.state : material.state };
}


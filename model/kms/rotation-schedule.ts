// Rotating key material: a new material version becomes current, every older version stays for Decrypt.
import type { State } from '../state.ts';
import { drawMaterial } from './key-factory.ts';
import { DAY_MS } from '../timestamps.ts';
import { withKey } from './metadata.ts';

export type RotationType = 'AUTOMATIC' | 'ON_DEMAND';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — rotation keeps every previous version of
 * the key material until the key is deleted, so older ciphertexts still decrypt; an automatic rotation schedules the
 * next one a rotation period later; an on-demand rotation leaves the automatic schedule unchanged.
 */
export function rotateKey(state: State, keyId: string, type: RotationType): State {
  const key = state.kms.keys[keyId];
  if (!key) return state;
  const version = (key.materials.at(-1)?.version ?? 0) + 1;
  const material = drawMaterial(state, version, type === 'ON_DEMAND');
  const rotation =
    type === 'ON_DEMAND'
      ? { ...key.rotation, onDemandCount: key.rotation.onDemandCount + 1 }
      : { ...key.rotation, nextRotationAt: state.now + key.rotation.periodDays * DAY_MS };
  // (Seeded mutant rotationDiscardsOldMaterial, model/mutants.ts, keeps only the new version.)
  const materials = state.config.mutant === 'rotationDiscardsOldMaterial' ? [material.value] : [...key.materials, material.value];
  return withKey(material.state, { ...key, materials, rotation });
}

/** Is an automatic rotation of this key due (rotation on, key Enabled, date reached)? Disabled and pending-deletion keys are not rotated. */
export function rotationDue(state: State, keyId: string, at: number): boolean {
  const key = state.kms.keys[keyId];
  const next = key?.rotation.nextRotationAt;
  return key !== undefined && key.state === 'Enabled' && key.rotation.enabled && next !== undefined && next <= at;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — a disabled or pending-deletion key is not
 * rotated; when it is enabled again and its material is older than the rotation period, KMS rotates it at once
 * (spec §1.6; with a custom period the threshold is the period, INFERRED).
 */
export const rotateIfOverdue = (state: State, keyId: string): State => (rotationDue(state, keyId, state.now) ? rotateKey(state, keyId, 'AUTOMATIC') : state);

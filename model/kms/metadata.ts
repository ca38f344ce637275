// KeyMetadata as KMS returns it (CreateKey, DescribeKey), and the small state-update helpers for keys.
import type { JsonObject } from '../op.ts';
import type { Key, State } from '../state.ts';
import { encryptionAlgorithms, keyAgreementAlgorithms, macAlgorithms, signingAlgorithms } from './key-specs.ts';
import { isoTime } from '../timestamps.ts';

/** Dates in KMS outputs (ISO 8601, model/timestamps.ts). */
export const isoDate = isoTime;

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html — the fields of a single-Region key.
 * "Enabled: Specifies whether the KMS key is enabled. When KeyState is Enabled this value is true, otherwise it is
 * false." DeletionDate and PendingDeletionWindowInDays appear only while the key is pending deletion.
 * CustomerMasterKeySpec is the deprecated twin of KeySpec and still returned.
 */
export function keyMetadata(key: Key): JsonObject {
  const pending = key.state === 'PendingDeletion';
  return {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: isoDate(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    DeletionDate: pending && key.deletionDate !== undefined ? isoDate(key.deletionDate) : undefined,
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: encryptionAlgorithms(key.keySpec, key.keyUsage),
    SigningAlgorithms: signingAlgorithms(key.keySpec, key.keyUsage),
    MacAlgorithms: macAlgorithms(key.keySpec, key.keyUsage),
    KeyAgreementAlgorithms: keyAgreementAlgorithms(key.keyUsage),
    MultiRegion: false,
    PendingDeletionWindowInDays: pending ? key.pendingWindowInDays : undefined,
  };
}

/** The state with one key replaced (or added). */
export const withKey = (state: State, key: Key): State => ({ ...state, kms: { ...state.kms, keys: { ...state.kms.keys, [key.keyId]: key } } });

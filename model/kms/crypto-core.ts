// The cryptographic core shared by the KMS crypto operations and the on-behalf-of-services calls: key usage checks,
// sealing under a key's current material, opening a ciphertext with the version it names, data keys.
import type { AwsError } from '../errors.ts';
import { drawHexId } from '../ids.ts';
import type { Drawn } from '../ids.ts';
import type { EncryptionContext, Key, KeyUsage, State } from '../state.ts';
import { derivedBytes, openCiphertext, seal } from './ciphertext.ts';
import type { CiphertextHeader } from './ciphertext.ts';
import { encryptionAlgorithms, maxPlaintextBytes } from './key-specs.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html — InvalidKeyUsageException: "The request was
 * rejected for one of the following reasons: The KeyUsage value of the KMS key is incompatible with the API operation;
 * The encryption algorithm or signing algorithm specified for the operation is incompatible with the type of key
 * material in the KMS key". Validated message (spec §1.4): "<arn> key usage is SIGN_VERIFY which is not valid for Encrypt."
 */
export function usageError(key: Key, operation: string, required: KeyUsage): AwsError | undefined {
  if (key.keyUsage === required) return undefined;
  return { code: 'InvalidKeyUsageException', message: `${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.` };
}

/** Data keys and data key pairs come only from symmetric encryption keys (KMS-API GenerateDataKey: "a symmetric encryption KMS key"). */
export function symmetricOnly(key: Key, operation: string): AwsError | undefined {
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return undefined;
  return { code: 'InvalidKeyUsageException', message: `${key.arn} key spec is ${key.keySpec} which is not valid for ${operation}.` };
}

/** The encryption algorithm of a request must be one the key offers (KeyMetadata.EncryptionAlgorithms). */
export function algorithmError(key: Key, algorithm: string): AwsError | undefined {
  if ((encryptionAlgorithms(key.keySpec, key.keyUsage) ?? []).includes(algorithm)) return undefined;
  return { code: 'InvalidKeyUsageException', message: `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.` };
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html — "An encryption context is supported only
 * on operations with symmetric encryption KMS keys" (keyward refuses one with an asymmetric key: ValidationException).
 */
export function contextError(key: Key, ec: EncryptionContext | undefined): AwsError | undefined {
  if (key.keySpec === 'SYMMETRIC_DEFAULT' || ec === undefined || Object.keys(ec).length === 0) return undefined;
  return { code: 'ValidationException', message: 'EncryptionContext is supported only on operations with symmetric encryption KMS keys.' };
}

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html — RSA keys take at most a few hundred bytes of plaintext. */
export function plaintextSizeError(key: Key, algorithm: string, plaintext: string): AwsError | undefined {
  const max = maxPlaintextBytes(key.keySpec, algorithm);
  if (Buffer.byteLength(plaintext, 'utf8') <= max) return undefined;
  return { code: 'ValidationException', message: `Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.` };
}

export const invalidCiphertext: AwsError = { code: 'InvalidCiphertextException', message: '' };

/** Encrypt under the key's current (newest) material version (KMS-DG rotate-keys: "always uses the current key material"). */
export function sealUnder(state: State, key: Key, algorithm: string, ec: EncryptionContext | undefined, plaintext: string): Drawn<string> {
  const nonce = drawHexId(state, 32);
  const material = key.materials.at(-1);
  if (!material) throw new Error(`keyward: ${key.arn} has no key material (state ${key.state}) yet reached encryption`);
  // (Seeded mutant encryptBindsNoContext, model/mutants.ts, binds no encryption context.)
  const bound = state.config.mutant === 'encryptBindsNoContext' ? undefined : ec;
  const blob = seal({ keyArn: key.arn, material, algorithm, nonce: nonce.value, encryptionContext: bound, plaintext });
  return { value: blob, state: nonce.state };
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html — KMS picks the key material version named in
 * the ciphertext; a ciphertext that does not authenticate under it with exactly this encryption context, or whose
 * algorithm differs from the request's, is InvalidCiphertextException.
 */
export function openUnder(key: Key, header: CiphertextHeader, algorithm: string, ec: EncryptionContext | undefined): { ok: true; plaintext: string } | { ok: false; error: AwsError } {
  const material = key.materials.find((m) => m.version === header.version);
  if (!material || header.algorithm !== algorithm) return { ok: false, error: invalidCiphertext };
  const plaintext = openCiphertext(header, material, ec);
  return plaintext === undefined ? { ok: false, error: invalidCiphertext } : { ok: true, plaintext };
}

/** The existing key a ciphertext names (its key ARN), if any. */
export function keyOfCiphertext(state: State, header: CiphertextHeader): Key | undefined {
  const key = state.kms.keys[header.keyArn.slice(header.keyArn.lastIndexOf('/') + 1)];
  return key && key.arn === header.keyArn ? key : undefined;
}

/** A data key: `bytes` fresh bytes (base64 text, the model's Plaintext) and their ciphertext under the key. */
export function drawDataKey(state: State, key: Key, ec: EncryptionContext | undefined, bytes: number): Drawn<{ plaintext: string; ciphertext: string }> {
  const nonce = drawHexId(state, 32);
  const secret = key.materials.at(-1)?.secret ?? '';
  const plaintext = derivedBytes(secret, `datakey:${nonce.value}`, bytes).toString('base64');
  const sealed = sealUnder(nonce.state, key, 'SYMMETRIC_DEFAULT', ec, plaintext);
  return { value: { plaintext, ciphertext: sealed.value }, state: sealed.state };
}

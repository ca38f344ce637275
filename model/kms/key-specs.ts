// Key specs: which key usages each allows and which algorithms a key of that spec and usage offers.
import type { Key, KeySpec, KeyUsage } from '../state.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html and
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeyUsage —
 * symmetric keys: ENCRYPT_DECRYPT; RSA: ENCRYPT_DECRYPT or SIGN_VERIFY; NIST ECC: SIGN_VERIFY or KEY_AGREEMENT;
 * ECC_SECG_P256K1: SIGN_VERIFY; HMAC: GENERATE_VERIFY_MAC; SM2 (China Regions): ENCRYPT_DECRYPT, SIGN_VERIFY or KEY_AGREEMENT.
 */
export const USAGES_OF_SPEC: Readonly<Record<KeySpec, readonly KeyUsage[]>> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P384: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P521: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
  HMAC_224: ['GENERATE_VERIFY_MAC'],
  HMAC_256: ['GENERATE_VERIFY_MAC'],
  HMAC_384: ['GENERATE_VERIFY_MAC'],
  HMAC_512: ['GENERATE_VERIFY_MAC'],
  SM2: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'],
};

export const isSymmetric = (k: Pick<Key, 'keySpec'>): boolean => k.keySpec === 'SYMMETRIC_DEFAULT';
export const isRsa = (spec: KeySpec): boolean => spec.startsWith('RSA_');

/** https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html — encryption algorithms per spec. */
export function encryptionAlgorithms(spec: KeySpec, usage: KeyUsage): readonly string[] | undefined {
  if (usage !== 'ENCRYPT_DECRYPT') return undefined;
  if (spec === 'SYMMETRIC_DEFAULT') return ['SYMMETRIC_DEFAULT'];
  if (spec === 'SM2') return ['SM2PKE'];
  return ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html — signing algorithms per spec. */
export function signingAlgorithms(spec: KeySpec, usage: KeyUsage): readonly string[] | undefined {
  if (usage !== 'SIGN_VERIFY') return undefined;
  if (isRsa(spec)) {
    return ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'];
  }
  if (spec === 'ECC_NIST_P256' || spec === 'ECC_SECG_P256K1') return ['ECDSA_SHA_256'];
  if (spec === 'ECC_NIST_P384') return ['ECDSA_SHA_384'];
  if (spec === 'ECC_NIST_P521') return ['ECDSA_SHA_512'];
  return ['SM2DSA'];
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/hmac.html — one MAC algorithm per HMAC spec. */
export function macAlgorithms(spec: KeySpec, usage: KeyUsage): readonly string[] | undefined {
  if (usage !== 'GENERATE_VERIFY_MAC') return undefined;
  return [`HMAC_SHA_${spec.slice('HMAC_'.length)}`];
}

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html — KeyAgreementAlgorithms: ECDH. */
export const keyAgreementAlgorithms = (usage: KeyUsage): readonly string[] | undefined => (usage === 'KEY_AGREEMENT' ? ['ECDH'] : undefined);

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html — "the maximum size of the plaintext depends on the
 * key spec and the encryption algorithm" (RSAES_OAEP_SHA_1: 214/342/470 bytes; RSAES_OAEP_SHA_256: 190/318/446 bytes).
 */
export function maxPlaintextBytes(spec: KeySpec, algorithm: string): number {
  const table: Readonly<Record<string, number>> = {
    'RSA_2048:RSAES_OAEP_SHA_1': 214, 'RSA_2048:RSAES_OAEP_SHA_256': 190,
    'RSA_3072:RSAES_OAEP_SHA_1': 342, 'RSA_3072:RSAES_OAEP_SHA_256': 318,
    'RSA_4096:RSAES_OAEP_SHA_1': 470, 'RSA_4096:RSAES_OAEP_SHA_256': 446,
    'SM2:SM2PKE': 1024,
  };
  return table[`${spec}:${algorithm}`] ?? 4096;
}

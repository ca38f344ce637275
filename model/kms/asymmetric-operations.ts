// Asymmetric key operations: Sign, Verify, GetPublicKey, and the data key pairs of GenerateDataKeyPair(WithoutPlaintext).
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AwsError } from '../errors.ts';
import { drawHexId } from '../ids.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { Key } from '../state.ts';
import { derivedBytes } from './ciphertext.ts';
import { sealUnder, symmetricOnly, usageError } from './crypto-core.ts';
import { accessKey } from './guard.ts';
import { encryptionAlgorithms, keyAgreementAlgorithms, signingAlgorithms } from './key-specs.ts';
import { binaryText, encryptionContextSchema, grantTokensSchema, keyIdSchema } from './schemas.ts';

const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA',
] as const;

/** The (opaque) public key of an asymmetric KMS key: derived from its only key material (asymmetric keys never rotate). */
const publicKeyOf = (key: Key): string => derivedBytes(key.materials[0]?.secret ?? key.arn, 'public-key', 64).toString('base64');

/** An opaque, deterministic signature binding key, algorithm, message type and message. */
function signatureOf(key: Key, algorithm: string, messageType: string, message: string): string {
  return createHmac('sha256', key.materials[0]?.secret ?? key.arn).update(JSON.stringify([key.arn, algorithm, messageType, message])).digest('base64');
}

/** The signing algorithm must be one the key offers (KeyMetadata.SigningAlgorithms). */
function signingAlgorithmError(key: Key, algorithm: string): AwsError | undefined {
  if ((signingAlgorithms(key.keySpec, key.keyUsage) ?? []).includes(algorithm)) return undefined;
  return { code: 'InvalidKeyUsageException', message: `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.` };
}

const signSchema = z.strictObject({
  KeyId: keyIdSchema,
  Message: binaryText(4096),
  MessageType: z.enum(['RAW', 'DIGEST', 'EXTERNAL_MU']).optional(),
  GrantTokens: grantTokensSchema,
  SigningAlgorithm: z.enum(SIGNING_ALGORITHMS),
});

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html — a SIGN_VERIFY key signs a message up to 4096 bytes. */
export const Sign = signedOp(signSchema, ({ state, caller, input, env }) => {
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: true, action: 'kms:Sign', operation: 'Sign', grantOperation: 'Sign',
    grantTokens: input.GrantTokens, extraContext: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': input.MessageType ?? 'RAW' },
  });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const invalid = usageError(key, 'Sign', 'SIGN_VERIFY') ?? signingAlgorithmError(key, input.SigningAlgorithm);
  if (invalid) return failWith(invalid);
  const signature = signatureOf(key, input.SigningAlgorithm, input.MessageType ?? 'RAW', input.Message);
  return success(state, { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm });
});

const verifySchema = signSchema.extend({ Signature: z.string().min(1).max(6144) });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html — "If the signature is verified, the value of the
 * SignatureValid field in the response is True. If the signature verification fails, the Verify operation fails with
 * an KMSInvalidSignatureException exception."
 */
export const Verify = signedOp(verifySchema, ({ state, caller, input, env }) => {
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: true, action: 'kms:Verify', operation: 'Verify', grantOperation: 'Verify',
    grantTokens: input.GrantTokens, extraContext: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': input.MessageType ?? 'RAW' },
  });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const invalid = usageError(key, 'Verify', 'SIGN_VERIFY') ?? signingAlgorithmError(key, input.SigningAlgorithm);
  if (invalid) return failWith(invalid);
  if (input.Signature !== signatureOf(key, input.SigningAlgorithm, input.MessageType ?? 'RAW', input.Message)) {
    return failWith({ code: 'KMSInvalidSignatureException', message: '' });
  }
  return success(state, { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm });
});

const publicKeySchema = z.strictObject({ KeyId: keyIdSchema, GrantTokens: grantTokensSchema });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html — the public key of an asymmetric KMS key
 * with its KeySpec, KeyUsage and algorithms; a symmetric or HMAC key has none (UnsupportedOperationException).
 */
export const GetPublicKey = signedOp(publicKeySchema, ({ state, caller, input, env }) => {
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: true, action: 'kms:GetPublicKey', operation: 'GetPublicKey',
    grantOperation: 'GetPublicKey', grantTokens: input.GrantTokens,
  });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  if (key.keySpec === 'SYMMETRIC_DEFAULT' || key.keyUsage === 'GENERATE_VERIFY_MAC') {
    return failWith({ code: 'UnsupportedOperationException', message: `${key.arn} key spec ${key.keySpec} has no public key.` });
  }
  return success(state, {
    KeyId: key.arn,
    PublicKey: publicKeyOf(key),
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    EncryptionAlgorithms: encryptionAlgorithms(key.keySpec, key.keyUsage),
    SigningAlgorithms: signingAlgorithms(key.keySpec, key.keyUsage),
    KeyAgreementAlgorithms: keyAgreementAlgorithms(key.keyUsage),
  });
});

const dataKeyPairSchema = z.strictObject({
  KeyId: keyIdSchema,
  KeyPairSpec: z.enum(['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2']),
  EncryptionContext: encryptionContextSchema,
  GrantTokens: grantTokensSchema,
});

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html — a data key pair whose private key is
 * encrypted under a symmetric encryption KMS key: PrivateKeyCiphertextBlob, PrivateKeyPlaintext, PublicKey, KeyId,
 * KeyPairSpec. The keys are opaque base64 text in keyward.
 */
function generateDataKeyPair(operation: 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext') {
  return signedOp(dataKeyPairSchema, ({ state, caller, input, env }) => {
    const access = accessKey({
      state, caller, env, keyRef: input.KeyId, allowAlias: true, action: `kms:${operation}`, operation,
      encryptionContext: input.EncryptionContext, grantOperation: operation, grantTokens: input.GrantTokens,
      extraContext: { 'kms:DataKeyPairSpec': input.KeyPairSpec },
    });
    if (!access.ok) return failWith(access.error);
    const key = access.key;
    const invalid = usageError(key, operation, 'ENCRYPT_DECRYPT') ?? symmetricOnly(key, operation);
    if (invalid) return failWith(invalid);
    const nonce = drawHexId(state, 32);
    const secret = key.materials.at(-1)?.secret ?? '';
    const privateKey = derivedBytes(secret, `private:${nonce.value}`, 96).toString('base64');
    const publicKey = derivedBytes(secret, `public:${nonce.value}`, 64).toString('base64');
    const sealed = sealUnder(nonce.state, key, 'SYMMETRIC_DEFAULT', input.EncryptionContext, privateKey);
    return success(sealed.state, {
      PrivateKeyCiphertextBlob: sealed.value,
      PrivateKeyPlaintext: operation === 'GenerateDataKeyPair' ? privateKey : undefined,
      PublicKey: publicKey,
      KeyId: key.arn,
      KeyPairSpec: input.KeyPairSpec,
    });
  });
}

export const GenerateDataKeyPair = generateDataKeyPair('GenerateDataKeyPair');
export const GenerateDataKeyPairWithoutPlaintext = generateDataKeyPair('GenerateDataKeyPairWithoutPlaintext');

// Symmetric and RSA encryption operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom.
import { z } from 'zod';
import type { AwsError } from '../errors.ts';
import { drawHexId } from '../ids.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { OpRequest } from '../op.ts';
import type { EncryptionContext, Key, State } from '../state.ts';
import { decodeCiphertext } from './ciphertext.ts';
import type { CiphertextHeader } from './ciphertext.ts';
import {
  algorithmError, contextError, drawDataKey, invalidCiphertext, keyOfCiphertext, openUnder, plaintextSizeError, sealUnder, symmetricOnly, usageError,
} from './crypto-core.ts';
import { accessKey, authorizeIamOnly, guardKey } from './guard.ts';
import { resolveKey } from './keys.ts';
import type { Resolved } from './keys.ts';
import { binaryText, encryptionAlgorithmSchema, encryptionContextSchema, grantTokensSchema, keyIdSchema } from './schemas.ts';

const ciphertextBlobSchema = z.string().min(1).max(65536);

const encryptSchema = z.strictObject({
  KeyId: keyIdSchema,
  Plaintext: binaryText(4096),
  EncryptionContext: encryptionContextSchema,
  GrantTokens: grantTokensSchema,
  EncryptionAlgorithm: encryptionAlgorithmSchema.optional(),
});

/** The first error among usage checks that do not depend on each other, in the order given. */
const firstError = (...checks: (() => AwsError | undefined)[]): AwsError | undefined => {
  for (const check of checks) {
    const e = check();
    if (e) return e;
  }
  return undefined;
};

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html — encrypts up to 4096 bytes under a symmetric
 * key (with an optional encryption context) or an RSA key (with EncryptionAlgorithm); output CiphertextBlob, KeyId
 * (the key ARN), EncryptionAlgorithm.
 */
export const Encrypt = signedOp(encryptSchema, ({ state, caller, input, env }) => {
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const ec = input.EncryptionContext;
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: true, action: 'kms:Encrypt', operation: 'Encrypt',
    encryptionContext: ec, grantOperation: 'Encrypt', grantTokens: input.GrantTokens,
    extraContext: { 'kms:EncryptionAlgorithm': algorithm },
  });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const invalid = firstError(
    () => usageError(key, 'Encrypt', 'ENCRYPT_DECRYPT'),
    () => algorithmError(key, algorithm),
    () => contextError(key, ec),
    () => plaintextSizeError(key, algorithm, input.Plaintext),
  );
  if (invalid) return failWith(invalid);
  const sealed = sealUnder(state, key, algorithm, ec, input.Plaintext);
  return success(sealed.state, { CiphertextBlob: sealed.value, KeyId: key.arn, EncryptionAlgorithm: algorithm });
});

const CIPHERTEXT_KEY_UNKNOWN = 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/**
 * The key a ciphertext names. https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html — "If the ciphertext
 * was encrypted under a symmetric encryption KMS key, the KeyId parameter is optional. KMS can get this information from
 * metadata that it adds to the symmetric ciphertext blob." A named KeyId that is not the encrypting key →
 * IncorrectKeyException. A ciphertext of a deleted key (UNVERIFIED, config.decryptDeletedKeyError) and an asymmetric
 * ciphertext without KeyId cannot be attributed to a key.
 */
export function ciphertextKey(state: State, callerAccount: Key['account'], header: CiphertextHeader, keyRef: string | undefined): Resolved {
  if (keyRef !== undefined) {
    const named = resolveKey(state, callerAccount, keyRef);
    if (!named.ok) return named;
    if (named.key.arn !== header.keyArn) {
      return { ok: false, error: { code: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.' } };
    }
    return named;
  }
  if (header.algorithm !== 'SYMMETRIC_DEFAULT') return { ok: false, error: invalidCiphertext };
  const key = keyOfCiphertext(state, header);
  if (key) return { ok: true, key };
  return { ok: false, error: { code: state.config.decryptDeletedKeyError, message: CIPHERTEXT_KEY_UNKNOWN } };
}

const decryptSchema = z.strictObject({
  CiphertextBlob: ciphertextBlobSchema,
  EncryptionContext: encryptionContextSchema,
  GrantTokens: grantTokensSchema,
  KeyId: keyIdSchema.optional(),
  EncryptionAlgorithm: encryptionAlgorithmSchema.optional(),
});

interface DecryptStep {
  readonly req: OpRequest<unknown>;
  readonly header: CiphertextHeader;
  readonly keyRef: string | undefined;
  readonly ec: EncryptionContext | undefined;
  readonly algorithm: string;
  readonly action: 'kms:Decrypt' | 'kms:ReEncryptFrom';
  readonly grantTokens: readonly string[] | undefined;
  readonly extraContext?: Readonly<Record<string, string>>;
}

/** The decrypt half shared by Decrypt and ReEncrypt: find the key, authorize, check state and usage, open. */
function decryptPart(d: DecryptStep): { ok: true; key: Key; plaintext: string } | { ok: false; error: AwsError } {
  const { state, env } = d.req;
  const caller = d.req.caller;
  const found = ciphertextKey(state, caller.account, d.header, d.keyRef);
  if (!found.ok) return found;
  const key = found.key;
  const denied = guardKey({
    state, caller, env, key, action: d.action, operation: d.action === 'kms:Decrypt' ? 'Decrypt' : 'ReEncrypt',
    encryptionContext: d.ec, grantOperation: d.action === 'kms:Decrypt' ? 'Decrypt' : 'ReEncryptFrom', grantTokens: d.grantTokens ?? [],
    extraContext: { 'kms:EncryptionAlgorithm': d.algorithm, ...d.extraContext },
  });
  if (denied) return { ok: false, error: denied };
  const invalid = firstError(
    () => usageError(key, d.action === 'kms:Decrypt' ? 'Decrypt' : 'ReEncrypt', 'ENCRYPT_DECRYPT'),
    () => algorithmError(key, d.algorithm),
  );
  if (invalid) return { ok: false, error: invalid };
  const opened = openUnder(key, d.header, d.algorithm, d.ec);
  return opened.ok ? { ok: true, key, plaintext: opened.plaintext } : opened;
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html — the encryption context must be the exact,
 * case-sensitive one used at encryption (KMS-DG encrypt_context); output KeyId (the key ARN), Plaintext,
 * EncryptionAlgorithm. Cross-account: yes.
 */
export const Decrypt = signedOp(decryptSchema, (req) => {
  const { input, state } = req;
  const header = decodeCiphertext(input.CiphertextBlob);
  if (!header) return failWith(invalidCiphertext);
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const opened = decryptPart({
    req, header, keyRef: input.KeyId, ec: input.EncryptionContext, algorithm, action: 'kms:Decrypt', grantTokens: input.GrantTokens,
  });
  if (!opened.ok) return failWith(opened.error);
  return success(state, { KeyId: opened.key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: algorithm });
});

const reEncryptSchema = z.strictObject({
  CiphertextBlob: ciphertextBlobSchema,
  SourceEncryptionContext: encryptionContextSchema,
  SourceKeyId: keyIdSchema.optional(),
  DestinationKeyId: keyIdSchema,
  DestinationEncryptionContext: encryptionContextSchema,
  SourceEncryptionAlgorithm: encryptionAlgorithmSchema.optional(),
  DestinationEncryptionAlgorithm: encryptionAlgorithmSchema.optional(),
  GrantTokens: grantTokensSchema,
});

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html — "Decrypts ciphertext and then reencrypts it
 * entirely within AWS KMS"; "kms:ReEncryptFrom permission on the source KMS key; kms:ReEncryptTo permission on the
 * destination KMS key"; either key may be in another account. kms:ReEncryptOnSameKey tells whether they are the same.
 */
export const ReEncrypt = signedOp(reEncryptSchema, (req) => {
  const { input, state, caller, env } = req;
  const header = decodeCiphertext(input.CiphertextBlob);
  if (!header) return failWith(invalidCiphertext);
  const destination = resolveKey(state, caller.account, input.DestinationKeyId);
  if (!destination.ok) return failWith(destination.error);
  const dest = destination.key;
  const sameKey = String(dest.arn === header.keyArn);
  const sourceAlgorithm = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const opened = decryptPart({
    req, header, keyRef: input.SourceKeyId, ec: input.SourceEncryptionContext, algorithm: sourceAlgorithm, action: 'kms:ReEncryptFrom',
    grantTokens: input.GrantTokens, extraContext: { 'kms:ReEncryptOnSameKey': sameKey },
  });
  if (!opened.ok) return failWith(opened.error);
  const destAlgorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const destEc = input.DestinationEncryptionContext;
  const denied = guardKey({
    state, caller, env, key: dest, action: 'kms:ReEncryptTo', operation: 'ReEncrypt', encryptionContext: destEc,
    grantOperation: 'ReEncryptTo', grantTokens: input.GrantTokens ?? [],
    extraContext: { 'kms:EncryptionAlgorithm': destAlgorithm, 'kms:ReEncryptOnSameKey': sameKey },
  });
  if (denied) return failWith(denied);
  const invalid = firstError(
    () => usageError(dest, 'ReEncrypt', 'ENCRYPT_DECRYPT'),
    () => algorithmError(dest, destAlgorithm),
    () => contextError(dest, destEc),
    () => plaintextSizeError(dest, destAlgorithm, opened.plaintext),
  );
  if (invalid) return failWith(invalid);
  const sealed = sealUnder(state, dest, destAlgorithm, destEc, opened.plaintext);
  return success(sealed.state, {
    CiphertextBlob: sealed.value,
    SourceKeyId: opened.key.arn,
    KeyId: dest.arn,
    SourceEncryptionAlgorithm: sourceAlgorithm,
    DestinationEncryptionAlgorithm: destAlgorithm,
  });
});

const dataKeySchema = z.strictObject({
  KeyId: keyIdSchema,
  EncryptionContext: encryptionContextSchema,
  NumberOfBytes: z.number().int().min(1).max(1024).optional(),
  KeySpec: z.enum(['AES_256', 'AES_128']).optional(),
  GrantTokens: grantTokensSchema,
});
type DataKeyInput = z.infer<typeof dataKeySchema>;

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html — "To specify the length of the data
 * key, use either the KeySpec or NumberOfBytes parameters (but not both). For 128-bit and 256-bit data keys, use the
 * KeySpec parameter." "You must specify either the KeySpec or the NumberOfBytes parameter (but not both) in every
 * GenerateDataKey request."
 */
function dataKeyBytes(input: DataKeyInput): number | AwsError {
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) {
    return { code: 'ValidationException', message: 'Please specify either number of bytes or key spec.' };
  }
  return input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
}

function generateDataKey(operation: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext') {
  return signedOp(dataKeySchema, ({ state, caller, input, env }) => {
    const bytes = dataKeyBytes(input);
    if (typeof bytes !== 'number') return failWith(bytes);
    const access = accessKey({
      state, caller, env, keyRef: input.KeyId, allowAlias: true, action: `kms:${operation}`, operation,
      encryptionContext: input.EncryptionContext, grantOperation: operation, grantTokens: input.GrantTokens,
    });
    if (!access.ok) return failWith(access.error);
    const key = access.key;
    const invalid = firstError(() => usageError(key, operation, 'ENCRYPT_DECRYPT'), () => symmetricOnly(key, operation));
    if (invalid) return failWith(invalid);
    const drawn = drawDataKey(state, key, input.EncryptionContext, bytes);
    const plaintext = operation === 'GenerateDataKey' ? drawn.value.plaintext : undefined;
    return success(drawn.state, { CiphertextBlob: drawn.value.ciphertext, Plaintext: plaintext, KeyId: key.arn });
  });
}

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html — the data key in plaintext and encrypted. */
export const GenerateDataKey = generateDataKey('GenerateDataKey');
/** https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html — "identical to GenerateDataKey except that it does not return a plaintext copy". */
export const GenerateDataKeyWithoutPlaintext = generateDataKey('GenerateDataKeyWithoutPlaintext');

const randomSchema = z.strictObject({ NumberOfBytes: z.number().int().min(1).max(1024) });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html — a random byte string (keyward: base64
 * text of bytes drawn from the state); kms:GenerateRandom is an IAM-only permission with no key.
 */
export const GenerateRandom = signedOp(randomSchema, ({ state, caller, input, env }) => {
  const denied = authorizeIamOnly({ state, caller, env, action: 'kms:GenerateRandom' });
  if (denied) return failWith(denied);
  const drawn = drawHexId(state, input.NumberOfBytes * 2);
  return success(drawn.state, { Plaintext: Buffer.from(drawn.value, 'hex').toString('base64') });
});

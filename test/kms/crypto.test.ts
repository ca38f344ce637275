// Cryptographic operations: Encrypt/Decrypt (encryption context exactness, tampering, key usage), ReEncrypt, data keys,
// random bytes, and the asymmetric operations.
import { describe, expect, it } from 'vitest';
import { A, KmsWorld, ROOT_A, accountStatement, allow, policy } from './kms-world.ts';

/** Change one character inside the base64 payload of a ciphertext. */
function tamper(ct: string): string {
  const i = Math.floor(ct.length / 2);
  return ct.slice(0, i) + (ct[i] === 'A' ? 'B' : 'A') + ct.slice(i + 1);
}

describe('Encrypt and Decrypt', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html, API_Decrypt.html — outputs.
  it('round-trips a plaintext; outputs KeyId as the key ARN and the algorithm', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/k', TargetKeyId: k.id });
    const out = w.ok(ROOT_A, 'kms:Encrypt', { KeyId: 'alias/k', Plaintext: 'héllo wörld' });
    expect(out).toMatchObject({ KeyId: k.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(out['CiphertextBlob']).not.toContain('héllo');
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: out['CiphertextBlob'] })).toEqual({ KeyId: k.arn, Plaintext: 'héllo wörld', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  });

  it('gives a different ciphertext for the same plaintext each time', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.encrypt(k, 'same')).not.toBe(w.encrypt(k, 'same'));
  });

  // API_Encrypt: "up to 4,096 bytes".
  it('accepts 4096 bytes of plaintext and refuses 4097', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'x'.repeat(4096) });
    expect(w.fail(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'é'.repeat(2049) }).code).toBe('ValidationException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html — exact, case-sensitive match; order free.
  it.each([
    [undefined, 'InvalidCiphertextException'],
    [{ dept: 'IT' }, 'InvalidCiphertextException'],
    [{ Dept: 'it' }, 'InvalidCiphertextException'],
    [{ Dept: 'IT' }, 'InvalidCiphertextException'],
    [{ Dept: 'IT', Team: 'Payroll', Extra: 'x' }, 'InvalidCiphertextException'],
    [{ Team: 'Payroll', Dept: 'IT' }, 'ok'],
  ])('Decrypt with encryption context %o: %s', (ec, expected) => {
    const w = new KmsWorld();
    const k = w.key();
    const ct = w.encrypt(k, 'payroll', { Dept: 'IT', Team: 'Payroll' });
    const r = w.call(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, EncryptionContext: ec });
    expect(r.ok ? 'ok' : r.error).toEqual(expected === 'ok' ? 'ok' : { code: expected, message: '' });
  });

  // API_Decrypt: InvalidCiphertextException for a ciphertext that was altered or not produced by KMS.
  it('refuses an altered or foreign ciphertext with InvalidCiphertextException', () => {
    const w = new KmsWorld();
    const k = w.key();
    const ct = w.encrypt(k, 'integrity');
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: tamper(ct) }).code).toBe('InvalidCiphertextException');
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: 'AQICAHhnotaciphertext' }).code).toBe('InvalidCiphertextException');
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: `kw1.${Buffer.from('{"x":1}').toString('base64')}` }).code).toBe('InvalidCiphertextException');
  });

  it('notices a ciphertext re-labelled with another key or material version', () => {
    const w = new KmsWorld();
    const k = w.key();
    const other = w.key();
    const ct = w.encrypt(k, 'bound');
    const header = JSON.parse(Buffer.from(ct.slice(4), 'base64').toString('utf8')) as Record<string, unknown>;
    const relabel = (h: object) => `kw1.${Buffer.from(JSON.stringify({ ...header, ...h })).toString('base64')}`;
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: relabel({ keyArn: other.arn }) }).code).toBe('InvalidCiphertextException');
    w.ok(ROOT_A, 'kms:RotateKeyOnDemand', { KeyId: k.id });
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: relabel({ version: 2 }) }).code).toBe('InvalidCiphertextException');
  });

  // API_Decrypt — IncorrectKeyException: "The key ID in the request does not identify a CMK that can perform this operation."
  it('answers IncorrectKeyException when KeyId names another key, and accepts the right key in any form', () => {
    const w = new KmsWorld();
    const k = w.key();
    const other = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/k', TargetKeyId: k.id });
    const ct = w.encrypt(k, 'x');
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, KeyId: other.arn })).toEqual({
      code: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.',
    });
    for (const ref of [k.id, k.arn, 'alias/k']) w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, KeyId: ref });
  });

  // spec §1.4 validated message: "<arn> key usage is SIGN_VERIFY which is not valid for Encrypt."
  it('refuses a SIGN_VERIFY key with InvalidKeyUsageException', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    expect(w.fail(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'x' })).toEqual({
      code: 'InvalidKeyUsageException', message: `${k.arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    });
  });

  // API_Encrypt — RSA keys need EncryptionAlgorithm; the plaintext limit depends on key spec and algorithm.
  it('encrypts with an RSA key and an RSAES algorithm; Decrypt needs the KeyId and the same algorithm', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    expect(w.fail(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'x' }).code).toBe('InvalidKeyUsageException');
    expect(w.fail(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'x'.repeat(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'x', EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: { a: 'b' } }).code).toBe('ValidationException');
    const ct = w.ok(ROOT_A, 'kms:Encrypt', { KeyId: k.id, Plaintext: 'rsa', EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })['CiphertextBlob'];
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }).code).toBe('InvalidCiphertextException');
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, KeyId: k.id, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }).code).toBe('InvalidCiphertextException');
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: ct, KeyId: k.id, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).toMatchObject({ Plaintext: 'rsa', EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
  it('puts kms:EncryptionContext:<k> (key name case-insensitive) and kms:EncryptionContextKeys in the request context', () => {
    const w = new KmsWorld();
    const k = w.key();
    const u = w.user(A, 'u', policy(allow('kms:Encrypt', k.arn, { Condition: { StringEquals: { 'kms:EncryptionContext:Purpose': 'test' } } })));
    const v = w.user(A, 'v', policy(allow('kms:Encrypt', k.arn, { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Purpose'] } } })));
    w.ok(u, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x', EncryptionContext: { purpose: 'test' } });
    expect(w.fail(u, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x', EncryptionContext: { Purpose: 'Test' } }).code).toBe('AccessDeniedException');
    expect(w.fail(u, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x' }).code).toBe('AccessDeniedException');
    w.ok(v, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x' });
    w.ok(v, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x', EncryptionContext: { Purpose: 'a' } });
    expect(w.fail(v, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x', EncryptionContext: { Purpose: 'a', Other: 'b' } }).code).toBe('AccessDeniedException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-request-alias
  it('puts kms:RequestAlias in the context when the request names the key by alias', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/finance', TargetKeyId: k.id });
    const u = w.user(A, 'u', policy(allow('kms:Encrypt', '*', { Condition: { StringEquals: { 'kms:RequestAlias': 'alias/finance' } } })));
    w.ok(u, 'kms:Encrypt', { KeyId: 'alias/finance', Plaintext: 'x' });
    expect(w.fail(u, 'kms:Encrypt', { KeyId: k.arn, Plaintext: 'x' }).code).toBe('AccessDeniedException');
  });
});

describe('ReEncrypt', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html — kms:ReEncryptFrom on the source, kms:ReEncryptTo on the destination.
  it('moves a ciphertext to another key and context; needs ReEncryptFrom on the source and ReEncryptTo on the destination', () => {
    const w = new KmsWorld();
    const src = w.key();
    const dst = w.key();
    const ct = w.encrypt(src, 'moved', { a: '1' });
    const fromOnly = w.user(A, 'fromOnly', policy(allow('kms:ReEncryptFrom', src.arn)));
    const toOnly = w.user(A, 'toOnly', policy(allow('kms:ReEncryptTo', dst.arn)));
    const both = w.user(A, 'both', policy(allow('kms:ReEncryptFrom', src.arn), allow('kms:ReEncryptTo', dst.arn)));
    const input = { CiphertextBlob: ct, SourceEncryptionContext: { a: '1' }, DestinationKeyId: dst.arn, DestinationEncryptionContext: { b: '2' } };
    expect(w.fail(fromOnly, 'kms:ReEncrypt', input).message).toContain('kms:ReEncryptTo');
    expect(w.fail(toOnly, 'kms:ReEncrypt', input).message).toContain('kms:ReEncryptFrom');
    const out = w.ok(both, 'kms:ReEncrypt', input);
    expect(out).toMatchObject({ SourceKeyId: src.arn, KeyId: dst.arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: out['CiphertextBlob'], EncryptionContext: { b: '2' } })).toMatchObject({ KeyId: dst.arn, Plaintext: 'moved' });
    expect(w.fail(both, 'kms:ReEncrypt', { ...input, SourceEncryptionContext: undefined }).code).toBe('InvalidCiphertextException');
    expect(w.fail(both, 'kms:ReEncrypt', { ...input, SourceKeyId: dst.arn }).code).toBe('IncorrectKeyException');
  });

  // conditions-kms.html#conditions-kms-reencrypt-on-same-key
  it('sets kms:ReEncryptOnSameKey', () => {
    const w = new KmsWorld();
    const k = w.key();
    const other = w.key();
    const u = w.user(A, 'u', policy(allow(['kms:ReEncrypt*'], '*', { Condition: { Bool: { 'kms:ReEncryptOnSameKey': 'true' } } })));
    const ct = w.encrypt(k, 'x');
    w.ok(u, 'kms:ReEncrypt', { CiphertextBlob: ct, DestinationKeyId: k.arn });
    expect(w.fail(u, 'kms:ReEncrypt', { CiphertextBlob: ct, DestinationKeyId: other.arn }).code).toBe('AccessDeniedException');
  });
});

describe('data keys and random bytes', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html — KeySpec or NumberOfBytes, not both.
  it.each([
    [{ KeySpec: 'AES_256' }, 32],
    [{ KeySpec: 'AES_128' }, 16],
    [{ NumberOfBytes: 7 }, 7],
  ])('GenerateDataKey %o gives a %i-byte key whose ciphertext decrypts to it', (spec, bytes) => {
    const w = new KmsWorld();
    const k = w.key();
    const out = w.ok(ROOT_A, 'kms:GenerateDataKey', { KeyId: k.id, EncryptionContext: { x: 'y' }, ...spec });
    expect(Buffer.from(out['Plaintext'] as string, 'base64').length).toBe(bytes);
    expect(out['KeyId']).toBe(k.arn);
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: out['CiphertextBlob'], EncryptionContext: { x: 'y' } })['Plaintext']).toBe(out['Plaintext']);
  });

  it('GenerateDataKey refuses neither or both of KeySpec and NumberOfBytes, and an asymmetric key', () => {
    const w = new KmsWorld();
    const k = w.key();
    const rsa = w.key(ROOT_A, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    expect(w.fail(ROOT_A, 'kms:GenerateDataKey', { KeyId: k.id }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:GenerateDataKey', { KeyId: k.id, KeySpec: 'AES_256', NumberOfBytes: 32 }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:GenerateDataKey', { KeyId: rsa.id, KeySpec: 'AES_256' }).code).toBe('InvalidKeyUsageException');
  });

  // API_GenerateDataKeyWithoutPlaintext — the same without the plaintext; its own IAM action.
  it('GenerateDataKeyWithoutPlaintext returns no Plaintext and needs kms:GenerateDataKeyWithoutPlaintext', () => {
    const w = new KmsWorld();
    const k = w.key();
    const out = w.ok(ROOT_A, 'kms:GenerateDataKeyWithoutPlaintext', { KeyId: k.id, KeySpec: 'AES_256' });
    expect(out['Plaintext']).toBeUndefined();
    expect(typeof out['CiphertextBlob']).toBe('string');
    const u = w.user(A, 'u', policy(allow('kms:GenerateDataKey', k.arn)));
    w.ok(u, 'kms:GenerateDataKey', { KeyId: k.arn, KeySpec: 'AES_256' });
    expect(w.fail(u, 'kms:GenerateDataKeyWithoutPlaintext', { KeyId: k.arn, KeySpec: 'AES_256' }).code).toBe('AccessDeniedException');
  });

  // API_GenerateDataKeyPair — the private key encrypted under a symmetric key.
  it('GenerateDataKeyPair returns a key pair whose private key decrypts; WithoutPlaintext omits it', () => {
    const w = new KmsWorld();
    const k = w.key();
    const out = w.ok(ROOT_A, 'kms:GenerateDataKeyPair', { KeyId: k.id, KeyPairSpec: 'RSA_2048' });
    expect(out).toMatchObject({ KeyId: k.arn, KeyPairSpec: 'RSA_2048' });
    expect(w.ok(ROOT_A, 'kms:Decrypt', { CiphertextBlob: out['PrivateKeyCiphertextBlob'] })['Plaintext']).toBe(out['PrivateKeyPlaintext']);
    expect(w.ok(ROOT_A, 'kms:GenerateDataKeyPairWithoutPlaintext', { KeyId: k.id, KeyPairSpec: 'ECC_NIST_P256' })['PrivateKeyPlaintext']).toBeUndefined();
  });

  // API_GenerateRandom — IAM-only kms:GenerateRandom, 1..1024 bytes.
  it('GenerateRandom returns the requested number of bytes and is authorized by IAM policies', () => {
    const w = new KmsWorld();
    const out = w.ok(ROOT_A, 'kms:GenerateRandom', { NumberOfBytes: 12 });
    expect(Buffer.from(out['Plaintext'] as string, 'base64').length).toBe(12);
    expect(w.ok(ROOT_A, 'kms:GenerateRandom', { NumberOfBytes: 12 })['Plaintext']).not.toBe(out['Plaintext']);
    expect(w.fail(ROOT_A, 'kms:GenerateRandom', { NumberOfBytes: 1025 }).code).toBe('ValidationException');
    expect(w.fail(w.user(A, 'u'), 'kms:GenerateRandom', { NumberOfBytes: 1 }).code).toBe('AccessDeniedException');
    w.ok(w.user(A, 'r', policy(allow('kms:GenerateRandom'))), 'kms:GenerateRandom', { NumberOfBytes: 1 });
  });
});

describe('asymmetric keys', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html, API_Verify.html
  it('Sign and Verify: the signature binds key, algorithm and message', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const other = w.key(ROOT_A, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const sig = w.ok(ROOT_A, 'kms:Sign', { KeyId: k.id, Message: 'msg', SigningAlgorithm: 'ECDSA_SHA_256' })['Signature'];
    expect(w.ok(ROOT_A, 'kms:Verify', { KeyId: k.id, Message: 'msg', SigningAlgorithm: 'ECDSA_SHA_256', Signature: sig })).toEqual({
      KeyId: k.arn, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(w.fail(ROOT_A, 'kms:Verify', { KeyId: k.id, Message: 'msg!', SigningAlgorithm: 'ECDSA_SHA_256', Signature: sig }).code).toBe('KMSInvalidSignatureException');
    expect(w.fail(ROOT_A, 'kms:Verify', { KeyId: other.id, Message: 'msg', SigningAlgorithm: 'ECDSA_SHA_256', Signature: sig }).code).toBe('KMSInvalidSignatureException');
    expect(w.fail(ROOT_A, 'kms:Sign', { KeyId: k.id, Message: 'msg', SigningAlgorithm: 'ECDSA_SHA_384' }).code).toBe('InvalidKeyUsageException');
  });

  it('Sign refuses a symmetric key (InvalidKeyUsageException)', () => {
    const w = new KmsWorld();
    const k = w.key();
    expect(w.fail(ROOT_A, 'kms:Sign', { KeyId: k.id, Message: 'm', SigningAlgorithm: 'ECDSA_SHA_256' })).toEqual({
      code: 'InvalidKeyUsageException', message: `${k.arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`,
    });
  });

  // API_GetPublicKey — public key with KeySpec, KeyUsage and algorithms; none for symmetric keys.
  it('GetPublicKey returns the same public key each time; a symmetric key has none', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' });
    const out = w.ok(ROOT_A, 'kms:GetPublicKey', { KeyId: k.id });
    expect(out).toMatchObject({ KeyId: k.arn, KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    expect(w.ok(ROOT_A, 'kms:GetPublicKey', { KeyId: k.id })['PublicKey']).toBe(out['PublicKey']);
    expect(w.fail(ROOT_A, 'kms:GetPublicKey', { KeyId: w.key().id }).code).toBe('UnsupportedOperationException');
  });

  // conditions-kms.html#conditions-kms-signing-algorithm
  it('exposes kms:SigningAlgorithm to policies', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Policy: policy(accountStatement(A), {
      Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Sign', Resource: '*', Condition: { StringLike: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1*' } },
    }) });
    w.ok(ROOT_A, 'kms:Sign', { KeyId: k.id, Message: 'm', SigningAlgorithm: 'RSASSA_PSS_SHA_256' });
    expect(w.fail(ROOT_A, 'kms:Sign', { KeyId: k.id, Message: 'm', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }).code).toBe('AccessDeniedException');
  });
});

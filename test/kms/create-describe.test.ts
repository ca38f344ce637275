// CreateKey, DescribeKey, ListKeys and UpdateKeyDescription: input validation, KeyMetadata, and how a KeyId is resolved.
import { describe, expect, it } from 'vitest';
import { A, KmsWorld, ROOT_A, ROOT_B, allow, policy } from './kms-world.ts';

describe('CreateKey', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html — defaults: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, AWS_KMS.
  it('returns the KeyMetadata of a symmetric customer managed key by default', () => {
    const w = new KmsWorld();
    const md = w.ok(ROOT_A, 'kms:CreateKey', { Description: 'd' })['KeyMetadata'] as Record<string, unknown>;
    expect(md).toMatchObject({
      AWSAccountId: A, Enabled: true, Description: 'd', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false, CreationDate: '2026-01-01T00:00:00.000Z',
    });
    expect(md['KeyId']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(md['Arn']).toBe(`arn:aws:kms:us-east-1:${A}:key/${String(md['KeyId'])}`);
    expect(md['DeletionDate']).toBeUndefined();
    expect(md['SigningAlgorithms']).toBeUndefined();
  });

  it('draws deterministic key ids: the same calls give the same ids', () => {
    const ids = () => {
      const w = new KmsWorld();
      return [w.key().id, w.key().id];
    };
    expect(ids()).toEqual(ids());
    expect(new Set(ids()).size).toBe(2);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html — algorithms per key spec.
  it.each([
    [{ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }],
    [{ KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: expect.arrayContaining(['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_512']) }],
    [{ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: ['ECDSA_SHA_384'] }],
    [{ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }, { MacAlgorithms: ['HMAC_SHA_256'] }],
    [{ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' }, { KeyAgreementAlgorithms: ['ECDH'] }],
    [{ CustomerMasterKeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' }, { KeySpec: 'RSA_3072', CustomerMasterKeySpec: 'RSA_3072' }],
  ])('key spec %o has %o', (input, expected) => {
    const w = new KmsWorld();
    expect(w.ok(ROOT_A, 'kms:CreateKey', input)['KeyMetadata']).toMatchObject(expected);
  });

  // API_CreateKey: "KeyUsage ... is optional when you are creating a symmetric encryption KMS key; otherwise, it is required."
  it.each([
    [{ KeySpec: 'RSA_2048' }, 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'],
    [{ KeyUsage: 'SIGN_VERIFY' }, 'KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT'],
    [{ KeySpec: 'HMAC_224', KeyUsage: 'ENCRYPT_DECRYPT' }, 'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_224'],
    [{ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'KEY_AGREEMENT' }, 'KeyUsage KEY_AGREEMENT is not compatible with KeySpec ECC_SECG_P256K1'],
    [{ KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }, expect.stringContaining('CustomerMasterKeySpec is deprecated')],
  ])('refuses %o with ValidationException', (input, message) => {
    const w = new KmsWorld();
    expect(w.fail(ROOT_A, 'kms:CreateKey', input)).toEqual({ code: 'ValidationException', message });
  });

  it('refuses unknown request fields and enum values as validation errors, and custom key stores as unmodelled', () => {
    const w = new KmsWorld();
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Descripton: 'typo' }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:CreateKey', { KeySpec: 'AES_256' }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Origin: 'AWS_CLOUDHSM' }).code).toBe('UnsupportedCall');
    expect(w.fail(ROOT_A, 'kms:CreateKey', { MultiRegion: true }).code).toBe('UnsupportedCall');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — Origin EXTERNAL keys start PendingImport.
  it('creates an EXTERNAL-origin key PendingImport and disabled', () => {
    const w = new KmsWorld();
    expect(w.ok(ROOT_A, 'kms:CreateKey', { Origin: 'EXTERNAL' })['KeyMetadata']).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL' });
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html — kms:CreateKey is IAM-only.
  it('is authorized by IAM policies only: a user needs kms:CreateKey, and kms:TagResource to pass Tags', () => {
    const w = new KmsWorld();
    const none = w.user(A, 'none');
    const creator = w.user(A, 'creator', policy(allow('kms:CreateKey')));
    const tagger = w.user(A, 'tagger', policy(allow(['kms:CreateKey', 'kms:TagResource'])));
    expect(w.fail(none, 'kms:CreateKey').code).toBe('AccessDeniedException');
    w.ok(creator, 'kms:CreateKey');
    expect(w.fail(creator, 'kms:CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'x' }] }).code).toBe('AccessDeniedException');
    w.ok(tagger, 'kms:CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'x' }] });
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-key-spec — kms:KeySpec on CreateKey.
  it('puts kms:KeySpec in the CreateKey request context', () => {
    const w = new KmsWorld();
    const symmetricOnly = w.user(A, 'sym', policy(allow('kms:CreateKey', '*', { Condition: { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } } })));
    w.ok(symmetricOnly, 'kms:CreateKey');
    expect(w.fail(symmetricOnly, 'kms:CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }).code).toBe('AccessDeniedException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html — reserved aws: prefix, unique keys.
  it('refuses tags with the aws: prefix or duplicate keys (TagException)', () => {
    const w = new KmsWorld();
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Tags: [{ TagKey: 'aws:x', TagValue: '' }] }).code).toBe('TagException');
    expect(w.fail(ROOT_A, 'kms:CreateKey', { Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }] }).code).toBe('TagException');
  });
});

describe('DescribeKey resolves key ids, key ARNs, alias names and alias ARNs', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html — KeyId forms; NotFoundException messages (spec §1.4).
  it('finds a key by id, ARN, alias name and alias ARN', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k.id });
    for (const ref of [k.id, k.arn, 'alias/app', `arn:aws:kms:us-east-1:${A}:alias/app`]) {
      expect((w.ok(ROOT_A, 'kms:DescribeKey', { KeyId: ref })['KeyMetadata'] as { KeyId: string }).KeyId).toBe(k.id);
    }
  });

  it('answers NotFoundException with the validated messages', () => {
    const w = new KmsWorld();
    const k = w.key();
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: missing })).toEqual({ code: 'NotFoundException', message: `Key 'arn:aws:kms:us-east-1:${A}:key/${missing}' does not exist` });
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: 'not-a-key' })).toEqual({ code: 'NotFoundException', message: "Invalid keyId 'not-a-key'" });
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: k.arn.replace('us-east-1', 'eu-west-1') })).toEqual({ code: 'NotFoundException', message: 'Invalid arn eu-west-1' });
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: 'alias/nope' })).toEqual({ code: 'NotFoundException', message: `Alias arn:aws:kms:us-east-1:${A}:alias/nope is not found.` });
  });

  // API_DescribeKey: "To specify a KMS key in a different AWS account, you must use the key ARN or alias ARN."
  it('resolves a bare key id in the caller account only', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A);
    expect(w.fail(ROOT_B, 'kms:DescribeKey', { KeyId: k.id }).code).toBe('NotFoundException');
    expect(w.fail(ROOT_B, 'kms:DescribeKey', { KeyId: k.arn }).code).toBe('AccessDeniedException');
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html — the caller's account and Region only.
  it('ListKeys lists the keys of the caller account, with KeyId and KeyArn, and pages with Limit and Marker', () => {
    const w = new KmsWorld();
    const keys = [w.key(), w.key(), w.key()];
    w.key(ROOT_B);
    const all = w.ok(ROOT_A, 'kms:ListKeys');
    expect(all).toEqual({ Keys: keys.map((k) => ({ KeyId: k.id, KeyArn: k.arn })), Truncated: false, NextMarker: undefined });
    const first = w.ok(ROOT_A, 'kms:ListKeys', { Limit: 2 });
    expect(first['Truncated']).toBe(true);
    const rest = w.ok(ROOT_A, 'kms:ListKeys', { Limit: 2, Marker: first['NextMarker'] });
    expect(rest['Keys']).toEqual([{ KeyId: keys[2]!.id, KeyArn: keys[2]!.arn }]);
    expect(w.fail(ROOT_A, 'kms:ListKeys', { Marker: 'garbage' }).code).toBe('InvalidMarkerException');
    expect(w.fail(w.user(A, 'nobody'), 'kms:ListKeys').code).toBe('AccessDeniedException');
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html
  it('UpdateKeyDescription replaces the description', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { Description: 'old' });
    w.ok(ROOT_A, 'kms:UpdateKeyDescription', { KeyId: k.id, Description: 'new' });
    expect(w.metadata(k)['Description']).toBe('new');
  });
});

describe('tags', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html, API_UntagResource.html, API_ListResourceTags.html
  it('TagResource adds or overwrites, UntagResource removes, ListResourceTags lists', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    w.ok(ROOT_A, 'kms:TagResource', { KeyId: k.id, Tags: [{ TagKey: 'team', TagValue: 'b' }, { TagKey: 'env', TagValue: 'prod' }] });
    expect(w.ok(ROOT_A, 'kms:ListResourceTags', { KeyId: k.arn })['Tags']).toEqual([{ TagKey: 'team', TagValue: 'b' }, { TagKey: 'env', TagValue: 'prod' }]);
    w.ok(ROOT_A, 'kms:UntagResource', { KeyId: k.arn, TagKeys: ['team', 'absent'] });
    expect(w.ok(ROOT_A, 'kms:ListResourceTags', { KeyId: k.arn })['Tags']).toEqual([{ TagKey: 'env', TagValue: 'prod' }]);
    expect(w.fail(ROOT_A, 'kms:TagResource', { KeyId: k.arn, Tags: [{ TagKey: 'AWS:x', TagValue: '' }] }).code).toBe('TagException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html — "up to 50 tags".
  it('refuses a 51st tag', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, { Tags: Array.from({ length: 50 }, (_, i) => ({ TagKey: `t${i}`, TagValue: '' })) });
    expect(w.fail(ROOT_A, 'kms:TagResource', { KeyId: k.arn, Tags: [{ TagKey: 'one-more', TagValue: '' }] }).code).toBe('TagException');
    w.ok(ROOT_A, 'kms:TagResource', { KeyId: k.arn, Tags: [{ TagKey: 't0', TagValue: 'overwrite' }] });
  });

  it('is not cross-account', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A);
    expect(w.fail(ROOT_B, 'kms:TagResource', { KeyId: k.arn, Tags: [{ TagKey: 'x', TagValue: 'y' }] }).code).toBe('AccessDeniedException');
  });
});

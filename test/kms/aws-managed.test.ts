// AWS managed keys (aws/s3) and KMS called by a service on a principal's behalf (kms:ViaService).
import { describe, expect, it } from 'vitest';
import { resolveCaller } from '../../model/index.ts';
import type { State } from '../../model/index.ts';
import type { SignedCaller } from '../../model/authz/caller.ts';
import { awsManagedKey, decryptOnBehalf, generateDataKeyOnBehalf } from '../../model/kms/for-services.ts';
import { A, B, KmsWorld, ROOT_A, ROOT_B, accountStatement, allow, policy } from './kms-world.ts';

const S3 = 's3.us-east-1.amazonaws.com';
const EC = { 'aws:s3:arn': 'arn:aws:s3:::bucket/object' };

function callerOf(state: State, arn: string): SignedCaller {
  const c = resolveCaller(state, arn);
  if (typeof c === 'string' || c.kind === 'anonymous') throw new Error(`no caller ${arn}`);
  return c;
}

function managedKey(w: KmsWorld, account = A): string {
  const r = awsManagedKey(w.state, account, 's3');
  if (!r.ok) throw new Error(r.error.message);
  w.state = r.state;
  return r.value.keyArn;
}

describe('the AWS managed key aws/s3', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key — created on first use, in the account.
  it('is created on first use with alias aws/s3, KeyManager AWS, and reused afterwards', () => {
    const w = new KmsWorld();
    const arn = managedKey(w);
    const seq = w.state.seq;
    expect(managedKey(w)).toBe(arn);
    expect(w.state.seq).toBe(seq);
    expect(w.ok(ROOT_A, 'kms:DescribeKey', { KeyId: 'alias/aws/s3' })['KeyMetadata']).toMatchObject({ Arn: arn, KeyManager: 'AWS', KeyState: 'Enabled' });
    expect((w.ok(ROOT_A, 'kms:ListAliases')['Aliases'] as { AliasName: string }[]).map((a) => a.AliasName)).toEqual(['alias/aws/s3']);
    expect(managedKey(w, B)).not.toBe(arn);
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html — DescribeKey on a predefined AWS alias creates the key.
  it('DescribeKey on alias/aws/s3 creates it', () => {
    const w = new KmsWorld();
    const md = w.ok(ROOT_A, 'kms:DescribeKey', { KeyId: 'alias/aws/s3' })['KeyMetadata'] as Record<string, unknown>;
    expect(md).toMatchObject({ KeyManager: 'AWS', AWSAccountId: A, Description: 'Default key that protects my S3 objects when no other key is defined' });
    expect(w.fail(ROOT_A, 'kms:DescribeKey', { KeyId: 'alias/aws/unknown-service' }).code).toBe('NotFoundException');
    const inB = w.ok(ROOT_B, 'kms:DescribeKey', { KeyId: `arn:aws:kms:us-east-1:${B}:alias/aws/s3` })['KeyMetadata'] as Record<string, unknown>;
    expect(inB).toMatchObject({ KeyManager: 'AWS', AWSAccountId: B });
  });

  // spec §3.8 — the key policy: use through S3 by the account's principals; metadata only for the account.
  it('has the AWS managed key policy of spec §3.8', () => {
    const w = new KmsWorld();
    const arn = managedKey(w);
    const doc = JSON.parse(w.ok(ROOT_A, 'kms:GetKeyPolicy', { KeyId: arn })['Policy'] as string) as { Statement: object[] };
    expect(doc.Statement).toEqual([
      expect.objectContaining({
        Principal: { AWS: '*' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Condition: { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': S3 } },
      }),
      expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'] }),
    ]);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — AWS managed keys rotate every year.
  it('always rotates yearly: the status reads true and the material rotates after 365 days', () => {
    const w = new KmsWorld();
    const arn = managedKey(w);
    expect(w.ok(ROOT_A, 'kms:GetKeyRotationStatus', { KeyId: arn })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    w.advance({ days: 365 });
    const id = arn.split('/')[1]!;
    expect(w.state.kms.keys[id]!.materials.length).toBe(2);
  });

  // concepts.html#aws-managed-key — customers cannot change, disable, delete or directly use AWS managed keys.
  it.each([
    ['kms:DisableKey', {}],
    ['kms:ScheduleKeyDeletion', { PendingWindowInDays: 7 }],
    ['kms:PutKeyPolicy', { Policy: policy(accountStatement(A)) }],
    ['kms:EnableKeyRotation', {}],
    ['kms:DisableKeyRotation', {}],
    ['kms:TagResource', { Tags: [{ TagKey: 'a', TagValue: 'b' }] }],
    ['kms:Encrypt', { Plaintext: 'direct' }],
    ['kms:GenerateDataKey', { KeySpec: 'AES_256' }],
  ])('%s by the account root user is AccessDeniedException', (op, extra) => {
    const w = new KmsWorld();
    const arn = managedKey(w);
    expect(w.fail(ROOT_A, op, { KeyId: arn, ...extra }).code).toBe('AccessDeniedException');
  });

  it('cannot be the target of a customer alias', () => {
    const w = new KmsWorld();
    const arn = managedKey(w);
    expect(w.fail(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/mine', TargetKeyId: arn }).code).toBe('AccessDeniedException');
    expect(w.fail(ROOT_A, 'kms:DeleteAlias', { AliasName: 'alias/aws/s3' }).code).toBe('NotAuthorizedException');
  });
});

describe('KMS on behalf of S3 (kms:ViaService)', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service; spec §3.8, §8.3.
  it('lets any principal of the owning account use aws/s3 through S3, and nobody of another account', () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const gen = generateDataKeyOnBehalf({ state: w.state, caller: callerOf(w.state, alice), viaService: S3, encryptionContext: EC, env: {}, keyRef: 'alias/aws/s3' });
    if (!gen.ok) throw new Error(gen.error.message);
    expect(gen.value.keyArn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    const dec = decryptOnBehalf({ state: gen.state, caller: callerOf(gen.state, alice), viaService: S3, encryptionContext: EC, env: {}, ciphertext: gen.value.ciphertext });
    expect(dec.ok && dec.value).toEqual({ keyArn: gen.value.keyArn, plaintext: gen.value.plaintext });
    const outsider = decryptOnBehalf({ state: gen.state, caller: callerOf(gen.state, ROOT_B), viaService: S3, encryptionContext: EC, env: {}, ciphertext: gen.value.ciphertext });
    expect(!outsider.ok && outsider.error.code).toBe('AccessDeniedException');
    const wrongService = decryptOnBehalf({ state: gen.state, caller: callerOf(gen.state, alice), viaService: 'ebs.us-east-1.amazonaws.com', encryptionContext: EC, env: {}, ciphertext: gen.value.ciphertext });
    expect(!wrongService.ok && wrongService.error.code).toBe('AccessDeniedException');
  });

  it('checks the encryption context exactly', () => {
    const w = new KmsWorld();
    const gen = generateDataKeyOnBehalf({ state: w.state, caller: callerOf(w.state, ROOT_A), viaService: S3, encryptionContext: EC, env: {}, keyRef: 'alias/aws/s3' });
    if (!gen.ok) throw new Error(gen.error.message);
    const dec = decryptOnBehalf({ state: gen.state, caller: callerOf(gen.state, ROOT_A), viaService: S3, encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::bucket/other' }, env: {}, ciphertext: gen.value.ciphertext });
    expect(!dec.ok && dec.error.code).toBe('InvalidCiphertextException');
  });

  // spec §8.9 — key states surface through S3 as DisabledException / KMSInvalidStateException; a deleted key as NotFoundException.
  it('reports the key state of a customer managed key, and AccessDenied without permission', () => {
    const w = new KmsWorld();
    const k = w.key();
    const noPerm = w.user(A, 'noPerm');
    const user = w.user(A, 'user', policy(allow(['kms:GenerateDataKey', 'kms:Decrypt'], k.arn)));
    const gen = (as: string) => generateDataKeyOnBehalf({ state: w.state, caller: callerOf(w.state, as), viaService: S3, encryptionContext: EC, env: {}, keyRef: k.arn });
    const first = gen(user);
    if (!first.ok) throw new Error(first.error.message);
    w.state = first.state;
    const dec = () => decryptOnBehalf({ state: w.state, caller: callerOf(w.state, user), viaService: S3, encryptionContext: EC, env: {}, ciphertext: first.value.ciphertext });
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    expect(code(gen(noPerm))).toBe('AccessDeniedException');
    expect(code(dec())).toBe('ok');
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: k.id });
    expect(code(dec())).toBe('DisabledException');
    expect(code(gen(user))).toBe('DisabledException');
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    expect(code(dec())).toBe('KMSInvalidStateException');
    w.advance({ days: 7 });
    expect(code(dec())).toBe('NotFoundException');
    expect(code(gen(user))).toBe('NotFoundException');
  });

  it('puts kms:ViaService in the request context for customer managed keys too', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A, {
      Policy: policy(accountStatement(A), { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:ViaService': S3 } } }),
    });
    const gen = generateDataKeyOnBehalf({ state: w.state, caller: callerOf(w.state, ROOT_A), viaService: S3, encryptionContext: EC, env: {}, keyRef: k.id });
    if (!gen.ok) throw new Error(gen.error.message);
    w.state = gen.state;
    expect(w.fail(ROOT_A, 'kms:Decrypt', { CiphertextBlob: gen.value.ciphertext, EncryptionContext: EC }).code).toBe('AccessDeniedException');
    const dec = decryptOnBehalf({ state: w.state, caller: callerOf(w.state, ROOT_A), viaService: S3, encryptionContext: EC, env: {}, ciphertext: gen.value.ciphertext });
    expect(dec.ok).toBe(true);
  });
});

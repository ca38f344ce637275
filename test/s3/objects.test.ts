// S3 objects: PutObject/GetObject/HeadObject/DeleteObject, anonymous callers and SSE-KMS, KMS errors through S3, cross-account.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../model/index.ts';
import { A, ANON, B, ROOT_A, ROOT_B, S3World, allow, keyPolicy, policy } from './s3-world.ts';

const SIGV4 = 'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.';

/** A bucket of A with ACLs enabled and BPA off; `plain` is SSE-S3 and `secret` SSE-KMS under `key`, both public-read. */
function publicWorld(config: Partial<ModelConfig> = {}) {
  const w = new S3World(config);
  const key = w.key(ROOT_A);
  w.openBucket(ROOT_A, 'pub');
  w.ok(ROOT_A, 's3:PutObject', { Bucket: 'pub', Key: 'plain', Body: 'plain text', ACL: 'public-read' });
  w.ok(ROOT_A, 's3:PutObject', { Bucket: 'pub', Key: 'secret', Body: 'kms text', ACL: 'public-read', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
  return { w, key };
}

describe('PutObject / GetObject / HeadObject / DeleteObject', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, API_HeadObject.html — body, length, ETag (MD5 of
  // a single-part body), LastModified, encryption; HEAD has no body.
  it('stores an object and returns it with its metadata', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'obj' });
    const etag = `"${createHash('md5').update('héllo').digest('hex')}"`;
    expect(w.ok(ROOT_A, 's3:PutObject', { Bucket: 'obj', Key: 'k', Body: 'héllo' })).toEqual({ ETag: etag, ServerSideEncryption: 'AES256' });
    expect(w.ok(ROOT_A, 's3:GetObject', { Bucket: 'obj', Key: 'k' })).toEqual({
      Body: 'héllo', ContentLength: 6, ETag: etag, LastModified: '2026-01-01T00:00:00.000Z', ServerSideEncryption: 'AES256',
    });
    expect(w.ok(ROOT_A, 's3:HeadObject', { Bucket: 'obj', Key: 'k' })).not.toHaveProperty('Body');
    expect(w.ok(ROOT_A, 's3:DeleteObject', { Bucket: 'obj', Key: 'k' })).toEqual({});
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'obj', Key: 'k' })).toBe('NoSuchKey');
    expect(w.code(ROOT_A, 's3:DeleteObject', { Bucket: 'obj', Key: 'k' })).toBe('ok');
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'nobucket', Key: 'k' })).toBe('NoSuchBucket');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html — a missing key is 404 NoSuchKey with s3:ListBucket
  // on the bucket, 403 AccessDenied without it.
  it('answers NoSuchKey only to callers who may list the bucket', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'obj' });
    const getter = w.user(A, 'getter', policy(allow('s3:GetObject')));
    const lister = w.user(A, 'lister', policy(allow(['s3:GetObject', 's3:ListBucket'])));
    expect(w.code(getter, 's3:GetObject', { Bucket: 'obj', Key: 'missing' })).toBe('AccessDenied');
    expect(w.code(lister, 's3:GetObject', { Bucket: 'obj', Key: 'missing' })).toBe('NoSuchKey');
    expect(w.code(lister, 's3:HeadObject', { Bucket: 'obj', Key: 'missing' })).toBe('NoSuchKey');
  });

  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html — HeadObject is authorized as
  // s3:GetObject; DeleteObject as s3:DeleteObject.
  it('authorizes HeadObject as s3:GetObject and DeleteObject as s3:DeleteObject', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'obj' });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'obj', Key: 'k', Body: 'x' });
    const getter = w.user(A, 'getter', policy(allow('s3:GetObject', 'arn:aws:s3:::obj/*')));
    const e = w.fail(w.user(A, 'nobody'), 's3:HeadObject', { Bucket: 'obj', Key: 'k' });
    expect(e.message).toContain('s3:GetObject');
    expect(w.code(getter, 's3:HeadObject', { Bucket: 'obj', Key: 'k' })).toBe('ok');
    expect(w.code(getter, 's3:DeleteObject', { Bucket: 'obj', Key: 'k' })).toBe('AccessDenied');
    expect(w.code(getter, 's3:PutObject', { Bucket: 'obj', Key: 'k2', Body: 'x' })).toBe('AccessDenied');
  });
});

describe('anonymous callers and SSE-KMS', () => {
  // https://repost.aws/knowledge-center/s3-kms-signature-version-error — public ACL or not, an unsigned request for an
  // SSE-KMS object is 400 InvalidArgument; an SSE-S3 object with a public-read ACL is served.
  it('serves a public SSE-S3 object to anonymous callers but answers InvalidArgument for a public SSE-KMS one', () => {
    const { w } = publicWorld();
    expect(w.ok(ANON, 's3:GetObject', { Bucket: 'pub', Key: 'plain' })['Body']).toBe('plain text');
    expect(w.fail(ANON, 's3:GetObject', { Bucket: 'pub', Key: 'secret' })).toEqual({ code: 'InvalidArgument', message: SIGV4 });
    expect(w.code(ANON, 's3:HeadObject', { Bucket: 'pub', Key: 'secret' })).toBe('InvalidArgument');
  });

  // spec §8.7 / §12.14 — whether InvalidArgument comes before S3's own authorization is config.anonymousSseKmsCheck.
  it('orders the SigV4 check against S3 authorization as configured', () => {
    const before = publicWorld();
    before.w.ok(ROOT_A, 's3:PutObjectAcl', { Bucket: 'pub', Key: 'secret', ACL: 'private' });
    expect(before.w.code(ANON, 's3:GetObject', { Bucket: 'pub', Key: 'secret' })).toBe('InvalidArgument');
    const after = publicWorld({ anonymousSseKmsCheck: 'afterS3Authorization' });
    after.w.ok(ROOT_A, 's3:PutObjectAcl', { Bucket: 'pub', Key: 'secret', ACL: 'private' });
    expect(after.w.code(ANON, 's3:GetObject', { Bucket: 'pub', Key: 'secret' })).toBe('AccessDenied');
    after.w.ok(ROOT_A, 's3:PutObjectAcl', { Bucket: 'pub', Key: 'secret', ACL: 'public-read' });
    expect(after.w.code(ANON, 's3:GetObject', { Bucket: 'pub', Key: 'secret' })).toBe('InvalidArgument');
  });

  // https://repost.aws/knowledge-center/s3-kms-signature-version-error — "All GET and PUT requests for an object protected
  // by AWS KMS fail" unless SigV4-signed: an anonymous write that would use SSE-KMS (header or bucket default) too.
  it('refuses anonymous writes that would use SSE-KMS', () => {
    const { w, key } = publicWorld();
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'pub', ACL: 'public-read-write' });
    expect(w.code(ANON, 's3:PutObject', { Bucket: 'pub', Key: 'a1', Body: 'x' })).toBe('ok');
    expect(w.code(ANON, 's3:PutObject', { Bucket: 'pub', Key: 'a2', Body: 'x', ServerSideEncryption: 'aws:kms' })).toBe('InvalidArgument');
    w.kmsDefault(ROOT_A, 'pub', key);
    expect(w.fail(ANON, 's3:PutObject', { Bucket: 'pub', Key: 'a3', Body: 'x' })).toEqual({ code: 'InvalidArgument', message: SIGV4 });
    expect(w.code(ANON, 's3:PutObject', { Bucket: 'pub', Key: 'a4', Body: 'x', ServerSideEncryption: 'AES256' })).toBe('ok');
  });

  // spec §8.8 — Block Public Access never changes KMS semantics: a signed reader still needs both S3 and KMS.
  it('a public-read SSE-KMS object serves a signed caller only with KMS permission', () => {
    const { w, key } = publicWorld();
    const outsider = w.user(B, 'outsider', policy(allow(['s3:GetObject', 'kms:Decrypt'])));
    expect(w.ok(outsider, 's3:GetObject', { Bucket: 'pub', Key: 'plain' })['Body']).toBe('plain text');
    const e = w.fail(outsider, 's3:GetObject', { Bucket: 'pub', Key: 'secret' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('kms:Decrypt');
    expect(key).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
  });
});

describe('KMS errors through S3', () => {
  function kmsWorld(config: Partial<ModelConfig> = {}) {
    const w = new S3World(config);
    const key = w.key(ROOT_A);
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'kms' });
    w.kmsDefault(ROOT_A, 'kms', key);
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'kms', Key: 'k', Body: 'x' });
    return { w, key };
  }

  // spec §8.9 (validated against AWS): a disabled key is HTTP 400 KMS.DisabledException "<key ARN> is disabled." on GET and PUT.
  it('passes a disabled key on as KMS.DisabledException', () => {
    const { w, key } = kmsWorld();
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key });
    expect(w.fail(ROOT_A, 's3:GetObject', { Bucket: 'kms', Key: 'k' })).toEqual({ code: 'KMS.DisabledException', message: `${key} is disabled.` });
    expect(w.code(ROOT_A, 's3:PutObject', { Bucket: 'kms', Key: 'k2', Body: 'x' })).toBe('KMS.DisabledException');
  });

  // spec §8.9: a key pending deletion is KMS.KMSInvalidStateException "<key ARN> is pending deletion."
  it('passes a key pending deletion on as KMS.KMSInvalidStateException', () => {
    const { w, key } = kmsWorld();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key, PendingWindowInDays: 7 });
    expect(w.fail(ROOT_A, 's3:GetObject', { Bucket: 'kms', Key: 'k' })).toEqual({ code: 'KMS.KMSInvalidStateException', message: `${key} is pending deletion.` });
  });

  // spec §12.12 (UNVERIFIED): GET of an object whose key was deleted is config.s3GetDeletedKeyError.
  it('answers config.s3GetDeletedKeyError once the key is deleted', () => {
    for (const code of ['KMS.NotFoundException', 'AccessDenied']) {
      const { w, key } = kmsWorld({ s3GetDeletedKeyError: code });
      w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key, PendingWindowInDays: 7 });
      w.advanceDays(8);
      expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'kms', Key: 'k' })).toBe(code);
    }
  });

  // spec §8.9: a key id that names no key is KMS.NotFoundException.
  it('passes an unknown key id on as KMS.NotFoundException', () => {
    const { w } = kmsWorld();
    const missing = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000';
    expect(w.code(ROOT_A, 's3:PutObject', { Bucket: 'kms', Key: 'k3', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: missing })).toBe('KMS.NotFoundException');
  });

  // spec §8.3 (INFERRED): S3 authorizes before it calls KMS — no s3:GetObject means AccessDenied whatever the key's state.
  it('authorizes in S3 before calling KMS', () => {
    const { w, key } = kmsWorld();
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key });
    const e = w.fail(w.user(A, 'nobody'), 's3:GetObject', { Bucket: 'kms', Key: 'k' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('s3:GetObject');
  });

  // config.s3HeadObjectDecrypts (INFERRED): HEAD returns metadata without a KMS Decrypt unless configured otherwise.
  it('HeadObject needs kms:Decrypt only when config.s3HeadObjectDecrypts', () => {
    for (const decrypts of [false, true]) {
      const { w, key } = kmsWorld({ s3HeadObjectDecrypts: decrypts });
      const reader = w.user(A, 'reader', policy(allow('s3:GetObject')));
      expect(w.code(reader, 's3:HeadObject', { Bucket: 'kms', Key: 'k' })).toBe(decrypts ? 'AccessDenied' : 'ok');
      expect(w.code(reader, 's3:GetObject', { Bucket: 'kms', Key: 'k' })).toBe('AccessDenied');
      expect(key).toContain(':key/');
    }
  });
});

describe('cross-account reads of SSE-KMS objects', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html and
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html — another account's
  // reader needs the bucket policy, its own IAM policy (s3 and kms) and the key policy; any one missing is AccessDenied.
  it('needs bucket policy, IAM policy and key policy together', () => {
    const w = new S3World();
    const key = w.key(ROOT_A, keyPolicy(A, { Effect: 'Allow', Principal: { AWS: B }, Action: 'kms:Decrypt', Resource: '*' }));
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'xacct' });
    w.kmsDefault(ROOT_A, 'xacct', key);
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'xacct', Key: 'k', Body: 'shared' });
    const s3Only = w.user(B, 's3only', policy(allow('s3:GetObject')));
    const both = w.user(B, 'both', policy(allow('s3:GetObject'), allow('kms:Decrypt', key)));

    expect(w.code(both, 's3:GetObject', { Bucket: 'xacct', Key: 'k' })).toBe('AccessDenied');
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'xacct', Policy: policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::xacct/*' }) });
    const e = w.fail(s3Only, 's3:GetObject', { Bucket: 'xacct', Key: 'k' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('kms:Decrypt');
    expect(w.ok(both, 's3:GetObject', { Bucket: 'xacct', Key: 'k' })['Body']).toBe('shared');

    w.ok(ROOT_A, 'kms:PutKeyPolicy', { KeyId: key, Policy: keyPolicy(A) });
    expect(w.code(both, 's3:GetObject', { Bucket: 'xacct', Key: 'k' })).toBe('AccessDenied');
  });

  // spec §8.6 — aws/s3 only serves its own account ("The requester must be from the same account that owns the aws/s3
  // KMS key"): objects under it are never readable from another account.
  it('never serves an aws/s3 object to another account', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'managed' });
    w.kmsDefault(ROOT_A, 'managed', undefined);
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'managed', Key: 'k', Body: 'x' });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'managed', Policy: policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::managed/*' }) });
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'managed', Key: 'k' })).toBe('ok');
    expect(w.code(ROOT_B, 's3:GetObject', { Bucket: 'managed', Key: 'k' })).toBe('AccessDenied');
  });
});

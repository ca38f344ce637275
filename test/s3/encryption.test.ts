// S3 default encryption and SSE-KMS writes: bucket defaults, request headers, aws/s3, Bucket Keys, encryption context.
import { describe, expect, it } from 'vitest';
import { A, ROOT_A, S3World, allow, deny, keyPolicy, policy, rootOf, userOf } from './s3-world.ts';

const KMS_RULE = (keyId?: string, bucketKey = false) => ({
  Rules: [{ ApplyServerSideEncryptionByDefault: keyId === undefined ? { SSEAlgorithm: 'aws:kms' } : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId }, BucketKeyEnabled: bucketKey }],
});
const b64 = (o: object): string => Buffer.from(JSON.stringify(o), 'utf8').toString('base64');

/** Account A with a bucket, a user with s3:* and a key whose policy lets that user use it. */
function world(config = {}) {
  const w = new S3World(config);
  const writer = w.user(A, 'writer', policy(allow('s3:*')));
  const key = w.key(ROOT_A, keyPolicy(A, { Effect: 'Allow', Principal: { AWS: writer }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*' }));
  w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'enc' });
  return { w, writer, key };
}

describe('PutBucketEncryption / GetBucketEncryption / DeleteBucketEncryption', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html — Rules[].ApplyServerSideEncryptionByDefault
  // {SSEAlgorithm, KMSMasterKeyID} and BucketKeyEnabled, as put.
  it('stores and returns the configuration in AWS shape', () => {
    const { w, key } = world();
    expect(w.ok(ROOT_A, 's3:PutBucketEncryption', { Bucket: 'enc', ServerSideEncryptionConfiguration: KMS_RULE(key, true) })).toEqual({});
    expect(w.ok(ROOT_A, 's3:GetBucketEncryption', { Bucket: 'enc' })).toEqual({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }] },
    });
  });

  // spec §8.1 [LS test_s3_default_bucket_encryption_exc]: KMSMasterKeyID only with aws:kms / aws:kms:dsse.
  it('rejects a KMSMasterKeyID with AES256 as InvalidArgument', () => {
    const { w, key } = world();
    const e = w.fail(ROOT_A, 's3:PutBucketEncryption', {
      Bucket: 'enc',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: key } }] },
    });
    expect(e).toEqual({ code: 'InvalidArgument', message: 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse' });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html — "Amazon S3 doesn't validate the KMS key
  // ID provided in PutBucketEncryption requests"; the write then fails in KMS (spec §8.9: KMS.NotFoundException).
  it('does not validate the key id at put; the next SSE-KMS write fails with KMS.NotFoundException', () => {
    const { w, writer } = world();
    w.ok(ROOT_A, 's3:PutBucketEncryption', { Bucket: 'enc', ServerSideEncryptionConfiguration: KMS_RULE('alias/no-such-key') });
    expect(w.code(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x' })).toBe('KMS.NotFoundException');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketEncryption.html — resets to SSE-S3.
  it('DeleteBucketEncryption resets the default to SSE-S3', () => {
    const { w, key, writer } = world();
    w.kmsDefault(ROOT_A, 'enc', key);
    w.ok(ROOT_A, 's3:DeleteBucketEncryption', { Bucket: 'enc' });
    expect(w.ok(ROOT_A, 's3:GetBucketEncryption', { Bucket: 'enc' })['ServerSideEncryptionConfiguration']['Rules'][0]['ApplyServerSideEncryptionByDefault']).toEqual({ SSEAlgorithm: 'AES256' });
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x' })['ServerSideEncryption']).toBe('AES256');
  });

  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html — Put/DeleteBucketEncryption
  // are s3:PutEncryptionConfiguration, GetBucketEncryption s3:GetEncryptionConfiguration.
  it('needs s3:PutEncryptionConfiguration to put or delete and s3:GetEncryptionConfiguration to read', () => {
    const { w, key } = world();
    const reader = w.user(A, 'reader', policy(allow('s3:GetEncryptionConfiguration')));
    const putter = w.user(A, 'putter', policy(allow('s3:PutEncryptionConfiguration')));
    expect(w.code(reader, 's3:GetBucketEncryption', { Bucket: 'enc' })).toBe('ok');
    expect(w.code(reader, 's3:PutBucketEncryption', { Bucket: 'enc', ServerSideEncryptionConfiguration: KMS_RULE(key) })).toBe('AccessDenied');
    expect(w.code(reader, 's3:DeleteBucketEncryption', { Bucket: 'enc' })).toBe('AccessDenied');
    expect(w.code(putter, 's3:PutBucketEncryption', { Bucket: 'enc', ServerSideEncryptionConfiguration: KMS_RULE(key) })).toBe('ok');
    expect(w.code(putter, 's3:DeleteBucketEncryption', { Bucket: 'enc' })).toBe('ok');
    expect(w.code(putter, 's3:GetBucketEncryption', { Bucket: 'enc' })).toBe('AccessDenied');
  });
});

describe('default encryption is never retroactive', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — a new default applies to new
  // objects only; existing objects keep the encryption (and KMS key) they were written with.
  it('keeps SSE-S3 objects SSE-S3 after a switch to SSE-KMS, and SSE-KMS objects on their key after a switch back', () => {
    const { w, key, writer } = world();
    w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'old', Body: 'before' });
    w.kmsDefault(ROOT_A, 'enc', key);
    expect(w.ok(writer, 's3:HeadObject', { Bucket: 'enc', Key: 'old' })).toMatchObject({ ServerSideEncryption: 'AES256' });
    expect(w.ok(writer, 's3:HeadObject', { Bucket: 'enc', Key: 'old' })).not.toHaveProperty('SSEKMSKeyId');
    w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'new', Body: 'after' });
    w.ok(ROOT_A, 's3:DeleteBucketEncryption', { Bucket: 'enc' });
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'enc', Key: 'new' })).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key, Body: 'after' });
    // The old key still guards the object: disabling it breaks the read.
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key });
    expect(w.code(writer, 's3:GetObject', { Bucket: 'enc', Key: 'new' })).toBe('KMS.DisabledException');
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'enc', Key: 'old' })['Body']).toBe('before');
  });
});

describe('encryption request headers', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html — headers override the default.
  it('lets the request headers override the bucket default both ways', () => {
    const { w, key, writer } = world();
    w.kmsDefault(ROOT_A, 'enc', key);
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 's3', Body: 'x', ServerSideEncryption: 'AES256' })).toEqual({ ETag: expect.any(String), ServerSideEncryption: 'AES256' });
    w.ok(ROOT_A, 's3:DeleteBucketEncryption', { Bucket: 'enc' });
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'kms', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key })).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
  });

  // spec §8.2 [Issues mcohen01/amazonica#338] — a key id without x-amz-server-side-encryption: aws:kms is InvalidArgument.
  it('rejects SSEKMSKeyId without aws:kms as InvalidArgument', () => {
    const { w, key, writer } = world();
    expect(w.fail(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', SSEKMSKeyId: key })).toEqual({
      code: 'InvalidArgument',
      message: 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
    });
    expect(w.code(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', ServerSideEncryption: 'AES256', SSEKMSKeyId: key })).toBe('InvalidArgument');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — aws:kms without a key id uses the AWS managed key
  // aws/s3 (created on first use); so does a default of aws:kms without KMSMasterKeyID.
  it('uses the account\'s aws/s3 key when no key id is given', () => {
    const { w, writer } = world();
    const out = w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' });
    const managed = w.ok(ROOT_A, 'kms:DescribeKey', { KeyId: 'alias/aws/s3' })['KeyMetadata'];
    expect(managed).toMatchObject({ KeyManager: 'AWS' });
    expect(out).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: managed['Arn'] });
    w.kmsDefault(ROOT_A, 'enc', undefined);
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k2', Body: 'y' })['SSEKMSKeyId']).toBe(managed['Arn']);
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'enc', Key: 'k2' })['Body']).toBe('y');
  });

  // spec §8.2 — an alias or bare key id resolves in the requester's account; the response names the key ARN.
  it('resolves an alias key id to the key ARN', () => {
    const { w, key, writer } = world();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/enc-key', TargetKeyId: key });
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/enc-key' })['SSEKMSKeyId']).toBe(key);
  });
});

describe('encryption context S3 sends to KMS', () => {
  /** A key its user may use only when the encryption context's aws:s3:arn matches `arnPattern`. */
  function pinned(arnPattern: string) {
    const w = new S3World();
    const writer = w.user(A, 'writer', policy(allow('s3:*')));
    const key = w.key(
      ROOT_A,
      policy(
        { Effect: 'Allow', Principal: { AWS: rootOf(A) }, Action: ['kms:Describe*', 'kms:Put*', 'kms:Get*', 'kms:Disable*'], Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: writer }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': arnPattern } } },
      ),
    );
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'ctx' });
    return { w, writer, key };
  }

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context — without a Bucket
  // Key the context is {"aws:s3:arn": object ARN}.
  it('uses the object ARN without an S3 Bucket Key', () => {
    const { w, writer, key } = pinned('arn:aws:s3:::ctx/*');
    w.kmsDefault(ROOT_A, 'ctx', key, false);
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'ctx', Key: 'a/b', Body: 'x' })).not.toHaveProperty('BucketKeyEnabled');
    expect(w.state.s3.buckets['ctx']?.objects['a/b']?.encryptionContext).toEqual({ 'aws:s3:arn': 'arn:aws:s3:::ctx/a/b' });
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'ctx', Key: 'a/b' })['Body']).toBe('x');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html — with an S3 Bucket Key the context is the
  // bucket ARN, so key policies pinned to object ARNs stop matching (spec §15.15).
  it('uses the bucket ARN with an S3 Bucket Key, breaking object-ARN conditions', () => {
    const objectPinned = pinned('arn:aws:s3:::ctx/*');
    objectPinned.w.kmsDefault(ROOT_A, 'ctx', objectPinned.key, true);
    const e = objectPinned.w.fail(objectPinned.writer, 's3:PutObject', { Bucket: 'ctx', Key: 'k', Body: 'x' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('kms:GenerateDataKey');

    const bucketPinned = pinned('arn:aws:s3:::ctx');
    bucketPinned.w.kmsDefault(ROOT_A, 'ctx', bucketPinned.key, true);
    expect(bucketPinned.w.ok(bucketPinned.writer, 's3:PutObject', { Bucket: 'ctx', Key: 'k', Body: 'x' })).toMatchObject({ BucketKeyEnabled: true, SSEKMSKeyId: bucketPinned.key });
    expect(bucketPinned.w.ok(bucketPinned.writer, 's3:HeadObject', { Bucket: 'ctx', Key: 'k' })).toMatchObject({ BucketKeyEnabled: true });
    expect(bucketPinned.w.state.s3.buckets['ctx']?.objects['k']?.encryptionContext).toEqual({ 'aws:s3:arn': 'arn:aws:s3:::ctx' });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-bucket-key-object.html — the per-object header
  // overrides the bucket's Bucket Key setting.
  it('lets x-amz-server-side-encryption-bucket-key-enabled override the bucket setting', () => {
    const { w, writer, key } = pinned('arn:aws:s3:::ctx/*');
    w.kmsDefault(ROOT_A, 'ctx', key, true);
    expect(w.ok(writer, 's3:PutObject', { Bucket: 'ctx', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key, BucketKeyEnabled: false })).not.toHaveProperty('BucketKeyEnabled');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service — S3's calls carry
  // kms:ViaService s3.<region>.amazonaws.com; direct calls do not.
  it('calls KMS with kms:ViaService s3.<region>.amazonaws.com', () => {
    const w = new S3World();
    const writer = w.user(A, 'writer', policy(allow('s3:*')));
    const key = w.key(ROOT_A, keyPolicy(A, { Effect: 'Allow', Principal: { AWS: writer }, Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }));
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'via' });
    w.kmsDefault(ROOT_A, 'via', key);
    w.ok(writer, 's3:PutObject', { Bucket: 'via', Key: 'k', Body: 'x' });
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'via', Key: 'k' })['Body']).toBe('x');
    expect(w.code(writer, 'kms:Encrypt', { KeyId: key, Plaintext: 'x' })).toBe('AccessDeniedException');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — SSEKMSEncryptionContext: Base64 JSON pairs added
  // to the default pair, stored, and sent again on GET.
  it('adds the caller\'s SSEKMSEncryptionContext pairs and sends them again on GET', () => {
    const w = new S3World();
    const writer = w.user(A, 'writer', policy(allow('s3:*')));
    const key = w.key(ROOT_A, keyPolicy(A, { Effect: 'Allow', Principal: { AWS: writer }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:project': 'x' } } }));
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'pairs' });
    const put = { Bucket: 'pairs', Key: 'k', Body: 'secret', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key };
    expect(w.fail(writer, 's3:PutObject', put).code).toBe('AccessDenied');
    const out = w.ok(writer, 's3:PutObject', { ...put, SSEKMSEncryptionContext: b64({ project: 'x' }) });
    expect(JSON.parse(Buffer.from(out['SSEKMSEncryptionContext'], 'base64').toString('utf8'))).toEqual({ project: 'x', 'aws:s3:arn': 'arn:aws:s3:::pairs/k' });
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'pairs', Key: 'k' })['Body']).toBe('secret');
    expect(w.code(writer, 's3:PutObject', { ...put, SSEKMSEncryptionContext: 'not base64!' })).toBe('InvalidArgument');
    expect(w.code(writer, 's3:PutObject', { ...put, SSEKMSEncryptionContext: b64({ n: 1 }) })).toBe('InvalidArgument');
  });
});

describe('CopyObject', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html — the destination is encrypted per the request's
  // headers or the destination bucket's default; the source's encryption context is not carried over.
  it('re-encrypts per the destination and does not carry the encryption context over', () => {
    const w = new S3World();
    const writer = w.user(A, 'writer', policy(allow('s3:*')));
    const key = w.key(ROOT_A, keyPolicy(A, { Effect: 'Allow', Principal: { AWS: writer }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:project': 'x' } } }));
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'src' });
    w.ok(writer, 's3:PutObject', { Bucket: 'src', Key: 'plain', Body: 'p' });
    const copied = w.ok(writer, 's3:CopyObject', { Bucket: 'src', Key: 'plain-kms', CopySource: 'src/plain', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key, SSEKMSEncryptionContext: b64({ project: 'x' }) });
    expect(copied).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key, CopyObjectResult: { ETag: expect.any(String) } });
    // Copying the SSE-KMS object again without the context: the source decrypts (its stored context), the new data key
    // is requested without project=x and the key policy refuses it.
    const e = w.fail(writer, 's3:CopyObject', { Bucket: 'src', Key: 'again', CopySource: 'src/plain-kms', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('kms:GenerateDataKey');
    expect(w.ok(writer, 's3:CopyObject', { Bucket: 'src', Key: 'back', CopySource: '/src/plain-kms' })).toMatchObject({ ServerSideEncryption: 'AES256' });
    expect(w.ok(writer, 's3:GetObject', { Bucket: 'src', Key: 'back' })['Body']).toBe('p');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html — copying in place without a change is InvalidRequest;
  // a change of encryption makes it legal (re-encrypting existing objects).
  it('refuses an unchanged in-place copy and accepts an in-place re-encryption', () => {
    const { w, key, writer } = world();
    w.ok(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x' });
    expect(w.code(writer, 's3:CopyObject', { Bucket: 'enc', Key: 'k', CopySource: 'enc/k' })).toBe('InvalidRequest');
    w.ok(writer, 's3:CopyObject', { Bucket: 'enc', Key: 'k', CopySource: 'enc/k', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
    expect(w.ok(writer, 's3:HeadObject', { Bucket: 'enc', Key: 'k' })).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
    expect(w.code(writer, 's3:CopyObject', { Bucket: 'enc', Key: 'k2', CopySource: 'enc' })).toBe('InvalidArgument');
    expect(w.code(writer, 's3:CopyObject', { Bucket: 'enc', Key: 'k2', CopySource: 'enc/missing' })).toBe('NoSuchKey');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html — the source must be readable, KMS decrypt included.
  it('needs kms:Decrypt on an SSE-KMS source', () => {
    const w = new S3World();
    const writer = w.user(A, 'writer', policy(allow('s3:*')));
    const copier = w.user(A, 'copier', policy(allow('s3:*')));
    const key = w.key(ROOT_A, keyPolicy(A, { Effect: 'Allow', Principal: { AWS: writer }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' }));
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'src' });
    w.ok(writer, 's3:PutObject', { Bucket: 'src', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
    const e = w.fail(copier, 's3:CopyObject', { Bucket: 'src', Key: 'copy', CopySource: 'src/k', ServerSideEncryption: 'AES256' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('kms:Decrypt');
  });
});

describe('S3 encryption condition keys in bucket policies', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms — a policy denying
  // PutObject unless s3:x-amz-server-side-encryption is aws:kms; the key reflects the request header, so uploads that rely
  // on the bucket default are denied (config.s3DefaultEncryptionInConditionKeys = false).
  it('s3:x-amz-server-side-encryption reflects the request header', () => {
    const requireKms = policy(deny('s3:PutObject', 'arn:aws:s3:::enc/*', { Principal: '*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }));
    const { w, key, writer } = world();
    w.kmsDefault(ROOT_A, 'enc', key);
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'enc', Policy: requireKms });
    expect(w.code(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x' })).toBe('AccessDenied');
    expect(w.code(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' })).toBe('ok');

    const lenient = world({ s3DefaultEncryptionInConditionKeys: true });
    lenient.w.kmsDefault(ROOT_A, 'enc', lenient.key);
    lenient.w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'enc', Policy: requireKms });
    expect(lenient.w.code(lenient.writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x' })).toBe('ok');
  });

  // spec §8.2 — s3:x-amz-server-side-encryption-aws-kms-key-id is the ARN of the key actually used, the implicit aws/s3
  // included.
  it('s3:x-amz-server-side-encryption-aws-kms-key-id is the ARN of the key used', () => {
    const { w, key, writer } = world();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/enc-key', TargetKeyId: key });
    const pin = policy(deny('s3:PutObject', 'arn:aws:s3:::enc/*', { Principal: '*', Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key } } }));
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'enc', Policy: pin });
    expect(w.code(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/enc-key' })).toBe('ok');
    expect(w.code(writer, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' })).toBe('AccessDenied');
  });
});

describe('who pays for SSE-KMS', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — the requester needs
  // kms:GenerateDataKey on the key to PUT; S3 surfaces the missing permission as AccessDenied naming the KMS action.
  it('needs kms:GenerateDataKey as the writer', () => {
    const { w, key } = world();
    const stranger = w.user(A, 'stranger', policy(allow('s3:*')));
    w.kmsDefault(ROOT_A, 'enc', key);
    const e = w.fail(stranger, 's3:PutObject', { Bucket: 'enc', Key: 'k', Body: 'x' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('kms:GenerateDataKey');
    expect(e.message).toContain(userOf(A, 'stranger'));
  });
});

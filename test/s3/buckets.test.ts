// S3 buckets: CreateBucket (names, defaults since 2023, name conflicts, Region), DeleteBucket, ListObjectsV2.
import { describe, expect, it } from 'vitest';
import { A, ANON, B, ROOT_A, ROOT_B, S3World, allow, policy } from './s3-world.ts';

describe('CreateBucket', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html — 3-63 lowercase letters, digits, dots,
  // hyphens; start and end with a letter or digit; no "..", no IP address, reserved prefixes and suffixes.
  it.each(['ab', 'a'.repeat(64), 'My-Bucket', '-bucket', 'bucket-', 'my..bucket', '192.168.5.4', 'xn--bucket', 'sthree-b', 'amzn-s3-demo-b', 'b-s3alias', 'b--ol-s3', 'b.mrap', 'b--x-s3', 'b--table-s3', 'under_score'])(
    'rejects the invalid name %s with InvalidBucketName',
    (name) => {
      const w = new S3World();
      expect(w.code(ROOT_A, 's3:CreateBucket', { Bucket: name })).toBe('InvalidBucketName');
    },
  );

  it.each(['abc', 'a'.repeat(63), 'my.bucket-1', '1bucket'])('accepts the valid name %s', (name) => {
    const w = new S3World();
    expect(w.ok(ROOT_A, 's3:CreateBucket', { Bucket: name })).toEqual({ Location: `/${name}` });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html (SSE-S3 default since Jan 2023),
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html (BPA on, BucketOwnerEnforced since Apr 2023).
  it('gives a new bucket SSE-S3 default encryption, all Block Public Access settings and BucketOwnerEnforced', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'fresh' });
    expect(w.ok(ROOT_A, 's3:GetBucketEncryption', { Bucket: 'fresh' })).toEqual({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    });
    expect(w.ok(ROOT_A, 's3:GetPublicAccessBlock', { Bucket: 'fresh' })).toEqual({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    expect(w.ok(ROOT_A, 's3:GetBucketOwnershipControls', { Bucket: 'fresh' })).toEqual({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html — BucketAlreadyExists for another account's name.
  it('answers BucketAlreadyExists when another account owns the name', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'taken' });
    expect(w.code(ROOT_B, 's3:CreateBucket', { Bucket: 'taken' })).toBe('BucketAlreadyExists');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html — BucketAlreadyOwnedByYou "in all AWS Regions
  // except in the North Virginia Region", where re-creating returns 200 OK and resets the bucket ACL.
  it('answers BucketAlreadyOwnedByYou outside us-east-1 and 200 OK in us-east-1', () => {
    const west = new S3World({}, [A, B], 'eu-west-1');
    west.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'mine', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expect(west.code(ROOT_A, 's3:CreateBucket', { Bucket: 'mine', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })).toBe('BucketAlreadyOwnedByYou');

    const east = new S3World();
    east.openBucket(ROOT_A, 'mine');
    east.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'mine', ACL: 'public-read' });
    east.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'mine' });
    const grants = east.ok(ROOT_A, 's3:GetBucketAcl', { Bucket: 'mine' })['Grants'] as unknown[];
    expect(grants).toHaveLength(1);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html — LocationConstraint must match the Region;
  // us-east-1 takes none.
  it('checks the LocationConstraint against the Region', () => {
    const east = new S3World();
    expect(east.code(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' } })).toBe('InvalidLocationConstraint');
    expect(east.code(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })).toBe('IllegalLocationConstraintException');
    const west = new S3World({}, [A], 'eu-west-1');
    expect(west.code(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt1' })).toBe('IllegalLocationConstraintException');
    expect(west.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })).toEqual({ Location: 'http://bkt1.s3.amazonaws.com/' });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html — s3:CreateBucket, plus s3:PutBucketOwnershipControls
  // when the request sets ObjectOwnership; anonymous callers cannot create buckets.
  it('needs s3:CreateBucket, and s3:PutBucketOwnershipControls with ObjectOwnership', () => {
    const w = new S3World();
    const creator = w.user(A, 'creator', policy(allow('s3:CreateBucket')));
    expect(w.code(ANON, 's3:CreateBucket', { Bucket: 'anon-bucket' })).toBe('AccessDenied');
    expect(w.code(w.user(A, 'nobody'), 's3:CreateBucket', { Bucket: 'bkt2' })).toBe('AccessDenied');
    expect(w.code(creator, 's3:CreateBucket', { Bucket: 'bkt2', ObjectOwnership: 'ObjectWriter' })).toBe('AccessDenied');
    w.ok(creator, 's3:CreateBucket', { Bucket: 'bkt2' });
    expect(w.state.s3.buckets['bkt2']?.account).toBe(A);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html — a CreateBucket with
  // BucketOwnerEnforced and an ACL granting others fails with InvalidBucketAclWithObjectOwnership; with ACLs enabled a
  // public ACL still meets the new bucket's Block Public Access (spec §8.8).
  it('refuses a CreateBucket ACL that the new bucket cannot have', () => {
    const w = new S3World();
    expect(w.code(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt3', ACL: 'public-read' })).toBe('InvalidBucketAclWithObjectOwnership');
    expect(w.code(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt3', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' })).toBe('AccessDenied');
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'bkt3', ACL: 'private' });
  });
});

describe('DeleteBucket', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html — every object must be deleted first.
  it('refuses a bucket that still has objects with BucketNotEmpty, then deletes it', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'full' });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'full', Key: 'k', Body: 'x' });
    expect(w.code(ROOT_A, 's3:DeleteBucket', { Bucket: 'full' })).toBe('BucketNotEmpty');
    w.ok(ROOT_A, 's3:DeleteObject', { Bucket: 'full', Key: 'k' });
    expect(w.ok(ROOT_A, 's3:DeleteBucket', { Bucket: 'full' })).toEqual({});
    expect(w.code(ROOT_A, 's3:GetBucketEncryption', { Bucket: 'full' })).toBe('NoSuchBucket');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html — NoSuchBucket; s3:DeleteBucket is needed.
  it('answers NoSuchBucket for a missing bucket and AccessDenied without s3:DeleteBucket', () => {
    const w = new S3World();
    expect(w.code(ROOT_A, 's3:DeleteBucket', { Bucket: 'ghost' })).toBe('NoSuchBucket');
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'kept' });
    expect(w.code(ROOT_B, 's3:DeleteBucket', { Bucket: 'kept' })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html — ExpectedBucketOwner that does not match: 403.
  it('answers AccessDenied when ExpectedBucketOwner does not match', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'owned' });
    expect(w.code(ROOT_A, 's3:DeleteBucket', { Bucket: 'owned', ExpectedBucketOwner: B })).toBe('AccessDenied');
  });
});

describe('ListObjectsV2', () => {
  const world = (): S3World => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'list' });
    for (const key of ['b/2', 'a', 'b/1', 'c/x/y', 'd']) w.ok(ROOT_A, 's3:PutObject', { Bucket: 'list', Key: key, Body: key });
    return w;
  };

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — keys in ascending order, with sizes and ETags.
  it('lists keys in ascending order', () => {
    const out = world().ok(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list' });
    expect(out['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['a', 'b/1', 'b/2', 'c/x/y', 'd']);
    expect(out).toMatchObject({ IsTruncated: false, KeyCount: 5, Name: 'list', MaxKeys: 1000, Prefix: '' });
    expect(out['Contents'][0]).toMatchObject({ Key: 'a', Size: 1, StorageClass: 'STANDARD' });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — Delimiter rolls keys up into CommonPrefixes.
  it('rolls keys up into CommonPrefixes with a Delimiter and filters by Prefix', () => {
    const w = world();
    const out = w.ok(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list', Delimiter: '/' });
    expect(out['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['a', 'd']);
    expect(out['CommonPrefixes']).toEqual([{ Prefix: 'b/' }, { Prefix: 'c/' }]);
    expect(out['KeyCount']).toBe(4);
    const inB = w.ok(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list', Prefix: 'b/' });
    expect(inB['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['b/1', 'b/2']);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — MaxKeys pages; NextContinuationToken resumes.
  it('pages with MaxKeys and a continuation token', () => {
    const w = world();
    const first = w.ok(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list', MaxKeys: 2 });
    expect(first['IsTruncated']).toBe(true);
    expect(first['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['a', 'b/1']);
    const second = w.ok(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list', MaxKeys: 2, ContinuationToken: first['NextContinuationToken'] });
    expect(second['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['b/2', 'c/x/y']);
    const after = w.ok(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list', StartAfter: 'c' });
    expect(after['Contents'].map((c: { Key: string }) => c.Key)).toEqual(['c/x/y', 'd']);
    expect(w.code(ROOT_A, 's3:ListObjectsV2', { Bucket: 'list', ContinuationToken: 'garbage' })).toBe('InvalidArgument');
  });

  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html — ListObjectsV2 is s3:ListBucket,
  // with the s3:prefix condition key.
  it('needs s3:ListBucket, whose s3:prefix condition key is the request Prefix', () => {
    const w = world();
    const scoped = w.user(A, 'scoped', policy(allow('s3:ListBucket', 'arn:aws:s3:::list', { Condition: { StringEquals: { 's3:prefix': 'b/' } } })));
    expect(w.code(scoped, 's3:ListObjectsV2', { Bucket: 'list' })).toBe('AccessDenied');
    expect(w.ok(scoped, 's3:ListObjectsV2', { Bucket: 'list', Prefix: 'b/' })['KeyCount']).toBe(2);
    expect(w.code(ANON, 's3:ListObjectsV2', { Bucket: 'list' })).toBe('AccessDenied');
  });
});

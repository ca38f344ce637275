// S3 Block Public Access, Object Ownership and ACLs, and how they interplay.
import { describe, expect, it } from 'vitest';
import { A, ALL_OFF, ANON, B, ROOT_A, ROOT_B, S3World, allow, policy, userOf } from './s3-world.ts';

const publicRead = (bucket: string) => policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });

describe('PutPublicAccessBlock / GetPublicAccessBlock / DeletePublicAccessBlock', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html — settings left out are false.
  it('stores the configuration, false where a setting is left out', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'bpa' });
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'bpa', PublicAccessBlockConfiguration: { BlockPublicPolicy: true } });
    expect(w.ok(ROOT_A, 's3:GetPublicAccessBlock', { Bucket: 'bpa' })).toEqual({
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
    });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html — removes it; Get then answers
  // NoSuchPublicAccessBlockConfiguration. Both need s3:PutBucketPublicAccessBlock / s3:GetBucketPublicAccessBlock.
  it('deletes the configuration and needs the BPA permissions', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'bpa' });
    const reader = w.user(A, 'reader', policy(allow('s3:GetBucketPublicAccessBlock')));
    expect(w.code(reader, 's3:DeletePublicAccessBlock', { Bucket: 'bpa' })).toBe('AccessDenied');
    expect(w.code(reader, 's3:PutPublicAccessBlock', { Bucket: 'bpa', PublicAccessBlockConfiguration: ALL_OFF })).toBe('AccessDenied');
    w.ok(ROOT_A, 's3:DeletePublicAccessBlock', { Bucket: 'bpa' });
    expect(w.code(reader, 's3:GetPublicAccessBlock', { Bucket: 'bpa' })).toBe('NoSuchPublicAccessBlockConfiguration');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — BlockPublicAcls:
  // PUT Bucket/Object ACL and PUT Object with a public ACL fail; existing ACLs are untouched.
  it('BlockPublicAcls rejects public ACLs on PutObjectAcl, PutObject and PutBucketAcl', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'acl');
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'acl', Key: 'k', Body: 'x' });
    w.ok(ROOT_A, 's3:PutObjectAcl', { Bucket: 'acl', Key: 'k', ACL: 'public-read' });
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'acl', PublicAccessBlockConfiguration: { ...ALL_OFF, BlockPublicAcls: true } });
    const e = w.fail(ROOT_A, 's3:PutObjectAcl', { Bucket: 'acl', Key: 'k', ACL: 'authenticated-read' });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('BlockPublicAcls');
    expect(w.code(ROOT_A, 's3:PutObject', { Bucket: 'acl', Key: 'k2', Body: 'x', ACL: 'public-read' })).toBe('AccessDenied');
    expect(w.code(ROOT_A, 's3:PutBucketAcl', { Bucket: 'acl', ACL: 'public-read-write' })).toBe('AccessDenied');
    expect(w.code(ROOT_A, 's3:PutObjectAcl', { Bucket: 'acl', Key: 'k', ACL: 'bucket-owner-read' })).toBe('ok');
    // The ACL set before the setting still serves anonymous readers... until bucket-owner-read replaced it above.
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'acl', Key: 'k' })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — blocked code is
  // config.blockPublicAccessError (spec §12.15).
  it('uses config.blockPublicAccessError for the rejection', () => {
    const w = new S3World({ blockPublicAccessError: 'InvalidRequest' });
    w.openBucket(ROOT_A, 'acl');
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'acl', PublicAccessBlockConfiguration: { ...ALL_OFF, BlockPublicPolicy: true } });
    expect(w.code(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'acl', Policy: publicRead('acl') })).toBe('InvalidRequest');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — IgnorePublicAcls:
  // public ACLs are ignored (still stored); removing the setting restores them immediately.
  it('IgnorePublicAcls makes public ACLs count for nothing, and turning it off restores them', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'ign');
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'ign', Key: 'k', Body: 'x', ACL: 'public-read' });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'ign', Key: 'k' })).toBe('ok');
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'ign', PublicAccessBlockConfiguration: { ...ALL_OFF, IgnorePublicAcls: true } });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'ign', Key: 'k' })).toBe('AccessDenied');
    expect(w.ok(ROOT_A, 's3:GetObjectAcl', { Bucket: 'ign', Key: 'k' })['Grants']).toHaveLength(2);
    w.ok(ROOT_A, 's3:DeletePublicAccessBlock', { Bucket: 'ign' });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'ign', Key: 'k' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
  // — BlockPublicPolicy rejects public policies; a policy pinned to fixed principals or keys is not public.
  it('BlockPublicPolicy rejects a public policy and accepts a non-public one', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'pol' });
    const e = w.fail(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: publicRead('pol') });
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('BlockPublicPolicy');
    const crossAccount = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: crossAccount });
    const orgPinned = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: orgPinned });
    const wideIp = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/7' } } });
    expect(w.code(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: wideIp })).toBe('AccessDenied');
    const wildcardPrincipal = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } } });
    expect(w.code(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: wildcardPrincipal })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — RestrictPublicBuckets:
  // with a public policy only the bucket owner's account (and AWS services) are served; cross-account access is blocked.
  it('RestrictPublicBuckets limits a public policy to the bucket owner\'s account', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'rpb');
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'rpb', Key: 'k', Body: 'x' });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'rpb', Policy: publicRead('rpb') });
    const sameAccount = w.user(A, 'nopolicy');
    const otherAccount = w.user(B, 'reader', policy(allow('s3:GetObject')));
    expect([w.code(ANON, 's3:GetObject', { Bucket: 'rpb', Key: 'k' }), w.code(otherAccount, 's3:GetObject', { Bucket: 'rpb', Key: 'k' })]).toEqual(['ok', 'ok']);
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'rpb', PublicAccessBlockConfiguration: { ...ALL_OFF, RestrictPublicBuckets: true } });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'rpb', Key: 'k' })).toBe('AccessDenied');
    expect(w.code(otherAccount, 's3:GetObject', { Bucket: 'rpb', Key: 'k' })).toBe('AccessDenied');
    expect(w.code(sameAccount, 's3:GetObject', { Bucket: 'rpb', Key: 'k' })).toBe('ok');
  });
});

describe('Object Ownership and ACLs', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html — with BucketOwnerEnforced,
  // setting ACLs fails with AccessControlListNotSupported; bucket-owner-full-control (or none) is accepted; reading ACLs
  // shows full control for the bucket owner.
  it('BucketOwnerEnforced refuses ACLs except the bucket owner\'s full control', () => {
    const w = new S3World();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'enforced' });
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'enforced', PublicAccessBlockConfiguration: ALL_OFF });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'enforced', Key: 'k', Body: 'x' });
    expect(w.fail(ROOT_A, 's3:PutObjectAcl', { Bucket: 'enforced', Key: 'k', ACL: 'public-read' })).toEqual({ code: 'AccessControlListNotSupported', message: 'The bucket does not allow ACLs' });
    expect(w.code(ROOT_A, 's3:PutObject', { Bucket: 'enforced', Key: 'k2', Body: 'x', ACL: 'public-read' })).toBe('AccessControlListNotSupported');
    expect(w.code(ROOT_A, 's3:PutBucketAcl', { Bucket: 'enforced', ACL: 'authenticated-read' })).toBe('AccessControlListNotSupported');
    expect(w.code(ROOT_A, 's3:PutObject', { Bucket: 'enforced', Key: 'k3', Body: 'x', ACL: 'bucket-owner-full-control' })).toBe('ok');
    const acl = w.ok(ROOT_A, 's3:GetObjectAcl', { Bucket: 'enforced', Key: 'k' });
    expect(acl['Grants']).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: acl['Owner']['ID'] }, Permission: 'FULL_CONTROL' }]);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html — with ACLs disabled "ACLs no longer
  // affect permissions": a public-read ACL set while ACLs were enabled stops counting, and counts again when re-enabled.
  it('ignores existing ACLs while ownership is BucketOwnerEnforced', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'flip');
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'flip', Key: 'k', Body: 'x', ACL: 'public-read' });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'flip', Key: 'k' })).toBe('ok');
    w.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: 'flip', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'flip', Key: 'k' })).toBe('AccessDenied');
    w.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: 'flip', OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'flip', Key: 'k' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html — enforcing ownership on a
  // bucket whose ACL grants others fails with InvalidBucketAclWithObjectOwnership.
  it('refuses BucketOwnerEnforced while the bucket ACL grants others', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'grants');
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'grants', ACL: 'public-read' });
    const enforce = { Bucket: 'grants', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
    expect(w.code(ROOT_A, 's3:PutBucketOwnershipControls', enforce)).toBe('InvalidBucketAclWithObjectOwnership');
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'grants', ACL: 'private' });
    expect(w.code(ROOT_A, 's3:PutBucketOwnershipControls', enforce)).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html — canned ACLs: public-read gives AllUsers READ,
  // authenticated-read gives AuthenticatedUsers READ (any signed request, any account, but not anonymous).
  it('public-read serves everyone; authenticated-read serves signed callers of any account but not anonymous ones', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'canned');
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'canned', Key: 'pub', Body: 'x', ACL: 'public-read' });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'canned', Key: 'auth', Body: 'x', ACL: 'authenticated-read' });
    const outsider = w.user(B, 'outsider', policy(allow('s3:GetObject')));
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'canned', Key: 'pub' })).toBe('ok');
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'canned', Key: 'auth' })).toBe('AccessDenied');
    expect(w.code(outsider, 's3:GetObject', { Bucket: 'canned', Key: 'auth' })).toBe('ok');
    expect(w.code(ANON, 's3:GetObjectAcl', { Bucket: 'canned', Key: 'pub' })).toBe('AccessDenied');
    const grants = w.ok(ROOT_A, 's3:GetObjectAcl', { Bucket: 'canned', Key: 'pub' })['Grants'];
    expect(grants[1]).toEqual({ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html — a bucket ACL WRITE grant lets the grantee
  // create objects (public-read-write: anyone).
  it('a public-read-write bucket ACL lets anonymous callers write SSE-S3 objects', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'drop');
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'drop', ACL: 'public-read-write' });
    expect(w.ok(ANON, 's3:PutObject', { Bucket: 'drop', Key: 'k', Body: 'x' })['ServerSideEncryption']).toBe('AES256');
    expect(w.ok(ANON, 's3:ListObjectsV2', { Bucket: 'drop' })['KeyCount']).toBe(1);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html — with
  // ObjectWriter an object written by another account is that account's: the bucket owner reads it only if the object
  // ACL grants it (bucket-owner-read / bucket-owner-full-control); with BucketOwnerPreferred and
  // bucket-owner-full-control the bucket owner owns it.
  it('ObjectWriter: the bucket owner needs the writer\'s ACL to read a cross-account object', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'shared');
    const writer = w.user(B, 'writer', policy(allow('s3:*')));
    const ownerUser = w.user(A, 'owner-user', policy(allow('s3:*')));
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'shared', Policy: policy({ Effect: 'Allow', Principal: { AWS: B }, Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::shared/*' }) });
    w.ok(writer, 's3:PutObject', { Bucket: 'shared', Key: 'theirs', Body: 'x' });
    expect(w.code(ownerUser, 's3:GetObject', { Bucket: 'shared', Key: 'theirs' })).toBe('AccessDenied');
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'shared', Key: 'theirs' })).toBe('AccessDenied');
    w.ok(writer, 's3:PutObject', { Bucket: 'shared', Key: 'granted', Body: 'x', ACL: 'bucket-owner-read' });
    expect(w.code(ownerUser, 's3:GetObject', { Bucket: 'shared', Key: 'granted' })).toBe('ok');
    // bucket-owner-read grants READ, not READ_ACP: the bucket owner cannot read the ACL; the object owner can.
    expect(w.code(ROOT_A, 's3:GetObjectAcl', { Bucket: 'shared', Key: 'granted' })).toBe('AccessDenied');
    expect(w.ok(writer, 's3:GetObjectAcl', { Bucket: 'shared', Key: 'granted' })['Grants']).toHaveLength(2);

    w.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: 'shared', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } });
    w.ok(writer, 's3:PutObject', { Bucket: 'shared', Key: 'preferred', Body: 'x', ACL: 'bucket-owner-full-control' });
    expect(w.state.s3.buckets['shared']?.objects['preferred']?.owner).toBe(A);
    expect(w.code(ownerUser, 's3:GetObject', { Bucket: 'shared', Key: 'preferred' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html — for an
  // object the bucket owner does not own, the bucket policy can only deny: a public-read bucket policy does not publish
  // another account's object, while its Deny still binds the object's owner.
  it('ObjectWriter: the bucket policy cannot grant another account\'s object, but its Deny still applies', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'mixed');
    const writer = w.user(B, 'writer', policy(allow('s3:*')));
    w.ok(ROOT_A, 's3:PutBucketPolicy', {
      Bucket: 'mixed',
      Policy: policy(
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mixed/*' },
        { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::mixed/*' },
        { Effect: 'Deny', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::mixed/denied/*' },
      ),
    });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'mixed', Key: 'ours', Body: 'x' });
    w.ok(writer, 's3:PutObject', { Bucket: 'mixed', Key: 'theirs', Body: 'x' });
    w.ok(writer, 's3:PutObject', { Bucket: 'mixed', Key: 'denied/theirs', Body: 'x' });
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'mixed', Key: 'ours' })).toBe('ok');
    expect(w.code(ANON, 's3:GetObject', { Bucket: 'mixed', Key: 'theirs' })).toBe('AccessDenied');
    expect(w.code(writer, 's3:GetObject', { Bucket: 'mixed', Key: 'theirs' })).toBe('ok');
    expect(w.code(writer, 's3:GetObject', { Bucket: 'mixed', Key: 'denied/theirs' })).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html — PutObjectAcl needs s3:PutObjectAcl, with the
  // s3:x-amz-acl condition key; https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html — a PutObject that sets
  // an ACL needs s3:PutObjectAcl too.
  it('PutObjectAcl needs s3:PutObjectAcl and sees s3:x-amz-acl; PutObject with an ACL needs it too', () => {
    const w = new S3World();
    w.openBucket(ROOT_A, 'perm');
    const onlyPrivate = w.user(A, 'careful', policy(allow(['s3:PutObject', 's3:GetObject']), allow('s3:PutObjectAcl', '*', { Condition: { StringEquals: { 's3:x-amz-acl': 'private' } } })));
    const noAcl = w.user(A, 'plain', policy(allow('s3:PutObject')));
    w.ok(onlyPrivate, 's3:PutObject', { Bucket: 'perm', Key: 'k', Body: 'x' });
    expect(w.code(onlyPrivate, 's3:PutObjectAcl', { Bucket: 'perm', Key: 'k', ACL: 'public-read' })).toBe('AccessDenied');
    expect(w.code(onlyPrivate, 's3:PutObjectAcl', { Bucket: 'perm', Key: 'k', ACL: 'private' })).toBe('ok');
    expect(w.code(noAcl, 's3:PutObject', { Bucket: 'perm', Key: 'k2', Body: 'x', ACL: 'private' })).toBe('AccessDenied');
    expect(w.code(noAcl, 's3:PutObject', { Bucket: 'perm', Key: 'k2', Body: 'x' })).toBe('ok');
    expect(w.code(ROOT_A, 's3:PutObjectAcl', { Bucket: 'perm', Key: 'missing', ACL: 'private' })).toBe('NoSuchKey');
    expect(w.code(ROOT_B, 's3:GetBucketAcl', { Bucket: 'perm' })).toBe('AccessDenied');
    expect(userOf(A, 'careful')).toBe(onlyPrivate);
  });
});

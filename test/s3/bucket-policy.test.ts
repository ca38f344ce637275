// S3 bucket policies: PutBucketPolicy validation, Get/Delete, the owner root's exemption, and how policies authorize.
import { describe, expect, it } from 'vitest';
import { A, B, ROOT_A, ROOT_B, S3World, allow, deny, policy, userOf } from './s3-world.ts';

function world() {
  const w = new S3World();
  w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'pol' });
  w.ok(ROOT_A, 's3:PutObject', { Bucket: 'pol', Key: 'k', Body: 'data' });
  return w;
}

const readFor = (principal: object | string) => policy({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' });

describe('PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html — returns the policy text;
  // NoSuchBucketPolicy when there is none; DeleteBucketPolicy removes it.
  it('stores, returns and deletes the policy text', () => {
    const w = world();
    expect(w.code(ROOT_A, 's3:GetBucketPolicy', { Bucket: 'pol' })).toBe('NoSuchBucketPolicy');
    const text = readFor({ AWS: B });
    expect(w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: text })).toEqual({});
    expect(w.ok(ROOT_A, 's3:GetBucketPolicy', { Bucket: 'pol' })).toEqual({ Policy: text });
    expect(w.ok(ROOT_A, 's3:DeleteBucketPolicy', { Bucket: 'pol' })).toEqual({});
    expect(w.code(ROOT_A, 's3:GetBucketPolicy', { Bucket: 'pol' })).toBe('NoSuchBucketPolicy');
    expect(w.code(ROOT_A, 's3:DeleteBucketPolicy', { Bucket: 'pol' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html — a bad document is MalformedPolicy:
  // invalid JSON, a missing Principal, an unknown principal, a non-S3 action, another bucket's resource.
  it.each([
    ['invalid JSON', '{not json', "Policies must be valid JSON and the first byte must be '{'"],
    ['no Principal', policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' }), 'Statement[0] has no Principal'],
    ['a user that does not exist', readFor({ AWS: userOf(A, 'ghost') }), 'Invalid principal in policy'],
    ['a partial wildcard principal', readFor({ AWS: 'arn:aws:iam::*:root' }), 'Invalid principal in policy'],
    ['a KMS action', policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 'kms:Decrypt', Resource: 'arn:aws:s3:::pol/*' }), 'Policy has invalid action'],
    ['another bucket', policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }), 'Policy has invalid resource'],
    ['more than 20 KB', policy({ Sid: 'x'.repeat(21000), Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' }), 'Policy exceeds the maximum allowed document size.'],
  ])('rejects %s as MalformedPolicy', (_what, text, message) => {
    const w = world();
    expect(w.fail(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: text })).toEqual({ code: 'MalformedPolicy', message });
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — principals of accounts
  // keyward does not know cannot be checked; they are accepted, as are bucket ARNs with wildcards.
  it('accepts principals of unknown accounts and wildcard resources of this bucket', () => {
    const w = world();
    const text = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:user/someone' }, Action: 's3:*', Resource: ['arn:aws:s3:::pol', 'arn:aws:s3:::po*/x/*'] });
    expect(w.code(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: text })).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html — the bucket owner's root user can always
  // Get/Put/DeleteBucketPolicy, "even if their bucket policy explicitly denies the root principal's access".
  it('lets the owner\'s root user manage a policy that denies everyone', () => {
    const w = world();
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: policy(deny('s3:*', ['arn:aws:s3:::pol', 'arn:aws:s3:::pol/*'], { Principal: '*' })) });
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'pol', Key: 'k' })).toBe('AccessDenied');
    expect(w.code(ROOT_A, 's3:GetBucketPolicy', { Bucket: 'pol' })).toBe('ok');
    expect(w.code(ROOT_A, 's3:DeleteBucketPolicy', { Bucket: 'pol' })).toBe('ok');
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: 'pol', Key: 'k' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html — without permission 403 AccessDenied; with
  // permission but outside the bucket owner's account 405 MethodNotAllowed.
  it('answers MethodNotAllowed to an authorized caller of another account', () => {
    const w = world();
    const admin = w.user(B, 'admin', policy(allow('s3:*')));
    expect(w.code(admin, 's3:GetBucketPolicy', { Bucket: 'pol' })).toBe('AccessDenied');
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: policy({ Effect: 'Allow', Principal: { AWS: B }, Action: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'], Resource: 'arn:aws:s3:::pol' }) });
    expect(w.code(admin, 's3:GetBucketPolicy', { Bucket: 'pol' })).toBe('MethodNotAllowed');
    expect(w.code(admin, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: readFor({ AWS: B }) })).toBe('MethodNotAllowed');
  });
});

describe('bucket policies in S3 authorization', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html — across
  // accounts the bucket policy and the caller's identity policy must both allow.
  it('cross-account reads need the bucket policy and the caller\'s IAM policy', () => {
    const w = world();
    const withIam = w.user(B, 'with-iam', policy(allow('s3:GetObject')));
    const withoutIam = w.user(B, 'without-iam');
    const e = w.fail(withIam, 's3:GetObject', { Bucket: 'pol', Key: 'k' });
    expect(e).toEqual({
      code: 'AccessDenied',
      message: `User: ${withIam} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::pol/k" because no resource-based policy allows the s3:GetObject action`,
    });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: readFor({ AWS: B }) });
    expect(w.code(withoutIam, 's3:GetObject', { Bucket: 'pol', Key: 'k' })).toBe('AccessDenied');
    expect(w.ok(withIam, 's3:GetObject', { Bucket: 'pol', Key: 'k' })['Body']).toBe('data');
    expect(w.ok(ROOT_B, 's3:GetObject', { Bucket: 'pol', Key: 'k' })['Body']).toBe('data');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — within one account a
  // resource policy naming the user suffices; an explicit deny anywhere wins.
  it('same account: a bucket policy naming the user suffices, and its Deny beats an IAM allow', () => {
    const w = world();
    const named = w.user(A, 'named');
    const admin = w.user(A, 'admin', policy(allow('s3:*')));
    w.ok(ROOT_A, 's3:PutBucketPolicy', {
      Bucket: 'pol',
      Policy: policy({ Effect: 'Allow', Principal: { AWS: named }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pol/*' }, deny('s3:GetObject', 'arn:aws:s3:::pol/*', { Principal: { AWS: admin } })),
    });
    expect(w.code(named, 's3:GetObject', { Bucket: 'pol', Key: 'k' })).toBe('ok');
    const e = w.fail(admin, 's3:GetObject', { Bucket: 'pol', Key: 'k' });
    expect(e.message).toContain('explicit deny in a resource-based policy');
  });
});

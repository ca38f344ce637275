// The S3 steps of /work/shared/cases/01-seed-sse-kms-story.json, scripted call by call with step().
import { describe, expect, it } from 'vitest';
import { ANON, ROOT_A, S3World, userOf, A } from './s3-world.ts';

const BUCKET = 'keyward-seed-confidential';
const OLD_BODY = 'Quarterly figures (confidential). Uploaded before SSE-KMS was turned on.';
const NEW_BODY = 'Quarterly figures (confidential). Uploaded after SSE-KMS was turned on.';
const JAMES = userOf(A, 'James');
const JOHNNY = userOf(A, 'Johnny');

/** The console's key policy for James as the only key administrator and key user (the case's kms:CreateKey step). */
const consolePolicy = JSON.stringify({
  Version: '2012-10-17',
  Id: 'key-consolepolicy-3',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: JAMES },
      Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
      Resource: '*',
    },
    { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: JAMES }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    { Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: JAMES }, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
  ],
});

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html,
// https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — the seed story, S3 side.
describe('case 01: SSE-KMS on an S3 bucket, from setup to a cancelled key deletion', () => {
  it('gives every S3 step the answer the case expects', () => {
    const w = new S3World({}, [A]);
    w.ok(ROOT_A, 'iam:CreateGroup', { GroupName: 'S3Admins' });
    w.ok(ROOT_A, 'iam:AttachGroupPolicy', { GroupName: 'S3Admins', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' });
    w.ok(ROOT_A, 'iam:AttachGroupPolicy', { GroupName: 'S3Admins', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    for (const name of ['James', 'Johnny']) {
      w.ok(ROOT_A, 'iam:CreateUser', { UserName: name });
      w.ok(ROOT_A, 'iam:AddUserToGroup', { GroupName: 'S3Admins', UserName: name });
    }
    const keyArn = w.key(ROOT_A, consolePolicy);

    // A new bucket: SSE-S3 default, BPA on, ACLs disabled; the administrator re-enables ACLs.
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: BUCKET });
    w.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    expect(w.ok(JAMES, 's3:PutObject', { Bucket: BUCKET, Key: 'confidential.txt', Body: OLD_BODY })).toMatchObject({ ServerSideEncryption: 'AES256' });
    w.ok(JAMES, 's3:PutPublicAccessBlock', { Bucket: BUCKET, PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    w.ok(JAMES, 's3:PutObjectAcl', { Bucket: BUCKET, Key: 'confidential.txt', ACL: 'public-read' });
    expect(w.ok(ANON, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential.txt' })).toMatchObject({ Body: OLD_BODY, ServerSideEncryption: 'AES256' });

    // The default switches to SSE-KMS with James's key; the old object is not re-encrypted.
    w.kmsDefault(ROOT_A, BUCKET, keyArn, false);
    expect(w.ok(ROOT_A, 's3:GetBucketEncryption', { Bucket: BUCKET })).toMatchObject({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
    });
    expect(w.ok(ANON, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential.txt' })).toMatchObject({ Body: OLD_BODY, ServerSideEncryption: 'AES256' });
    expect(w.ok(JAMES, 's3:HeadObject', { Bucket: BUCKET, Key: 'confidential.txt' })).toMatchObject({ ServerSideEncryption: 'AES256' });

    // The second file is SSE-KMS; public ACL or not, anonymous readers get InvalidArgument; Johnny fails KMS.
    expect(w.ok(JAMES, 's3:PutObject', { Bucket: BUCKET, Key: 'confidential2.txt', Body: NEW_BODY })).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    expect(w.ok(JAMES, 's3:HeadObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    w.ok(JAMES, 's3:PutObjectAcl', { Bucket: BUCKET, Key: 'confidential2.txt', ACL: 'public-read' });
    expect(w.code(ANON, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toBe('InvalidArgument');
    expect(w.ok(JAMES, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toMatchObject({ Body: NEW_BODY, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    expect(w.code(JOHNNY, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toBe('AccessDenied');
    expect(w.ok(JOHNNY, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential.txt' })).toMatchObject({ Body: OLD_BODY });

    // James schedules the deletion: the SSE-KMS object is unreadable, the SSE-S3 one is not.
    w.ok(JAMES, 'kms:ScheduleKeyDeletion', { KeyId: keyArn, PendingWindowInDays: 7 });
    expect(w.code(ROOT_A, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toBe('KMS.KMSInvalidStateException');
    expect(w.code(JAMES, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toBe('KMS.KMSInvalidStateException');
    expect(w.ok(ANON, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential.txt' })).toMatchObject({ Body: OLD_BODY });

    // Cancelled: Disabled until enabled again; then nothing was lost.
    w.ok(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: keyArn });
    expect(w.code(JAMES, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toBe('KMS.DisabledException');
    w.ok(ROOT_A, 'kms:EnableKey', { KeyId: keyArn });
    expect(w.ok(JAMES, 's3:GetObject', { Bucket: BUCKET, Key: 'confidential2.txt' })).toMatchObject({ Body: NEW_BODY, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
  });
});

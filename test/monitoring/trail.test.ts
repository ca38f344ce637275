// CloudTrail in the model: every call recorded with AWS's fields, S3's KMS calls under the caller, service events, LookupEvents.
import { describe, expect, it } from 'vitest';
import type { State, TrailEvent } from '../../model/index.ts';
import { trailNewestFirst } from '../../model/monitoring/trail.ts';
import { step } from '../../model/index.ts';
import { A, B, KmsWorld, ROOT_A, ROOT_B, allow, accountStatement, policy, userOf } from '../kms/kms-world.ts';

/** The trail of one account, oldest first. */
const trailOf = (state: State, account: string): TrailEvent[] =>
  [...trailNewestFirst(state.monitoring.trail)].map((n) => n.event).filter((e) => e.recipientAccountId === account).reverse();
const last = (state: State, account: string, name: string): TrailEvent | undefined => trailOf(state, account).filter((e) => e.eventName === name).at(-1);

const ADMIN = policy(allow('*'));

describe('the trail records every call (awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html)', () => {
  it('records a successful CreateKey with the caller, the key as resource and the response', () => {
    const w = new KmsWorld();
    const key = w.key();
    const e = last(w.state, A, 'CreateKey')!;
    expect(e).toMatchObject({
      eventSource: 'kms.amazonaws.com', eventType: 'AwsApiCall', readOnly: false, managementEvent: true, eventCategory: 'Management',
      userIdentity: { type: 'Root', arn: ROOT_A, accountId: A }, awsRegion: 'us-east-1', recipientAccountId: A,
      resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key.arn }],
    });
    expect(e.eventTime).toBe('2026-01-01T00:00:00Z');
    expect((e.responseElements as { keyMetadata: { arn: string } }).keyMetadata.arn).toBe(key.arn);
    expect(e.errorCode).toBeUndefined();
  });

  // kms/latest/developerguide/ct-schedule-key-deletion.html: responseElements keyId, keyState, deletionDate, pendingWindowInDays.
  it('records ScheduleKeyDeletion with keyState PendingDeletion and the deletion date', () => {
    const w = new KmsWorld();
    const key = w.key();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key.id, PendingWindowInDays: 7 });
    const e = last(w.state, A, 'ScheduleKeyDeletion')!;
    expect(e.requestParameters).toEqual({ keyId: key.id, pendingWindowInDays: 7 });
    // The date as the guide's example writes it ("Apr 12, 2021 18:58:30 PM").
    expect(e.responseElements).toEqual({ keyId: key.arn, keyState: 'PendingDeletion', deletionDate: 'Jan 8, 2026 00:00:00 AM' });
  });

  // kms/latest/developerguide/ct-decrypt.html: encryptionContext is logged; the plaintext never is.
  it('records crypto calls as read-only, with the encryption context and without the plaintext', () => {
    const w = new KmsWorld();
    const key = w.key();
    w.ok(ROOT_A, 'kms:Encrypt', { KeyId: key.arn, Plaintext: 'top secret', EncryptionContext: { Dept: 'Finance' } });
    const e = last(w.state, A, 'Encrypt')!;
    expect(e.readOnly).toBe(true);
    expect(e.responseElements).toBeNull();
    expect(e.requestParameters).toEqual({ keyId: key.arn, encryptionContext: { Dept: 'Finance' } });
    expect(JSON.stringify(e)).not.toContain('top secret');
  });

  // spec §9: the alarm recipe matches errorMessage "* is pending deletion." of failed KMS calls.
  it('records a failed call with its error code and message', () => {
    const w = new KmsWorld();
    const key = w.key();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key.id, PendingWindowInDays: 7 });
    w.fail(ROOT_A, 'kms:Encrypt', { KeyId: key.id, Plaintext: 'x' });
    const e = last(w.state, A, 'Encrypt')!;
    expect(e.errorCode).toBe('KMSInvalidStateException');
    expect(e.errorMessage).toBe(`${key.arn} is pending deletion.`);
    expect(e.responseElements).toBeNull();
  });

  it('records validation failures and authorization failures too', () => {
    const w = new KmsWorld();
    const nobody = w.user(A, 'nobody');
    w.fail(ROOT_A, 'kms:CreateKey', { KeySpec: 'NOT_A_SPEC' });
    w.fail(nobody, 'kms:CreateKey', {});
    const events = trailOf(w.state, A).filter((e) => e.eventName === 'CreateKey');
    expect(events.map((e) => e.errorCode)).toEqual(['ValidationException', 'AccessDeniedException']);
    expect(events[1]!.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'nobody', arn: nobody });
  });

  it('does not record calls with unknown credentials, unsigned KMS calls, nor calls keyward does not model', () => {
    const w = new KmsWorld();
    w.call(userOf(A, 'ghost'), 'kms:ListKeys', {});
    w.call('anonymous', 'kms:DescribeKey', { KeyId: `arn:aws:kms:us-east-1:${A}:key/00000000-0000-4000-8000-000000000000` });
    w.call(ROOT_A, 'kms:ImportKeyMaterial', {});
    expect(w.state.monitoring.trail).toBeUndefined();
  });

  // kms/latest/developerguide/logging-using-cloudtrail.html: cross-account calls are logged in both accounts.
  it("records a cross-account call in the caller's and the key owner's trail", () => {
    const w = new KmsWorld();
    const key = w.key(ROOT_A, { Policy: policy(accountStatement(A), { Effect: 'Allow', Principal: { AWS: ROOT_B }, Action: 'kms:Encrypt', Resource: '*' }) });
    const bob = w.user(B, 'bob', ADMIN);
    w.ok(bob, 'kms:Encrypt', { KeyId: key.arn, Plaintext: 'x' });
    expect(last(w.state, A, 'Encrypt')?.userIdentity.arn).toBe(bob);
    expect(last(w.state, B, 'Encrypt')?.userIdentity.arn).toBe(bob);
    expect(last(w.state, A, 'Encrypt')?.eventID).not.toBe(last(w.state, B, 'Encrypt')?.eventID);
  });

  // kms/latest/developerguide/ct-reencrypt.html: the source key comes from the ciphertext when the request names none.
  it('records a ReEncrypt in the trail of the account whose key the ciphertext names', () => {
    const w = new KmsWorld();
    const source = w.key(ROOT_A, { Policy: policy(accountStatement(A), { Effect: 'Allow', Principal: { AWS: ROOT_B }, Action: 'kms:ReEncrypt*', Resource: '*' }) });
    const blob = w.ok(ROOT_A, 'kms:Encrypt', { KeyId: source.arn, Plaintext: 'x' })['CiphertextBlob'];
    const bob = w.user(B, 'bob', ADMIN);
    const destination = w.key(ROOT_B);
    w.ok(bob, 'kms:ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: destination.arn });
    expect(last(w.state, A, 'ReEncrypt')?.resources?.map((r) => r.ARN).sort()).toEqual([destination.arn, source.arn].sort());
    expect(last(w.state, B, 'ReEncrypt')?.sharedEventID).toBe(last(w.state, A, 'ReEncrypt')?.sharedEventID);
  });

  // kms/latest/developerguide/ct-delete-key.html: an AwsServiceEvent with invokedBy "AWS Internal".
  it('records the DeleteKey service event when the waiting period ends', () => {
    const w = new KmsWorld();
    const key = w.key();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key.id, PendingWindowInDays: 7 });
    w.advance({ days: 8 });
    const e = last(w.state, A, 'DeleteKey')!;
    expect(e).toMatchObject({ eventType: 'AwsServiceEvent', userIdentity: { accountId: A, invokedBy: 'AWS Internal' }, requestParameters: null, responseElements: { keyId: key.arn }, resources: [{ ARN: key.arn }] });
    expect(e.eventTime).toBe('2026-01-08T00:00:00Z');
    expect(e.requestID).toBeUndefined();
  });

  // kms/latest/developerguide/ct-rotatekey.html: serviceEventDetails {rotationType: "AUTOMATIC", keyId}.
  it('records the RotateKey service event of an automatic rotation', () => {
    const w = new KmsWorld();
    const key = w.key();
    w.ok(ROOT_A, 'kms:EnableKeyRotation', { KeyId: key.id, RotationPeriodInDays: 90 });
    w.advance({ days: 91 });
    expect(last(w.state, A, 'RotateKey')).toMatchObject({ eventType: 'AwsServiceEvent', serviceEventDetails: { rotationType: 'AUTOMATIC', keyId: key.id } });
  });

  // kms/latest/developerguide/ct-disablekey.html: since December 2022 "responseElements.keyId" holds the key ARN.
  it('records the key ARN as responseElements.keyId of KMS calls that return nothing', () => {
    const w = new KmsWorld();
    const key = w.key();
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key.id });
    expect(last(w.state, A, 'DisableKey')?.responseElements).toEqual({ keyId: key.arn });
  });

  // awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html: an assumed role's session context.
  it('records a role session with its issuer and the time the session was issued', () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice', ADMIN);
    w.ok(ROOT_A, 'iam:CreateRole', { RoleName: 'Ops', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole' }) });
    w.ok(ROOT_A, 'iam:PutRolePolicy', { RoleName: 'Ops', PolicyName: 'admin', PolicyDocument: ADMIN });
    w.advance({ hours: 2 });
    const out = w.ok(alice, 'sts:AssumeRole', { RoleArn: `arn:aws:iam::${A}:role/Ops`, RoleSessionName: 'shift' });
    const session = (out['AssumedRoleUser'] as { Arn: string }).Arn;
    w.advance({ minutes: 30 });
    w.ok(session, 'kms:ListKeys', {});
    const e = last(w.state, A, 'ListKeys')!;
    expect(e.userIdentity).toMatchObject({ type: 'AssumedRole', arn: session, accountId: A, sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${A}:role/Ops`, userName: 'Ops' }, attributes: { creationDate: '2026-01-01T02:00:00Z' } } });
    expect(e.userIdentity.principalId).toMatch(/^AROA[A-Z2-7]{17}:shift$/);
  });

  // IAM-UG cloudtrail-integration.html: AssumeRole names the role and records the response without the secret.
  it('records AssumeRole with the role as resource, in the role owner\'s trail too, and the response without the secret key', () => {
    const w = new KmsWorld();
    const bob = w.user(B, 'bob', ADMIN);
    const trust = policy({ Effect: 'Allow', Principal: { AWS: bob }, Action: 'sts:AssumeRole' });
    w.ok(ROOT_A, 'iam:CreateRole', { RoleName: 'Shared', AssumeRolePolicyDocument: trust });
    w.ok(bob, 'sts:AssumeRole', { RoleArn: `arn:aws:iam::${A}:role/Shared`, RoleSessionName: 'visit' });
    const inB = last(w.state, B, 'AssumeRole')!;
    const inA = last(w.state, A, 'AssumeRole')!;
    expect(inB.resources).toEqual([{ accountId: A, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${A}:role/Shared` }]);
    expect(inA.sharedEventID).toBeDefined();
    expect(inA.sharedEventID).toBe(inB.sharedEventID);
    expect((inB.responseElements as { assumedRoleUser: { arn: string } }).assumedRoleUser.arn).toBe(`arn:aws:sts::${A}:assumed-role/Shared/visit`);
    // A real AssumeRole record keeps the access key id, session token and expiration, never the secret access key.
    expect(JSON.stringify(inB.responseElements)).not.toMatch(/secretAccessKey/i);
    expect((inB.responseElements as { credentials: object }).credentials).toHaveProperty('sessionToken');
  });

  it('copies what it records: changing the input or output afterwards changes nothing', () => {
    const w = new KmsWorld();
    const key = w.key();
    const input = { KeyId: key.id, PendingWindowInDays: 7 };
    const r = step(w.state, { as: ROOT_A, op: 'kms:ScheduleKeyDeletion', input });
    input.PendingWindowInDays = 30;
    if (r.outcome.ok) (r.outcome.output as Record<string, unknown>)['KeyState'] = 'Enabled';
    const e = last(r.state, A, 'ScheduleKeyDeletion')!;
    expect(e.requestParameters).toMatchObject({ pendingWindowInDays: 7 });
    expect(e.responseElements).toMatchObject({ keyState: 'PendingDeletion' });
  });
});

describe("S3's KMS calls are recorded under the caller (spec §9; AmazonS3/latest/userguide/UsingKMSEncryption.html)", () => {
  function bucketWithObject(): { w: KmsWorld; key: { id: string; arn: string }; james: string } {
    const w = new KmsWorld();
    const james = w.user(A, 'James', ADMIN);
    const key = w.key();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'secrets' });
    w.ok(ROOT_A, 's3:PutBucketEncryption', { Bucket: 'secrets', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn } }] } });
    w.ok(james, 's3:PutObject', { Bucket: 'secrets', Key: 'a.txt', Body: 'hello' });
    return { w, key, james };
  }

  it('records GenerateDataKey on PUT and Decrypt on GET with invokedBy s3.amazonaws.com and the aws:s3:arn context', () => {
    const { w, key, james } = bucketWithObject();
    w.ok(james, 's3:GetObject', { Bucket: 'secrets', Key: 'a.txt' });
    const generate = last(w.state, A, 'GenerateDataKey')!;
    const decrypt = last(w.state, A, 'Decrypt')!;
    for (const e of [generate, decrypt]) {
      expect(e.userIdentity).toMatchObject({ type: 'IAMUser', arn: james, invokedBy: 's3.amazonaws.com' });
      expect(e.sourceIPAddress).toBe('s3.amazonaws.com');
      expect(e.resources).toEqual([{ accountId: A, type: 'AWS::KMS::Key', ARN: key.arn }]);
      expect((e.requestParameters as { encryptionContext: object }).encryptionContext).toEqual({ 'aws:s3:arn': 'arn:aws:s3:::secrets/a.txt' });
    }
    const get = last(w.state, A, 'GetObject')!;
    expect(get).toMatchObject({ eventSource: 's3.amazonaws.com', managementEvent: false, eventCategory: 'Data' });
    // AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html: bucketName, Host, key; headers by their names.
    expect(get.requestParameters).toEqual({ bucketName: 'secrets', Host: 'secrets.s3.us-east-1.amazonaws.com', key: 'a.txt' });
    expect(get.resources).toEqual([{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::secrets/a.txt' }, { accountId: A, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::secrets' }]);
    const put = last(w.state, A, 'PutObject')!;
    expect(put.responseElements).toMatchObject({ 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': key.arn });
  });

  it('records the failing KMS call behind a failing S3 read', () => {
    const { w, key, james } = bucketWithObject();
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: key.id, PendingWindowInDays: 7 });
    expect(w.fail(james, 's3:GetObject', { Bucket: 'secrets', Key: 'a.txt' }).code).toBe('KMS.KMSInvalidStateException');
    const decrypt = last(w.state, A, 'Decrypt')!;
    expect(decrypt).toMatchObject({ errorCode: 'KMSInvalidStateException', errorMessage: `${key.arn} is pending deletion.`, userIdentity: { invokedBy: 's3.amazonaws.com' } });
    expect(last(w.state, A, 'GetObject')?.errorCode).toBe('KMS.KMSInvalidStateException');
  });
});

describe('cloudtrail:LookupEvents (awscloudtrail/latest/APIReference/API_LookupEvents.html)', () => {
  function busyWorld(): { w: KmsWorld; key: { id: string; arn: string } } {
    const w = new KmsWorld();
    const key = w.key();
    w.advance({ hours: 1 });
    w.ok(ROOT_A, 'kms:DisableKey', { KeyId: key.id });
    w.advance({ hours: 1 });
    w.ok(ROOT_A, 'kms:EnableKey', { KeyId: key.id });
    return { w, key };
  }
  const names = (out: object): string[] => (out as { Events: { EventName: string }[] }).Events.map((e) => e.EventName);

  it('returns management events of the account, newest first, with the record as CloudTrailEvent', () => {
    const { w } = busyWorld();
    const out = w.ok(ROOT_A, 'cloudtrail:LookupEvents', {});
    expect(names(out)).toEqual(['EnableKey', 'DisableKey', 'CreateKey']);
    const first = (out['Events'] as { CloudTrailEvent: string; Username: string; ReadOnly: string }[])[0]!;
    expect(JSON.parse(first.CloudTrailEvent).eventName).toBe('EnableKey');
    expect(first.Username).toBe('root');
    expect(first.ReadOnly).toBe('false');
    expect(names(w.ok(ROOT_B, 'cloudtrail:LookupEvents', {}))).toEqual([]);
  });

  it('filters by one lookup attribute and by time range', () => {
    const { w, key } = busyWorld();
    expect(names(w.ok(ROOT_A, 'cloudtrail:LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DisableKey' }] }))).toEqual(['DisableKey']);
    expect(names(w.ok(ROOT_A, 'cloudtrail:LookupEvents', { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: key.arn }] }))).toHaveLength(3);
    expect(names(w.ok(ROOT_A, 'cloudtrail:LookupEvents', { StartTime: '2026-01-01T00:30:00Z', EndTime: '2026-01-01T01:30:00Z' }))).toEqual(['DisableKey']);
  });

  it('pages with MaxResults and NextToken', () => {
    const { w } = busyWorld();
    const first = w.ok(ROOT_A, 'cloudtrail:LookupEvents', { MaxResults: 2 });
    expect(names(first)).toEqual(['EnableKey', 'DisableKey']);
    const second = w.ok(ROOT_A, 'cloudtrail:LookupEvents', { MaxResults: 2, NextToken: first['NextToken'] });
    expect(names(second)).toEqual(['CreateKey']);
    expect(second['NextToken']).toBeUndefined();
  });

  it('leaves data events out (S3 object reads are not in event history)', () => {
    const w = new KmsWorld();
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'plain-bucket' });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'plain-bucket', Key: 'k', Body: 'x' });
    expect(names(w.ok(ROOT_A, 'cloudtrail:LookupEvents', {}))).toEqual(['CreateBucket']);
  });

  it('rejects bad lookups with CloudTrail error codes, and callers without permission', () => {
    const { w } = busyWorld();
    const two = [{ AttributeKey: 'EventName', AttributeValue: 'x' }, { AttributeKey: 'Username', AttributeValue: 'y' }];
    expect(w.fail(ROOT_A, 'cloudtrail:LookupEvents', { LookupAttributes: two }).code).toBe('InvalidLookupAttributesException');
    expect(w.fail(ROOT_A, 'cloudtrail:LookupEvents', { LookupAttributes: [{ AttributeKey: 'Colour', AttributeValue: 'x' }] }).code).toBe('InvalidLookupAttributesException');
    expect(w.fail(ROOT_A, 'cloudtrail:LookupEvents', { StartTime: '2026-01-02T00:00:00Z', EndTime: '2026-01-01T00:00:00Z' }).code).toBe('InvalidTimeRangeException');
    expect(w.fail(ROOT_A, 'cloudtrail:LookupEvents', { MaxResults: 51 }).code).toBe('InvalidMaxResultsException');
    const nobody = w.user(A, 'nobody');
    expect(w.fail(nobody, 'cloudtrail:LookupEvents', {}).code).toBe('AccessDeniedException');
  });
});

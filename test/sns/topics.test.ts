// SNS through step(): CreateTopic, ListTopics, DeleteTopic, Subscribe, ListSubscriptionsByTopic, Publish.
import { describe, expect, it } from 'vitest';
import { A, B, World, allow, policy, rootOf, userOf } from '../iam/support.ts';

const ROOT = rootOf(A);
const arnOf = (name: string, account = A): string => `arn:aws:sns:us-east-1:${account}:${name}`;
const TOPIC = arnOf('kms-alerts');

function world(): World {
  const w = new World();
  w.ok(ROOT, 'sns:CreateTopic', { Name: 'kms-alerts' });
  return w;
}

describe('CreateTopic', () => {
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html — "This action is idempotent, so if the requester
  // already owns a topic with the specified name, that topic's ARN is returned without creating a new topic."
  it('returns arn:aws:sns:REGION:ACCOUNT:NAME, the same ARN again for the same name and attributes', () => {
    const w = new World();
    expect(w.ok(ROOT, 'sns:CreateTopic', { Name: 'kms-alerts', Attributes: { DisplayName: 'KMS' } })).toEqual({ TopicArn: TOPIC });
    expect(w.ok(ROOT, 'sns:CreateTopic', { Name: 'kms-alerts', Attributes: { DisplayName: 'KMS' } })).toEqual({ TopicArn: TOPIC });
    expect(w.ok(ROOT, 'sns:CreateTopic', { Name: 'kms-alerts' })).toEqual({ TopicArn: TOPIC });
    expect(Object.keys(w.state.monitoring.topics)).toEqual([TOPIC]);
    expect(w.call(ROOT, 'sns:CreateTopic', { Name: 'kms-alerts', Attributes: { DisplayName: 'other' } })).toEqual({
      ok: false, error: { code: 'InvalidParameter', message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes' },
    });
  });

  // "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and
  // must be between 1 and 256 characters long."
  it('rejects names outside [A-Za-z0-9_-]{1,256} with InvalidParameter', () => {
    const w = new World();
    for (const Name of ['', 'has space', 'dot.ted', 'x'.repeat(257)]) expect(w.code(ROOT, 'sns:CreateTopic', { Name })).toBe('InvalidParameter');
    expect(w.code(ROOT, 'sns:CreateTopic', { Name: 'x'.repeat(256) })).toBe('ok');
  });

  // API_CreateTopic.html — Attributes (Policy, DeliveryPolicy, KmsMasterKeyId, ...), Tags and DataProtectionPolicy are
  // real inputs keyward does not model: UnsupportedCall marked unsupported, never an AWS error code, never ignored.
  it('refuses the attributes, tags and data protection policies keyward does not model', () => {
    const w = new World();
    expect(w.call(ROOT, 'sns:CreateTopic', { Name: 'p', Attributes: { Policy: '{}' } })).toMatchObject({
      ok: false, unsupported: true, error: { code: 'UnsupportedCall', message: expect.stringContaining('keyward does not model topic attributes other than DisplayName') },
    });
    expect(w.call(ROOT, 'sns:CreateTopic', { Name: 'p', Tags: [{ Key: 'k', Value: 'v' }] })).toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedCall' } });
    expect(w.code(ROOT, 'sns:CreateTopic', { Name: 'p', DataProtectionPolicy: '{}' })).toBe('UnsupportedCall');
    expect(w.state.monitoring.topics).toEqual({});
  });
});

describe('ListTopics and DeleteTopic', () => {
  // https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html — "Returns a list of the requester's topics."
  it('lists the caller account\'s topics only', () => {
    const w = world();
    w.ok(ROOT, 'sns:CreateTopic', { Name: 'audit' });
    w.ok(rootOf(B), 'sns:CreateTopic', { Name: 'theirs' });
    expect(w.ok(ROOT, 'sns:ListTopics')).toEqual({ Topics: [{ TopicArn: arnOf('audit') }, { TopicArn: TOPIC }] });
    expect(w.ok(rootOf(B), 'sns:ListTopics')).toEqual({ Topics: [{ TopicArn: arnOf('theirs', B) }] });
    expect(w.code(ROOT, 'sns:ListTopics', { NextToken: 'nonsense' })).toBe('InvalidParameter');
  });

  // https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html — "This action is idempotent, so deleting a topic
  // that does not exist does not result in an error."
  it('deletes a topic; deleting it again is not an error; a topic of another account is an AuthorizationError', () => {
    const w = world();
    expect(w.code(rootOf(B), 'sns:DeleteTopic', { TopicArn: TOPIC })).toBe('AuthorizationError');
    expect(w.ok(ROOT, 'sns:DeleteTopic', { TopicArn: TOPIC })).toEqual({});
    expect(w.state.monitoring.topics[TOPIC]).toBeUndefined();
    expect(w.ok(ROOT, 'sns:DeleteTopic', { TopicArn: TOPIC })).toEqual({});
    expect(w.code(ROOT, 'sns:DeleteTopic', { TopicArn: 'not-an-arn' })).toBe('InvalidParameter');
    expect(w.code(ROOT, 'sns:DeleteTopic', { TopicArn: `arn:aws:sns:eu-west-1:${A}:kms-alerts` })).toBe('InvalidParameter');
  });
});

describe('Subscribe and ListSubscriptionsByTopic', () => {
  // https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html — "If the endpoint type is HTTP/S or email, or if the
  // endpoint and the topic are not in the same Amazon Web Services account, the endpoint owner must run the
  // ConfirmSubscription action"; the answer is "pending confirmation" unless ReturnSubscriptionArn is true.
  it('an email subscription is pending confirmation; an SQS queue of the same account is confirmed at once', () => {
    const w = world();
    expect(w.ok(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'keyadmin@example.com' })).toEqual({ SubscriptionArn: 'pending confirmation' });
    const queue = w.ok(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${A}:alerts` }).SubscriptionArn as string;
    expect(queue).toMatch(new RegExp(`^${TOPIC}:[0-9a-f-]{36}$`));
    const foreignQueue = w.ok(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${B}:theirs`, ReturnSubscriptionArn: true }).SubscriptionArn as string;
    expect(foreignQueue).toMatch(new RegExp(`^${TOPIC}:`));
    expect(w.ok(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${A}:alerts` })).toEqual({ SubscriptionArn: queue });
    expect(w.ok(ROOT, 'sns:ListSubscriptionsByTopic', { TopicArn: TOPIC })).toEqual({
      Subscriptions: [
        { SubscriptionArn: 'PendingConfirmation', Owner: A, Protocol: 'email', Endpoint: 'keyadmin@example.com', TopicArn: TOPIC },
        { SubscriptionArn: queue, Owner: A, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${A}:alerts`, TopicArn: TOPIC },
        { SubscriptionArn: 'PendingConfirmation', Owner: A, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${B}:theirs`, TopicArn: TOPIC },
      ],
    });
  });

  it('answers NotFound for a topic that does not exist and InvalidParameter for an endpoint that does not fit the protocol', () => {
    const w = world();
    expect(w.call(ROOT, 'sns:Subscribe', { TopicArn: arnOf('nope'), Protocol: 'email', Endpoint: 'a@example.com' })).toEqual({ ok: false, error: { code: 'NotFound', message: 'Topic does not exist' } });
    expect(w.code(ROOT, 'sns:ListSubscriptionsByTopic', { TopicArn: arnOf('nope') })).toBe('NotFound');
    expect(w.code(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'not an address' })).toBe('InvalidParameter');
    expect(w.code(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'https', Endpoint: 'http://example.com/hook' })).toBe('InvalidParameter');
    expect(w.code(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'email' })).toBe('InvalidParameter');
    expect(w.call(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'carrier-pigeon', Endpoint: 'x' })).toEqual({
      ok: false, error: { code: 'InvalidParameter', message: 'Invalid parameter: Invalid protocol type: carrier-pigeon' },
    });
  });

  // API_Subscribe.html — Protocol "application" (mobile apps) and "firehose", and subscription Attributes, are real
  // inputs keyward does not model.
  it('refuses the application and firehose protocols and subscription attributes as not modelled', () => {
    const w = world();
    expect(w.call(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'firehose', Endpoint: `arn:aws:firehose:us-east-1:${A}:deliverystream/s` })).toMatchObject({
      ok: false, unsupported: true, error: { code: 'UnsupportedCall', message: 'keyward does not model the firehose protocol' },
    });
    expect(w.code(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'application', Endpoint: 'x' })).toBe('UnsupportedCall');
    expect(w.code(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'a@example.com', Attributes: { RawMessageDelivery: 'true' } })).toBe('UnsupportedCall');
    expect(w.state.monitoring.topics[TOPIC]!.subscriptions).toEqual([]);
  });
});

describe('Publish', () => {
  // https://docs.aws.amazon.com/sns/latest/api/API_Publish.html — "When a messageId is returned, the message is saved
  // and Amazon SNS immediately delivers it to subscribers." keyward records it on the topic.
  it('records the message on the topic and answers its MessageId; the same calls give the same ids', () => {
    const run = () => {
      const w = world();
      w.ok(ROOT, 'sns:Subscribe', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'keyadmin@example.com' });
      const first = w.ok(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: 'key scheduled for deletion', Subject: 'KMS' }).MessageId as string;
      const second = w.ok(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: 'second' }).MessageId as string;
      return { w, first, second };
    };
    const { w, first, second } = run();
    expect(first).not.toBe(second);
    expect(w.state.monitoring.topics[TOPIC]!.notifications).toEqual([
      { at: w.state.now, messageId: first, subject: 'KMS', message: 'key scheduled for deletion' },
      { at: w.state.now, messageId: second, subject: '', message: 'second' },
    ]);
    expect(run().first).toBe(first);
  });

  it('checks the message: not empty, a subject under 100 characters without line breaks, a default entry for MessageStructure json', () => {
    const w = world();
    expect(w.call(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: '' })).toEqual({ ok: false, error: { code: 'InvalidParameter', message: 'Invalid parameter: Empty message' } });
    expect(w.code(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: 'm', Subject: 's'.repeat(100) })).toBe('InvalidParameter');
    expect(w.code(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: 'm', Subject: 'two\nlines' })).toBe('InvalidParameter');
    expect(w.call(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: '{"email":"x"}', MessageStructure: 'json' })).toEqual({
      ok: false, error: { code: 'InvalidParameter', message: 'Invalid parameter: Message Structure - No default entry in JSON message body' },
    });
    expect(w.code(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: '{"default":"x"}', MessageStructure: 'json' })).toBe('ok');
    expect(w.code(ROOT, 'sns:Publish', { TopicArn: arnOf('nope'), Message: 'm' })).toBe('NotFound');
  });

  // API_Publish.html — "If you don't specify a value for the TopicArn parameter, you must specify a value for the
  // PhoneNumber or TargetArn parameters": none of them is InvalidParameter "Invalid parameter: TopicArn or TargetArn
  // Reason: no value for required parameter" (sul-dlss/dlme#432); TargetArn and PhoneNumber are not modelled.
  it('needs a TopicArn; refuses TargetArn, PhoneNumber and message attributes as not modelled', () => {
    const w = world();
    expect(w.call(ROOT, 'sns:Publish', { Message: 'm' })).toEqual({
      ok: false, error: { code: 'InvalidParameter', message: 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter' },
    });
    expect(w.call(ROOT, 'sns:Publish', { PhoneNumber: '+15555550100', Message: 'm' })).toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedCall' } });
    expect(w.code(ROOT, 'sns:Publish', { TargetArn: `arn:aws:sns:us-east-1:${A}:endpoint/APNS/app/id`, Message: 'm' })).toBe('UnsupportedCall');
    expect(w.code(ROOT, 'sns:Publish', { TopicArn: TOPIC, Message: 'm', MessageAttributes: {} })).toBe('UnsupportedCall');
    expect(w.state.monitoring.topics[TOPIC]!.notifications).toEqual([]);
  });
});

describe('authorization', () => {
  // keyward authorizes SNS calls as calls on the caller's own account (topic policies are not modelled): the caller's
  // IAM policies decide; AuthorizationError otherwise (API_Publish.html Errors); a topic of another account is refused.
  it('an IAM user needs sns:Publish on the topic; another account is refused', () => {
    const w = world();
    w.ok(ROOT, 'iam:CreateUser', { UserName: 'app' });
    const app = userOf(A, 'app');
    expect(w.call(app, 'sns:Publish', { TopicArn: TOPIC, Message: 'm' })).toMatchObject({ ok: false, error: { code: 'AuthorizationError', message: expect.stringContaining('sns:Publish') } });
    w.ok(ROOT, 'iam:PutUserPolicy', { UserName: 'app', PolicyName: 'publish', PolicyDocument: policy(allow('sns:Publish', TOPIC)) });
    expect(w.code(app, 'sns:Publish', { TopicArn: TOPIC, Message: 'm' })).toBe('ok');
    expect(w.code(app, 'sns:CreateTopic', { Name: 'more' })).toBe('AuthorizationError');
    expect(w.code(app, 'sns:ListTopics')).toBe('AuthorizationError');
    expect(w.call(rootOf(B), 'sns:Publish', { TopicArn: TOPIC, Message: 'm' })).toMatchObject({
      ok: false, error: { code: 'AuthorizationError', message: expect.stringContaining('because no resource-based policy allows the SNS:Publish action') },
    });
    expect(w.state.monitoring.topics[TOPIC]!.notifications).toHaveLength(1);
  });
});

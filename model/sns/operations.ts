// The SNS operations keyward models, by name (the part after `sns:` in a call): topics, subscriptions and Publish.
import { z } from 'zod';
import { parseArn, topicArn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { accessDeniedMessage } from '../authz/authorize.ts';
import { authorizeOwnAccount } from '../iam/authorize.ts';
import { paginate } from '../listing.ts';
import type { JsonObject, Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, NOT_MODELLED, notModelled, notModelledField, signedOp, success } from '../op.ts';
import type { State, Topic } from '../state.ts';
import { deliver, nextSubscriptionId, parseTopicArn, withTopic } from './topics.ts';

/** https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (Errors) — "InvalidParameter: Indicates that a request parameter does not comply with the associated constraints" (messages read "Invalid parameter: ..."). */
const invalidParameter = (what: string): OpOutcome => failure('InvalidParameter', `Invalid parameter: ${what}`);

/** https://docs.aws.amazon.com/sns/latest/api/API_Publish.html — Errors: NotFound, "Indicates that the requested resource does not exist." */
const topicNotFound = (): OpOutcome => failure('NotFound', 'Topic does not exist');

/** An SNS topic the call names, in the caller's own account and in the Region of the world. */
type TopicResolution = { readonly ok: true; readonly topic: Topic | undefined } | { readonly ok: false; readonly outcome: OpOutcome };

/**
 * Resolve and authorize a call on a topic. SNS topics have a topic policy
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html); keyward does not model topic policies
 * and authorizes every SNS call as a call on the caller's own account (its IAM policies, boundaries, session policies
 * and SCPs), denied with `AuthorizationError` (API_Publish.html Errors: "AuthorizationError ... 403"). A topic of
 * another account answers AuthorizationError: the default topic policy lets only the owner account act on the topic.
 * A TopicArn that is not a topic ARN of this Region is an InvalidParameter.
 */
function resolveTopic(state: State, caller: SignedCaller, env: RequestEnvironment, arn: string, action: string): TopicResolution {
  const parts = parseTopicArn(arn);
  if (!parts || parts.region !== state.region) return { ok: false, outcome: invalidParameter('TopicArn') };
  if (parts.account !== caller.account) {
    return { ok: false, outcome: failure('AuthorizationError', accessDeniedMessage(caller.arn, `SNS:${action}`, arn, 'noResourcePolicy')) };
  }
  const denied = authorizeOwnAccount({ state, caller, action: `sns:${action}`, resource: arn, env }, 'AuthorizationError');
  if (denied) return { ok: false, outcome: failWith(denied) };
  return { ok: true, topic: state.monitoring.topics[arn] };
}

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html — "Topic names must be made up of only uppercase and
 * lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long" (a FIFO
 * topic's ".fifo" suffix needs the FifoTopic attribute, which keyward does not model).
 */
const topicNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'Invalid parameter: Topic Name');

const createTopicSchema = z.strictObject({
  Name: topicNameSchema,
  Attributes: z.record(z.string(), z.string()).refine((a) => Object.keys(a).every((k) => k === 'DisplayName'), `${NOT_MODELLED}topic attributes other than DisplayName`).optional(),
  Tags: notModelledField('topic tags (Tags)'),
  DataProtectionPolicy: notModelledField('data protection policies (DataProtectionPolicy)'),
});

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html — "This action is idempotent, so if the requester
 * already owns a topic with the specified name, that topic's ARN is returned without creating a new topic"; asked with
 * attributes that differ from the topic's, SNS answers InvalidParameter "Invalid parameter: Attributes Reason: Topic
 * already exists with different attributes".
 */
function createTopic({ state, caller, input, env }: OpRequest<z.infer<typeof createTopicSchema>>): OpOutcome {
  const arn = topicArn(state.region, caller.account, input.Name);
  const denied = authorizeOwnAccount({ state, caller, action: 'sns:CreateTopic', resource: arn, env }, 'AuthorizationError');
  if (denied) return failWith(denied);
  const attributes = input.Attributes ?? {};
  const existing = state.monitoring.topics[arn];
  if (existing) {
    const same = Object.entries(attributes).every(([k, v]) => (existing.attributes ?? {})[k] === v);
    return same ? success(state, { TopicArn: arn }) : invalidParameter('Attributes Reason: Topic already exists with different attributes');
  }
  const topic: Topic = { arn, account: caller.account, name: input.Name, createdAt: state.now, subscriptions: [], notifications: [], attributes };
  return success(withTopic(state, topic), { TopicArn: arn });
}

const listTopicsSchema = z.strictObject({ NextToken: z.string().optional() });

/** https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html — "Returns a list of the requester's topics. Each call returns a limited list of topics, up to 100." */
function listTopics({ state, caller, input, env }: OpRequest<z.infer<typeof listTopicsSchema>>): OpOutcome {
  const denied = authorizeOwnAccount({ state, caller, action: 'sns:ListTopics', resource: '*', env }, 'AuthorizationError');
  if (denied) return failWith(denied);
  const arns = Object.values(state.monitoring.topics).filter((t) => t.account === caller.account).map((t) => t.arn).sort();
  const page = paginate(arns.map((TopicArn): JsonObject => ({ TopicArn })), 100, input.NextToken);
  if (!page) return invalidParameter('NextToken');
  return success(state, { Topics: [...page.items], NextToken: page.NextMarker });
}

const topicArnInput = z.strictObject({ TopicArn: z.string() });

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html — "Deletes a topic and all its subscriptions ...
 * This action is idempotent, so deleting a topic that does not exist does not result in an error."
 */
function deleteTopic({ state, caller, input, env }: OpRequest<z.infer<typeof topicArnInput>>): OpOutcome {
  const resolved = resolveTopic(state, caller, env, input.TopicArn, 'DeleteTopic');
  if (!resolved.ok) return resolved.outcome;
  if (!resolved.topic) return success(state);
  const { [input.TopicArn]: _deleted, ...topics } = state.monitoring.topics;
  return success({ ...state, monitoring: { ...state.monitoring, topics } });
}

const PROTOCOLS = ['email', 'email-json', 'http', 'https', 'sqs', 'lambda', 'sms'] as const;
type Protocol = (typeof PROTOCOLS)[number];
const isModelledProtocol = (p: string): p is Protocol => (PROTOCOLS as readonly string[]).includes(p);

/** https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html — Protocol: the two keyward does not model (mobile apps, Firehose). */
const UNMODELLED_PROTOCOLS: readonly string[] = ['application', 'firehose'];

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html — Endpoint per protocol: "an email address" (email,
 * email-json), "a URL beginning with http://" / "https://", "the ARN of an Amazon SQS queue", "the ARN of an Lambda
 * function", "a phone number of an SMS-enabled device" (E.164). The error texts are INFERRED.
 */
const ENDPOINT_RULES: Readonly<Record<Protocol, { readonly test: RegExp; readonly error: string }>> = {
  'email': { test: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, error: 'Email address' },
  'email-json': { test: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, error: 'Email address' },
  'http': { test: /^http:\/\/\S+$/, error: 'Endpoint must match the specified protocol' },
  'https': { test: /^https:\/\/\S+$/, error: 'Endpoint must match the specified protocol' },
  'sqs': { test: /^arn:aws:sqs:[a-z0-9-]+:\d{12}:[\w-]{1,80}(\.fifo)?$/, error: 'SQS endpoint ARN' },
  'lambda': { test: /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]+)?$/, error: 'Lambda endpoint ARN' },
  'sms': { test: /^\+?[0-9]{5,15}$/, error: 'Invalid SMS endpoint' },
};

const subscribeSchema = z.strictObject({
  TopicArn: z.string(),
  Protocol: z.string(),
  Endpoint: z.string().optional(),
  ReturnSubscriptionArn: z.boolean().optional(),
  Attributes: notModelledField('subscription attributes (Attributes)'),
});

/**
 * The protocol of a subscription: one keyward models, or the outcome for another. An unknown protocol is
 * InvalidParameter in the form AWS gives for a protocol a topic does not take ("Invalid parameter: Invalid protocol
 * type: lambda" for a FIFO topic, hashicorp/terraform#28632; INFERRED for an unknown one); application and firehose are
 * real protocols keyward does not model.
 */
function protocolOf(protocol: string): { readonly ok: true; readonly protocol: Protocol } | { readonly ok: false; readonly outcome: OpOutcome } {
  if (isModelledProtocol(protocol)) return { ok: true, protocol };
  if (UNMODELLED_PROTOCOLS.includes(protocol)) return { ok: false, outcome: notModelled(`the ${protocol} protocol`) };
  return { ok: false, outcome: invalidParameter(`Invalid protocol type: ${protocol}`) };
}

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html — "If the endpoint type is HTTP/S or email, or if the
 * endpoint and the topic are not in the same Amazon Web Services account, the endpoint owner must run the
 * ConfirmSubscription action"; such a subscription answers "pending confirmation" unless ReturnSubscriptionArn is
 * true. Subscribing the same endpoint again returns the existing subscription. keyward does not model
 * ConfirmSubscription: a pending subscription stays pending, and the topic records every message all the same.
 */
function subscribe({ state, caller, input, env }: OpRequest<z.infer<typeof subscribeSchema>>): OpOutcome {
  const resolvedProtocol = protocolOf(input.Protocol);
  if (!resolvedProtocol.ok) return resolvedProtocol.outcome;
  const protocol = resolvedProtocol.protocol;
  const rule = ENDPOINT_RULES[protocol];
  if (input.Endpoint === undefined || !rule.test.test(input.Endpoint)) return invalidParameter(input.Endpoint === undefined ? 'Endpoint' : rule.error);
  const resolved = resolveTopic(state, caller, env, input.TopicArn, 'Subscribe');
  if (!resolved.ok) return resolved.outcome;
  const topic = resolved.topic;
  if (!topic) return topicNotFound();
  const answer = (s: Topic['subscriptions'][number]): JsonObject => ({
    SubscriptionArn: s.pendingConfirmation && !input.ReturnSubscriptionArn ? 'pending confirmation' : s.arn,
  });
  const same = topic.subscriptions.find((s) => s.protocol === protocol && s.endpoint === input.Endpoint);
  if (same) return success(state, answer(same));
  const endpointAccount = parseArn(input.Endpoint)?.account;
  const pendingConfirmation = ['email', 'email-json', 'http', 'https'].includes(protocol) || (endpointAccount !== undefined && endpointAccount !== topic.account);
  const subscription = { arn: `${topic.arn}:${nextSubscriptionId(topic)}`, protocol, endpoint: input.Endpoint, pendingConfirmation };
  return success(withTopic(state, { ...topic, subscriptions: [...topic.subscriptions, subscription] }), answer(subscription));
}

const listSubscriptionsSchema = z.strictObject({ TopicArn: z.string(), NextToken: z.string().optional() });

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html — "Returns a list of the subscriptions
 * to a specific topic. Each call returns a limited list of subscriptions, up to 100"; an unconfirmed subscription's
 * SubscriptionArn reads "PendingConfirmation" (API_Subscription.html).
 */
function listSubscriptionsByTopic({ state, caller, input, env }: OpRequest<z.infer<typeof listSubscriptionsSchema>>): OpOutcome {
  const resolved = resolveTopic(state, caller, env, input.TopicArn, 'ListSubscriptionsByTopic');
  if (!resolved.ok) return resolved.outcome;
  const topic = resolved.topic;
  if (!topic) return topicNotFound();
  const all = topic.subscriptions.map((s): JsonObject => ({
    SubscriptionArn: s.pendingConfirmation ? 'PendingConfirmation' : s.arn,
    Owner: topic.account,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: topic.arn,
  }));
  const page = paginate(all, 100, input.NextToken);
  if (!page) return invalidParameter('NextToken');
  return success(state, { Subscriptions: [...page.items], NextToken: page.NextMarker });
}

const publishSchema = z.strictObject({
  TopicArn: z.string().optional(),
  Message: z.string(),
  Subject: z.string().optional(),
  MessageStructure: z.literal('json', 'Invalid parameter: MessageStructure').optional(),
  TargetArn: notModelledField('publishing to platform endpoints (TargetArn)'),
  PhoneNumber: notModelledField('publishing SMS messages directly (PhoneNumber)'),
  MessageAttributes: notModelledField('message attributes (MessageAttributes)'),
  MessageDeduplicationId: notModelledField('FIFO topics (MessageDeduplicationId)'),
  MessageGroupId: notModelledField('FIFO topics (MessageGroupId)'),
});
type PublishInput = z.infer<typeof publishSchema>;

/** https://docs.aws.amazon.com/sns/latest/api/API_Publish.html — "messages must be UTF-8 encoded strings and at most 256 KB in size (262,144 bytes)". */
const MAX_MESSAGE_BYTES = 262_144;

/**
 * The Publish checks of API_Publish.html: a non-empty message of at most 256 KB; "Subjects must be UTF-8 text with no
 * line breaks or control characters, and less than 100 characters long"; with MessageStructure json the message must
 * "be a syntactically valid JSON object; and contain at least a top-level JSON key of "default" with a value that is a
 * string" (InvalidParameter "Message Structure - No default entry in JSON message body").
 */
function publishInputError(input: PublishInput): OpOutcome | undefined {
  if (input.Message.length === 0) return invalidParameter('Empty message');
  if (Buffer.byteLength(input.Message, 'utf8') > MAX_MESSAGE_BYTES) return invalidParameter('Message too long');
  if (input.Subject !== undefined && (input.Subject.length === 0 || input.Subject.length >= 100 || /[\u0000-\u001f\u007f]/.test(input.Subject))) return invalidParameter('Subject');
  if (input.MessageStructure !== 'json') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(input.Message);
  } catch {
    return invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const hasDefault = typeof body === 'object' && body !== null && typeof (body as Record<string, unknown>)['default'] === 'string';
  return hasDefault ? undefined : invalidParameter('Message Structure - No default entry in JSON message body');
}

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html — "Sends a message to an Amazon SNS topic"; the answer is
 * the MessageId. TopicArn: "If you don't specify a value for the TopicArn parameter, you must specify a value for the
 * PhoneNumber or TargetArn parameters" (which keyward does not model); with none of them SNS answers InvalidParameter
 * "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter" (sul-dlss/dlme#432). keyward
 * records the message on the topic (subject "" when none was given).
 */
function publish({ state, caller, input, env }: OpRequest<PublishInput>): OpOutcome {
  const arn = input.TopicArn;
  if (arn === undefined) return invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  const invalid = publishInputError(input);
  if (invalid) return invalid;
  const resolved = resolveTopic(state, caller, env, arn, 'Publish');
  if (!resolved.ok) return resolved.outcome;
  const delivered = resolved.topic ? deliver(state, arn, { at: state.now, subject: input.Subject ?? '', message: input.Message }) : undefined;
  if (!delivered) return topicNotFound();
  return success(delivered.state, { MessageId: delivered.messageId });
}

export const snsOperations: Readonly<Record<string, Operation<any>>> = {
  CreateTopic: signedOp(createTopicSchema, createTopic),
  ListTopics: signedOp(listTopicsSchema, listTopics),
  DeleteTopic: signedOp(topicArnInput, deleteTopic),
  Subscribe: signedOp(subscribeSchema, subscribe),
  ListSubscriptionsByTopic: signedOp(listSubscriptionsSchema, listSubscriptionsByTopic),
  Publish: signedOp(publishSchema, publish),
};

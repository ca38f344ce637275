// SNS topics: reading their ARNs (built by topicArn in model/arn.ts), and the delivery of a message to a topic (recorded as one of the topic's notifications).
import { uuidOf } from '../ids.ts';
import type { Notification, State, Topic } from '../state.ts';

export interface TopicArnParts {
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** The parts of an SNS topic ARN (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html: arn:aws:sns:REGION:ACCOUNT:NAME), or undefined for anything else (a subscription ARN has one more segment). */
export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const m = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/** A small stable number from a text (FNV-1a), so that ids drawn for different topics differ. */
function saltOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return 1000 + (h % 1_000_000);
}

/**
 * A deterministic UUID-shaped id for the next message or subscription of a topic (SNS message ids and subscription
 * ids are UUIDs). Drawn from the topic's own counters, not from `state.seq`, so monitoring never shifts KMS key ids.
 */
const nextMessageId = (topic: Topic): string => uuidOf(topic.notifications.length + 1, saltOf(topic.arn));
export const nextSubscriptionId = (topic: Topic): string => uuidOf(topic.subscriptions.length + 1, saltOf(topic.arn) + 7);

export const withTopic = (state: State, topic: Topic): State => ({
  ...state,
  monitoring: { ...state.monitoring, topics: { ...state.monitoring.topics, [topic.arn]: topic } },
});

/**
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html — "When a messageId is returned, the message is saved and
 * Amazon SNS immediately delivers it to subscribers". keyward records the message on the topic itself (whatever the
 * subscriptions' confirmation state), so a scenario can see what subscribers would be sent. Undefined: no such topic.
 */
export function deliver(state: State, topicArn: string, message: { readonly at: number; readonly subject: string; readonly message: string }): { readonly state: State; readonly messageId: string } | undefined {
  const topic = state.monitoring.topics[topicArn];
  if (!topic) return undefined;
  const notification: Notification = { ...message, messageId: nextMessageId(topic) };
  return { state: withTopic(state, { ...topic, notifications: [...topic.notifications, notification] }), messageId: notification.messageId };
}

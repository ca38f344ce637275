// The CloudTrail operations keyward models, by name (the part after `cloudtrail:` in a call): LookupEvents over the trail.
import { z } from 'zod';
import type { SignedCaller } from '../authz/caller.ts';
import { authorizeOwnAccount } from '../iam/authorize.ts';
import type { Json, JsonObject, Operation } from '../op.ts';
import { failure, failWith, signedOp, success } from '../op.ts';
import type { State, TrailEvent, TrailLog } from '../state.ts';
import { trailNewestFirst } from '../monitoring/trail.ts';
import { DAY_MS, timestampSchema } from '../timestamps.ts';


/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupAttribute.html — the attribute keys. */
const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];


const lookupEventsSchema = z.strictObject({
  LookupAttributes: z.array(z.strictObject({ AttributeKey: z.string(), AttributeValue: z.string() })).optional(),
  StartTime: timestampSchema.optional(),
  EndTime: timestampSchema.optional(),
  EventCategory: z.literal('insight').optional(),
  MaxResults: z.number().int().optional(),
  NextToken: z.string().optional(),
});

/** LookupEvents' Username: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events-console.html — the user name, the role session name, or "root". */
function usernameOf(event: TrailEvent): string | undefined {
  const who = event.userIdentity;
  if (who.type === 'Root') return 'root';
  if (who.type === 'IAMUser') return who.userName;
  if (who.type === 'AssumedRole') return who.arn?.slice(who.arn.lastIndexOf('/') + 1);
  return undefined;
}

const resourceNames = (event: TrailEvent): string[] => (event.resources ?? []).flatMap((r) => [r.ARN, r.ARN.slice(r.ARN.lastIndexOf('/') + 1)]);

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html — "Lookup supports the following attributes". */
function attributeMatches(event: TrailEvent, key: AttributeKey, value: string): boolean {
  switch (key) {
    case 'EventId': return event.eventID === value;
    case 'EventName': return event.eventName === value;
    case 'ReadOnly': return String(event.readOnly) === value;
    case 'Username': return usernameOf(event) === value;
    case 'ResourceType': return (event.resources ?? []).some((r) => r.type === value);
    case 'ResourceName': return resourceNames(event).includes(value);
    case 'EventSource': return event.eventSource === value;
    case 'AccessKeyId': return false; // keyward's callers sign with no access key id
  }
}

/** The shape LookupEvents returns for one event (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html). */
function lookupEntry(event: TrailEvent): JsonObject {
  const username = usernameOf(event);
  return {
    EventId: event.eventID,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    EventTime: event.eventTime,
    EventSource: event.eventSource,
    ...(username !== undefined ? { Username: username } : {}),
    Resources: (event.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: JSON.stringify(event),
  };
}

interface Lookup {
  readonly account: string;
  readonly region: string;
  readonly from: number;
  readonly to: number;
  readonly attribute: { readonly key: AttributeKey; readonly value: string } | undefined;
}

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html — event history shows "the past
 * 90 days of management events" of the account in the Region (data events are not in event history), newest first.
 */
function selected(node: TrailLog, q: Lookup): boolean {
  const e = node.event;
  return e.recipientAccountId === q.account && e.managementEvent && e.awsRegion === q.region && node.at >= q.from && node.at <= q.to &&
    (!q.attribute || attributeMatches(e, q.attribute.key, q.attribute.value));
}

const invalidAttributes = (message: string) => failure('InvalidLookupAttributesException', message);

function lookupOf(state: State, caller: SignedCaller, input: z.infer<typeof lookupEventsSchema>): Lookup | ReturnType<typeof failure> {
  const attributes = input.LookupAttributes ?? [];
  // API_LookupEvents.html: "Currently the list can contain only one item."
  if (attributes.length > 1) return invalidAttributes('You can only specify one lookup attribute.');
  const attribute = attributes[0];
  if (attribute && !(ATTRIBUTE_KEYS as readonly string[]).includes(attribute.AttributeKey)) {
    return invalidAttributes(`${attribute.AttributeKey} is not a valid lookup attribute key. Valid keys: ${ATTRIBUTE_KEYS.join(', ')}.`);
  }
  const from = input.StartTime ?? state.now - 90 * DAY_MS;
  const to = input.EndTime ?? state.now;
  // API_LookupEvents.html, InvalidTimeRangeException: "the start time occurs after the end time".
  if (from > to) return failure('InvalidTimeRangeException', 'Start time must be before end time.');
  return { account: caller.account, region: state.region, from: Math.max(from, state.now - 90 * DAY_MS), to, attribute: attribute && { key: attribute.AttributeKey as AttributeKey, value: attribute.AttributeValue } };
}

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html — MaxResults 1..50, default 50; NextToken continues. */
function page(state: State, q: Lookup, maxResults: number, token: string | undefined): { events: Json[]; next: string | undefined } | undefined {
  const startBelow = token === undefined ? Infinity : Number(token);
  if (!(startBelow > 0)) return undefined;
  const events: Json[] = [];
  for (const node of trailNewestFirst(state.monitoring.trail)) {
    if (node.size > startBelow || !selected(node, q)) continue;
    if (events.length === maxResults) return { events, next: String(node.size) };
    events.push(lookupEntry(node.event));
  }
  return { events, next: undefined };
}

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html — "Looks up management events ... captured by CloudTrail". */
const LookupEvents = signedOp(lookupEventsSchema, ({ state, caller, input, env }) => {
  const denied = authorizeOwnAccount({ state, caller, env, action: 'cloudtrail:LookupEvents', resource: '*' }, 'AccessDeniedException');
  if (denied) return failWith(denied);
  const maxResults = input.MaxResults ?? 50;
  if (maxResults < 1 || maxResults > 50) return failure('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  if (input.EventCategory === 'insight') return success(state, { Events: [] }); // keyward records no Insights events
  const lookup = lookupOf(state, caller, input);
  if ('ok' in lookup) return lookup;
  const found = page(state, lookup, maxResults, input.NextToken);
  if (!found) return failure('InvalidNextTokenException', 'Invalid NextToken.');
  return success(state, { Events: found.events, ...(found.next !== undefined ? { NextToken: found.next } : {}) });
});

export const cloudtrailOperations: Readonly<Record<string, Operation<any>>> = { LookupEvents };

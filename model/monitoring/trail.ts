// CloudTrail: the record of every call (and of AWS's own service events), appended to the state's trail.
import type { Caller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import { uuidOf } from '../ids.ts';
import { isoSeconds } from '../timestamps.ts';
import { knownAccount } from '../world.ts';
import type { JsonObject, Service } from '../op.ts';
import type { JsonValue, State, TrailEvent, TrailIdentity, TrailLog } from '../state.ts';
import { describeResources, type TrailResource } from './trail-resources.ts';
import { requestParametersOf, responseElementsOf } from './trail-fields.ts';

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html — eventVersion. */
const EVENT_VERSION = '1.09';

/** https://docs.aws.amazon.com/general/latest/gr/rande.html — each service's endpoint prefix, as CloudTrail's eventSource names it. */
const EVENT_SOURCES: Readonly<Record<Service, string>> = {
  kms: 'kms.amazonaws.com',
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  s3: 's3.amazonaws.com',
  organizations: 'organizations.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  logs: 'logs.amazonaws.com',
  cloudwatch: 'monitoring.amazonaws.com',
  sns: 'sns.amazonaws.com',
  config: 'config.amazonaws.com',
};

export const eventSourceOf = (service: Service): string => EVENT_SOURCES[service];

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 * — IAM, STS (global endpoint) and Organizations are global services whose events CloudTrail records in us-east-1.
 */
const GLOBAL_SERVICES: ReadonlySet<Service> = new Set(['iam', 'sts', 'organizations']);

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html — object-level S3 operations are
 * data events; everything else keyward models is a management event.
 */
const S3_DATA_EVENTS: ReadonlySet<string> = new Set(['PutObject', 'GetObject', 'HeadObject', 'CopyObject', 'DeleteObject', 'PutObjectAcl', 'GetObjectAcl']);

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html#read-write-events-mgmt
 * — read-only events are those that read resources without changing them; KMS's cryptographic operations are
 * read-only events (kms/latest/developerguide/ct-encrypt.html: "readOnly": true).
 */
const READ_ONLY_KMS: ReadonlySet<string> = new Set([
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateRandom', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
]);
const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List', 'Lookup', 'Head', 'Test'];

/**
 * STS: https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailevents — AssumeRole is a
 * read-only event, yet its record carries the response (credentials without the secret, the assumed-role user).
 */
const READ_ONLY_WITH_RESPONSE: ReadonlySet<string> = new Set(['sts:AssumeRole']);

const isReadOnly = (service: Service, operation: string): boolean =>
  (service === 'kms' && READ_ONLY_KMS.has(operation)) || READ_ONLY_PREFIXES.some((p) => operation.startsWith(p)) || READ_ONLY_WITH_RESPONSE.has(`${service}:${operation}`);

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html — data events
 * include S3 object-level operations and "Amazon SNS Publish and PublishBatch API operations on topics".
 */
const isDataEvent = (service: Service, operation: string): boolean =>
  (service === 's3' && S3_DATA_EVENTS.has(operation)) || (service === 'sns' && (operation === 'Publish' || operation === 'PublishBatch'));


/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html — the
 * identity fields by credential type; an unsigned S3 request is recorded as the account ANONYMOUS_PRINCIPAL.
 */
function identityOf(caller: Caller, invokedBy?: string): TrailIdentity {
  const via = invokedBy ? { invokedBy } : {};
  switch (caller.kind) {
    case 'anonymous':
      return { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' };
    case 'root':
      return { type: 'Root', principalId: caller.account, arn: caller.arn, accountId: caller.account, ...via };
    case 'user':
      return { type: 'IAMUser', principalId: caller.user.userId, arn: caller.arn, accountId: caller.account, userName: caller.user.name, ...via };
    case 'session': {
      const role = caller.role;
      const issuedAt = caller.session.issuedAt;
      return {
        type: 'AssumedRole',
        principalId: `${role.roleId}:${caller.session.sessionName}`,
        arn: caller.arn,
        accountId: caller.account,
        ...via,
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: role.roleId, arn: role.arn, accountId: role.account, userName: role.name },
          ...(issuedAt !== undefined ? { attributes: { creationDate: isoSeconds(issuedAt), mfaAuthenticated: 'false' as const } } : {}),
        },
      };
    }
  }
}

/** What builds a record when it is first read: the recipient account and the record's trail position vary by copy. */
interface RecordMaker {
  build(recipientAccountId: string, position: number): TrailEvent;
}

/** A trail node whose record is built on first read, once (the memo is invisible: the record is a function of the node). */
class TrailNode implements TrailLog {
  #event: TrailEvent | undefined;
  constructor(
    private readonly maker: RecordMaker,
    readonly at: number,
    readonly recipientAccountId: string,
    readonly previous: TrailLog | undefined,
    readonly size: number,
  ) {}
  get event(): TrailEvent {
    return (this.#event ??= this.maker.build(this.recipientAccountId, this.size));
  }
}

/** Append one event, built on first read, to the trail of its recipient account. */
function appendEvent(state: State, maker: RecordMaker, at: number, recipientAccountId: string): State {
  const previous = state.monitoring.trail;
  const trail = new TrailNode(maker, at, recipientAccountId, previous, (previous?.size ?? 0) + 1);
  return { ...state, monitoring: { ...state.monitoring, trail } };
}

/** Events in the trail newer than `since` (a trail an earlier state had), oldest first. */
export function eventsSince(trail: TrailLog | undefined, since: TrailLog | undefined): TrailLog[] {
  const fresh: TrailLog[] = [];
  for (let node = trail; node && node !== since && node.size > (since?.size ?? 0); node = node.previous) fresh.push(node);
  return fresh.reverse();
}

/** Every event of the trail, newest first. */
export function* trailNewestFirst(trail: TrailLog | undefined): Generator<TrailLog> {
  for (let node = trail; node; node = node.previous) yield node;
}

export interface CallRecord {
  readonly service: Service;
  readonly operation: string;
  /** The caller as resolved before the call ran. */
  readonly caller: Caller;
  readonly input: unknown;
  readonly env: RequestEnvironment;
  readonly result: { readonly ok: true; readonly output: JsonObject } | { readonly ok: false; readonly error: AwsError };
  /** The service that made the call on the caller's behalf (S3 calling KMS): `s3.amazonaws.com`. */
  readonly invokedBy?: string;
  /** The resources, when the recorder knows them better than the input does (S3's KMS calls). */
  readonly resources?: readonly TrailResource[];
}

/** The accounts whose trails receive an event: the caller's and each resource owner's (kms/latest/developerguide/logging-using-cloudtrail.html: cross-account calls are logged in both). */
function recipients(state: State, caller: Caller, resources: readonly TrailResource[]): string[] {
  const accounts = new Set<string>();
  if (caller.kind !== 'anonymous') accounts.add(caller.account);
  for (const r of resources) if (r.accountId && knownAccount(state, r.accountId)) accounts.add(r.accountId);
  return [...accounts];
}

/**
 * Record one call in the trail of every recipient account. `before` is the state the call ran in (it names the
 * resources a failed call was about); `after` is the state the call left, to which the events are appended.
 */
export function recordCall(before: State, after: State, call: CallRecord): State {
  // (Seeded mutant trailOmitsKeyPolicyChanges, model/mutants.ts, drops PutKeyPolicy events.)
  if (after.config.mutant === 'trailOmitsKeyPolicyChanges' && call.operation === 'PutKeyPolicy') return after;
  const resources = describeResources(before, after, call);
  const accounts = recipients(after, call.caller, resources);
  const first = (after.monitoring.trail?.size ?? 0) + 1;
  const fields = recordedFields(after, call, resources);
  const shared = accounts.length > 1 ? { sharedEventID: uuidOf(first, 301) } : {};
  const maker: RecordMaker = { build: (recipientAccountId, position) => ({ ...callEvent(fields, call, resources, recipientAccountId, position), ...shared }) };
  let state = after;
  for (const recipientAccountId of accounts) state = appendEvent(state, maker, after.now, recipientAccountId);
  return state;
}

/** What a call's record takes from the state it left, captured at once (the record itself is built later). */
interface RecordedFields {
  readonly now: number;
  readonly region: string;
  /** The trail position of the call's first copy: its requestID. */
  readonly requestNumber: number;
  readonly requestParameters: JsonValue;
  readonly responseElements: JsonValue;
}

/**
 * The request and response as recorded, copied now (so that nothing the caller does later with its input or output
 * changes the record). Read-only calls record no response, but for those listed in READ_ONLY_WITH_RESPONSE.
 */
function recordedFields(state: State, call: CallRecord, resources: readonly TrailResource[]): RecordedFields {
  const region = state.region;
  const keepsResponse = !isReadOnly(call.service, call.operation) || READ_ONLY_WITH_RESPONSE.has(`${call.service}:${call.operation}`);
  // (Seeded mutant trailOmitsResponseElements, model/mutants.ts, records none.)
  const omitted = state.config.mutant === 'trailOmitsResponseElements';
  const keyArn = resources.find((r) => r.type === 'AWS::KMS::Key')?.ARN;
  return {
    now: state.now,
    region,
    requestNumber: (state.monitoring.trail?.size ?? 0) + 1,
    requestParameters: requestParametersOf(call.service, call.input, region),
    responseElements: call.result.ok && keepsResponse && !omitted ? responseElementsOf(call.service, call.operation, call.result.output, region, keyArn) : null,
  };
}

function callEvent(f: RecordedFields, call: CallRecord, resources: readonly TrailResource[], recipientAccountId: string, position: number): TrailEvent {
  const data = isDataEvent(call.service, call.operation);
  const sourceIp = call.invokedBy ?? call.env['aws:SourceIp'];
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: identityOf(call.caller, call.invokedBy),
    eventTime: isoSeconds(f.now),
    eventSource: eventSourceOf(call.service),
    eventName: call.operation,
    awsRegion: GLOBAL_SERVICES.has(call.service) ? 'us-east-1' : f.region,
    ...(sourceIp !== undefined ? { sourceIPAddress: sourceIp } : {}),
    ...(call.invokedBy !== undefined ? { userAgent: call.invokedBy } : {}),
    ...(call.result.ok ? {} : { errorCode: call.result.error.code, errorMessage: call.result.error.message }),
    requestParameters: f.requestParameters,
    responseElements: f.responseElements,
    requestID: uuidOf(f.requestNumber, 201),
    eventID: uuidOf(position, 101),
    readOnly: isReadOnly(call.service, call.operation),
    ...(resources.length > 0 ? { resources: resources.map(recordedResource) } : {}),
    eventType: 'AwsApiCall',
    managementEvent: !data,
    recipientAccountId,
    eventCategory: data ? 'Data' : 'Management',
  };
}

/** A resource as recorded: the owner's account when known (an S3 object's record names none). */
const recordedResource = ({ accountId, type, ARN }: TrailResource): { accountId?: string; type: string; ARN: string } =>
  accountId !== undefined ? { accountId, type, ARN } : { type, ARN };

/**
 * An event AWS records on its own, not for a caller: https://docs.aws.amazon.com/kms/latest/developerguide/ct-delete-key.html
 * — "AWS KMS deletes the KMS key ... the event has eventType AwsServiceEvent", userIdentity `{accountId, invokedBy:
 * "AWS Internal"}`, no request parameters or response elements.
 */
export function recordServiceEvent(
  state: State,
  event: { readonly service: Service; readonly name: string; readonly account: string; readonly resources: readonly TrailResource[]; readonly at: number; readonly details?: JsonValue; readonly responseElements?: JsonValue },
): State {
  const region = state.region;
  const build = (recipientAccountId: string, n: number): TrailEvent => ({
    eventVersion: EVENT_VERSION,
    userIdentity: { accountId: event.account, invokedBy: 'AWS Internal' },
    eventTime: isoSeconds(event.at),
    eventSource: eventSourceOf(event.service),
    eventName: event.name,
    awsRegion: region,
    sourceIPAddress: 'AWS Internal',
    userAgent: 'AWS Internal',
    requestParameters: null,
    responseElements: event.responseElements ?? null,
    eventID: uuidOf(n, 101),
    readOnly: false,
    resources: event.resources.map(({ accountId, type, ARN }) => ({ accountId: accountId ?? event.account, type, ARN })),
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId,
    ...(event.details !== undefined ? { serviceEventDetails: event.details } : {}),
    eventCategory: 'Management',
  });
  return appendEvent(state, { build }, event.at, event.account);
}

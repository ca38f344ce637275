// step(state, call): the one entry point of the state machine — resolve the caller, validate the input, run the operation.
import { match } from 'ts-pattern';
import type { AwsError } from './errors.ts';
import type { RequestEnvironment } from './authz/context.ts';
import { resolveCaller } from './authz/caller.ts';
import type { Caller } from './authz/caller.ts';
import { recordCall } from './monitoring/trail.ts';
import { watchNewEvents } from './monitoring/pipeline.ts';
import type { Json, Operation, Service } from './op.ts';
import { NOT_MODELLED } from './op.ts';
import type { State } from './state.ts';
import { kmsOperations } from './kms/operations.ts';
import { iamOperations } from './iam/operations.ts';
import { stsOperations } from './iam/sts.ts';
import { organizationsOperations } from './iam/organizations.ts';
import { s3Operations } from './s3/operations.ts';
import { cloudtrailOperations } from './cloudtrail/operations.ts';
import { logsOperations } from './logs/operations.ts';
import { cloudwatchOperations } from './cloudwatch/operations.ts';
import { snsOperations } from './sns/operations.ts';
import { configOperations } from './awsconfig/operations.ts';

export interface Call {
  /** The caller: a principal ARN or "anonymous". */
  readonly as: string;
  /** `service:Operation`, as the IAM action is spelled (kms:Decrypt, s3:GetObject, ...). */
  readonly op: string;
  /** The operation's request JSON. */
  readonly input?: unknown;
  /** Caller-controlled request context (aws:SourceVpce, aws:SourceIp, aws:SecureTransport, ...). */
  readonly env?: RequestEnvironment;
}

export type CallOutcome =
  | { readonly ok: true; readonly output: { readonly [k: string]: Json | undefined } }
  | { readonly ok: false; readonly error: AwsError; readonly unsupported?: true };

export interface StepResult {
  readonly state: State;
  readonly outcome: CallOutcome;
}

/** Service-specific spellings of the errors every call can meet before its operation runs. */
interface ServiceErrors {
  readonly unknownCaller: string;
  readonly expired: string;
  readonly invalidInput: string;
  readonly anonymous: string;
}

const SERVICE_ERRORS: Readonly<Record<Service, ServiceErrors>> = {
  kms: { unknownCaller: 'UnrecognizedClientException', expired: 'ExpiredTokenException', invalidInput: 'ValidationException', anonymous: 'MissingAuthenticationTokenException' },
  iam: { unknownCaller: 'InvalidClientTokenId', expired: 'ExpiredToken', invalidInput: 'ValidationError', anonymous: 'MissingAuthenticationToken' },
  sts: { unknownCaller: 'InvalidClientTokenId', expired: 'ExpiredToken', invalidInput: 'ValidationError', anonymous: 'MissingAuthenticationToken' },
  s3: { unknownCaller: 'InvalidAccessKeyId', expired: 'ExpiredToken', invalidInput: 'InvalidArgument', anonymous: 'AccessDenied' },
  organizations: { unknownCaller: 'UnrecognizedClientException', expired: 'ExpiredTokenException', invalidInput: 'InvalidInputException', anonymous: 'MissingAuthenticationTokenException' },
  cloudtrail: { unknownCaller: 'UnrecognizedClientException', expired: 'ExpiredTokenException', invalidInput: 'InvalidParameterException', anonymous: 'MissingAuthenticationTokenException' },
  logs: { unknownCaller: 'UnrecognizedClientException', expired: 'ExpiredTokenException', invalidInput: 'InvalidParameterException', anonymous: 'MissingAuthenticationTokenException' },
  cloudwatch: { unknownCaller: 'InvalidClientTokenId', expired: 'ExpiredToken', invalidInput: 'ValidationError', anonymous: 'MissingAuthenticationToken' },
  sns: { unknownCaller: 'InvalidClientTokenId', expired: 'ExpiredToken', invalidInput: 'InvalidParameter', anonymous: 'MissingAuthenticationToken' },
  config: { unknownCaller: 'UnrecognizedClientException', expired: 'ExpiredTokenException', invalidInput: 'ValidationException', anonymous: 'MissingAuthenticationTokenException' },
};

const SERVICES: readonly Service[] = ['kms', 'iam', 'sts', 's3', 'organizations', 'cloudtrail', 'logs', 'cloudwatch', 'sns', 'config'];
const isService = (s: string): s is Service => (SERVICES as readonly string[]).includes(s);

function operationTable(service: Service): Readonly<Record<string, Operation<any>>> {
  return match(service)
    .with('kms', () => kmsOperations)
    .with('iam', () => iamOperations)
    .with('sts', () => stsOperations)
    .with('s3', () => s3Operations)
    .with('organizations', () => organizationsOperations)
    .with('cloudtrail', () => cloudtrailOperations)
    .with('logs', () => logsOperations)
    .with('cloudwatch', () => cloudwatchOperations)
    .with('sns', () => snsOperations)
    .with('config', () => configOperations)
    .exhaustive();
}

const OPERATIONS: Readonly<Record<Service, Readonly<Record<string, Operation<any>>>>> = {
  kms: operationTable('kms'),
  iam: operationTable('iam'),
  sts: operationTable('sts'),
  s3: operationTable('s3'),
  organizations: operationTable('organizations'),
  cloudtrail: operationTable('cloudtrail'),
  logs: operationTable('logs'),
  cloudwatch: operationTable('cloudwatch'),
  sns: operationTable('sns'),
  config: operationTable('config'),
};
const operationsOf = (service: Service): Readonly<Record<string, Operation<any>>> => OPERATIONS[service];

/** Every call the model understands, as `service:Operation`. */
export function supportedCalls(): string[] {
  return SERVICES.flatMap((s) => Object.keys(operationsOf(s)).map((op) => `${s}:${op}`));
}

const failed = (state: State, code: string, message: string): StepResult => ({ state, outcome: { ok: false, error: { code, message } } });

function unsupported(state: State, op: string): StepResult {
  const message = `keyward does not model the call ${JSON.stringify(op)}; supported calls: see \`keyward calls\``;
  return { state, outcome: { ok: false, error: { code: 'UnsupportedCall', message }, unsupported: true } };
}

/**
 * Parsed inputs by request object: a call replayed in several states (as the invariants' metamorphic laws do) is
 * validated once. Inputs are request JSON and never mutated, and parsing does not depend on the state.
 */
const parsedInputs = new WeakMap<object, { readonly schema: unknown; readonly parsed: ReturnType<Operation<any>['schema']['safeParse']> }>();

function parseInput(operation: Operation<any>, input: unknown): ReturnType<Operation<any>['schema']['safeParse']> {
  if (typeof input !== 'object' || input === null) return operation.schema.safeParse(input);
  const known = parsedInputs.get(input);
  if (known && known.schema === operation.schema) return known.parsed;
  const parsed = operation.schema.safeParse(input);
  parsedInputs.set(input, { schema: operation.schema, parsed });
  return parsed;
}

/** What running a call produced, before the trail records it. */
interface CallRun {
  readonly result: StepResult;
  /** The service and caller when the call reached its service (so CloudTrail records it). */
  readonly recorded?: { readonly service: Service; readonly operation: string; readonly caller: Caller };
}

function runCall(state: State, call: Call): CallRun {
  const colon = call.op.indexOf(':');
  const service = call.op.slice(0, colon);
  const name = call.op.slice(colon + 1);
  if (colon <= 0 || !isService(service)) return { result: unsupported(state, call.op) };
  const operation = Object.hasOwn(operationsOf(service), name) ? operationsOf(service)[name] : undefined;
  if (!operation) return { result: unsupported(state, call.op) };
  const errors = SERVICE_ERRORS[service];

  const caller = resolveCaller(state, call.as);
  if (caller === 'unknownPrincipal') return { result: failed(state, errors.unknownCaller, `The security token included in the request is invalid (unknown principal ${call.as}).`) };
  if (caller === 'expiredSession') return { result: failed(state, errors.expired, 'The security token included in the request is expired') };
  // An unsigned request to a service that needs a signature names nobody CloudTrail could record it for.
  if (caller.kind === 'anonymous' && !operation.acceptsAnonymous) return { result: failed(state, errors.anonymous, `Request is missing Authentication Token (${call.op} needs a signed request)`) };
  const recorded = { service, operation: name, caller };

  const parsed = parseInput(operation, call.input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
    if (issue?.message.startsWith(NOT_MODELLED)) return { result: { state, outcome: { ok: false, error: { code: 'UnsupportedCall', message: `${issue.message} (${where})` }, unsupported: true } }, recorded };
    return { result: failed(state, errors.invalidInput, `1 validation error detected: Value at '${where}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`), recorded };
  }
  const outcome = operation.run({ state, caller, input: parsed.data, env: call.env ?? {} });
  if (outcome.ok) return { result: { state: outcome.state, outcome: { ok: true, output: outcome.output } }, recorded };
  const notModelled = outcome.unsupported ? { unsupported: true as const } : {};
  return { result: { state: outcome.state ?? state, outcome: { ok: false, error: outcome.error, ...notModelled } }, recorded };
}

/**
 * Apply one call to a state. Never throws: every outcome, AWS error included, is a returned value. A call that reached
 * its service is recorded in CloudTrail (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-user-guide.html:
 * "actions taken by a user, role, or an AWS service are recorded as events"), successful or not; calls with unknown or
 * expired credentials, or unsigned where a signature is needed, are not (CloudTrail cannot attribute them to an
 * account), nor calls and requests keyward does not model.
 * The metric filters and alarms watching the trail then see the new events.
 */
export function step(state: State, call: Call): StepResult {
  const { result, recorded } = runCall(state, call);
  const { outcome } = result;
  // A request keyward does not model has no outcome AWS would record.
  if (!recorded || (!outcome.ok && outcome.unsupported)) return result;
  const traced = recordCall(state, result.state, {
    ...recorded,
    input: call.input ?? {},
    env: call.env ?? {},
    result: outcome.ok ? { ok: true, output: outcome.output } : { ok: false, error: outcome.error },
  });
  return { state: watchNewEvents(traced, state.monitoring.trail), outcome };
}

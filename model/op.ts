// What one modelled AWS operation is: its input schema, and a pure function from (state, caller, input) to an outcome.
import { z } from 'zod';
import type { AwsError } from './errors.ts';
import type { Caller, SignedCaller } from './authz/caller.ts';
import type { RequestEnvironment } from './authz/context.ts';
import type { State } from './state.ts';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json | undefined };
export type JsonObject = { readonly [k: string]: Json | undefined };

export type Service = 'kms' | 'iam' | 'sts' | 's3' | 'organizations' | 'cloudtrail' | 'logs' | 'cloudwatch' | 'sns' | 'config';

export type OpOutcome =
  | { readonly ok: true; readonly state: State; readonly output: JsonObject }
  | { readonly ok: false; readonly error: AwsError; readonly state?: State; readonly unsupported?: true };

export interface OpRequest<I, C extends Caller = SignedCaller> {
  readonly state: State;
  readonly caller: C;
  readonly input: I;
  /** Environment values the caller controls (aws:SourceVpce, aws:SourceIp, aws:SecureTransport, ...). */
  readonly env: RequestEnvironment;
}

export interface Operation<I = unknown> {
  readonly schema: z.ZodType<I>;
  /** Only S3 serves unsigned requests; every other service rejects them before the operation runs. */
  readonly acceptsAnonymous?: boolean;
  readonly run: (req: OpRequest<I, Caller>) => OpOutcome;
}

/** Define a signed-only operation (the caller is never anonymous inside `run`). */
export function signedOp<I>(schema: z.ZodType<I>, run: (req: OpRequest<I>) => OpOutcome): Operation<I> {
  return { schema, run: (req) => (req.caller.kind === 'anonymous' ? missingAuth() : run(req as OpRequest<I>)) };
}

/** Define an operation that also serves anonymous requests (S3). */
export function anyCallerOp<I>(schema: z.ZodType<I>, run: (req: OpRequest<I, Caller>) => OpOutcome): Operation<I> {
  return { schema, acceptsAnonymous: true, run };
}

const missingAuth = (): OpOutcome => ({ ok: false, error: { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' } });

export const success = (state: State, output: JsonObject = {}): OpOutcome => ({ ok: true, state, output });
export const failure = (code: string, message: string): OpOutcome => ({ ok: false, error: { code, message } });
export const failWith = (error: AwsError): OpOutcome => ({ ok: false, error });

/** The start of every message about a request keyward does not model. */
export const NOT_MODELLED = 'keyward does not model ';

/**
 * A request keyward does not model (a parameter, a feature, a pattern form): refused with a keyward code and marked
 * unsupported, so that a scenario step fails whatever it expects. Never silently accepted, and never given an AWS
 * error code that AWS would not return. `code` defaults to UnsupportedCall.
 */
export const notModelled = (what: string, code = 'UnsupportedCall'): OpOutcome => ({ ok: false, error: { code, message: `${NOT_MODELLED}${what}` }, unsupported: true });

/** An optional request field keyward does not model: present, it makes the call UnsupportedCall (see `step`). */
export const notModelledField = (what: string) => z.undefined({ error: `${NOT_MODELLED}${what}` }).optional();
/** A failure that keeps what the call left behind (see Result in errors.ts). */
export const failedFrom = (r: { readonly error: AwsError; readonly state?: State }): OpOutcome => (r.state ? { ok: false, error: r.error, state: r.state } : { ok: false, error: r.error });

// AWS errors as returned values: a code exactly as AWS spells it, and a message.
import type { State } from './state.ts';

export interface AwsError {
  readonly code: string;
  readonly message: string;
}

/** A failure may still carry a state: what the call left behind on its way (a KMS call S3 made, recorded in CloudTrail). */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AwsError; readonly state?: State };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, message: string): Result<T> => ({ ok: false, error: { code, message } });
export const awsError = (code: string, message: string): AwsError => ({ code, message });

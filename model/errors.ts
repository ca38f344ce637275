// AWS errors as returned values: a code exactly as AWS spells it, and a message.

export interface AwsError {
  readonly code: string;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AwsError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, message: string): Result<T> => ({ ok: false, error: { code, message } });
export const awsError = (code: string, message: string): AwsError => ({ code, message });

// KMS as other services call it on a principal's behalf (S3's GenerateDataKey and Decrypt, with kms:ViaService).
// Placeholder signatures: the KMS work implements them.
import type { Arn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import type { EncryptionContext, State } from '../state.ts';

export interface OnBehalfRequest {
  readonly state: State;
  readonly caller: SignedCaller;
  /** The service making the call, e.g. `s3.us-east-1.amazonaws.com` (the kms:ViaService value). */
  readonly viaService: string;
  readonly encryptionContext: EncryptionContext;
  readonly env: RequestEnvironment;
}

export type OnBehalfResult<T> = { readonly ok: true; readonly value: T; readonly state: State } | { readonly ok: false; readonly error: AwsError };

/** GenerateDataKey under `keyRef` (key id, key ARN, alias name or alias ARN; resolved in the caller's account). */
export function generateDataKeyOnBehalf(_req: OnBehalfRequest & { readonly keyRef: string }): OnBehalfResult<{ keyArn: Arn; ciphertext: string }> {
  return { ok: false, error: { code: 'NotImplemented', message: 'KMS on behalf of services is not implemented yet' } };
}

/** Decrypt a data key ciphertext that this model produced. */
export function decryptOnBehalf(_req: OnBehalfRequest & { readonly ciphertext: string }): OnBehalfResult<{ keyArn: Arn; plaintext: string }> {
  return { ok: false, error: { code: 'NotImplemented', message: 'KMS on behalf of services is not implemented yet' } };
}

/** The AWS managed key `aws/<service>` of an account, created on first use (KMS-DG concepts#aws-managed-cmk). */
export function awsManagedKey(state: State, _account: string, _service: 's3'): OnBehalfResult<{ keyArn: Arn }> {
  return { ok: false, error: { code: 'NotImplemented', message: `aws managed key not implemented (${state.region})` } };
}

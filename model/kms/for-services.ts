// KMS as other services call it on a principal's behalf (S3's GenerateDataKey and Decrypt, with kms:ViaService).
import type { Arn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import type { EncryptionContext, Key, State } from '../state.ts';
import { ensureAwsManagedKey, predefinedAliasService } from './aws-managed.ts';
import { decodeCiphertext } from './ciphertext.ts';
import type { CiphertextHeader } from './ciphertext.ts';
import { drawDataKey, invalidCiphertext, keyOfCiphertext, openUnder, symmetricOnly, usageError } from './crypto-core.ts';
import { authorizeKms } from './authorize.ts';
import { guardKey } from './guard.ts';
import { resolveKey } from './keys.ts';

export interface OnBehalfRequest {
  readonly state: State;
  readonly caller: SignedCaller;
  /** The service making the call, e.g. `s3.us-east-1.amazonaws.com` (the kms:ViaService value). */
  readonly viaService: string;
  readonly encryptionContext: EncryptionContext;
  readonly env: RequestEnvironment;
}

export type OnBehalfResult<T> = { readonly ok: true; readonly value: T; readonly state: State } | { readonly ok: false; readonly error: AwsError };

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service — "kms:ViaService
 * ... limits use of a KMS key to requests from specified AWS services"; the service calls KMS as the principal, so the
 * principal's own authorization, the key's state and its usage are checked as for a direct call.
 */
function guardOnBehalf(req: OnBehalfRequest, key: Key, operation: 'GenerateDataKey' | 'Decrypt'): AwsError | undefined {
  const request = {
    state: req.state, caller: req.caller, env: req.env, key, action: `kms:${operation}`, operation,
    encryptionContext: req.encryptionContext, grantOperation: operation, extraContext: { 'kms:ViaService': req.viaService },
  };
  // (Seeded mutant s3IgnoresKeyState, model/mutants.ts, authorizes without the key-state check.)
  const ignoreState = req.state.config.mutant === 's3IgnoresKeyState' && key.materials.length > 0;
  return (
    (ignoreState ? authorizeKms(request) : guardKey(request)) ??
    usageError(key, operation, 'ENCRYPT_DECRYPT') ??
    symmetricOnly(key, operation)
  );
}

/**
 * GenerateDataKey under `keyRef` (key id, key ARN, alias name or alias ARN; resolved in the caller's account; a predefined
 * AWS alias such as alias/aws/s3 creates its AWS managed key on first use). A 256-bit data key.
 */
export function generateDataKeyOnBehalf(req: OnBehalfRequest & { readonly keyRef: string }): OnBehalfResult<{ keyArn: Arn; ciphertext: string; plaintext: string }> {
  const service = predefinedAliasService(req.state, req.caller.account, req.keyRef);
  const state = service ? ensureAwsManagedKey(req.state, req.caller.account, service).state : req.state;
  const resolved = resolveKey(state, req.caller.account, req.keyRef);
  if (!resolved.ok) return resolved;
  const denied = guardOnBehalf({ ...req, state }, resolved.key, 'GenerateDataKey');
  if (denied) return { ok: false, error: denied };
  const drawn = drawDataKey(state, resolved.key, req.encryptionContext, 32);
  return { ok: true, value: { keyArn: resolved.key.arn, ciphertext: drawn.value.ciphertext, plaintext: drawn.value.plaintext }, state: drawn.state };
}

/**
 * The key a stored data key names. A key that no longer exists answers NotFoundException `Key '<arn>' does not exist`
 * (S3 reports it as configured by config.s3GetDeletedKeyError).
 */
function keyOfHeader(state: State, header: CiphertextHeader): { ok: true; key: Key } | { ok: false; error: AwsError } {
  const key = keyOfCiphertext(state, header);
  return key ? { ok: true, key } : { ok: false, error: { code: 'NotFoundException', message: `Key '${header.keyArn}' does not exist` } };
}

/** Decrypt a data key ciphertext that this model produced, with the encryption context the service sends. */
export function decryptOnBehalf(req: OnBehalfRequest & { readonly ciphertext: string }): OnBehalfResult<{ keyArn: Arn; plaintext: string }> {
  const header = decodeCiphertext(req.ciphertext);
  if (!header) return { ok: false, error: invalidCiphertext };
  const found = keyOfHeader(req.state, header);
  if (!found.ok) return found;
  const denied = guardOnBehalf(req, found.key, 'Decrypt');
  if (denied) return { ok: false, error: denied };
  const opened = openUnder(found.key, header, 'SYMMETRIC_DEFAULT', req.encryptionContext);
  if (!opened.ok) return opened;
  return { ok: true, value: { keyArn: found.key.arn, plaintext: opened.plaintext }, state: req.state };
}

/** The AWS managed key `aws/<service>` of an account, created on first use (KMS-DG concepts#aws-managed-cmk). */
export function awsManagedKey(state: State, account: string, service: 's3'): OnBehalfResult<{ keyArn: Arn }> {
  if (!/^\d{12}$/.test(account)) return { ok: false, error: { code: 'ValidationException', message: `Invalid account id ${account}` } };
  const drawn = ensureAwsManagedKey(state, account as Key['account'], service);
  return { ok: true, value: { keyArn: drawn.value.arn }, state: drawn.state };
}

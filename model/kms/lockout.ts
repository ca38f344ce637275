// The key policy lockout safety check of CreateKey and PutKeyPolicy.
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import type { Key, State, StoredPolicy } from '../state.ts';
import { authorizeKms } from './authorize.ts';

export const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html — "BypassPolicyLockoutSafetyCheck ... the
 * safety check ... prevents the principal that is making the request from making a subsequent PutKeyPolicy request on
 * the KMS key." INFERRED model (spec §3.3): the caller must be authorized for kms:PutKeyPolicy on the key under the NEW
 * policy with its current IAM policies; grants never count (no grant operation carries PutKeyPolicy).
 */
export function lockoutError(state: State, caller: SignedCaller, key: Key, newPolicy: StoredPolicy, env: RequestEnvironment): AwsError | undefined {
  const denied = authorizeKms({
    state,
    caller,
    key: { ...key, policy: newPolicy },
    action: 'kms:PutKeyPolicy',
    env,
    extraContext: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' },
    policyOverride: newPolicy,
  });
  return denied ? { code: 'MalformedPolicyDocumentException', message: LOCKOUT_MESSAGE } : undefined;
}

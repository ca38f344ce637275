// KMS grants as an allow source (placeholder signature: the grants work implements it).
import type { Caller } from '../authz/caller.ts';
import type { EncryptionContext, GrantOperation, Key, State } from '../state.ts';

export interface GrantQuery {
  readonly state: State;
  readonly key: Key;
  readonly caller: Caller;
  /** The grant operation the request needs (Decrypt, ReEncryptFrom, CreateGrant, ...). */
  readonly operation: GrantOperation;
  /** The request's encryption context (undefined for operations that take none). */
  readonly encryptionContext: EncryptionContext | undefined;
  /** Grant tokens passed with the request (make a not-yet-visible grant effective). */
  readonly grantTokens: readonly string[];
}

/** Does some grant on the key allow this request? */
export function grantAllows(_q: GrantQuery): boolean {
  return false;
}

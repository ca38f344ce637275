// Finding a KMS key from a request's key reference (id, ARN, alias), and the key-state check of every key operation.
import { aliasArn, keyArn, parseArn } from '../arn.ts';
import type { AccountId } from '../arn.ts';
import type { AwsError } from '../errors.ts';
import type { Alias, Key, State } from '../state.ts';
import { cellFor } from './state-table.ts';
import type { Cell } from './state-table.ts';

export type Resolved = { readonly ok: true; readonly key: Key } | { readonly ok: false; readonly error: AwsError };

const notFound = (message: string): Resolved => ({ ok: false, error: { code: 'NotFoundException', message } });

/** Key ids are UUIDs, or `mrk-` + 32 hex digits for multi-Region keys (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-id). */
const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

export const aliasKey = (account: string, name: string): string => `${account}:${name}`;

/** The alias `alias/NAME` of an account, if it exists. */
export const findAlias = (state: State, account: string, name: string): Alias | undefined => state.kms.aliases[aliasKey(account, name)];

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html — "KeyId: key ID, key ARN, alias name or
 * alias ARN. To specify a KMS key in a different AWS account, you must use the key ARN or alias ARN."
 * Validated messages (spec §1.4): `Key '<arn>' does not exist`, `Invalid keyId '<x>'`, `Invalid arn <region>`,
 * and for an unknown alias `Alias <alias arn> is not found.`.
 */
export function resolveKey(state: State, callerAccount: AccountId, keyRef: string, opts: { allowAlias?: boolean } = {}): Resolved {
  const allowAlias = opts.allowAlias ?? true;
  if (keyRef.startsWith('arn:')) return resolveArn(state, keyRef, allowAlias);
  if (keyRef.startsWith('alias/')) {
    return allowAlias ? resolveAlias(state, callerAccount, state.region, keyRef) : notFound(`Invalid keyId '${keyRef}'`);
  }
  if (!KEY_ID.test(keyRef)) return notFound(`Invalid keyId '${keyRef}'`);
  return keyById(state, callerAccount, keyRef);
}

function resolveArn(state: State, ref: string, allowAlias: boolean): Resolved {
  const p = parseArn(ref);
  if (!p || p.service !== 'kms' || !/^\d{12}$/.test(p.account)) return notFound(`Invalid arn ${ref}`);
  // Validated (spec §1.4): an ARN of another Region → NotFoundException `Invalid arn <region>`.
  if (p.region !== state.region) return notFound(`Invalid arn ${p.region}`);
  if (p.resource.startsWith('alias/') && allowAlias) return resolveAlias(state, p.account, p.region, p.resource);
  const m = /^key\/(.+)$/.exec(p.resource);
  if (!m || !KEY_ID.test(m[1]!)) return notFound(`Invalid keyId '${ref}'`);
  return keyById(state, p.account, m[1]!);
}

function resolveAlias(state: State, account: string, region: string, name: string): Resolved {
  const alias = findAlias(state, account, name);
  if (!alias) return notFound(`Alias ${aliasArn(region, account, name)} is not found.`);
  return keyById(state, account, alias.targetKeyId);
}

/** A key of `account` in the state's Region; a deleted or unknown key does not exist. */
function keyById(state: State, account: string, keyId: string): Resolved {
  const key = state.kms.keys[keyId];
  if (!key || key.account !== account || key.region !== state.region) {
    return notFound(`Key '${keyArn(state.region, account, keyId)}' does not exist`);
  }
  return { ok: true, key };
}

/** Footnote errors of https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html (spec §1.3). */
const FOOTNOTES: Readonly<Record<Exclude<Cell, 'ok' | 'na' | 'f7'>, (arn: string) => AwsError>> = {
  f1: (arn) => ({ code: 'DisabledException', message: `${arn} is disabled.` }),
  // f2/f3 modelled as KMSInvalidStateException (spec §1.3, validated against AWS).
  f3: (arn) => ({ code: 'KMSInvalidStateException', message: `${arn} is pending deletion.` }),
  f4: (arn) => ({ code: 'KMSInvalidStateException', message: `${arn} is not pending deletion.` }),
  f5: (arn) => ({ code: 'KMSInvalidStateException', message: `${arn} is pending import.` }),
  f6: (arn) => ({ code: 'UnsupportedOperationException', message: `${arn} origin is EXTERNAL which is not valid for this operation.` }),
  f11: (arn) => ({ code: 'KMSInvalidStateException', message: `${arn} is unavailable.` }),
  f14: (arn) => ({ code: 'KMSInvalidStateException', message: `${arn} is creating.` }),
  f15: (arn) => ({ code: 'KMSInvalidStateException', message: `${arn} is updating.` }),
};

/**
 * The key-state check of an operation on a key (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
 * f7 ("only fails if the key has imported material or is in a custom key store") → UnsupportedOperationException
 * for an EXTERNAL-origin key. `na` cells: the 2023 table had no asymmetric or HMAC keys with imported material; such
 * keys exist now (KMS-DG importing-keys), and one without material cannot be used: "is pending import" (f5, INFERRED);
 * the Unavailable column likewise reads f11.
 */
export function keyStateError(key: Key, operation: string): AwsError | undefined {
  const cell = cellFor(operation, key.state);
  if (cell === undefined || cell === 'ok') return undefined;
  if (cell === 'na') return key.state === 'PendingImport' ? FOOTNOTES.f5(key.arn) : key.state === 'Unavailable' ? FOOTNOTES.f11(key.arn) : undefined;
  if (cell === 'f7') return key.origin === 'EXTERNAL' ? FOOTNOTES.f6(key.arn) : undefined;
  return FOOTNOTES[cell](key.arn);
}

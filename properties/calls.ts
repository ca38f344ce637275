// Reading a step: which keys and objects a call touches, which IAM actions it needs, and how to replay it elsewhere.
import { parsePrincipalArn, step } from '../model/index.ts';
import type { AccountId, Bucket, Call, CallOutcome, Key, S3Object, State } from '../model/index.ts';
import { decodeCiphertext } from '../model/kms/ciphertext.ts';
import { findAlias, resolveKey } from '../model/kms/keys.ts';
import { tokensOf } from '../model/kms/grants.ts';
import { KEY_STATE_TABLE } from '../model/kms/state-table.ts';
import type { Transition } from './invariant.ts';

export type Input = Readonly<Record<string, unknown>>;
export const inputOf = (call: Call): Input => (call.input && typeof call.input === 'object' ? (call.input as Input) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The answer a call gets in a state: `ok` or the AWS error code. */
export const answerOf = (o: CallOutcome): string => (o.ok ? 'ok' : o.error.code);
export const answerIn = (state: State, call: Call): string => answerOf(step(state, call).outcome);
export const succeedsIn = (state: State, call: Call): boolean => step(state, call).outcome.ok;

/** The account of a caller ARN (undefined for "anonymous" and what does not parse). */
export const accountOfCaller = (as: string): AccountId | undefined => parsePrincipalArn(as)?.account;

/**
 * KMS operations that act on a key (the rows of the key-state table, https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html),
 * less ListAliases, whose KeyId only filters an IAM-authorized listing.
 */
export const KEY_OPERATIONS: ReadonlySet<string> = new Set(Object.keys(KEY_STATE_TABLE).filter((op) => op !== 'ListAliases').map((op) => `kms:${op}`));

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html — RetireGrant is authorized by the grant
 * itself and IAM ("The kms:RetireGrant permission is not effective in a key policy"); every other key operation needs
 * the key policy.
 */
export const keyPolicyGoverns = (op: string): boolean => KEY_OPERATIONS.has(op) && op !== 'kms:RetireGrant';

/** The IAM actions a KMS call is authorized for (ReEncrypt needs ReEncryptFrom and ReEncryptTo). */
export const kmsActionsOf = (op: string): string[] => (op === 'kms:ReEncrypt' ? ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] : [op]);

const KEY_FIELDS = ['KeyId', 'TargetKeyId', 'SourceKeyId', 'DestinationKeyId'] as const;

const keysMemo = new WeakMap<Call, WeakMap<State, Key[]>>();

/** The existing keys a call names (by id, ARN, alias, ciphertext, grant token or alias name), in the caller's account view. */
export function keysOfCall(state: State, call: Call): Key[] {
  let byState = keysMemo.get(call);
  if (!byState) keysMemo.set(call, (byState = new WeakMap()));
  let keys = byState.get(state);
  if (!keys) byState.set(state, (keys = findKeysOfCall(state, call)));
  return keys;
}

function findKeysOfCall(state: State, call: Call): Key[] {
  const account = accountOfCaller(call.as);
  if (!account || !call.op.startsWith('kms:')) return [];
  const input = inputOf(call);
  const found = new Map<string, Key>();
  const add = (k: Key | undefined): void => {
    if (k) found.set(k.keyId, k);
  };
  for (const f of KEY_FIELDS) {
    const ref = str(input[f]);
    if (ref !== undefined) {
      const r = resolveKey(state, account, ref, { allowAlias: true });
      if (r.ok) add(r.key);
    }
  }
  const blob = str(input['CiphertextBlob']);
  const header = blob === undefined ? undefined : decodeCiphertext(blob);
  if (header) add(Object.values(state.kms.keys).find((k) => k.arn === header.keyArn));
  const alias = str(input['AliasName']);
  if (alias !== undefined) {
    const a = findAlias(state, account, alias);
    add(a && state.kms.keys[a.targetKeyId]);
  }
  const token = str(input['GrantToken']);
  if (token !== undefined) add(Object.values(state.kms.keys).find((k) => Object.values(k.grants).some((g) => tokensOf(g).includes(token))));
  return [...found.values()];
}

/** The key ARN a ciphertext names, if it is a ciphertext of this model. */
export const keyArnOfCiphertext = (blob: unknown): string | undefined => (typeof blob === 'string' ? decodeCiphertext(blob)?.keyArn : undefined);

export interface ObjectRead {
  readonly bucket: Bucket;
  readonly object: S3Object;
}

/** "bucket/key" or "/bucket/key" of CopyObject's CopySource. */
function copySource(v: unknown): { bucket: string; key: string } | undefined {
  const s = str(v)?.replace(/^\//, '');
  const slash = s?.indexOf('/') ?? -1;
  return s && slash > 0 ? { bucket: s.slice(0, slash), key: s.slice(slash + 1) } : undefined;
}

/** The existing object whose content a call reads (GetObject, or CopyObject's source), if any. */
export function objectReadBy(state: State, call: Call): ObjectRead | undefined {
  const input = inputOf(call);
  const where =
    call.op === 's3:GetObject' ? { bucket: str(input['Bucket']), key: str(input['Key']) } : call.op === 's3:CopyObject' ? copySource(input['CopySource']) : undefined;
  if (!where || where.bucket === undefined || where.key === undefined) return undefined;
  const bucket = Object.hasOwn(state.s3.buckets, where.bucket) ? state.s3.buckets[where.bucket] : undefined;
  const object = bucket && Object.hasOwn(bucket.objects, where.key) ? bucket.objects[where.key] : undefined;
  return bucket && object ? { bucket, object } : undefined;
}

export const isSseKms = (o: S3Object): boolean => o.sse !== 'AES256' && o.kmsKeyArn !== undefined;

/** The SSE-KMS object a call reads, if any. */
export function sseKmsReadBy(state: State, call: Call): ObjectRead | undefined {
  const read = objectReadBy(state, call);
  return read && isSseKms(read.object) ? read : undefined;
}

export const keyByArn = (state: State, arn: string | undefined): Key | undefined =>
  arn === undefined ? undefined : Object.values(state.kms.keys).find((k) => k.arn === arn);

/**
 * A request whose authorization a key policy decides: a KMS call on keys, or an S3 read of an SSE-KMS object (S3 calls
 * kms:Decrypt as the caller). `keys` are the keys whose policies take part; `actions` the KMS actions involved.
 */
export interface KeyAccess {
  readonly call: Call;
  readonly keys: readonly Key[];
  readonly actions: readonly string[];
  readonly ok: boolean;
}

const accessMemo = new WeakMap<Transition, KeyAccess | null>();

export function keyAccessOf(t: Transition): KeyAccess | undefined {
  let a = accessMemo.get(t);
  if (a === undefined) accessMemo.set(t, (a = findKeyAccess(t) ?? null));
  return a ?? undefined;
}

function findKeyAccess(t: Transition): KeyAccess | undefined {
  if (t.event.kind !== 'call') return undefined;
  const { call, outcome } = t.event;
  if (keyPolicyGoverns(call.op)) {
    const keys = keysOfCall(t.before, call);
    return keys.length > 0 ? { call, keys, actions: kmsActionsOf(call.op), ok: outcome.ok } : undefined;
  }
  const read = sseKmsReadBy(t.before, call);
  const key = read && keyByArn(t.before, read.object.kmsKeyArn);
  return key && call.as !== 'anonymous' ? { call, keys: [key], actions: ['kms:Decrypt'], ok: outcome.ok } : undefined;
}

/** The transition's call when it is `op` and succeeded. */
export function succeeded(t: Transition, op: string): { call: Call; output: Readonly<Record<string, unknown>> } | undefined {
  if (t.event.kind !== 'call' || t.event.call.op !== op || !t.event.outcome.ok) return undefined;
  return { call: t.event.call, output: t.event.outcome.output };
}

/** A small deterministic hash of a transition, to vary the probe statements the metamorphic laws add. */
export function transitionHash(t: Transition): number {
  const text = t.event.kind === 'call' ? `${t.event.call.op}|${t.event.call.as}|${t.before.seq}` : `advance|${t.before.seq}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// The symbolic request: which condition keys the caller chooses for each action (everything else comes from the
// model's own context builders), the variables that hold those choices, and the request context they make.
import type { GrantOperation, Key, RequestContext, State } from '../model/index.ts';
import { encryptionAlgorithms, globalContext, kmsContext } from './from-model.ts';
import type { Entry, SymContext } from './conditions.ts';
import type { Ec } from './ec.ts';
import { ecEntries } from './ec.ts';
import type { SymPrincipal } from './principals.ts';
import type { Rx } from './regex.ts';
import { ANYTHING, charsRx, oneOfStrings } from './regex.ts';
import type { SetVar, Var } from './variables.ts';
import { newVar, whole } from './variables.ts';

/** How the caller sets one condition key: one optional value, one value always present, or a set of values. */
export type Mode = 'optional' | 'always' | 'set' | 'nonEmptySet';

export interface ControlledKey {
  /** As AWS spells it (witnesses use this spelling). */
  readonly key: string;
  readonly mode: Mode;
  readonly domain: Rx;
}

const BOOL = oneOfStrings(['true', 'false']);

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html — the network and transport
 * keys come from how the caller reaches AWS (a VPC endpoint, an address, TLS or not): the caller's choice. keyward's
 * callers set them in a step's `context` (model/authz/context.ts); aws:SecureTransport is always there.
 */
export const ENVIRONMENT_KEYS: readonly ControlledKey[] = [
  { key: 'aws:SourceVpce', mode: 'optional', domain: ANYTHING },
  { key: 'aws:SourceVpc', mode: 'optional', domain: ANYTHING },
  { key: 'aws:SourceIp', mode: 'optional', domain: ANYTHING },
  { key: 'aws:VpcSourceIp', mode: 'optional', domain: ANYTHING },
  { key: 'aws:SecureTransport', mode: 'always', domain: BOOL },
];

/** The keys S3 does not forward when it calls KMS for the caller (model/s3/sse-kms.ts `forwardedEnvironment`). */
export const NETWORK_KEYS: ReadonlySet<string> = new Set(['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip']);

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service — kms:ViaService
 * is present when an AWS service calls KMS for the caller, naming that service; a caller may go through any service.
 */
export const VIA_SERVICE: ControlledKey = { key: 'kms:ViaService', mode: 'optional', domain: ANYTHING };

/**
 * The actions whose requests carry an encryption context the caller chooses (KMS-API Encrypt, Decrypt, ReEncrypt,
 * GenerateDataKey*; for CreateGrant, the pairs of the grant's constraint: model/kms/grant-operations.ts).
 */
export const EC_ACTIONS: ReadonlySet<string> = new Set([
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:CreateGrant',
]);

/** Actions whose key may be named by an alias, so that the request carries kms:RequestAlias (model/kms/guard.ts `accessKey`). */
const ALIAS_ACTIONS: ReadonlySet<string> = new Set([
  'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:DescribeKey', 'kms:Sign', 'kms:Verify', 'kms:GetPublicKey',
]);

const GRANT_OPERATIONS: readonly GrantOperation[] = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify',
  'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
];

/** The grant operation that can authorize an action (the action's own name: KMS-DG grants#terms-grant-operations). */
export const grantOperationOf = (action: string): GrantOperation | undefined =>
  (GRANT_OPERATIONS as readonly string[]).find((op) => `kms:${op}` === action) as GrantOperation | undefined;

/** The operation's row of the key-state table (both halves of ReEncrypt share one). */
export const keyStateOperationOf = (action: string): string => (action === 'kms:ReEncryptFrom' || action === 'kms:ReEncryptTo' ? 'ReEncrypt' : action.slice('kms:'.length));

/**
 * The keys each KMS action's request carries from its input (the `extraContext` of each operation in model/kms/:
 * crypto-operations.ts, asymmetric-operations.ts, policy-operations.ts, key-operations.ts, rotation.ts,
 * grant-operations.ts), as the caller may choose them; and the values fixed for the action.
 */
export function actionKeys(key: Key, action: string): { readonly controlled: readonly ControlledKey[]; readonly fixed: Readonly<Record<string, string>> } {
  const controlled: ControlledKey[] = [];
  const fixed: Record<string, string> = {};
  const algorithms = encryptionAlgorithms(key.keySpec, key.keyUsage) ?? ['SYMMETRIC_DEFAULT'];
  if (['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'].includes(action)) {
    controlled.push({ key: 'kms:EncryptionAlgorithm', mode: 'always', domain: oneOfStrings(algorithms) });
  }
  if (action === 'kms:ReEncryptFrom' || action === 'kms:ReEncryptTo') controlled.push({ key: 'kms:ReEncryptOnSameKey', mode: 'always', domain: BOOL });
  if (action === 'kms:PutKeyPolicy') controlled.push({ key: 'kms:BypassPolicyLockoutSafetyCheck', mode: 'always', domain: BOOL });
  if (action === 'kms:ScheduleKeyDeletion') {
    controlled.push({ key: 'kms:ScheduleKeyDeletionPendingWindowInDays', mode: 'always', domain: oneOfStrings(Array.from({ length: 24 }, (_, i) => String(i + 7))) });
  }
  if (action === 'kms:EnableKeyRotation') controlled.push({ key: 'kms:RotationPeriodInDays', mode: 'always', domain: charsRx('0123456789') });
  if (action === 'kms:Sign' || action === 'kms:Verify') {
    controlled.push({ key: 'kms:SigningAlgorithm', mode: 'always', domain: ANYTHING }, { key: 'kms:MessageType', mode: 'always', domain: oneOfStrings(['RAW', 'DIGEST']) });
  }
  if (action === 'kms:GenerateDataKeyPair' || action === 'kms:GenerateDataKeyPairWithoutPlaintext') {
    controlled.push({ key: 'kms:DataKeyPairSpec', mode: 'always', domain: ANYTHING });
  }
  if (action === 'kms:CreateGrant') {
    controlled.push(
      { key: 'kms:GrantOperations', mode: 'nonEmptySet', domain: oneOfStrings(GRANT_OPERATIONS) },
      { key: 'kms:GranteePrincipal', mode: 'always', domain: ANYTHING },
      { key: 'kms:RetiringPrincipal', mode: 'optional', domain: ANYTHING },
      { key: 'kms:GrantConstraintType', mode: 'set', domain: oneOfStrings(['EncryptionContextEquals', 'EncryptionContextSubset']) },
    );
  }
  if (['kms:CreateGrant', 'kms:RevokeGrant', 'kms:ListGrants'].includes(action)) fixed['kms:GrantIsForAWSResource'] = 'false';
  return { controlled, fixed };
}

/** The aliases a request could name the key by (kms:RequestAlias), for actions that accept one. */
export function requestAliasKey(state: State, key: Key, action: string): ControlledKey | undefined {
  if (!ALIAS_ACTIONS.has(action)) return undefined;
  const aliases = Object.values(state.kms.aliases).filter((a) => a.targetKeyId === key.keyId).map((a) => a.name);
  return aliases.length > 0 ? { key: 'kms:RequestAlias', mode: 'optional', domain: oneOfStrings(aliases) } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Variables

/** The variables of one question's request, one per caller-chosen key (shared by every principal and action tried). */
export interface RequestVars {
  readonly singles: Map<string, Var>;
  readonly sets: Map<string, SetVar>;
  readonly ec: Ec;
}

export function variableFor(vars: RequestVars, c: ControlledKey): { readonly single: Var } | { readonly set: SetVar } {
  if (c.mode === 'set' || c.mode === 'nonEmptySet') {
    let s = vars.sets.get(c.key);
    if (!s) {
      s = { values: newVar(c.key, c.domain), nonEmpty: c.mode === 'nonEmptySet' };
      vars.sets.set(c.key, s);
    }
    return { set: s };
  }
  let v = vars.singles.get(c.key);
  if (!v) {
    v = newVar(c.key, c.domain, { optional: c.mode === 'optional' });
    vars.singles.set(c.key, v);
  }
  return { single: v };
}

/**
 * The entries of a question's request, one per key, made once: every principal's context shares them, so that a
 * condition on a caller-chosen key is built once per question (solver/conditions.ts caches by entry).
 */
const entriesOf = new WeakMap<RequestVars, Map<string, Entry>>();

function sharedEntry(vars: RequestVars, key: string, make: () => Entry): Entry {
  const entries = entriesOf.get(vars) ?? new Map<string, Entry>();
  entriesOf.set(vars, entries);
  let e = entries.get(key);
  if (!e) {
    e = make();
    entries.set(key, e);
  }
  return e;
}

const entryFor = (vars: RequestVars, c: ControlledKey): Entry =>
  sharedEntry(vars, c.key, () => {
    const v = variableFor(vars, c);
    return 'set' in v ? { k: 'set', set: v.set } : { k: 'one', view: whole(v.single) };
  });

/** aws:ViaAWSService is "true" exactly when a service made the call (kms:ViaService present): model/s3/sse-kms.ts. */
function viaAwsServiceEntry(vars: RequestVars): Entry {
  return sharedEntry(vars, 'aws:ViaAWSService', () => {
    const via = variableFor(vars, VIA_SERVICE);
    if (!('single' in via)) throw new Error('kms:ViaService is single-valued');
    return { k: 'computed', slots: (S) => [{ member: S.present(via.single), value: 'true' }] };
  });
}

/** Build a symbolic context: the model's context for the request, with the caller's choices and the principal's open keys. */
export function symbolicContext(base: RequestContext, principal: SymPrincipal, entries: ReadonlyMap<string, Entry>, dynamic?: SymContext['dynamic']): SymContext {
  const overlay = new Map<string, Entry>(entries);
  for (const [k, e] of principal.overlay) overlay.set(k, e);
  return dynamic ? { base, overlay, dynamic } : { base, overlay };
}

/**
 * The context of a direct KMS request for `action` on `key`: the model's `kmsContext` for the caller (no encryption
 * context, no caller-chosen keys) with the environment, kms:ViaService, the action's own keys and, for actions that
 * take one, the encryption context as variables.
 */
export function kmsSymbolicContext(state: State, key: Key, vars: RequestVars, principal: SymPrincipal, action: string): SymContext {
  const { controlled, fixed } = actionKeys(key, action);
  const caller = principal.caller;
  const base = caller.kind === 'anonymous'
    ? globalContext(state, caller, {})
    : kmsContext({ state, caller, key, action, env: {}, encryptionContext: undefined, extraContext: fixed });
  const alias = requestAliasKey(state, key, action);
  const keys = [...ENVIRONMENT_KEYS, VIA_SERVICE, ...controlled, ...(alias ? [alias] : [])];
  const entries = new Map<string, Entry>(keys.map((c) => [c.key.toLowerCase(), entryFor(vars, c)]));
  entries.set('aws:viaawsservice', viaAwsServiceEntry(vars));
  if (!EC_ACTIONS.has(action)) return symbolicContext(base, principal, entries);
  const ec = ecEntries(vars.ec);
  entries.set('kms:encryptioncontextkeys', ec.keys);
  return symbolicContext(base, principal, entries, ec.dynamic);
}

/** Entries for the environment keys the caller chooses (all of them, or those S3 forwards to KMS). */
export function environmentEntries(vars: RequestVars, forwardedOnly: boolean): Map<string, Entry> {
  const keys = ENVIRONMENT_KEYS.filter((c) => !forwardedOnly || !NETWORK_KEYS.has(c.key.toLowerCase()));
  return new Map(keys.map((c) => [c.key.toLowerCase(), entryFor(vars, c)]));
}

/** Every controlled key a question about `actions` on `key` may involve (for decoding witnesses). */
export function controlledKeys(state: State, key: Key | undefined, action: string): readonly ControlledKey[] {
  if (!key) return ENVIRONMENT_KEYS;
  const alias = requestAliasKey(state, key, action);
  return [...ENVIRONMENT_KEYS, VIA_SERVICE, ...actionKeys(key, action).controlled, ...(alias ? [alias] : [])];
}

// A caller-chosen encryption context: a finite symbolic map whose key names and values are variables, with the
// condition keys KMS derives from it (kms:EncryptionContext:<k>, kms:EncryptionContextKeys).
import type { EncryptionContext } from '../model/index.ts';
import type { Slot } from './conditions.ts';
import type { Entry } from './conditions.ts';
import { ignoreCaseLang } from './strings.ts';
import type { Backend, Build, SetVar, Var } from './variables.ts';
import { newVar, whole } from './variables.ts';
import type { Z3Bool, Z3Model } from './z3.ts';

export const EC_KEY_PREFIX = 'kms:encryptioncontext:';
export const EC_KEYS_KEY = 'kms:encryptioncontextkeys';

/**
 * The encryption context of a request. Its key names are one set variable (each candidate name present or not); the
 * value of a key is a variable per lower-cased name (condition keys are case-insensitive, so at most one spelling of a
 * name is in the request: two spellings of one key would collide in the request context), and one more for names no
 * policy or grant mentions (their values are never tested).
 */
export interface Ec {
  readonly names: SetVar;
  readonly values: Map<string, Var>;
  readonly other: Var;
}

export function newEc(prefix: string): Ec {
  return { names: { values: newVar(`${prefix}:ec-keys`), nonEmpty: false }, values: new Map(), other: newVar(`${prefix}:ec-other`) };
}

/** The variable holding the value of every key whose lower-cased name is `lower` (created when first tested). */
export function valueVar(ec: Ec, lower: string): Var {
  let v = ec.values.get(lower);
  if (!v) {
    v = newVar(`ec[${lower}]`);
    ec.values.set(lower, v);
  }
  return v;
}

export const valueOfName = (ec: Ec, name: string): Var => ec.values.get(name.toLowerCase()) ?? ec.other;

/** The key names of the request, each with its presence; in the gathering pass, one placeholder. */
export function ecMembers<B>(S: Backend<B>, ec: Ec): readonly { readonly member: B; readonly name: string | undefined }[] {
  return S.members(ec.names).map((m) => ({ member: m.member, name: typeof m.value === 'string' ? m.value : undefined }));
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context —
 * kms:EncryptionContext:<k> holds the value of the pair whose key is k (key names case-insensitive, as condition keys
 * are); kms:EncryptionContextKeys the key names, case-sensitive (model/kms/authorize.ts `kmsContext`).
 */
export function ecEntries(ec: Ec): EcEntries {
  let made = ecEntriesOf.get(ec);
  if (!made) {
    made = newEcEntries(ec);
    ecEntriesOf.set(ec, made);
  }
  return made;
}

interface EcEntries {
  readonly keys: Entry;
  readonly dynamic: (keyLower: string) => Entry | undefined;
}

/** The entries of a request's encryption context, made once per context (every principal's request shares them). */
const ecEntriesOf = new WeakMap<Ec, EcEntries>();

function newEcEntries(ec: Ec): EcEntries {
  const newValueEntry = (lower: string): Entry => ({
    k: 'computed',
    slots: <B>(S: Backend<B>): readonly Slot<B>[] => {
      const v = valueVar(ec, lower);
      return ecMembers(S, ec).flatMap((m) => {
        if (m.name === undefined) {
          S.value(whole(ec.names.values), [ignoreCaseLang(lower)], () => false);
          return [{ member: m.member, value: whole(v) }];
        }
        return m.name.toLowerCase() === lower ? [{ member: m.member, value: whole(v) }] : [];
      });
    },
  });
  const values = new Map<string, Entry>();
  const valueEntry = (lower: string): Entry => {
    let e = values.get(lower);
    if (!e) {
      e = newValueEntry(lower);
      values.set(lower, e);
    }
    return e;
  };
  return {
    keys: { k: 'set', set: ec.names },
    dynamic: (keyLower) => (keyLower.startsWith(EC_KEY_PREFIX) ? valueEntry(keyLower.slice(EC_KEY_PREFIX.length)) : undefined),
  };
}

/** Two spellings of one key name are never both in the request. */
export function ecConstraints(b: Build, ec: Ec): Z3Bool[] {
  const byLower = new Map<string, Z3Bool[]>();
  for (const m of ecMembers(b, ec)) {
    if (m.name === undefined) continue;
    const group = byLower.get(m.name.toLowerCase()) ?? [];
    group.push(m.member);
    byLower.set(m.name.toLowerCase(), group);
  }
  const out: Z3Bool[] = [];
  for (const group of byLower.values()) {
    group.forEach((a, i) => group.slice(i + 1).forEach((c) => out.push(b.L.not(b.L.and(a, c)))));
  }
  return out;
}

/** The encryption context a model chose. */
export function readEc(b: Build, model: Z3Model, ec: Ec): EncryptionContext {
  const out: Record<string, string> = {};
  for (const m of ecMembers(b, ec)) {
    if (m.name === undefined || !b.holds(model, m.member)) continue;
    out[m.name] = b.read(model, valueOfName(ec, m.name)) ?? '';
  }
  return out;
}

/** Make a concrete context's names and tested values candidates (after the gathering pass, before building), for `decide`. */
export function pinEcValues(ec: Ec, context: EncryptionContext): void {
  for (const [k, v] of Object.entries(context)) {
    ec.names.values.pins.push(k);
    ec.values.get(k.toLowerCase())?.pins.push(v);
  }
}

/** Constraints that fix the encryption context to a concrete one (after `pinEcValues`). */
export function pinEc(b: Build, ec: Ec, context: EncryptionContext): Z3Bool {
  const names = Object.keys(context);
  const tested = names.filter((k) => ec.values.has(k.toLowerCase()));
  return b.L.and(b.pinSet(ec.names, names), ...tested.map((k) => b.pin(valueVar(ec, k.toLowerCase()), context[k])));
}

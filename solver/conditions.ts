// The Condition element over a symbolic request context: model/policy/conditions.ts `evaluateCondition`, mirrored
// branch for branch, with request values that may be caller-chosen variables.
import type { ConditionTest, RequestContext } from '../model/index.ts';
import { compareOne, isNegatedOperator, positiveOperator, substituteVariables } from './from-model.ts';
import { mutantOn } from './mutants.ts';
import { SolverLimit } from './regex.ts';
import type { Lang } from './strings.ts';
import { conditionLang } from './strings.ts';
import type { Backend, SetVar, View } from './variables.ts';

/** One request value of a key: whether it is in the request, and what it is (a fixed string or a variable's view). */
export interface Slot<B> {
  readonly member: B;
  readonly value: string | View;
}

/** What the request carries for one condition key. */
export type Entry =
  /** A value the request's facts fix (from the model's own context builders); undefined = the key is absent. */
  | { readonly k: 'fixed'; readonly values: readonly string[] | undefined }
  /** One caller-chosen value (absent when the variable is optional and absent). */
  | { readonly k: 'one'; readonly view: View }
  /** A caller-chosen set of values. */
  | { readonly k: 'set'; readonly set: SetVar }
  /** Values present under conditions the entry computes itself (encryption-context keys). */
  | { readonly k: 'computed'; readonly slots: <B>(S: Backend<B>) => readonly Slot<B>[] };

/** The request context of a symbolic request: the model's concrete context with some keys replaced by entries. */
export interface SymContext {
  readonly base: RequestContext;
  readonly overlay: ReadonlyMap<string, Entry>;
  /** Entries for whole families of keys (kms:encryptioncontext:<k>), consulted before the overlay. */
  readonly dynamic?: (keyLower: string) => Entry | undefined;
}

export function entryOf(ctx: SymContext, keyLower: string): Entry {
  return ctx.dynamic?.(keyLower) ?? ctx.overlay.get(keyLower) ?? { k: 'fixed', values: ctx.base.values.get(keyLower) };
}

function slotsOf<B>(S: Backend<B>, entry: Entry): readonly Slot<B>[] {
  switch (entry.k) {
    case 'fixed':
      return (entry.values ?? []).map((value) => ({ member: S.L.yes, value }));
    case 'one':
      return [{ member: S.present(entry.view.variable), value: entry.view }];
    case 'set':
      return S.members(entry.set);
    case 'computed':
      return entry.slots(S);
  }
}

/**
 * The context policy variables read from: only keys the request's facts fix. A variable that names a caller-chosen
 * value would make the policy value itself symbolic, which this solver does not model: the question is then `unknown`.
 */
function substitutionContext(ctx: SymContext): RequestContext {
  const values = {
    get: (key: string): readonly string[] | undefined => {
      const e = entryOf(ctx, key);
      if (e.k !== 'fixed') throw new SolverLimit(`a policy variable \${${key}} refers to a value the caller chooses`);
      return e.values;
    },
  };
  return { values: values as unknown as RequestContext['values'] };
}

/** The model's `compareOne`, or (mutant wildcardIgnoresCase) a StringLike/ArnLike comparison that ignores case. */
function comparison<B>(S: Backend<B>, op: ConditionTest['operator']): (policyValue: string, requestValue: string) => boolean {
  const wildcard = positiveOperator(op) === 'StringLike' || positiveOperator(op) === 'ArnLike';
  if (wildcard && mutantOn(S, 'wildcardIgnoresCase')) return (pv, v) => compareOne(op, pv.toLowerCase(), v.toLowerCase());
  return (pv, v) => compareOne(op, pv, v);
}

/** Does one request value match some policy value (the positive comparison)? */
function matchesSome<B>(S: Backend<B>, op: ConditionTest['operator'], policyValues: readonly string[], value: string | View): B {
  const compare = comparison(S, op);
  if (typeof value === 'string') return S.L.lit(policyValues.some((pv) => compare(pv, value)));
  const langs = policyValues.map((pv) => conditionLang(op, pv)).filter((l): l is Lang => l !== undefined);
  return S.value(value, langs, (v) => policyValues.some((pv) => compare(pv, v)));
}

/**
 * Mirror of `evaluateCondition` (IAM-UG reference_policies_elements_condition.html, reference_policies_multi-value-conditions.html):
 * several values for one key are ORed (negated operators: the request value must match none); a key missing from the
 * request: positive operators false, negated operators true, ...IfExists and ForAllValues true, ForAnyValue false;
 * `Null: true` holds exactly when the key is missing.
 */
export function symbolicCondition<B>(S: Backend<B>, test: ConditionTest, ctx: SymContext, variablesEnabled: boolean): B {
  const entry = entryOf(ctx, test.keyLower);
  // A test of a caller-chosen value without policy variables reads nothing else of the context: build it once per entry.
  if (entry.k === 'fixed' || test.values.some((v) => v.includes('${'))) return conditionOn(S, test, entry, ctx, variablesEnabled);
  return conditionOnce(S, test, entry, () => conditionOn(S, test, entry, ctx, variablesEnabled));
}

/** Condition terms by backend, test and entry (the entries of a question are shared by its principals: solver/request.ts). */
const conditionTerms = new WeakMap<object, WeakMap<ConditionTest, WeakMap<Entry, unknown>>>();

function conditionOnce<B>(S: Backend<B>, test: ConditionTest, entry: Entry, make: () => B): B {
  const byTest = conditionTerms.get(S) ?? new WeakMap<ConditionTest, WeakMap<Entry, unknown>>();
  conditionTerms.set(S, byTest);
  const byEntry = byTest.get(test) ?? new WeakMap<Entry, unknown>();
  byTest.set(test, byEntry);
  if (!byEntry.has(entry)) byEntry.set(entry, make());
  return byEntry.get(entry) as B;
}

function conditionOn<B>(S: Backend<B>, test: ConditionTest, entry: Entry, ctx: SymContext, variablesEnabled: boolean): B {
  const L = S.L;
  const slots = slotsOf(S, entry);
  const present = L.or(...slots.map((s) => s.member));
  if (test.operator === 'Null') {
    const wantsAbsent = test.values.some((v) => v.toLowerCase() === 'true');
    const wantsPresent = test.values.some((v) => v.toLowerCase() === 'false');
    return L.ite(present, L.lit(wantsPresent), L.lit(wantsAbsent));
  }
  const negated = isNegatedOperator(test.operator);
  const absent = L.lit(test.ifExists || test.qualifier === 'ForAllValues' ? true : test.qualifier === 'ForAnyValue' ? false : negated);
  const substitution = variablesEnabled ? substitutionContext(ctx) : undefined;
  const policyValues = test.values
    .map((v) => (substitution ? substituteVariables(v, substitution, true) : v))
    .filter((v): v is string => v !== undefined);
  // Mutant conditionNegated: StringEquals matches where StringNotEquals would.
  const flipped = test.operator === 'StringEquals' && mutantOn(S, 'conditionNegated');
  const holds = (value: string | View): B => {
    const some = matchesSome(S, test.operator, policyValues, value);
    return negated !== flipped ? L.not(some) : some;
  };
  const every = test.qualifier === 'ForAllValues' || (test.qualifier === undefined && negated);
  const whenPresent = every
    ? L.all(slots, (s) => L.or(L.not(s.member), holds(s.value)))
    : L.any(slots, (s) => L.and(s.member, holds(s.value)));
  return L.ite(present, whenPresent, absent);
}

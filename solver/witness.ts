// Witnesses: the concrete request a Z3 model chose, simplified, and confirmed by model/ before it is reported.
import type { Answer, RequestWitness } from './answers.ts';
import { readEc } from './ec.ts';
import type { SymPrincipal } from './principals.ts';
import { SolverLimit } from './regex.ts';
import { GRANT_TOKENS_KEY } from './replay.ts';
import type { ControlledKey } from './request.ts';
import { controlledKeys, EC_ACTIONS, ENVIRONMENT_KEYS, VIA_SERVICE } from './request.ts';
import type { Target } from './targets.ts';
import type { Build, Var } from './variables.ts';
import type { Z3Model } from './z3.ts';

/** Did some test of the formula look at the variable's value (so that a witness must carry it)? */
const tested = (v: Var): boolean => v.tests.atoms.size > 0 || v.tests.numbers.length > 0 || v.tests.dates.length > 0 || v.tests.cidrs.length > 0;

/** The concrete request a model chose for `p` and `action`: the principal, and the context keys that matter. */
export function witnessOf(b: Build, model: Z3Model, t: Target, p: SymPrincipal, action: string): RequestWitness {
  const context: Record<string, string | readonly string[]> = p.unknown ? { ...p.keysIn(b, model) } : {};
  const keys: readonly ControlledKey[] = t.kind === 'kms' ? controlledKeys(t.state, t.key, action) : ENVIRONMENT_KEYS;
  for (const c of keys) {
    const single = t.vars.singles.get(c.key);
    if (single && b.isUsed(single)) {
      const value = b.read(model, single);
      if (value !== undefined && (c.mode === 'optional' || tested(single))) context[c.key] = value;
    }
    const set = t.vars.sets.get(c.key);
    if (set && b.isUsed(set.values) && tested(set.values)) context[c.key] = b.readSet(model, set);
  }
  if (context[VIA_SERVICE.key] !== undefined) context['aws:ViaAWSService'] = 'true';
  if (t.kind === 'kms' && EC_ACTIONS.has(action)) {
    for (const [k, v] of Object.entries(readEc(b, model, t.vars.ec))) context[`kms:EncryptionContext:${k}`] = v;
  }
  if (t.kind === 'kms') {
    const pending = Object.values(t.key.grants).filter((g) => t.state.now < g.visibleAt).map((g) => g.grantToken);
    if (pending.length > 0) context[GRANT_TOKENS_KEY] = pending;
  }
  const resource = t.kind === 'kms' ? t.key.arn : `arn:aws:s3:::${t.bucket.name}/${t.objectKey}`;
  return { principal: p.arnIn(b, model), action, resource, context };
}

/**
 * Keys a witness can do without (environment choices, optional parameters, an unknown principal's organization),
 * dropped when the witness still holds.
 */
const OPTIONAL_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:vpcsourceip', 'kms:requestalias', 'kms:retiringprincipal', 'aws:principalorgid']);

/** The witness without the optional keys it does not need (a shorter, equally valid request). */
function simplified(w: RequestWitness, holds: (w: RequestWitness) => boolean): RequestWitness {
  let current = w;
  const drop = (keys: readonly string[]): void => {
    const context = Object.fromEntries(Object.entries(current.context).filter(([k]) => !keys.includes(k)));
    const candidate = { ...current, context };
    if (holds(candidate)) current = candidate;
  };
  for (const k of Object.keys(w.context)) if (OPTIONAL_KEYS.has(k.toLowerCase())) drop([k]);
  if (current.context[VIA_SERVICE.key] !== undefined) drop([VIA_SERVICE.key, 'aws:ViaAWSService']);
  return current;
}

/** A witness, replayed: the answer when model/ confirms it, an error answer (loud) when it does not. */
export function confirmed(w: RequestWitness, holds: (w: RequestWitness) => { ok: boolean; why: string }): { ok: true; witness: RequestWitness } | { ok: false; answer: Answer } {
  const first = holds(w);
  if (!first.ok) return { ok: false, answer: { kind: 'error', reason: `the solver's witness ${JSON.stringify(w)} does not replay in the model: ${first.why}` } };
  return { ok: true, witness: simplified(w, (c) => holds(c).ok) };
}

/** A question the solver cannot settle (a search budget, a policy variable over a caller choice) is "unknown". */
export const unknownFrom = (e: unknown): Answer => {
  if (e instanceof SolverLimit) return { kind: 'unknown', reason: e.message };
  throw e;
};

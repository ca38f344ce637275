// Does a `reach` goal hold in a concrete state? The solver's own question (every principal that counts, any request
// context), answered with a witness request that model/ confirms; used before searching (0 steps) and after replaying
// a path.
import type { State } from '../model/index.ts';
import type { RequestWitness } from './answers.ts';
import { ecConstraints } from './ec.ts';
import { z3Logic } from './logic.ts';
import type { SymPrincipal } from './principals.ts';
import { settle } from './reach-bmc.ts';
import type { ReachGoal } from './reach-world.ts';
import { SolverLimit } from './regex.ts';
import { requestAllowed } from './replay.ts';
import { allowedFor, principalsOf, resolveTarget } from './targets.ts';
import type { Backend } from './variables.ts';
import { Build, gather } from './variables.ts';
import { confirmed, witnessOf } from './witness.ts';
import type { Z3 } from './z3.ts';
import { check, z3 } from './z3.ts';

export type GoalCheck =
  | { readonly kind: 'yes'; readonly witness: RequestWitness }
  | { readonly kind: 'no' }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'error'; readonly reason: string };

let logic: { Z: Z3; L: ReturnType<typeof z3Logic> } | undefined;
async function backend(): Promise<Build> {
  const Z = await z3();
  if (logic?.Z !== Z) logic = { Z, L: z3Logic(Z) };
  return new Build(Z, logic.L);
}

/**
 * The principals the goal counts in this state (SCENARIOS.md §3 "Who acts and who counts"): for `byAnyoneExcept`, every
 * principal (a role counts when a session of it could), the excepted ones ruled out in the formula; for `by`, that
 * principal and the sessions created on the path by it or by sessions it created (`chain`).
 */
function counted(state: State, goal: ReachGoal, principals: readonly SymPrincipal[], chain: readonly string[]): SymPrincipal[] {
  if (goal.by === undefined) return [...principals];
  return principals.filter((p) => p.label === goal.by || (p.caller.kind === 'session' && chain.includes(p.label) && state.iam.sessions[p.label] !== undefined));
}

/** Does the goal hold in `state`? "yes" comes with a witness request model/ allows (and that counts for the goal). */
export async function goalWitness(state: State, goal: ReachGoal, chain: readonly string[], timeoutMs: number): Promise<GoalCheck> {
  const r = resolveTarget(state, goal.action, goal.resource);
  if (!r.ok) return r.missing ? { kind: 'no' } : { kind: 'unknown', reason: r.why };
  const t = r.target;
  try {
    const principals = counted(state, goal, principalsOf(state, t, []), chain);
    if (principals.length === 0) return { kind: 'no' };
    const except = goal.byAnyoneExcept ?? [];
    const f = <B>(S: Backend<B>, p: SymPrincipal): B => S.L.and(S.L.not(p.isOneOf(S, except)), allowedFor(S, t, p, goal.action));
    for (const p of principals) f(gather, p);
    const b = await backend();
    const formulas = principals.map((p) => f(b, p));
    const claims = [...ecConstraints(b, t.vars.ec), ...b.domainConstraints(), b.L.or(...formulas)];
    await settle();
    const result = await check(b.Z, claims, timeoutMs);
    if (result.kind === 'unknown') return result;
    if (result.kind === 'unsat') return { kind: 'no' };
    const i = formulas.findIndex((x) => b.holds(result.model, x));
    if (i < 0) return { kind: 'error', reason: 'Z3 found a model in which the goal holds for nobody, for a formula saying it holds for someone' };
    const c = confirmed(witnessOf(b, result.model, t, principals[i]!, goal.action), (w) => {
      if (except.includes(w.principal)) return { ok: false, why: `${w.principal} is excepted` };
      const v = requestAllowed(state, w);
      return { ok: v.allowed, why: v.why };
    });
    return c.ok ? { kind: 'yes', witness: c.witness } : c.answer.kind === 'error' ? c.answer : { kind: 'unknown', reason: 'the goal witness did not replay' };
  } catch (e) {
    if (e instanceof SolverLimit) return { kind: 'unknown', reason: e.message };
    throw e;
  }
}

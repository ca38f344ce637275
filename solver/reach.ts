// `reach` (SCENARIOS.md §3, issue 5): can the goal come to hold after at most maxSteps permission-changing calls, each
// made by a principal the model allows to make it at that moment? A fixpoint settles "no path of any length" and bounds
// the search; Z3 searches paths of 1, 2, ... moves (so the first found is a shortest); every path is replayed through
// model/ and the goal checked on the state it leaves before it is reported.
import { z } from 'zod';
import type { State } from '../model/index.ts';
import type { Question, RequestWitness, SolverOptions } from './answers.ts';
import { defaultSolverOptions } from './answers.ts';
import type { ReachMutant } from './reach-authz.ts';
import type { DecodedPath } from './reach-bmc.ts';
import { bmcFailure, ReachBmc } from './reach-bmc.ts';
import type { PathStep } from './reach-concrete.ts';
import { chainOf, concretize } from './reach-concrete.ts';
import { candidatesFor, fixpoint } from './reach-fixpoint.ts';
import { goalWitness } from './reach-goal.ts';
import type { ReachGoal } from './reach-world.ts';
import { buildWorld, REACH_CALLS } from './reach-world.ts';
import { resolveTarget } from './targets.ts';

export type { PathStep } from './reach-concrete.ts';
export type { ReachGoal } from './reach-world.ts';
export type { ReachMutant } from './reach-authz.ts';

export interface ReachOptions extends SolverOptions {
  /** The whole question's time limit in milliseconds (default: 6 × timeoutMs); beyond it the answer is "unknown". */
  readonly timeLimitMs?: number;
  /** The call kinds considered (default: every one of REACH_CALLS). Leaving one out is a mutant for the cross-checks. */
  readonly calls?: readonly string[];
  /** A seeded mutant of the transition relation (cross-checks only; `mutant` is the solver's own, see solver/mutants.ts). */
  readonly reachMutant?: ReachMutant;
  /** How many paths the model may refute before the answer is "unknown" (default 8). */
  readonly maxRefuted?: number;
  /** The most moves Z3 may weigh for one bound (default 40,000; beyond, "unknown": the encoding's memory grows with it). */
  readonly maxMoves?: number;
}

/** How the search went: what the fixpoint proved, how many moves Z3 weighed, how many of its paths model/ refuted. */
export interface ReachStats {
  readonly moves: number;
  readonly encoded: number;
  readonly lowerBound: number | undefined;
  readonly refuted: number;
  readonly ms: number;
}

export type ReachAnswer =
  | {
      readonly kind: 'yes';
      /** The goal's request after the path: model/ allows it in the state the path leaves. */
      readonly witness: RequestWitness;
      /** The calls, in the scenario step format; every one succeeds when replayed from the current state. */
      readonly path: readonly PathStep[];
      readonly steps: number;
      /** Present when some shorter path the solver proposed could not be confirmed (then "shortest" is not guaranteed). */
      readonly note?: string;
      readonly stats?: ReachStats;
    }
  | {
      readonly kind: 'no';
      /** No path of any length reaches the goal (the fixpoint proves it), not only none within maxSteps. */
      readonly anyLength: boolean;
      readonly reason: string;
      readonly stats?: ReachStats;
    }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'error'; readonly reason: string };

/** A goal names exactly one of `by` and `byAnyoneExcept` (SCENARIOS.md §3); a goal naming neither is anyone's. */
function goalProblem(goal: ReachGoal): string | undefined {
  if (goal.by !== undefined && goal.byAnyoneExcept !== undefined) return 'a goal names "by" or "byAnyoneExcept", not both';
  return undefined;
}

interface Confirmed {
  readonly path: readonly PathStep[];
  readonly witness: RequestWitness;
}

/** Replay a path (minimal policies first, then the broadest a writer could write) and check the goal after it. */
async function confirm(goal: ReachGoal, w: Parameters<typeof concretize>[0], path: DecodedPath, timeoutMs: number): Promise<Confirmed | { refuted: string } | { unknown: string }> {
  const why: string[] = [];
  for (const writing of ['minimal', 'broad'] as const) {
    const c = concretize(w, path, writing);
    if (!c.ok) {
      why.push(`${writing}: ${c.why}`);
      continue;
    }
    const chain = goal.by !== undefined ? chainOf(goal.by, c.value.createdBy) : [];
    const held = await goalWitness(c.value.final, goal, chain, timeoutMs);
    if (held.kind === 'yes') return { path: c.value.steps, witness: held.witness };
    if (held.kind === 'unknown') return { unknown: held.reason };
    why.push(`${writing}: the goal does not hold after the path${held.kind === 'error' ? ` (${held.reason})` : ''}`);
  }
  return { refuted: why.join('; ') };
}

/**
 * SCENARIOS.md "reach": is there a sequence of at most `maxSteps` calls, each by a principal allowed to make it at that
 * moment, after which the goal holds? "yes" comes with a shortest such path (replayed through model/) and the goal's
 * witness request; "no" says whether no path of any length exists; a time limit gives "unknown", never "no".
 */
export async function reach(state: State, goal: ReachGoal, maxSteps: number, options: ReachOptions = defaultSolverOptions): Promise<ReachAnswer> {
  const started = Date.now();
  const deadline = started + (options.timeLimitMs ?? 6 * options.timeoutMs);
  const left = (): number => Math.min(options.timeoutMs, deadline - Date.now());
  const problem = goalProblem(goal);
  if (problem) return { kind: 'unknown', reason: problem };
  const now = await goalWitness(state, goal, [], options.timeoutMs);
  if (now.kind === 'yes') return { kind: 'yes', witness: now.witness, path: [], steps: 0 };
  if (now.kind !== 'no') return now;
  const resolved = resolveTarget(state, goal.action, goal.resource);
  if (!resolved.ok) return resolved.missing ? { kind: 'no', anyLength: true, reason: resolved.why } : { kind: 'unknown', reason: resolved.why };
  const calls = new Set(options.calls ?? REACH_CALLS);
  const w = buildWorld(state, goal, resolved.target, calls);
  if (typeof w === 'string') return { kind: 'unknown', reason: w };
  const fix = fixpoint(w, options.reachMutant);
  const stats = (encoded: number, refuted: number): ReachStats => ({ moves: w.moves.length, encoded, lowerBound: fix.goalRound, refuted, ms: Date.now() - started });
  if (fix.goalRound === undefined) {
    return { kind: 'no', anyLength: true, reason: 'no sequence of permission-changing calls, of any length, makes the goal hold (fixpoint of what calls could ever add)', stats: stats(0, 0) };
  }
  if (fix.goalRound > maxSteps) {
    return { kind: 'no', anyLength: false, reason: `every path to the goal needs at least ${fix.goalRound} calls, more than ${maxSteps}`, stats: stats(0, 0) };
  }
  const moves = candidatesFor(w, fix, maxSteps, options.reachMutant);
  const maxMoves = options.maxMoves ?? 40_000;
  if (moves.length > maxMoves) return { kind: 'unknown', reason: `${moves.length} moves could matter within ${maxSteps} call(s), more than the ${maxMoves} the search weighs (maxMoves)` };
  let refuted = 0;
  let refutedBefore = 0;
  try {
    const bmc = await ReachBmc.encode(w, moves, maxSteps, options.reachMutant);
    for (let j = Math.max(1, fix.goalRound); j <= maxSteps; j++) {
      for (;;) {
        if (left() <= 0) return { kind: 'unknown', reason: `the time limit ran out while looking for paths of ${j} call(s)` };
        const found = await bmc.solve(j, left());
        if (found.kind === 'unsat') break;
        if (found.kind === 'unknown') return found;
        const c = await confirm(goal, w, found.path, Math.max(1, left()));
        if ('unknown' in c) return { kind: 'unknown', reason: c.unknown };
        if ('witness' in c) {
          const note = refutedBefore > 0 ? `${refutedBefore} shorter path(s) the solver proposed did not replay in the model: this path may not be a shortest one` : undefined;
          return { kind: 'yes', witness: c.witness, path: c.path, steps: c.path.length, ...(note ? { note } : {}), stats: stats(moves.length, refuted) };
        }
        refuted++;
        if (refuted > (options.maxRefuted ?? 8)) return { kind: 'unknown', reason: `${refuted} paths the solver proposed did not replay in the model (last: ${c.refuted})` };
        bmc.block(found.path);
      }
      refutedBefore = refuted;
    }
  } catch (e) {
    const f = bmcFailure(e);
    if (f.kind === 'unknown') return f;
  }
  if (refuted > 0) return { kind: 'unknown', reason: `${refuted} path(s) the solver proposed did not replay in the model, and it found no other within ${maxSteps} call(s)` };
  return { kind: 'no', anyLength: false, reason: `no sequence of at most ${maxSteps} permission-changing call(s) makes the goal hold`, stats: stats(moves.length, refuted) };
}

/** The question as the runner and the CLI put it: SCENARIOS.md's `goal` (with `by` or `byAnyoneExcept`) and `maxSteps`. */
const reachQuestionSchema = z.object({
  goal: z.object({ action: z.string().min(1), resource: z.string().min(1), by: z.string().min(1).optional(), byAnyoneExcept: z.array(z.string()).optional() }),
  maxSteps: z.number().int().min(0),
});

/** Answer an ask step's `reach` question (solver/ask-handler.ts dispatches here). */
export async function answerReach(state: State, q: Extract<Question, { ask: 'reach' }>, options: ReachOptions = defaultSolverOptions): Promise<ReachAnswer> {
  const parsed = reachQuestionSchema.safeParse(q);
  if (!parsed.success) return { kind: 'unknown', reason: `not a reach question: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const { goal, maxSteps } = parsed.data;
  const byAnyoneExcept = goal.by === undefined ? (goal.byAnyoneExcept ?? []) : goal.byAnyoneExcept;
  return reach(state, { action: goal.action, resource: goal.resource, ...(goal.by !== undefined ? { by: goal.by } : {}), ...(byAnyoneExcept ? { byAnyoneExcept } : {}) }, maxSteps, options);
}

// The solver hook of the scenario runner: the questions `ask` steps put, the answers, and the default "not supported yet".
import type { State } from '../../model/index.ts';
import { z3Solver } from '../../solver/index.ts';
import type { CallStep, CanAnyoneElseStep, NewAccessStep, ReachStep, WhoCanStep } from './schema.ts';

type WithoutProse<T> = Omit<T, 'note' | 'expect'>;

/** A question about the current state, as the ask step puts it (variables substituted). */
export type Question = WithoutProse<WhoCanStep> | WithoutProse<CanAnyoneElseStep> | WithoutProse<ReachStep> | WithoutProse<NewAccessStep>;

/** A concrete request that a "yes" points at: the model itself must allow it (SCENARIOS.md "A question to the solver"). */
export interface RequestWitness {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The request context the witness chose (encryption context, kms:ViaService, aws:SourceVpce, ...). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

/** A call step of a `reach` path, in the scenario file's own step format. */
export type PathStep = Pick<CallStep, 'as' | 'call' | 'input' | 'context'>;

export type Answer =
  /** The question kind is not implemented (yet): the step fails, honestly. */
  | { readonly kind: 'notSupported'; readonly reason: string }
  /** The solver could not settle it in its time limit: never matches "yes" or "no". */
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'whoCan'; readonly principals: readonly string[]; readonly unknownPrincipals: boolean }
  | { readonly kind: 'no' }
  /**
   * canAnyoneElse / newAccess: `witness` is a request the model allows (for newAccess: under the candidate policy,
   * and not under the current one). reach: `path` is the calls that, replayed from the current state, all succeed,
   * after which `witness` (the goal's request) is allowed.
   */
  | { readonly kind: 'yes'; readonly witness: RequestWitness; readonly path?: readonly PathStep[] };

/** The concrete model's verdict on a witness request: would it succeed (authorized, and the resource's state allows it)? */
export interface RequestVerdict {
  readonly allowed: boolean;
  readonly why: string;
}

/**
 * What the runner needs from the solver work: answers, and a concrete check of a request witness. The runner itself
 * replays `reach` paths through model/ `step` and decides which witness checks apply.
 */
export interface Solver {
  readonly answer: (state: State, question: Question) => Promise<Answer>;
  /** Concrete check of a witness request against model/ (no solver involved). */
  readonly requestAllowed: (state: State, request: RequestWitness) => RequestVerdict;
}

export const NOT_SUPPORTED_YET = 'not supported yet (the solver has not landed)';

/** The solver until solver/ lands: every question fails its step with "not supported yet". */
export const notYetSolver: Solver = {
  answer: async () => ({ kind: 'notSupported', reason: NOT_SUPPORTED_YET }),
  requestAllowed: () => ({ allowed: false, why: 'no concrete check of request witnesses is plugged in yet' }),
};

/** The solver the CLI uses: Z3 over the model's own decision rule (solver/), every "yes" replayed through model/. */
export const defaultSolver: Solver = z3Solver();

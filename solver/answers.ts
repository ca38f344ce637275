// The solver's questions and answers: the ask steps of SCENARIOS.md §3 and what the solver says about them.
import type { SolverMutant } from './mutants.ts';

/** A concrete request that a "yes" points at; model/ alone must allow it (solver/replay.ts). */
export interface RequestWitness {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The request context the witness chose: condition keys (encryption context as kms:EncryptionContext:<k>), grant tokens. */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export interface RequestVerdict {
  readonly allowed: boolean;
  readonly why: string;
}

export type Question =
  | { readonly ask: 'whoCan'; readonly action: string; readonly resource: string }
  | { readonly ask: 'canAnyoneElse'; readonly action: string; readonly resource: string; readonly except: readonly string[] }
  | { readonly ask: 'newAccess'; readonly resource: string; readonly policy: string }
  | { readonly ask: 'reach'; readonly goal: { readonly action: string; readonly resource: string }; readonly maxSteps: number };

export type Answer =
  | { readonly kind: 'whoCan'; readonly principals: readonly string[]; readonly unknownPrincipals: boolean; readonly witnesses: readonly RequestWitness[] }
  | { readonly kind: 'yes'; readonly witness: RequestWitness }
  | { readonly kind: 'no' }
  /** A time limit, Z3's unknown, or a question beyond what the solver models: never "no". */
  | { readonly kind: 'unknown'; readonly reason: string }
  /** A witness the model does not confirm: the solver disagrees with model/, a bug to report loudly. */
  | { readonly kind: 'error'; readonly reason: string };

export interface SolverOptions {
  /** Time limit of each Z3 call, in milliseconds. */
  readonly timeoutMs: number;
  /** A seeded mutant of the encoding (solver/mutants.ts), for the mutation tests only; never set otherwise. */
  readonly mutant?: SolverMutant;
}

export const defaultSolverOptions: SolverOptions = { timeoutMs: 10_000 };

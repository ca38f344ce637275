// What an invariant is: a named claim with its AWS source, checked over a model state, over one step, or both.
import type { Call, CallOutcome, State } from '../model/index.ts';
import type { History } from './history.ts';

export interface Violation {
  readonly name: string;
  readonly message: string;
}

/** What happened in one step: a call and its outcome, or time passing. */
export type StepEvent =
  | { readonly kind: 'call'; readonly call: Call; readonly outcome: CallOutcome }
  | { readonly kind: 'advance'; readonly ms: number };

/** One step of the state machine, with what earlier steps produced (the history, before this step). */
export interface Transition {
  readonly before: State;
  readonly event: StepEvent;
  readonly after: State;
  readonly history: History;
}

export interface Invariant {
  /** The claim as a lowerCamelCase sentence. */
  readonly name: string;
  /** The claim in one English sentence. */
  readonly claim: string;
  /** The AWS documentation page the claim comes from. */
  readonly source: string;
  /** Problems found in a state (empty when the claim holds); absent for laws about steps only. */
  readonly check?: (state: State, history: History) => readonly string[];
  /** Problems found in one step (a transition law); absent for laws about states only. */
  readonly checkStep?: (t: Transition) => readonly string[];
}

export const defineInvariant = (i: Invariant): Invariant => i;

// What an invariant is: a named claim with its AWS source and a check over a model state.
import type { State } from '../model/index.ts';

export interface Violation {
  readonly name: string;
  readonly message: string;
}

export interface Invariant {
  /** The claim as a lowerCamelCase sentence. */
  readonly name: string;
  /** The claim in one English sentence. */
  readonly claim: string;
  /** The AWS documentation page the claim comes from. */
  readonly source: string;
  /** Problems found in this state (empty when the claim holds). */
  readonly check: (state: State) => readonly string[];
}

export const defineInvariant = (i: Invariant): Invariant => i;

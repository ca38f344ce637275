// properties/: the invariants of the model as named claims, and the check that runs them all over a state.
import type { State } from '../model/index.ts';
import { catalogue } from './catalogue.ts';
import type { Violation } from './invariant.ts';

export type { Invariant, Violation } from './invariant.ts';
export { catalogue } from './catalogue.ts';

/** Run every invariant of the catalogue over a state; an empty list means all hold. */
export function checkInvariants(state: State): Violation[] {
  return catalogue.flatMap((inv) => inv.check(state).map((message) => ({ name: inv.name, message })));
}

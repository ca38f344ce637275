// Running invariants: the state invariants over a state, the transition laws over a step or over probe calls.
import { step } from '../model/index.ts';
import type { State } from '../model/index.ts';
import { catalogue } from './catalogue.ts';
import type { History, Trail } from './history.ts';
import { emptyTrail } from './history.ts';
import type { Invariant, Transition, Violation } from './invariant.ts';
import { probeCalls } from './probes.ts';

const named = (inv: Invariant, messages: readonly string[]): Violation[] => messages.map((message) => ({ name: inv.name, message }));

/** The state invariants of a catalogue over one state. */
export function checkState(state: State, history: History, invariants: readonly Invariant[] = catalogue): Violation[] {
  return invariants.flatMap((inv) => (inv.check ? named(inv, inv.check(state, history)) : []));
}

/** The transition laws of a catalogue over one step. */
export function checkTransition(t: Transition, invariants: readonly Invariant[] = catalogue): Violation[] {
  return invariants.flatMap((inv) => (inv.checkStep ? named(inv, inv.checkStep(t)) : []));
}

/** The transition laws over probe calls tried from the state (and thrown away). */
export function checkProbes(state: State, history: History, invariants: readonly Invariant[] = catalogue, limit?: number): Violation[] {
  return probeCalls(state, history, limit).flatMap((call) => {
    const r = step(state, call);
    return checkTransition({ before: state, event: { kind: 'call', call, outcome: r.outcome }, after: r.state, history }, invariants);
  });
}

/**
 * Every invariant of the catalogue over a state: the state invariants, the transition laws over the last step (when the
 * trail has one) and over probe calls from the state. An empty list means all hold.
 */
export function checkInvariants(state: State, trail: Trail = emptyTrail): Violation[] {
  return [...checkState(state, trail.history), ...(trail.last ? checkTransition(trail.last) : []), ...checkProbes(state, trail.history)];
}

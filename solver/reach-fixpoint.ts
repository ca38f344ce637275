// The unbounded side of `reach`: a fixpoint over what the path could ever add (a monotone over-approximation in
// three-valued logic), which proves "no path of any length", bounds how early each move can be made, and prunes the
// moves that cannot help reach the goal within the bound.
import type { Logic } from '../model/index.ts';
import { newEc } from './ec.ts';
import { identityPolicies } from './from-model.ts';
import type { FactView, ReachMutant } from './reach-authz.ts';
import { goalAllowedFor, identityFactsOf, memoizeVerdicts, moveAllowed } from './reach-authz.ts';
import { actionSlice } from './reach-from-model.ts';
import { ShareKeys } from './reach-share.ts';
import type { Actor, Move, ReachWorld } from './reach-world.ts';
import { factId } from './reach-world.ts';
import type { RequestVars } from './request.ts';
import type { Backend } from './variables.ts';
import { whole } from './variables.ts';

/** Kleene's three values: no, yes, and maybe (depends on something not known here). */
export type Tri = 0 | 1 | 2;
const NO: Tri = 0;
const YES: Tri = 1;
const MAYBE: Tri = 2;

/** Kleene's strong three-valued logic: sound for "could this be true?" whatever the unknowns turn out to be. */
export const kleene: Logic<Tri> = {
  yes: YES,
  no: NO,
  lit: (b) => (b ? YES : NO),
  not: (x) => (x === MAYBE ? MAYBE : x === YES ? NO : YES),
  and: (...xs) => {
    let r: Tri = YES;
    for (const x of xs) {
      if (x === NO) return NO;
      if (x === MAYBE) r = MAYBE;
    }
    return r;
  },
  or: (...xs) => {
    let r: Tri = NO;
    for (const x of xs) {
      if (x === YES) return YES;
      if (x === MAYBE) r = MAYBE;
    }
    return r;
  },
  any: (items, f) => {
    let r: Tri = NO;
    for (const item of items) {
      const x = f(item);
      if (x === YES) return YES;
      if (x === MAYBE) r = MAYBE;
    }
    return r;
  },
  all: (items, f) => {
    let r: Tri = YES;
    for (const item of items) {
      const x = f(item);
      if (x === NO) return NO;
      if (x === MAYBE) r = MAYBE;
    }
    return r;
  },
  ite: (c, a, b) => (c === YES ? a : c === NO ? b : a === b ? a : MAYBE),
  isNo: (x) => x === NO,
};

/** Every caller choice (a condition's value, a move's argument) is "maybe": the request may or may not satisfy it. */
export const maybeBackend: Backend<Tri> = {
  L: kleene,
  value: () => MAYBE,
  present: (v) => (v.optional ? MAYBE : YES),
  fresh: () => MAYBE,
  members: (s) => [{ member: MAYBE, value: whole(s.values) }],
};
memoizeVerdicts(maybeBackend);

export interface Fixpoint {
  /** Per move: the first round in which it can be made (a path needs at least round-1 moves before it); 0 = never. */
  readonly round: readonly number[];
  /** Per fact: the round that first adds it (a path needs at least that many moves to add it); 0 = never. */
  readonly factRound: readonly number[];
  /** A lower bound on the length of any path reaching the goal; undefined when no path of any length reaches it. */
  readonly goalRound: number | undefined;
}

/** A fact view over three-valued fact values that records which facts a formula reads. */
function recording(values: readonly Tri[], w: ReachWorld, touched: Set<number>): FactView<Tri> {
  const holds = (id: number): Tri => {
    touched.add(id);
    return values[id]!;
  };
  return {
    holds,
    chained: (role) => {
      const id = factId(w, { kind: 'chain', role });
      return id === undefined ? NO : holds(id);
    },
  };
}

function goalPossible(w: ReachWorld, view: FactView<Tri>): Tri {
  return kleene.any(w.goalPrincipals, (gp) => goalAllowedFor(maybeBackend, w, gp, view));
}

/**
 * The fewest moves from each move to the goal: a fact the goal reads needs 0 more; a move that adds a needed fact
 * needs one more than that fact; a fact a move reads needs what the move needs (a breadth-first pass backwards).
 */
function needs(made: readonly Move[], deps: ReadonlyMap<number, readonly number[]>, goalDeps: readonly number[]): Map<number, number> {
  const producers = new Map<number, number[]>();
  for (const m of made) for (const p of m.produces) producers.set(p.fact, [...(producers.get(p.fact) ?? []), m.id]);
  const need = new Map<number, number>();
  const factNeed = new Map<number, number>(goalDeps.map((f) => [f, 0]));
  let frontier = [...goalDeps];
  for (let level = 0; frontier.length > 0; level++) {
    const next: number[] = [];
    for (const f of frontier) {
      for (const m of producers.get(f) ?? []) {
        if ((need.get(m) ?? Number.POSITIVE_INFINITY) <= level + 1) continue;
        need.set(m, level + 1);
        for (const d of deps.get(m) ?? []) {
          if ((factNeed.get(d) ?? Number.POSITIVE_INFINITY) <= level + 1) continue;
          factNeed.set(d, level + 1);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return need;
}

const scratchVars = (): RequestVars => ({ singles: new Map(), sets: new Map(), ec: newEc('fixpoint') });

/**
 * A cheap necessary condition for an IAM call (model/iam/authorize.ts: only the caller's identity policies can allow
 * it, the root user's allow everything): some identity policy the caller has, or may come to have (a group it may
 * join, a policy the path may write or attach), has an Allow statement for the action. Reads the facts it depends on.
 */
function identityMayAllow(w: ReachWorld, actor: Actor, action: string, view: FactView<Tri>, cache: Map<string, boolean>): Tri {
  const c = actor.principal.caller;
  if (c.kind === 'root') return YES;
  if (c.kind === 'anonymous') return NO;
  const key = `${actor.index}|${action}`;
  let statically = cache.get(key);
  if (statically === undefined) {
    statically = identityPolicies(w.state, c).some((d) => actionSlice(d, action).statements.some((st) => st.effect === 'Allow'));
    cache.set(key, statically);
  }
  if (statically) return MAYBE;
  const facts = identityFactsOf(w, actor.principal);
  return kleene.any(facts, (f) => view.holds(f));
}

/**
 * The fixpoint of the monotone abstraction: facts start absent; in each round every move that could be made with what
 * earlier rounds could add ("maybe") is made, adding its facts as "maybe". Kleene's logic keeps it sound (a request the
 * concrete path makes is never judged "no"), so a goal still "no" at the fixpoint holds after no path of any length;
 * and a move first possible in round r needs at least r-1 moves before it (rounds are made from the previous round's
 * facts only). A move is evaluated again only when a fact it read changed (what it did not read cannot change it).
 */
export function fixpoint(w: ReachWorld, mutant?: ReachMutant): Fixpoint {
  const values: Tri[] = w.facts.map(() => NO);
  const allMaybe: Tri[] = w.facts.map(() => MAYBE);
  const vars = scratchVars();
  const read: Set<number>[] = w.moves.map(() => new Set<number>());
  const round: number[] = w.moves.map(() => 0);
  const cache = new Map<string, boolean>();
  const keys = new ShareKeys(w);
  let shared = new Map<string, { result: Tri; touched: Set<number> }>();
  /** A move's verdict with the current facts, the facts it reads added to `read` (shared with moves of the same key). */
  const evaluate = (m: Move): Tri => {
    const key = keys.keyOf(m);
    const known = key === undefined ? undefined : shared.get(key);
    if (known) {
      for (const f of known.touched) read[m.id]!.add(f);
      return known.result;
    }
    const touched = new Set<number>();
    const view = recording(values, w, touched);
    const result = mutant === undefined && m.call.startsWith('iam:') && identityMayAllow(w, m.actor, m.action, view, cache) === NO ? NO : moveAllowed(maybeBackend, w, m, vars, view, mutant);
    for (const f of touched) read[m.id]!.add(f);
    if (key !== undefined) shared.set(key, { result, touched });
    return result;
  };
  const factRound: number[] = w.facts.map(() => 0);
  const goalTouched = new Set<number>();
  if (goalPossible(w, recording(allMaybe, w, goalTouched)) === NO) return { round, factRound, goalRound: undefined };
  const goalDeps = [...goalTouched];
  const ignore = new Set<number>();
  let goalRound: number | undefined = goalPossible(w, recording(values, w, ignore)) !== NO ? 0 : undefined;
  let pending: Move[] = [...w.moves];
  let changed: Set<number> | undefined;
  for (let r = 1; changed === undefined || changed.size > 0; r++) {
    const stale = changed;
    shared = new Map();
    const made = pending.filter((m) => (stale === undefined || [...read[m.id]!].some((f) => stale.has(f))) && evaluate(m) !== NO);
    const next = new Set<number>();
    const add = (fact: number): void => {
      if (values[fact] === NO) {
        values[fact] = MAYBE;
        factRound[fact] = r;
        next.add(fact);
      }
    };
    for (const m of made) round[m.id] = r;
    // A production that waits for a fact (`after`) comes once a move made in an earlier round or this one can see it.
    for (const m of w.moves) {
      if (round[m.id] === 0) continue;
      for (const p of m.produces) if (p.after === undefined ? round[m.id] === r : values[p.after] !== NO && round[m.id]! <= r) add(p.fact);
    }
    pending = pending.filter((m) => round[m.id] === 0);
    changed = next;
    if (goalRound === undefined && goalDeps.some((f) => next.has(f)) && goalPossible(w, recording(values, w, ignore)) !== NO) goalRound = r;
  }
  return { round, factRound, goalRound };
}

/** A move worth encoding for a bound, with the steps at which it may be made. */
export interface Candidate {
  readonly move: Move;
  readonly earliest: number;
  readonly latest: number;
}

/**
 * The moves that can matter for paths of at most `maxSteps` moves: a move first possible in round r is made at step r
 * or later; one that is k moves from the goal (along what reads what, among the facts that some path of at most
 * maxSteps moves adds) at step maxSteps-k+1 or earlier. A fact is read only where it can matter (see reach-authz.ts).
 */
export function candidatesFor(w: ReachWorld, fix: Fixpoint, maxSteps: number, mutant?: ReachMutant): Candidate[] {
  const values: Tri[] = fix.factRound.map((r) => (r > 0 && r <= maxSteps ? MAYBE : NO));
  const inBound = (f: number): boolean => values[f] !== NO;
  const vars = scratchVars();
  const made = w.moves.filter((m) => fix.round[m.id]! > 0 && fix.round[m.id]! <= maxSteps);
  const deps = new Map<number, number[]>();
  const keys = new ShareKeys(w);
  const shared = new Map<string, number[]>();
  for (const m of made) {
    const key = keys.keyOf(m);
    let read = key === undefined ? undefined : shared.get(key);
    if (!read) {
      const touched = new Set<number>();
      moveAllowed(maybeBackend, w, m, vars, recording(values, w, touched), mutant);
      read = [...touched].filter(inBound);
      if (key !== undefined) shared.set(key, read);
    }
    deps.set(m.id, [...read, ...m.produces.flatMap((p) => (p.after === undefined ? [] : [p.after]))]);
  }
  const goalDeps = new Set<number>();
  goalPossible(w, recording(values, w, goalDeps));
  const need = needs(made, deps, [...goalDeps].filter(inBound));
  return made.flatMap((m) => {
    const earliest = fix.round[m.id]!;
    const latest = maxSteps - (need.get(m.id) ?? Number.POSITIVE_INFINITY) + 1;
    return earliest <= latest ? [{ move: m, earliest, latest }] : [];
  });
}

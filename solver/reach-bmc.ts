// Bounded model checking of `reach` with Z3. Each candidate move gets the step at which it is made (or none),
// order-encoded in Booleans; a fact holds from the step after the first move that adds it; a move made at step t must
// be authorized by the model's decision rule over the facts added before t; the goal must hold over the facts after the
// last step. At most one move per step and at most j moves in all, for j = 1, 2, ... (iterative deepening: the first
// path found is a shortest one).
import v8 from 'node:v8';
import vm from 'node:vm';
import type { EncryptionContext } from '../model/index.ts';
import { ecConstraints, readEc } from './ec.ts';
import { z3Logic } from './logic.ts';
import type { SymPrincipal } from './principals.ts';
import type { FactView, ReachMutant } from './reach-authz.ts';
import { applies, goalAllowedFor, moveCallAllowed, moveNeeds, moveVars, operationsVar, sessionNameVar, slotVar } from './reach-authz.ts';
import type { Candidate } from './reach-fixpoint.ts';
import { ShareKeys } from './reach-share.ts';
import type { GoalPrincipal, Move, ReachWorld } from './reach-world.ts';
import { SolverLimit } from './regex.ts';
import type { RequestVars } from './request.ts';
import { ENVIRONMENT_KEYS, VIA_SERVICE } from './request.ts';
import type { Var } from './variables.ts';
import type { Backend } from './variables.ts';
import { Build, gather } from './variables.ts';
import type { Z3, Z3Bool, Z3Model } from './z3.ts';
import { z3 } from './z3.ts';

/** One move of a path the solver found, with the arguments it chose. */
export interface DecodedStep {
  readonly move: Move;
  readonly grantee?: string;
  readonly operations?: readonly string[];
  /** The grant constraint the request chose (kms:GrantConstraintType) and its pairs (the request's encryption context). */
  readonly constraint?: { readonly types: readonly string[]; readonly pairs: EncryptionContext };
  readonly user?: string;
  readonly policy?: string;
  readonly bypassLockoutCheck?: boolean;
  /** The caller-controlled environment the request chose (aws:SourceIp, ...). */
  readonly env: Readonly<Record<string, string>>;
}

export interface DecodedPath {
  readonly steps: readonly DecodedStep[];
  /** The name chosen for each fresh session (role ARN → session name). */
  readonly sessionNames: ReadonlyMap<string, string>;
  /** The principal for whom the goal holds at the end, and its ARN. */
  readonly goal: { readonly principal: SymPrincipal; readonly arn: string };
}

export type BmcResult =
  | { readonly kind: 'sat'; readonly path: DecodedPath }
  | { readonly kind: 'unsat' }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * A time in 1..maxSteps or "never", order-encoded: `le[t-1]` says "at or before step t" (monotone in t). Comparing two
 * times is then propositional, which Z3 decides as fast as it can.
 */
interface Time {
  readonly le: readonly Z3Bool[];
}

let logic: { Z: Z3; L: ReturnType<typeof z3Logic> } | undefined;
async function build(): Promise<Build> {
  const Z = await z3();
  if (logic?.Z !== Z) logic = { Z, L: z3Logic(Z) };
  return new Build(Z, logic.L);
}

/** Is the variable one of a move's own request (its caller choices, its arguments, its encryption context), as it stands? */
function ownVariable(vars: RequestVars, v: Var): boolean {
  return [...vars.singles.values()].includes(v) || [...vars.sets.values()].some((s) => s.values === v) || v === vars.ec.names.values || v === vars.ec.other || [...vars.ec.values.values()].includes(v);
}

/** Did a test of the formula look at the variable (so that a request must carry the value the model chose)? */
const tested = (v: Var): boolean => v.tests.atoms.size > 0 || v.tests.numbers.length > 0 || v.tests.dates.length > 0 || v.tests.cidrs.length > 0;

/**
 * The encoding for paths of at most `maxSteps` moves, built once; `solve(j)` asks for a path of at most j moves.
 * Every Z3 term it makes is kept (`kept`) for as long as the encoding lives (see `settle`).
 */
export class ReachBmc {
  private readonly vars = new Map<number, RequestVars>();
  private readonly time = new Map<number, Time>();
  private readonly factTime = new Map<number, Time>();
  private readonly chain = new Map<string, Time>();
  private readonly latest = new Map<number, number>();
  private goalFormulas: Z3Bool[] = [];
  private readonly kept: unknown[] = [];
  private readonly keys: ShareKeys;
  /** The keys whose moves share one formula, and the formula per key and step. */
  private readonly shareable = new Set<string>();
  private readonly shared = new Map<string, Z3Bool>();
  private b!: Build;
  private solver!: InstanceType<Z3['Solver']>;

  private constructor(
    private readonly w: ReachWorld,
    private readonly candidates: readonly Candidate[],
    private readonly maxSteps: number,
    private readonly mutant: ReachMutant | undefined,
  ) {
    this.keys = new ShareKeys(w);
  }

  static async encode(w: ReachWorld, candidates: readonly Candidate[], maxSteps: number, mutant?: ReachMutant): Promise<ReachBmc> {
    const bmc = new ReachBmc(w, candidates, maxSteps, mutant);
    await bmc.encodeAll();
    return bmc;
  }

  private get moves(): readonly Move[] {
    return this.candidates.map((c) => c.move);
  }

  /** The roles whose sessions a `by` goal may act through. */
  private chainRoles(): string[] {
    return this.w.goalPrincipals.flatMap((gp) => (gp.chainRole ? [gp.chainRole] : []));
  }

  /**
   * The gathering pass (solver/variables.ts): every formula walked once to record what each string is tested against.
   * A move whose request is shared (reach-share.ts) and whose formula reads none of its own variables is walked once
   * for all the moves of its key, and its formula built once too (`shared`).
   */
  private gatherPass(): void {
    const none: FactView<null> = { holds: () => null, chained: () => null };
    const walked = new Set<string>();
    for (const m of this.moves) {
      const vars = moveVars(m);
      this.vars.set(m.id, vars);
      for (const p of m.produces) applies(gather, vars, m, p);
      moveNeeds(gather, m, vars, none);
      const key = this.keys.keyOf(m);
      if (key !== undefined && this.shareable.has(key)) continue;
      const own = { has: (v: Var): boolean => ownVariable(vars, v) };
      let reads = false;
      const tracking: Backend<null> = {
        ...gather,
        value: (view, langs, pred) => {
          if (own.has(view.variable)) reads = true;
          return gather.value(view, langs, pred);
        },
        present: (v) => {
          if (own.has(v)) reads = true;
          return gather.present(v);
        },
        members: (set) => {
          if (own.has(set.values)) reads = true;
          return gather.members(set);
        },
      };
      moveCallAllowed(tracking, this.w, m, vars, none, this.mutant);
      if (key !== undefined && !walked.has(key)) {
        walked.add(key);
        if (!reads) this.shareable.add(key);
      }
    }
    for (const gp of this.w.goalPrincipals) goalAllowedFor(gather, this.w, gp, none);
  }

  private fresh(name: string): Z3Bool {
    const x = this.b.Z.Bool.const(name);
    this.kept.push(x);
    return x;
  }

  private keep<T>(x: T): T {
    this.kept.push(x);
    return x;
  }

  /** `a` comes strictly before the move (only steps before the move's latest matter: it is made by then, if at all). */
  private before(a: Time, m: Move): Z3Bool {
    const L = this.b.L;
    const mine = this.time.get(m.id)!;
    const last = this.latest.get(m.id)!;
    return this.keep(L.or(...Array.from({ length: Math.max(0, last - 1) }, (_, t) => L.and(a.le[t]!, L.not(mine.le[t]!)))));
  }

  /** The move is made at step t (1-based). */
  private at(m: Move, t: number): Z3Bool {
    const L = this.b.L;
    const le = this.time.get(m.id)!.le;
    return this.keep(t === 1 ? le[0]! : L.and(le[t - 1]!, L.not(le[t - 2]!)));
  }

  private made(m: Move): Z3Bool {
    return this.time.get(m.id)!.le[this.maxSteps - 1]!;
  }

  /** The facts as a move made at step t sees them: added at step t-1 or before. */
  private viewAt(t: number): FactView<Z3Bool> {
    const L = this.b.L;
    return {
      holds: (id) => (t === 1 ? L.no : (this.factTime.get(id)?.le[t - 2] ?? L.no)),
      chained: () => L.no,
    };
  }

  private viewAtEnd(): FactView<Z3Bool> {
    const L = this.b.L;
    return {
      holds: (id) => this.factTime.get(id)?.le[this.maxSteps - 1] ?? L.no,
      chained: (role) => this.chain.get(role)?.le[this.maxSteps - 1] ?? L.no,
    };
  }

  private async encodeAll(): Promise<void> {
    this.gatherPass();
    this.b = await build();
    const { Z, L } = this.b;
    const K = this.maxSteps;
    const claims: Z3Bool[] = [];
    for (const { move: m, earliest, latest } of this.candidates) {
      const le = Array.from({ length: K }, (_, t) => this.fresh(`move${m.id}@${t + 1}`));
      this.time.set(m.id, { le });
      for (let t = 0; t + 1 < K; t++) claims.push(L.or(L.not(le[t]!), le[t + 1]!));
      this.latest.set(m.id, latest);
      if (earliest >= 2) claims.push(L.not(le[earliest - 2]!));
      if (latest < K) claims.push(L.or(L.not(le[K - 1]!), le[latest - 1]!));
    }
    // A fact holds from the first move that adds it: "fact at or before t" is "some producer made at or before t".
    const producers = new Map<number, { m: Move; guard: Z3Bool }[]>();
    for (const m of this.moves) {
      const vars = this.vars.get(m.id)!;
      // The sessions that count for a `by` goal are encoded on their own (encodeChain).
      for (const p of m.produces) if (p.after === undefined && this.w.facts[p.fact]!.kind !== 'chain') producers.set(p.fact, [...(producers.get(p.fact) ?? []), { m, guard: this.keep(applies(this.b, vars, m, p)) }]);
    }
    for (const [fact, list] of producers) {
      const le = Array.from({ length: K }, (_, t) => this.keep(L.or(...list.map((x) => L.and(x.guard, this.time.get(x.m.id)!.le[t]!)))));
      this.factTime.set(fact, { le });
    }
    this.encodeChain(claims);
    // A move made at step t is authorized over the facts added before t (one instance of its formula per step of its window).
    for (const { move: m, earliest, latest } of this.candidates) {
      const key = this.keys.keyOf(m);
      for (let t = earliest; t <= latest; t++) {
        const sharedKey = key !== undefined && this.shareable.has(key) ? `${key}@${t}` : undefined;
        const vars = this.vars.get(m.id)!;
        const view = this.viewAt(t);
        const call = (sharedKey === undefined ? undefined : this.shared.get(sharedKey)) ?? this.keep(moveCallAllowed(this.b, this.w, m, vars, view, this.mutant));
        if (sharedKey) this.shared.set(sharedKey, call);
        claims.push(this.keep(L.or(L.not(this.at(m, t)), L.and(moveNeeds(this.b, m, vars, view), call))));
      }
      claims.push(...this.directCallPins(m));
    }
    for (let step = 1; step <= K; step++) {
      const at = this.moves.filter((m) => this.latest.get(m.id)! >= step).map((m) => this.at(m, step));
      if (at.length > 1) claims.push(this.keep(Z.AtMost(at as [Z3Bool, ...Z3Bool[]], 1)));
    }
    const end = this.viewAtEnd();
    this.goalFormulas = this.w.goalPrincipals.map((gp) => this.keep(goalAllowedFor(this.b, this.w, gp, end)));
    claims.push(L.or(...this.goalFormulas));
    // (Pushed one by one: a large world has more claims than a call's arguments may number.)
    const more = [...[...this.vars.values()].flatMap((vars) => ecConstraints(this.b, vars.ec)), ...ecConstraints(this.b, this.w.target.vars.ec), ...this.b.domainConstraints()];
    for (const c of more) claims.push(c);
    for (const c of claims) this.kept.push(c);
    this.solver = new Z.Solver();
    for (const c of claims) this.solver.add(c);
  }

  /**
   * A `by` goal's sessions (SCENARIOS.md §3, the runner's `actsFor`): the session of a role counts when the `by`
   * principal, or a session that counts, assumed the role; from the step of that AssumeRole.
   */
  private encodeChain(claims: Z3Bool[]): void {
    const { L } = this.b;
    const by = this.w.goal.by;
    if (by === undefined) return;
    for (const role of this.chainRoles()) this.chain.set(role, { le: Array.from({ length: this.maxSteps }, (_, t) => this.fresh(`chain${this.chain.size}@${t + 1}`)) });
    for (const [role, c] of this.chain) {
      const ways = this.moves
        .filter((m) => m.target.k === 'assume' && m.target.role.arn === role)
        .map((m) => {
          const actor = m.actor;
          const parent = actor.kind === 'fresh' && actor.role ? this.chain.get(actor.role.arn) : undefined;
          return { m, counts: actor.arn === by ? L.yes : parent ? this.before(parent, m) : L.no };
        });
      c.le.forEach((le, t) => claims.push(this.keep(le.eq(L.or(...ways.map((x) => L.and(x.counts, this.time.get(x.m.id)!.le[t]!)))))));
    }
  }

  /** A path's call is a direct call: no AWS service makes it (kms:ViaService absent), no retiring principal. */
  private directCallPins(m: Move): Z3Bool[] {
    const vars = this.vars.get(m.id)!;
    const out: Z3Bool[] = [];
    for (const key of [VIA_SERVICE.key, 'kms:RetiringPrincipal']) {
      const v = vars.singles.get(key);
      if (v && this.b.isUsed(v)) out.push(this.b.pin(v, undefined));
    }
    return out;
  }

  /**
   * Is there a path of at most `j` moves? (Z3's unknown, a time limit included, is "unknown", never "unsat".) The
   * Z3 objects JavaScript no longer holds are finalized first (`settle`), never while Z3 searches.
   */
  async solve(j: number, timeoutMs: number): Promise<BmcResult> {
    const { Z } = this.b;
    this.solver.set('timeout', Math.max(1, Math.floor(timeoutMs)));
    const made = this.moves.map((m) => this.made(m));
    const bound = this.keep(made.length > 0 ? Z.AtMost(made as [Z3Bool, ...Z3Bool[]], j) : this.b.L.yes);
    {
      const started = Date.now();
      await settle();
      const result = await this.solver.check(bound);
      if (result === 'unsat') return { kind: 'unsat' };
      if (result === 'unknown') return { kind: 'unknown', reason: `Z3 answered unknown after ${Date.now() - started} ms (${this.solver.reasonUnknown()}; time limit ${timeoutMs} ms)` };
      const path = this.decode(this.solver.model());
      // A path to a principal the world knows reads better than one to an unknown account's: look for one of equal length.
      const known = this.goalFormulas.filter((_, i) => !this.w.goalPrincipals[i]!.principal.unknown);
      if (!path.goal.principal.unknown || known.length === 0) return { kind: 'sat', path };
      const preferKnown = this.keep(this.b.L.or(...known));
      await settle();
      return { kind: 'sat', path: (await this.solver.check(bound, preferKnown)) === 'sat' ? this.decode(this.solver.model()) : path };
    }
  }

  /** Rule out this set of moves (a path the model did not confirm), whatever their order. */
  block(path: DecodedPath): void {
    const L = this.b.L;
    const clause = this.keep(L.or(...path.steps.map((s) => L.not(this.made(s.move)))));
    this.solver.add(clause);
  }

  private decode(model: Z3Model): DecodedPath {
    const b = this.b;
    const stepOf = (m: Move): number => {
      const le = this.time.get(m.id)!.le;
      const t = le.findIndex((x) => b.holds(model, x));
      return t < 0 ? this.maxSteps + 1 : t + 1;
    };
    const made = this.moves.filter((m) => stepOf(m) <= this.maxSteps).sort((x, y) => stepOf(x) - stepOf(y));
    const steps = made.map((m) => this.decodeStep(model, m));
    const sessionNames = new Map<string, string>();
    for (const [role, p] of this.w.fresh) {
      const v = sessionNameVar(p);
      if (v && b.isUsed(v)) {
        const name = b.read(model, v);
        if (name !== undefined) sessionNames.set(role, name);
      }
    }
    const i = Math.max(0, this.goalFormulas.findIndex((f) => b.holds(model, f)));
    const gp: GoalPrincipal = this.w.goalPrincipals[i]!;
    return { steps, sessionNames, goal: { principal: gp.principal, arn: gp.principal.arnIn(b, model) } };
  }

  private decodeStep(model: Z3Model, m: Move): DecodedStep {
    const b = this.b;
    const vars = this.vars.get(m.id)!;
    const read = (v: Var | undefined): string | undefined => (v && b.isUsed(v) ? b.read(model, v) : undefined);
    const env: Record<string, string> = {};
    for (const c of ENVIRONMENT_KEYS) {
      const v = vars.singles.get(c.key);
      const value = v && tested(v) ? read(v) : undefined;
      if (value !== undefined) env[c.key] = value;
    }
    const t = m.target;
    if (t.k === 'grant') {
      const typesVar = vars.sets.get('kms:GrantConstraintType');
      const types = typesVar && b.isUsed(typesVar.values) ? b.readSet(model, typesVar) : [];
      return {
        move: m, env,
        grantee: read(slotVar(vars, m, 'grantee')) ?? t.grantees[0],
        operations: b.readSet(model, operationsVar(vars, t.key)),
        ...(types.length > 0 ? { constraint: { types, pairs: readEc(b, model, vars.ec) } } : {}),
      };
    }
    if (t.k === 'membership') return { move: m, env, user: read(slotVar(vars, m, 'user')) ?? t.users[0] };
    if (t.k === 'attach') return { move: m, env, policy: read(slotVar(vars, m, 'policy')) ?? t.policies[0] };
    if (m.call === 'kms:PutKeyPolicy') return { move: m, env, bypassLockoutCheck: read(vars.singles.get('kms:BypassPolicyLockoutSafetyCheck')) === 'true' };
    return { move: m, env };
  }
}

/** A solver limit (a string region search beyond its budget) is an "unknown", like a timeout. */
export function bmcFailure(e: unknown): BmcResult {
  if (e instanceof SolverLimit) return { kind: 'unknown', reason: e.message };
  throw e;
}

/**
 * z3-solver releases a term when its JavaScript object is garbage-collected (a FinalizationRegistry calling Z3's
 * dec_ref on the main thread); if that happens while a check runs on Z3's worker thread, both threads touch Z3's term
 * tables at once and the process can crash ("memory access out of bounds"). Before a long check: collect garbage and
 * let the finalizers run, so that none is pending; the encoding keeps its own terms alive meanwhile.
 */
export async function settle(): Promise<void> {
  if (!collect) return;
  collect();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const collect: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

// The symbolic unknowns of a question — caller-chosen strings, free booleans — in two passes: a first walk of the
// formula gathers what each string is tested against, then each string becomes a finite choice among its candidates.
import type { Logic } from '../model/index.ts';
import type { Arith } from 'z3-solver';
import type { Atom, Rx } from './regex.ts';
import { ANYTHING, atom, cat, lit, noneOf, star, without } from './regex.ts';
import type { SolverMutant } from './mutants.ts';
import type { Lang, Tests } from './strings.ts';
import { addTest, candidatesOf, noTests } from './strings.ts';
import type { Z3, Z3Bool, Z3Model } from './z3.ts';

/** A caller-chosen string (or an unknown principal's name): its domain, whether it may be absent, what it is tested against. */
export interface Var {
  readonly name: string;
  readonly domain: readonly Atom[];
  readonly exclusions: readonly Atom[];
  readonly optional: boolean;
  readonly tests: Tests;
  readonly pins: string[];
}

export function newVar(name: string, domain: Rx = ANYTHING, opts: { optional?: boolean; exclusions?: readonly Rx[] } = {}): Var {
  return { name, domain: [atom(domain)], exclusions: (opts.exclusions ?? []).map((r) => atom(r)), optional: opts.optional ?? false, tests: noTests(), pins: [] };
}

/**
 * A string derived from a variable: the variable itself, a fixed prefix and the variable (an unknown user's ARN), the
 * last path segment (a user name), the part after the first colon (a session name inside aws:userid). `lift` says what a
 * test of the derived string means for the variable itself.
 */
export interface View {
  readonly variable: Var;
  readonly kind: string;
  readonly derive: (value: string) => string;
  readonly lift: ((rx: Rx) => Atom) | undefined;
}

export const whole = (variable: Var): View => ({ variable, kind: 'whole', derive: (v) => v, lift: undefined });

export const afterPrefix = (variable: Var, prefix: string): View => ({
  variable, kind: `prefix:${prefix}`, derive: (v) => prefix + v, lift: (rx) => atom(rx, prefix),
});

export const lastSegment = (variable: Var): View => ({
  variable, kind: 'lastSegment', derive: (v) => v.slice(v.lastIndexOf('/') + 1), lift: (rx) => atom(cat(ANYTHING, lit('/'), without(rx, ['/']))),
});

export const afterFirstColon = (variable: Var): View => ({
  variable, kind: 'afterColon', derive: (v) => v.slice(v.indexOf(':') + 1), lift: (rx) => atom(cat(star(noneOf([':'])), lit(':'), rx)),
});

/** A finite set of caller-chosen strings (a multi-valued condition key such as kms:GrantOperations). */
export interface SetVar {
  readonly values: Var;
  /** The request must carry at least one value. */
  readonly nonEmpty: boolean;
}

/**
 * The backend the symbolic facts are written against. In the gathering pass (`Gather`) every method records what is
 * tested and returns a placeholder; in the building pass (`Build`) it returns Z3 terms over the candidates.
 */
export interface Backend<B> {
  readonly L: Logic<B>;
  /** A seeded mutant of the encoding (solver/mutants.ts), switched on for the mutation tests only. */
  readonly mutant?: SolverMutant | undefined;
  /** The view's variable is present and its derived string satisfies `pred` (one of `langs` describes each test). */
  value(view: View, langs: readonly Lang[], pred: (derived: string) => boolean): B;
  /** The variable is present (always yes for a variable that is not optional). */
  present(v: Var): B;
  /** A free boolean (an unknown principal's identity-policy allow, an encryption-context key's presence, ...). */
  fresh(label: string): B;
  /** The members of a set variable: one (membership, value) per candidate; in the gathering pass, one placeholder. */
  members(s: SetVar): readonly { readonly member: B; readonly value: string | View }[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Gathering pass

const unit: Logic<null> = {
  yes: null, no: null, lit: () => null, not: () => null, and: () => null, or: () => null,
  any: (items, f) => {
    items.forEach(f);
    return null;
  },
  all: (items, f) => {
    items.forEach(f);
    return null;
  },
  ite: () => null,
  isNo: () => false,
};

/** The gathering backend: it walks every branch (nothing is ever known to be false) and records the tests. */
export const gather: Backend<null> = {
  L: unit,
  value: (view, langs) => {
    for (const lang of langs) addTest(view.variable.tests, lang, view.lift, view.kind);
    return null;
  },
  present: () => null,
  fresh: () => null,
  members: (s) => [{ member: null, value: whole(s.values) }],
};

/** The gathering backend with a seeded mutant switched on (or the plain one). */
export const gatherWith = (mutant: SolverMutant | undefined): Backend<null> => (mutant === undefined ? gather : { ...gather, mutant });

// ---------------------------------------------------------------------------------------------------------------------
// Building pass

interface Finalised {
  readonly candidates: readonly string[];
  readonly term: Arith<'main'>;
  /** `term == i` per candidate index, made once (the same test recurs across principals and statements). */
  readonly equals: Z3Bool[];
}

/** The building backend: variables are Z3 integers choosing among candidates (-1 = absent), sets are membership booleans. */
export class Build implements Backend<Z3Bool> {
  private readonly finalised = new Map<Var, Finalised>();
  private readonly memberships = new Map<Var, Z3Bool[]>();
  private readonly freshOnes: Z3Bool[] = [];
  private readonly sets: SetVar[] = [];
  private counter = 0;

  constructor(
    readonly Z: Z3,
    readonly L: Logic<Z3Bool>,
    readonly mutant?: SolverMutant,
  ) {}

  /** The candidates of a variable (computed once, from what the gathering pass recorded). */
  of(v: Var): Finalised {
    let f = this.finalised.get(v);
    if (!f) {
      f = { candidates: candidatesOf(v.domain, v.exclusions, v.tests, v.pins), term: this.Z.Int.const(`${v.name}#${this.counter++}`), equals: [] };
      this.finalised.set(v, f);
    }
    return f;
  }

  /** Did the building pass use this variable (so that a model gives it a value)? */
  isUsed(v: Var): boolean {
    return this.finalised.has(v);
  }

  value(view: View, _langs: readonly Lang[], pred: (derived: string) => boolean): Z3Bool {
    const f = this.of(view.variable);
    const hits: Z3Bool[] = [];
    f.candidates.forEach((c, i) => {
      if (pred(view.derive(c))) hits.push(this.chosen(f, i));
    });
    if (hits.length === f.candidates.length && !view.variable.optional) return this.L.yes;
    return this.L.or(...hits);
  }

  /** The variable takes its i-th candidate. */
  private chosen(f: Finalised, i: number): Z3Bool {
    return (f.equals[i] ??= f.term.eq(i));
  }

  present(v: Var): Z3Bool {
    return v.optional ? this.of(v).term.ge(0) : this.L.yes;
  }

  fresh(label: string): Z3Bool {
    const b = this.Z.Bool.const(`${label}#${this.counter++}`);
    this.freshOnes.push(b);
    return b;
  }

  members(s: SetVar): readonly { readonly member: Z3Bool; readonly value: string }[] {
    const f = this.of(s.values);
    let bs = this.memberships.get(s.values);
    if (!bs) {
      bs = f.candidates.map((c) => this.Z.Bool.const(`${s.values.name}∋${c}#${this.counter++}`));
      this.memberships.set(s.values, bs);
      this.sets.push(s);
    }
    const members = bs;
    return f.candidates.map((value, i) => ({ member: members[i]!, value }));
  }

  /** Every variable takes a candidate (or, when optional, -1 for absent); non-empty sets have a member. */
  domainConstraints(): Z3Bool[] {
    const out: Z3Bool[] = [];
    for (const [v, f] of this.finalised) out.push(f.term.ge(v.optional ? -1 : 0), f.term.lt(f.candidates.length));
    for (const s of this.sets) if (s.nonEmpty) out.push(this.L.or(...this.members(s).map((m) => m.member)));
    return out;
  }

  /** Pin a variable to a value (or to absent): the value was added to its pins before the building pass. */
  pin(v: Var, value: string | undefined): Z3Bool {
    const f = this.of(v);
    if (value === undefined) return v.optional ? f.term.eq(-1) : this.L.no;
    const i = f.candidates.indexOf(value);
    return i < 0 ? this.L.no : this.chosen(f, i);
  }

  /** Pin a set variable to exactly these values. */
  pinSet(s: SetVar, values: readonly string[]): Z3Bool {
    return this.L.and(...this.members(s).map((m) => (values.includes(m.value) ? m.member : this.L.not(m.member))));
  }

  /** A variable's value in a model (undefined = absent). */
  read(model: Z3Model, v: Var): string | undefined {
    const f = this.of(v);
    const i = Number(model.eval(f.term, true).toString());
    return i >= 0 ? f.candidates[i] : undefined;
  }

  readView(model: Z3Model, view: View): string | undefined {
    const v = this.read(model, view.variable);
    return v === undefined ? undefined : view.derive(v);
  }

  /** The members of a set in a model. */
  readSet(model: Z3Model, s: SetVar): string[] {
    return this.members(s).filter((m) => this.holds(model, m.member)).map((m) => m.value);
  }

  holds(model: Z3Model, b: Z3Bool): boolean {
    return this.Z.isTrue(model.eval(b, true));
  }
}

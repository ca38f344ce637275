// A tiny regular-expression engine for the solver's string abstraction: regexes over characters, NFAs, and a search for
// a shortest string inside some languages and outside others (used to find one representative per string region).

/** A set of characters: the listed ones (`neg` false) or every character but the listed ones (`neg` true). */
export interface CharSet {
  readonly neg: boolean;
  readonly chars: ReadonlySet<string>;
}

export type Rx =
  | { readonly k: 'char'; readonly set: CharSet }
  | { readonly k: 'cat'; readonly items: readonly Rx[] }
  | { readonly k: 'alt'; readonly items: readonly Rx[] }
  | { readonly k: 'star'; readonly item: Rx };

/** Thrown when a search would exceed its budget: the caller answers `unknown`, never `no`. */
export class SolverLimit extends Error {}

const charsOf = (s: string): string[] => Array.from(s);

export const inSet = (set: CharSet, c: string): boolean => set.neg !== set.chars.has(c);

export const cat = (...items: readonly Rx[]): Rx => (items.length === 1 ? items[0]! : { k: 'cat', items });
export const alt = (...items: readonly Rx[]): Rx => (items.length === 1 ? items[0]! : { k: 'alt', items });
export const star = (item: Rx): Rx => ({ k: 'star', item });
export const plus = (item: Rx): Rx => cat(item, star(item));
export const oneOf = (chars: Iterable<string>): Rx => ({ k: 'char', set: { neg: false, chars: new Set(chars) } });
export const noneOf = (chars: Iterable<string>): Rx => ({ k: 'char', set: { neg: true, chars: new Set(chars) } });
export const EPSILON: Rx = { k: 'cat', items: [] };
export const NOTHING: Rx = { k: 'alt', items: [] };
export const ANY_CHAR: Rx = noneOf([]);
export const ANYTHING: Rx = star(ANY_CHAR);

/** The literal string. */
export const lit = (s: string): Rx => cat(...charsOf(s).map((c) => oneOf([c])));

/** The string, letters in either case (JavaScript's toLowerCase/toUpperCase per character). */
export const litIgnoreCase = (s: string): Rx => cat(...charsOf(s).map((c) => oneOf(new Set([c, c.toLowerCase(), c.toUpperCase()]))));

/** Exactly one of the literal strings. */
export const oneOfStrings = (values: Iterable<string>): Rx => alt(...[...values].map(lit));

/** Names made of the given characters, at least `min` long. */
export const charsRx = (chars: string, min = 1): Rx => {
  const one = oneOf(Array.from(chars));
  return cat(...Array.from({ length: min }, () => one), star(one));
};

/** `*` = `star` (any run of `wildcard`), `?` = one `wildcard`, every other character literal (IAM's StringLike globbing). */
export function glob(pattern: string, wildcard: Rx = ANY_CHAR): Rx {
  return cat(...charsOf(pattern).map((c) => (c === '*' ? star(wildcard) : c === '?' ? wildcard : oneOf([c]))));
}

/** The language restricted to strings without the given characters (every character class loses them). */
export function without(rx: Rx, excluded: readonly string[]): Rx {
  switch (rx.k) {
    case 'char': {
      const chars = new Set(rx.set.chars);
      for (const c of excluded) rx.set.neg ? chars.add(c) : chars.delete(c);
      return { k: 'char', set: { neg: rx.set.neg, chars } };
    }
    case 'cat':
      return { k: 'cat', items: rx.items.map((i) => without(i, excluded)) };
    case 'alt':
      return { k: 'alt', items: rx.items.map((i) => without(i, excluded)) };
    case 'star':
      return { k: 'star', item: without(rx.item, excluded) };
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// NFAs (Thompson construction)

interface Edge {
  readonly set: CharSet;
  readonly to: number;
}

interface Nfa {
  readonly eps: number[][];
  readonly edges: Edge[][];
  readonly start: number;
  readonly final: number;
}

function buildNfa(rx: Rx): Nfa {
  const eps: number[][] = [];
  const edges: Edge[][] = [];
  const state = (): number => {
    eps.push([]);
    edges.push([]);
    return eps.length - 1;
  };
  const go = (r: Rx): [number, number] => {
    const s = state();
    const f = state();
    switch (r.k) {
      case 'char':
        edges[s]!.push({ set: r.set, to: f });
        break;
      case 'cat': {
        let at = s;
        for (const item of r.items) {
          const [a, b] = go(item);
          eps[at]!.push(a);
          at = b;
        }
        eps[at]!.push(f);
        break;
      }
      case 'alt':
        for (const item of r.items) {
          const [a, b] = go(item);
          eps[s]!.push(a);
          eps[b]!.push(f);
        }
        break;
      case 'star': {
        const [a, b] = go(r.item);
        eps[s]!.push(a, f);
        eps[b]!.push(a, f);
        break;
      }
    }
    return [s, f];
  };
  const [start, final] = go(rx);
  return { eps, edges, start, final };
}

function closure(nfa: Nfa, states: Iterable<number>): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const t of nfa.eps[s]!) stack.push(t);
  }
  return [...seen].sort((a, b) => a - b);
}

function move(nfa: Nfa, states: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const s of states) for (const e of nfa.edges[s]!) if (inSet(e.set, c)) next.push(e.to);
  return closure(nfa, next);
}

/**
 * A language of one variable: the strings `v` such that `skip + v` is in `rx` (a fixed prefix the derived string
 * starts with, e.g. `arn:aws:iam::111122223333:user` before an unknown user's path and name).
 */
export interface Atom {
  readonly rx: Rx;
  readonly skip: string;
}

export const atom = (rx: Rx, skip = ''): Atom => ({ rx, skip });

const rxKeys = new WeakMap<Rx, string>();

/** The regex written out (equal keys: the same language, built the same way). */
function rxKey(rx: Rx): string {
  let k = rxKeys.get(rx);
  if (k === undefined) {
    switch (rx.k) {
      case 'char':
        k = `${rx.set.neg ? '^' : ''}${JSON.stringify([...rx.set.chars].sort())}`;
        break;
      case 'cat':
        k = `(${rx.items.map(rxKey).join(' ')})`;
        break;
      case 'alt':
        k = `(${rx.items.map(rxKey).join('|')})`;
        break;
      case 'star':
        k = `${rxKey(rx.item)}*`;
        break;
    }
    rxKeys.set(rx, k);
  }
  return k;
}

/** An atom written out: its regex and the prefix it skips. */
export const atomKey = (a: Atom): string => `${rxKey(a.rx)}@${JSON.stringify(a.skip)}`;

interface Automaton {
  readonly nfa: Nfa;
  readonly start: readonly number[];
}

const compiledAtoms = new WeakMap<Atom, Automaton>();

function compile(a: Atom): Automaton {
  let m = compiledAtoms.get(a);
  if (!m) {
    const nfa = buildNfa(a.rx);
    let start = closure(nfa, [nfa.start]);
    for (const c of charsOf(a.skip)) start = move(nfa, start, c);
    m = { nfa, start };
    compiledAtoms.set(a, m);
  }
  return m;
}

/** Is `s` in the atom's language? */
export function matches(a: Atom, s: string): boolean {
  const m = compile(a);
  let states: readonly number[] = m.start;
  for (const c of charsOf(s)) {
    states = move(m.nfa, states, c);
    if (states.length === 0) return false;
  }
  return states.includes(m.nfa.final);
}

// ---------------------------------------------------------------------------------------------------------------------
// Search

const PREFERRED = charsOf('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.');

function charSetsOf(m: Automaton): CharSet[] {
  return m.nfa.edges.flatMap((es) => es.map((e) => e.set));
}

/**
 * One representative character per class of characters that no character set tells apart: every character named
 * anywhere, grouped by its membership in every set, plus one character named nowhere.
 */
function alphabet(automata: readonly Automaton[]): string[] {
  const sets = automata.flatMap(charSetsOf);
  const named = new Set<string>();
  for (const s of sets) for (const c of s.chars) named.add(c);
  const bySignature = new Map<string, string>();
  const better = (a: string, b: string): boolean => {
    const ia = PREFERRED.indexOf(a);
    const ib = PREFERRED.indexOf(b);
    return ia >= 0 && (ib < 0 || ia < ib);
  };
  for (const c of named) {
    const signature = sets.map((s) => (inSet(s, c) ? '1' : '0')).join('');
    const current = bySignature.get(signature);
    if (current === undefined || better(c, current)) bySignature.set(signature, c);
  }
  const reps = [...bySignature.values()];
  const other = PREFERRED.find((c) => !named.has(c)) ?? [...Array(0x2000).keys()].map((i) => String.fromCodePoint(0x100 + i)).find((c) => !named.has(c));
  if (other !== undefined) reps.push(other);
  return reps.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : a < b ? -1 : 1));
}

/**
 * A shortest non-empty string in every `inside` language and in no `outside` language ("" when only the empty string
 * qualifies), or undefined when there is none. Breadth-first over the product of the determinised automata; throws
 * SolverLimit beyond `budget` product states.
 */
export function findString(inside: readonly Atom[], outside: readonly Atom[], budget = 20_000): string | undefined {
  const pos = inside.map(compile);
  const neg = outside.map(compile);
  const all = [...pos, ...neg];
  const letters = alphabet(all);
  type Node = readonly (readonly number[])[];
  const accepting = (n: Node): boolean =>
    pos.every((m, i) => n[i]!.includes(m.nfa.final)) && neg.every((m, j) => !n[pos.length + j]!.includes(m.nfa.final));
  const keyOf = (n: Node): string => n.map((s) => s.join(',')).join('|');
  const start: Node = all.map((m) => m.start);
  if (pos.some((_, i) => start[i]!.length === 0)) return undefined;
  const emptyAccepted = accepting(start);
  const seen = new Set<string>([keyOf(start)]);
  let frontier: { node: Node; text: string }[] = [{ node: start, text: '' }];
  while (frontier.length > 0) {
    const next: { node: Node; text: string }[] = [];
    for (const { node, text } of frontier) {
      for (const c of letters) {
        const moved: Node = all.map((m, i) => move(m.nfa, node[i]!, c));
        if (pos.some((_, i) => moved[i]!.length === 0)) continue;
        const key = keyOf(moved);
        if (seen.has(key)) continue;
        if (accepting(moved)) return text + c;
        seen.add(key);
        if (seen.size > budget) throw new SolverLimit(`string search over ${inside.length + outside.length} patterns exceeded ${budget} states`);
        next.push({ node: moved, text: text + c });
      }
    }
    frontier = next;
  }
  return emptyAccepted ? '' : undefined;
}

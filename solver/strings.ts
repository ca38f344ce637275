// The solver's string abstraction: the languages policy operators test, and a finite set of candidate values per
// variable that realises every combination of those tests (one shortest representative per region), so that string
// questions become finite choices for Z3 while staying exact.
import type { BaseOperator } from '../model/index.ts';
import { positiveOperator } from './from-model.ts';
import type { Atom, Rx } from './regex.ts';
import { ANY_CHAR, ANYTHING, atom, atomKey, cat, findString, glob, lit, litIgnoreCase, matches, noneOf, NOTHING } from './regex.ts';

/** What one policy value tests about a string: a regular language, or a number/date/address interval test. */
export type Lang =
  | { readonly k: 'rx'; readonly rx: Rx; readonly key: string }
  | { readonly k: 'number'; readonly value: number }
  | { readonly k: 'date'; readonly value: number }
  | { readonly k: 'ip'; readonly cidr: string };

const rxLang = (rx: Rx, key: string): Lang => ({ k: 'rx', rx, key });

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date — ISO 8601 or epoch seconds (as model/policy/conditions.ts reads it). */
function toDate(s: string): number {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? NaN : t;
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html — ArnLike: the pattern's
 * first five colon-separated segments match segments (a wildcard never crosses a colon), the sixth matches the rest.
 * A wildcard pattern that is not six segments matches nothing; "*" matches everything (model/policy/match.ts).
 */
export function arnPatternRx(pattern: string): Rx {
  if (pattern === '*') return ANYTHING;
  if (!pattern.includes('*') && !pattern.includes('?')) return lit(pattern);
  const parts = pattern.split(':');
  if (parts.length < 6) return NOTHING;
  const segment = noneOf([':']);
  const head = parts.slice(0, 5).flatMap((p) => [glob(p, segment), lit(':')]);
  return cat(...head, glob(parts.slice(5).join(':'), ANY_CHAR));
}

/** The language one policy value of a condition operator tests (the positive form; negation is the complement). */
export function conditionLang(op: BaseOperator, policyValue: string): Lang | undefined {
  switch (positiveOperator(op)) {
    case 'StringEquals':
    case 'BinaryEquals':
      return rxLang(lit(policyValue), `=${policyValue}`);
    case 'StringEqualsIgnoreCase':
    case 'Bool':
      return rxLang(litIgnoreCase(policyValue), `~${policyValue}`);
    case 'StringLike':
      return rxLang(glob(policyValue), `*${policyValue}`);
    case 'ArnLike':
      return rxLang(arnPatternRx(policyValue), `a${policyValue}`);
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals': {
      const n = policyValue.trim() === '' ? NaN : Number(policyValue);
      return Number.isNaN(n) ? undefined : { k: 'number', value: n };
    }
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const t = toDate(policyValue);
      return Number.isNaN(t) ? undefined : { k: 'date', value: t };
    }
    case 'IpAddress':
      return { k: 'ip', cidr: policyValue };
    default:
      return undefined;
  }
}

export const literalLang = (value: string): Lang => rxLang(lit(value), `=${value}`);
export const ignoreCaseLang = (value: string): Lang => rxLang(litIgnoreCase(value), `~${value}`);

// ---------------------------------------------------------------------------------------------------------------------
// Candidates for the interval tests: one value at and around every bound, so every side of every bound is represented.

function numberCandidates(values: readonly number[]): string[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: number[] = [];
  sorted.forEach((v, i) => {
    out.push(v, v - 1, v + 1);
    const next = sorted[i + 1];
    if (next !== undefined) out.push((v + next) / 2);
  });
  return out.map(String);
}

function dateCandidates(values: readonly number[]): string[] {
  const out: string[] = [];
  for (const t of new Set(values)) for (const d of [t, t - 1000, t + 1000]) if (d >= 0 && d < 8.64e15) out.push(new Date(d).toISOString());
  return out;
}

function ipv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

const dotted = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function ipCandidates(cidrs: readonly string[]): string[] {
  const out = new Set<string>(['0.0.0.0', '255.255.255.255']);
  for (const cidr of cidrs) {
    const [base, bitsText] = cidr.split('/');
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    const b = ipv4(base ?? '');
    if (b === undefined || !(bits >= 0 && bits <= 32)) {
      out.add(cidr);
      continue;
    }
    const size = 2 ** (32 - bits);
    const first = Math.floor(b / size) * size;
    const last = first + size - 1;
    for (const n of [first, last, first - 1, last + 1]) if (n >= 0 && n <= 0xffffffff) out.add(dotted(n));
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------------------
// Regions

/**
 * One representative value for every non-empty region of the domain cut by the atoms (a region: inside some atoms,
 * outside the others), found by splitting region by region; `exclusions` are values the variable may never take.
 */
export function regionWitnesses(domain: readonly Atom[], exclusions: readonly Atom[], atoms: readonly Atom[]): string[] {
  const first = findString(domain, exclusions);
  if (first === undefined) return [];
  let regions: { inside: Atom[]; outside: Atom[]; witness: string }[] = [{ inside: [...domain], outside: [...exclusions], witness: first }];
  for (const a of atoms) {
    const next: typeof regions = [];
    for (const r of regions) {
      const withA = { inside: [...r.inside, a], outside: r.outside };
      const withoutA = { inside: r.inside, outside: [...r.outside, a] };
      if (matches(a, r.witness)) {
        next.push({ ...withA, witness: r.witness });
        const w = findString(withoutA.inside, withoutA.outside);
        if (w !== undefined) next.push({ ...withoutA, witness: w });
      } else {
        next.push({ ...withoutA, witness: r.witness });
        const w = findString(withA.inside, withA.outside);
        if (w !== undefined) next.push({ ...withA, witness: w });
      }
    }
    regions = next;
  }
  return regions.map((r) => r.witness);
}

/** The languages one variable is tested against, gathered while the formula is first walked. */
export interface Tests {
  readonly atoms: Map<string, Atom>;
  readonly numbers: number[];
  readonly dates: number[];
  readonly cidrs: string[];
}

export const noTests = (): Tests => ({ atoms: new Map(), numbers: [], dates: [], cidrs: [] });

/** Record a language, seen through `lift` (how a test of a derived string reads on the variable itself). */
export function addTest(tests: Tests, lang: Lang, lift: ((rx: Rx) => Atom) | undefined, liftKey: string): void {
  switch (lang.k) {
    case 'rx': {
      const key = `${liftKey}|${lang.key}`;
      if (!tests.atoms.has(key)) tests.atoms.set(key, lift ? lift(lang.rx) : atom(lang.rx));
      return;
    }
    // Interval tests are only gathered on the variable itself (a number compared with a derived string is not modelled).
    case 'number':
      if (!lift) tests.numbers.push(lang.value);
      return;
    case 'date':
      if (!lift) tests.dates.push(lang.value);
      return;
    case 'ip':
      if (!lift) tests.cidrs.push(lang.cidr);
      return;
  }
}

/**
 * The candidate values of a variable: region representatives, values at the interval bounds, and pinned values.
 * Remembered by what determines them (many variables share a domain and tests: every role's session name, say).
 */
export function candidatesOf(domain: readonly Atom[], exclusions: readonly Atom[], tests: Tests, pins: readonly string[]): readonly string[] {
  const key = JSON.stringify([domain.map(atomKey), exclusions.map(atomKey), [...tests.atoms.values()].map(atomKey), tests.numbers, tests.dates, tests.cidrs, pins]);
  let found = knownCandidates.get(key);
  if (!found) {
    found = computeCandidates(domain, exclusions, tests, pins);
    if (knownCandidates.size >= 10_000) knownCandidates.clear();
    knownCandidates.set(key, found);
  }
  return found;
}

const knownCandidates = new Map<string, readonly string[]>();

function computeCandidates(domain: readonly Atom[], exclusions: readonly Atom[], tests: Tests, pins: readonly string[]): string[] {
  const inDomain = (s: string): boolean => domain.every((a) => matches(a, s)) && !exclusions.some((a) => matches(a, s));
  const typed = [...numberCandidates(tests.numbers), ...dateCandidates(tests.dates), ...(tests.cidrs.length > 0 ? ipCandidates(tests.cidrs) : [])];
  const all = [...regionWitnesses(domain, exclusions, [...tests.atoms.values()]), ...typed.filter(inDomain), ...pins];
  return [...new Set(all)];
}

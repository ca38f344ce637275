// `${name}` variables in scenario steps: finding the references (for the static check) and substituting saved values.
import type { PathSegment } from './paths.ts';
import { isPlainObject } from './paths.ts';

/**
 * A variable reference: `${name}` where name is letters, digits and `_` (SCENARIOS.md "Steps"). Anything else of the
 * `${...}` shape, such as the IAM policy variables `${aws:username}` or `${*}`, is not a reference and stays as it is.
 */
const REFERENCE = /\$\{([A-Za-z0-9_]+)\}/g;

export type Variables = ReadonlyMap<string, unknown>;

export interface Reference {
  readonly name: string;
  /** Where the string that holds it is, inside the step. */
  readonly path: readonly PathSegment[];
}

/** The names referenced by one string, in order. */
export const namesIn = (text: string): string[] => [...text.matchAll(REFERENCE)].map((m) => m[1] ?? '');

/** Every reference in a JSON value: in every string, object keys included. */
export function referencesIn(value: unknown, path: readonly PathSegment[] = []): Reference[] {
  if (typeof value === 'string') return namesIn(value).map((name) => ({ name, path }));
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, [...path, i]));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => [...namesIn(k).map((name) => ({ name, path: [...path, k] })), ...referencesIn(v, [...path, k])]);
  }
  return [];
}

/** A saved value as it goes into a string: strings as they are, anything else as its JSON text. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function substituteText(text: string, vars: Variables): string {
  return text.replace(REFERENCE, (whole, name: string) => (vars.has(name) ? asText(vars.get(name)) : whole));
}

/** The value with every `${name}` of a saved variable replaced, in every string (object keys included). */
export function substitute<T>(value: T, vars: Variables): T {
  return substituteValue(value, vars) as T;
}

function substituteValue(value: unknown, vars: Variables): unknown {
  if (typeof value === 'string') return substituteText(value, vars);
  if (Array.isArray(value)) return value.map((v) => substituteValue(v, vars));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [substituteText(k, vars), substituteValue(v, vars)]));
  }
  return value;
}

/** The parts of a step that variables apply to: everything but its prose `note` and its `save` map. */
export function substitutable(step: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(step).filter(([k]) => k !== 'note' && k !== 'save'));
}

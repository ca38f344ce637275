// Matching a call's output against `expect: {"ok": {...}}` (SCENARIOS.md): partial objects, same-length arrays, equal scalars.
import type { PathSegment } from './paths.ts';
import { formatPath, isPlainObject } from './paths.ts';

export interface Difference {
  readonly path: readonly PathSegment[];
  readonly expected: unknown;
  /** `undefined` when the output has no such field. */
  readonly actual: unknown;
}

/**
 * Where `actual` fails to contain `expected`: objects match when every listed field matches (other fields of the
 * output are ignored); arrays match element by element and must have the same length; scalars must be equal.
 */
export function differences(expected: unknown, actual: unknown, path: readonly PathSegment[] = []): Difference[] {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([k, v]) =>
      Object.hasOwn(actual, k) && actual[k] !== undefined ? differences(v, actual[k], [...path, k]) : [{ path: [...path, k], expected: v, actual: undefined }],
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((v, i) => differences(v, actual[i], [...path, i]));
  }
  return expected === actual ? [] : [{ path, expected, actual }];
}

/** A JSON value shortened for a one-line message. */
export function short(value: unknown, max = 100): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function describeDifference(d: Difference): string {
  const where = formatPath(['output', ...d.path]);
  if (d.actual === undefined) return `${where}: expected ${short(d.expected)}, but the output has no such field`;
  if (Array.isArray(d.expected) && Array.isArray(d.actual)) {
    return `${where}: expected ${d.expected.length} element(s), got ${d.actual.length}: ${short(d.actual)}`;
  }
  return `${where}: expected ${short(d.expected)}, got ${short(d.actual)}`;
}

/** The differences as one line (the first few, and how many more). */
export function describeDifferences(ds: readonly Difference[], shown = 3): string {
  const head = ds.slice(0, shown).map(describeDifference).join('; ');
  return ds.length > shown ? `${head}; and ${ds.length - shown} more difference(s)` : head;
}

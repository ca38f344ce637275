// Deterministic identifiers (key ids, grant ids, tokens, unique ids) drawn from the state's counter: same calls, same ids.
import type { State } from './state.ts';

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0').slice(-width);

/** A small deterministic mix so consecutive ids do not look alike. */
function mix(n: number, salt: number): number {
  let x = (n * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x ^= x >>> 12;
  return x >>> 0;
}

/** A UUID-shaped id derived from a counter and a salt (CloudTrail event ids, request ids). */
export function uuidOf(n: number, salt: number): string {
  const a = mix(n, salt);
  const b = mix(n, salt + 1);
  const c = mix(n, salt + 2);
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-8${hex(c >>> 20, 3)}-${hex(c, 4)}${hex(mix(n, salt + 3), 8)}`;
}

export interface Drawn<T> {
  readonly value: T;
  readonly state: State;
}

/** A key id in AWS's UUID shape. */
export function drawKeyId(state: State): Drawn<string> {
  const n = state.seq + 1;
  const a = mix(n, 1);
  const b = mix(n, 2);
  const c = mix(n, 3);
  const value = `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-8${hex(c >>> 20, 3)}-${hex(c, 4)}${hex(mix(n, 4), 8)}`;
  return { value, state: { ...state, seq: n } };
}

/** A 64-hex-character id (grant ids look like this). */
export function drawHexId(state: State, length = 64): Drawn<string> {
  const n = state.seq + 1;
  let value = '';
  for (let i = 0; value.length < length; i++) value += hex(mix(n, 10 + i), 8);
  return { value: value.slice(0, length), state: { ...state, seq: n } };
}

/** IAM unique ids: AIDA (user), AGPA (group), AROA (role), ANPA (policy) + 17 characters. */
export function drawUniqueId(state: State, prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA'): Drawn<string> {
  const n = state.seq + 1;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let body = '';
  for (let i = 0; i < 17; i++) body += alphabet[mix(n, 20 + i) % 32];
  return { value: prefix + body, state: { ...state, seq: n } };
}

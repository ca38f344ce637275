// A small driver for IAM/STS/Organizations tests: a world built with initialState and moved on with step and advance.
import { advance, initialState, step } from '../../model/index.ts';
import type { CallOutcome, State } from '../../model/index.ts';
import type { WorldSpec } from '../../model/state.ts';

export const A = '111122223333';
export const B = '444455556666';
export const C = '777788889999';
export const rootOf = (account: string): string => `arn:aws:iam::${account}:root`;
export const userOf = (account: string, name: string): string => `arn:aws:iam::${account}:user/${name}`;
export const roleOf = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
export const sessionOf = (account: string, role: string, session: string): string => `arn:aws:sts::${account}:assumed-role/${role}/${session}`;

export const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
/** A trust policy statement allowing sts:AssumeRole to the given AWS principals. */
export const trust = (...principals: string[]): string =>
  policy({ Effect: 'Allow', Principal: { AWS: principals.length === 1 ? principals[0] : principals }, Action: 'sts:AssumeRole' });

/** A mutable handle on a world: each call moves the state on (failed calls leave it as it was). */
export class World {
  state: State;

  constructor(spec: Partial<WorldSpec> = {}) {
    this.state = initialState({ accounts: [A, B] as never, ...spec });
  }

  call(as: string, op: string, input: unknown = {}, env: Record<string, string> = {}): CallOutcome {
    const r = step(this.state, { as, op, input, env });
    this.state = r.state;
    return r.outcome;
  }

  /** A call that must succeed; returns its output. */
  ok(as: string, op: string, input: unknown = {}, env: Record<string, string> = {}): Record<string, any> {
    const outcome = this.call(as, op, input, env);
    if (!outcome.ok) throw new Error(`${op} as ${as} failed: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.output as Record<string, any>;
  }

  /** The error code of a call (or "ok"). */
  code(as: string, op: string, input: unknown = {}, env: Record<string, string> = {}): string {
    const outcome = this.call(as, op, input, env);
    return outcome.ok ? 'ok' : outcome.error.code;
  }

  advanceSeconds(seconds: number): void {
    this.state = advance(this.state, seconds * 1000);
  }
}

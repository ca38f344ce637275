// One call step: run it through model/ `step`, check it against `expect`, and take the values it `save`s.
import { step as modelStep } from '../../model/index.ts';
import type { Call, CallOutcome, State, StepResult } from '../../model/index.ts';
import { describeDifferences, differences, short } from './expect.ts';
import { lookupPath } from './paths.ts';
import type { CallExpect, CallStep } from './schema.ts';

export type StepFunction = (state: State, call: Call) => StepResult;

export interface CallResult {
  /** The state after the call (unchanged when it failed in AWS's terms). */
  readonly state: State;
  readonly outcome: CallOutcome;
  /** Why the step failed (one line), or undefined when it passed. */
  readonly failure: string | undefined;
  /** The variables this step saved (only when it passed). */
  readonly saved: Readonly<Record<string, unknown>>;
}

export const toModelCall = (s: Pick<CallStep, 'as' | 'call' | 'input' | 'context'>): Call => ({
  as: s.as,
  op: s.call,
  input: s.input ?? {},
  env: s.context ?? {},
});

const errorText = (o: Extract<CallOutcome, { ok: false }>): string => `${o.error.code}: ${o.error.message}`;

/** Why an outcome does not meet the step's `expect` (SCENARIOS.md "A call"), or undefined when it does. */
export function expectationFailure(expect: CallExpect | undefined, outcome: CallOutcome): string | undefined {
  if (expect === undefined || expect === 'ok') return outcome.ok ? undefined : `expected success, got ${errorText(outcome)}`;
  if ('error' in expect) {
    if (outcome.ok) return `expected error ${expect.error}, got success: ${short(outcome.output)}`;
    return outcome.error.code === expect.error ? undefined : `expected error ${expect.error}, got ${errorText(outcome)}`;
  }
  if (!outcome.ok) return `expected success, got ${errorText(outcome)}`;
  const ds = differences(expect.ok, outcome.output);
  return ds.length === 0 ? undefined : describeDifferences(ds);
}

type Saving = { readonly saved: Record<string, unknown> } | { readonly failure: string };

/** Take each `save` path from the output; a path missing in the output fails the step. */
function savedValues(save: CallStep['save'], output: unknown): Saving {
  const saved: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(save ?? {})) {
    const found = lookupPath(output, path);
    if (!found.found) return { failure: `cannot save ${name}: the output has no ${found.missing} (save path ${path})` };
    saved[name] = found.value;
  }
  return { saved };
}

/**
 * model/ never throws for an AWS outcome; if it throws anyway (a bug), the step fails with what was thrown, whatever
 * `expect` says, so that one broken operation does not abort a run of many scenarios.
 */
function guarded(step: StepFunction, state: State, call: Call): StepResult | { readonly threw: string } {
  try {
    return step(state, call);
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) };
  }
}

/** Run a call step whose variables are already substituted. A call the model does not support always fails. */
export function runCall(state: State, s: CallStep, step: StepFunction = modelStep): CallResult {
  const result = guarded(step, state, toModelCall(s));
  if ('threw' in result) {
    const outcome: CallOutcome = { ok: false, error: { code: 'keyward.ModelThrew', message: result.threw } };
    return { state, outcome, failure: `${s.call}: model/ threw instead of returning an outcome: ${result.threw}`, saved: {} };
  }
  const outcome = result.outcome;
  const fail = (failure: string): CallResult => ({ state: result.state, outcome, failure: `${s.call}: ${failure}`, saved: {} });
  if (!outcome.ok && outcome.unsupported) return fail(outcome.error.message);
  const unmet = expectationFailure(s.expect, outcome);
  if (unmet !== undefined) return fail(unmet);
  const saving = savedValues(s.save, outcome.ok ? outcome.output : {});
  if ('failure' in saving) return fail(saving.failure);
  return { state: result.state, outcome, failure: undefined, saved: saving.saved };
}

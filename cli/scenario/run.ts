// runScenario: drives model/ through a parsed scenario, step by step, and reports what each step gave (pure but for the solver).
import { advance, durationMs, initialState } from '../../model/index.ts';
import type { CallOutcome, Duration, State } from '../../model/index.ts';
import { checkInvariants, emptyTrail, observe } from '../../properties/index.ts';
import type { Trail, Violation } from '../../properties/index.ts';
import type { Answer, Question, Solver } from './ask.ts';
import { defaultSolver } from './ask.ts';
import { runCall, toModelCall } from './call.ts';
import type { StepFunction } from './call.ts';
import type { AdvanceStep, AskStep, CallStep, CheckStep, Scenario, Step, StepKind } from './schema.ts';
import { stepKindOf } from './schema.ts';
import { substitutable, substitute } from './variables.ts';
import type { Variables } from './variables.ts';
import { checkWitness } from './witness.ts';

export interface RunOptions {
  /** Answers `ask` steps; by default every question is "not supported yet" (see ask.ts). */
  readonly solver?: Solver;
  /** The invariant catalogue for `check` steps (properties/ by default). */
  readonly invariants?: (state: State, trail: Trail) => readonly Violation[];
  /** Replaces model/ `step` (for tests of the runner itself). */
  readonly step?: StepFunction;
}

/** passed / failed, or skipped: not run because an earlier call step failed (later steps depend on it). */
export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepReport {
  /** 0-based: the N of `steps[N]` in the file. */
  readonly index: number;
  readonly kind: StepKind;
  readonly status: StepStatus;
  /** What differed (one line), when the step failed. */
  readonly failure?: string;
  /** The step as it ran, variables substituted (as written, when skipped). */
  readonly step: Step;
  /** The model clock after the step (epoch ms). */
  readonly now: number;
  readonly outcome?: CallOutcome;
  readonly saved?: Readonly<Record<string, unknown>>;
  readonly answer?: Answer;
  readonly violations?: readonly Violation[];
}

export interface ScenarioReport {
  readonly name: string;
  readonly passed: boolean;
  readonly steps: readonly StepReport[];
  /** The failed steps, in order. */
  readonly failures: readonly StepReport[];
  /** The state the run ended in. */
  readonly finalState: State;
}

/** The world a scenario starts from (SCENARIOS.md "Top level"). */
export function initialStateOf(s: Scenario): State {
  return initialState({
    accounts: s.accounts,
    region: s.region,
    start: s.start === undefined ? undefined : Date.parse(s.start),
    organization: s.organization,
    config: s.config === undefined ? undefined : withoutNote(s.config),
  });
}

const withoutNote = <T extends { note?: string }>(o: T): Omit<T, 'note'> => {
  const { note: _note, ...rest } = o;
  return rest;
};

/** The step with its variables substituted (everything but its `note` and `save`). */
function resolved<S extends Step>(s: S, vars: Variables): S {
  return { ...s, ...substitute(substitutable(s), vars) };
}

interface Ran {
  readonly state: State;
  readonly report: StepReport;
  /** Stop the scenario here (a failed call step: later steps depend on it). */
  readonly stop: boolean;
}

function runCallStep(state: State, index: number, s: CallStep, vars: Map<string, unknown>, options: RunOptions): Ran {
  const r = runCall(state, s, options.step);
  for (const [name, value] of Object.entries(r.saved)) vars.set(name, value);
  const status: StepStatus = r.failure === undefined ? 'passed' : 'failed';
  const report: StepReport = { index, kind: 'call', status, failure: r.failure, step: s, now: r.state.now, outcome: r.outcome, saved: r.saved };
  return { state: r.state, report, stop: r.failure !== undefined };
}

function runAdvanceStep(state: State, index: number, s: AdvanceStep): Ran {
  const d: Duration = s.advance;
  const next = advance(state, durationMs(d));
  return { state: next, report: { index, kind: 'advance', status: 'passed', step: s, now: next.now }, stop: false };
}

/** The invariants over the current state, the last step and what earlier steps produced (the trail). */
function runCheckStep(state: State, index: number, s: CheckStep, options: RunOptions, trail: Trail): Ran {
  const violations = (options.invariants ?? checkInvariants)(state, trail);
  const first = violations[0];
  const failure =
    first === undefined ? undefined : `invariant ${first.name} does not hold: ${first.message}${violations.length > 1 ? ` (and ${violations.length - 1} more violation(s))` : ''}`;
  return { state, report: { index, kind: 'check', status: failure ? 'failed' : 'passed', failure, step: s, now: state.now, violations }, stop: false };
}

/** The question an ask step puts (the step without its prose and expectation). */
export function questionOf(s: AskStep): Question {
  const { note: _note, expect: _expect, ...question } = s;
  return question;
}

/** How the question reads in a failure message: `whoCan kms:Decrypt on arn:...`. */
export function questionTitle(q: Question): string {
  switch (q.ask) {
    case 'whoCan':
    case 'canAnyoneElse':
      return `${q.ask} ${q.action} on ${q.resource}`;
    case 'reach':
      return `reach ${q.goal.action} on ${q.goal.resource}`;
    case 'newAccess':
      return `newAccess on ${q.resource}`;
  }
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** Why a whoCan answer differs from what the step expects, or undefined. */
function whoCanFailure(expect: { principals: readonly string[]; unknownPrincipals: boolean }, answer: Extract<Answer, { kind: 'whoCan' }>): string | undefined {
  const problems: string[] = [];
  const expected = [...new Set(expect.principals)];
  const got = [...new Set(answer.principals)];
  if (!sameSet(expected, got)) {
    const missing = expected.filter((p) => !got.includes(p));
    const extra = got.filter((p) => !expected.includes(p));
    problems.push(`principals differ${missing.length ? `: missing ${missing.join(', ')}` : ''}${extra.length ? `; unexpected ${extra.join(', ')}` : ''}`);
  }
  if (expect.unknownPrincipals !== answer.unknownPrincipals) {
    problems.push(`unknownPrincipals: expected ${expect.unknownPrincipals}, got ${answer.unknownPrincipals}`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** Why an answer does not meet the ask step's expectation (its witness checked by the concrete model), or undefined. */
function answerFailure(state: State, s: AskStep, answer: Answer, options: RunOptions, solver: Solver): string | undefined {
  if (answer.kind === 'notSupported') return answer.reason;
  if (answer.kind === 'unknown') return `the solver answered "unknown" (${answer.reason})`;
  if (s.ask === 'whoCan') {
    return answer.kind === 'whoCan' ? whoCanFailure(s.expect, answer) : `expected a list of principals, got the answer "${answer.kind}"`;
  }
  if (answer.kind === 'whoCan') return `expected "yes" or "no", got a list of principals`;
  const expected = s.expect.answer;
  if (answer.kind === 'no') return expected === 'no' ? undefined : 'expected "yes", got "no"';
  const witness = checkWitness(state, questionOf(s), answer, solver, options.step);
  const verdict = witness.ok ? 'the model confirms its witness' : `its witness fails: ${witness.why}`;
  if (expected === 'no') return `expected "no", got "yes" (${verdict})`;
  if (!witness.ok) return `"yes", but ${verdict}`;
  const steps = 'steps' in s.expect ? s.expect.steps : undefined;
  const length = answer.path?.length ?? 0;
  return steps === undefined || steps === length ? undefined : `expected a shortest path of ${steps} step(s), got ${length}`;
}

async function runAskStep(state: State, index: number, s: AskStep, options: RunOptions): Promise<Ran> {
  const solver = options.solver ?? defaultSolver;
  const question = questionOf(s);
  const asked = await solver.answer(state, question).then(
    (answer) => ({ answer, why: answerFailure(state, s, answer, options, solver) }),
    // A crash of the solver is this step's failure, never taken for an answer.
    (e: unknown) => ({ answer: undefined, why: `the solver failed: ${e instanceof Error ? e.message : String(e)}` }),
  );
  const failure = asked.why === undefined ? undefined : `${questionTitle(question)}: ${asked.why}`;
  const report: StepReport = { index, kind: 'ask', status: failure ? 'failed' : 'passed', failure, step: s, now: state.now, answer: asked.answer };
  return { state, report, stop: false };
}

async function runStep(state: State, index: number, s: Step, vars: Map<string, unknown>, options: RunOptions, trail: Trail): Promise<Ran> {
  if ('call' in s) return runCallStep(state, index, s, vars, options);
  if ('advance' in s) return runAdvanceStep(state, index, s);
  if ('ask' in s) return runAskStep(state, index, s, options);
  return runCheckStep(state, index, s, options, trail);
}

/** The trail after a step that changed the world (a call or time passing); ask and check steps leave it as it is. */
function followed(trail: Trail, before: State, ran: Ran): Trail {
  const { step: s, outcome } = ran.report;
  if ('call' in s && outcome) return observe(trail, before, { kind: 'call', call: toModelCall(s), outcome }, ran.state);
  if ('advance' in s) return observe(trail, before, { kind: 'advance', ms: ran.state.now - before.now }, ran.state);
  return trail;
}

/**
 * Run a parsed scenario from its initial world. A failed call step stops the run (later steps depend on it: they
 * are reported `skipped`); a failed ask or check step does not (neither changes the state), so every call step is
 * still checked. The scenario passes when no step failed.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ScenarioReport> {
  const vars = new Map<string, unknown>();
  let state = initialStateOf(scenario);
  let trail = emptyTrail;
  const reports: StepReport[] = [];
  let stopped = false;
  for (const [index, raw] of scenario.steps.entries()) {
    if (stopped) {
      reports.push({ index, kind: stepKindOf(raw), status: 'skipped', step: raw, now: state.now });
      continue;
    }
    const ran = await runStep(state, index, resolved(raw, vars), vars, options, trail);
    trail = followed(trail, state, ran);
    state = ran.state;
    reports.push(ran.report);
    stopped = ran.stop;
  }
  const failures = reports.filter((r) => r.status === 'failed');
  return { name: scenario.name, passed: failures.length === 0, steps: reports, failures, finalState: state };
}

// The model-based campaign: random worlds and call sequences (fast-check commands), every invariant checked after
// every step, situations counted for the coverage guards, and a failure shrunk and printed as a scenario file.
import fc from 'fast-check';
import type { ModelConfig } from '../model/index.ts';
import { catalogue } from './catalogue.ts';
import { commandArb } from './commands.ts';
import type { Invariant, Violation } from './invariant.ts';
import { InvariantViolation, ModelRun, SITUATIONS } from './model-run.ts';
import type { Situation } from './model-run.ts';
import { scenarioOf, writeScenario } from './scenario.ts';
import type { Scope } from './scope.ts';
import { defaultScope } from './scope.ts';
import { buildWorld, worldPlanArb } from './world.ts';
import type { WorldPlan } from './world.ts';

export const DEFAULT_SEED = 20260101;

export interface CampaignOptions {
  readonly scope?: Scope;
  readonly runs: number;
  readonly seed?: number;
  /** fast-check's replay path of a failure (with its seed). */
  readonly path?: string;
  /** The laws checked (the whole catalogue by default; a mutant campaign checks the one that must reject it). */
  readonly invariants?: readonly Invariant[];
  readonly config?: Partial<ModelConfig>;
  /** Shrink a failure to a short sequence (default true; mutant campaigns only need to know that it failed). */
  readonly shrink?: boolean;
  /** Write the shrunk counterexample as a scenario file (default: when shrinking). */
  readonly write?: boolean;
}

export interface CampaignFailure {
  readonly violations: readonly Violation[];
  /** The counterexample as a scenario file (SCENARIOS.md) and, when written, its path. */
  readonly scenario: object;
  readonly file: string | undefined;
  readonly seed: number;
  readonly path: string | undefined;
  /** What went wrong when it was not an invariant (model/ threw, say). */
  readonly error: string | undefined;
}

export interface CampaignResult {
  readonly passed: boolean;
  readonly runs: number;
  readonly calls: number;
  /** Runs that reached each situation. */
  readonly reached: Readonly<Record<Situation, number>>;
  /** Runs in which each supported call succeeded at least once, by call. */
  readonly okCalls: ReadonlyMap<string, number>;
  readonly failure: CampaignFailure | undefined;
}

type Sample = [WorldPlan, Iterable<fc.Command<object, ModelRun>>];

export const sampleArb = (scope: Scope): fc.Arbitrary<Sample> =>
  fc.tuple(worldPlanArb(scope), fc.commands([commandArb()], { maxCommands: scope.steps, size: 'max' }));

/** Play one sample in a fresh run (throws InvariantViolation on a broken law). */
export function play(run: ModelRun, [plan, cmds]: Sample): void {
  buildWorld(run, plan);
  for (const c of cmds) c.run({}, run);
  run.finish();
}

const describeViolations = (vs: readonly Violation[]): string => vs.map((v) => `${v.name}: ${v.message}`).join('; ');

/** Replay the shrunk counterexample with recording, to print it as a scenario file. */
function failureOf(options: CampaignOptions, settings: ConstructorParameters<typeof ModelRun>[0], details: fc.RunDetails<[Sample]>): CampaignFailure {
  const seed = details.seed;
  const path = details.counterexamplePath ?? undefined;
  const sample = details.counterexample?.[0];
  if (!sample) return { violations: [], scenario: {}, file: undefined, seed, path, error: String(details.errorInstance ?? 'no counterexample') };
  const run = new ModelRun(settings);
  let violations: readonly Violation[] = [];
  let error: string | undefined;
  try {
    play(run, sample);
    error = 'the counterexample did not fail again when replayed';
  } catch (e) {
    if (e instanceof InvariantViolation) violations = e.violations;
    else error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const title = violations[0] ? `counterexample: ${violations[0].name}` : 'counterexample: model/ failed';
  const description =
    `A model-based run (FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ''}) shrunk to these steps; the closing check fails: ` +
    (violations.length > 0 ? describeViolations(violations) : (error ?? ''));
  const scenario = scenarioOf(run, title, description);
  const file = options.write ?? options.shrink ?? true ? writeScenario(scenario, `${violations[0]?.name ?? 'model-failure'}-${seed}.json`) : undefined;
  return { violations, scenario, file, seed, path, error };
}

/** Run a campaign of `runs` random worlds and call sequences. */
export function runCampaign(options: CampaignOptions): CampaignResult {
  const scope = options.scope ?? defaultScope;
  const settings = { scope, invariants: options.invariants ?? catalogue, config: options.config };
  const reached = Object.fromEntries(SITUATIONS.map((s) => [s, 0])) as Record<Situation, number>;
  const okCalls = new Map<string, number>();
  let runs = 0;
  let calls = 0;
  let failing = false;
  const property = fc.property(sampleArb(scope), (sample) => {
    const run = new ModelRun(settings);
    try {
      play(run, sample);
    } catch (e) {
      failing = true;
      throw e;
    } finally {
      if (!failing) {
        runs++;
        calls += run.steps.length;
        for (const s of run.seen) reached[s]++;
        const ok = new Set(run.steps.flatMap((s) => ('call' in s && s.expect === 'ok' ? [s.call] : [])));
        for (const op of ok) okCalls.set(op, (okCalls.get(op) ?? 0) + 1);
      }
    }
  });
  const details = fc.check(property, {
    seed: options.seed ?? DEFAULT_SEED,
    numRuns: options.runs,
    ...(options.path ? { path: options.path } : {}),
    endOnFailure: !(options.shrink ?? true),
  });
  const failure = details.failed ? failureOf(options, settings, details) : undefined;
  return { passed: !details.failed, runs, calls, reached, okCalls, failure };
}

/** A failure in words: the violations, the file that replays it, and how to replay the campaign. */
export function failureReport(f: CampaignFailure): string {
  return [
    f.violations.length > 0 ? `invariant violated: ${describeViolations(f.violations)}` : `model/ failed: ${f.error ?? 'unknown'}`,
    f.file ? `replay the shrunk sequence: node bin/keyward.js run ${f.file}` : `scenario:\n${JSON.stringify(f.scenario, null, 2)}`,
    `replay the campaign: FC_SEED=${f.seed}${f.path ? ` FC_PATH=${f.path}` : ''}`,
  ].join('\n');
}

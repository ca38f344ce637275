// Model-based throughput: calls per second through model/ `step` with the whole catalogue checked after every step
// (samples generated beforehand, so the figure is the model and the checks, not fast-check's generation).
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { catalogue } from './catalogue.ts';
import { DEFAULT_SEED, play, sampleArb } from './campaign.ts';
import { ModelRun } from './model-run.ts';
import type { Scope } from './scope.ts';
import { defaultScope } from './scope.ts';

export interface Throughput {
  readonly callsPerSecond: number;
  readonly calls: number;
  readonly runs: number;
  readonly seconds: number;
}

/** Play pre-generated runs for about `ms` milliseconds (at least one pass over the samples, after a warm-up pass). */
export function modelBasedThroughput(ms: number, scope: Scope = defaultScope, samples = 200): Throughput {
  const pool = fc.sample(sampleArb(scope), { seed: DEFAULT_SEED, numRuns: samples });
  const settings = { scope, invariants: catalogue };
  // One untimed pass first, so that the figure is of compiled code, not of the JIT warming up.
  for (const sample of pool.slice(0, Math.ceil(pool.length / 2))) play(new ModelRun(settings), sample);
  let calls = 0;
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms || runs < pool.length) {
    const run = new ModelRun(settings);
    play(run, pool[runs % pool.length]!);
    calls += run.steps.length;
    runs++;
    elapsed = performance.now() - start;
  }
  return { callsPerSecond: (calls / elapsed) * 1000, calls, runs, seconds: elapsed / 1000 };
}

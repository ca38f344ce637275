// Seed and run count for property tests: fixed in CI, replayable and scalable through FC_SEED and FC_RUNS.
import type { Parameters } from 'fast-check';

const DEFAULT_SEED = 20260101;

/** FC_SEED replays a failure (fast-check prints the seed and path of a failing run); FC_RUNS asks for a longer run. */
export function fuzzParams<T>(defaultRuns = 300): Parameters<T> {
  const seed = Number(process.env['FC_SEED'] ?? DEFAULT_SEED);
  const runs = Number(process.env['FC_RUNS'] ?? defaultRuns);
  const path = process.env['FC_PATH'];
  return { seed, numRuns: runs, ...(path ? { path } : {}) };
}

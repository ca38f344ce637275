// Time passing: the clock moves, and what AWS does on its own in that time happens (key deletions, automatic rotations).
import type { State } from './state.ts';
import { LATEST_TIME } from './timestamps.ts';
import { kmsTimePasses } from './kms/time.ts';
import { watchTimePassing } from './monitoring/pipeline.ts';

export interface Duration {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

export const durationMs = (d: Duration): number =>
  (((d.days ?? 0) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60_000 + (d.seconds ?? 0) * 1000;

/**
 * Move the clock forward by `ms` (never backwards, and never past LATEST_TIME, the end of year 9999), applying every
 * scheduled event in time order; the events AWS records meanwhile (key deletions, rotations) reach the metric filters,
 * and alarms evaluate as time passes.
 */
export function advance(state: State, ms: number): State {
  const until = Math.min(state.now + ms, LATEST_TIME);
  if (!(until > state.now)) return state;
  return watchTimePassing(kmsTimePasses(state, until), state.monitoring.trail, state.now);
}

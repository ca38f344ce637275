// A run as a scenario file (SCENARIOS.md): its world, every recorded step with the outcome it got, and a closing
// `{"check": "invariants"}` step — so `node bin/keyward.js run FILE` replays a counterexample and shows the violation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelConfig } from '../model/index.ts';
import type { ModelRun, RecordedStep } from './model-run.ts';

const DAY_S = 24 * 60 * 60;

/** SCENARIOS.md's advance step: whole days or hours where it can, seconds otherwise. */
function advanceStep(seconds: number): object {
  if (seconds % DAY_S === 0) return { advance: { days: seconds / DAY_S } };
  if (seconds % 3600 === 0) return { advance: { hours: seconds / 3600 } };
  return { advance: { seconds } };
}

const stepOf = (s: RecordedStep): object => ('advance' in s ? advanceStep(s.advance.seconds) : s);

export function scenarioOf(run: ModelRun, name: string, description: string): object {
  const u = run.universe;
  const config: Partial<ModelConfig> | undefined = run.settings.config;
  return {
    name,
    description,
    accounts: u.accounts,
    ...(u.organization ? { organization: u.organization } : {}),
    ...(config && Object.keys(config).length > 0 ? { config } : {}),
    steps: [...run.steps.map(stepOf), { check: 'invariants' }],
  };
}

/** Where counterexamples go: $KEYWARD_COUNTEREXAMPLES, or counterexamples/ in the working directory. */
export const counterexampleDir = (): string => resolve(process.env['KEYWARD_COUNTEREXAMPLES'] ?? 'counterexamples');

/** Write a scenario file; returns its path. */
export function writeScenario(scenario: object, fileName: string): string {
  const dir = counterexampleDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(path, `${JSON.stringify(scenario, null, 2)}\n`);
  return path;
}

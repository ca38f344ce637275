// The acceptance scenarios of /work/shared/cases: every KMS call step behaves as the scenario expects.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../cli/scenario/run.ts';
import { parseScenarioText } from '../../cli/scenario/schema.ts';

const DIR = new URL('../../../shared/cases/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

// SCENARIOS.md — a call step passes when its outcome matches `expect`; the solver questions and the S3 calls belong to
// other parts of keyward, so this suite looks at the kms:* call steps that ran.
describe('KMS call steps of the acceptance scenarios', () => {
  it.each(files)('%s', async (file) => {
    const parsed = parseScenarioText(readFileSync(new URL(file, DIR), 'utf8'));
    if (!parsed.ok) expect.fail(`${file} does not parse`);
    const report = await runScenario(parsed.scenario);
    const kmsFailures = report.steps
      .filter((r) => r.status === 'failed' && 'call' in r.step && String(r.step.call).startsWith('kms:'))
      .map((r) => `step ${r.index}: ${r.failure ?? ''}`);
    expect(kmsFailures).toEqual([]);
    expect(report.steps.some((r) => r.status === 'passed' && 'call' in r.step && String(r.step.call).startsWith('kms:'))).toBe(true);
  });
});

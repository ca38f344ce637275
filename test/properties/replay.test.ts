// A failing model-based run is shrunk and printed as a scenario file that `keyward run` replays: every recorded call
// gets the same answer again and the closing `{"check": "invariants"}` step fails with the same violation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../cli/scenario/load.ts';
import { runScenario } from '../../cli/scenario/run.ts';
import { runCampaign } from '../../properties/campaign.ts';
import { ROOT } from '../cli/scenario-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyward-counterexamples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failingCampaign() {
  const saved = process.env['KEYWARD_COUNTEREXAMPLES'];
  process.env['KEYWARD_COUNTEREXAMPLES'] = dir;
  try {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html — the mutant leaves keys Enabled.
    return runCampaign({ runs: 200, config: { mutant: 'cancelDeletionReEnables' } });
  } finally {
    if (saved === undefined) delete process.env['KEYWARD_COUNTEREXAMPLES'];
    else process.env['KEYWARD_COUNTEREXAMPLES'] = saved;
  }
}

describe('counterexamples replay as scenario files', () => {
  const result = failingCampaign();
  const file = result.failure?.file;

  it('a broken model fails the campaign, which writes the shrunk run as a scenario file', () => {
    expect(result.passed).toBe(false);
    expect(result.failure?.violations.map((v) => v.name)).toContain('cancelDeletionLeavesKeyDisabled');
    expect(file).toBeDefined();
    const scenario = JSON.parse(readFileSync(file!, 'utf8')) as { config: unknown; steps: unknown[] };
    expect(scenario.config).toEqual({ mutant: 'cancelDeletionReEnables' });
    expect(scenario.steps.at(-1)).toEqual({ check: 'invariants' });
    // Shrunk: a short story, not the whole random run.
    expect(scenario.steps.length).toBeLessThan(40);
  });

  it('runScenario replays every call with the answer it got, and the closing check names the same invariant', async () => {
    const loaded = loadScenarioFile(file!);
    if (!loaded.parsed.ok) expect.fail(JSON.stringify(loaded.parsed.issues));
    const report = await runScenario(loaded.parsed.scenario);
    expect(report.passed).toBe(false);
    expect(report.failures).toHaveLength(1);
    const last = report.failures[0]!;
    expect(last.kind).toBe('check');
    expect(last.failure).toMatch(/^invariant cancelDeletionLeavesKeyDisabled does not hold/);
    expect(report.steps.filter((s) => s.kind === 'call').every((s) => s.status === 'passed')).toBe(true);
  });

  it('node bin/keyward.js run FILE prints the failure and exits 1', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/keyward.js'), 'run', file!], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL counterexample: cancelDeletionLeavesKeyDisabled: step \d+: invariant cancelDeletionLeavesKeyDisabled does not hold/);
    expect(r.stdout).toMatch(/^0 passed, 1 failed$/m);
  });
});

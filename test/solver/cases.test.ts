// The acceptance scenarios of /work/shared/cases answered by the solver through the runner's hook: every whoCan,
// canAnyoneElse, newAccess and reach step passes (its witness, and a reach path, checked by the runner).
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../cli/scenario/run.ts';
import { parseScenarioText } from '../../cli/scenario/schema.ts';
import { shutdownZ3, z3Solver } from '../../solver/index.ts';

afterAll(shutdownZ3);

const DIR = new URL('../../../shared/cases/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

// SCENARIOS.md §3 "A question to the solver": the answers the cases' notes explain (case 01: root and James decrypt,
// Johnny does not, a pending-deletion key decrypts for nobody, a public-read SSE-S3 object is readable by anyone).
describe('solver questions of the acceptance scenarios', () => {
  it.each(files)('%s', async (file) => {
    const parsed = parseScenarioText(readFileSync(new URL(file, DIR), 'utf8'));
    if (!parsed.ok) expect.fail(`${file} does not parse`);
    // The invariant catalogue is another suite's business: `check` steps are not what this one looks at.
    const report = await runScenario(parsed.scenario, { solver: z3Solver(), invariants: () => [] });
    const asks = report.steps.filter((r) => r.kind === 'ask');
    const failures = asks.filter((r) => r.status !== 'passed').map((r) => `step ${r.index}: ${r.failure ?? r.status}`);
    expect(failures).toEqual([]);
  });
});

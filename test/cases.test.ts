// The acceptance scenarios: every file in ../shared/cases and examples/ runs, and every call, advance and check step passes.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { defaultSolver, findScenarioFiles, formatIssue, loadScenarioFile, notYetSolver, runScenario } from '../cli/index.ts';
import type { StepReport } from '../cli/index.ts';

const dirs = [fileURLToPath(new URL('../../shared/cases', import.meta.url)), fileURLToPath(new URL('../examples', import.meta.url))];
const found = findScenarioFiles(dirs);

/** Until solver/ lands, `ask` steps fail with "not supported yet"; after, they must pass like every other step. */
const solverLanded = defaultSolver !== notYetSolver;

/** A step that must have passed but did not, as one readable line. */
const problem = (r: StepReport): string => `step ${r.index} (${r.kind}): ${r.failure ?? 'not run'}`;

describe('acceptance scenarios', () => {
  it('finds both folders and their scenario files', () => {
    expect(found.problems).toEqual([]);
    expect(found.files.filter((f) => f.includes('/shared/cases/')).length).toBeGreaterThanOrEqual(9);
    expect(found.files.some((f) => f.endsWith('examples/sse-kms-story.json'))).toBe(true);
  });

  for (const file of found.files) {
    it(`${file.slice(file.lastIndexOf('/', file.lastIndexOf('/') - 1) + 1)}: every call, advance and check step passes`, async () => {
      const loaded = loadScenarioFile(file);
      if (!loaded.parsed.ok) expect.fail(loaded.parsed.issues.map((i) => formatIssue(file, i)).join('\n'));
      const report = await runScenario(loaded.parsed.scenario);
      const mustPass = report.steps.filter((r) => solverLanded || r.kind !== 'ask');
      const failed = mustPass.filter((r) => r.status === 'failed').map(problem);
      const notRun = mustPass.filter((r) => r.status === 'skipped').length;
      // The failed steps, listed, so that a model bug reads directly in the test output.
      expect([...failed, ...(notRun > 0 ? [`${notRun} later step(s) not run after the failed call`] : [])]).toEqual([]);
      // While the solver has not landed, an ask step fails for that reason only.
      const askFailures = report.failures.filter((r) => r.kind === 'ask' && r.answer?.kind !== 'notSupported').map(problem);
      expect(askFailures).toEqual([]);
    });
  }
});

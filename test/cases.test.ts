// The acceptance scenarios: every file in ../shared/cases and examples/ runs, and every step passes.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findScenarioFiles, formatIssue, loadScenarioFile, runScenario } from '../cli/index.ts';
import type { StepReport } from '../cli/index.ts';

const dirs = [fileURLToPath(new URL('../../shared/cases', import.meta.url)), fileURLToPath(new URL('../examples', import.meta.url))];
const found = findScenarioFiles(dirs);

/** A step that must have passed but did not, as one readable line. */
const problem = (r: StepReport): string => `step ${r.index} (${r.kind}): ${r.failure ?? 'not run'}`;


describe('acceptance scenarios', () => {
  it('finds both folders and their scenario files', () => {
    expect(found.problems).toEqual([]);
    expect(found.files.filter((f) => f.includes('/shared/cases/')).length).toBeGreaterThanOrEqual(9);
    expect(found.files.some((f) => f.endsWith('examples/sse-kms-story.json'))).toBe(true);
  });

  for (const file of found.files) {
    it(`${file.slice(file.lastIndexOf('/', file.lastIndexOf('/') - 1) + 1)}: every step passes`, async () => {
      const loaded = loadScenarioFile(file);
      if (!loaded.parsed.ok) expect.fail(loaded.parsed.issues.map((i) => formatIssue(file, i)).join('\n'));
      const report = await runScenario(loaded.parsed.scenario);
      // Every step must pass — calls, time, invariant checks and every question (reach included).
      const failed = report.steps.filter((r) => r.status === 'failed').map(problem);
      const notRun = report.steps.filter((r) => r.status === 'skipped').length;
      // The failed steps, listed, so that a model or solver bug reads directly in the test output.
      expect([...failed, ...(notRun > 0 ? [`${notRun} later step(s) not run after the failed call`] : [])]).toEqual([]);
    });
  }
});

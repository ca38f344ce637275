// `keyward run PATH...`: runs every scenario under the paths; one PASS/FAIL line each, then "N passed, M failed".
import type { Solver } from './scenario/ask.ts';
import { answerInWords, namesOf, outcomeInWords, stepTitle } from './describe.ts';
import { findScenarioFiles, formatIssue, loadScenarioFile } from './scenario/load.ts';
import { formatPath } from './scenario/paths.ts';
import { runScenario } from './scenario/run.ts';
import type { ScenarioReport, StepReport } from './scenario/run.ts';
import type { Scenario } from './scenario/schema.ts';

export interface Output {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const consoleOutput: Output = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

export interface RunFlags {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly solver?: Solver;
}

/** Exit codes (SCENARIOS.md): all passed, some failed, some file is not a valid scenario. */
export const EXIT = { passed: 0, failed: 1, invalid: 2 } as const;

/** `FAIL name: step N: what differed` (N is the 0-based index into `steps`, as in the JSON path `steps[N]`). */
export function resultLine(report: ScenarioReport): string {
  const first = report.failures[0];
  if (!first) return `PASS ${report.name}`;
  const more = report.failures.length > 1 ? ` (+${report.failures.length - 1} more failed step(s))` : '';
  return `FAIL ${report.name}: step ${first.index}: ${first.failure ?? 'failed'}${more}`;
}

const MARKS = { passed: '✓', failed: '✗', skipped: '-' } as const;

/** Every step of a scenario, one line each (and what it gave), for --verbose. */
function verboseLines(scenario: Scenario, report: ScenarioReport): string[] {
  const saved = new Map<string, unknown>();
  const home = scenario.accounts[0];
  return report.steps.flatMap((r) => {
    const title = stepTitle(r.step, namesOf(saved), home);
    const result = r.outcome && 'call' in r.step ? ` → ${outcomeInWords(r.outcome, r.step, namesOf(saved))}` : r.answer ? ` → ${answerInWords(r.answer, home)}` : '';
    for (const [k, v] of Object.entries(r.saved ?? {})) saved.set(k, v);
    const line = `  [${r.index}] ${MARKS[r.status]} ${title}${r.status === 'skipped' ? ' (not run)' : result}`;
    return r.failure ? [line, `        ${r.failure}`] : [line];
  });
}

function stepJson(r: StepReport, verbose: boolean): object {
  const base = { step: r.index, kind: r.kind, status: r.status, ...(r.failure ? { failure: r.failure } : {}) };
  if (!verbose) return base;
  return { ...base, now: new Date(r.now).toISOString(), outcome: r.outcome, saved: r.saved, answer: r.answer, violations: r.violations };
}

interface FileResult {
  readonly file: string;
  readonly scenario: Scenario;
  readonly report: ScenarioReport;
}

/** Run the command; returns the exit code. */
export async function runCommand(paths: readonly string[], flags: RunFlags = {}, io: Output = consoleOutput): Promise<number> {
  const found = findScenarioFiles(paths);
  const invalid: { file: string; path: string; reason: string }[] = found.problems.map((p) => ({ file: p.path, path: '(file)', reason: p.reason }));
  if (found.files.length === 0 && found.problems.length === 0) {
    invalid.push({ file: paths.join(' '), path: '(file)', reason: 'no scenario files (*.json) there' });
  }
  const results: FileResult[] = [];
  for (const file of found.files) {
    const loaded = loadScenarioFile(file);
    if (!loaded.parsed.ok) {
      for (const issue of loaded.parsed.issues) invalid.push({ file, path: formatPath(issue.path), reason: issue.reason });
      for (const issue of loaded.parsed.issues) io.err(formatIssue(file, issue));
      continue;
    }
    const report = await runScenario(loaded.parsed.scenario, flags.solver ? { solver: flags.solver } : {});
    results.push({ file, scenario: loaded.parsed.scenario, report });
    if (!flags.json) {
      io.out(resultLine(report));
      if (flags.verbose) for (const line of [`  (${file})`, ...verboseLines(loaded.parsed.scenario, report)]) io.out(line);
    }
  }
  for (const p of invalid.filter((i) => i.path === '(file)')) io.err(`${p.file}: ${p.reason}`);
  const passed = results.filter((r) => r.report.passed).length;
  const failed = results.length - passed;
  if (flags.json) {
    const scenarios = results.map((r) => ({
      file: r.file,
      name: r.report.name,
      passed: r.report.passed,
      failures: r.report.failures.map((f) => stepJson(f, false)),
      steps: r.report.steps.map((s) => stepJson(s, flags.verbose ?? false)),
    }));
    io.out(JSON.stringify({ scenarios, invalid, passed, failed }, null, 2));
  } else io.out(`${passed} passed, ${failed} failed`);
  return invalid.length > 0 ? EXIT.invalid : failed > 0 ? EXIT.failed : EXIT.passed;
}

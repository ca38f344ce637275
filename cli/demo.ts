// `keyward demo [FILE]`: tells a scenario's story step by step in plain words (by default the SSE-KMS story in examples/).
import Table from 'cli-table3';
import { fileURLToPath } from 'node:url';
import { catalogue } from '../properties/index.ts';
import { answerInWords, callInWords, durationInWords, expectedAnswerInWords, namesOf, outcomeInWords, questionInWords, wrap } from './describe.ts';
import type { Output, RunFlags } from './run-command.ts';
import { consoleOutput, EXIT } from './run-command.ts';
import { watchingLines } from './watching.ts';
import { formatIssue, loadScenarioFile } from './scenario/load.ts';
import { questionOf, runScenario } from './scenario/run.ts';
import type { ScenarioReport, StepReport } from './scenario/run.ts';
import type { Scenario, StepKind } from './scenario/schema.ts';

/** The story `npm start` tells: the project's own copy of the SSE-KMS walkthrough. */
export const DEFAULT_STORY = fileURLToPath(new URL('../examples/sse-kms-story.json', import.meta.url));

const INDENT = '    ';

const clockInWords = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');

function terminalWidth(): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  return Math.max(60, Math.min(columns ?? 100, 110));
}

/** The lines that narrate one step. */
function stepLines(r: StepReport, saved: Map<string, unknown>, home: string, width: number): string[] {
  const names = namesOf(saved);
  const s = r.step;
  const lines: string[] = s.note ? [`[${r.index}] ${wrap(s.note, width, INDENT).trimStart()}`] : [];
  /** The first line of a step without a note carries its number. */
  const say = (text: string): void => {
    const first = lines.length === 0 ? `${`[${r.index}]`.padEnd(INDENT.length - 1)} ` : INDENT;
    lines.push(first + wrap(text, width, INDENT).trimStart());
  };
  const verdict = r.status === 'passed' ? '✓' : `✗ not what the story expects: ${r.failure ?? ''}`;
  if ('call' in s) {
    say(capitalized(callInWords(s, names, home)));
    if (r.outcome) say(`→ ${outcomeInWords(r.outcome, s, names)}${r.status === 'passed' ? '  ✓' : ''}`);
    if (r.status === 'failed') say(verdict);
    const kept = Object.entries(r.saved ?? {});
    if (kept.length > 0) say(`saved: ${kept.map(([k, v]) => `${k} = ${short(typeof v === 'string' ? v : JSON.stringify(v))}`).join(', ')}`);
    for (const [k, v] of kept) saved.set(k, v);
  } else if ('advance' in s) {
    say(`Time passes: ${durationInWords(s.advance)}; the clock is now ${clockInWords(r.now)}.`);
  } else if ('ask' in s) {
    say(`? ${questionInWords(questionOf(s), names, home)}`);
    say(`the story expects: ${expectedAnswerInWords(s, home)}`);
    if (r.answer) say(`the solver says: ${answerInWords(r.answer, home)}  ${r.status === 'passed' ? '✓' : '✗'}`);
    if (r.status === 'failed' && r.answer?.kind !== 'notSupported') say(verdict);
  } else {
    say(r.status === 'passed' ? `Every invariant of the catalogue (${catalogue.length}) holds.  ✓` : verdict);
  }
  return lines;
}

/** A saved value as shown: opaque blobs (ciphertexts) cut short. */
const short = (text: string): string => (text.length > 90 ? `${text.slice(0, 40)}... (${text.length} characters)` : text);

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const KIND_NAMES: Readonly<Record<StepKind, string>> = { call: 'calls', ask: 'solver questions', advance: 'time passing', check: 'invariant checks' };

function summaryTable(report: ScenarioReport): string {
  const table = new Table({ head: ['', 'steps', 'as expected', 'not as expected', 'not run'], style: { head: [], border: [], compact: true } });
  for (const kind of ['call', 'ask', 'advance', 'check'] as const) {
    const of = report.steps.filter((r) => r.kind === kind);
    if (of.length === 0) continue;
    const count = (status: string): number => of.filter((r) => r.status === status).length;
    table.push([KIND_NAMES[kind], of.length, count('passed'), count('failed'), count('skipped')]);
  }
  return table.toString();
}

/** The closing sentence: does the model tell the story as AWS does? */
function conclusion(report: ScenarioReport): string {
  const stop = report.failures.find((f) => f.kind !== 'ask');
  if (stop) return `The model disagrees with the story at step ${stop.index}: ${stop.failure ?? ''}`;
  const unanswered = report.failures.filter((f) => f.answer?.kind === 'notSupported').length;
  const wrong = report.failures.length - unanswered;
  const calls = 'Every call returned what AWS returns';
  if (report.failures.length === 0) return `${calls}, and every question to the solver got the expected answer.`;
  if (wrong === 0) return `${calls}. The ${unanswered} question(s) to the solver are not answered yet: the solver has not landed.`;
  return `${calls}, but ${wrong} question(s) to the solver got an answer the story does not expect.`;
}

/** Narrate a parsed scenario from its run report. */
export function narrate(scenario: Scenario, report: ScenarioReport, width = terminalWidth()): string[] {
  const home = scenario.accounts[0] ?? '';
  const title = `keyward demo: ${scenario.name}`;
  const lines = [title, '═'.repeat(Math.min(title.length, width)), ''];
  if (scenario.description) lines.push(wrap(scenario.description, width), '');
  const org = scenario.organization ? `; an organization managed by ${scenario.organization.management}` : '';
  const start = scenario.start ? Date.parse(scenario.start) : (report.steps[0]?.now ?? 0);
  lines.push(`The world: account(s) ${scenario.accounts.join(', ')} in ${scenario.region ?? 'us-east-1'}${org}; the clock starts at ${clockInWords(start)}.`, '');
  const saved = new Map<string, unknown>();
  let stoppedAt: StepReport | undefined;
  for (const r of report.steps) {
    if (r.status === 'skipped') {
      stoppedAt ??= r;
      continue;
    }
    lines.push(...stepLines(r, saved, home, width), '');
  }
  if (stoppedAt) {
    const notRun = report.steps.filter((r) => r.status === 'skipped').length;
    lines.push(`The story stops here: the remaining ${notRun} step(s), from step ${stoppedAt.index} on, depend on the failed call.`, '');
  }
  const watched = watchingLines(report.finalState);
  if (watched.length > 0) lines.push(...watched, '');
  lines.push('Summary', summaryTable(report), '', wrap(conclusion(report), width));
  return lines;
}

/** Run the command; returns the exit code (0 when the story was told, whatever it showed; 2 for an invalid file). */
export async function demoCommand(file: string | undefined, flags: Pick<RunFlags, 'solver'> = {}, io: Output = consoleOutput): Promise<number> {
  const loaded = loadScenarioFile(file ?? DEFAULT_STORY);
  if (!loaded.parsed.ok) {
    for (const issue of loaded.parsed.issues) io.err(formatIssue(loaded.file, issue));
    return EXIT.invalid;
  }
  const scenario = loaded.parsed.scenario;
  const report = await runScenario(scenario, flags.solver ? { solver: flags.solver } : {});
  for (const line of narrate(scenario, report)) io.out(line);
  return EXIT.passed;
}

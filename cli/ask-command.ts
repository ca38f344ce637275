// `keyward ask QUESTION --scenario FILE ...`: replays the scenario's calls and asks the solver the question of the
// final state; prints the answer (a table of principals, a witness request a person can read) or JSON.
import type { Answer, Question } from '../solver/index.ts';
import { answerQuestion, defaultSolverOptions, shutdownZ3 } from '../solver/index.ts';
import type { AskOptions, AskSubcommand } from './ask-questions.ts';
import { answerLines } from './ask-output.ts';
import type { Output } from './run-command.ts';
import { consoleOutput } from './run-command.ts';
import { formatIssue, loadScenarioFile } from './scenario/load.ts';
import { formatPath } from './scenario/paths.ts';
import { replayScenario } from './scenario/replay.ts';
import { namesIn, substitute } from './scenario/variables.ts';
import type { Variables } from './scenario/variables.ts';

/**
 * Exit codes of `keyward ask`: an answer (yes, no, or the whoCan list); the solver disagrees with the model (a witness
 * that does not replay: a keyward bug); bad usage or a scenario that is not valid or does not replay; unknown (a time
 * limit, or a question beyond what the solver models).
 */
export const ASK_EXIT = { answered: 0, solverError: 1, invalid: 2, unknown: 3 } as const;

/** The options every ask subcommand takes. */
export interface CommonAskOptions {
  readonly scenario: string;
  readonly json?: boolean;
  readonly timeoutMs?: string;
}

/** `--timeout-ms`: a whole number of milliseconds, at least 1 (the default is the solver's). */
function timeLimit(value: string | undefined): number | string {
  if (value === undefined) return defaultSolverOptions.timeoutMs;
  return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : `--timeout-ms: expected a whole number of milliseconds, at least 1 (got ${JSON.stringify(value)})`;
}

/** The options with `${name}` references to the scenario's saved variables substituted; an unknown name is a usage error. */
function withVariables(o: AskOptions, vars: Variables, names: readonly string[]): { ok: true; options: AskOptions } | { ok: false; problem: string } {
  const saved = [...vars.keys()];
  for (const name of names) {
    const values = [o[name]].flat().filter((v): v is string => typeof v === 'string');
    const missing = values.flatMap(namesIn).find((n) => !vars.has(n));
    if (missing !== undefined) {
      const known = saved.length > 0 ? `it saves ${saved.join(', ')}` : 'it saves none';
      return { ok: false, problem: `--${name}: \${${missing}} is not a variable the scenario saves (${known})` };
    }
  }
  return { ok: true, options: substitute(o, vars) };
}

/** The option names of a subcommand (`--except <arn...>` → `except`). */
const optionNames = (sub: AskSubcommand): string[] => sub.options.map((opt) => /--([a-zA-Z-]+)/.exec(opt.flags)?.[1] ?? '');

function exitCodeOf(answer: Answer): number {
  switch (answer.kind) {
    case 'unknown':
      return ASK_EXIT.unknown;
    case 'error':
      return ASK_EXIT.solverError;
    default:
      return ASK_EXIT.answered;
  }
}

/** Ask the question once the scenario is replayed; the Z3 threads are stopped after use so that the process can exit. */
async function answered(state: Parameters<typeof answerQuestion>[0], question: Question, timeoutMs: number): Promise<Answer> {
  try {
    return await answerQuestion(state, question, { ...defaultSolverOptions, timeoutMs });
  } finally {
    await shutdownZ3();
  }
}

/** Run `keyward ask NAME`; returns the exit code. */
export async function askCommand(name: string, sub: AskSubcommand, raw: AskOptions & CommonAskOptions, io: Output = consoleOutput): Promise<number> {
  const usage = (problem: string): number => {
    io.err(`keyward ask ${name}: ${problem}`);
    return ASK_EXIT.invalid;
  };
  const timeoutMs = timeLimit(raw.timeoutMs);
  if (typeof timeoutMs === 'string') return usage(timeoutMs);
  const file = raw.scenario;
  const loaded = loadScenarioFile(file);
  if (!loaded.parsed.ok) {
    for (const issue of loaded.parsed.issues) io.err(formatIssue(file, issue));
    return ASK_EXIT.invalid;
  }
  const scenario = loaded.parsed.scenario;
  const replayed = replayScenario(scenario);
  if (!replayed.ok) {
    io.err(`${file}: ${formatPath(['steps', replayed.index])}: the scenario does not replay as written: ${replayed.failure}`);
    return ASK_EXIT.invalid;
  }
  const substituted = withVariables(raw, replayed.vars, optionNames(sub));
  if (!substituted.ok) return usage(substituted.problem);
  const put = sub.put(substituted.options);
  if (!put.ok) return usage(put.problem);
  const answer = await answered(replayed.state, put.question, timeoutMs);
  if (raw.json) io.out(JSON.stringify({ scenario: file, question: put.question, answer }, null, 2));
  else for (const line of answerLines(put.question, answer, { state: replayed.state, home: scenario.accounts[0], steps: replayed.ran })) io.out(line);
  if (answer.kind === 'error') io.err(`keyward ask ${name}: SOLVER ERROR (the model does not confirm the solver; please report it): ${answer.reason}`);
  return exitCodeOf(answer);
}

/** `keyward ask NAME` for a question kind whose solver has not landed. */
export function notYetCommand(name: string, io: Output = consoleOutput): number {
  io.err(`keyward ask ${name}: not supported yet (the solver does not answer ${name} questions yet)`);
  return ASK_EXIT.invalid;
}

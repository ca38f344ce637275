// The `keyward ask` subcommands as data: each question's options and how it is put. A question kind joins the
// command line by one entry in ASK_SUBCOMMANDS (commander options, help and the dispatch all come from the table).
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../model/index.ts';
import type { Question } from '../solver/index.ts';
import { reachSubcommand } from '../solver/index.ts';

/** One option of a subcommand, as commander takes it. */
export interface AskOption {
  /** Commander's flags: `--action <action>`, `--except <arn...>`. */
  readonly flags: string;
  readonly description: string;
  readonly required?: boolean;
}

/** The parsed options of an ask subcommand, after `${name}` references to the scenario's saved variables were substituted. */
export type AskOptions = Readonly<Record<string, string | readonly string[] | boolean | undefined>>;

export type Put = { readonly ok: true; readonly question: Question } | { readonly ok: false; readonly problem: string };

/** One `keyward ask` subcommand. */
export interface AskSubcommand {
  readonly summary: string;
  /** Options besides the common --scenario, --json and --timeout-ms. */
  readonly options: readonly AskOption[];
  /** The question the options put (or what is wrong with them: a usage error). */
  readonly put: (o: AskOptions) => Put;
}

const text = (o: AskOptions, name: string): string => {
  const v = o[name];
  return typeof v === 'string' ? v : '';
};
const list = (o: AskOptions, name: string): readonly string[] => {
  const v = o[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** `--action` names one action, as IAM spells it. */
function actionProblem(action: string): string | undefined {
  return ACTION.test(action) ? undefined : `--action: expected service:Operation, such as kms:Decrypt (got ${JSON.stringify(action)})`;
}

const ACTION_OPTION: AskOption = { flags: '--action <action>', description: 'the action, such as kms:Decrypt or s3:GetObject', required: true };
const RESOURCE_OPTION: AskOption = {
  flags: '--resource <arn>',
  description: 'the resource: a key ARN or key id, or an object ARN (arn:aws:s3:::bucket/key); ${name} takes a value the scenario saved',
  required: true,
};

/**
 * The candidate key policy of `--policy`: JSON text (it starts with "{") or the name of a file holding it; it must be a
 * valid key policy (model/policy parsePolicy), else the question is a usage error.
 */
export function candidatePolicy(value: string): { ok: true; text: string } | { ok: false; problem: string } {
  let policy = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      policy = readFileSync(value, 'utf8');
    } catch (e) {
      return { ok: false, problem: `--policy: ${value} is neither policy JSON (starting with "{") nor a readable file: ${(e as Error).message}` };
    }
  }
  const parsed = parsePolicy(policy, 'keyPolicy');
  return parsed.ok ? { ok: true, text: policy } : { ok: false, problem: `--policy: not a valid key policy: ${parsed.reason}` };
}

const whoCan: AskSubcommand = {
  summary: 'Which known principals can perform the action on the resource, and can some principal the world does not know?',
  options: [ACTION_OPTION, RESOURCE_OPTION],
  put: (o) => {
    const problem = actionProblem(text(o, 'action'));
    return problem ? { ok: false, problem } : { ok: true, question: { ask: 'whoCan', action: text(o, 'action'), resource: text(o, 'resource') } };
  },
};

const canAnyoneElse: AskSubcommand = {
  summary: 'Can any principal other than the excepted ones (or sessions of excepted roles) perform the action on the resource?',
  options: [ACTION_OPTION, RESOURCE_OPTION, { flags: '--except <arn...>', description: 'the principals that may (ARNs; none by default)' }],
  put: (o) => {
    const problem = actionProblem(text(o, 'action'));
    if (problem) return { ok: false, problem };
    return { ok: true, question: { ask: 'canAnyoneElse', action: text(o, 'action'), resource: text(o, 'resource'), except: list(o, 'except') } };
  },
};

const newAccess: AskSubcommand = {
  summary: "Would the candidate key policy allow some request (any principal, key action, context) that the key's current policy does not?",
  options: [RESOURCE_OPTION, { flags: '--policy <file-or-json>', description: 'the candidate key policy: JSON text, or a file holding it', required: true }],
  put: (o) => {
    const candidate = candidatePolicy(text(o, 'policy'));
    return candidate.ok ? { ok: true, question: { ask: 'newAccess', resource: text(o, 'resource'), policy: candidate.text } } : candidate;
  },
};

/** A question kind that has no solver yet: `keyward ask NAME` says so (exit 2). */
export const NOT_YET = 'notYet' as const;

/**
 * Every `keyward ask` subcommand, by question name (SCENARIOS.md §3); a question kind without a solver would be NOT_YET
 * ("not supported yet"). `reach`'s options and output are solver/reach-format.ts's.
 */
export const ASK_SUBCOMMANDS: Readonly<Record<string, AskSubcommand | typeof NOT_YET>> = {
  whoCan,
  canAnyoneElse,
  newAccess,
  reach: reachSubcommand,
};

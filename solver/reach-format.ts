// `reach` answers for people and machines: the path as numbered steps in plain words, as a Mermaid diagram, or as
// JSON; and the `keyward ask reach` subcommand (options, and the question they put) for the CLI's table of questions.
import type { Answer, Question, RequestWitness } from './answers.ts';
import type { PathStep, ReachAnswer } from './reach.ts';

export type ReachFormat = 'text' | 'mermaid' | 'json';

export interface ReachFormatOptions {
  /** The scenario's first account: its principals read without the account number. */
  readonly home?: string;
  readonly format?: ReachFormat;
}

/** The question as the CLI and the runner put it (SCENARIOS.md §3), with the output format the CLI asked for. */
export interface ReachQuestion {
  readonly ask: 'reach';
  readonly goal: { readonly action: string; readonly resource: string; readonly by?: string; readonly byAnyoneExcept?: readonly string[] };
  readonly maxSteps: number;
  readonly format?: ReachFormat;
}

// ---------------------------------------------------------------------------------------------------------------------
// Names

/** A principal or resource ARN in a few words: "user alice", "role ops", "session ops/s1", "root of 111122223333", "key 1234abcd…". */
export function nameOf(arn: string, home?: string): string {
  const where = (account: string): string => (account === home ? '' : ` (${account})`);
  let m = /^arn:aws:iam::(\d{12}):root$/.exec(arn);
  if (m) return `the root user${where(m[1]!)}`;
  m = /^arn:aws:iam::(\d{12}):(user|role|group|policy)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (m) return `${m[2]} ${m[3]}${where(m[1]!)}`;
  m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (m) return `session ${m[2]}/${m[3]}${where(m[1]!)}`;
  m = /^arn:aws:kms:[^:]*:(\d{12}):key\/([0-9a-f]{8})/.exec(arn);
  if (m) return `key ${m[2]}…${where(m[1]!)}`;
  m = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn);
  if (m) return `AWS managed policy ${m[1]}`;
  m = /^arn:aws:s3:::(.+)$/.exec(arn);
  if (m) return `object s3://${m[1]}`;
  return arn;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** What a written policy allows, in words ("kms:Decrypt on key 1234abcd…"). */
function allowsInWords(text: unknown, home?: string): string {
  try {
    const parsed = JSON.parse(String(text)) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    const added = (statements as Record<string, unknown>[]).filter((s) => String(s['Sid'] ?? '').startsWith('KeywardReach'));
    const shown = added.length > 0 ? added : (statements as Record<string, unknown>[]);
    return shown
      .map((s) => {
        const who = s['Principal'] ? ` to ${list((s['Principal'] as Record<string, unknown>)['AWS']).map((p) => nameOf(p, home)).join(', ')}` : '';
        const on = s['Resource'] !== undefined && s['Resource'] !== '*' ? ` on ${list(s['Resource']).map((r) => nameOf(r, home)).join(', ')}` : '';
        return `${list(s['Action']).join(', ')}${on}${who}`;
      })
      .join('; ');
  } catch {
    return 'what the path needs';
  }
}

/** One path step in plain words. */
export function stepInWords(s: PathStep, home?: string): string {
  const who = nameOf(s.as, home);
  const i = s.input;
  const arnOf = (kind: string, field: string): string => `${kind} ${String(i[field] ?? '')}`;
  const words = ((): string => {
    switch (s.call) {
      case 'kms:CreateGrant':
        return `creates a grant on ${nameOf(String(i['KeyId']), home)} for ${nameOf(String(i['GranteePrincipal']), home)} allowing ${list(i['Operations']).join(', ')}${i['GrantTokens'] ? ' (passing the grant tokens of the path\'s earlier grants)' : ''}`;
      case 'kms:PutKeyPolicy':
        return `rewrites the key policy of ${nameOf(String(i['KeyId']), home)}, allowing ${allowsInWords(i['Policy'], home)}`;
      case 'kms:EnableKey':
        return `enables ${nameOf(String(i['KeyId']), home)}`;
      case 'kms:CancelKeyDeletion':
        return `cancels the scheduled deletion of ${nameOf(String(i['KeyId']), home)} (the key is then disabled)`;
      case 'iam:PutUserPolicy':
      case 'iam:PutGroupPolicy':
      case 'iam:PutRolePolicy': {
        const kind = s.call.slice('iam:Put'.length, -'Policy'.length).toLowerCase();
        return `writes the inline policy ${String(i['PolicyName'])} of ${arnOf(kind, `${kind[0]!.toUpperCase()}${kind.slice(1)}Name`)}, allowing ${allowsInWords(i['PolicyDocument'], home)}`;
      }
      case 'iam:AttachUserPolicy':
      case 'iam:AttachGroupPolicy':
      case 'iam:AttachRolePolicy': {
        const kind = s.call.slice('iam:Attach'.length, -'Policy'.length);
        return `attaches ${nameOf(String(i['PolicyArn']), home)} to ${arnOf(kind.toLowerCase(), `${kind}Name`)}`;
      }
      case 'iam:CreatePolicy':
        return `creates the managed policy ${String(i['PolicyName'])}, allowing ${allowsInWords(i['PolicyDocument'], home)}`;
      case 'iam:AddUserToGroup':
        return `adds user ${String(i['UserName'])} to group ${String(i['GroupName'])}`;
      case 'iam:DeleteUserPermissionsBoundary':
        return `removes the permissions boundary of user ${String(i['UserName'])}`;
      case 'iam:DeleteRolePermissionsBoundary':
        return `removes the permissions boundary of role ${String(i['RoleName'])}`;
      case 'iam:UpdateAssumeRolePolicy':
        return `rewrites the trust policy of role ${String(i['RoleName'])}, letting ${allowsInWords(i['PolicyDocument'], home).replace(/^sts:AssumeRole to /, '')} assume it`;
      case 'sts:AssumeRole':
        return `assumes ${nameOf(String(i['RoleArn']), home)} as session ${String(i['RoleSessionName'])}`;
      default:
        return `calls ${s.call} with ${JSON.stringify(i)}`;
    }
  })();
  const context = s.context && Object.keys(s.context).length > 0 ? ` (with ${Object.entries(s.context).map(([k, v]) => `${k} = ${v}`).join(', ')})` : '';
  return `${who} ${words}${context} [${s.call}]`;
}

function goalInWords(q: ReachQuestion, home?: string): string {
  const who = q.goal.by !== undefined ? nameOf(q.goal.by, home) : `anyone other than ${(q.goal.byAnyoneExcept ?? []).map((p) => nameOf(p, home)).join(', ') || 'nobody'}`;
  return `${who} ${q.goal.action} on ${nameOf(q.goal.resource, home)}`;
}

const witnessInWords = (w: RequestWitness, home?: string): string => {
  const context = Object.entries(w.context).filter(([k]) => k !== 'kms:GrantTokens');
  const tokens = w.context['kms:GrantTokens'] !== undefined ? ', passing the new grant\'s token' : '';
  return `${nameOf(w.principal, home)} can ${w.action} on ${nameOf(w.resource, home)}${context.length > 0 ? ` with ${context.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}` : ''}${tokens}`;
};

// ---------------------------------------------------------------------------------------------------------------------
// Text, Mermaid, JSON

const isReach = (a: Answer | ReachAnswer): a is ReachAnswer => a.kind !== 'whoCan';

/** The answer as numbered steps in plain words. */
export function reachTextLines(q: ReachQuestion, a: Answer | ReachAnswer, home?: string): string[] {
  const goal = goalInWords(q, home);
  if (!isReach(a)) return ['unexpected answer for a reach question'];
  switch (a.kind) {
    case 'yes': {
      const path = 'path' in a ? a.path : [];
      if (path.length === 0) return [`yes: the goal already holds (${goal}): 0 steps.`, `  ${witnessInWords(a.witness, home)} (replayed through the model)`];
      return [
        `yes: ${goal}, after ${path.length} permitted step(s) (a shortest path; every step replays through the model):`,
        ...path.map((s, n) => `  ${n + 1}. ${stepInWords(s, home)}`),
        `  then ${witnessInWords(a.witness, home)}.`,
        ...('note' in a && a.note ? [`  note: ${a.note}`] : []),
      ];
    }
    case 'no':
      return [
        `no: not ${goal} within ${q.maxSteps} step(s).`,
        ...('anyLength' in a && a.anyLength ? ['  No sequence of permission-changing calls of any length gets there (proved by a fixpoint of what the calls could ever add).'] : []),
        ...('reason' in a ? [`  (${a.reason})`] : []),
      ];
    case 'unknown':
      return [`unknown: ${a.reason}`];
    case 'error':
      return [`SOLVER ERROR: ${a.reason}`];
  }
}

const quoted = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;

/** The path as a Mermaid flowchart: who acts on what, step by step, and the goal's request at the end. */
export function reachMermaid(q: ReachQuestion, a: Answer | ReachAnswer, home?: string): string {
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const node = (label: string): string => {
    let id = ids.get(label);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(label, id);
      lines.push(`  ${id}[${quoted(label)}]`);
    }
    return id;
  };
  if (!isReach(a) || a.kind !== 'yes') {
    lines.push(`  answer[${quoted(`${a.kind}: ${goalInWords(q, home)} within ${q.maxSteps} step(s)`)}]`);
    return lines.join('\n');
  }
  const path = 'path' in a ? a.path : [];
  path.forEach((s, n) => {
    const target = targetOf(s);
    lines.push(`  ${node(nameOf(s.as, home))} -->|${quoted(`${n + 1}. ${s.call}`)}| ${node(nameOf(target, home))}`);
  });
  lines.push(`  ${node(nameOf(a.witness.principal, home))} ==>|${quoted(`goal: ${a.witness.action}`)}| ${node(nameOf(a.witness.resource, home))}`);
  return lines.join('\n');
}

/** What a path step acts on (for the diagram). */
function targetOf(s: PathStep): string {
  const i = s.input;
  for (const field of ['KeyId', 'RoleArn', 'UserName', 'GroupName', 'RoleName', 'PolicyName']) if (typeof i[field] === 'string') return String(i[field]);
  return s.call;
}

/** The answer in the requested format, as lines to print. */
export function reachAnswerLines(q: ReachQuestion, a: Answer | ReachAnswer, options: ReachFormatOptions = {}): string[] {
  switch (options.format ?? q.format ?? 'text') {
    case 'mermaid':
      return [reachMermaid(q, a, options.home)];
    case 'json':
      return [JSON.stringify({ question: { ...q, format: undefined }, answer: a }, null, 2)];
    default:
      return reachTextLines(q, a, options.home);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The `keyward ask reach` subcommand (structurally cli/ask-questions.ts `AskSubcommand`)

type Options = Readonly<Record<string, string | readonly string[] | boolean | undefined>>;

const FORMATS: readonly ReachFormat[] = ['text', 'mermaid', 'json'];

export const reachSubcommand = {
  summary: 'Can a principal come to perform the action, after at most --max-steps permission-changing calls each allowed at its moment? Prints a shortest path.',
  options: [
    { flags: '--action <action>', description: 'the goal action, such as kms:Decrypt or s3:GetObject', required: true },
    { flags: '--resource <arn>', description: 'the goal resource: a key ARN or key id, or an object ARN; ${name} takes a value the scenario saved', required: true },
    { flags: '--by <arn>', description: 'the principal that is to come to perform it (itself or through sessions it creates)' },
    { flags: '--except <arn...>', description: 'or: anyone but these principals (the default: anyone)' },
    { flags: '--max-steps <n>', description: 'the most calls a path may take (default 3)' },
    { flags: '--format <format>', description: 'text (numbered steps, the default), mermaid (a diagram) or json' },
  ],
  put: (o: Options): { readonly ok: true; readonly question: Question } | { readonly ok: false; readonly problem: string } => {
    const text = (name: string): string | undefined => (typeof o[name] === 'string' ? (o[name] as string) : undefined);
    const action = text('action') ?? '';
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) return { ok: false, problem: `--action: expected service:Operation, such as kms:Decrypt (got ${JSON.stringify(action)})` };
    const steps = text('max-steps') ?? text('maxSteps') ?? '3';
    if (!/^\d+$/.test(steps)) return { ok: false, problem: `--max-steps: expected a whole number (got ${JSON.stringify(steps)})` };
    const format = (text('format') ?? 'text') as ReachFormat;
    if (!FORMATS.includes(format)) return { ok: false, problem: `--format: one of ${FORMATS.join(', ')} (got ${JSON.stringify(format)})` };
    const by = text('by');
    const except = o['except'];
    if (by !== undefined && except !== undefined) return { ok: false, problem: 'give --by or --except, not both' };
    const exceptList = Array.isArray(except) ? [...except] : typeof except === 'string' ? [except] : [];
    const goal = { action, resource: text('resource') ?? '', ...(by !== undefined ? { by } : { byAnyoneExcept: exceptList }) };
    const question: ReachQuestion = { ask: 'reach', goal, maxSteps: Number(steps), format };
    return { ok: true, question };
  },
};

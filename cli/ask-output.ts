// `keyward ask` answers for people: the question, the answer, a table of principals (whoCan), and every witness as a
// request one can read (principal, action, resource, the context keys it sets).
import Table from 'cli-table3';
import type { State } from '../model/index.ts';
import type { Answer, Question, RequestWitness } from '../solver/index.ts';
import { reachAnswerLines } from '../solver/index.ts';
import { principalInWords } from './describe.ts';

export interface AnswerContext {
  readonly state: State;
  /** The scenario's first account: principals of it read without their account number. */
  readonly home: string | undefined;
  /** How many call and advance steps were replayed. */
  readonly steps: number;
}

/** No colours (the output is often piped) and compact rows. */
const plain = () => ({ head: [], border: [], compact: true });

/** The question, as a sentence. */
export function questionLine(q: Question): string {
  switch (q.ask) {
    case 'whoCan':
      return `Who can ${q.action} on ${q.resource}?`;
    case 'canAnyoneElse':
      return q.except.length > 0 ? `Can anyone other than ${q.except.join(', ')} perform ${q.action} on ${q.resource}?` : `Can anyone perform ${q.action} on ${q.resource}?`;
    case 'newAccess':
      return `Would the candidate key policy allow, on ${q.resource}, any request that the current key policy does not?`;
    case 'reach':
      return `Can ${q.goal.action} on ${q.goal.resource} be reached within ${q.maxSteps} step(s)?`;
  }
}

/** The context keys a witness sets, one `key = value` each; grant tokens and lists as they are. */
function contextLines(context: RequestWitness['context']): string[] {
  const entries = Object.entries(context);
  if (entries.length === 0) return ['(no condition keys set: a plain request)'];
  return entries.map(([k, v]) => `${k} = ${typeof v === 'string' ? JSON.stringify(v) : `[${v.map((x) => JSON.stringify(x)).join(', ')}]`}`);
}

/** A witness request as a two-column table a person can read. */
export function witnessTable(w: RequestWitness, home: string | undefined): string {
  const table = new Table({ style: plain() });
  const who = principalInWords(w.principal, home);
  table.push(
    { principal: w.principal === who ? w.principal : `${w.principal}\n${who}` },
    { action: w.action },
    { resource: w.resource },
    { context: contextLines(w.context).join('\n') },
  );
  return table.toString();
}

/** The witness of a listed principal: its own request, or (for a role) the request of a session of it. */
function witnessFor(principal: string, witnesses: readonly RequestWitness[], state: State): RequestWitness | undefined {
  const role = state.iam.roles[principal];
  return witnesses.find((w) => w.principal === principal) ?? (role ? witnesses.find((w) => w.principal.startsWith(`arn:aws:sts::${role.account}:assumed-role/${role.name}/`)) : undefined);
}

/** A witness in one cell: who acts (when not the listed principal itself) and the context keys it sets. */
function witnessCell(principal: string, w: RequestWitness | undefined): string {
  if (!w) return '';
  const as = w.principal === principal ? [] : [`as ${w.principal}`];
  return [...as, ...contextLines(w.context)].join('\n');
}

/** Is the witness about a principal the world knows (a whoCan witness for a listed principal)? */
const knownWitness = (w: RequestWitness, listed: readonly string[], state: State): boolean => listed.some((p) => witnessFor(p, [w], state) !== undefined);

function whoCanLines(a: Extract<Answer, { kind: 'whoCan' }>, ctx: AnswerContext): string[] {
  const lines: string[] = [];
  if (a.principals.length === 0) lines.push('No principal the world knows can.');
  else {
    const table = new Table({ head: ['principal', 'who', 'a request that succeeds (replayed through the model)'], style: plain() });
    for (const p of a.principals) table.push([p, principalInWords(p, ctx.home), witnessCell(p, witnessFor(p, a.witnesses, ctx.state))]);
    lines.push(`${a.principals.length} known principal(s) can:`, table.toString());
  }
  if (!a.unknownPrincipals) {
    lines.push('No principal the world does not know (another account, an anonymous caller) can.');
  } else {
    lines.push('Some principal the world does not know (another account, or an anonymous caller) can, for example:');
    const example = a.witnesses.find((w) => !knownWitness(w, a.principals, ctx.state));
    if (example) lines.push(witnessTable(example, ctx.home));
  }
  return lines;
}

function yesLines(q: Question, a: Extract<Answer, { kind: 'yes' }>, ctx: AnswerContext): string[] {
  const intro = q.ask === 'newAccess'
    ? 'yes: the candidate policy allows this request, which the current policy does not (the model confirms both):'
    : 'yes: for example this request, which the model allows:';
  const path = 'path' in a && Array.isArray(a.path) ? [`after ${a.path.length} step(s):`, ...a.path.map((s, i) => `  ${i + 1}. ${JSON.stringify(s)}`)] : [];
  return [intro, ...path, witnessTable(a.witness, ctx.home)];
}

function noLine(q: Question): string {
  switch (q.ask) {
    case 'canAnyoneElse':
      return `no: no other principal can ${q.action} on ${q.resource}, whatever the request context (a proof over every principal, known or not, and every context).`;
    case 'newAccess':
      return 'no: the candidate policy allows no request (any principal, key action or context) that the current policy does not.';
    default:
      return 'no';
  }
}

/** The answer in readable lines, after the question. */
export function answerLines(q: Question, a: Answer, ctx: AnswerContext): string[] {
  const head = [questionLine(q), `(asked of the state the scenario reaches after ${ctx.steps} call and time step(s))`, ''];
  // reach: the path as numbered steps in plain words, or a Mermaid diagram (solver/reach-format.ts).
  if (q.ask === 'reach') return [...head, ...reachAnswerLines(q, a, { home: ctx.home })];
  switch (a.kind) {
    case 'whoCan':
      return [...head, ...whoCanLines(a, ctx)];
    case 'yes':
      return [...head, ...yesLines(q, a, ctx)];
    case 'no':
      return [...head, noLine(q)];
    case 'unknown':
      return [...head, `unknown: ${a.reason}`];
    case 'error':
      return [...head, 'SOLVER ERROR: the model does not confirm the solver (see stderr).'];
  }
}

// Steps, principals, answers and outcomes in plain words, for `keyward demo` and `keyward run --verbose`.
import { parsePrincipalArn } from '../model/index.ts';
import type { CallOutcome } from '../model/index.ts';
import type { Answer, Question } from './scenario/ask.ts';
import { isPlainObject } from './scenario/paths.ts';
import { questionOf } from './scenario/run.ts';
import type { AskStep, CallStep, Step } from './scenario/schema.ts';

/** Saved values by their text, so that an opaque id prints as the variable that holds it (‹keyArn›). */
export type Names = ReadonlyMap<string, string>;

export function namesOf(saved: ReadonlyMap<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, value] of saved) if (typeof value === 'string' && value.length >= 8 && !names.has(value)) names.set(value, name);
  return names;
}

/** A principal in words: "James (user)", "the root user of 111122223333", "Eng/alice (session of role Eng)". */
export function principalInWords(arn: string, home?: string): string {
  if (arn === 'anonymous') return 'an anonymous caller (unsigned request)';
  const p = parsePrincipalArn(arn);
  if (!p) return arn;
  const elsewhere = p.account !== home ? ` of ${p.account}` : '';
  switch (p.kind) {
    case 'root':
      return `the root user${elsewhere}`;
    case 'user':
      return `${p.name} (user${elsewhere})`;
    case 'role':
      return `role ${p.name}${elsewhere}`;
    case 'session':
      return `${p.roleName}/${p.sessionName} (session of role ${p.roleName}${elsewhere})`;
  }
}

/** How many statements a policy document string has, or undefined when the string is not a policy document. */
function policyStatementCount(text: string): number | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const statement = isPlainObject(doc) ? doc.Statement : undefined;
  if (statement === undefined) return undefined;
  return Array.isArray(statement) ? statement.length : 1;
}

/** A string as it reads: a saved variable's name, a policy summary, or the (shortened) text. */
function valueInWords(v: unknown, names: Names): string {
  if (typeof v !== 'string') return JSON.stringify(v);
  const name = names.get(v);
  if (name) return `‹${name}›`;
  const statements = policyStatementCount(v);
  if (statements !== undefined) return `‹a policy of ${statements} statement(s)›`;
  const shown = v.length > 60 ? `${v.slice(0, 57)}...` : v;
  return /\s/.test(shown) || shown === '' ? JSON.stringify(shown) : shown;
}

/** The scalar leaves of a JSON value, each with its dotted path. */
export function leaves(value: unknown, path: string[] = []): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, String(i)]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path.join('.'), value]];
}

const lastSegment = (path: string): string => path.split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? path;

/** Fields listed as "Name value, ...", at most `max` of them. */
function fieldsInWords(pairs: [string, unknown][], names: Names, max = 6): string {
  const shown = pairs.slice(0, max).map(([k, v]) => `${lastSegment(k)} ${valueInWords(v, names)}`);
  return pairs.length > max ? `${shown.join(', ')}, ...` : shown.join(', ');
}

/** What a call acts on, and with what: "on keyward-seed-confidential/confidential2.txt", "on key ‹keyArn› (...)". */
function targetInWords(input: Record<string, unknown>, names: Names): string {
  const used = new Set<string>();
  let target = '';
  if (typeof input.Bucket === 'string') {
    target = ` on ${input.Bucket}${typeof input.Key === 'string' ? `/${input.Key}` : ''}`;
    used.add('Bucket').add('Key');
  } else {
    const keyField = ['KeyId', 'TargetKeyId'].find((f) => typeof input[f] === 'string');
    if (keyField) {
      target = ` on key ${valueInWords(input[keyField], names)}`;
      used.add(keyField);
    }
  }
  const rest = Object.entries(input).filter(([k]) => !used.has(k));
  const details = fieldsInWords(rest.flatMap(([k, v]) => leaves(v, [k])), names);
  return details ? `${target} (${details})` : target;
}

/** "James (user) calls s3:GetObject on keyward-seed-confidential/confidential2.txt". */
export function callInWords(s: CallStep, names: Names, home?: string): string {
  const context = s.context && Object.keys(s.context).length > 0 ? `, with request context ${fieldsInWords(Object.entries(s.context), names)}` : '';
  return `${principalInWords(s.as, home)} calls ${s.call}${targetInWords(s.input ?? {}, names)}${context}`;
}

/** "ok: ServerSideEncryption aws:kms, ..." (the fields the step expects, else the first few) or "AccessDenied: ...". */
export function outcomeInWords(outcome: CallOutcome, s: CallStep, names: Names): string {
  if (!outcome.ok) return `${outcome.error.code}: ${outcome.error.message}`;
  const expected = typeof s.expect === 'object' && 'ok' in s.expect ? leaves(s.expect.ok).map(([path]) => path) : undefined;
  const pairs = leaves(outcome.output).filter(([path, v]) => (expected ? expected.includes(path) : typeof v !== 'object' || v === null));
  const fields = fieldsInWords(pairs, names, expected ? 8 : 3);
  return fields ? `ok: ${fields}` : 'ok';
}

const listInWords = (arns: readonly string[], home?: string): string =>
  arns.length === 0 ? 'nobody' : arns.map((a) => principalInWords(a, home)).join(', ');

const unknownInWords = (unknown: boolean): string =>
  unknown ? '; and some principal the world does not know' : '; and no principal the world does not know';

/** The question an ask step puts, as a question. */
export function questionInWords(q: Question, names: Names, home?: string): string {
  switch (q.ask) {
    case 'whoCan':
      return `Who can ${q.action} on ${valueInWords(q.resource, names)}?`;
    case 'canAnyoneElse':
      return `Can anyone other than ${listInWords(q.except, home)} ${q.action} on ${valueInWords(q.resource, names)}?`;
    case 'reach': {
      const who = q.goal.by !== undefined ? principalInWords(q.goal.by, home) : `anyone other than ${listInWords(q.goal.byAnyoneExcept ?? [], home)}`;
      return `Can ${who} come to ${q.goal.action} on ${valueInWords(q.goal.resource, names)} within ${q.maxSteps} permitted step(s)?`;
    }
    case 'newAccess':
      return `Would the candidate key policy ${valueInWords(q.policy, names)} for ${valueInWords(q.resource, names)} allow any request the current one does not?`;
  }
}

/** What the scenario expects an ask step to answer, in words. */
export function expectedAnswerInWords(s: AskStep, home?: string): string {
  if (s.ask === 'whoCan') {
    return `${listInWords(s.expect.principals, home)}${unknownInWords(s.expect.unknownPrincipals)}`;
  }
  const steps = 'steps' in s.expect && s.expect.steps !== undefined ? ` (in ${s.expect.steps} step(s))` : '';
  return `${s.expect.answer}${steps}`;
}

/** A solver answer in words. */
export function answerInWords(a: Answer, home?: string): string {
  switch (a.kind) {
    case 'notSupported':
      return a.reason;
    case 'unknown':
      return `unknown (${a.reason})`;
    case 'whoCan':
      return `${listInWords(a.principals, home)}${unknownInWords(a.unknownPrincipals)}`;
    case 'no':
      return 'no';
    case 'yes': {
      const path = a.path ? `, in ${a.path.length} step(s)` : '';
      return `yes: ${principalInWords(a.witness.principal, home)} can ${a.witness.action}${path}`;
    }
  }
}

/** A one-line title for any step (used by `keyward run --verbose`). */
export function stepTitle(s: Step, names: Names, home?: string): string {
  if ('call' in s) return callInWords(s, names, home);
  if ('advance' in s) return `time passes: ${durationInWords(s.advance)}`;
  if ('ask' in s) return questionInWords(questionOf(s), names, home);
  return 'check the invariants';
}

export function durationInWords(d: { days?: number; hours?: number; minutes?: number; seconds?: number }): string {
  const parts = (['days', 'hours', 'minutes', 'seconds'] as const).filter((u) => d[u] !== undefined).map((u) => `${d[u]} ${d[u] === 1 ? u.slice(0, -1) : u}`);
  return parts.join(', ');
}

/** Wrap prose to a width, each line indented. */
export function wrap(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

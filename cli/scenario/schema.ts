// The scenario file format (/work/shared/SCENARIOS.md, version 1, plus keyward's extensions) as zod schemas, and its parser.
import { z } from 'zod';
import { durationMs } from '../../model/clock.ts';
import { defaultConfig } from '../../model/index.ts';
import type { AccountId, ModelConfig } from '../../model/index.ts';
import type { PathSegment } from './paths.ts';
import { isPlainObject } from './paths.ts';
import { referencesIn, substitutable } from './variables.ts';

/** One reason a file is not a valid scenario: where (a JSON path) and why. */
export interface ScenarioIssue {
  readonly path: readonly PathSegment[];
  readonly reason: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

/** Every object of the format is strict (unknown fields are errors) but accepts a prose `note`. */
function strict<S extends z.ZodRawShape>(shape: S, unknownField = `unknown field (allowed here: ${[...Object.keys(shape), 'note'].join(', ')})`) {
  return z.strictObject({ ...shape, note: z.string().optional() }, { error: (iss) => (iss.code === 'unrecognized_keys' ? unknownField : undefined) });
}

/** A 12-digit account id, branded once parsed (model/arn.ts). */
const accountId = z
  .string()
  .regex(/^\d{12}$/, 'an account id is exactly 12 digits')
  .transform((s) => s as AccountId);
const identifier = z.string().regex(/^[A-Za-z0-9_]+$/, 'a variable name has only letters, digits and _');
const jsonObject = z.record(z.string(), z.unknown());
const nonEmpty = z.string().min(1, 'must not be empty');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const isoDate = z.string().refine((s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date, such as 2026-01-01T00:00:00Z');

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS Region, such as us-east-1');

/** `service:Operation`, spelled as the IAM action. */
const action = z.string().regex(/^(\$\{[A-Za-z0-9_]+\}|[a-z0-9-]+:[A-Za-z0-9]+)$/, 'expected service:Operation, such as kms:Decrypt');

/** A caller: "anonymous" or a principal ARN (possibly through a variable). */
const principal = z
  .string()
  .regex(/^(anonymous|arn:.+|.*\$\{[A-Za-z0-9_]+\}.*)$/, 'expected "anonymous" or a principal ARN, such as arn:aws:iam::111122223333:user/James');

// ---------------------------------------------------------------------------------------------------------------
// config (extension): overrides of model/config.ts, each validated against the type of its field

/** The fields of ModelConfig whose type is a closed set of strings (not every string). */
type ClosedConfigKeys = {
  [K in keyof ModelConfig]-?: string extends ModelConfig[K] ? never : ModelConfig[K] extends string ? K : never;
}[keyof ModelConfig];

/**
 * The values each closed-set field accepts. tsc requires an entry for every such field, so a new one cannot slip
 * through as "any string"; every other field is validated by the type of its default (boolean, whole number, string).
 */
const CLOSED_CONFIG: { readonly [K in ClosedConfigKeys]: z.ZodType<ModelConfig[K]> } = {
  authzOrder: z.enum(['authorizeThenState', 'stateThenAuthorize']),
  grantBothConstraints: z.literal('and'),
  unknownGrantIdError: z.enum(['NotFoundException', 'InvalidGrantIdException']),
  crossAccountDefaultKeyOwner: z.enum(['requester', 'bucketOwner']),
  anonymousSseKmsCheck: z.enum(['beforeS3Authorization', 'afterS3Authorization']),
  grantAccountGranteeScope: z.literal('rootUserOnly'),
};

const isClosed = (key: keyof ModelConfig): key is ClosedConfigKeys => Object.hasOwn(CLOSED_CONFIG, key);

function configFieldSchema(key: keyof ModelConfig): z.ZodType {
  if (isClosed(key)) return CLOSED_CONFIG[key];
  const value: unknown = defaultConfig[key];
  if (typeof value === 'boolean') return z.boolean();
  if (typeof value === 'number') return z.number().int('expected a whole number').min(0, 'must not be negative');
  // An optional choice (default undefined) is a string, or null for "not set" (JSON has no undefined).
  if (value === undefined) return z.union([nonEmpty, z.null()], { error: () => 'expected a string or null' }).transform((v) => v ?? undefined);
  return nonEmpty;
}

const configKeys = Object.keys(defaultConfig) as (keyof ModelConfig)[];

export const configSchema = strict(
  Object.fromEntries(configKeys.map((k) => [k, configFieldSchema(k).optional()])),
  'not a field of model/config.ts (README.md "Modelling choices" lists them all)',
) as unknown as z.ZodType<
  Partial<ModelConfig> & { note?: string }
>;

// ---------------------------------------------------------------------------------------------------------------
// Steps

export const callExpectSchema = z.union([z.literal('ok'), strict({ ok: jsonObject }), strict({ error: nonEmpty })], {
  error: () => 'expected "ok", {"ok": {...output fields...}} or {"error": "AwsErrorCode"}',
});

export const callStepSchema = strict({
  as: principal,
  call: action,
  input: jsonObject.optional(),
  save: z.record(identifier, nonEmpty).optional(),
  expect: callExpectSchema.optional(),
  /** Extension: caller-controlled request context (aws:SourceVpce, aws:SourceIp, aws:SecureTransport, ...). */
  context: z.record(nonEmpty, z.string()).optional(),
});

const amount = z.number().min(0, 'must not be negative');
/** The longest single advance: a thousand years (the model clock stops at the end of year 9999 anyway). */
const MAX_ADVANCE_MS = 1000 * 366 * 86_400_000;
export const advanceStepSchema = strict({
  advance: strict({ days: amount.optional(), hours: amount.optional(), minutes: amount.optional(), seconds: amount.optional() })
    .refine((d) => d.days !== undefined || d.hours !== undefined || d.minutes !== undefined || d.seconds !== undefined, 'give at least one of days, hours, minutes (or seconds)')
    .refine((d) => durationMs(d) <= MAX_ADVANCE_MS, 'an advance of at most 1000 years'),
});

const yesNo = z.enum(['yes', 'no']);
const arns = z.array(nonEmpty);

export const whoCanStepSchema = strict({
  ask: z.literal('whoCan'),
  action,
  resource: nonEmpty,
  expect: strict({ principals: arns, unknownPrincipals: z.boolean() }),
});

export const canAnyoneElseStepSchema = strict({
  ask: z.literal('canAnyoneElse'),
  action,
  resource: nonEmpty,
  except: arns,
  expect: strict({ answer: yesNo }),
});

export const reachStepSchema = strict({
  ask: z.literal('reach'),
  goal: strict({ action, resource: nonEmpty, byAnyoneExcept: arns.optional(), by: nonEmpty.optional() }).refine(
    (g) => (g.by === undefined) !== (g.byAnyoneExcept === undefined),
    'a goal names exactly one of "by" (one ARN) or "byAnyoneExcept" (a list of ARNs)',
  ),
  maxSteps: z.number().int('expected a whole number').min(0, 'must not be negative'),
  expect: strict({ answer: yesNo, steps: z.number().int('expected a whole number').min(0, 'must not be negative').optional() }).refine(
    (e) => e.steps === undefined || e.answer === 'yes',
    { message: '"steps" goes only with "answer": "yes"', path: ['steps'] },
  ),
});

export const newAccessStepSchema = strict({
  ask: z.literal('newAccess'),
  resource: nonEmpty,
  policy: nonEmpty,
  expect: strict({ answer: yesNo }),
});

export const checkStepSchema = strict({ check: z.literal('invariants') });

export type CallStep = z.output<typeof callStepSchema>;
export type CallExpect = z.output<typeof callExpectSchema>;
export type AdvanceStep = z.output<typeof advanceStepSchema>;
export type WhoCanStep = z.output<typeof whoCanStepSchema>;
export type CanAnyoneElseStep = z.output<typeof canAnyoneElseStepSchema>;
export type ReachStep = z.output<typeof reachStepSchema>;
export type NewAccessStep = z.output<typeof newAccessStepSchema>;
export type AskStep = WhoCanStep | CanAnyoneElseStep | ReachStep | NewAccessStep;
export type CheckStep = z.output<typeof checkStepSchema>;
export type Step = CallStep | AdvanceStep | AskStep | CheckStep;
export type StepKind = 'call' | 'advance' | 'ask' | 'check';

const STEP_KINDS: readonly StepKind[] = ['call', 'advance', 'ask', 'check'];

const ASK_SCHEMAS = {
  whoCan: whoCanStepSchema,
  canAnyoneElse: canAnyoneElseStepSchema,
  reach: reachStepSchema,
  newAccess: newAccessStepSchema,
} as const;
const isAskKind = (k: unknown): k is keyof typeof ASK_SCHEMAS => typeof k === 'string' && Object.hasOwn(ASK_SCHEMAS, k);

export const stepKindOf = (s: Step): StepKind => ('call' in s ? 'call' : 'advance' in s ? 'advance' : 'ask' in s ? 'ask' : 'check');

/** The schema of a raw step, chosen by the one kind field it carries; or why none can be chosen. */
function schemaForStep(raw: unknown): { schema: z.ZodType<Step> } | ScenarioIssue {
  if (!isPlainObject(raw)) return { path: [], reason: 'a step is a JSON object' };
  const kinds = STEP_KINDS.filter((k) => Object.hasOwn(raw, k));
  if (kinds.length === 0) return { path: [], reason: 'a step has one of the fields "call", "advance", "ask" or "check"' };
  if (kinds.length > 1) return { path: [], reason: `a step has exactly one of "call", "advance", "ask", "check"; this one has ${kinds.join(' and ')}` };
  const kind = kinds[0];
  if (kind === 'call') return { schema: callStepSchema };
  if (kind === 'advance') return { schema: advanceStepSchema };
  if (kind === 'check') return { schema: checkStepSchema };
  if (!isAskKind(raw.ask)) return { path: ['ask'], reason: `unknown question ${JSON.stringify(raw.ask)}; one of whoCan, canAnyoneElse, reach, newAccess` };
  return { schema: ASK_SCHEMAS[raw.ask] as z.ZodType<Step> };
}

/** A step: dispatched on its kind field, so that errors speak of the kind the author meant. */
export const stepSchema = z.unknown().transform((raw, ctx): Step => {
  const chosen = schemaForStep(raw);
  if (!('schema' in chosen)) {
    ctx.addIssue({ code: 'custom', message: chosen.reason, path: [...chosen.path] });
    return z.NEVER;
  }
  const parsed = chosen.schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const issue of issuesOf(parsed.error)) ctx.addIssue({ code: 'custom', message: issue.reason, path: [...issue.path] });
  return z.NEVER;
});

// ---------------------------------------------------------------------------------------------------------------
// Top level

export const scenarioSchema = strict({
  name: nonEmpty,
  description: z.string().optional(),
  sources: z.array(z.url('expected a URL')).optional(),
  region: region.optional(),
  accounts: z.array(accountId).min(1, 'list at least one account'),
  organization: strict({ management: accountId, members: z.array(accountId) }).optional(),
  start: isoDate.optional(),
  /** Extension: overrides of model/config.ts (the spec §12 modelling choices). */
  config: configSchema.optional(),
  steps: z.array(stepSchema),
});

export type Scenario = z.output<typeof scenarioSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Errors: zod issues as (path, reason)

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

const ARTICLES: Readonly<Record<string, string>> = { array: 'an array', object: 'an object', record: 'an object', int: 'a whole number' };
const article = (t: string): string => ARTICLES[t] ?? `a ${t}`;

function issueReasons(issue: z.core.$ZodIssue): ScenarioIssue[] {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  switch (issue.code) {
    case 'invalid_type':
      return [{ path, reason: issue.input === undefined ? 'required field is missing' : `expected ${article(issue.expected)}, got ${describeValue(issue.input)}` }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], reason: issue.message }));
    case 'invalid_key':
      return [{ path, reason: `invalid key: ${issue.issues.map((i) => i.message).join('; ')}` }];
    case 'invalid_value':
      return [{ path, reason: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(issue.input)}` }];
    default:
      return [{ path, reason: issue.message }];
  }
}

export const issuesOf = (error: z.ZodError): ScenarioIssue[] => error.issues.flatMap(issueReasons);

// ---------------------------------------------------------------------------------------------------------------
// Checks across fields (run on a file whose shape is valid)

/** The organization's accounts are among the scenario's accounts, and no account is listed twice. */
function accountIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  s.accounts.forEach((a, i) => {
    if (s.accounts.indexOf(a) !== i) issues.push({ path: ['accounts', i], reason: `account ${a} is listed twice` });
  });
  const org = s.organization;
  if (org && !s.accounts.includes(org.management)) {
    issues.push({ path: ['organization', 'management'], reason: `account ${org.management} is not in "accounts"` });
  }
  org?.members.forEach((m, i) => {
    if (!s.accounts.includes(m)) issues.push({ path: ['organization', 'members', i], reason: `account ${m} is not in "accounts"` });
  });
  return issues;
}

/** The configured waiting-period bounds stay ordered: min ≤ default ≤ max. */
function configIssues(s: Scenario): ScenarioIssue[] {
  if (!s.config) return [];
  const c = { ...defaultConfig, ...s.config };
  const ordered = c.pendingWindowMinDays <= c.pendingWindowDefaultDays && c.pendingWindowDefaultDays <= c.pendingWindowMaxDays;
  return ordered ? [] : [{ path: ['config'], reason: 'needs pendingWindowMinDays <= pendingWindowDefaultDays <= pendingWindowMaxDays' }];
}

/**
 * Every `${name}` refers to a variable that an earlier step saved (SCENARIOS.md: "A ${name} that no earlier step saved
 * makes the file malformed"), checked by walking the steps in order; and a step that saves expects success.
 */
function variableIssues(s: Scenario): ScenarioIssue[] {
  const saved = new Set<string>();
  const issues: ScenarioIssue[] = [];
  s.steps.forEach((step, i) => {
    for (const ref of referencesIn(substitutable(step))) {
      if (!saved.has(ref.name)) issues.push({ path: ['steps', i, ...ref.path], reason: `\${${ref.name}} is not saved by any earlier step` });
    }
    if ('call' in step && step.save) {
      if (typeof step.expect === 'object' && 'error' in step.expect) {
        issues.push({ path: ['steps', i, 'save'], reason: 'a step that expects an error has no output to save from' });
      }
      for (const name of Object.keys(step.save)) saved.add(name);
    }
  });
  return issues;
}

export type ParsedScenario = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** Validate a scenario given as parsed JSON. Never throws: a bad file gives its issues. */
export function parseScenario(json: unknown): ParsedScenario {
  const parsed = scenarioSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const issues = [...accountIssues(parsed.data), ...configIssues(parsed.data), ...variableIssues(parsed.data)];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario: parsed.data };
}

/** Validate a scenario given as JSON text; a JSON syntax error is reported with its line and column. */
export function parseScenarioText(text: string): ParsedScenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: [], reason: `not valid JSON: ${jsonErrorWhere(text, (e as Error).message)}` }] };
  }
  return parseScenario(json);
}

/** Node reports some JSON syntax errors with a character offset; say line and column instead. One line always. */
function jsonErrorWhere(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return message.replaceAll('\n', '\\n');
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

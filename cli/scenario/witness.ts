// Checking a solver's "yes" against the concrete model: request witnesses and replayed `reach` paths (SCENARIOS.md).
import { parsePolicy } from '../../model/index.ts';
import type { State } from '../../model/index.ts';
import type { Question, RequestWitness, PathStep, Solver } from './ask.ts';
import { runCall } from './call.ts';
import type { StepFunction } from './call.ts';
import { short } from './expect.ts';
import { callStepSchema } from './schema.ts';

type Checked = { readonly ok: true } | { readonly ok: false; readonly why: string };
const OK: Checked = { ok: true };
const bad = (why: string): Checked => ({ ok: false, why });

const describeRequest = (w: RequestWitness): string => `${w.principal} ${w.action} on ${w.resource} with context ${short(w.context, 160)}`;

function sameTarget(w: RequestWitness, action: string | undefined, resource: string): Checked {
  if (action !== undefined && w.action !== action) return bad(`the witness is for ${w.action}, not ${action}`);
  if (w.resource !== resource) return bad(`the witness is for ${w.resource}, not ${resource}`);
  return OK;
}

function allowedBy(solver: Solver, state: State, w: RequestWitness, where: string): Checked {
  const verdict = solver.requestAllowed(state, w);
  return verdict.allowed ? OK : bad(`the model does not allow the witness ${describeRequest(w)} ${where}: ${verdict.why}`);
}

/** The state with a key's policy replaced by a candidate (for newAccess), or why that is impossible. */
function withKeyPolicy(state: State, keyArn: string, policyText: string): State | string {
  const key = Object.values(state.kms.keys).find((k) => k.arn === keyArn || k.keyId === keyArn);
  if (!key) return `there is no key ${keyArn}`;
  const parsed = parsePolicy(policyText, 'keyPolicy');
  if (!parsed.ok) return `the candidate policy is not a valid key policy: ${parsed.reason}`;
  const changed = { ...key, policy: { text: policyText, doc: parsed.doc } };
  return { ...state, kms: { ...state.kms, keys: { ...state.kms.keys, [key.keyId]: changed } } };
}

interface Replayed {
  readonly state: State;
  /** The role sessions the path created, by who created them. */
  readonly sessionsBy: ReadonlyMap<string, string>;
}

/** The ARN of the session an sts:AssumeRole output names. */
function sessionArnOf(output: unknown): string | undefined {
  const user = (output as { AssumedRoleUser?: { Arn?: unknown } } | undefined)?.AssumedRoleUser;
  return typeof user?.Arn === 'string' ? user.Arn : undefined;
}

/** Replay a path: every step must be a valid call step and must succeed. */
function replay(state: State, path: readonly PathStep[], step: StepFunction | undefined): Replayed | string {
  const sessionsBy = new Map<string, string>();
  let current = state;
  for (const [i, raw] of path.entries()) {
    const parsed = callStepSchema.safeParse(raw);
    if (!parsed.success) return `path step ${i} is not a valid call step: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    const result = runCall(current, { ...parsed.data, expect: 'ok' }, step);
    if (result.failure !== undefined) return `path step ${i} (${parsed.data.as} ${parsed.data.call}) failed on replay: ${result.failure}`;
    const session = parsed.data.call === 'sts:AssumeRole' && result.outcome.ok ? sessionArnOf(result.outcome.output) : undefined;
    if (session) sessionsBy.set(session, parsed.data.as);
    current = result.state;
  }
  return { state: current, sessionsBy };
}

/** Is `principal` the goal's `by`, or a session that `by` created on the path (directly or through a chain of roles)? */
function actsFor(principal: string, by: string, sessionsBy: ReadonlyMap<string, string>): boolean {
  const seen = new Set<string>();
  for (let p: string | undefined = principal; p !== undefined && !seen.has(p); p = sessionsBy.get(p)) {
    if (p === by) return true;
    seen.add(p);
  }
  return false;
}

function checkReach(q: Extract<Question, { ask: 'reach' }>, w: RequestWitness, path: readonly PathStep[], solver: Solver, state: State, step: StepFunction | undefined): Checked {
  if (path.length > q.maxSteps) return bad(`the witness path has ${path.length} steps, more than maxSteps ${q.maxSteps}`);
  const target = sameTarget(w, q.goal.action, q.goal.resource);
  if (!target.ok) return target;
  const replayed = replay(state, path, step);
  if (typeof replayed === 'string') return bad(replayed);
  if (q.goal.by !== undefined && !actsFor(w.principal, q.goal.by, replayed.sessionsBy)) {
    return bad(`the goal's principal ${w.principal} is neither ${q.goal.by} nor a session it created on the path`);
  }
  if (q.goal.byAnyoneExcept?.includes(w.principal)) return bad(`the goal's principal ${w.principal} is one of the excepted principals`);
  return allowedBy(solver, replayed.state, w, 'after the path');
}

/** Does a "yes" answer's witness hold in the concrete model? */
export function checkWitness(
  state: State,
  q: Question,
  answer: { readonly witness: RequestWitness; readonly path?: readonly PathStep[] },
  solver: Solver,
  step?: StepFunction,
): Checked {
  const w = answer.witness;
  switch (q.ask) {
    case 'whoCan':
      return OK;
    case 'canAnyoneElse': {
      const target = sameTarget(w, q.action, q.resource);
      if (!target.ok) return target;
      if (q.except.includes(w.principal)) return bad(`the witness principal ${w.principal} is one of the excepted principals`);
      return allowedBy(solver, state, w, 'in the current state');
    }
    case 'newAccess': {
      const target = sameTarget(w, undefined, q.resource);
      if (!target.ok) return target;
      const candidate = withKeyPolicy(state, q.resource, q.policy);
      if (typeof candidate === 'string') return bad(candidate);
      const underCandidate = allowedBy(solver, candidate, w, 'under the candidate policy');
      if (!underCandidate.ok) return underCandidate;
      return solver.requestAllowed(state, w).allowed ? bad(`the witness ${describeRequest(w)} is already allowed under the current policy`) : OK;
    }
    case 'reach':
      return checkReach(q, w, answer.path ?? [], solver, state, step);
  }
}

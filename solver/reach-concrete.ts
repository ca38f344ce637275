// From a path of abstract moves to call steps in the scenario format (SCENARIOS.md §1), replayed through model/ `step`:
// the policies the path writes allow what its later steps and the goal need ("exactly what is needed"), grant tokens
// are passed on, sessions get the names the solver chose.
import type { EncryptionContext, Json, Key, State } from '../model/index.ts';
import { rootArn, sessionArn, step } from '../model/index.ts';
import type { DecodedPath, DecodedStep } from './reach-bmc.ts';
import type { Actor, ReachWorld } from './reach-world.ts';
import { goalActions } from './reach-world.ts';
import { grantOperationOf } from './request.ts';

/** One call of a path, as a scenario call step (`as`, `call`, `input`, and the caller's environment as `context`). */
export interface PathStep {
  readonly as: string;
  readonly call: string;
  readonly input: { readonly [k: string]: Json };
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * How the written policies read: `minimal` allows exactly the requests the rest of the path makes (keeping the old
 * statements of a key or trust policy); `broad` also drops their Deny statements and allows every action (the most a
 * writer can give, which the abstraction assumes: used when the minimal policies do not replay).
 */
export type Writing = 'minimal' | 'broad';

export interface Concrete {
  readonly steps: readonly PathStep[];
  readonly final: State;
  /** The sessions the path created: session ARN → the ARN that called sts:AssumeRole. */
  readonly createdBy: ReadonlyMap<string, string>;
}

/** A request the path (or the goal) makes: by whom, what, on what. */
interface Need {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** For a later CreateGrant: the operations its grant carries. */
  readonly operations?: readonly string[];
}

const SID = 'KeywardReach';

/** The session name of a role's fresh session: the solver's choice, or one no live session of the role has. */
function sessionNameOf(w: ReachWorld, path: DecodedPath, roleArn: string): string {
  const chosen = path.sessionNames.get(roleArn);
  if (chosen !== undefined) return chosen;
  const live = new Set(Object.values(w.state.iam.sessions).filter((s) => s.roleArn === roleArn).map((s) => s.sessionName));
  let name = 'keyward-reach';
  for (let i = 2; live.has(name); i++) name = `keyward-reach-${i}`;
  return name;
}

function callerArn(w: ReachWorld, path: DecodedPath, a: Actor): string {
  return a.kind === 'fresh' && a.role ? sessionArn(a.role.account, a.role.name, sessionNameOf(w, path, a.role.arn)) : a.arn;
}

/** The ARN a written policy names for the goal's principal: a session by its own ARN, an unknown principal by its account. */
function goalPrincipalArn(w: ReachWorld, path: DecodedPath): string {
  const p = path.goal.principal;
  const c = p.caller;
  if (p.unknown && c.kind !== 'anonymous') return rootArn(c.account);
  const role = w.state.iam.roles[p.label];
  return role ? sessionArn(role.account, role.name, sessionNameOf(w, path, role.arn)) : path.goal.arn;
}

/** Every request made after step i: the later moves' calls and the goal's requests. */
function needsAfter(w: ReachWorld, path: DecodedPath, i: number): Need[] {
  const later = path.steps.slice(i + 1).map((s) => ({ principal: callerArn(w, path, s.move.actor), action: s.move.action, resource: s.move.resource, operations: s.operations }));
  const who = goalPrincipalArn(w, path);
  const t = w.target;
  const goal = goalActions(t, w.goal).map((g) => ({ principal: who, action: g.action, resource: g.key ? g.key.arn : w.goal.resource }));
  return [...later, ...goal];
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const one = <T>(xs: readonly T[]): T | T[] => (xs.length === 1 ? xs[0]! : [...xs]);

/** Does the principal hold the user's, group's or role's identity policies when it makes a later request? */
function holds(state: State, joined: ReadonlyMap<string, readonly string[]>, principal: string, holder: string): boolean {
  if (principal === holder) return true;
  const group = state.iam.groups[holder];
  if (group) {
    const user = state.iam.users[principal];
    return user !== undefined && user.account === group.account && (group.members.includes(user.name) || (joined.get(group.arn) ?? []).includes(user.name));
  }
  const role = state.iam.roles[holder];
  return role !== undefined && principal.startsWith(`arn:aws:sts::${role.account}:assumed-role/${role.name}/`);
}

function identityDocument(needs: readonly Need[], writing: Writing): string {
  const statement = writing === 'broad' || needs.length === 0
    ? { Sid: SID, Effect: 'Allow', Action: '*', Resource: '*' }
    : { Sid: SID, Effect: 'Allow', Action: one(unique(needs.map((n) => n.action))), Resource: one(unique(needs.map((n) => n.resource))) };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

const statementsOf = (text: string): Record<string, unknown>[] => {
  const parsed = JSON.parse(text) as { Statement?: unknown };
  const s = parsed.Statement;
  return (Array.isArray(s) ? s : s === undefined ? [] : [s]) as Record<string, unknown>[];
};

/** A resource policy (key or trust policy) with a statement added for the principals that need it. */
function resourceDocument(old: string, principals: readonly string[], actions: readonly string[], writing: Writing, withResource: boolean): string {
  const kept = statementsOf(old).filter((s) => writing === 'minimal' || s['Effect'] !== 'Deny');
  const sids = new Set(kept.map((s) => s['Sid']));
  let sid = SID;
  for (let i = 2; sids.has(sid); i++) sid = `${SID}${i}`;
  const added = {
    Sid: sid, Effect: 'Allow', Principal: { AWS: one(unique(principals)) },
    Action: writing === 'broad' && withResource ? 'kms:*' : one(unique(actions)), ...(withResource ? { Resource: '*' } : {}),
  };
  return JSON.stringify({ Version: '2012-10-17', Statement: [...kept, ...(principals.length > 0 ? [added] : [])] });
}

/** The operations a grant needs: those of the later requests on its key by principals it names (minimal), or the solver's. */
function grantOperations(s: DecodedStep, key: Key, needs: readonly Need[], writing: Writing): string[] {
  const chosen = [...(s.operations ?? [])];
  if (writing === 'broad' || s.grantee === undefined) return chosen;
  const grantee = s.grantee;
  const named = (principal: string): boolean =>
    principal === grantee || (grantee.endsWith(':root') && principal.startsWith(grantee.slice(0, -'root'.length))) || sessionOfRole(principal, grantee);
  const byGrantee = needs.filter((n) => n.resource === key.arn && named(n.principal));
  // A grantee that creates grants through this one hands on only what this one carries (create-grant-overview#grant-creategrant).
  const handedOn = byGrantee.filter((n) => n.action === 'kms:CreateGrant').flatMap((n) => n.operations ?? []);
  const needed = [...byGrantee.map((n) => grantOperationOf(n.action)).filter((op) => op !== undefined), ...handedOn];
  const kept = chosen.filter((op) => (needed as string[]).includes(op));
  return kept.length > 0 ? kept : chosen;
}

/** Is the principal a session of the role? */
function sessionOfRole(principal: string, roleArn: string): boolean {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return m !== null && principal.startsWith(`arn:aws:sts::${m[1]}:assumed-role/${m[2]}/`);
}

function grantInput(s: DecodedStep, key: Key, tokens: readonly string[], needs: readonly Need[], writing: Writing): { [k: string]: Json } {
  const keyArn = key.arn;
  const constraint = s.constraint;
  const pairs: EncryptionContext = constraint?.pairs ?? {};
  const constraints = constraint && constraint.types.length > 0
    ? Object.fromEntries(constraint.types.map((t) => [t, { ...pairs }]))
    : undefined;
  return {
    KeyId: keyArn,
    GranteePrincipal: s.grantee ?? '',
    Operations: grantOperations(s, key, needs, writing),
    ...(constraints ? { Constraints: constraints } : {}),
    ...(tokens.length > 0 ? { GrantTokens: tokens.slice(-10) } : {}),
  };
}

/** The call of step i, its input built from the state the earlier steps left. */
function callOf(w: ReachWorld, path: DecodedPath, i: number, state: State, joined: ReadonlyMap<string, readonly string[]>, tokens: readonly string[], writing: Writing): PathStep {
  const s = path.steps[i]!;
  const m = s.move;
  const as = callerArn(w, path, m.actor);
  const needs = needsAfter(w, path, i);
  const t = m.target;
  const input = ((): { [k: string]: Json } => {
    switch (t.k) {
      case 'identity':
        return { [`${t.entity}Name`]: t.name, PolicyName: SID, PolicyDocument: identityDocument(needs.filter((n) => holds(state, joined, n.principal, t.arn)), writing) };
      case 'attach':
        return { [`${t.entity}Name`]: t.name, PolicyArn: s.policy ?? '' };
      case 'boundary':
        return { [`${t.entity}Name`]: t.name };
      case 'createPolicy': {
        const holders = path.steps.slice(i + 1).filter((x) => x.move.target.k === 'attach' && x.policy === t.policyArn).map((x) => (x.move.target as { arn: string }).arn);
        return { PolicyName: t.policyName, PolicyDocument: identityDocument(needs.filter((n) => holders.some((h) => holds(state, joined, n.principal, h))), writing) };
      }
      case 'membership':
        return { GroupName: t.group.name, UserName: s.user ?? '' };
      case 'trust': {
        const role = state.iam.roles[t.role.arn] ?? t.role;
        const assumers = needs.filter((n) => n.action === 'sts:AssumeRole' && n.resource === role.arn).map((n) => n.principal);
        return { RoleName: role.name, PolicyDocument: resourceDocument(role.trustPolicy.text, assumers, ['sts:AssumeRole'], writing, false) };
      }
      case 'assume':
        return { RoleArn: t.role.arn, RoleSessionName: sessionNameOf(w, path, t.role.arn) };
      case 'key': {
        if (m.call !== 'kms:PutKeyPolicy') return { KeyId: t.key.arn };
        const key = state.kms.keys[t.key.keyId] ?? t.key;
        const onKey = needs.filter((n) => n.resource === key.arn);
        const policy = resourceDocument(key.policy.text, onKey.map((n) => n.principal), onKey.map((n) => n.action), writing, true);
        return { KeyId: key.arn, Policy: policy, ...(s.bypassLockoutCheck ? { BypassPolicyLockoutSafetyCheck: true } : {}) };
      }
      case 'grant':
        return grantInput(s, t.key, tokens, needs, writing);
    }
  })();
  return { as, call: m.call, input, ...(Object.keys(s.env).length > 0 ? { context: { ...s.env } } : {}) };
}

/** Replay the path through model/ `step`, building each call's input as it goes; the first failing call says why. */
export function concretize(w: ReachWorld, path: DecodedPath, writing: Writing): { ok: true; value: Concrete } | { ok: false; why: string } {
  let state = w.state;
  const steps: PathStep[] = [];
  const tokens: string[] = [];
  const joined = new Map<string, string[]>();
  const createdBy = new Map<string, string>();
  for (let i = 0; i < path.steps.length; i++) {
    const call = callOf(w, path, i, state, joined, tokens, writing);
    const r = step(state, { as: call.as, op: call.call, input: call.input, env: call.context ?? {} });
    if (!r.outcome.ok) return { ok: false, why: `step ${i + 1} (${call.as} ${call.call}) fails: ${r.outcome.error.code}: ${r.outcome.error.message}` };
    const out = r.outcome.output;
    if (call.call === 'kms:CreateGrant' && typeof out['GrantToken'] === 'string') tokens.push(out['GrantToken']);
    if (call.call === 'sts:AssumeRole') {
      const arn = (out['AssumedRoleUser'] as { Arn?: unknown } | undefined)?.Arn;
      if (typeof arn === 'string') createdBy.set(arn, call.as);
    }
    const t = path.steps[i]!.move.target;
    if (t.k === 'membership') joined.set(t.group.arn, [...(joined.get(t.group.arn) ?? []), String(call.input['UserName'])]);
    steps.push(call);
    state = r.state;
  }
  return { ok: true, value: { steps, final: state, createdBy } };
}

/** The sessions a `by` goal counts after the path: those `by` created, or a session it created created, and so on. */
export function chainOf(by: string, createdBy: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const session of createdBy.keys()) {
    const seen = new Set<string>();
    for (let p: string | undefined = session; p !== undefined && !seen.has(p); p = createdBy.get(p)) {
      if (p === by) {
        out.push(session);
        break;
      }
      seen.add(p);
    }
  }
  return out;
}

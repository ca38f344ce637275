// Would a move's call (or the goal's request) succeed in an abstract state of `reach`? The model's decision rule
// (`decide`) over the solver's symbolic inputs, with what the path has added so far (facts) joined to the inputs it
// touches: identity verdicts, permissions boundaries, the key or trust policy the path wrote, grants, the key's state.
import type { DecisionInputs, GrantOperation, Key, KeyState, PolicyDocument, State, Verdict } from '../model/index.ts';
import { decide, objectArn, policyVerdict } from '../model/index.ts';
import type { Entry } from './conditions.ts';
import type { SymbolicRequest } from './facts.ts';
import { symbolicFacts } from './facts.ts';
import { aclAllowFor, bucketPolicyFor, effectiveObjectOwner, forwardedEnvironment, kmsContext, s3Context, s3Rule, s3ViaService, symmetricOnly, usageError } from './from-model.ts';
import { symbolicGrantAllows } from './grants.ts';
import { symbolicInputs } from './inputs.ts';
import type { SymPrincipal } from './principals.ts';
import {
  actionSlice, BOUNDARY_KEY_ACTIONS, globalContext, keyStateError, kmsRule, managedPolicy, ownAccountRule, trustPolicyRule, withValues,
} from './reach-from-model.ts';
import type { Fact, FactSpec, GoalPrincipal, Move, ReachWorld, Slot } from './reach-world.ts';
import { factId } from './reach-world.ts';
import { newEc } from './ec.ts';
import { ANYTHING, oneOfStrings } from './regex.ts';
import type { ControlledKey, RequestVars } from './request.ts';
import { actionKeys, EC_ACTIONS, environmentEntries, grantOperationOf, keyStateOperationOf, kmsSymbolicContext, symbolicContext, variableFor } from './request.ts';
import { usesKms, objectKmsKey } from './s3.ts';
import type { Backend, SetVar, Var } from './variables.ts';
import { newVar, whole } from './variables.ts';

/** What the path has added by the moment a request is made. */
export interface FactView<B> {
  /** The fact holds. */
  readonly holds: (fact: number) => B;
  /** For a `by` goal: a session of the role exists that the goal's principal, or a session it created, created. */
  readonly chained: (role: string) => B;
}

/** Seeded mutants of the transition relation (for the cross-checks: test/solver/reach-cross.test.ts). */
export type ReachMutant = 'actorAuthorizationIgnored';

// ---------------------------------------------------------------------------------------------------------------------
// Choices: the arguments of a move the solver picks

const SLOT_VAR: Readonly<Record<Slot, string>> = { grantee: 'kms:GranteePrincipal', user: 'keyward:UserName', policy: 'iam:PolicyARN' };

function slotOptions(m: Move, slot: Slot): readonly string[] {
  const t = m.target;
  if (slot === 'grantee' && t.k === 'grant') return t.grantees;
  if (slot === 'user' && t.k === 'membership') return t.users;
  if (slot === 'policy' && t.k === 'attach') return t.policies;
  return [];
}

/**
 * The variable of a move's choice (created on first use): its domain is the move's options, and every option is a
 * candidate (a pin), so that the choice itself needs no test of its own (a policy's tests of it still cut regions).
 */
export function slotVar(vars: RequestVars, m: Move, slot: Slot): Var {
  const name = SLOT_VAR[slot];
  let v = vars.singles.get(name);
  if (!v) {
    const options = slotOptions(m, slot);
    v = newVar(name, options.length > 0 ? oneOfStrings(options) : ANYTHING);
    v.pins.push(...options);
    vars.singles.set(name, v);
  }
  return v;
}

/** Fresh request variables for a move, its choices' variables made first (so that their domains are the move's options). */
export function moveVars(m: Move): RequestVars {
  const vars: RequestVars = { singles: new Map(), sets: new Map(), ec: newEc(`move${m.id}`) };
  for (const slot of ['grantee', 'user', 'policy'] as const) if (slotOptions(m, slot).length > 0) slotVar(vars, m, slot);
  if (m.target.k === 'grant') operationsVar(vars, m.target.key).values.pins.push(...m.target.ops);
  return vars;
}

/** The move's choice for `slot` is `value` (one of its options, all of them candidates: no test to record). */
export function chosen<B>(S: Backend<B>, vars: RequestVars, m: Move, slot: Slot, value: string): B {
  return S.value(whole(slotVar(vars, m, slot)), [], (d) => d === value);
}

const GRANT_OPERATIONS_KEY = (key: Key): ControlledKey => actionKeys(key, 'kms:CreateGrant').controlled.find((c) => c.key === 'kms:GrantOperations')!;

/** The set variable of a CreateGrant move's operations (the request's kms:GrantOperations). */
export function operationsVar(vars: RequestVars, key: Key): SetVar {
  const v = variableFor(vars, GRANT_OPERATIONS_KEY(key));
  if (!('set' in v)) throw new Error('kms:GrantOperations is a set');
  return v.set;
}

/** The set holds `value` (a candidate of the set's values: see `moveVars`). */
function hasMember<B>(S: Backend<B>, set: SetVar, value: string): B {
  return S.L.any(S.members(set), (m) => (typeof m.value === 'string' ? (m.value === value ? m.member : S.L.no) : S.L.and(m.member, S.value(m.value, [], (d) => d === value))));
}

/** A CreateGrant move's grant carries the operation. */
export const carries = <B>(S: Backend<B>, vars: RequestVars, key: Key, op: GrantOperation): B => hasMember(S, operationsVar(vars, key), op);

/** A production (or requirement) of a move applies: its choice took the value and its grant carries the operation. */
export function applies<B>(S: Backend<B>, vars: RequestVars, m: Move, p: { readonly when?: { slot: Slot; value: string }; readonly op?: GrantOperation }): B {
  const when = p.when ? chosen(S, vars, m, p.when.slot, p.when.value) : S.L.yes;
  const op = p.op && m.target.k === 'grant' ? carries(S, vars, m.target.key, p.op) : S.L.yes;
  return S.L.and(when, op);
}

// ---------------------------------------------------------------------------------------------------------------------
// Facts joined to the decision inputs

const implies = <B>(S: Backend<B>, a: B, b: B): B => S.L.or(S.L.not(a), b);

function holdsSpec<B>(S: Backend<B>, w: ReachWorld, facts: FactView<B>, spec: FactSpec): B {
  const id = factId(w, spec);
  return id === undefined ? S.L.no : facts.holds(id);
}

/**
 * Backends whose verdicts depend only on the request's principal, action and resource (the fixpoint's three-valued one,
 * where every caller choice is "maybe"): a document's verdict is worked out once per such request.
 */
const memoized = new WeakMap<object, { docs: WeakMap<PolicyDocument, Map<string, Verdict<unknown>>>; size: number }>();

/** At most this many remembered verdicts per backend (then it starts afresh): memory stays bounded in large worlds. */
const MEMO_LIMIT = 100_000;

/** Remember the verdicts a backend computes (see `memoized`); only for a backend whose values carry no variables. */
export function memoizeVerdicts(S: Backend<unknown>): void {
  if (!memoized.has(S)) memoized.set(S, { docs: new WeakMap(), size: 0 });
}

/** One document's verdict on its action slice (model/authz/authorize.ts `union`, for one document). */
function docVerdict<B>(S: Backend<B>, req: SymbolicRequest, doc: PolicyDocument): Verdict<B> | undefined {
  const memo = memoized.get(S);
  const key = `${req.principal.label}|${req.action}|${req.resource}`;
  const known = memo?.docs.get(doc)?.get(key);
  if (known) return known as Verdict<B>;
  const d = actionSlice(doc, req.action);
  const v = d.statements.length === 0 ? undefined : policyVerdict(S.L, d, symbolicFacts(S, req, d), 'none');
  if (memo && v) {
    if (memo.size >= MEMO_LIMIT) {
      memo.docs = new WeakMap();
      memo.size = 0;
    }
    let byRequest = memo.docs.get(doc);
    if (!byRequest) {
      byRequest = new Map();
      memo.docs.set(doc, byRequest);
    }
    byRequest.set(key, v);
    memo.size++;
  }
  return v;
}

/** Mirror of model/authz/authorize.ts `union` (one verdict for several documents, each on its action slice). */
function verdictOf<B>(S: Backend<B>, req: SymbolicRequest, docs: readonly PolicyDocument[]): Verdict<B> {
  const verdicts = docs.flatMap((d) => docVerdict(S, req, d) ?? []);
  return { allow: S.L.any(verdicts, (v) => v.allow), deny: S.L.any(verdicts, (v) => v.deny) };
}

const guarded = <B>(S: Backend<B>, guard: B, v: Verdict<B>): Verdict<B> => ({ allow: S.L.and(guard, v.allow), deny: S.L.and(guard, v.deny) });

/** A group's documents, inline and attached (model/authz/caller.ts `docsOf`). */
function groupDocs(state: State, groupArn: string): PolicyDocument[] {
  const g = state.iam.groups[groupArn];
  if (!g) return [];
  return [...Object.values(g.inlinePolicies).map((p) => p.doc), ...g.attachedPolicies.flatMap((arn) => managedPolicy(state, arn)?.policy.doc ?? [])];
}

/**
 * A verdict that holds under a fact (and an outer guard): the verdict is worked out first and the fact read only when
 * the verdict could allow or deny something (so that a fact that cannot matter is never read: see the fixpoint's
 * dependencies).
 */
function underFact<B>(S: Backend<B>, v: Verdict<B>, fact: () => B): Verdict<B> {
  if (S.L.isNo(v.allow) && S.L.isNo(v.deny)) return v;
  return guarded(S, fact(), v);
}

/** The verdicts the path added to one holder's policies (a written policy allows what the path needs; an attached one as it says). */
function holderVerdicts<B>(S: Backend<B>, w: ReachWorld, holder: string, req: SymbolicRequest, facts: FactView<B>): Verdict<B>[] {
  const out: Verdict<B>[] = [];
  for (const id of w.holderFacts.get(holder) ?? []) {
    const f = w.facts[id]!;
    if (f.kind === 'identityOpen') out.push({ allow: facts.holds(id), deny: S.L.no });
    if (f.kind === 'attached') {
      const doc = managedPolicy(w.state, f.policy)?.policy.doc;
      if (doc) out.push(underFact(S, verdictOf(S, req, [doc]), () => facts.holds(id)));
    }
  }
  return out;
}

/** One verdict: the union of several. */
const joinVerdicts = <B>(S: Backend<B>, vs: readonly Verdict<B>[]): Verdict<B> => ({ allow: S.L.or(...vs.map((v) => v.allow)), deny: S.L.or(...vs.map((v) => v.deny)) });

/** The identity verdicts the path added for a principal: its own (or its role's) and its groups', old and joined. */
function addedIdentity<B>(S: Backend<B>, w: ReachWorld, p: SymPrincipal, req: SymbolicRequest, facts: FactView<B>): Verdict<B>[] {
  const c = p.caller;
  if (p.unknown || c.kind === 'anonymous' || c.kind === 'root') return [];
  if (c.kind === 'session') return holderVerdicts(S, w, c.role.arn, req, facts);
  const groups = Object.values(w.state.iam.groups).filter((g) => g.account === c.account && g.members.includes(c.user.name));
  const out = [c.user.arn, ...groups.map((g) => g.arn)].flatMap((h) => holderVerdicts(S, w, h, req, facts));
  for (const id of w.memberships.get(c.user.arn) ?? []) {
    const f = w.facts[id] as Extract<Fact, { kind: 'member' }>;
    const group = joinVerdicts(S, [verdictOf(S, req, groupDocs(w.state, f.group)), ...holderVerdicts(S, w, f.group, req, facts)]);
    out.push(underFact(S, group, () => facts.holds(id)));
  }
  return out;
}

/** Every fact that can add to a principal's identity policies: its holders' (and the groups it may join). */
export function identityFactsOf(w: ReachWorld, p: SymPrincipal): number[] {
  const c = p.caller;
  if (p.unknown || c.kind === 'anonymous' || c.kind === 'root') return [];
  if (c.kind === 'session') return [...(w.holderFacts.get(c.role.arn) ?? [])];
  const groups = Object.values(w.state.iam.groups).filter((g) => g.account === c.account && g.members.includes(c.user.name));
  const joined = w.memberships.get(c.user.arn) ?? [];
  const joinedGroups = joined.map((id) => (w.facts[id] as Extract<Fact, { kind: 'member' }>).group);
  return [...[c.user.arn, ...groups.map((g) => g.arn), ...joinedGroups].flatMap((h) => w.holderFacts.get(h) ?? []), ...joined];
}

/** The path removed the principal's (or its role's) permissions boundary. */
function boundaryRemoved<B>(S: Backend<B>, w: ReachWorld, p: SymPrincipal, facts: FactView<B>): B {
  const c = p.caller;
  if (p.unknown || (c.kind !== 'user' && c.kind !== 'session')) return S.L.no;
  return holdsSpec(S, w, facts, { kind: 'boundaryOpen', holder: c.kind === 'user' ? c.user.arn : c.role.arn });
}

/**
 * The decision inputs once the path's additions are in: identity verdicts joined (a policy only adds its allows and
 * denies to the union), a removed boundary allowing all, and a resource policy the path wrote allowing the request
 * and denying nothing.
 */
function withAdditions<B>(S: Backend<B>, base: DecisionInputs<B>, identity: readonly Verdict<B>[], boundaryOpen: B, resourceOpen: B): DecisionInputs<B> {
  const L = S.L;
  const rp = base.resourcePolicy;
  return {
    ...base,
    identity: identity.length === 0 ? base.identity : { allow: L.or(base.identity.allow, ...identity.map((v) => v.allow)), deny: L.or(base.identity.deny, ...identity.map((v) => v.deny)) },
    boundary: { allow: L.or(base.boundary.allow, boundaryOpen), deny: L.and(base.boundary.deny, L.not(boundaryOpen)) },
    resourcePolicy: rp && {
      exact: L.or(rp.exact, resourceOpen), indirect: L.or(rp.indirect, resourceOpen), account: L.or(rp.account, resourceOpen), deny: L.and(rp.deny, L.not(resourceOpen)),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The key's state

/** The key's possible states along a path (PendingDeletion → CancelKeyDeletion → Disabled → EnableKey → Enabled), when each holds. */
function keyStates<B>(S: Backend<B>, w: ReachWorld, key: Key, facts: FactView<B>): [KeyState, B][] {
  const L = S.L;
  const enabled = holdsSpec(S, w, facts, { kind: 'enabled', keyId: key.keyId });
  const cancelled = holdsSpec(S, w, facts, { kind: 'cancelled', keyId: key.keyId });
  if (key.state === 'PendingDeletion') {
    return [['Enabled', enabled], ['Disabled', L.and(cancelled, L.not(enabled))], ['PendingDeletion', L.and(L.not(cancelled), L.not(enabled))]];
  }
  if (key.state === 'Disabled') return [['Enabled', enabled], ['Disabled', L.not(enabled)]];
  return [[key.state, L.yes]];
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — the key's state (as the path left it) permits the action. */
function keyStatePermits<B>(S: Backend<B>, w: ReachWorld, key: Key, action: string, facts: FactView<B>): B {
  const op = keyStateOperationOf(action);
  return S.L.any(keyStates(S, w, key, facts), ([state, when]) => S.L.and(when, S.L.lit(keyStateError({ ...key, state }, op) === undefined)));
}

// ---------------------------------------------------------------------------------------------------------------------
// Grants

/** The path's grants on the key that carry the operation and name the principal. */
function newGrants<B>(S: Backend<B>, w: ReachWorld, key: Key, p: SymPrincipal, op: GrantOperation, facts: FactView<B>): B {
  const parts: B[] = [];
  for (const id of w.grantFacts.get(key.keyId) ?? []) {
    const f = w.facts[id] as Extract<Fact, { kind: 'grant' }>;
    if (f.op !== op) continue;
    const named = p.named(S, f.grantee);
    if (!S.L.isNo(named)) parts.push(S.L.and(named, facts.holds(id)));
  }
  return S.L.or(...parts);
}

/**
 * A CreateGrant a parent grant authorizes (model/kms/grant-operations.ts `createGrantAuthority`,
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — a grantee with
 * CreateGrant from a grant "can only delegate the permissions that they were granted"): a grant the caller holds
 * carries CreateGrant and every operation the child carries. For the path's own grants, the operations the caller
 * holds through them.
 */
function parentCovers<B>(S: Backend<B>, w: ReachWorld, m: Move, vars: RequestVars, facts: FactView<B>): B {
  const L = S.L;
  if (m.target.k !== 'grant') return L.no;
  const { key, ops } = m.target;
  const p = m.actor.principal;
  const ec = { k: 'symbolic' as const, ec: vars.ec };
  const existing = L.any(Object.values(key.grants), (g) => {
    if (!g.operations.includes('CreateGrant')) return L.no;
    const holds = symbolicGrantAllows(S, { state: w.state, key: { ...key, grants: { [g.grantId]: g } }, principal: p, operation: 'CreateGrant', tokensFree: true, ec });
    return L.and(holds, L.all(ops, (op) => implies(S, carries(S, vars, key, op), L.lit(g.operations.includes(op)))));
  });
  const added = L.and(newGrants(S, w, key, p, 'CreateGrant', facts), L.all(ops, (op) => implies(S, carries(S, vars, key, op), newGrants(S, w, key, p, op, facts))));
  return L.or(existing, added);
}

// ---------------------------------------------------------------------------------------------------------------------
// Requests

/** A KMS request on a key (a move's call, or the goal) would succeed: authorization and the key's state. */
function kmsAllowedWith<B>(S: Backend<B>, w: ReachWorld, p: SymPrincipal, action: string, key: Key, vars: RequestVars, facts: FactView<B>, child?: Move): B {
  const L = S.L;
  const permits = keyStatePermits(S, w, key, action, facts);
  if (L.isNo(permits)) return L.no;
  const context = kmsSymbolicContext(w.state, key, vars, p, action);
  const req: SymbolicRequest = { principal: p, action, resource: key.arn, context };
  const op = grantOperationOf(action);
  const ec = EC_ACTIONS.has(action) ? { k: 'symbolic' as const, ec: vars.ec } : { k: 'fixed' as const, context: undefined };
  const grant = !op || p.caller.kind === 'anonymous'
    ? L.no
    : child
      ? parentCovers(S, w, child, vars, facts)
      : L.or(symbolicGrantAllows(S, { state: w.state, key, principal: p, operation: op, tokensFree: true, ec }), newGrants(S, w, key, p, op, facts));
  const base = symbolicInputs(S, w.state, req, { owner: key.account, policy: key.policy.doc }, grant);
  const open = holdsSpec(S, w, facts, { kind: 'keyOpen', keyId: key.keyId });
  const inputs = withAdditions(S, base, addedIdentity(S, w, p, req, facts), boundaryRemoved(S, w, p, facts), open);
  return L.and(permits, decide(L, inputs, kmsRule(w.state, action)));
}

/** An IAM request in the caller's own account (model/iam/authorize.ts `authorizeOwnAccount`). */
function iamAllowedWith<B>(S: Backend<B>, w: ReachWorld, m: Move, vars: RequestVars, facts: FactView<B>, entries: readonly [string, Entry][], extra: Readonly<Record<string, string | undefined>>): B {
  const p = m.actor.principal;
  const caller = p.caller;
  if (caller.kind === 'anonymous') return S.L.no;
  const base = withValues(globalContext(w.state, caller, {}), extra);
  const context = symbolicContext(base, p, new Map([...environmentEntries(vars, false), ...entries]));
  const req: SymbolicRequest = { principal: p, action: m.action, resource: m.resource, context };
  const inputs = withAdditions(S, symbolicInputs(S, w.state, req, { owner: caller.account, policy: undefined }, S.L.no), addedIdentity(S, w, p, req, facts), boundaryRemoved(S, w, p, facts), S.L.no);
  return decide(S.L, inputs, ownAccountRule(w.state));
}

/** The session-name variable of a fresh role session (its aws:userid view names it). */
export function sessionNameVar(p: SymPrincipal): Var | undefined {
  const e = p.overlay.get('aws:userid');
  return e?.k === 'one' ? e.view.variable : undefined;
}

/** sts:AssumeRole (model/iam/sts.ts `authorizeAssumeRole`): the trust policy (or the one the path wrote) and the caller's IAM. */
function assumeAllowedWith<B>(S: Backend<B>, w: ReachWorld, m: Move, vars: RequestVars, facts: FactView<B>): B {
  const p = m.actor.principal;
  const caller = p.caller;
  if (caller.kind === 'anonymous' || m.target.k !== 'assume') return S.L.no;
  const role = m.target.role;
  const name = sessionNameVar(w.fresh.get(role.arn)!);
  let external = vars.singles.get('sts:ExternalId');
  if (!external) {
    external = newVar('sts:ExternalId', ANYTHING, { optional: true });
    vars.singles.set('sts:ExternalId', external);
  }
  const entries: [string, Entry][] = [
    ...environmentEntries(vars, false),
    ['sts:externalid', { k: 'one', view: whole(external) }],
    ...(name ? [['sts:rolesessionname', { k: 'one', view: whole(name) }] as [string, Entry]] : []),
  ];
  const context = symbolicContext(globalContext(w.state, caller, {}), p, new Map(entries));
  const req: SymbolicRequest = { principal: p, action: 'sts:AssumeRole', resource: role.arn, context };
  const base = symbolicInputs(S, w.state, req, { owner: role.account, policy: role.trustPolicy.doc }, S.L.no);
  const open = holdsSpec(S, w, facts, { kind: 'trustOpen', role: role.arn });
  return decide(S.L, withAdditions(S, base, addedIdentity(S, w, p, req, facts), boundaryRemoved(S, w, p, facts), open), trustPolicyRule(w.state));
}

/** The request's own condition keys for an IAM call on a user, group or role (model/iam/kinds.ts `authorizedIdentity`). */
function identityExtra(w: ReachWorld, m: Move): Record<string, string | undefined> {
  const entity = w.state.iam.users[m.resource] ?? w.state.iam.roles[m.resource];
  const boundary = entity && BOUNDARY_KEY_ACTIONS.has(m.action) ? entity.boundary : undefined;
  return { 'iam:PermissionsBoundary': boundary };
}

/** The call of a move is authorized (as model/ authorizes it), given the facts the path added before it. */
function callAllowed<B>(S: Backend<B>, w: ReachWorld, m: Move, vars: RequestVars, facts: FactView<B>): B {
  const t = m.target;
  switch (t.k) {
    case 'key':
    case 'grant':
      return kmsAllowedWith(S, w, m.actor.principal, m.action, t.key, vars, facts, t.k === 'grant' ? m : undefined);
    case 'assume':
      return assumeAllowedWith(S, w, m, vars, facts);
    case 'attach':
      return iamAllowedWith(S, w, m, vars, facts, [['iam:policyarn', { k: 'one', view: whole(slotVar(vars, m, 'policy')) }]], identityExtra(w, m));
    case 'identity':
    case 'boundary':
      return iamAllowedWith(S, w, m, vars, facts, [], identityExtra(w, m));
    case 'createPolicy':
    case 'membership':
    case 'trust':
      return iamAllowedWith(S, w, m, vars, facts, [], {});
  }
}

/** What the move needs besides its call's authorization: the policy it attaches exists (the path created it before). */
export function moveNeeds<B>(S: Backend<B>, m: Move, vars: RequestVars, facts: FactView<B>): B {
  return S.L.all(m.requires, (r) => implies(S, applies(S, vars, m, r), facts.holds(r.fact)));
}

/** The move's actor exists (a fresh session once the path assumed its role) and its call is authorized (as model/ authorizes it). */
export function moveCallAllowed<B>(S: Backend<B>, w: ReachWorld, m: Move, vars: RequestVars, facts: FactView<B>, mutant?: ReachMutant): B {
  const L = S.L;
  const role = m.actor.role;
  const exists = m.actor.kind === 'fresh' && role ? holdsSpec(S, w, facts, { kind: 'session', role: role.arn }) : L.yes;
  if (L.isNo(exists) || mutant === 'actorAuthorizationIgnored') return exists;
  return L.and(exists, callAllowed(S, w, m, vars, facts));
}

/**
 * The move can be made: its actor exists (a fresh session once the path assumed its role), what it needs exists (the
 * policy it attaches), and its call is authorized.
 */
export function moveAllowed<B>(S: Backend<B>, w: ReachWorld, m: Move, vars: RequestVars, facts: FactView<B>, mutant?: ReachMutant): B {
  const call = moveCallAllowed(S, w, m, vars, facts, mutant);
  return S.L.isNo(call) ? call : S.L.and(moveNeeds(S, m, vars, facts), call);
}

// ---------------------------------------------------------------------------------------------------------------------
// The goal

/** s3:GetObject (solver/s3.ts `getObjectAllowed`, with the path's additions): S3's authorization, then KMS Decrypt as the caller. */
function getObjectAllowedWith<B>(S: Backend<B>, w: ReachWorld, p: SymPrincipal, facts: FactView<B>): B {
  const t = w.target;
  if (t.kind !== 's3') return S.L.no;
  const L = S.L;
  const r = { state: w.state, caller: p.caller, env: {}, action: 's3:GetObject', bucket: t.bucket, key: t.objectKey, object: t.object };
  const owner = effectiveObjectOwner(t.bucket, t.object);
  const s3Req: SymbolicRequest = { principal: p, action: 's3:GetObject', resource: objectArn(t.bucket.name, t.objectKey), context: symbolicContext(s3Context(r), p, environmentEntries(t.vars, false)) };
  const side = { owner, policy: bucketPolicyFor(r, owner), extraIndirectAllow: aclAllowFor(r, 'object', owner) };
  const s3 = decide(L, withAdditions(S, symbolicInputs(S, w.state, s3Req, side, L.no), addedIdentity(S, w, p, s3Req, facts), boundaryRemoved(S, w, p, facts), L.no), s3Rule);
  if (!usesKms(t.object)) return s3;
  const caller = p.caller;
  if (caller.kind === 'anonymous') return L.no;
  const key = objectKmsKey(w.state, t.object);
  if (key === 'none') return s3;
  if (key === 'gone' || usageError(key, 'Decrypt', 'ENCRYPT_DECRYPT') || symmetricOnly(key, 'Decrypt')) return L.no;
  const encryptionContext = t.object.encryptionContext ?? {};
  const base = kmsContext({ state: w.state, caller, key, action: 'kms:Decrypt', env: forwardedEnvironment({}), encryptionContext, extraContext: { 'kms:ViaService': s3ViaService(w.state) } });
  const kmsReq: SymbolicRequest = { principal: p, action: 'kms:Decrypt', resource: key.arn, context: symbolicContext(base, p, environmentEntries(t.vars, true)) };
  // S3 passes no grant tokens: a grant the path creates is usable only once it has propagated (the path takes no time).
  const propagated = w.state.config.grantPropagationSeconds === 0 ? newGrants(S, w, key, p, 'Decrypt', facts) : L.no;
  const grant = L.or(symbolicGrantAllows(S, { state: w.state, key, principal: p, operation: 'Decrypt', tokensFree: false, ec: { k: 'fixed', context: encryptionContext } }), propagated);
  const inputs = withAdditions(S, symbolicInputs(S, w.state, kmsReq, { owner: key.account, policy: key.policy.doc }, grant), addedIdentity(S, w, p, kmsReq, facts), boundaryRemoved(S, w, p, facts), holdsSpec(S, w, facts, { kind: 'keyOpen', keyId: key.keyId }));
  return L.and(s3, keyStatePermits(S, w, key, 'kms:Decrypt', facts), decide(L, inputs, kmsRule(w.state, 'kms:Decrypt')));
}

/** The goal holds for this principal: it counts (not excepted; for a `by` goal, reached through the principal's sessions) and its request would succeed. */
export function goalAllowedFor<B>(S: Backend<B>, w: ReachWorld, gp: GoalPrincipal, facts: FactView<B>): B {
  const L = S.L;
  const p = gp.principal;
  const except = w.goal.byAnyoneExcept;
  const eligible = except ? L.not(p.isOneOf(S, except)) : L.yes;
  if (L.isNo(eligible)) return L.no;
  const t = w.target;
  const allowed = t.kind === 'kms' ? kmsAllowedWith(S, w, p, w.goal.action, t.key, t.vars, facts) : getObjectAllowedWith(S, w, p, facts);
  // Whether the session counts is read only when its request could succeed (a fact that cannot matter is not read).
  if (L.isNo(allowed)) return L.no;
  return L.and(eligible, gp.chainRole ? facts.chained(gp.chainRole) : L.yes, allowed);
}

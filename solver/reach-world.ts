// The abstract transition system of `reach`: who can act, the permission facts that calls add, and the moves (an
// actor, a call kind and a target; the remaining arguments are choices the solver makes) that add them.
import type { GrantOperation, Group, Key, Role, State, User } from '../model/index.ts';
import { policyArn, rootArn } from '../model/index.ts';
import type { SymPrincipal } from './principals.ts';
import { concretePrincipal, freshRoleSession } from './principals.ts';
import { actionSlice, attachablePolicy, awsManagedPolicyArns, grantableOperations } from './reach-from-model.ts';
import { grantOperationOf } from './request.ts';
import type { Target } from './targets.ts';
import { principalsOf } from './targets.ts';
import { objectKmsKey } from './s3.ts';

/** The goal of a `reach` question (SCENARIOS.md §3): the action on the resource, by one principal or by anyone but some. */
export interface ReachGoal {
  readonly action: string;
  readonly resource: string;
  readonly by?: string;
  readonly byAnyoneExcept?: readonly string[];
}

/**
 * Every call kind `reach` considers: the permission-changing calls of the model (SCENARIOS.md §3 "reach explores what
 * principals can do to change permissions"), each authorized as the model authorizes it.
 */
export const REACH_CALLS = [
  'kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:EnableKey', 'kms:CancelKeyDeletion',
  'iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy',
  'iam:AttachUserPolicy', 'iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:CreatePolicy',
  'iam:AddUserToGroup', 'iam:DeleteUserPermissionsBoundary', 'iam:DeleteRolePermissionsBoundary',
  'iam:UpdateAssumeRolePolicy', 'sts:AssumeRole',
] as const;
export type ReachCall = (typeof REACH_CALLS)[number];

/** Who can make a call: an account root, an IAM user, a live role session, or a session a path's AssumeRole creates. */
export interface Actor {
  readonly index: number;
  readonly kind: 'root' | 'user' | 'session' | 'fresh';
  readonly principal: SymPrincipal;
  readonly account: string;
  /** The ARN it calls as; for a fresh session, its role's ARN until the session's name is chosen. */
  readonly arn: string;
  readonly user?: User;
  /** The role of a session (live or fresh). */
  readonly role?: Role;
}

/** A permission fact a call adds. Facts are only ever added: no call `reach` makes removes one. */
export type FactSpec =
  /** An identity policy the path writes (inline, or a policy it creates and attaches): it allows what the path needs. */
  | { readonly kind: 'identityOpen'; readonly holder: string }
  /** An existing managed policy attached to a user, group or role. */
  | { readonly kind: 'attached'; readonly holder: string; readonly policy: string }
  | { readonly kind: 'member'; readonly user: string; readonly group: string }
  /** The permissions boundary of a user or role is gone. */
  | { readonly kind: 'boundaryOpen'; readonly holder: string }
  /** The path created its managed policy in the account (to attach it next). */
  | { readonly kind: 'policyCreated'; readonly account: string }
  /** The key policy the path writes: it allows what the path needs, and denies nothing. */
  | { readonly kind: 'keyOpen'; readonly keyId: string }
  /** The trust policy the path writes: it lets the path's assumers assume the role. */
  | { readonly kind: 'trustOpen'; readonly role: string }
  /** A session of the role exists (the path assumed it). */
  | { readonly kind: 'session'; readonly role: string }
  | { readonly kind: 'grant'; readonly keyId: string; readonly grantee: string; readonly op: GrantOperation }
  | { readonly kind: 'cancelled'; readonly keyId: string }
  | { readonly kind: 'enabled'; readonly keyId: string }
  /** For a `by` goal: a session of the role exists that the goal's principal, or a session that counts, created. */
  | { readonly kind: 'chain'; readonly role: string };
export type Fact = FactSpec & { readonly id: number; readonly label: string };

/** The arguments of a move the solver chooses: the grantee of a grant, the user added to a group, the policy attached. */
export type Slot = 'grantee' | 'user' | 'policy';

/** A fact a move adds (or needs), when a choice takes a value and, for grants, when the grant carries the operation. */
export interface Production {
  readonly fact: number;
  readonly when?: { readonly slot: Slot; readonly value: string };
  readonly op?: GrantOperation;
  /** Only when this fact already holds when the move is made (a session that counts for a `by` goal creates one). */
  readonly after?: number;
}

export type Entity = 'User' | 'Group' | 'Role';

export type MoveTarget =
  | { readonly k: 'identity'; readonly entity: Entity; readonly arn: string; readonly name: string }
  | { readonly k: 'attach'; readonly entity: Entity; readonly arn: string; readonly name: string; readonly policies: readonly string[] }
  | { readonly k: 'boundary'; readonly entity: 'User' | 'Role'; readonly arn: string; readonly name: string }
  | { readonly k: 'createPolicy'; readonly account: string; readonly policyArn: string; readonly policyName: string }
  | { readonly k: 'membership'; readonly group: Group; readonly users: readonly string[] }
  | { readonly k: 'trust'; readonly role: Role }
  | { readonly k: 'assume'; readonly role: Role }
  | { readonly k: 'key'; readonly key: Key }
  | { readonly k: 'grant'; readonly key: Key; readonly grantees: readonly string[]; readonly ops: readonly GrantOperation[] };

/** One abstract move: an actor making one call on one target. Which arguments it passes is the solver's choice. */
export interface Move {
  readonly id: number;
  readonly call: ReachCall;
  readonly actor: Actor;
  /** The request the call is authorized as (IAM action and resource ARN). */
  readonly action: string;
  readonly resource: string;
  readonly target: MoveTarget;
  readonly produces: readonly Production[];
  readonly requires: readonly Production[];
}

/** A principal the goal may hold for, and whether it counts only through a chain of sessions the `by` principal creates. */
export interface GoalPrincipal {
  readonly principal: SymPrincipal;
  /** For a `by` goal: a session of this role counts when the `by` principal (or a session it created) assumed it. */
  readonly chainRole?: string;
}

export interface ReachWorld {
  readonly state: State;
  readonly goal: ReachGoal;
  readonly target: Target;
  readonly actors: readonly Actor[];
  readonly facts: readonly Fact[];
  readonly moves: readonly Move[];
  readonly goalPrincipals: readonly GoalPrincipal[];
  /** A fresh session of each role (shared by the moves it makes and the goal): role ARN → principal. */
  readonly fresh: ReadonlyMap<string, SymPrincipal>;
  /** Fact ids by key (see `factKey`). */
  readonly factIds: ReadonlyMap<string, number>;
  /** The facts about each holder (user, group or role ARN): identityOpen, attached, boundaryOpen. */
  readonly holderFacts: ReadonlyMap<string, readonly number[]>;
  /** member facts by user ARN. */
  readonly memberships: ReadonlyMap<string, readonly number[]>;
  /** grant facts by key id. */
  readonly grantFacts: ReadonlyMap<string, readonly number[]>;
  /** The managed policy the path creates in each account (its name and ARN). */
  readonly freshPolicies: ReadonlyMap<string, { readonly name: string; readonly arn: string }>;
}

export function factKey(f: FactSpec): string {
  switch (f.kind) {
    case 'identityOpen':
    case 'boundaryOpen':
      return `${f.kind}|${f.holder}`;
    case 'attached':
      return `attached|${f.holder}|${f.policy}`;
    case 'member':
      return `member|${f.user}|${f.group}`;
    case 'policyCreated':
      return `policyCreated|${f.account}`;
    case 'keyOpen':
    case 'cancelled':
    case 'enabled':
      return `${f.kind}|${f.keyId}`;
    case 'trustOpen':
    case 'session':
    case 'chain':
      return `${f.kind}|${f.role}`;
    case 'grant':
      return `grant|${f.keyId}|${f.grantee}|${f.op}`;
  }
}

function factLabel(f: FactSpec): string {
  switch (f.kind) {
    case 'identityOpen': return `${f.holder} has a policy the path wrote`;
    case 'attached': return `${f.policy} is attached to ${f.holder}`;
    case 'member': return `${f.user} is in ${f.group}`;
    case 'boundaryOpen': return `${f.holder} has no permissions boundary`;
    case 'policyCreated': return `the path's managed policy exists in ${f.account}`;
    case 'keyOpen': return `key ${f.keyId} has the key policy the path wrote`;
    case 'trustOpen': return `${f.role} has the trust policy the path wrote`;
    case 'session': return `a session of ${f.role} exists`;
    case 'grant': return `a grant on key ${f.keyId} gives ${f.grantee} ${f.op}`;
    case 'cancelled': return `key ${f.keyId}'s deletion is cancelled`;
    case 'enabled': return `key ${f.keyId} is enabled`;
    case 'chain': return `a session of ${f.role} the goal's principal created exists`;
  }
}

/** The actions a goal needs: its own, and for an SSE-KMS object the Decrypt S3 makes as the caller. */
export function goalActions(t: Target, goal: ReachGoal): { readonly action: string; readonly key: Key | undefined }[] {
  if (t.kind === 'kms') return [{ action: goal.action, key: t.key }];
  const key = objectKmsKey(t.state, t.object);
  return [{ action: 's3:GetObject', key: undefined }, ...(typeof key === 'object' ? [{ action: 'kms:Decrypt', key }] : [])];
}

/** The grant operations worth carrying on a key: the goal's (when it is a grant operation on that key) and CreateGrant. */
function relevantOps(key: Key, t: Target, goal: ReachGoal): GrantOperation[] {
  const grantable = grantableOperations(key.keySpec, key.keyUsage);
  const goalOps = goalActions(t, goal)
    .filter((g) => g.key?.keyId === key.keyId)
    .map((g) => grantOperationOf(g.action))
    .filter((op): op is GrantOperation => op !== undefined);
  return [...new Set<GrantOperation>([...goalOps, 'CreateGrant'])].filter((op) => grantable.includes(op));
}

/** The actions whose allowance can matter: every call `reach` makes, and the goal's. */
function relevantActions(t: Target, goal: ReachGoal): string[] {
  return [...REACH_CALLS, ...goalActions(t, goal).map((g) => g.action)];
}

/** Managed policies worth attaching: those with an Allow statement for some relevant action. */
function usefulPolicies(state: State, account: string, actions: readonly string[]): string[] {
  const customer = Object.keys(state.iam.policies);
  return [...awsManagedPolicyArns(), ...customer].filter((arn) => {
    const p = attachablePolicy(state, account, arn);
    return p !== undefined && actions.some((a) => actionSlice(p.policy.doc, a).statements.some((s) => s.effect === 'Allow'));
  });
}

/** A name for the managed policy the path creates in an account, not taken there. */
function freshPolicyName(state: State, account: string): { name: string; arn: string } {
  const taken = new Set(Object.values(state.iam.policies).filter((p) => p.arn.split(':')[4] === account).map((p) => p.name.toLowerCase()));
  let name = 'KeywardReach';
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `KeywardReach${i}`;
  return { name, arn: policyArn(account, name) };
}

class Builder {
  readonly facts: Fact[] = [];
  readonly factIds = new Map<string, number>();
  readonly moves: Move[] = [];

  fact(spec: FactSpec): number {
    const key = factKey(spec);
    let id = this.factIds.get(key);
    if (id === undefined) {
      id = this.facts.length;
      this.facts.push({ ...spec, id, label: factLabel(spec) } as Fact);
      this.factIds.set(key, id);
    }
    return id;
  }

  move(m: Omit<Move, 'id' | 'requires'> & { requires?: readonly Production[] }): void {
    this.moves.push({ ...m, id: this.moves.length, requires: m.requires ?? [] });
  }
}

function actorsOf(state: State, fresh: ReadonlyMap<string, SymPrincipal>): Actor[] {
  const out: Omit<Actor, 'index'>[] = [
    ...state.accounts.map((a) => ({ kind: 'root' as const, account: a, arn: rootArn(a), principal: concretePrincipal({ kind: 'root', arn: rootArn(a), account: a }) })),
    ...Object.values(state.iam.users).map((user) => ({
      kind: 'user' as const, account: user.account, arn: user.arn, user, principal: concretePrincipal({ kind: 'user', arn: user.arn, account: user.account, user }),
    })),
    ...Object.values(state.iam.sessions)
      .filter((s) => s.expiresAt > state.now && state.iam.roles[s.roleArn] !== undefined)
      .map((session) => {
        const role = state.iam.roles[session.roleArn]!;
        const principal = concretePrincipal({ kind: 'session', arn: session.arn, account: session.account, session, role }, { reportAs: role.arn });
        return { kind: 'session' as const, account: session.account, arn: session.arn, role, principal };
      }),
    ...Object.values(state.iam.roles).map((role) => ({ kind: 'fresh' as const, account: role.account, arn: role.arn, role, principal: fresh.get(role.arn)! })),
  ];
  return out.map((a, index) => ({ ...a, index }));
}

/** The grantees a grant the path creates may name: known principals (a role ARN covers its sessions) and unknown account roots. */
function granteesOf(state: State, goalPrincipals: readonly GoalPrincipal[]): string[] {
  const unknownRoots = goalPrincipals.filter((g) => g.principal.unknown && g.principal.caller.kind === 'root').map((g) => g.principal.label);
  return [
    ...state.accounts.map((a) => rootArn(a)),
    ...Object.keys(state.iam.users),
    ...Object.keys(state.iam.roles),
    ...Object.values(state.iam.sessions).filter((s) => s.expiresAt > state.now).map((s) => s.arn),
    ...unknownRoots,
  ];
}

/** The principals the goal may hold for (SCENARIOS.md §3 "Who acts and who counts"). */
function goalPrincipalsOf(state: State, t: Target, goal: ReachGoal, fresh: ReadonlyMap<string, SymPrincipal>, actors: readonly Actor[]): GoalPrincipal[] | string {
  if (goal.by === undefined) {
    const known = actors.map((a) => ({ principal: a.principal }));
    const unknown = principalsOf(state, t, []).filter((p) => p.unknown).map((principal) => ({ principal }));
    return [...known, ...unknown];
  }
  const by = goal.by;
  const role = state.iam.roles[by];
  if (role) return [{ principal: fresh.get(role.arn)! }];
  const self = actors.find((a) => a.kind !== 'fresh' && a.arn === by);
  if (!self) return `the goal's principal ${by} is not a principal of the state (an account root, IAM user, role or live session)`;
  if (self.kind === 'root') return [{ principal: self.principal }];
  return [{ principal: self.principal }, ...Object.values(state.iam.roles).map((r) => ({ principal: fresh.get(r.arn)!, chainRole: r.arn }))];
}

function identityMoves(b: Builder, state: State, actor: Actor, calls: ReadonlySet<string>, useful: readonly string[], freshPolicy: { name: string; arn: string }): void {
  const account = actor.account;
  const created = b.fact({ kind: 'policyCreated', account });
  const holders: { entity: Entity; arn: string; name: string; attached: readonly string[]; boundary?: string }[] = [
    ...Object.values(state.iam.users).filter((u) => u.account === account).map((u) => ({ entity: 'User' as const, arn: u.arn, name: u.name, attached: u.attachedPolicies, boundary: u.boundary })),
    ...Object.values(state.iam.groups).filter((g) => g.account === account).map((g) => ({ entity: 'Group' as const, arn: g.arn, name: g.name, attached: g.attachedPolicies })),
    ...Object.values(state.iam.roles).filter((r) => r.account === account).map((r) => ({ entity: 'Role' as const, arn: r.arn, name: r.name, attached: r.attachedPolicies, boundary: r.boundary })),
  ];
  for (const h of holders) {
    const open = b.fact({ kind: 'identityOpen', holder: h.arn });
    const put = `iam:Put${h.entity}Policy` as ReachCall;
    if (calls.has(put)) b.move({ call: put, actor, action: put, resource: h.arn, target: { k: 'identity', entity: h.entity, arn: h.arn, name: h.name }, produces: [{ fact: open }] });
    const attach = `iam:Attach${h.entity}Policy` as ReachCall;
    if (calls.has(attach)) {
      const policies = [...useful.filter((p) => !h.attached.includes(p as never)), ...(calls.has('iam:CreatePolicy') ? [freshPolicy.arn] : [])];
      const produces: Production[] = policies.map((p) =>
        p === freshPolicy.arn ? { fact: open, when: { slot: 'policy', value: p } } : { fact: b.fact({ kind: 'attached', holder: h.arn, policy: p }), when: { slot: 'policy', value: p } },
      );
      const requires: Production[] = policies.includes(freshPolicy.arn) ? [{ fact: created, when: { slot: 'policy', value: freshPolicy.arn } }] : [];
      if (policies.length > 0) b.move({ call: attach, actor, action: attach, resource: h.arn, target: { k: 'attach', entity: h.entity, arn: h.arn, name: h.name, policies }, produces, requires });
    }
    const deleteBoundary = `iam:Delete${h.entity}PermissionsBoundary` as ReachCall;
    if (h.boundary !== undefined && h.entity !== 'Group' && calls.has(deleteBoundary)) {
      b.move({ call: deleteBoundary, actor, action: deleteBoundary, resource: h.arn, target: { k: 'boundary', entity: h.entity, arn: h.arn, name: h.name }, produces: [{ fact: b.fact({ kind: 'boundaryOpen', holder: h.arn }) }] });
    }
  }
  if (calls.has('iam:CreatePolicy')) {
    b.move({ call: 'iam:CreatePolicy', actor, action: 'iam:CreatePolicy', resource: freshPolicy.arn, target: { k: 'createPolicy', account, policyArn: freshPolicy.arn, policyName: freshPolicy.name }, produces: [{ fact: created }] });
  }
  if (calls.has('iam:AddUserToGroup')) {
    for (const group of Object.values(state.iam.groups).filter((g) => g.account === account)) {
      const users = Object.values(state.iam.users).filter((u) => u.account === account && !group.members.includes(u.name));
      if (users.length === 0) continue;
      const produces: Production[] = users.map((u) => ({ fact: b.fact({ kind: 'member', user: u.arn, group: group.arn }), when: { slot: 'user', value: u.name } }));
      b.move({ call: 'iam:AddUserToGroup', actor, action: 'iam:AddUserToGroup', resource: group.arn, target: { k: 'membership', group, users: users.map((u) => u.name) }, produces });
    }
  }
  if (calls.has('iam:UpdateAssumeRolePolicy')) {
    for (const role of Object.values(state.iam.roles).filter((r) => r.account === account)) {
      b.move({ call: 'iam:UpdateAssumeRolePolicy', actor, action: 'iam:UpdateAssumeRolePolicy', resource: role.arn, target: { k: 'trust', role }, produces: [{ fact: b.fact({ kind: 'trustOpen', role: role.arn }) }] });
    }
  }
}

/**
 * The sessions that count for a `by` goal (SCENARIOS.md §3; the runner's `actsFor`): one the goal's principal creates,
 * or one that a session that counts creates.
 */
function chainProduction(b: Builder, by: string | undefined, actor: Actor, role: string): Production[] {
  if (by === undefined) return [];
  const fact = b.fact({ kind: 'chain', role });
  if (actor.arn === by && actor.kind !== 'fresh') return [{ fact }];
  if (actor.kind === 'fresh' && actor.role) return [{ fact, after: b.fact({ kind: 'chain', role: actor.role.arn }) }];
  return [];
}

function stsMoves(b: Builder, state: State, actor: Actor, calls: ReadonlySet<string>, by: string | undefined): void {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — "You cannot call AssumeRole by using AWS
  // account root user credentials" (model/iam/sts.ts refuses it before authorizing).
  if (!calls.has('sts:AssumeRole') || actor.kind === 'root') return;
  for (const role of Object.values(state.iam.roles)) {
    if (actor.role?.arn === role.arn) continue;
    const produces = [{ fact: b.fact({ kind: 'session', role: role.arn }) }, ...chainProduction(b, by, actor, role.arn)];
    b.move({ call: 'sts:AssumeRole', actor, action: 'sts:AssumeRole', resource: role.arn, target: { k: 'assume', role }, produces });
  }
}

function kmsMoves(b: Builder, state: State, actor: Actor, calls: ReadonlySet<string>, grantees: readonly string[], opsOf: (k: Key) => GrantOperation[]): void {
  for (const key of Object.values(state.kms.keys)) {
    const own = key.account === actor.account;
    if (own && calls.has('kms:PutKeyPolicy')) {
      b.move({ call: 'kms:PutKeyPolicy', actor, action: 'kms:PutKeyPolicy', resource: key.arn, target: { k: 'key', key }, produces: [{ fact: b.fact({ kind: 'keyOpen', keyId: key.keyId }) }] });
    }
    if (own && calls.has('kms:EnableKey') && (key.state === 'Disabled' || key.state === 'PendingDeletion')) {
      b.move({ call: 'kms:EnableKey', actor, action: 'kms:EnableKey', resource: key.arn, target: { k: 'key', key }, produces: [{ fact: b.fact({ kind: 'enabled', keyId: key.keyId }) }] });
    }
    if (own && calls.has('kms:CancelKeyDeletion') && key.state === 'PendingDeletion') {
      b.move({ call: 'kms:CancelKeyDeletion', actor, action: 'kms:CancelKeyDeletion', resource: key.arn, target: { k: 'key', key }, produces: [{ fact: b.fact({ kind: 'cancelled', keyId: key.keyId }) }] });
    }
    const ops = opsOf(key);
    if (calls.has('kms:CreateGrant') && ops.length > 0) {
      const produces: Production[] = grantees.flatMap((g) => ops.map((op) => ({ fact: b.fact({ kind: 'grant', keyId: key.keyId, grantee: g, op }), when: { slot: 'grantee' as const, value: g }, op })));
      b.move({ call: 'kms:CreateGrant', actor, action: 'kms:CreateGrant', resource: key.arn, target: { k: 'grant', key, grantees, ops }, produces });
    }
  }
}

function indexBy(facts: readonly Fact[], keyOf: (f: Fact) => string | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of facts) {
    const k = keyOf(f);
    if (k === undefined) continue;
    const list = out.get(k) ?? [];
    list.push(f.id);
    out.set(k, list);
  }
  return out;
}

/**
 * The abstract world of a `reach` question: its actors, the goal's principals and every candidate move (or why the
 * question cannot be put). `calls` limits the call kinds (all of REACH_CALLS by default).
 */
export function buildWorld(state: State, goal: ReachGoal, target: Target, calls: ReadonlySet<string>): ReachWorld | string {
  const fresh = new Map(Object.values(state.iam.roles).map((r) => [r.arn, freshRoleSession(state, r)] as const));
  const actors = actorsOf(state, fresh);
  const goalPrincipals = goalPrincipalsOf(state, target, goal, fresh, actors);
  if (typeof goalPrincipals === 'string') return goalPrincipals;
  const b = new Builder();
  const grantees = granteesOf(state, goalPrincipals);
  const actions = relevantActions(target, goal);
  const freshPolicies = new Map(state.accounts.map((a) => [a as string, freshPolicyName(state, a)] as const));
  const usefulByAccount = new Map(state.accounts.map((a) => [a as string, usefulPolicies(state, a, actions)] as const));
  const opsOf = (k: Key): GrantOperation[] => relevantOps(k, target, goal);
  for (const actor of actors) {
    identityMoves(b, state, actor, calls, usefulByAccount.get(actor.account) ?? [], freshPolicies.get(actor.account)!);
    stsMoves(b, state, actor, calls, goal.by !== undefined && state.iam.roles[goal.by] === undefined ? goal.by : undefined);
    kmsMoves(b, state, actor, calls, grantees, opsOf);
  }
  const holderOf = (f: Fact): string | undefined => (f.kind === 'identityOpen' || f.kind === 'attached' || f.kind === 'boundaryOpen' ? f.holder : undefined);
  return {
    state, goal, target, actors, facts: b.facts, moves: b.moves, goalPrincipals, fresh, factIds: b.factIds,
    holderFacts: indexBy(b.facts, holderOf),
    memberships: indexBy(b.facts, (f) => (f.kind === 'member' ? f.user : undefined)),
    grantFacts: indexBy(b.facts, (f) => (f.kind === 'grant' ? f.keyId : undefined)),
    freshPolicies,
  };
}

/** The id of a fact, if the world has it. */
export const factId = (w: ReachWorld, spec: FactSpec): number | undefined => w.factIds.get(factKey(spec));

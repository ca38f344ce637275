// Hypothetical states for the metamorphic laws: the same state with one policy, grant or key state changed.
// These are edits of model/ State values, never a second model: the laws then ask model/ `step` what happens.
import { parsePolicy, resolveCaller } from '../model/index.ts';
import type { Arn, Key, KeyState, PolicyDocument, PolicyKind, State, Statement, StoredPolicy } from '../model/index.ts';
import { FULL_AWS_ACCESS_ID } from '../model/authz/caller.ts';

const parsedTexts = new Map<string, PolicyDocument>();

/**
 * A policy document from its JSON, memoized by `key` when given (else by its text): the laws reuse a few shapes.
 * Throws on a shape that does not parse (a bug here).
 */
export function documentOf(json: unknown, kind: PolicyKind, key?: string): PolicyDocument {
  const known = key === undefined ? undefined : parsedTexts.get(`${kind}\n#${key}`);
  if (known) return known;
  const text = JSON.stringify(json);
  const memo = key === undefined ? `${kind}\n${text}` : `${kind}\n#${key}`;
  let doc = parsedTexts.get(memo);
  if (!doc) {
    const parsed = parsePolicy(text, kind);
    if (!parsed.ok) throw new Error(`properties: a probe policy does not parse (${parsed.reason}): ${text}`);
    doc = parsed.doc;
    parsedTexts.set(memo, doc);
  }
  return doc;
}

const storedMemo = new Map<string, StoredPolicy>();

/** A stored policy (text and document), memoized by `key` when given. */
export function storedOf(json: unknown, kind: PolicyKind, key?: string): StoredPolicy {
  const memo = key === undefined ? undefined : `${kind}\n${key}`;
  const known = memo === undefined ? undefined : storedMemo.get(memo);
  if (known) return known;
  const stored = { text: JSON.stringify(json), doc: documentOf(json, kind) };
  if (memo !== undefined) storedMemo.set(memo, stored);
  return stored;
}

const withKeys = (state: State, keys: readonly Key[]): State =>
  keys.length === 0 ? state : { ...state, kms: { ...state.kms, keys: { ...state.kms.keys, ...Object.fromEntries(keys.map((k) => [k.keyId, k])) } } };

/** Each key with its key-policy statements rewritten. */
export function withKeyStatements(state: State, keys: readonly Key[], f: (statements: readonly Statement[], key: Key) => readonly Statement[]): State {
  return withKeys(
    state,
    keys.flatMap((k) => {
      const current = state.kms.keys[k.keyId];
      return current ? [{ ...current, policy: { text: current.policy.text, doc: { ...current.policy.doc, statements: f(current.policy.doc.statements, current) } } }] : [];
    }),
  );
}

/** Each key without its grants. */
export const withoutGrants = (state: State, keys: readonly Key[]): State =>
  withKeys(state, keys.flatMap((k) => (state.kms.keys[k.keyId] ? [{ ...state.kms.keys[k.keyId]!, grants: {} }] : [])));

/** Each key in another state (Enabled: deletion fields cleared). */
export const withKeyState = (state: State, keys: readonly Key[], keyState: KeyState): State =>
  withKeys(
    state,
    keys.flatMap((k) => {
      const current = state.kms.keys[k.keyId];
      return current ? [{ ...current, state: keyState, deletionDate: undefined, pendingWindowInDays: undefined }] : [];
    }),
  );

export const allows = (s: Statement): boolean => s.effect === 'Allow';

/** The user, or the role of the session, whose identity policies bind a caller (undefined for roots and strangers). */
function identityHolder(state: State, as: string): { kind: 'user'; arn: string } | { kind: 'role'; arn: string } | undefined {
  const caller = resolveCaller(state, as);
  if (typeof caller === 'string' || caller.kind === 'anonymous' || caller.kind === 'root') return undefined;
  return caller.kind === 'user' ? { kind: 'user', arn: caller.arn } : { kind: 'role', arn: caller.role.arn };
}

/** The caller's identity policies replaced by `policies` (inline), its group memberships dropped; undefined for a root. */
export function withIdentityPolicies(state: State, as: string, policies: Readonly<Record<string, StoredPolicy>>): State | undefined {
  const holder = identityHolder(state, as);
  if (!holder) return undefined;
  if (holder.kind === 'role') {
    const role = state.iam.roles[holder.arn]!;
    return { ...state, iam: { ...state.iam, roles: { ...state.iam.roles, [holder.arn]: { ...role, inlinePolicies: policies, attachedPolicies: [] } } } };
  }
  const user = state.iam.users[holder.arn]!;
  const groups = Object.fromEntries(
    Object.entries(state.iam.groups).map(([arn, g]) => [arn, g.account === user.account ? { ...g, members: g.members.filter((m) => m !== user.name) } : g]),
  );
  return { ...state, iam: { ...state.iam, groups, users: { ...state.iam.users, [holder.arn]: { ...user, inlinePolicies: policies, attachedPolicies: [] } } } };
}

/** The caller's identity policies plus one more inline policy; undefined for a root. */
export function withExtraIdentityPolicy(state: State, as: string, policy: StoredPolicy): State | undefined {
  const holder = identityHolder(state, as);
  if (!holder) return undefined;
  if (holder.kind === 'role') {
    const role = state.iam.roles[holder.arn]!;
    const next = { ...role, inlinePolicies: { ...role.inlinePolicies, 'keyward-probe': policy } };
    return { ...state, iam: { ...state.iam, roles: { ...state.iam.roles, [holder.arn]: next } } };
  }
  const user = state.iam.users[holder.arn]!;
  const next = { ...user, inlinePolicies: { ...user.inlinePolicies, 'keyward-probe': policy } };
  return { ...state, iam: { ...state.iam, users: { ...state.iam.users, [holder.arn]: next } } };
}

/** The caller's permissions boundary replaced by a customer managed policy with this document; undefined for a root. */
export function withBoundary(state: State, as: string, policy: StoredPolicy): State | undefined {
  const holder = identityHolder(state, as);
  if (!holder) return undefined;
  const account = holder.arn.split(':')[4]!;
  const arn = `arn:aws:iam::${account}:policy/keyward-probe-boundary` as Arn;
  const managed = { arn, name: 'keyward-probe-boundary', path: '/', policy, awsManaged: false, createdAt: state.now };
  const iam = { ...state.iam, policies: { ...state.iam.policies, [arn]: managed } };
  if (holder.kind === 'role') {
    return { ...state, iam: { ...iam, roles: { ...iam.roles, [holder.arn]: { ...iam.roles[holder.arn]!, boundary: arn } } } };
  }
  return { ...state, iam: { ...iam, users: { ...iam.users, [holder.arn]: { ...iam.users[holder.arn]!, boundary: arn } } } };
}

/** A role session's session policy replaced; undefined unless the caller is a live session. */
export function withSessionPolicy(state: State, as: string, policy: StoredPolicy): State | undefined {
  const session = state.iam.sessions[as];
  if (!session) return undefined;
  return { ...state, iam: { ...state.iam, sessions: { ...state.iam.sessions, [as]: { ...session, sessionPolicy: policy, sessionPolicyArns: [] } } } };
}

/** One more SCP attached to a member account; undefined when SCPs do not govern the account. */
export function withScp(state: State, account: string, policy: StoredPolicy): State | undefined {
  const org = state.organization;
  if (!org || account === org.management || !org.members.includes(account as never)) return undefined;
  const id = 'p-keywardprobe';
  const scp = { id, arn: `arn:aws:organizations::${org.management}:policy/${org.id}/service_control_policy/${id}`, name: 'keyward-probe', description: '', policy, awsManaged: false };
  const attached = [...(org.attachments[account] ?? [FULL_AWS_ACCESS_ID]), id];
  return { ...state, organization: { ...org, policies: { ...org.policies, [id]: scp }, attachments: { ...org.attachments, [account]: attached } } };
}

// Test worlds for the grant suites: users, roles, sessions and keys placed directly into a State, and small call helpers.
import { expect } from 'vitest';
import type { AccountId, Arn, Caller, Key, KeySpec, KeyUsage, ModelConfig, State, StepResult } from '../../model/index.ts';
import { initialState, parsePolicy, resolveCaller, roleArn, rootArn, sessionArn, step, userArn } from '../../model/index.ts';
import { authorizeKms } from '../../model/kms/authorize.ts';
import type { EncryptionContext, GrantOperation, StoredPolicy } from '../../model/state.ts';

export const A = '111122223333' as AccountId;
export const B = '444455556666' as AccountId;

export function stored(text: string, kind: 'identity' | 'keyPolicy' | 'trustPolicy'): StoredPolicy {
  const parsed = parsePolicy(text, kind);
  if (!parsed.ok) throw new Error(`test policy does not parse: ${parsed.reason}`);
  return { text, doc: parsed.doc };
}

export const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The API default key policy: the account principal gets kms:* (delegation to IAM). */
export const defaultKeyPolicy = (account: string): string =>
  policy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootArn(account) }, Action: 'kms:*', Resource: '*' });

export function world(config: Partial<ModelConfig> = {}, accounts: AccountId[] = [A, B]): State {
  return initialState({ accounts, config });
}

export function withUser(state: State, account: AccountId, name: string, policies: string[] = []): State {
  const arn = userArn(account, name);
  const inlinePolicies = Object.fromEntries(policies.map((p, i) => [`p${i}`, stored(p, 'identity')]));
  const user = { arn, account, name, path: '/', userId: `AIDA${name.toUpperCase()}`, createdAt: state.now, inlinePolicies, attachedPolicies: [], boundary: undefined };
  return { ...state, iam: { ...state.iam, users: { ...state.iam.users, [arn]: user } } };
}

export function withRole(state: State, account: AccountId, name: string, policies: string[] = []): State {
  const arn = roleArn(account, name);
  const inlinePolicies = Object.fromEntries(policies.map((p, i) => [`p${i}`, stored(p, 'identity')]));
  const trustPolicy = stored(policy({ Effect: 'Allow', Principal: { AWS: rootArn(account) }, Action: 'sts:AssumeRole' }), 'trustPolicy');
  const role = {
    arn, account, name, path: '/', roleId: `AROA${name.toUpperCase()}`, createdAt: state.now, trustPolicy, inlinePolicies,
    attachedPolicies: [], boundary: undefined, maxSessionDurationSeconds: 3600,
  };
  return { ...state, iam: { ...state.iam, roles: { ...state.iam.roles, [arn]: role } } };
}

export function withSession(state: State, account: AccountId, role: string, session: string): State {
  const arn = sessionArn(account, role, session);
  const s = {
    arn, account, roleArn: roleArn(account, role), roleName: role, sessionName: session, sessionPolicy: undefined, sessionPolicyArns: [],
    expiresAt: state.now + 3600_000 * 24 * 365, assumedBy: rootArn(account),
  };
  return { ...state, iam: { ...state.iam, sessions: { ...state.iam.sessions, [arn]: s } } };
}

export interface KeyOptions {
  /** The id CreateKey is expected to give this key (K1, K2, K3: the first, second and third key drawn in a world). */
  readonly id: string;
  readonly policy?: string;
  readonly keySpec?: KeySpec;
  readonly keyUsage?: KeyUsage;
  readonly keyState?: Key['state'];
}

/**
 * A key made by the account's root user through kms:CreateKey (then DisableKey / ScheduleKeyDeletion for those states;
 * Origin EXTERNAL for PendingImport). Unavailable, Creating and Updating belong to custom key stores, which the model's
 * API does not create, so those states are set directly. Ids are deterministic: the helper checks the expected one.
 */
export function withKey(state: State, account: AccountId, o: KeyOptions): State {
  const root = rootArn(account);
  const created = ok(state, root, 'kms:CreateKey', {
    Description: `key ${o.id}`,
    ...(o.keySpec ? { KeySpec: o.keySpec, KeyUsage: o.keyUsage ?? 'ENCRYPT_DECRYPT' } : {}),
    ...(o.policy ? { Policy: o.policy, BypassPolicyLockoutSafetyCheck: true } : {}),
    ...(o.keyState === 'PendingImport' ? { Origin: 'EXTERNAL' } : {}),
  });
  const keyId = (created.output.KeyMetadata as { KeyId: string }).KeyId;
  if (keyId !== o.id) throw new Error(`CreateKey gave ${keyId}, the test expected ${o.id} (ids depend on the order of calls)`);
  switch (o.keyState) {
    case undefined: case 'Enabled': case 'PendingImport':
      return created.state;
    case 'Disabled':
      return ok(created.state, root, 'kms:DisableKey', { KeyId: keyId }).state;
    case 'PendingDeletion':
      return ok(created.state, root, 'kms:ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }).state;
    default:
      return inKeyState(created.state, keyId, o.keyState);
  }
}

/** Put a key directly into a state the API cannot reach here (custom key store states). */
export function inKeyState(state: State, keyId: string, keyState: Key['state']): State {
  const key = state.kms.keys[keyId]!;
  return { ...state, kms: { ...state.kms, keys: { ...state.kms.keys, [keyId]: { ...key, state: keyState } } } };
}

/** The ids CreateKey gives the first, second and third key of a world (deterministic: drawn from the state's counter). */
function firstKeyIds(): string[] {
  let s = world();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = ok(s, rootArn(A), 'kms:CreateKey', {});
    ids.push((r.output.KeyMetadata as { KeyId: string }).KeyId);
    s = r.state;
  }
  return ids;
}

export const [K1, K2, K3] = firstKeyIds() as [string, string, string];
export const arnOf = (state: State, id: string): Arn => state.kms.keys[id]!.arn;

/** A call through step; returns the result. */
export function call(state: State, as: string, op: string, input: unknown): StepResult {
  return step(state, { as, op, input });
}

/** A call that must succeed; returns the new state and the output. */
export function ok(state: State, as: string, op: string, input: unknown): { state: State; output: Record<string, unknown> } {
  const r = call(state, as, op, input);
  if (!r.outcome.ok) throw new Error(`${op} as ${as} failed: ${r.outcome.error.code}: ${r.outcome.error.message}`);
  return { state: r.state, output: r.outcome.output as Record<string, unknown> };
}

/** A call that must fail with exactly this code. */
export function fails(state: State, as: string, op: string, input: unknown, code: string): void {
  const r = call(state, as, op, input);
  expect(r.outcome.ok ? 'ok' : r.outcome.error.code).toBe(code);
}

export function callerOf(state: State, as: string): Exclude<Caller, { kind: 'anonymous' }> {
  const c = resolveCaller(state, as);
  if (typeof c === 'string' || c.kind === 'anonymous') throw new Error(`no caller ${as}`);
  return c;
}

/**
 * Would a grant-operation request on the key be authorized (the full KMS rule: key policy, IAM, grants)? Stands in for
 * kms:Decrypt/Encrypt/... until those operations exist.
 */
export function mayUse(
  state: State, as: string, keyId: string, operation: GrantOperation,
  encryptionContext?: EncryptionContext, grantTokens: readonly string[] = [],
): boolean {
  const key = state.kms.keys[keyId]!;
  const caller = callerOf(state, as);
  return authorizeKms({ state, caller, key, action: `kms:${operation}`, env: {}, encryptionContext, grantOperation: operation, grantTokens }) === undefined;
}

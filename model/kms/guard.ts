// The two checks every key operation makes after resolving its key — authorization and the key-state table — in the
// configured order, plus authorization of the IAM-only KMS actions (CreateKey, ListKeys, ListAliases, GenerateRandom).
import type { AccountId } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import { globalContext } from '../authz/context.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { accessDeniedMessage, authorize } from '../authz/authorize.ts';
import type { AwsError } from '../errors.ts';
import { withValues } from '../policy/context.ts';
import type { State } from '../state.ts';
import { authorizeKms } from './authorize.ts';
import type { KmsRequest } from './authorize.ts';
import { keyStateError, resolveKey } from './keys.ts';
import { mutantGuardKey } from './guard-mutants.ts';
import type { Resolved } from './keys.ts';

export interface GuardedRequest extends KmsRequest {
  /** The operation's row in the key-state table (e.g. 'Decrypt' for kms:Decrypt, 'ReEncrypt' for kms:ReEncryptFrom). */
  readonly operation: string;
}

/**
 * Authorization (AccessDeniedException) and the key-state check (DisabledException, KMSInvalidStateException, ...).
 * Which comes first is not documented (spec §1.4, §12.1): `state.config.authzOrder` decides.
 */
export function guardKey(r: GuardedRequest): AwsError | undefined {
  // A seeded mutant (model/mutants.ts) replaces this rule in mutation tests only; production never sets config.mutant.
  if (r.state.config.mutant !== undefined) return mutantGuardKey(r, specifiedGuard);
  return specifiedGuard(r);
}

function specifiedGuard(r: GuardedRequest): AwsError | undefined {
  if (r.state.config.authzOrder === 'authorizeThenState') return authorizeKms(r) ?? keyStateError(r.key, r.operation);
  return keyStateError(r.key, r.operation) ?? authorizeKms(r);
}

export interface IamOnlyRequest {
  readonly state: State;
  readonly caller: SignedCaller;
  /** e.g. `kms:CreateKey`. */
  readonly action: string;
  readonly env: RequestEnvironment;
  /** The resource the action names in IAM: `*`-scoped actions use the account's `arn:aws:kms:REGION:ACCOUNT:*`. */
  readonly resource?: string;
  readonly extraContext?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html — kms:CreateKey, kms:ListKeys,
 * kms:ListAliases and kms:GenerateRandom are "IAM policy" only permissions (no key, so no key policy); alias
 * permissions on the alias resource are also IAM-only (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html).
 * The root user is allowed by its identity (it holds every permission of its account); SCPs still apply.
 */
export function authorizeIamOnly(r: IamOnlyRequest): AwsError | undefined {
  const { state, caller, action } = r;
  const resource = r.resource ?? accountScope(state, caller.account);
  const context = withValues(globalContext(state, caller, r.env), { 'kms:CallerAccount': caller.account, ...r.extraContext });
  const rule = {
    resourcePolicyRequired: false,
    crossAccountAction: false,
    indirectBoundedByBoundary: state.config.keyPolicyRoleArnBoundedByBoundary,
    grantsCrossAccount: false,
    scpLimitsGrants: state.config.scpLimitsGrants,
    servesAnonymous: false,
  };
  const outcome = authorize(state, { caller, action, resource, context }, { owner: caller.account, policy: undefined }, rule);
  if (outcome.allowed) return undefined;
  return { code: 'AccessDeniedException', message: accessDeniedMessage(caller.arn, action, resource, outcome.denial) };
}

/** The resource an account-wide KMS action is evaluated against. */
export const accountScope = (state: State, account: AccountId): string => `arn:aws:kms:${state.region}:${account}:*`;

export interface KeyAccess extends Omit<GuardedRequest, 'key'> {
  /** The request's key reference (KeyId, TargetKeyId, ...). */
  readonly keyRef: string;
  /** Does the operation accept an alias name or alias ARN (DescribeKey, Encrypt, ...) or only a key id / key ARN? */
  readonly allowAlias: boolean;
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-request-alias — kms:RequestAlias: the alias named in the request. */
function requestAlias(keyRef: string): string | undefined {
  if (keyRef.startsWith('alias/')) return keyRef;
  const m = /^arn:[^:]+:kms:[^:]*:\d{12}:(alias\/.+)$/.exec(keyRef);
  return m ? m[1] : undefined;
}

/** Resolve the key of a request, then authorize the request and check the key's state (in the configured order). */
export function accessKey(a: KeyAccess): Resolved {
  const resolved = resolveKey(a.state, a.caller.account, a.keyRef, { allowAlias: a.allowAlias });
  if (!resolved.ok) return resolved;
  const alias = a.allowAlias ? requestAlias(a.keyRef) : undefined;
  const extraContext = alias ? { 'kms:RequestAlias': alias, ...a.extraContext } : a.extraContext;
  const error = guardKey({ ...a, key: resolved.key, extraContext });
  return error ? { ok: false, error } : resolved;
}

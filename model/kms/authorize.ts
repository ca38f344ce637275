// KMS authorization: the request context KMS builds (kms:* condition keys) and the one decision rule applied to a key.
import type { SignedCaller } from '../authz/caller.ts';
import { globalContext } from '../authz/context.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { accessDeniedMessage, authorize } from '../authz/authorize.ts';
import type { AuthzOutcome } from '../authz/authorize.ts';
import type { DecisionRule } from '../authz/decision.ts';
import type { AwsError } from '../errors.ts';
import { withValues } from '../policy/context.ts';
import type { RequestContext } from '../policy/context.ts';
import type { EncryptionContext, GrantOperation, Key, State } from '../state.ts';
import { grantAllows } from './grants.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html and the
 * "Cross-account use" paragraph of each operation in the KMS API Reference (spec §3.6): only these actions work on a
 * key of another account; every other key action never does, whatever the policies say.
 */
export const CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set([
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:Sign', 'kms:Verify', 'kms:GenerateMac', 'kms:VerifyMac',
  'kms:DeriveSharedSecret', 'kms:GetPublicKey', 'kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:CreateGrant', 'kms:ListGrants',
  'kms:RevokeGrant', 'kms:RetireGrant',
]);

export interface KmsRequest {
  readonly state: State;
  readonly caller: SignedCaller;
  readonly key: Key;
  /** The IAM action, e.g. `kms:Decrypt`. */
  readonly action: string;
  readonly env: RequestEnvironment;
  /** The request's encryption context, for operations that take one. */
  readonly encryptionContext?: EncryptionContext | undefined;
  /** Further condition keys of this request (kms:ViaService, kms:GrantOperations, kms:BypassPolicyLockoutSafetyCheck, ...). */
  readonly extraContext?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The grant operation that could authorize this request instead of a policy; absent when no grant can. */
  readonly grantOperation?: GrantOperation | undefined;
  readonly grantTokens?: readonly string[];
  /** Evaluate against this key policy instead of the key's own (the lockout safety check). */
  readonly policyOverride?: Key['policy'];
}

/** Names of the aliases that point at a key (kms:ResourceAliases). */
function aliasesOf(state: State, key: Key): string[] {
  return Object.values(state.kms.aliases).filter((a) => a.targetKeyId === key.keyId).map((a) => a.name);
}

/**
 * The condition keys KMS puts in a request's context (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html):
 * kms:CallerAccount (always), kms:EncryptionContext:<k> (one key per pair; key names case-insensitive),
 * kms:EncryptionContextKeys (multi-valued; absent when there is no context), kms:KeySpec/KeyUsage/KeyOrigin of the key,
 * kms:ResourceAliases, plus the operation's own keys.
 */
export function kmsContext(r: KmsRequest): RequestContext {
  const ec = r.encryptionContext;
  const ecPairs: Record<string, string> = {};
  for (const [k, v] of Object.entries(ec ?? {})) ecPairs[`kms:EncryptionContext:${k}`] = v;
  const aliases = aliasesOf(r.state, r.key);
  return withValues(globalContext(r.state, r.caller, r.env), {
    'kms:CallerAccount': r.caller.account,
    'kms:KeySpec': r.key.keySpec,
    'kms:KeyUsage': r.key.keyUsage,
    'kms:KeyOrigin': r.key.origin,
    'kms:ResourceAliases': aliases.length > 0 ? aliases : undefined,
    'kms:EncryptionContextKeys': ec && Object.keys(ec).length > 0 ? Object.keys(ec) : undefined,
    ...ecPairs,
    ...r.extraContext,
  });
}

export const kmsRule = (state: State, action: string): DecisionRule => ({
  servesAnonymous: false,
  resourcePolicyRequired: true,
  crossAccountAction: CROSS_ACCOUNT_ACTIONS.has(action),
  indirectBoundedByBoundary: state.config.keyPolicyRoleArnBoundedByBoundary,
  grantsCrossAccount: state.config.grantsSufficeCrossAccount,
  scpLimitsGrants: state.config.scpLimitsGrants,
});

/** Is the request allowed? Returns the AccessDeniedException (or the configured cross-account error) when not. */
export function authorizeKms(r: KmsRequest): AwsError | undefined {
  const { state, caller, key, action } = r;
  const sameAccount = caller.account === key.account;
  if (!sameAccount && !CROSS_ACCOUNT_ACTIONS.has(action)) {
    // spec §3.6 / §12.2: "Granting a non-cross-account action to an external principal has no effect".
    return { code: state.config.crossAccountNotSupportedError, message: accessDeniedMessage(caller.arn, action, key.arn, 'noResourcePolicy') };
  }
  const outcome = kmsDecision(r);
  if (outcome.allowed) return undefined;
  return { code: 'AccessDeniedException', message: accessDeniedMessage(caller.arn, action, key.arn, outcome.denial) };
}

/** The decision alone (no error to build): key policy, IAM, guardrails and grants through the one rule. */
export function kmsDecision(r: KmsRequest): AuthzOutcome {
  const { state, caller, key, action } = r;
  const request = { caller, action, resource: key.arn, context: kmsContext(r) };
  const grant =
    r.grantOperation !== undefined &&
    grantAllows({ state, key, caller, operation: r.grantOperation, encryptionContext: r.encryptionContext, grantTokens: r.grantTokens ?? [] });
  const policy = r.policyOverride ?? key.policy;
  return authorize(state, request, { owner: key.account, policy: policy.doc }, kmsRule(state, action), grant);
}

// KMS grant operations: CreateGrant, ListGrants, RetireGrant, RevokeGrant, ListRetirableGrants.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { accessDeniedMessage, authorize } from '../authz/authorize.ts';
import type { DecisionRule } from '../authz/decision.ts';
import type { AwsError } from '../errors.ts';
import { drawHexId } from '../ids.ts';
import type { JsonObject, Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { EncryptionContext, Grant, GrantConstraints, GrantOperation, Key, State } from '../state.ts';
import { authorizeKms, kmsContext } from './authorize.ts';
import type { KmsRequest } from './authorize.ts';
import {
  acceptsContextConstraints, accountOfPrincipal, constraintContext, effectiveGrantsFor, grantableOperations, grantIsEffective,
  issuingAccountOf, namesAccount, parentGrantFor, principalNamesCaller, grantOfToken,
} from './grants.ts';
import type { ChildGrantRequest } from './grants.ts';
import { accessKey, accountScope, authorizeIamOnly } from './guard.ts';
import { keyStateError, resolveKey } from './keys.ts';
import { isoDate, withKey } from './metadata.ts';
import { paginate } from '../listing.ts';
import { invalidMarker } from './pagination.ts';
import { grantTokensSchema, keyIdSchema } from './schemas.ts';

// ---------------------------------------------------------------------------------------------------------------------
// Input shapes (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html and the other operations' pages)

/** GranteePrincipal / RetiringPrincipal: "Length Constraints: 1..256. Pattern: ^[\w+=,.@:/-]+$". */
const principalSchema = z.string().min(1).max(256).regex(/^[\w+=,.@:/-]+$/);

/** The GrantOperation enum of the API Reference. */
const grantOperationSchema = z.enum([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify',
  'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
]);

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints-ec — "Each encryption
 * context grant constraint value can include up to 8 encryption context pairs. The encryption context value in each
 * constraint cannot exceed 384 characters."
 */
const constraintMapSchema = z
  .record(z.string().min(1), z.string().max(384))
  .refine((m) => Object.keys(m).length <= 8, { message: 'an encryption context constraint can include up to 8 pairs' });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html (SourceArn is out of scope: rejected, not ignored). */
const constraintsSchema = z.strictObject({
  EncryptionContextEquals: constraintMapSchema.optional(),
  EncryptionContextSubset: constraintMapSchema.optional(),
});

/** GrantId: "Length Constraints: Minimum length of 1. Maximum length of 128." */
const grantIdSchema = z.string().min(1).max(128);

/** ListGrants / ListRetirableGrants: "Limit ... 1 to 100, inclusive. If you do not include a value, it defaults to 50." */
const listShape = { Limit: z.number().int().min(1).max(100).optional(), Marker: z.string().min(1).max(1024).optional() };
const LIST_DEFAULT_LIMIT = 50;

const createGrantSchema = z.strictObject({
  KeyId: keyIdSchema,
  GranteePrincipal: principalSchema,
  // "Operations: Required: Yes" and a grant must allow at least one operation.
  Operations: z.array(grantOperationSchema).min(1),
  RetiringPrincipal: principalSchema.optional(),
  Constraints: constraintsSchema.optional(),
  GrantTokens: grantTokensSchema,
  // "Name: Length Constraints: 1..256. Pattern: ^[a-zA-Z0-9:/_-]+$"
  Name: z.string().min(1).max(256).regex(/^[a-zA-Z0-9:/_-]+$/).optional(),
  DryRun: z.boolean().optional(),
});
type CreateGrantInput = z.infer<typeof createGrantSchema>;

const retireGrantSchema = z.strictObject({
  GrantToken: z.string().min(1).max(8192).optional(),
  KeyId: keyIdSchema.optional(),
  GrantId: grantIdSchema.optional(),
  DryRun: z.boolean().optional(),
});
type RetireGrantInput = z.infer<typeof retireGrantSchema>;

const revokeGrantSchema = z.strictObject({ KeyId: keyIdSchema, GrantId: grantIdSchema, DryRun: z.boolean().optional() });
type RevokeGrantInput = z.infer<typeof revokeGrantSchema>;

const listGrantsSchema = z.strictObject({ KeyId: keyIdSchema, GrantId: grantIdSchema.optional(), GranteePrincipal: principalSchema.optional(), ...listShape });
type ListGrantsInput = z.infer<typeof listGrantsSchema>;

const listRetirableGrantsSchema = z.strictObject({ RetiringPrincipal: principalSchema, ...listShape });
type ListRetirableGrantsInput = z.infer<typeof listRetirableGrantsSchema>;

// ---------------------------------------------------------------------------------------------------------------------
// Shared pieces

const validation = (message: string): AwsError => ({ code: 'ValidationException', message });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html — DryRun: "Checks if your request will succeed". */
const dryRunError: AwsError = { code: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.' };

/** The order of the authorization and key-state checks (spec §12.1: config.authzOrder). Both are pure; the first wins. */
function firstError(state: State, authz: AwsError | undefined, keyState: AwsError | undefined): AwsError | undefined {
  return state.config.authzOrder === 'authorizeThenState' ? (authz ?? keyState) : (keyState ?? authz);
}

function withoutGrant(key: Key, grantId: string): Key {
  const grants = { ...key.grants };
  delete grants[grantId];
  return { ...key, grants };
}

/** https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource — false for a direct call. */
const NOT_FOR_AWS_RESOURCE = { 'kms:GrantIsForAWSResource': 'false' } as const;

const accessDenied = (caller: SignedCaller, action: string, resource: string, why: Parameters<typeof accessDeniedMessage>[3]): AwsError => ({
  code: 'AccessDeniedException',
  message: accessDeniedMessage(caller.arn, action, resource, why),
});

/**
 * The grant as ListGrants / ListRetirableGrants show it (https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantListEntry.html).
 * A grant without a Name lists `"Name": ""`, as in the ListGrants examples of create-grant-overview.html.
 */
function grantListEntry(g: Grant): JsonObject {
  const c = g.constraints;
  const constraints: JsonObject | undefined = c && {
    ...(c.encryptionContextEquals ? { EncryptionContextEquals: c.encryptionContextEquals } : {}),
    ...(c.encryptionContextSubset ? { EncryptionContextSubset: c.encryptionContextSubset } : {}),
  };
  return {
    KeyId: g.keyArn,
    GrantId: g.grantId,
    Name: g.name ?? '',
    CreationDate: isoDate(g.createdAt),
    GranteePrincipal: g.granteePrincipal,
    RetiringPrincipal: g.retiringPrincipal,
    IssuingAccount: g.issuingAccount,
    Operations: [...g.operations],
    Constraints: constraints,
  };
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-eventual-consistency — "If you try to manage a
 * new grant ... before the grant is known throughout AWS KMS, you might get an access denied error": a grant that has
 * not propagated is unknown to listing and management calls unless the request identifies it by its token.
 */
const knownTo = (state: State, g: Grant, tokens: readonly string[]): boolean => grantIsEffective(g, state.now, tokens);

// ---------------------------------------------------------------------------------------------------------------------
// CreateGrant

const constraintsOf = (input: CreateGrantInput): GrantConstraints | undefined =>
  input.Constraints && (input.Constraints.EncryptionContextEquals || input.Constraints.EncryptionContextSubset)
    ? { encryptionContextEquals: input.Constraints.EncryptionContextEquals, encryptionContextSubset: input.Constraints.EncryptionContextSubset }
    : undefined;

/**
 * Request checks that need the key: https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations
 * — "If you specify an unsupported operation, the CreateGrant request fails with a ValidationError exception"
 * (ValidationException on the wire, spec §1.4); create-grant-overview#grant-constraints-ec — "Encryption context
 * constraints are valid only in a grant for a symmetric encryption KMS key."
 */
function grantRequestErrorForKey(key: Key, child: ChildGrantRequest): AwsError | undefined {
  const allowed = grantableOperations(key.keySpec, key.keyUsage);
  const unsupported = child.operations.find((op) => !allowed.includes(op));
  if (unsupported) return validation(`Grant operation ${unsupported} is not supported by ${key.arn} (KeySpec ${key.keySpec}, KeyUsage ${key.keyUsage}).`);
  if (child.constraints && !acceptsContextConstraints(key)) {
    return validation(`Encryption context grant constraints are valid only for symmetric encryption KMS keys; ${key.arn} is ${key.keySpec}.`);
  }
  return undefined;
}

/**
 * The condition keys of a CreateGrant request (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html):
 * kms:GrantOperations (multi-valued), kms:GranteePrincipal, kms:RetiringPrincipal, kms:GrantConstraintType,
 * kms:GrantIsForAWSResource; kms:EncryptionContext:* / kms:EncryptionContextKeys come from the constraint's pairs.
 */
function createGrantRequest(state: State, caller: SignedCaller, key: Key, input: CreateGrantInput, child: ChildGrantRequest, env: RequestEnvironment): KmsRequest {
  const c = child.constraints;
  const constraintTypes = [
    ...(c?.encryptionContextEquals ? ['EncryptionContextEquals'] : []),
    ...(c?.encryptionContextSubset ? ['EncryptionContextSubset'] : []),
  ];
  return {
    state, caller, key, env,
    action: 'kms:CreateGrant',
    encryptionContext: constraintContext(c),
    extraContext: {
      'kms:GrantOperations': [...input.Operations],
      'kms:GranteePrincipal': input.GranteePrincipal,
      'kms:RetiringPrincipal': input.RetiringPrincipal,
      'kms:GrantConstraintType': constraintTypes.length > 0 ? constraintTypes : undefined,
      ...NOT_FOR_AWS_RESOURCE,
    },
    grantTokens: input.GrantTokens ?? [],
  };
}

type Authority = { readonly ok: true; readonly parent: Grant | undefined } | { readonly ok: false; readonly error: AwsError };

/**
 * Who authorizes a CreateGrant: a policy, or a parent grant.
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — "when a grantee
 * principal gets permission to call CreateGrant from a grant, rather than from a policy, that permission is limited ...
 * These limitations don't apply to principals who get CreateGrant permission from a policy, although their permissions
 * can be limited by policy conditions." https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — grant-derived
 * creators "can only delegate the permissions that they were granted, even if they have other permissions from a policy".
 * keyward reads these together (INFERRED, config.grantLimitsApplyDespitePolicy = false): when the key policy / IAM allow
 * kms:CreateGrant for this request, the policy is the authority and no parent limits apply; otherwise the request must be
 * covered by a parent grant the caller holds (operations ⊆ parent's, constraint at least as strict), and other policy
 * permissions (say kms:Encrypt) never widen what the grant may hand on. A CreateGrant no parent covers is simply not
 * authorized (AccessDeniedException; case 07). Explicit denies and SCPs bind both paths (authorizeKms).
 */
function createGrantAuthority(request: KmsRequest, child: ChildGrantRequest): Authority {
  const { state, caller, key } = request;
  const tokens = request.grantTokens ?? [];
  const byPolicy = authorizeKms(request);
  const holdsCreateGrant = effectiveGrantsFor(state, key, caller, tokens).some((g) => g.operations.includes('CreateGrant'));
  const policyIsAuthority = byPolicy === undefined && !(state.config.grantLimitsApplyDespitePolicy && holdsCreateGrant);
  if (policyIsAuthority) return { ok: true, parent: undefined };
  const parent = parentGrantFor(state, key, caller, child, tokens);
  if (!parent) return { ok: false, error: byPolicy ?? accessDenied(caller, request.action, key.arn, undefined) };
  const byGrant = authorizeKms({ ...request, grantOperation: 'CreateGrant' });
  return byGrant ? { ok: false, error: byGrant } : { ok: true, parent };
}

const sameOperations = (a: readonly GrantOperation[], b: readonly GrantOperation[]): boolean =>
  a.every((op) => b.includes(op)) && b.every((op) => a.includes(op));

const sameMap = (a: EncryptionContext | undefined, b: EncryptionContext | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => Object.hasOwn(b, k) && b[k] === v);

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html#KMS-CreateGrant-request-Name — "When this value
 * is present, you can retry this request without creating duplicate grants ... the same GrantId is returned ... A new grant
 * token is returned each time; all grant tokens for the same grant are interchangeable." The retry must carry the same
 * properties, Name included (create-grant-overview); operations compare as sets (INFERRED).
 */
function idempotentMatch(key: Key, input: CreateGrantInput, constraints: GrantConstraints | undefined): Grant | undefined {
  if (input.Name === undefined) return undefined;
  return Object.values(key.grants).find(
    (g) =>
      g.name === input.Name &&
      g.granteePrincipal === input.GranteePrincipal &&
      g.retiringPrincipal === input.RetiringPrincipal &&
      sameOperations(g.operations, input.Operations) &&
      sameMap(g.constraints?.encryptionContextEquals, constraints?.encryptionContextEquals) &&
      sameMap(g.constraints?.encryptionContextSubset, constraints?.encryptionContextSubset),
  );
}

/** A grant token: an opaque string drawn from the state's counter (deterministic). */
function drawGrantToken(state: State): { value: string; state: State } {
  const drawn = drawHexId(state, 128);
  return { value: `AQoDYXdz${drawn.value}`, state: drawn.state };
}

/** Store the grant (or, for a retry, a fresh token of the existing one); output GrantId and GrantToken. */
function issueGrant(state: State, key: Key, input: CreateGrantInput, child: ChildGrantRequest, parent: Grant | undefined): OpOutcome {
  const existing = idempotentMatch(key, input, child.constraints);
  if (existing) {
    const token = drawGrantToken(state);
    const updated: Grant = { ...existing, reissuedTokens: [...(existing.reissuedTokens ?? []), token.value] };
    const next = withKey(token.state, { ...key, grants: { ...key.grants, [existing.grantId]: updated } });
    return success(next, { GrantId: existing.grantId, GrantToken: token.value });
  }
  const drawn = drawHexId(state, 64);
  // (Seeded mutant grantIdFromGrantee, model/mutants.ts, derives the id from the grantee instead of drawing it.)
  const id = state.config.mutant === 'grantIdFromGrantee' ? { ...drawn, value: createHash('sha256').update(input.GranteePrincipal).digest('hex') } : drawn;
  const token = drawGrantToken(id.state);
  const grant: Grant = {
    grantId: id.value,
    grantToken: token.value,
    keyArn: key.arn,
    name: input.Name,
    granteePrincipal: input.GranteePrincipal,
    retiringPrincipal: input.RetiringPrincipal,
    issuingAccount: issuingAccountOf(key),
    operations: [...input.Operations],
    constraints: child.constraints,
    createdAt: state.now,
    visibleAt: state.now + state.config.grantPropagationSeconds * 1000,
    parentGrantId: parent?.grantId,
  };
  const next = withKey(token.state, { ...key, grants: { ...key.grants, [grant.grantId]: grant } });
  return success(next, { GrantId: grant.grantId, GrantToken: grant.grantToken });
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html — "Adds a grant to a KMS key." "Cross-account
 * use: Yes. To perform this operation on a KMS key in a different AWS account, specify the key ARN in the value of the
 * KeyId parameter" (no alias). Key state: the CreateGrant column of the key-state table.
 */
function createGrant({ state, caller, input, env }: OpRequest<CreateGrantInput>): OpOutcome {
  const resolved = resolveKey(state, caller.account, input.KeyId, { allowAlias: false });
  if (!resolved.ok) return failWith(resolved.error);
  const key = resolved.key;
  const child: ChildGrantRequest = { operations: input.Operations, constraints: constraintsOf(input) };
  const invalid = grantRequestErrorForKey(key, child);
  if (invalid) return failWith(invalid);

  const authority = createGrantAuthority(createGrantRequest(state, caller, key, input, child, env), child);
  const error = firstError(state, authority.ok ? undefined : authority.error, keyStateError(key, 'CreateGrant'));
  if (error) return failWith(error);
  if (input.DryRun) return failWith(dryRunError);
  return issueGrant(state, key, input, child, authority.ok ? authority.parent : undefined);
}

// ---------------------------------------------------------------------------------------------------------------------
// RetireGrant

/** The grant a RetireGrant names: by token (any key), or by KeyId + GrantId. */
type Located = { readonly ok: true; readonly key: Key; readonly grant: Grant; readonly tokens: readonly string[] } | { readonly ok: false; readonly error: AwsError };

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RetireGrant.html — "To identify the grant to retire, use a grant
 * token, or both the grant ID and a key identifier (key ID or key ARN) of the KMS key." A token that identifies no grant →
 * InvalidGrantTokenException; an unknown grant id → config.unknownGrantIdError (§12.9).
 */
function locateGrant(state: State, caller: SignedCaller, input: RetireGrantInput): Located {
  if (input.GrantToken !== undefined) {
    const token = input.GrantToken;
    const found = grantOfToken(state, token);
    if (found) return { ok: true, key: found.key, grant: found.grant, tokens: [token] };
    return { ok: false, error: { code: 'InvalidGrantTokenException', message: 'The grant token is not valid.' } };
  }
  if (input.KeyId === undefined || input.GrantId === undefined) {
    return { ok: false, error: validation('RetireGrant needs a GrantToken, or both a KeyId and a GrantId.') };
  }
  const resolved = resolveKey(state, caller.account, input.KeyId, { allowAlias: false });
  if (!resolved.ok) return resolved;
  const grant = resolved.key.grants[input.GrantId];
  if (!grant) return { ok: false, error: unknownGrant(state, input.GrantId) };
  return { ok: true, key: resolved.key, grant, tokens: [] };
}

const unknownGrant = (state: State, grantId: string): AwsError => ({
  code: state.config.unknownGrantIdError,
  message: `Grant ID ${grantId} not found`,
});

/** Authorization decided by IAM alone in the caller's own account (no resource policy takes part). */
const iamOnlyRule = (state: State): DecisionRule => ({
  servesAnonymous: false,
  resourcePolicyRequired: false,
  crossAccountAction: true,
  indirectBoundedByBoundary: state.config.keyPolicyRoleArnBoundedByBoundary,
  grantsCrossAccount: true,
  scpLimitsGrants: state.config.scpLimitsGrants,
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html — "A grant can be retired by ... The retiring
 * principal ... The grantee principal, if the grant includes the RetireGrant operation ... The AWS account in which the
 * grant was created." "Principals specified in the grant can retire a grant without the kms:RetireGrant permission. The
 * kms:RetireGrant permission alone does not allow principals to retire a grant. The kms:RetireGrant permission is not
 * effective in a key policy." "To deny permission to retire a grant, you can use a Deny ... in your IAM policies." "The
 * AWS account that owns the KMS key can delegate the kms:RetireGrant permission to an IAM principal in the account." "If
 * the retiring principal is a different AWS account, administrators in the other account can use kms:RetireGrant to
 * delegate permission to retire the grant to an IAM principal in that account."
 * So: an IAM deny (or an SCP) stops every path; a principal named by the grant needs nothing more; in the key's account,
 * or in an account that is the retiring principal, the root user may, and IAM principals with an IAM allow.
 */
function authorizeRetire(state: State, caller: SignedCaller, key: Key, grant: Grant, env: RequestEnvironment): AwsError | undefined {
  const action = 'kms:RetireGrant';
  const named =
    (grant.retiringPrincipal !== undefined && principalNamesCaller(grant.retiringPrincipal, caller)) ||
    (principalNamesCaller(grant.granteePrincipal, caller) && grant.operations.includes('RetireGrant'));
  const retiringAccount = grant.retiringPrincipal !== undefined && namesAccount(grant.retiringPrincipal) ? accountOfPrincipal(grant.retiringPrincipal) : undefined;
  const delegates = caller.account === key.account || caller.account === retiringAccount;
  const request = { caller, action, resource: key.arn, context: kmsContext({ state, caller, key, action, env }) };
  const outcome = authorize(state, request, { owner: caller.account, policy: undefined }, iamOnlyRule(state), named);
  const allowed = delegates ? outcome.allowed : named && outcome.allowed;
  return allowed ? undefined : accessDenied(caller, action, key.arn, outcome.denial);
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RetireGrant.html — "Deletes a grant." "Cross-account use: Yes."
 * It works in every key state (key-state table: RetireGrant ✓ everywhere). Retiring removes exactly that grant.
 */
function retireGrant({ state, caller, input, env }: OpRequest<RetireGrantInput>): OpOutcome {
  const located = locateGrant(state, caller, input);
  if (!located.ok) return failWith(located.error);
  const { key, grant, tokens } = located;
  const authz = knownTo(state, grant, tokens) ? authorizeRetire(state, caller, key, grant, env) : accessDenied(caller, 'kms:RetireGrant', key.arn, undefined);
  const error = firstError(state, authz, keyStateError(key, 'RetireGrant'));
  if (error) return failWith(error);
  if (input.DryRun) return failWith(dryRunError);
  return success(withKey(state, withoutGrant(key, grant.grantId)));
}

// ---------------------------------------------------------------------------------------------------------------------
// RevokeGrant

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RevokeGrant.html — "Deletes the specified grant." "Required
 * permissions: kms:RevokeGrant (key policy)"; "Cross-account use: Yes. To perform this operation on a KMS key in a
 * different AWS account, specify the key ARN"; grant-delete: "You cannot use a grant token to revoke a grant". Works in
 * every key state. Order: key → authorization / key state → the grant.
 */
function revokeGrant({ state, caller, input, env }: OpRequest<RevokeGrantInput>): OpOutcome {
  const access = accessKey({ state, caller, env, action: 'kms:RevokeGrant', operation: 'RevokeGrant', keyRef: input.KeyId, allowAlias: false, extraContext: NOT_FOR_AWS_RESOURCE });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const grant = key.grants[input.GrantId];
  if (!grant) return failWith(unknownGrant(state, input.GrantId));
  if (!knownTo(state, grant, [])) return failWith(accessDenied(caller, 'kms:RevokeGrant', key.arn, undefined));
  if (input.DryRun) return failWith(dryRunError);
  return success(withKey(state, withoutGrant(key, grant.grantId)));
}

// ---------------------------------------------------------------------------------------------------------------------
// ListGrants

/** One page of grants as ListGrants / ListRetirableGrants return it. */
function grantsPage(state: State, grants: readonly Grant[], limit: number | undefined, marker: string | undefined): OpOutcome {
  const page = paginate(grants, limit, marker, LIST_DEFAULT_LIMIT);
  if (!page) return failWith(invalidMarker);
  return success(state, { Grants: page.items.map(grantListEntry), Truncated: page.Truncated, NextMarker: page.NextMarker });
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html — "Gets a list of all grants for the specified
 * KMS key." Filters GrantId and GranteePrincipal; "Required permissions: kms:ListGrants (key policy)"; "Cross-account use:
 * Yes ... specify the key ARN". Limit 1..100 (default 50), Marker / NextMarker / Truncated.
 */
function listGrants({ state, caller, input, env }: OpRequest<ListGrantsInput>): OpOutcome {
  const access = accessKey({ state, caller, env, action: 'kms:ListGrants', operation: 'ListGrants', keyRef: input.KeyId, allowAlias: false, extraContext: NOT_FOR_AWS_RESOURCE });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const grants = Object.values(key.grants).filter(
    (g) =>
      knownTo(state, g, []) &&
      (input.GrantId === undefined || g.grantId === input.GrantId) &&
      (input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal),
  );
  return grantsPage(state, grants, input.Limit, input.Marker);
}

// ---------------------------------------------------------------------------------------------------------------------
// ListRetirableGrants

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListRetirableGrants.html — "Returns information about all grants
 * in the AWS account and Region that have the specified retiring principal." "Cross-account use: You must specify a
 * principal in your AWS account. This operation returns a list of grants where the retiring principal specified in the
 * ListRetirableGrants request is the same retiring principal on the grant. This can include grants on KMS keys owned by
 * other AWS accounts, but you do not need kms:ListRetirableGrants permission (or any other additional permission) in any
 * AWS account other than your own." "Required permissions: kms:ListRetirableGrants (IAM policy) in your AWS account."
 */
function listRetirableGrants({ state, caller, input, env }: OpRequest<ListRetirableGrantsInput>): OpOutcome {
  const action = 'kms:ListRetirableGrants';
  if (accountOfPrincipal(input.RetiringPrincipal) !== caller.account) {
    const resource = accountScope(state, caller.account);
    return failWith({
      code: state.config.listRetirableGrantsOtherAccountError,
      message: `${accessDeniedMessage(caller.arn, action, resource, 'noIdentityPolicy')} (the retiring principal must be in the caller's account)`,
    });
  }
  const denied = authorizeIamOnly({ state, caller, action, env });
  if (denied) return failWith(denied);
  const grants = Object.values(state.kms.keys)
    .filter((k) => k.region === state.region)
    .flatMap((k) => Object.values(k.grants))
    .filter((g) => g.retiringPrincipal === input.RetiringPrincipal && knownTo(state, g, []));
  return grantsPage(state, grants, input.Limit, input.Marker);
}

// ---------------------------------------------------------------------------------------------------------------------

export const grantOperations: Readonly<Record<string, Operation<any>>> = {
  CreateGrant: signedOp(createGrantSchema, createGrant),
  ListGrants: signedOp(listGrantsSchema, listGrants),
  RetireGrant: signedOp(retireGrantSchema, retireGrant),
  RevokeGrant: signedOp(revokeGrantSchema, revokeGrant),
  ListRetirableGrants: signedOp(listRetirableGrantsSchema, listRetirableGrants),
};

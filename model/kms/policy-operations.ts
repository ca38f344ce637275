// Key policy operations: PutKeyPolicy, GetKeyPolicy, ListKeyPolicies.
import { z } from 'zod';
import type { AwsError } from '../errors.ts';
import { failWith, signedOp, success } from '../op.ts';
import { accessKey } from './guard.ts';
import { acceptKeyPolicy, policyTextSchema } from './key-policy.ts';
import { lockoutError } from './lockout.ts';
import { withKey } from './metadata.ts';
import { keyIdSchema, paginationShape } from './schemas.ts';

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html — "PolicyName ... The only valid value is default." */
const POLICY_NAME = 'default';
const policyNameSchema = z.string().min(1).max(128).regex(/^[\w]+$/);

/** keyward's choice of error for a policy name other than "default" (the API only says it is the only valid value). */
const unknownPolicyName = (code: 'UnsupportedOperationException' | 'NotFoundException'): AwsError => ({
  code,
  message: code === 'NotFoundException' ? 'No such policy exists' : 'Only the default key policy is supported',
});

const putSchema = z.strictObject({
  KeyId: keyIdSchema,
  PolicyName: policyNameSchema.optional(),
  Policy: policyTextSchema,
  BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
});

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html — replaces the key policy; works in every
 * key state; the new policy must be valid, name existing principals, and (unless BypassPolicyLockoutSafetyCheck) still
 * let the caller call PutKeyPolicy (the lockout safety check). Not cross-account.
 */
export const PutKeyPolicy = signedOp(putSchema, ({ state, caller, input, env }) => {
  if ((input.PolicyName ?? POLICY_NAME) !== POLICY_NAME) return failWith(unknownPolicyName('UnsupportedOperationException'));
  const bypass = input.BypassPolicyLockoutSafetyCheck ?? false;
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:PutKeyPolicy', operation: 'PutKeyPolicy',
    extraContext: { 'kms:BypassPolicyLockoutSafetyCheck': String(bypass) },
  });
  if (!access.ok) return failWith(access.error);
  const accepted = acceptKeyPolicy(state, input.Policy);
  if (!accepted.ok) return failWith(accepted.error);
  // (Seeded mutant lockoutCheckSkipped, model/mutants.ts, skips the check.)
  if (!bypass && state.config.mutant !== 'lockoutCheckSkipped') {
    const locked = lockoutError(state, caller, access.key, accepted.policy, env);
    if (locked) return failWith(locked);
  }
  return success(withKey(state, { ...access.key, policy: accepted.policy }));
});

const getSchema = z.strictObject({ KeyId: keyIdSchema, PolicyName: policyNameSchema.optional() });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html — Policy and PolicyName ("default"). */
export const GetKeyPolicy = signedOp(getSchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:GetKeyPolicy', operation: 'GetKeyPolicy' });
  if (!access.ok) return failWith(access.error);
  if ((input.PolicyName ?? POLICY_NAME) !== POLICY_NAME) return failWith(unknownPolicyName('NotFoundException'));
  return success(state, { Policy: access.key.policy.text, PolicyName: POLICY_NAME });
});

const listSchema = z.strictObject({ KeyId: keyIdSchema, ...paginationShape });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyPolicies.html — "The only valid policy name is default." */
export const ListKeyPolicies = signedOp(listSchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:ListKeyPolicies', operation: 'ListKeyPolicies' });
  if (!access.ok) return failWith(access.error);
  return success(state, { PolicyNames: [POLICY_NAME], Truncated: false });
});

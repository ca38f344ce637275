// IAM roles: CreateRole, GetRole, UpdateAssumeRolePolicy, DeleteRole (the trust policy is the role's resource policy).
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import { roleArn } from '../arn.ts';
import type { AwsError } from '../errors.ts';
import { drawUniqueId } from '../ids.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import type { Role, State } from '../state.ts';
import { authorizeOwnAccount } from './authorize.ts';
import { attachablePolicy, clashingName, roleShape, scopeNotAttachable, withRole, withoutKey } from './entities.ts';
import { authorizedIdentity, roleKind } from './kinds.ts';
import type { Checked } from './policy-documents.ts';
import { orphanPrincipal, trustPolicyDocument } from './policy-documents.ts';
import { iamPolicySize, MAX_SESSION_DURATION, TRUST_POLICY_SIZE } from './quotas.ts';
import { arnSchema, descriptionSchema, pathSchema, policyDocumentSchema, roleNameSchema } from './schemas.ts';

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "Role trust policy length: 2,048
 * characters" (white space not counted); IAM reports it as the ACLSizePerRole quota.
 */
function checkedTrustPolicy(state: State, text: string): Checked {
  if (iamPolicySize(text) > TRUST_POLICY_SIZE) {
    const error: AwsError = { code: 'LimitExceeded', message: `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_SIZE}` };
    return { ok: false, error };
  }
  return trustPolicyDocument(state, text);
}

const createRoleSchema = z.strictObject({
  RoleName: roleNameSchema,
  AssumeRolePolicyDocument: policyDocumentSchema,
  Path: pathSchema.optional(),
  Description: descriptionSchema.optional(),
  MaxSessionDuration: z
    .number()
    .int()
    .min(MAX_SESSION_DURATION.min, `Member must have value greater than or equal to ${MAX_SESSION_DURATION.min}`)
    .max(MAX_SESSION_DURATION.max, `Member must have value less than or equal to ${MAX_SESSION_DURATION.max}`)
    .optional(),
  PermissionsBoundary: arnSchema.optional(),
});

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html — AssumeRolePolicyDocument is required (the
 * trust policy); MaxSessionDuration 3600..43200, default 3600; names unique regardless of case (EntityAlreadyExists);
 * PermissionsBoundary must be an attachable managed policy; the request carries iam:PermissionsBoundary.
 */
function createRole({ state, caller, input, env }: OpRequest<z.infer<typeof createRoleSchema>>): OpOutcome {
  const path = input.Path ?? '/';
  const arn = roleArn(caller.account, input.RoleName, path);
  const extraContext = { 'iam:PermissionsBoundary': input.PermissionsBoundary };
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:CreateRole', resource: arn, env, extraContext });
  if (denied) return failWith(denied);
  if (clashingName(state.iam.roles, caller.account, input.RoleName)) return failure('EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`);
  const trust = checkedTrustPolicy(state, input.AssumeRolePolicyDocument);
  if (!trust.ok) return failWith(trust.error);
  const boundary = input.PermissionsBoundary;
  if (boundary !== undefined && !attachablePolicy(state, caller.account, boundary)) return failWith(scopeNotAttachable(boundary));
  const id = drawUniqueId(state, 'AROA');
  const role: Role = {
    arn, account: caller.account, name: input.RoleName, path, roleId: id.value, createdAt: state.now,
    trustPolicy: trust.stored, inlinePolicies: {}, attachedPolicies: [], boundary: boundary as Arn | undefined,
    maxSessionDurationSeconds: input.MaxSessionDuration ?? MAX_SESSION_DURATION.default, description: input.Description,
  };
  return success(withRole(id.state, role), { Role: roleShape(role) });
}

const getRoleSchema = z.strictObject({ RoleName: roleNameSchema });

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html */
function getRole({ state, caller, input, env }: OpRequest<z.infer<typeof getRoleSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, roleKind, input.RoleName, 'iam:GetRole');
  if (!found.ok) return failWith(found.error);
  return success(state, { Role: roleShape(found.entity) });
}

const updateTrustSchema = z.strictObject({ RoleName: roleNameSchema, PolicyDocument: policyDocumentSchema });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html — replaces the trust policy,
 * validated as at CreateRole. Existing sessions keep their credentials; later AssumeRole calls see the new policy.
 */
function updateAssumeRolePolicy({ state, caller, input, env }: OpRequest<z.infer<typeof updateTrustSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, roleKind, input.RoleName, 'iam:UpdateAssumeRolePolicy');
  if (!found.ok) return failWith(found.error);
  const trust = checkedTrustPolicy(state, input.PolicyDocument);
  if (!trust.ok) return failWith(trust.error);
  return success(withRole(state, { ...found.entity, trustPolicy: trust.stored }));
}

const deleteRoleSchema = z.strictObject({ RoleName: roleNameSchema });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html — "you must delete the items attached to
 * the role manually ... Inline policies, Attached managed policies" (DeleteConflict otherwise). Trust policies that
 * named the role now name its unique id (IAM-UG reference_policies_elements_principal). keyward also forgets the
 * role's sessions: their calls then fail as from an unknown principal (in AWS they lose every permission).
 */
function deleteRole({ state, caller, input, env }: OpRequest<z.infer<typeof deleteRoleSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, roleKind, input.RoleName, 'iam:DeleteRole');
  if (!found.ok) return failWith(found.error);
  const role = found.entity;
  if (Object.keys(role.inlinePolicies).length > 0) return failure('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  if (role.attachedPolicies.length > 0) return failure('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  const orphaned = orphanPrincipal(state, role.arn, role.roleId);
  const sessions = Object.fromEntries(Object.entries(orphaned.iam.sessions).filter(([, s]) => s.roleArn !== role.arn));
  return success({ ...orphaned, iam: { ...orphaned.iam, roles: withoutKey(orphaned.iam.roles, role.arn), sessions } });
}

export const roleOperations: Readonly<Record<string, Operation<any>>> = {
  CreateRole: signedOp(createRoleSchema, createRole),
  GetRole: signedOp(getRoleSchema, getRole),
  UpdateAssumeRolePolicy: signedOp(updateTrustSchema, updateAssumeRolePolicy),
  DeleteRole: signedOp(deleteRoleSchema, deleteRole),
};

// Permissions boundaries of users and roles: Put/Delete{User,Role}PermissionsBoundary.
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { Role, User } from '../state.ts';
import { attachablePolicy, scopeNotAttachable } from './entities.ts';
import type { IdentityKind } from './kinds.ts';
import { authorizedIdentity, roleKind, userKind } from './kinds.ts';
import { arnSchema } from './schemas.ts';

type NamedInput = Readonly<Record<string, string>>;

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html (and
 * PutRolePermissionsBoundary) — "Adds or updates the policy that is specified as the IAM user's permissions
 * boundary"; the boundary is an AWS or customer managed policy (NoSuchEntity "Scope ARN ... does not exist or is not
 * attachable"); the request carries iam:PermissionsBoundary = the new boundary.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html — the effective permissions are
 * the intersection of the identity policies and the boundary.
 */
function putBoundary<E extends User | Role>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PermissionsBoundary: arnSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const boundary = input['PermissionsBoundary']!;
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField]!, `iam:Put${kind.Noun}PermissionsBoundary`, {
      'iam:PermissionsBoundary': boundary,
    });
    if (!found.ok) return failWith(found.error);
    if (!attachablePolicy(state, caller.account, boundary)) return failWith(scopeNotAttachable(boundary));
    return success(kind.put(state, { ...found.entity, boundary: boundary as Arn }));
  });
}

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html — "Deletes the
 * permissions boundary for the specified IAM user"; the request carries the current boundary as iam:PermissionsBoundary.
 */
function deleteBoundary<E extends User | Role>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField]!, `iam:Delete${kind.Noun}PermissionsBoundary`);
    if (!found.ok) return failWith(found.error);
    return success(kind.put(state, { ...found.entity, boundary: undefined }));
  });
}

export const boundaryOperations: Readonly<Record<string, Operation<any>>> = {
  PutUserPermissionsBoundary: putBoundary(userKind),
  PutRolePermissionsBoundary: putBoundary(roleKind),
  DeleteUserPermissionsBoundary: deleteBoundary(userKind),
  DeleteRolePermissionsBoundary: deleteBoundary(roleKind),
};

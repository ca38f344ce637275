// IAM users: CreateUser, GetUser, ListUsers, DeleteUser.
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import { userArn } from '../arn.ts';
import { drawUniqueId } from '../ids.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import type { User } from '../state.ts';
import { authorizeOwnAccount } from './authorize.ts';
import { attachablePolicy, clashingName, groupsOf, scopeNotAttachable, userShape, withoutKey, withUser } from './entities.ts';
import { authorizedIdentity, userKind } from './kinds.ts';
import { iamPage, iamPaginationShape } from './pagination.ts';
import { orphanPrincipal } from './policy-documents.ts';
import { arnSchema, pathSchema, userNameSchema } from './schemas.ts';

const createUserSchema = z.strictObject({ UserName: userNameSchema, Path: pathSchema.optional(), PermissionsBoundary: arnSchema.optional() });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html — "Names are not distinguished by case"
 * (EntityAlreadyExists); PermissionsBoundary must name an existing managed policy; the request carries
 * iam:PermissionsBoundary (service authorization reference).
 */
function createUser({ state, caller, input, env }: OpRequest<z.infer<typeof createUserSchema>>): OpOutcome {
  const path = input.Path ?? '/';
  const arn = userArn(caller.account, input.UserName, path);
  const extraContext = { 'iam:PermissionsBoundary': input.PermissionsBoundary };
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:CreateUser', resource: arn, env, extraContext });
  if (denied) return failWith(denied);
  if (clashingName(state.iam.users, caller.account, input.UserName)) return failure('EntityAlreadyExists', `User with name ${input.UserName} already exists.`);
  const boundary = input.PermissionsBoundary;
  if (boundary !== undefined && !attachablePolicy(state, caller.account, boundary)) return failWith(scopeNotAttachable(boundary));
  const id = drawUniqueId(state, 'AIDA');
  const user: User = {
    arn, account: caller.account, name: input.UserName, path, userId: id.value, createdAt: state.now,
    inlinePolicies: {}, attachedPolicies: [], boundary: boundary as Arn | undefined,
  };
  return success(withUser(id.state, user), { User: userShape(user) });
}

const getUserSchema = z.strictObject({ UserName: userNameSchema.optional() });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html — "If you do not specify a user name, IAM
 * determines the user name implicitly based on the AWS access key ID used to sign the request"; for the root user
 * it describes the root (UserId = account id, Arn = the root ARN); a role session must name a user.
 */
function getUser({ state, caller, input, env }: OpRequest<z.infer<typeof getUserSchema>>): OpOutcome {
  if (input.UserName === undefined) {
    if (caller.kind === 'session') return failure('ValidationError', 'Must specify userName when calling with non-User credentials');
    const denied = authorizeOwnAccount({ state, caller, action: 'iam:GetUser', resource: caller.arn, env });
    if (denied) return failWith(denied);
    if (caller.kind === 'root') return success(state, { User: { UserId: caller.account, Arn: caller.arn } });
    return success(state, { User: userShape(caller.user) });
  }
  const found = authorizedIdentity({ state, caller, env }, userKind, input.UserName, 'iam:GetUser');
  if (!found.ok) return failWith(found.error);
  return success(state, { User: userShape(found.entity) });
}

const listUsersSchema = z.strictObject({ PathPrefix: pathSchema.optional(), ...iamPaginationShape });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html — users whose path starts with PathPrefix
 * (default "/"); the listing omits PermissionsBoundary and Tags. Authorized on arn:aws:iam::ACCOUNT:user<PathPrefix>
 * (the resource AWS names in its AccessDenied message for this call).
 */
function listUsers({ state, caller, input, env }: OpRequest<z.infer<typeof listUsersSchema>>): OpOutcome {
  const prefix = input.PathPrefix ?? '/';
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:ListUsers', resource: `arn:aws:iam::${caller.account}:user${prefix}`, env });
  if (denied) return failWith(denied);
  const users = Object.values(state.iam.users)
    .filter((u) => u.account === caller.account && u.path.startsWith(prefix))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
    .map((u) => userShape(u, false));
  const page = iamPage('Users', users, input);
  return page.ok ? success(state, page.output) : failWith(page.error);
}

const deleteUserSchema = z.strictObject({ UserName: userNameSchema });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html — "you must delete the items attached to
 * the user manually ... Inline policies, Attached managed policies, Group memberships" (DeleteConflict otherwise).
 * A permissions boundary does not block deletion. Trust policies that named the user now name its unique id.
 */
function deleteUser({ state, caller, input, env }: OpRequest<z.infer<typeof deleteUserSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, userKind, input.UserName, 'iam:DeleteUser');
  if (!found.ok) return failWith(found.error);
  const user = found.entity;
  if (Object.keys(user.inlinePolicies).length > 0) return failure('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  if (user.attachedPolicies.length > 0) return failure('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  if (groupsOf(state, user).length > 0) return failure('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
  const orphaned = orphanPrincipal(state, user.arn, user.userId);
  return success({ ...orphaned, iam: { ...orphaned.iam, users: withoutKey(orphaned.iam.users, user.arn) } });
}

export const userOperations: Readonly<Record<string, Operation<any>>> = {
  CreateUser: signedOp(createUserSchema, createUser),
  GetUser: signedOp(getUserSchema, getUser),
  ListUsers: signedOp(listUsersSchema, listUsers),
  DeleteUser: signedOp(deleteUserSchema, deleteUser),
};

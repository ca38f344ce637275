// IAM groups: CreateGroup, GetGroup, AddUserToGroup, RemoveUserFromGroup, DeleteGroup.
import { z } from 'zod';
import { groupArn } from '../arn.ts';
import { drawUniqueId } from '../ids.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import type { Group } from '../state.ts';
import { authorizeOwnAccount } from './authorize.ts';
import { clashingName, findUser, groupShape, groupsOf, userShape, withGroup, withoutKey } from './entities.ts';
import { authorizedIdentity, groupKind, noSuchEntity } from './kinds.ts';
import { iamPage, iamPaginationShape } from './pagination.ts';
import { GROUPS_PER_USER } from './quotas.ts';
import { groupNameSchema, pathSchema, userNameSchema } from './schemas.ts';

const createGroupSchema = z.strictObject({ GroupName: groupNameSchema, Path: pathSchema.optional() });

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html — names unique regardless of case (EntityAlreadyExists). */
function createGroup({ state, caller, input, env }: OpRequest<z.infer<typeof createGroupSchema>>): OpOutcome {
  const path = input.Path ?? '/';
  const arn = groupArn(caller.account, input.GroupName, path);
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:CreateGroup', resource: arn, env });
  if (denied) return failWith(denied);
  if (clashingName(state.iam.groups, caller.account, input.GroupName)) return failure('EntityAlreadyExists', `Group with name ${input.GroupName} already exists.`);
  const id = drawUniqueId(state, 'AGPA');
  const group: Group = {
    arn, account: caller.account, name: input.GroupName, path, groupId: id.value, createdAt: state.now,
    members: [], inlinePolicies: {}, attachedPolicies: [],
  };
  return success(withGroup(id.state, group), { Group: groupShape(group) });
}

const getGroupSchema = z.strictObject({ GroupName: groupNameSchema, ...iamPaginationShape });

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html — the group and the users in it (paginated). */
function getGroup({ state, caller, input, env }: OpRequest<z.infer<typeof getGroupSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, groupKind, input.GroupName, 'iam:GetGroup');
  if (!found.ok) return failWith(found.error);
  const users = found.entity.members.flatMap((name) => {
    const u = findUser(state, caller.account, name);
    return u ? [userShape(u, false)] : [];
  });
  const page = iamPage('Users', users, input);
  return page.ok ? success(state, { Group: groupShape(found.entity), ...page.output }) : failWith(page.error);
}

const membershipSchema = z.strictObject({ GroupName: groupNameSchema, UserName: userNameSchema });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html — authorized on the group; the user must
 * exist (NoSuchEntity); "Groups an IAM user can be a member of: 10" (IAM quotas; LimitExceeded). Adding a member
 * twice changes nothing.
 */
function addUserToGroup({ state, caller, input, env }: OpRequest<z.infer<typeof membershipSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, groupKind, input.GroupName, 'iam:AddUserToGroup');
  if (!found.ok) return failWith(found.error);
  const user = findUser(state, caller.account, input.UserName);
  if (!user) return failWith(noSuchEntity('user', input.UserName));
  const group = found.entity;
  if (group.members.includes(user.name)) return success(state);
  if (groupsOf(state, user).length >= GROUPS_PER_USER) return failure('LimitExceeded', `Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
  return success(withGroup(state, { ...group, members: [...group.members, user.name] }));
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html — NoSuchEntity when the user is not in the group. */
function removeUserFromGroup({ state, caller, input, env }: OpRequest<z.infer<typeof membershipSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, groupKind, input.GroupName, 'iam:RemoveUserFromGroup');
  if (!found.ok) return failWith(found.error);
  const user = findUser(state, caller.account, input.UserName);
  const group = found.entity;
  if (!user || !group.members.includes(user.name)) return failWith(noSuchEntity('user', input.UserName));
  return success(withGroup(state, { ...group, members: group.members.filter((m) => m !== user.name) }));
}

const deleteGroupSchema = z.strictObject({ GroupName: groupNameSchema });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html — "The group must not contain any users or
 * have any attached policies" (DeleteConflict); inline policies must be deleted first too.
 */
function deleteGroup({ state, caller, input, env }: OpRequest<z.infer<typeof deleteGroupSchema>>): OpOutcome {
  const found = authorizedIdentity({ state, caller, env }, groupKind, input.GroupName, 'iam:DeleteGroup');
  if (!found.ok) return failWith(found.error);
  const group = found.entity;
  if (group.members.length > 0) return failure('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
  if (Object.keys(group.inlinePolicies).length > 0) return failure('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  if (group.attachedPolicies.length > 0) return failure('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  return success({ ...state, iam: { ...state.iam, groups: withoutKey(state.iam.groups, group.arn) } });
}

export const groupOperations: Readonly<Record<string, Operation<any>>> = {
  CreateGroup: signedOp(createGroupSchema, createGroup),
  GetGroup: signedOp(getGroupSchema, getGroup),
  AddUserToGroup: signedOp(membershipSchema, addUserToGroup),
  RemoveUserFromGroup: signedOp(membershipSchema, removeUserFromGroup),
  DeleteGroup: signedOp(deleteGroupSchema, deleteGroup),
};

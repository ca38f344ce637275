// The three IAM identities that hold policies (users, groups, roles), described once so that per-kind operations share code.
import type { Arn } from '../arn.ts';
import { groupArn, roleArn, userArn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import type { Group, Role, State, User } from '../state.ts';
import { authorizeOwnAccount } from './authorize.ts';
import { findGroup, findRole, findUser, withGroup, withRole, withUser } from './entities.ts';
import { groupNameSchema, roleNameSchema, userNameSchema } from './schemas.ts';
import { INLINE_POLICY_SIZE } from './quotas.ts';

export type Identity = User | Group | Role;

export interface IdentityKind<E extends Identity> {
  /** As in messages: "The user with name X cannot be found." */
  readonly noun: 'user' | 'group' | 'role';
  /** As in action names: iam:Put{User}Policy. */
  readonly Noun: 'User' | 'Group' | 'Role';
  readonly nameField: 'UserName' | 'GroupName' | 'RoleName';
  readonly nameSchema: typeof userNameSchema;
  /** Aggregate size of the entity's inline policies (IAM quotas). */
  readonly inlinePolicySize: number;
  /** The quota name IAM reports for attached managed policies ("Cannot exceed quota for PoliciesPerUser: 10"). */
  readonly attachedQuotaName: string;
  find(state: State, account: string, name: string): E | undefined;
  put(state: State, entity: E): State;
  /** The ARN of an entity that may not exist (path "/"), for authorizing a request about it. */
  arnFor(account: string, name: string): Arn;
}

export const userKind: IdentityKind<User> = {
  noun: 'user', Noun: 'User', nameField: 'UserName', nameSchema: userNameSchema, inlinePolicySize: INLINE_POLICY_SIZE.user,
  attachedQuotaName: 'PoliciesPerUser', find: findUser, put: withUser, arnFor: (a, n) => userArn(a, n),
};
export const groupKind: IdentityKind<Group> = {
  noun: 'group', Noun: 'Group', nameField: 'GroupName', nameSchema: groupNameSchema, inlinePolicySize: INLINE_POLICY_SIZE.group,
  attachedQuotaName: 'PoliciesPerGroup', find: findGroup, put: withGroup, arnFor: (a, n) => groupArn(a, n),
};
export const roleKind: IdentityKind<Role> = {
  noun: 'role', Noun: 'Role', nameField: 'RoleName', nameSchema: roleNameSchema, inlinePolicySize: INLINE_POLICY_SIZE.role,
  attachedQuotaName: 'PoliciesPerRole', find: findRole, put: withRole, arnFor: (a, n) => roleArn(a, n),
};

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html (Errors) — NoSuchEntity, "The user with name X cannot be found." */
export const noSuchEntity = (noun: string, name: string): AwsError => ({ code: 'NoSuchEntity', message: `The ${noun} with name ${name} cannot be found.` });

export interface IdentityRequest {
  readonly state: State;
  readonly caller: SignedCaller;
  readonly env: RequestEnvironment;
}

/** The actions whose request carries iam:PermissionsBoundary (the user's or role's current boundary). */
export const BOUNDARY_KEY_ACTIONS: ReadonlySet<string> = new Set([
  'iam:PutUserPolicy', 'iam:DeleteUserPolicy', 'iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:DeleteUserPermissionsBoundary',
  'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePermissionsBoundary',
]);

/**
 * Authorize `iam:<action>` on the named entity (its real ARN when it exists, else the ARN it would have), then find
 * it: IAM authorizes before it looks the entity up, so a caller without permission learns nothing about it.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html —
 * iam:PermissionsBoundary is the entity's current boundary for the actions that change a user's or role's permissions.
 */
export function authorizedIdentity<E extends Identity>(
  r: IdentityRequest,
  kind: IdentityKind<E>,
  name: string,
  action: string,
  extraContext: Readonly<Record<string, string | undefined>> = {},
): { readonly ok: true; readonly entity: E } | { readonly ok: false; readonly error: AwsError } {
  const entity = kind.find(r.state, r.caller.account, name);
  const boundary = entity && 'boundary' in entity && BOUNDARY_KEY_ACTIONS.has(action) ? entity.boundary : undefined;
  const denied = authorizeOwnAccount({
    state: r.state,
    caller: r.caller,
    action,
    resource: entity?.arn ?? kind.arnFor(r.caller.account, name),
    env: r.env,
    extraContext: { 'iam:PermissionsBoundary': boundary, ...extraContext },
  });
  if (denied) return { ok: false, error: denied };
  return entity ? { ok: true, entity } : { ok: false, error: noSuchEntity(kind.noun, name) };
}

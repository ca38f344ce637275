// IAM entities of an account: finding users, groups, roles and managed policies by name, updating them, and their API shapes.
import type { Arn } from '../arn.ts';
import { parseArn } from '../arn.ts';
import { managedPolicy } from '../authz/caller.ts';
import type { AwsError } from '../errors.ts';
import type { JsonObject } from '../op.ts';
import type { Group, ManagedPolicy, Role, State, User } from '../state.ts';
import { isoTime } from '../timestamps.ts';

type Named = { readonly account: string; readonly name: string };

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names — "Names of
 * users, groups, roles ... must be unique within the account. They are not distinguished by case". Whether lookups
 * also ignore case is `config.iamNameLookupIgnoresCase` (UNVERIFIED).
 */
const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function findNamed<T extends Named>(entities: Readonly<Record<string, T>>, account: string, name: string, ignoreCase: boolean): T | undefined {
  for (const e of Object.values(entities)) {
    if (e.account === account && (ignoreCase ? sameName(e.name, name) : e.name === name)) return e;
  }
  return undefined;
}

/** An entity whose name clashes with `name` (case-insensitively): CreateX must fail with EntityAlreadyExists. */
export const clashingName = <T extends Named>(entities: Readonly<Record<string, T>>, account: string, name: string): T | undefined =>
  findNamed(entities, account, name, true);

export const findUser = (state: State, account: string, name: string): User | undefined =>
  findNamed(state.iam.users, account, name, state.config.iamNameLookupIgnoresCase);
export const findGroup = (state: State, account: string, name: string): Group | undefined =>
  findNamed(state.iam.groups, account, name, state.config.iamNameLookupIgnoresCase);
export const findRole = (state: State, account: string, name: string): Role | undefined =>
  findNamed(state.iam.roles, account, name, state.config.iamNameLookupIgnoresCase);

export const withUser = (state: State, user: User): State => ({ ...state, iam: { ...state.iam, users: { ...state.iam.users, [user.arn]: user } } });
export const withGroup = (state: State, group: Group): State => ({ ...state, iam: { ...state.iam, groups: { ...state.iam.groups, [group.arn]: group } } });
export const withRole = (state: State, role: Role): State => ({ ...state, iam: { ...state.iam, roles: { ...state.iam.roles, [role.arn]: role } } });
export const withPolicy = (state: State, policy: ManagedPolicy): State => ({
  ...state,
  iam: { ...state.iam, policies: { ...state.iam.policies, [policy.arn]: policy } },
});

export function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/**
 * A managed policy an entity of `account` may attach (or use as a permissions boundary): an AWS managed policy, or a
 * customer managed policy of that same account (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).
 */
export function attachablePolicy(state: State, account: string, arn: string): ManagedPolicy | undefined {
  const p = managedPolicy(state, arn);
  if (!p) return undefined;
  return p.awsManaged || parseArn(p.arn)?.account === account ? p : undefined;
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html (Errors) — the boundary must be an attachable managed policy. */
export const scopeNotAttachable = (arn: string): AwsError => ({ code: 'NoSuchEntity', message: `Scope ARN: ${arn} does not exist or is not attachable.` });

/** The groups of the user's account that have the user as a member. */
export const groupsOf = (state: State, user: User): Group[] =>
  Object.values(state.iam.groups).filter((g) => g.account === user.account && g.members.includes(user.name));

/** The entities of an account a managed policy is attached to, and those it bounds. */
export function policyUsage(state: State, account: string, arn: string): { readonly attachments: number; readonly boundaries: number } {
  let attachments = 0;
  let boundaries = 0;
  const entities = [...Object.values(state.iam.users), ...Object.values(state.iam.groups), ...Object.values(state.iam.roles)];
  for (const e of entities) {
    if (e.account !== account) continue;
    if (e.attachedPolicies.includes(arn as Arn)) attachments++;
    if ('boundary' in e && e.boundary === arn) boundaries++;
  }
  return { attachments, boundaries };
}

const iso = isoTime;

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPermissionsBoundary.html — PermissionsBoundaryType is "Policy". */
const boundaryShape = (arn: Arn | undefined): JsonObject | undefined =>
  arn ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } : undefined;

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html */
export const userShape = (u: User, withBoundary = true): JsonObject => ({
  Path: u.path,
  UserName: u.name,
  UserId: u.userId,
  Arn: u.arn,
  CreateDate: iso(u.createdAt),
  PermissionsBoundary: withBoundary ? boundaryShape(u.boundary) : undefined,
});

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_Group.html */
export const groupShape = (g: Group): JsonObject => ({ Path: g.path, GroupName: g.name, GroupId: g.groupId, Arn: g.arn, CreateDate: iso(g.createdAt) });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html — AssumeRolePolicyDocument is returned as the
 * policy text (the wire format URL-encodes it; keyward returns the decoded JSON string, as SDKs present it).
 */
export const roleShape = (r: Role): JsonObject => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: iso(r.createdAt),
  AssumeRolePolicyDocument: r.trustPolicy.text,
  Description: r.description,
  MaxSessionDuration: r.maxSessionDurationSeconds,
  PermissionsBoundary: boundaryShape(r.boundary),
});

/** A deterministic stand-in for the real id of an AWS managed policy (keyward does not know AWS's ids). */
function awsManagedPolicyId(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let h = 2166136261;
  let id = 'ANPA';
  for (let i = 0; id.length < 21; i++) {
    h = Math.imul(h ^ name.charCodeAt(i % name.length) ^ i, 16777619) >>> 0;
    id += alphabet[h % 32];
  }
  return id;
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html — counts are within the caller's account. */
export function policyShape(state: State, account: string, p: ManagedPolicy): JsonObject {
  const usage = policyUsage(state, account, p.arn);
  return {
    PolicyName: p.name,
    PolicyId: p.policyId ?? awsManagedPolicyId(p.name),
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: 'v1',
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    Description: p.description,
    CreateDate: iso(p.createdAt),
    UpdateDate: iso(p.createdAt),
  };
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPolicy.html */
export function attachedPoliciesShape(state: State, arns: readonly Arn[]): JsonObject[] {
  return arns.map((arn) => ({ PolicyName: managedPolicy(state, arn)?.name ?? arn.split('/').pop() ?? arn, PolicyArn: arn }));
}

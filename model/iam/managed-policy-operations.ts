// Managed policies: CreatePolicy, GetPolicy, GetPolicyVersion, DeletePolicy, Attach/Detach/ListAttached for users, groups, roles.
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import { parseArn, policyArn } from '../arn.ts';
import { managedPolicy } from '../authz/caller.ts';
import { drawUniqueId } from '../ids.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import type { ManagedPolicy, State } from '../state.ts';
import { authorizeOwnAccount } from './authorize.ts';
import { attachablePolicy, attachedPoliciesShape, policyShape, policyUsage, withoutKey, withPolicy } from './entities.ts';
import type { Identity, IdentityKind } from './kinds.ts';
import { authorizedIdentity, groupKind, roleKind, userKind } from './kinds.ts';
import { iamPage, iamPaginationShape } from './pagination.ts';
import { principalFreeDocument } from './policy-documents.ts';
import { ATTACHED_POLICIES_PER_ENTITY, iamPolicySize, MANAGED_POLICY_SIZE } from './quotas.ts';
import { arnSchema, descriptionSchema, pathSchema, policyDocumentSchema, policyNameSchema } from './schemas.ts';
import { isoTime } from '../timestamps.ts';

/** The customer managed policies of an account. */
const policiesOf = (state: State, account: string): ManagedPolicy[] =>
  Object.values(state.iam.policies).filter((p) => parseArn(p.arn)?.account === account);

const createPolicySchema = z.strictObject({
  PolicyName: policyNameSchema,
  PolicyDocument: policyDocumentSchema,
  Path: pathSchema.optional(),
  Description: descriptionSchema.optional(),
});

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html — a customer managed policy
 * arn:aws:iam::ACCOUNT:policy/PATH/NAME; "policy names must be unique within the account. Names are not distinguished
 * by case" (EntityAlreadyExists); the document is an identity policy (MalformedPolicyDocument); "Managed policy size:
 * 6,144 characters" (IAM quotas; LimitExceeded).
 */
function createPolicy({ state, caller, input, env }: OpRequest<z.infer<typeof createPolicySchema>>): OpOutcome {
  const path = input.Path ?? '/';
  const arn = policyArn(caller.account, input.PolicyName, path);
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:CreatePolicy', resource: arn, env });
  if (denied) return failWith(denied);
  if (policiesOf(state, caller.account).some((p) => p.name.toLowerCase() === input.PolicyName.toLowerCase())) {
    return failure('EntityAlreadyExists', `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
  }
  if (iamPolicySize(input.PolicyDocument) > MANAGED_POLICY_SIZE) return failure('LimitExceeded', `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`);
  const checked = principalFreeDocument(input.PolicyDocument, 'identity');
  if (!checked.ok) return failWith(checked.error);
  const id = drawUniqueId(state, 'ANPA');
  const policy: ManagedPolicy = {
    arn, name: input.PolicyName, path, policy: checked.stored, awsManaged: false, createdAt: state.now,
    policyId: id.value, description: input.Description,
  };
  return success(withPolicy(id.state, policy), { Policy: policyShape(id.state, caller.account, policy) });
}

const policyArnSchema = z.strictObject({ PolicyArn: arnSchema });

/** A managed policy the caller's account can see: AWS managed, or its own customer managed one. */
const visiblePolicy = (state: State, account: string, arn: string): ManagedPolicy | undefined => attachablePolicy(state, account, arn);

const policyNotFound = (arn: string) => failure('NoSuchEntity', `Policy ${arn} was not found.`);

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html — metadata only; the document is in GetPolicyVersion. */
function getPolicy({ state, caller, input, env }: OpRequest<z.infer<typeof policyArnSchema>>): OpOutcome {
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:GetPolicy', resource: input.PolicyArn, env });
  if (denied) return failWith(denied);
  const policy = visiblePolicy(state, caller.account, input.PolicyArn);
  if (!policy) return policyNotFound(input.PolicyArn);
  return success(state, { Policy: policyShape(state, caller.account, policy) });
}

const getPolicyVersionSchema = z.strictObject({ PolicyArn: arnSchema, VersionId: z.string().regex(/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, 'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?') });

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html — keyward's managed policies have one
 * version, v1, the default.
 */
function getPolicyVersion({ state, caller, input, env }: OpRequest<z.infer<typeof getPolicyVersionSchema>>): OpOutcome {
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:GetPolicyVersion', resource: input.PolicyArn, env });
  if (denied) return failWith(denied);
  const policy = visiblePolicy(state, caller.account, input.PolicyArn);
  if (!policy || input.VersionId !== 'v1') return failure('NoSuchEntity', `Policy ${input.PolicyArn} version ${input.VersionId} does not exist or is not attachable.`);
  const version = { Document: policy.policy.text, VersionId: 'v1', IsDefaultVersion: true, CreateDate: isoTime(policy.createdAt) };
  return success(state, { PolicyVersion: version });
}

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html — "Before you can delete a managed policy,
 * you must first detach the policy from all users, groups, and roles that it is attached to" (DeleteConflict); a
 * policy in use as a permissions boundary cannot be deleted either. Only customer managed policies can be deleted.
 */
function deletePolicy({ state, caller, input, env }: OpRequest<z.infer<typeof policyArnSchema>>): OpOutcome {
  const denied = authorizeOwnAccount({ state, caller, action: 'iam:DeletePolicy', resource: input.PolicyArn, env });
  if (denied) return failWith(denied);
  const policy = state.iam.policies[input.PolicyArn];
  if (!policy || parseArn(policy.arn)?.account !== caller.account) return policyNotFound(input.PolicyArn);
  const usage = policyUsage(state, caller.account, policy.arn);
  if (usage.attachments + usage.boundaries > 0) return failure('DeleteConflict', 'Cannot delete a policy attached to entities.');
  return success({ ...state, iam: { ...state.iam, policies: withoutKey(state.iam.policies, policy.arn) } });
}

type NamedInput = Readonly<Record<string, string>>;

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html (and AttachGroupPolicy,
 * AttachRolePolicy) — the policy must be an AWS managed policy or a customer managed policy of the account
 * ("Policy ARN does not exist or is not attachable."); attaching it again changes nothing; "Managed policies attached
 * to an IAM user/group/role: 10" (IAM quotas; LimitExceeded). The request carries iam:PolicyARN.
 */
function attach<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PolicyArn: arnSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const arn = input['PolicyArn']!;
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField]!, `iam:Attach${kind.Noun}Policy`, { 'iam:PolicyARN': arn });
    if (!found.ok) return failWith(found.error);
    const entity = found.entity;
    if (!attachablePolicy(state, caller.account, arn)) return failure('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    if (entity.attachedPolicies.includes(arn as Arn)) return success(state);
    if (entity.attachedPolicies.length >= ATTACHED_POLICIES_PER_ENTITY) {
      return failure('LimitExceeded', `Cannot exceed quota for ${kind.attachedQuotaName}: ${ATTACHED_POLICIES_PER_ENTITY}`);
    }
    return success(kind.put(state, { ...entity, attachedPolicies: [...entity.attachedPolicies, arn as Arn] }));
  });
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html — NoSuchEntity when the policy is not attached. */
function detach<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PolicyArn: arnSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const arn = input['PolicyArn']!;
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField]!, `iam:Detach${kind.Noun}Policy`, { 'iam:PolicyARN': arn });
    if (!found.ok) return failWith(found.error);
    const entity = found.entity;
    if (!entity.attachedPolicies.includes(arn as Arn)) return policyNotFound(arn);
    return success(kind.put(state, { ...entity, attachedPolicies: entity.attachedPolicies.filter((a) => a !== arn) }));
  });
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html — {PolicyName, PolicyArn} pairs, filtered by PathPrefix. */
function listAttached<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PathPrefix: pathSchema.optional(), ...iamPaginationShape });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<Readonly<Record<string, unknown>>>): OpOutcome => {
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField] as string, `iam:ListAttached${kind.Noun}Policies`);
    if (!found.ok) return failWith(found.error);
    const prefix = (input['PathPrefix'] as string | undefined) ?? '/';
    const arns = found.entity.attachedPolicies.filter((arn) => (managedPolicy(state, arn)?.path ?? '/').startsWith(prefix));
    const page = iamPage('AttachedPolicies', attachedPoliciesShape(state, arns), input as { MaxItems?: number; Marker?: string });
    return page.ok ? success(state, page.output) : failWith(page.error);
  });
}

export const managedPolicyOperations: Readonly<Record<string, Operation<any>>> = {
  CreatePolicy: signedOp(createPolicySchema, createPolicy),
  GetPolicy: signedOp(policyArnSchema, getPolicy),
  GetPolicyVersion: signedOp(getPolicyVersionSchema, getPolicyVersion),
  DeletePolicy: signedOp(policyArnSchema, deletePolicy),
  ...Object.fromEntries(
    [userKind, groupKind, roleKind].flatMap((kind: IdentityKind<any>) => [
      [`Attach${kind.Noun}Policy`, attach(kind)],
      [`Detach${kind.Noun}Policy`, detach(kind)],
      [`ListAttached${kind.Noun}Policies`, listAttached(kind)],
    ]),
  ),
};

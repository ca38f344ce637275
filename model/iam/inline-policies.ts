// Inline policies of users, groups and roles: Put/Get/Delete/List{User,Group,Role}Policy(ies), written once for the three kinds.
import { z } from 'zod';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import type { StoredPolicy } from '../state.ts';
import type { Identity, IdentityKind } from './kinds.ts';
import { authorizedIdentity, groupKind, roleKind, userKind } from './kinds.ts';
import { iamPage, iamPaginationShape } from './pagination.ts';
import { principalFreeDocument } from './policy-documents.ts';
import { iamPolicySize } from './quotas.ts';
import { policyDocumentSchema, policyNameSchema } from './schemas.ts';

type NamedInput = Readonly<Record<string, string>>;

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "the total aggregate policy size (the
 * sum size of all inline policies) per entity cannot exceed" 2,048 (user), 5,120 (group), 10,240 (role) characters,
 * white space not counted.
 */
function aggregateSize(policies: Readonly<Record<string, StoredPolicy>>): number {
  return Object.values(policies).reduce((n, p) => n + iamPolicySize(p.text), 0);
}

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html (and PutGroupPolicy, PutRolePolicy) —
 * "Adds or updates an inline policy document"; the document is an identity policy (no Principal:
 * MalformedPolicyDocument); LimitExceeded beyond the aggregate size quota.
 */
function putInline<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PolicyName: policyNameSchema, PolicyDocument: policyDocumentSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const name = input[kind.nameField]!;
    const found = authorizedIdentity({ state, caller, env }, kind, name, `iam:Put${kind.Noun}Policy`);
    if (!found.ok) return failWith(found.error);
    const checked = principalFreeDocument(input['PolicyDocument']!, 'identity');
    if (!checked.ok) return failWith(checked.error);
    const entity = found.entity;
    const inlinePolicies = { ...entity.inlinePolicies, [input['PolicyName']!]: checked.stored };
    if (aggregateSize(inlinePolicies) > kind.inlinePolicySize) {
      return failure('LimitExceeded', `Maximum policy size of ${kind.inlinePolicySize} bytes exceeded for ${kind.noun} ${entity.name}`);
    }
    return success(kind.put(state, { ...entity, inlinePolicies }));
  });
}

const policyNotFound = (kind: IdentityKind<Identity>, policyName: string) =>
  failure('NoSuchEntity', `The ${kind.noun} policy with name ${policyName} cannot be found.`);

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html — the policy's name and document (NoSuchEntity when absent). */
function getInline<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PolicyName: policyNameSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField]!, `iam:Get${kind.Noun}Policy`);
    if (!found.ok) return failWith(found.error);
    const policyName = input['PolicyName']!;
    const policy = Object.hasOwn(found.entity.inlinePolicies, policyName) ? found.entity.inlinePolicies[policyName] : undefined;
    if (!policy) return policyNotFound(kind, policyName);
    return success(state, { [kind.nameField]: found.entity.name, PolicyName: policyName, PolicyDocument: policy.text });
  });
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html — NoSuchEntity when the policy is not there. */
function deleteInline<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, PolicyName: policyNameSchema });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<NamedInput>): OpOutcome => {
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField]!, `iam:Delete${kind.Noun}Policy`);
    if (!found.ok) return failWith(found.error);
    const policyName = input['PolicyName']!;
    if (!Object.hasOwn(found.entity.inlinePolicies, policyName)) return policyNotFound(kind, policyName);
    const { [policyName]: _gone, ...inlinePolicies } = found.entity.inlinePolicies;
    return success(kind.put(state, { ...found.entity, inlinePolicies }));
  });
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html — the names of the inline policies (paginated). */
function listInline<E extends Identity>(kind: IdentityKind<E>) {
  const schema = z.strictObject({ [kind.nameField]: kind.nameSchema, ...iamPaginationShape });
  return signedOp(schema, ({ state, caller, input, env }: OpRequest<Readonly<Record<string, unknown>>>): OpOutcome => {
    const found = authorizedIdentity({ state, caller, env }, kind, input[kind.nameField] as string, `iam:List${kind.Noun}Policies`);
    if (!found.ok) return failWith(found.error);
    const names = Object.keys(found.entity.inlinePolicies).sort();
    const page = iamPage('PolicyNames', names, input as { MaxItems?: number; Marker?: string });
    return page.ok ? success(state, page.output) : failWith(page.error);
  });
}

export const inlinePolicyOperations: Readonly<Record<string, Operation<any>>> = Object.fromEntries(
  [userKind, groupKind, roleKind].flatMap((kind: IdentityKind<any>) => [
    [`Put${kind.Noun}Policy`, putInline(kind)],
    [`Get${kind.Noun}Policy`, getInline(kind)],
    [`Delete${kind.Noun}Policy`, deleteInline(kind)],
    [`List${kind.Noun}Policies`, listInline(kind)],
  ]),
);

// Organizations operations on service control policies: CreatePolicy, DescribePolicy, ListPolicies, AttachPolicy, DetachPolicy.
import { z } from 'zod';
import { isAccountId } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import { FULL_AWS_ACCESS_ID } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import { drawHexId } from '../ids.ts';
import type { JsonObject, Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import { parsePolicy } from '../policy/parse.ts';
import type { Organization, ServiceControlPolicy, State } from '../state.ts';
import { authorizeOwnAccount } from './authorize.ts';
import { withImplicitResource } from './policy-documents.ts';
import { SCP_MAX_CHARACTERS, SCPS_PER_TARGET } from './quotas.ts';

const SCP_TYPE = 'SERVICE_CONTROL_POLICY';

interface OrgRequest<I> extends OpRequest<I> {
  readonly org: Organization;
}

/**
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html (and every policy operation) —
 * "This operation can be called only from the organization's management account" (AccessDeniedException otherwise);
 * an account outside any organization gets AWSOrganizationsNotInUseException ("Your account is not a member of an
 * organization"). The call itself is authorized by the caller's IAM policies (SCPs never bind the management account).
 */
function managementOnly<I>(run: (r: OrgRequest<I>) => OpOutcome) {
  return (r: OpRequest<I>): OpOutcome => {
    const org = r.state.organization;
    const account = r.caller.account;
    if (!org || (org.management !== account && !org.members.includes(account))) {
      return failure('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    }
    if (org.management !== account) return failure('AccessDeniedException', "You don't have permissions to access this resource.");
    return run({ ...r, org });
  };
}

/** Authorize `organizations:<action>` on each resource in turn (an operation on a policy and a target needs both). */
function authorizeOrg(state: State, caller: SignedCaller, env: RequestEnvironment, action: string, resources: readonly string[]): AwsError | undefined {
  for (const resource of resources) {
    const denied = authorizeOwnAccount(
      { state, caller, action, resource, env, extraContext: { 'organizations:PolicyType': SCP_TYPE } },
      'AccessDeniedException',
    );
    if (denied) return denied;
  }
  return undefined;
}

/** https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html — ARNs of the organization's resources. */
const policyArnOf = (org: Organization, id: string): string => `arn:aws:organizations::${org.management}:policy/${org.id}/service_control_policy/${id}`;
const rootArnOf = (org: Organization): string => `arn:aws:organizations::${org.management}:root/${org.id}/${org.rootId}`;
const accountArnOf = (org: Organization, account: string): string => `arn:aws:organizations::${org.management}:account/${org.id}/${account}`;

const withOrganization = (state: State, org: Organization): State => ({ ...state, organization: org });

/** https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html */
const summaryOf = (p: ServiceControlPolicy): JsonObject => ({ Id: p.id, Arn: p.arn, Name: p.name, Description: p.description, Type: SCP_TYPE, AwsManaged: p.awsManaged });
const policyShape = (p: ServiceControlPolicy): JsonObject => ({ PolicySummary: summaryOf(p), Content: p.policy.text });

const createPolicySchema = z.strictObject({
  Content: z.string().min(1, 'Member must have length greater than or equal to 1').max(1000000, 'Member must have length less than or equal to 1000000'),
  Description: z.string().max(512, 'Member must have length less than or equal to 512').optional(),
  Name: z.string().min(1, 'Member must have length greater than or equal to 1').max(128, 'Member must have length less than or equal to 128'),
  Type: z.literal(SCP_TYPE, `Member must satisfy enum value set: [${SCP_TYPE}] (keyward models SCPs only)`),
});

/**
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html — Content is an SCP
 * (MalformedPolicyDocumentException when it is not); "Maximum size of a policy document: SCPs 5,120 characters"
 * (orgs_reference_limits; ConstraintViolationException POLICY_CONTENT_LIMIT_EXCEEDED); a name already used is
 * DuplicatePolicyException. The id is "p-" + 8 or more lower-case letters or digits.
 */
function createPolicy({ state, caller, input, env, org }: OrgRequest<z.infer<typeof createPolicySchema>>): OpOutcome {
  const drawn = drawHexId(state, 8);
  const id = `p-${drawn.value}`;
  const arn = policyArnOf(org, id);
  const denied = authorizeOrg(state, caller, env, 'organizations:CreatePolicy', [arn]);
  if (denied) return failWith(denied);
  if (input.Content.length > SCP_MAX_CHARACTERS) {
    return failure('ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED: You attempted to create a policy that is larger than the maximum size.');
  }
  const parsed = parsePolicy(input.Content, 'scp');
  if (!parsed.ok) return failure('MalformedPolicyDocumentException', `The provided policy document does not meet the requirements of the specified policy type. (${parsed.reason})`);
  if (Object.values(org.policies).some((p) => p.name === input.Name)) return failure('DuplicatePolicyException', 'A policy with the same name already exists.');
  const policy: ServiceControlPolicy = {
    id, arn, name: input.Name, description: input.Description ?? '', awsManaged: false,
    policy: { text: input.Content, doc: withImplicitResource(parsed.doc) },
  };
  const next = withOrganization(drawn.state, { ...org, policies: { ...org.policies, [id]: policy } });
  return success(next, { Policy: policyShape(policy) });
}

const policyIdSchema = z.string().regex(/^p-[0-9a-zA-Z_]{8,128}$/, 'Member must satisfy regular expression pattern: ^p-[0-9a-zA-Z_]{8,128}$');

/** https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html — PolicyNotFoundException for an unknown id. */
const policyNotFound = (): OpOutcome => failure('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");

const describePolicySchema = z.strictObject({ PolicyId: policyIdSchema });

function describePolicy({ state, caller, input, env, org }: OrgRequest<z.infer<typeof describePolicySchema>>): OpOutcome {
  const policy = org.policies[input.PolicyId];
  const denied = authorizeOrg(state, caller, env, 'organizations:DescribePolicy', [policy?.arn ?? policyArnOf(org, input.PolicyId)]);
  if (denied) return failWith(denied);
  return policy ? success(state, { Policy: policyShape(policy) }) : policyNotFound();
}

const listPoliciesSchema = z.strictObject({
  Filter: z.literal(SCP_TYPE, `Member must satisfy enum value set: [${SCP_TYPE}] (keyward models SCPs only)`),
  MaxResults: z.number().int().min(1).max(20).optional(),
  NextToken: z.string().optional(),
});

/** https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html — every SCP of the organization, FullAWSAccess included. */
function listPolicies({ state, caller, input, env, org }: OrgRequest<z.infer<typeof listPoliciesSchema>>): OpOutcome {
  const denied = authorizeOrg(state, caller, env, 'organizations:ListPolicies', ['*']);
  if (denied) return failWith(denied);
  const all = Object.values(org.policies).map(summaryOf);
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(start) || start < 0 || start > all.length) return failure('InvalidInputException', 'The NextToken is not valid.');
  const end = Math.min(all.length, start + (input.MaxResults ?? 20));
  return success(state, { Policies: all.slice(start, end), NextToken: end < all.length ? String(end) : undefined });
}

/** A target of the organization: its root or one of its accounts (the management account included), with its ARN. */
function targetArn(org: Organization, targetId: string): string | undefined {
  if (targetId === org.rootId) return rootArnOf(org);
  if (isAccountId(targetId) && (targetId === org.management || org.members.includes(targetId))) return accountArnOf(org, targetId);
  return undefined;
}

/** The SCPs attached to a target: a target with no entry has only FullAWSAccess (attached by default). */
const attachedTo = (org: Organization, targetId: string): readonly string[] => org.attachments[targetId] ?? [FULL_AWS_ACCESS_ID];

const attachmentSchema = z.strictObject({
  PolicyId: policyIdSchema,
  TargetId: z.string().regex(/^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'Member must satisfy regular expression pattern: ^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$'),
});
type AttachmentInput = z.infer<typeof attachmentSchema>;

/** Resolve and authorize a (policy, target) pair for AttachPolicy/DetachPolicy. */
function resolvedAttachment(r: OrgRequest<AttachmentInput>, action: string): { ok: true; policy: ServiceControlPolicy } | { ok: false; outcome: OpOutcome } {
  const { state, caller, input, env, org } = r;
  const policy = org.policies[input.PolicyId];
  const target = targetArn(org, input.TargetId);
  const denied = authorizeOrg(state, caller, env, action, [policy?.arn ?? policyArnOf(org, input.PolicyId), target ?? '*']);
  if (denied) return { ok: false, outcome: failWith(denied) };
  if (!policy) return { ok: false, outcome: policyNotFound() };
  if (!target) return { ok: false, outcome: failure('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.") };
  return { ok: true, policy };
}

/**
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html — DuplicatePolicyAttachmentException
 * when already attached; "Number of SCPs attached to a root, OU or account: 5" (ConstraintViolationException
 * MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED). FullAWSAccess stays attached beside the new SCP until detached
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_attach.html).
 */
function attachPolicy(r: OrgRequest<AttachmentInput>): OpOutcome {
  const resolved = resolvedAttachment(r, 'organizations:AttachPolicy');
  if (!resolved.ok) return resolved.outcome;
  const { org, input } = r;
  const current = attachedTo(org, input.TargetId);
  if (current.includes(input.PolicyId)) return failure('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
  if (current.length >= SCPS_PER_TARGET) {
    return failure('ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.');
  }
  return success(withOrganization(r.state, { ...org, attachments: { ...org.attachments, [input.TargetId]: [...current, input.PolicyId] } }));
}

/**
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html — PolicyNotAttachedException when
 * not attached; "You can't detach the last SCP from a target" (every root, OU and account must keep at least one SCP:
 * ConstraintViolationException MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED).
 */
function detachPolicy(r: OrgRequest<AttachmentInput>): OpOutcome {
  const resolved = resolvedAttachment(r, 'organizations:DetachPolicy');
  if (!resolved.ok) return resolved.outcome;
  const { org, input } = r;
  const current = attachedTo(org, input.TargetId);
  if (!current.includes(input.PolicyId)) return failure('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
  const remaining = current.filter((id) => id !== input.PolicyId);
  if (remaining.length === 0) {
    return failure('ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.');
  }
  return success(withOrganization(r.state, { ...org, attachments: { ...org.attachments, [input.TargetId]: remaining } }));
}

const listForTargetSchema = z.strictObject({
  TargetId: attachmentSchema.shape.TargetId,
  Filter: z.literal(SCP_TYPE, `Member must satisfy enum value set: [${SCP_TYPE}] (keyward models SCPs only)`),
});

/** https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html — the SCPs attached directly to the target. */
function listPoliciesForTarget({ state, caller, input, env, org }: OrgRequest<z.infer<typeof listForTargetSchema>>): OpOutcome {
  const target = targetArn(org, input.TargetId);
  const denied = authorizeOrg(state, caller, env, 'organizations:ListPoliciesForTarget', [target ?? '*']);
  if (denied) return failWith(denied);
  if (!target) return failure('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.");
  const policies = attachedTo(org, input.TargetId).flatMap((id) => (org.policies[id] ? [summaryOf(org.policies[id])] : []));
  return success(state, { Policies: policies });
}

export const organizationsOperations: Readonly<Record<string, Operation<any>>> = {
  CreatePolicy: signedOp(createPolicySchema, managementOnly(createPolicy)),
  DescribePolicy: signedOp(describePolicySchema, managementOnly(describePolicy)),
  ListPolicies: signedOp(listPoliciesSchema, managementOnly(listPolicies)),
  AttachPolicy: signedOp(attachmentSchema, managementOnly(attachPolicy)),
  DetachPolicy: signedOp(attachmentSchema, managementOnly(detachPolicy)),
  ListPoliciesForTarget: signedOp(listForTargetSchema, managementOnly(listPoliciesForTarget)),
};

// Organizations SCP operations: CreatePolicy, DescribePolicy, ListPolicies, AttachPolicy, DetachPolicy, ListPoliciesForTarget.
import { describe, expect, it } from 'vitest';
import { A, B, C, World, allow, deny, policy, rootOf, userOf } from './support.ts';

const SCP = 'SERVICE_CONTROL_POLICY';
const orgWorld = (): World => new World({ accounts: [A, B, C] as never, organization: { management: A as never, members: [B as never] } });
const createScp = (w: World, name: string, content: string): string =>
  w.ok(rootOf(A), 'organizations:CreatePolicy', { Name: name, Type: SCP, Content: content, Description: `${name} policy` }).Policy.PolicySummary.Id;

describe('who may manage SCPs', () => {
  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html — "This operation can be
  // called only from the organization's management account."
  it('a member account gets AccessDeniedException, an account outside the organization AWSOrganizationsNotInUseException', () => {
    const w = orgWorld();
    const input = { Name: 'x', Type: SCP, Content: policy(deny('s3:*')) };
    expect(w.code(rootOf(B), 'organizations:CreatePolicy', input)).toBe('AccessDeniedException');
    expect(w.code(rootOf(C), 'organizations:CreatePolicy', input)).toBe('AWSOrganizationsNotInUseException');
    expect(new World().code(rootOf(A), 'organizations:ListPolicies', { Filter: SCP })).toBe('AWSOrganizationsNotInUseException');
  });

  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_permissions_overview.html — IAM principals of the
  // management account need IAM permissions for Organizations actions.
  it('an IAM user of the management account needs an IAM allow', () => {
    const w = orgWorld();
    w.ok(rootOf(A), 'iam:CreateUser', { UserName: 'ops' });
    expect(w.code(userOf(A, 'ops'), 'organizations:ListPolicies', { Filter: SCP })).toBe('AccessDeniedException');
    w.ok(rootOf(A), 'iam:AttachUserPolicy', { UserName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.code(userOf(A, 'ops'), 'organizations:ListPolicies', { Filter: SCP })).toBe('ok');
    expect(w.code(userOf(A, 'ops'), 'organizations:CreatePolicy', { Name: 'x', Type: SCP, Content: policy(deny('s3:*')) })).toBe('AccessDeniedException');
  });
});

describe('CreatePolicy / DescribePolicy / ListPolicies', () => {
  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html and API_DescribePolicy.html.
  it('creates an SCP that DescribePolicy and ListPolicies return beside FullAWSAccess', () => {
    const w = orgWorld();
    const content = policy(deny('kms:ScheduleKeyDeletion'));
    const created = w.ok(rootOf(A), 'organizations:CreatePolicy', { Name: 'NoKeyDeletion', Type: SCP, Content: content, Description: 'd' }).Policy;
    expect(created.Content).toBe(content);
    expect(created.PolicySummary).toMatchObject({ Name: 'NoKeyDeletion', Type: SCP, AwsManaged: false, Description: 'd' });
    expect(created.PolicySummary.Id).toMatch(/^p-[0-9a-z]{8}$/);
    expect(created.PolicySummary.Arn).toBe(`arn:aws:organizations::${A}:policy/${w.state.organization!.id}/service_control_policy/${created.PolicySummary.Id}`);
    expect(w.ok(rootOf(A), 'organizations:DescribePolicy', { PolicyId: created.PolicySummary.Id }).Policy).toEqual(created);
    const names = w.ok(rootOf(A), 'organizations:ListPolicies', { Filter: SCP }).Policies.map((p: { Name: string }) => p.Name);
    expect(names).toEqual(['FullAWSAccess', 'NoKeyDeletion']);
    expect(w.code(rootOf(A), 'organizations:DescribePolicy', { PolicyId: 'p-00000000' })).toBe('PolicyNotFoundException');
  });

  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html (Errors) —
  // MalformedPolicyDocumentException, DuplicatePolicyException, ConstraintViolationException (size); SCP syntax has no Principal.
  it('rejects malformed content, a Principal, a duplicate name and content over 5,120 characters', () => {
    const w = orgWorld();
    const create = (name: string, content: string) => w.code(rootOf(A), 'organizations:CreatePolicy', { Name: name, Type: SCP, Content: content });
    expect(create('bad', '{not json')).toBe('MalformedPolicyDocumentException');
    expect(create('principal', policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }))).toBe('MalformedPolicyDocumentException');
    expect(create('once', policy(deny('s3:*')))).toBe('ok');
    expect(create('once', policy(deny('s3:*')))).toBe('DuplicatePolicyException');
    expect(create('huge', policy(deny('s3:*', `arn:aws:s3:::${'x'.repeat(5200)}`)))).toBe('ConstraintViolationException');
    expect(w.code(rootOf(A), 'organizations:CreatePolicy', { Name: 'tag', Type: 'TAG_POLICY', Content: '{}' })).toBe('InvalidInputException');
  });
});

describe('AttachPolicy / DetachPolicy', () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_attach.html — FullAWSAccess
  // is attached to every root, OU and account by default and stays attached until detached.
  it('attaching to a target adds the SCP beside FullAWSAccess; ListPoliciesForTarget shows both', () => {
    const w = orgWorld();
    const id = createScp(w, 'NoS3', policy(deny('s3:*')));
    const listed = () => w.ok(rootOf(A), 'organizations:ListPoliciesForTarget', { TargetId: B, Filter: SCP }).Policies.map((p: { Id: string }) => p.Id);
    expect(listed()).toEqual(['p-FullAWSAccess']);
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: B });
    expect(listed()).toEqual(['p-FullAWSAccess', id]);
    expect(w.state.organization!.attachments[B]).toEqual(['p-FullAWSAccess', id]);
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: B })).toBe('DuplicatePolicyAttachmentException');
  });

  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html — TargetId: the root, an OU or an account of the organization.
  it('targets are the root and the organization\'s accounts', () => {
    const w = orgWorld();
    const id = createScp(w, 'NoS3', policy(deny('s3:*')));
    const rootId = w.state.organization!.rootId;
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: rootId })).toBe('ok');
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: A })).toBe('ok');
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: C })).toBe('TargetNotFoundException');
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: 'p-12345678', TargetId: B })).toBe('PolicyNotFoundException');
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: 'not-a-target' })).toBe('InvalidInputException');
  });

  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html — "Number of SCPs attached to
  // a root, OU or account: 5"; DetachPolicy: the last SCP of a target cannot be detached.
  it('at most five SCPs per target, and never fewer than one', () => {
    const w = orgWorld();
    const ids = [0, 1, 2, 3, 4].map((i) => createScp(w, `p${i}`, policy(allow('*'))));
    for (const id of ids.slice(0, 4)) w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: B });
    expect(w.code(rootOf(A), 'organizations:AttachPolicy', { PolicyId: ids[4], TargetId: B })).toBe('ConstraintViolationException');
    w.ok(rootOf(A), 'organizations:DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: B });
    for (const id of ids.slice(0, 3)) w.ok(rootOf(A), 'organizations:DetachPolicy', { PolicyId: id, TargetId: B });
    expect(w.code(rootOf(A), 'organizations:DetachPolicy', { PolicyId: ids[3], TargetId: B })).toBe('ConstraintViolationException');
    expect(w.code(rootOf(A), 'organizations:DetachPolicy', { PolicyId: ids[4], TargetId: B })).toBe('PolicyNotAttachedException');
  });

  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html — every
  // level (root, then account) must allow; a deny anywhere denies.
  it('an SCP attached to the root binds every member; detaching it restores access', () => {
    const w = orgWorld();
    const id = createScp(w, 'NoGroups', policy(deny('iam:CreateGroup')));
    const rootId = w.state.organization!.rootId;
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: rootId });
    expect(w.code(rootOf(B), 'iam:CreateGroup', { GroupName: 'g' })).toBe('AccessDenied');
    expect(w.code(rootOf(A), 'iam:CreateGroup', { GroupName: 'g' })).toBe('ok');
    w.ok(rootOf(A), 'organizations:DetachPolicy', { PolicyId: id, TargetId: rootId });
    expect(w.code(rootOf(B), 'iam:CreateGroup', { GroupName: 'g' })).toBe('ok');
  });

  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html — in an Allow
  // SCP statement Resource may be left out (it is a Deny-only element): the statement covers every resource.
  it('an Allow SCP without Resource covers every resource', () => {
    const w = orgWorld();
    const id = createScp(w, 'IamOnly', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*' }] }));
    w.ok(rootOf(A), 'organizations:AttachPolicy', { PolicyId: id, TargetId: B });
    w.ok(rootOf(A), 'organizations:DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: B });
    expect(w.code(rootOf(B), 'iam:CreateGroup', { GroupName: 'g' })).toBe('ok');
    w.ok(rootOf(B), 'iam:CreateUser', { UserName: 'x' });
    const trustX = policy({ Effect: 'Allow', Principal: { AWS: userOf(B, 'x') }, Action: 'sts:AssumeRole' });
    w.ok(rootOf(B), 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: trustX });
    const r = w.call(userOf(B, 'x'), 'sts:AssumeRole', { RoleArn: `arn:aws:iam::${B}:role/R`, RoleSessionName: 'ss' });
    expect(r.ok ? 'ok' : r.error.message).toMatch(/because no service control policy allows the sts:AssumeRole action$/);
  });
});

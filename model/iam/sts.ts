// STS operations: AssumeRole (the role's trust policy is the resource policy; sessions expire) and GetCallerIdentity.
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import { parsePrincipalArn, sessionArn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { globalContext } from '../authz/context.ts';
import { accessDeniedMessage, authorize } from '../authz/authorize.ts';
import type { DecisionRule } from '../authz/decision.ts';
import type { AwsError } from '../errors.ts';
import type { Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, signedOp, success } from '../op.ts';
import { withValues } from '../policy/context.ts';
import type { Role, RoleSession, State, StoredPolicy } from '../state.ts';
import { drawCredentials } from './credentials.ts';
import { attachablePolicy } from './entities.ts';
import { principalFreeDocument } from './policy-documents.ts';
import { ROLE_CHAINING_MAX_SECONDS, SESSION_DEFAULT_SECONDS, SESSION_MIN_SECONDS, MAX_SESSION_DURATION } from './quotas.ts';
import { arnSchema } from './schemas.ts';

const lengthBetween = (min: number, max: number) =>
  z.string().min(min, `Member must have length greater than or equal to ${min}`).max(max, `Member must have length less than or equal to ${max}`);

/** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — request parameters and their constraints. */
const assumeRoleSchema = z.strictObject({
  RoleArn: arnSchema,
  RoleSessionName: lengthBetween(2, 64).regex(/^[\w+=,.@-]*$/, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'),
  DurationSeconds: z
    .number()
    .int()
    .min(SESSION_MIN_SECONDS, `Member must have value greater than or equal to ${SESSION_MIN_SECONDS}`)
    .max(MAX_SESSION_DURATION.max, `Member must have value less than or equal to ${MAX_SESSION_DURATION.max}`)
    .optional(),
  // "The plaintext that you use for both inline and managed session policies can't exceed 2,048 characters."
  Policy: lengthBetween(1, 2048).optional(),
  PolicyArns: z.array(z.strictObject({ arn: arnSchema })).max(10, 'Member must have length less than or equal to 10').optional(),
  ExternalId: lengthBetween(2, 1224).regex(/^[\w+=,.@:/-]*$/, 'Member must satisfy regular expression pattern: [\\w+=,.@:/-]*').optional(),
});
type AssumeRoleInput = z.infer<typeof assumeRoleSchema>;

/**
 * sts:AssumeRole is authorized like a KMS key: the trust policy is a resource policy that must allow the caller itself
 * or the caller's account, and then the caller's IAM policies must allow sts:AssumeRole on the role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html: "the exceptions ... IAM
 * role trust policies and KMS key policies"; cross account both sides must allow:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 */
export const trustPolicyRule = (state: State): DecisionRule => ({
  resourcePolicyRequired: true,
  servesAnonymous: false,
  crossAccountAction: true,
  indirectBoundedByBoundary: state.config.keyPolicyRoleArnBoundedByBoundary,
  grantsCrossAccount: false,
  scpLimitsGrants: false,
});

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname and
 * #ck_externalid — AssumeRole requests carry sts:RoleSessionName and, when given, sts:ExternalId, with the global keys.
 */
function assumeRoleContext(state: State, caller: SignedCaller, env: RequestEnvironment, input: AssumeRoleInput) {
  return withValues(globalContext(state, caller, env), { 'sts:RoleSessionName': input.RoleSessionName, 'sts:ExternalId': input.ExternalId });
}

/** The role `caller` may assume, or AccessDenied. A role keyward does not know is denied like a forbidden one. */
export function authorizeAssumeRole(
  state: State,
  caller: SignedCaller,
  env: RequestEnvironment,
  input: AssumeRoleInput,
): { readonly ok: true; readonly role: Role } | { readonly ok: false; readonly error: AwsError } {
  const denied = (denial: Parameters<typeof accessDeniedMessage>[3]) => ({
    ok: false as const,
    error: { code: 'AccessDenied', message: accessDeniedMessage(caller.arn, 'sts:AssumeRole', input.RoleArn, denial) },
  });
  const role = state.iam.roles[input.RoleArn];
  if (!role) return denied('noResourcePolicy');
  const request = { caller, action: 'sts:AssumeRole', resource: role.arn, context: assumeRoleContext(state, caller, env, input) };
  const outcome = authorize(state, request, { owner: role.account, policy: role.trustPolicy.doc }, trustPolicyRule(state));
  return outcome.allowed ? { ok: true, role } : denied(outcome.denial);
}

/** The inline session policy, parsed; a malformed one is MalformedPolicyDocument. */
function sessionPolicyOf(input: AssumeRoleInput): { ok: true; policy: StoredPolicy | undefined } | { ok: false; error: AwsError } {
  if (input.Policy === undefined) return { ok: true, policy: undefined };
  const checked = principalFreeDocument(input.Policy, 'sessionPolicy');
  return checked.ok ? { ok: true, policy: checked.stored } : checked;
}

/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — DurationSeconds defaults to 3600 and may
 * not exceed the role's MaxSessionDuration; "Role chaining limits your AWS CLI or AWS API role session to a maximum
 * of one hour" (a session assuming a role: ValidationError beyond 3600).
 */
function sessionSeconds(caller: SignedCaller, role: Role, requested: number | undefined): number | AwsError {
  const seconds = requested ?? SESSION_DEFAULT_SECONDS;
  if (caller.kind === 'session' && seconds > ROLE_CHAINING_MAX_SECONDS) {
    return { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' };
  }
  if (seconds > role.maxSessionDurationSeconds) {
    return { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' };
  }
  return seconds;
}

/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — "You must use credentials for an IAM user
 * or an IAM role to call AssumeRole. You cannot call AssumeRole by using AWS account root user credentials" (AWS:
 * AccessDenied "Roles may not be assumed by root accounts."); the session ARN is
 * arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION and AssumedRoleId is ROLEID:SESSION; session policies (Policy,
 * PolicyArns) limit the session to their intersection with the role's policies. A new session with the name of an
 * existing one replaces it in keyward (the scenario names sessions by ARN).
 */
function assumeRole({ state, caller, input, env }: OpRequest<AssumeRoleInput>): OpOutcome {
  if (caller.kind === 'root') return failure('AccessDenied', 'Roles may not be assumed by root accounts.');
  const target = parsePrincipalArn(input.RoleArn);
  if (!target || target.kind !== 'role') return failure('ValidationError', `${input.RoleArn} is invalid`);
  const inline = sessionPolicyOf(input);
  if (!inline.ok) return failWith(inline.error);
  const allowed = authorizeAssumeRole(state, caller, env, input);
  if (!allowed.ok) return failWith(allowed.error);
  const role = allowed.role;
  const policyArns = (input.PolicyArns ?? []).map((p) => p.arn as Arn);
  const unknownArn = policyArns.find((arn) => !attachablePolicy(state, role.account, arn));
  const unknownArnError = state.config.unknownSessionPolicyArnError;
  if (unknownArn !== undefined && unknownArnError !== undefined) return failure(unknownArnError, `Policy ${unknownArn} does not exist or is not attachable.`);
  const seconds = sessionSeconds(caller, role, input.DurationSeconds);
  if (typeof seconds !== 'number') return failWith(seconds);

  const expiresAt = state.now + seconds * 1000;
  const credentials = drawCredentials(state, expiresAt);
  const arn = sessionArn(role.account, role.name, input.RoleSessionName);
  const session: RoleSession = {
    arn, account: role.account, roleArn: role.arn, roleName: role.name, sessionName: input.RoleSessionName,
    sessionPolicy: inline.policy, sessionPolicyArns: policyArns, expiresAt, assumedBy: caller.arn, issuedAt: state.now,
  };
  const next = { ...credentials.state, iam: { ...credentials.state.iam, sessions: { ...credentials.state.iam.sessions, [arn]: session } } };
  return success(next, {
    Credentials: credentials.value,
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: arn },
  });
}

/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html — "No permissions are required to
 * perform this operation. If an administrator attaches a policy to your identity that explicitly denies access to the
 * sts:GetCallerIdentity action, you can still perform this operation." UserId: the account id for the root user, the
 * user's unique id, or ROLEID:SESSION for a role session.
 */
function getCallerIdentity({ state, caller }: OpRequest<Record<string, never>>): OpOutcome {
  const userId = caller.kind === 'root' ? caller.account : caller.kind === 'user' ? caller.user.userId : `${caller.role.roleId}:${caller.session.sessionName}`;
  return success(state, { UserId: userId, Account: caller.account, Arn: caller.arn });
}

export const stsOperations: Readonly<Record<string, Operation<any>>> = {
  AssumeRole: signedOp(assumeRoleSchema, assumeRole),
  GetCallerIdentity: signedOp(z.strictObject({}), getCallerIdentity),
};

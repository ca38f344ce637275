// Authorization of IAM, STS and Organizations calls themselves: the caller's own policies (no resource policy) and SCPs.
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import { globalContext } from '../authz/context.ts';
import { accessDeniedMessage, authorize } from '../authz/authorize.ts';
import type { DecisionRule } from '../authz/decision.ts';
import type { AwsError } from '../errors.ts';
import { withValues } from '../policy/context.ts';
import type { State } from '../state.ts';

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — IAM entities have no
 * resource-based policy: the caller's identity policies decide, within its permissions boundary, session policy and
 * the SCPs of its account; the account root user holds every permission of its own account (IAM-UG id_root-user) and
 * is bound only by SCPs. IAM and Organizations calls always act in the caller's own account.
 */
export const ownAccountRule = (state: State): DecisionRule => ({
  resourcePolicyRequired: false,
  servesAnonymous: false,
  crossAccountAction: false,
  indirectBoundedByBoundary: state.config.keyPolicyRoleArnBoundedByBoundary,
  grantsCrossAccount: false,
  scpLimitsGrants: false,
});

export interface OwnAccountRequest {
  readonly state: State;
  readonly caller: SignedCaller;
  /** The IAM action, e.g. `iam:CreateUser`. */
  readonly action: string;
  /** The resource ARN as the service defines it (arn:aws:iam::ACCOUNT:user/PATH/NAME, ...) or "*". */
  readonly resource: string;
  readonly env: RequestEnvironment;
  /** The action's own condition keys (iam:PolicyARN, iam:PermissionsBoundary, ...). */
  readonly extraContext?: Readonly<Record<string, string | undefined>>;
}

/**
 * Is the call allowed? Returns the AccessDenied error (IAM, STS and CloudWatch spell it `AccessDenied`, Organizations,
 * CloudTrail, CloudWatch Logs and AWS Config `AccessDeniedException`, SNS `AuthorizationError`) with AWS's message, or
 * undefined when allowed.
 */
export function authorizeOwnAccount(r: OwnAccountRequest, deniedCode = 'AccessDenied'): AwsError | undefined {
  const context = withValues(globalContext(r.state, r.caller, r.env), r.extraContext ?? {});
  const request = { caller: r.caller, action: r.action, resource: r.resource, context };
  const outcome = authorize(r.state, request, { owner: r.caller.account, policy: undefined }, ownAccountRule(r.state));
  if (outcome.allowed) return undefined;
  return { code: deniedCode, message: accessDeniedMessage(r.caller.arn, r.action, r.resource, outcome.denial) };
}

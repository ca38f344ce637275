// THE authorization decision (spec §3.5, §6), written once over Logic<B>: model/ runs it on booleans, solver/ on Z3 terms.
import type { Logic } from '../logic.ts';
import type { ResourceVerdict, Verdict } from '../policy/evaluate.ts';

/** Everything the rule needs to know about one request, already interpreted as B values. */
export interface DecisionInputs<B> {
  /** The request is unsigned (S3 only; KMS and IAM never see one: KMS-DG control-access). */
  readonly anonymous: B;
  /** The caller's account owns the resource. */
  readonly sameAccount: B;
  /** The resource's own policy (key policy, bucket policy + ACLs, role trust policy); absent for IAM-only actions. */
  readonly resourcePolicy: ResourceVerdict<B> | undefined;
  /** The caller's identity policies (an account root's identity allows everything in its account). */
  readonly identity: Verdict<B>;
  /** Permissions boundary (allow = yes when there is none). */
  readonly boundary: Verdict<B>;
  /** Session policy of a role session (allow = yes when there is none). */
  readonly session: Verdict<B>;
  /** Organizations SCPs of the caller's account (allow = yes outside an organization and for the management account). */
  readonly scp: Verdict<B>;
  /** A KMS grant allows the request (KMS only; no otherwise). */
  readonly grant: B;
}

/** How a service reads its resource policy. */
export interface DecisionRule {
  /**
   * KMS key policies and role trust policies must allow the principal themselves, directly or through the account
   * principal; an identity-policy allow alone is not enough (IAM-UG evaluation-logic: "the exceptions ... KMS key
   * policies and IAM role trust policies"; KMS-DG key-policies).
   */
  readonly resourcePolicyRequired: boolean;
  /**
   * Unsigned requests can be served at all: S3 only. KMS never receives anonymous requests ("To use AWS KMS, you must
   * have credentials": KMS-DG control-access), nor do IAM and STS.
   */
  readonly servesAnonymous: boolean;
  /** The action works across accounts at all (KMS: spec §3.6; S3 and STS: yes; IAM: no). */
  readonly crossAccountAction: boolean;
  /** §12.16: a resource policy that names a role ARN or "*" is still bounded by the boundary and session policy. */
  readonly indirectBoundedByBoundary: boolean;
  /** §12.10: grants authorize a grantee of another account without an IAM policy there. */
  readonly grantsCrossAccount: boolean;
  /** §12.11: SCPs also bound grant-based access. */
  readonly scpLimitsGrants: boolean;
}

export const noVerdict = <B>(L: Logic<B>): Verdict<B> => ({ allow: L.no, deny: L.no });
export const allowAllVerdict = <B>(L: Logic<B>): Verdict<B> => ({ allow: L.yes, deny: L.no });

/**
 * Allowed iff no explicit deny, the guardrails (SCPs) allow, and an allow source applies.
 *
 * 1. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — "an explicit deny in
 *    any of these policies overrides the allow": resource policy, identity policies, SCPs, boundary, session policy;
 *    in KMS it also beats grants (KMS-DG conditions-kms: "takes precedence over all grants").
 * 2. SCPs must allow the action for every principal of a member account, root included (same page).
 * 3. Same account: a resource policy naming the caller suffices (a role ARN or "*" still bounded by boundary and session
 *    policy); a resource-policy allow for the account delegates to the caller's IAM policies, which must allow within
 *    the boundary and session policy; for services other than KMS/trust policies an identity allow alone suffices.
 *    KMS-DG key-policies: "no principal has any permissions on a KMS key unless ... explicitly allowed".
 * 4. Cross account: the resource side and the caller's IAM side must both allow
 *    (IAM-UG evaluation-logic-cross-account; KMS-DG key-policy-modifying-external-accounts: "Neither alone is
 *    sufficient"), and only for actions that work across accounts.
 * 5. Anonymous: only a resource-side allow of everyone ("*", public ACL) can apply.
 * 6. Grants are an allow-only source (KMS-DG grants).
 */
export function decide<B>(L: Logic<B>, i: DecisionInputs<B>, rule: DecisionRule): B {
  const none: ResourceVerdict<B> = { exact: L.no, indirect: L.no, account: L.no, deny: L.no };
  const rp = i.resourcePolicy ?? none;
  const withinGuards = L.and(i.boundary.allow, i.session.allow);
  const iamAllows = L.and(i.identity.allow, withinGuards);
  const direct = L.or(rp.exact, rule.indirectBoundedByBoundary ? L.and(rp.indirect, withinGuards) : rp.indirect);

  const explicitDeny = L.or(rp.deny, i.identity.deny, i.scp.deny, i.boundary.deny, i.session.deny);
  const sameAccountAllow = rule.resourcePolicyRequired
    ? L.or(direct, L.and(rp.account, iamAllows))
    : L.or(direct, iamAllows);
  const crossAccountAllow = rule.crossAccountAction ? L.and(L.or(rp.exact, rp.indirect, rp.account), iamAllows) : L.no;
  const signedAllow = L.ite(i.sameAccount, sameAccountAllow, crossAccountAllow);
  const anonymousAllow = rule.servesAnonymous ? rp.indirect : L.no;
  const policyAllow = L.ite(i.anonymous, anonymousAllow, L.and(i.scp.allow, signedAllow));

  const grantAllow = L.and(
    i.grant,
    L.not(i.anonymous),
    rule.grantsCrossAccount ? L.yes : i.sameAccount,
    rule.crossAccountAction ? L.yes : i.sameAccount,
    rule.scpLimitsGrants ? i.scp.allow : L.yes,
  );
  return L.and(L.not(explicitDeny), L.or(policyAllow, grantAllow));
}

// The IAM, STS and Organizations quotas keyward enforces (default values of the documented quota tables).

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — "the total aggregate policy size (the
 * sum size of all inline policies) per entity cannot exceed: User policy size 2,048 characters; Role policy size
 * 10,240 characters; Group policy size 5,120 characters"; "Managed policy size 6,144"; "Role trust policy length
 * 2,048 characters"; "IAM does not count white space when calculating the size of a policy".
 */
export const INLINE_POLICY_SIZE = { user: 2048, role: 10240, group: 5120 } as const;
export const MANAGED_POLICY_SIZE = 6144;
export const TRUST_POLICY_SIZE = 2048;

/** Same page: "Managed policies attached to an IAM user / role / group: 10"; "Groups an IAM user can be a member of: 10". */
export const ATTACHED_POLICIES_PER_ENTITY = 10;
export const GROUPS_PER_USER = 10;

/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — DurationSeconds 900..43200, default 3600;
 * "Role chaining limits your AWS CLI or AWS API role session to a maximum of one hour".
 */
export const SESSION_MIN_SECONDS = 900;
export const SESSION_DEFAULT_SECONDS = 3600;
export const ROLE_CHAINING_MAX_SECONDS = 3600;
/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html — MaxSessionDuration 3600..43200, default 3600. */
export const MAX_SESSION_DURATION = { min: 3600, max: 43200, default: 3600 } as const;

/**
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html — "Maximum size of a policy
 * document: SCPs 5,120 characters" ("All characters in your SCP count against its maximum size": white space too);
 * "Number of SCPs attached to a root, OU or account: 5".
 */
export const SCP_MAX_CHARACTERS = 5120;
export const SCPS_PER_TARGET = 5;

/** The size IAM counts for a policy: its characters, white space excluded. */
export const iamPolicySize = (text: string): number => text.replace(/\s/g, '').length;

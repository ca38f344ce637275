// The initial state of a world: the known accounts with their root users, an optional organization, an empty KMS and S3.
import type { AccountId, Arn } from './arn.ts';
import { defaultConfig } from './config.ts';
import { parsePolicy } from './policy/parse.ts';
import type { Organization, State, WorldSpec } from './state.ts';
import { FULL_AWS_ACCESS_ID } from './authz/caller.ts';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_START = Date.parse('2026-01-01T00:00:00Z');

const FULL_AWS_ACCESS_TEXT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html — FullAWSAccess is attached by default. */
function organizationOf(spec: NonNullable<WorldSpec['organization']>): Organization {
  const parsed = parsePolicy(FULL_AWS_ACCESS_TEXT, 'scp');
  if (!parsed.ok) throw new Error('FullAWSAccess does not parse');
  return {
    id: `o-${spec.management.slice(0, 10)}`,
    rootId: `r-${spec.management.slice(-4)}`,
    management: spec.management,
    members: spec.members.filter((m) => m !== spec.management),
    policies: {
      [FULL_AWS_ACCESS_ID]: {
        id: FULL_AWS_ACCESS_ID,
        arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        name: 'FullAWSAccess',
        description: 'Allows access to every operation',
        policy: { text: FULL_AWS_ACCESS_TEXT, doc: parsed.doc },
        awsManaged: true,
      },
    },
    attachments: {},
  };
}

export function initialState(spec: WorldSpec): State {
  return {
    config: { ...defaultConfig, ...spec.config },
    region: spec.region ?? DEFAULT_REGION,
    now: spec.start ?? DEFAULT_START,
    seq: 0,
    accounts: [...spec.accounts],
    organization: spec.organization ? organizationOf(spec.organization) : undefined,
    iam: { users: {}, groups: {}, roles: {}, policies: {}, sessions: {} },
    kms: { keys: {}, aliases: {}, deletedKeys: {} },
    s3: { buckets: {} },
    monitoring: { trail: undefined, metricFilters: {}, metrics: {}, alarms: {}, topics: {}, configRules: {} },
  };
}

export const knownAccount = (state: State, account: string): account is AccountId => state.accounts.includes(account as AccountId);
export type { Arn };

// The Scope: one object that sizes every finite universe keyward explores — fast-check worlds and call sequences here,
// the solver's encodings and exhaustive enumeration alike.

export interface Scope {
  /** Accounts (1..3): the first is an organization's management account, the second its member, the third outside it. */
  readonly accounts: number;
  /** IAM users per account; each account also has one role per two users (at least one). */
  readonly principals: number;
  /** KMS keys created when a world is built (calls may create more). */
  readonly keys: number;
  /** S3 buckets (owned by the accounts in turn) and object keys per bucket. */
  readonly buckets: number;
  readonly objects: number;
  /** Encryption-context keys and values that requests, grants and conditions draw from. */
  readonly contextKeys: number;
  readonly contextValues: number;
  /** Calls (and clock moves) after the world is built. */
  readonly steps: number;
}

export const defaultScope: Scope = {
  accounts: 3,
  principals: 2,
  keys: 3,
  buckets: 2,
  objects: 2,
  contextKeys: 2,
  contextValues: 2,
  steps: 60,
};

const ACCOUNT_IDS = ['111122223333', '444455556666', '777788889999'] as const;
const CONTEXT_KEYS = ['Department', 'Project', 'Stage'] as const;
const CONTEXT_VALUES = ['Finance', 'Sales', 'Ops'] as const;

/** The names a scope allows, fixed so that runs, replays and solver encodings agree. */
export interface Universe {
  readonly accounts: readonly string[];
  /** The organization: the first account manages it; the second (if any) is a member; the third stays outside. */
  readonly organization: { readonly management: string; readonly members: readonly string[] } | undefined;
  readonly userNames: readonly string[];
  readonly roleNames: readonly string[];
  readonly bucketNames: readonly string[];
  readonly objectKeys: readonly string[];
  readonly contextKeys: readonly string[];
  readonly contextValues: readonly string[];
  readonly aliasNames: readonly string[];
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.floor(n)));

export function universeOf(scope: Scope): Universe {
  const accounts = ACCOUNT_IDS.slice(0, clamp(scope.accounts, 1, ACCOUNT_IDS.length));
  const principals = clamp(scope.principals, 0, 9);
  return {
    accounts,
    organization: accounts.length >= 2 ? { management: accounts[0]!, members: [accounts[1]!] } : undefined,
    userNames: Array.from({ length: principals }, (_, i) => `user${i}`),
    roleNames: Array.from({ length: Math.max(1, Math.ceil(principals / 2)) }, (_, i) => `role${i}`),
    bucketNames: Array.from({ length: clamp(scope.buckets, 0, 9) }, (_, i) => `keyward-bucket-${i}`),
    objectKeys: Array.from({ length: clamp(scope.objects, 1, 9) }, (_, i) => `object-${i}.txt`),
    contextKeys: CONTEXT_KEYS.slice(0, clamp(scope.contextKeys, 1, CONTEXT_KEYS.length)),
    contextValues: CONTEXT_VALUES.slice(0, clamp(scope.contextValues, 1, CONTEXT_VALUES.length)),
    aliasNames: ['alias/keyward-a', 'alias/keyward-b'],
  };
}

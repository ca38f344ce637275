// Policy documents for generated worlds and calls: key policies, identity policies, trust, session and bucket
// policies, SCPs and permissions boundaries, drawn from shapes that exercise the decision rule.
import type { Draw } from './draw.ts';
import type { Universe } from './scope.ts';

export const rootOf = (account: string): string => `arn:aws:iam::${account}:root`;
const V = '2012-10-17';
type Json = Record<string, unknown>;

/** Principals that exist in the state (key policies refuse unknown ones), as ARNs. */
export interface Principals {
  readonly users: readonly string[];
  readonly roles: readonly string[];
}

const KEY_USER = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const KEY_ADMIN = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*',
  'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];
const KEY_ACTIONS: readonly (string | string[])[] = [
  'kms:*', KEY_USER, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], KEY_ADMIN, 'kms:Decrypt', ['kms:DescribeKey', 'kms:GetKeyPolicy'], KEY_USER,
];

export function encryptionContext(d: Draw, u: Universe, maxPairs = 2): Record<string, string> {
  const ec: Record<string, string> = {};
  for (let i = d.int(maxPairs + 1); i > 0; i--) ec[d.pick(u.contextKeys)] = d.pick(u.contextValues);
  return ec;
}

function keyCondition(d: Draw, u: Universe, region: string): Json | undefined {
  switch (d.int(8)) {
    case 0:
      return { StringEquals: { [`kms:EncryptionContext:${d.pick(u.contextKeys)}`]: d.pick(u.contextValues) } };
    case 1:
      return { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } };
    case 2:
      return { StringEquals: { 'kms:CallerAccount': d.pick(u.accounts) } };
    case 3:
      return { Bool: { 'kms:GrantIsForAWSResource': 'true' } };
    default:
      return undefined;
  }
}

function keyStatement(d: Draw, u: Universe, p: Principals, account: string, region: string): Json {
  const effect = d.chance(0.25) ? 'Deny' : 'Allow';
  const others = u.accounts.filter((a) => a !== account);
  const principal = d.pick([
    { AWS: rootOf(d.maybe(others) ?? account) },
    { AWS: d.maybe(p.users) ?? rootOf(account) },
    { AWS: d.maybe(p.roles) ?? rootOf(account) },
    { AWS: '*' },
    { AWS: rootOf(account) },
  ]);
  const condition = principal.AWS === '*' && d.chance(0.6) ? { StringEquals: { 'kms:CallerAccount': d.pick(u.accounts) } } : keyCondition(d, u, region);
  const sid = d.pick([undefined, undefined, 'S0', 'S1', 'Enable IAM User Permissions']);
  return { ...(sid ? { Sid: sid } : {}), Effect: effect, Principal: principal, Action: d.pick(KEY_ACTIONS), Resource: '*', ...(condition ? { Condition: condition } : {}) };
}

/** A key policy: usually the delegation to the key's account first, then one to three drawn statements. */
export function keyPolicy(d: Draw, u: Universe, p: Principals, account: string, region: string): Json {
  const statements: Json[] = [];
  if (d.chance(0.7)) statements.push({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootOf(account) }, Action: 'kms:*', Resource: '*' });
  for (let n = 1 + d.int(3); n > 0; n--) statements.push(keyStatement(d, u, p, account, region));
  return { Version: V, Statement: statements };
}

/** An identity policy for a user or role (undefined: none). */
export function identityPolicy(d: Draw, u: Universe, account: string, region: string): Json | undefined {
  const other = d.maybe(u.accounts.filter((a) => a !== account)) ?? account;
  const shapes: (Json[] | undefined)[] = [
    undefined,
    [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
    [{ Effect: 'Allow', Action: [...KEY_USER, 'kms:CreateGrant', 'kms:ListGrants'], Resource: '*' }],
    [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } } }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    [{ Effect: 'Allow', Action: ['kms:*', 's3:*', 'sts:AssumeRole'], Resource: '*' }, { Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], Resource: '*' }],
    [{ Effect: 'Allow', Action: ['kms:*', 'sts:AssumeRole'], Resource: `arn:aws:kms:*:${other}:key/*` }, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    [{ Effect: 'Allow', Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:ListGrants', 'kms:ListRetirableGrants', 'kms:DescribeKey', 'sts:AssumeRole'], Resource: '*' }],
    [
      { Effect: 'Allow', Action: ['kms:*', 's3:*'], Resource: '*' },
      { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { [`kms:EncryptionContext:${d.pick(u.contextKeys)}`]: d.pick(u.contextValues) } } },
    ],
  ];
  const s = d.pick(shapes);
  return s && { Version: V, Statement: s };
}

/** A guardrail policy (boundary or session policy). */
export function guardrailPolicy(d: Draw): Json {
  return d.pick([
    { Version: V, Statement: [{ Effect: 'Allow', Action: ['kms:*', 's3:*', 'sts:*'], Resource: '*' }] },
    { Version: V, Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 's3:GetObject'], Resource: '*' }] },
    { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: ['kms:CreateGrant', 'kms:Decrypt'], Resource: '*' }] },
  ]);
}

/** An SCP for a member account: everything allowed, with one drawn Deny. */
export function scpPolicy(d: Draw): Json {
  const deny = d.pick<Json>([
    { Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
    { Effect: 'Deny', Action: 'kms:CreateGrant', Resource: '*' },
    { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:ViaService': 'true' } } },
  ]);
  return { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, deny] };
}

/** A role's trust policy: its own account, another account, or one user. */
export function trustPolicy(d: Draw, u: Universe, p: Principals, account: string): Json {
  const principal = d.pick([rootOf(account), rootOf(account), rootOf(d.pick(u.accounts)), d.maybe(p.users) ?? rootOf(account)]);
  return { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] };
}

/** A bucket policy: public reads, another account's reads and writes, or a requirement of SSE-KMS on writes. */
export function bucketPolicy(d: Draw, u: Universe, bucket: string, owner: string): Json {
  const other = d.maybe(u.accounts.filter((a) => a !== owner)) ?? owner;
  return d.pick<Json>([
    { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] },
    { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: rootOf(other) }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` }] },
    {
      Version: V,
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }],
    },
  ]);
}

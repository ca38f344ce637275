// A generated large world for benchmarks: accounts, users and roles, keys with conditioned policies, grants and objects.
import type { AccountId, Arn, Bucket, Grant, GrantOperation, Key, Role, RoleSession, S3Object, State, User } from '../model/index.ts';
import { initialState, parsePolicy } from '../model/index.ts';

export interface WorldSize {
  readonly accounts: number;
  readonly principals: number;
  readonly keys: number;
  readonly grants: number;
  readonly objects: number;
}

export const DEFAULT_SIZE: WorldSize = { accounts: 20, principals: 2000, keys: 500, grants: 5000, objects: 10000 };

/** A small deterministic PRNG (mulberry32) so every run builds the same world. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const stored = (text: string, kind: Parameters<typeof parsePolicy>[1]) => {
  const r = parsePolicy(text, kind);
  if (!r.ok) throw new Error(`generated policy does not parse: ${r.reason}`);
  return { text, doc: r.doc };
};

const ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Get*', 'kms:List*', 'kms:CreateGrant'];

/** One key-policy statement with a condition drawn from the kinds real policies use. */
function statement(rand: () => number, account: string, principals: readonly string[], i: number): object {
  const conditions = [
    { StringEquals: { 'kms:CallerAccount': account } },
    { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    { StringLike: { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::bucket-${i}/*` } },
    { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department', 'Project'] } },
    { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/*` } },
    { StringEqualsIgnoreCase: { 'aws:username': 'admin' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  ];
  const who = rand() < 0.15 ? { AWS: `arn:aws:iam::${account}:root` } : { AWS: [pick(rand, principals), pick(rand, principals)] };
  return {
    Sid: `S${i}`,
    Effect: rand() < 0.1 ? 'Deny' : 'Allow',
    Principal: who,
    Action: [pick(rand, ACTIONS), pick(rand, ACTIONS)],
    Resource: '*',
    ...(rand() < 0.7 ? { Condition: pick(rand, conditions) } : {}),
  };
}

export function generateWorld(size: WorldSize = DEFAULT_SIZE, seed = 42): State {
  const rand = prng(seed);
  const accounts = Array.from({ length: size.accounts }, (_, i) => String(100000000000 + i * 7919) as AccountId);
  const base = initialState({ accounts });
  const users: Record<string, User> = {};
  const roles: Record<string, Role> = {};
  const sessions: Record<string, RoleSession> = {};
  const principalsOf: Record<string, string[]> = {};
  const trust = stored(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: accounts[0] }, Action: 'sts:AssumeRole' }] }), 'trustPolicy');
  const identity = stored(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 's3:*'], Resource: '*' }] }), 'identity');
  for (let i = 0; i < size.principals; i++) {
    const account = accounts[i % accounts.length]!;
    principalsOf[account] ??= [];
    if (i % 2 === 0) {
      const arn = `arn:aws:iam::${account}:user/u${i}` as Arn;
      users[arn] = { arn, account, name: `u${i}`, path: '/', userId: `AIDA${i}`, createdAt: 0, inlinePolicies: rand() < 0.5 ? { p: identity } : {}, attachedPolicies: [], boundary: undefined };
      principalsOf[account]!.push(arn);
    } else {
      const arn = `arn:aws:iam::${account}:role/r${i}` as Arn;
      roles[arn] = { arn, account, name: `r${i}`, path: '/', roleId: `AROA${i}`, createdAt: 0, trustPolicy: trust, inlinePolicies: { p: identity }, attachedPolicies: [], boundary: undefined, maxSessionDurationSeconds: 3600 };
      const sArn = `arn:aws:sts::${account}:assumed-role/r${i}/s` as Arn;
      sessions[sArn] = { arn: sArn, account, roleArn: arn, roleName: `r${i}`, sessionName: 's', sessionPolicy: undefined, sessionPolicyArns: [], expiresAt: Number.MAX_SAFE_INTEGER, assumedBy: arn };
      principalsOf[account]!.push(arn);
    }
  }
  const keys: Record<string, Key> = {};
  const keyList: Key[] = [];
  const grantOps: GrantOperation[] = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'];
  for (let k = 0; k < size.keys; k++) {
    const account = accounts[k % accounts.length]!;
    const keyId = `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
    const arn = `arn:aws:kms:us-east-1:${account}:key/${keyId}` as Arn;
    const count = 5 + Math.floor(rand() * 26);
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }, ...Array.from({ length: count - 1 }, (_, i) => statement(rand, account, principalsOf[account]!, i))] };
    const key: Key = {
      keyId, arn, account, region: 'us-east-1', description: '', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS', state: 'Enabled', createdAt: 0, deletionDate: undefined, pendingWindowInDays: undefined, policy: stored(JSON.stringify(policy), 'keyPolicy'),
      rotation: { enabled: false, periodDays: 365, nextRotationAt: undefined, onDemandCount: 0 },
      materials: [{ version: 1, secret: `secret-${k}`, createdAt: 0, onDemand: false }], grants: {}, tags: {},
    };
    keys[keyId] = key;
    keyList.push(key);
  }
  for (let g = 0; g < size.grants; g++) {
    const key = keyList[g % keyList.length]!;
    const grantee = pick(rand, principalsOf[pick(rand, accounts)]!);
    const grant: Grant = {
      grantId: `g${String(g).padStart(63, '0')}`, grantToken: `t${g}`, keyArn: key.arn, name: undefined, granteePrincipal: grantee, retiringPrincipal: undefined,
      issuingAccount: `arn:aws:iam::${key.account}:root` as Arn, operations: [pick(rand, grantOps), pick(rand, grantOps)],
      constraints: rand() < 0.5 ? { encryptionContextEquals: undefined, encryptionContextSubset: { Department: 'Finance' } } : undefined,
      createdAt: 0, visibleAt: 0, parentGrantId: undefined,
    };
    const current = keys[key.keyId]!;
    keys[key.keyId] = { ...current, grants: { ...current.grants, [grant.grantId]: grant } };
  }
  const buckets: Record<string, Bucket> = {};
  const bucketCount = Math.max(1, Math.floor(size.objects / 200));
  for (let b = 0; b < bucketCount; b++) {
    const account = accounts[b % accounts.length]!;
    const name = `bucket-${b}`;
    const objects: Record<string, S3Object> = {};
    for (let o = 0; o < size.objects / bucketCount; o++) {
      const key = `o${o}.txt`;
      objects[key] = { key, body: `object ${o}`, owner: account, etag: `"e${o}"`, lastModified: 0, sse: 'AES256', kmsKeyArn: undefined, encryptedDataKey: undefined, bucketKeyEnabled: false, encryptionContext: undefined, acl: [] };
    }
    buckets[name] = {
      name, arn: `arn:aws:s3:::${name}` as Arn, account, region: 'us-east-1', createdAt: 0, defaultEncryption: { algorithm: 'AES256', kmsMasterKeyId: undefined, bucketKeyEnabled: false },
      publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }, ownership: 'BucketOwnerEnforced', policy: undefined, acl: [], objects,
    };
  }
  return { ...base, iam: { ...base.iam, users, roles, sessions }, kms: { ...base.kms, keys }, s3: { buckets } };
}

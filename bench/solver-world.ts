// Generated worlds for the solver benchmark: N principals over three accounts, one key whose policy has S statements
// (principals of the world, conditions of the kinds real key policies use), G grants on it.
import type { AccountId, Arn, Grant, GrantOperation, Key, Role, RoleSession, State, User } from '../model/index.ts';
import { initialState, parsePolicy } from '../model/index.ts';
import { prng } from './world.ts';

export interface SolverCell {
  readonly statements: number;
  readonly grants: number;
  readonly principals: number;
}

export interface SolverWorld {
  readonly state: State;
  readonly keyArn: string;
  /** Every principal ARN of the world (users and roles), in creation order. */
  readonly principals: readonly string[];
  readonly owner: string;
  /** Draws from the world's own generator (for the questions' choices). */
  readonly rand: () => number;
}

const ACCOUNTS = ['111122223333', '444455556666', '777788889999'] as AccountId[];

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function stored(text: string, kind: Parameters<typeof parsePolicy>[1]) {
  const r = parsePolicy(text, kind);
  if (!r.ok) throw new Error(`generated policy does not parse: ${r.reason}`);
  return { text, doc: r.doc };
}

const ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Get*', 'kms:List*', 'kms:CreateGrant'];

/** One key-policy statement: one or two principals of the world (sometimes an account), two actions, often a condition. */
export function keyStatement(rand: () => number, owner: string, principals: readonly string[], i: number): object {
  const conditions = [
    { StringEquals: { 'kms:CallerAccount': owner } },
    { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    { StringLike: { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::bucket-${i}/*` } },
    { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department', 'Project'] } },
    { StringEquals: { 'kms:EncryptionContext:Department': pick(rand, ['Finance', 'IT', 'Sales']) } },
    { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${owner}:role/*` } },
    { StringEqualsIgnoreCase: { 'aws:username': 'admin' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } },
  ];
  const who = rand() < 0.1 ? { AWS: `arn:aws:iam::${pick(rand, ACCOUNTS)}:root` } : { AWS: [pick(rand, principals), pick(rand, principals)] };
  return {
    Sid: `S${i}`,
    Effect: rand() < 0.1 ? 'Deny' : 'Allow',
    Principal: who,
    Action: [pick(rand, ACTIONS), pick(rand, ACTIONS)],
    Resource: '*',
    ...(rand() < 0.7 ? { Condition: pick(rand, conditions) } : {}),
  };
}

/** The world of one benchmark cell (deterministic for a seed). */
export function solverWorld(cell: SolverCell, seed = 7): SolverWorld {
  const rand = prng(seed);
  const base = initialState({ accounts: ACCOUNTS });
  const owner = ACCOUNTS[0]!;
  const users: Record<string, User> = {};
  const roles: Record<string, Role> = {};
  const sessions: Record<string, RoleSession> = {};
  const principals: string[] = [];
  const trust = stored(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: owner }, Action: 'sts:AssumeRole' }] }), 'trustPolicy');
  const identity = stored(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], Resource: '*' }] }), 'identity');
  for (let i = 0; i < cell.principals; i++) {
    // Most principals live in the key's account, the rest in two other known accounts.
    const account = i % 5 < 3 ? owner : ACCOUNTS[1 + (i % 2)]!;
    if (i % 3 !== 2) {
      const arn = `arn:aws:iam::${account}:user/u${i}` as Arn;
      users[arn] = { arn, account, name: `u${i}`, path: '/', userId: `AIDA${i}`, createdAt: 0, inlinePolicies: rand() < 0.5 ? { p: identity } : {}, attachedPolicies: [], boundary: undefined };
      principals.push(arn);
    } else {
      const arn = `arn:aws:iam::${account}:role/r${i}` as Arn;
      roles[arn] = { arn, account, name: `r${i}`, path: '/', roleId: `AROA${i}`, createdAt: 0, trustPolicy: trust, inlinePolicies: { p: identity }, attachedPolicies: [], boundary: undefined, maxSessionDurationSeconds: 3600 };
      if (rand() < 0.25) {
        const sArn = `arn:aws:sts::${account}:assumed-role/r${i}/s` as Arn;
        sessions[sArn] = { arn: sArn, account, roleArn: arn, roleName: `r${i}`, sessionName: 's', sessionPolicy: undefined, sessionPolicyArns: [], expiresAt: Number.MAX_SAFE_INTEGER, assumedBy: arn };
      }
      principals.push(arn);
    }
  }
  const keyId = '00000000-0000-4000-8000-000000000001';
  const keyArn = `arn:aws:kms:us-east-1:${owner}:key/${keyId}` as Arn;
  const statements = [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' },
    ...Array.from({ length: cell.statements - 1 }, (_, i) => keyStatement(rand, owner, principals, i)),
  ];
  const grantOps: GrantOperation[] = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'];
  const grants: Record<string, Grant> = {};
  for (let g = 0; g < cell.grants; g++) {
    const grantId = `g${String(g).padStart(63, '0')}`;
    grants[grantId] = {
      grantId, grantToken: `t${g}`, keyArn, name: undefined, granteePrincipal: pick(rand, principals), retiringPrincipal: undefined,
      issuingAccount: `arn:aws:iam::${owner}:root` as Arn, operations: [pick(rand, grantOps), pick(rand, grantOps)],
      constraints: rand() < 0.5 ? { encryptionContextEquals: undefined, encryptionContextSubset: { Department: pick(rand, ['Finance', 'IT']) } } : undefined,
      createdAt: 0, visibleAt: 0, parentGrantId: undefined,
    };
  }
  const key: Key = {
    keyId, arn: keyArn, account: owner, region: 'us-east-1', description: '', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS', state: 'Enabled', createdAt: 0, deletionDate: undefined, pendingWindowInDays: undefined,
    policy: stored(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'keyPolicy'),
    rotation: { enabled: false, periodDays: 365, nextRotationAt: undefined, onDemandCount: 0 },
    materials: [{ version: 1, secret: 'secret-bench', createdAt: 0, onDemand: false }], grants, tags: {},
  };
  const state: State = { ...base, iam: { ...base.iam, users, roles, sessions }, kms: { ...base.kms, keys: { [keyId]: key } } };
  return { state, keyArn, principals, owner, rand };
}

/** A candidate for newAccess: the current policy with one statement more (a principal of the world, decrypt, a condition). */
export function candidatePolicy(w: SolverWorld): string {
  const key = Object.values(w.state.kms.keys)[0]!;
  const current = JSON.parse(key.policy.text) as { Version: string; Statement: object[] };
  const added = {
    Sid: 'Candidate', Effect: 'Allow', Principal: { AWS: pick(w.rand, w.principals) }, Action: 'kms:Decrypt', Resource: '*',
    Condition: { StringEquals: { 'kms:EncryptionContext:Department': 'Legal' } },
  };
  return JSON.stringify({ ...current, Statement: [...current.Statement, added] });
}

// The differential campaign over KMS: random small worlds (users with identity policies, a role with a live session, a
// key with a drawn policy, grants, a key state) and concrete requests, shared by the differential, mutant and
// cross-check suites so that each runs on the same fixed-seed worlds.
import fc from 'fast-check';
import type { RequestWitness } from '../../solver/index.ts';
import { A, B, KmsWorld, policy, ROOT_A, ROOT_B } from './world.ts';

export const U0 = `arn:aws:iam::${A}:user/u0`;
export const U1 = `arn:aws:iam::${A}:user/u1`;
export const UB = `arn:aws:iam::${B}:user/ub`;
export const ROLE = `arn:aws:iam::${A}:role/R`;
export const LIVE = `arn:aws:sts::${A}:assumed-role/R/live`;
export const FRESH = `arn:aws:sts::${A}:assumed-role/R/fresh-one`;
export const VIA_S3 = 'kms.us-east-1.amazonaws.com'.replace('kms', 's3');

const CONDITIONS: readonly (object | undefined)[] = [
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  { StringEquals: { 'kms:EncryptionContext:dept': 'it' } },
  { StringEqualsIgnoreCase: { 'kms:EncryptionContext:Dept': 'IT' } },
  { StringLike: { 'kms:EncryptionContext:proj': 'a*' } },
  { StringNotEquals: { 'kms:EncryptionContext:dept': 'hr' } },
  { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['dept'] } },
  { 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['pro*'] } },
  { Null: { 'kms:EncryptionContextKeys': 'true' } },
  { StringEquals: { 'kms:ViaService': VIA_S3 } },
  { Null: { 'kms:ViaService': 'true' } },
  { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-2' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/u*` } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/U*` } },
  { StringLike: { 'kms:EncryptionContext:proj': 'A?' } },
  { ArnEquals: { 'aws:PrincipalArn': ROLE } },
  { StringEquals: { 'kms:CallerAccount': A } },
  { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } },
  { StringLike: { 'aws:userid': '*:fresh*' } },
];

const principalsIn = [ROOT_A, ROOT_B, U0, U1, UB, ROLE, LIVE, '*'];
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:*', 'kms:Describe*', 'kms:GenerateDataKey*'];

const condition = fc.constantFrom(...CONDITIONS);
const keyStatement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
  principal: fc.constantFrom(...principalsIn),
  action: fc.constantFrom(...ACTIONS),
  condition,
}).map((s) => ({ Effect: s.effect, Principal: { AWS: s.principal }, Action: s.action, Resource: '*', ...(s.condition ? { Condition: s.condition } : {}) }));
const identityStatement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom('*', `arn:aws:kms:us-east-1:${A}:key/*`, `arn:aws:kms:us-east-1:${B}:key/*`),
  condition,
}).map((s) => ({ Effect: s.effect, Action: s.action, Resource: s.resource, ...(s.condition ? { Condition: s.condition } : {}) }));
const identity = fc.option(identityStatement, { nil: undefined, freq: 4 });
const grant = fc.record({
  grantee: fc.constantFrom(U0, U0, U1, UB, ROLE, ROOT_B),
  operations: fc.subarray(['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'], { minLength: 1 }),
  constraints: fc.constantFrom(undefined, { EncryptionContextEquals: { dept: 'it' } }, { EncryptionContextSubset: { proj: 'a1' } }, { EncryptionContextSubset: { Dept: 'it' } }),
});

export const world = fc.record({
  keyPolicy: fc.tuple(fc.boolean(), fc.array(keyStatement, { minLength: 1, maxLength: 4 })).map(([delegates, statements]) =>
    delegates ? [{ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' }, ...statements] : statements,
  ),
  u0: identity,
  u1: identity,
  ub: identity,
  role: identity,
  grants: fc.array(grant, { maxLength: 3 }),
  disabled: fc.constantFrom(false, false, false, true),
});

const REQUEST_PRINCIPALS = [ROOT_A, ROOT_A, ROOT_B, U0, U0, U1, UB, LIVE, FRESH];
const REQUEST_ACTIONS = ['kms:Decrypt', 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'];

const EC_PAIRS: readonly (readonly [string, string])[] = [['dept', 'it'], ['dept', 'hr'], ['proj', 'a1'], ['proj', 'b2'], ['proj', 'A1'], ['owner', 'u0']];

/**
 * At most two pairs, never two spellings of one key (solver/README.md "Limitations": such a request is outside what the
 * solver models, since its two condition keys would collide).
 */
const ecOf = (pairs: readonly (readonly [string, string])[]) =>
  fc.subarray([...pairs], { maxLength: 2 }).filter((ec) => new Set(ec.map(([k]) => k.toLowerCase())).size === ec.length || ec.every(([k]) => k === ec[0]![0]));

const requestChoices = {
  ec: ecOf(EC_PAIRS),
  vpce: fc.constantFrom(undefined, 'vpce-1', 'vpce-2'),
  via: fc.constantFrom(undefined, VIA_S3, 'ec2.us-east-1.amazonaws.com'),
  tls: fc.constantFrom('true', 'false'),
};

export const request = fc.record({ principal: fc.constantFrom(...REQUEST_PRINCIPALS), action: fc.constantFrom(...REQUEST_ACTIONS), ...requestChoices });

/** The requests a key-policy statement speaks of: its principal as a caller, its action pattern as actions. */
const CALLERS_OF: Readonly<Record<string, readonly string[]>> = { [ROLE]: [FRESH, LIVE], '*': REQUEST_PRINCIPALS };
const ACTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  'kms:*': REQUEST_ACTIONS, 'kms:Describe*': ['kms:DescribeKey'], 'kms:GenerateDataKey*': ['kms:GenerateDataKey'], 'kms:Decrypt': ['kms:Decrypt'], 'kms:Encrypt': ['kms:Encrypt'],
};

const EC_PREFIX = 'kms:EncryptionContext:';

/** Encryption-context pairs around a statement's condition on kms:EncryptionContext:<k>: its value made concrete, in both cases. */
function ecPairsAimedAt(condition: object | undefined): [string, string][] {
  const tests = Object.values(condition ?? {}).flatMap((t: Record<string, string | string[]>) => Object.entries(t));
  return tests.flatMap(([key, values]) => {
    if (!key.startsWith(EC_PREFIX)) return [];
    const k = key.slice(EC_PREFIX.length);
    return [values].flat().flatMap((v) => {
      const concrete = v.replace(/[*?]/g, '1');
      return [...new Set([concrete, concrete.toLowerCase(), concrete.toUpperCase()])].map((x): [string, string] => [k, x]);
    });
  });
}

type Statement = { readonly Principal: { readonly AWS: string }; readonly Action: string; readonly Condition?: object };

/** A request aimed at a statement: its principal as a caller, an action it covers, context around its condition. */
function aimedAt(s: Statement) {
  return fc.record({
    principal: fc.constantFrom(...(CALLERS_OF[s.Principal.AWS] ?? [s.Principal.AWS])),
    action: fc.constantFrom(...(ACTIONS_OF[s.Action] ?? REQUEST_ACTIONS)),
    ...requestChoices,
    ec: ecOf([...EC_PAIRS, ...ecPairsAimedAt(s.Condition)]),
  });
}

/** A request of the world: a third drawn at large, the rest aimed at what some statement of the key policy speaks of. */
function requestIn(w: { keyPolicy: readonly Statement[] }) {
  return fc.oneof(request, fc.constantFrom(...w.keyPolicy).chain(aimedAt), fc.constantFrom(...w.keyPolicy).chain(aimedAt));
}

export type World = typeof world extends fc.Arbitrary<infer T> ? T : never;
export type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** The world: users with their identity policies, a role with a live session, a key (with the default policy, for now). */
function build(w: World): { kw: KmsWorld; key: string } {
  const kw = new KmsWorld();
  const withPolicy = (s: object | undefined) => (s ? [policy(s)] : []);
  kw.user(A, 'u0', ...withPolicy(w.u0));
  kw.user(A, 'u1', ...withPolicy(w.u1));
  kw.user(B, 'ub', ...withPolicy(w.ub));
  const assumer = kw.user(A, 'assumer', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }));
  kw.ok(ROOT_A, 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' }) });
  if (w.role) kw.ok(ROOT_A, 'iam:PutRolePolicy', { RoleName: 'R', PolicyName: 'p', PolicyDocument: policy(w.role) });
  kw.ok(assumer, 'sts:AssumeRole', { RoleArn: ROLE, RoleSessionName: 'live' });
  const key = kw.key(ROOT_A).arn;
  return { kw, key };
}

/** Grants and the key state, set while the default policy lets A's root do so; then the drawn policy. */
function withGrantsAndState(kw: KmsWorld, key: string, w: World): void {
  for (const g of w.grants) kw.ok(ROOT_A, 'kms:CreateGrant', { KeyId: key, GranteePrincipal: g.grantee, Operations: g.operations, ...(g.constraints ? { Constraints: g.constraints } : {}) });
  if (w.disabled) kw.ok(ROOT_A, 'kms:DisableKey', { KeyId: key });
  kw.ok(ROOT_A, 'kms:PutKeyPolicy', { KeyId: key, Policy: policy(...w.keyPolicy), BypassPolicyLockoutSafetyCheck: true });
}

/** The concrete request a drawn one makes on the key. */
export function requestOf(r: Request, key: string): RequestWitness {
  const context: Record<string, string> = { 'aws:SecureTransport': r.tls };
  for (const [k, v] of r.ec) context[`kms:EncryptionContext:${k}`] = v;
  if (r.vpce) context['aws:SourceVpce'] = r.vpce;
  if (r.via) Object.assign(context, { 'kms:ViaService': r.via, 'aws:ViaAWSService': 'true' });
  if (r.action === 'kms:Decrypt' || r.action === 'kms:Encrypt') context['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
  return { principal: r.principal, action: r.action, resource: key, context };
}

/** A world built and brought to its drawn state: grants, key state, then the drawn key policy. */
export function worldOf(w: World): { kw: KmsWorld; key: string } {
  const built = build(w);
  withGrantsAndState(built.kw, built.key, w);
  return built;
}

/** The campaign's cases: a world and a few requests in it. */
export const campaignCase = world.chain((w) => fc.tuple(fc.constant(w), fc.array(requestIn(w), { minLength: 4, maxLength: 6 })));

/** How many worlds the campaign draws (FC_RUNS overrides it through fuzzParams). */
export const CAMPAIGN_RUNS = 50;

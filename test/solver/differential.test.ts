// Differential test: on random small worlds and requests, the solver's `decide` (the symbolic rule with every choice
// pinned to the request's) must agree with model/ (authorizeKms and the key state) on every request.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestWitness } from '../../solver/index.ts';
import { decide, requestAllowed, shutdownZ3 } from '../../solver/index.ts';
import { fuzzParams } from '../support/params.ts';
import { A, B, KmsWorld, policy, ROOT_A, ROOT_B } from './world.ts';

afterAll(shutdownZ3);

const U0 = `arn:aws:iam::${A}:user/u0`;
const U1 = `arn:aws:iam::${A}:user/u1`;
const UB = `arn:aws:iam::${B}:user/ub`;
const ROLE = `arn:aws:iam::${A}:role/R`;
const LIVE = `arn:aws:sts::${A}:assumed-role/R/live`;
const FRESH = `arn:aws:sts::${A}:assumed-role/R/fresh-one`;
const VIA_S3 = 'kms.us-east-1.amazonaws.com'.replace('kms', 's3');

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

const world = fc.record({
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

const request = fc.record({
  principal: fc.constantFrom(ROOT_A, ROOT_A, ROOT_B, U0, U0, U1, UB, LIVE, FRESH),
  action: fc.constantFrom('kms:Decrypt', 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'),
  ec: fc.subarray([['dept', 'it'], ['dept', 'hr'], ['proj', 'a1'], ['proj', 'b2'], ['owner', 'u0']] as const, { maxLength: 2 }),
  vpce: fc.constantFrom(undefined, 'vpce-1', 'vpce-2'),
  via: fc.constantFrom(undefined, VIA_S3, 'ec2.us-east-1.amazonaws.com'),
  tls: fc.constantFrom('true', 'false'),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;
type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

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

function witnessOf(r: Request, key: string): RequestWitness {
  const context: Record<string, string> = { 'aws:SecureTransport': r.tls };
  for (const [k, v] of r.ec) context[`kms:EncryptionContext:${k}`] = v;
  if (r.vpce) context['aws:SourceVpce'] = r.vpce;
  if (r.via) Object.assign(context, { 'kms:ViaService': r.via, 'aws:ViaAWSService': 'true' });
  if (r.action === 'kms:Decrypt' || r.action === 'kms:Encrypt') context['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
  return { principal: r.principal, action: r.action, resource: key, context };
}

describe('decide agrees with model/ on random worlds and requests', () => {
  // DESIGN.md "one rule, two interpreters": the rule is shared, so what this checks is the interpretation of the facts
  // (principals, conditions, encryption contexts, grants) by the symbolic side.
  it('for every request, the solver and the model give the same verdict', async () => {
    const seen = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(world, fc.array(request, { minLength: 4, maxLength: 6 }), async (w, requests) => {
        const { kw, key } = build(w);
        withGrantsAndState(kw, key, w);
        for (const r of requests) {
          const req = witnessOf(r, key);
          const model = requestAllowed(kw.state, req);
          const solver = await decide(kw.state, req);
          expect(solver, `${JSON.stringify(req)} in a world with key policy ${JSON.stringify(w.keyPolicy)}: model says ${model.why}`).toBe(model.allowed ? 'yes' : 'no');
          seen[model.allowed ? 'allowed' : 'denied']++;
          if (process.env['SOLVER_DIFF_LOG']) console.log(seen);
        }
      }),
      fuzzParams(50),
    );
    // A differential test that never sees both outcomes tests nothing.
    expect(seen.allowed).toBeGreaterThan(20);
    expect(seen.denied).toBeGreaterThan(20);
  });
});

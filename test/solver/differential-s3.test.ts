// Differential test for s3:GetObject: on random buckets (bucket policy, ACLs, Block Public Access, Object Ownership,
// SSE-S3 and SSE-KMS objects) and requests, the solver's `decide` agrees with the model's own GetObject.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestWitness } from '../../solver/index.ts';
import { decide, requestAllowed, shutdownZ3 } from '../../solver/index.ts';
import { fuzzParams } from '../support/params.ts';
import { A, B, KmsWorld, policy, ROOT_A, ROOT_B } from './world.ts';

afterAll(shutdownZ3);

const BUCKET = 'diff-bucket';
const U0 = `arn:aws:iam::${A}:user/u0`;
const U1 = `arn:aws:iam::${A}:user/u1`;
const UB = `arn:aws:iam::${B}:user/ub`;
const OBJECTS = ['plain.txt', 'sealed.txt'] as const;
const objectArn = (k: string) => `arn:aws:s3:::${BUCKET}/${k}`;

const CONDITIONS: readonly (object | undefined)[] = [
  undefined,
  undefined,
  { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { StringEquals: { 'aws:PrincipalAccount': B } },
  { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-2' } },
];

const bucketStatement = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  principal: fc.constantFrom<unknown>('*', { AWS: ROOT_B }, { AWS: U0 }, { AWS: UB }, { AWS: '*' }),
  action: fc.constantFrom('s3:GetObject', 's3:*', 's3:Get*'),
  resource: fc.constantFrom(`arn:aws:s3:::${BUCKET}/*`, objectArn('plain.txt'), objectArn('sealed.txt')),
  condition: fc.constantFrom(...CONDITIONS),
}).map((s) => ({ Effect: s.effect, Principal: s.principal, Action: s.action, Resource: s.resource, ...(s.condition ? { Condition: s.condition } : {}) }));

const keyStatement = fc.constantFrom<object | undefined>(
  undefined,
  { Effect: 'Allow', Principal: { AWS: U0 }, Action: 'kms:Decrypt', Resource: '*' },
  { Effect: 'Allow', Principal: { AWS: ROOT_B }, Action: 'kms:Decrypt', Resource: '*' },
  { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
  { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } },
  { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
);

const world = fc.record({
  ownership: fc.constantFrom('ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced'),
  block: fc.record({ BlockPublicAcls: fc.boolean(), IgnorePublicAcls: fc.boolean(), BlockPublicPolicy: fc.boolean(), RestrictPublicBuckets: fc.boolean() }),
  bucketPolicy: fc.array(bucketStatement, { maxLength: 3 }),
  acls: fc.tuple(fc.constantFrom('private', 'public-read', 'authenticated-read'), fc.constantFrom('private', 'public-read', 'authenticated-read')),
  keyExtra: keyStatement,
  u0: fc.constantFrom<string[]>(['s3:GetObject', 'kms:Decrypt'], ['s3:GetObject'], ['s3:*', 'kms:*'], []),
});

const request = fc.record({
  principal: fc.constantFrom('anonymous', ROOT_A, ROOT_B, U0, U0, U1, UB),
  object: fc.constantFrom(...OBJECTS),
  vpce: fc.constantFrom(undefined, 'vpce-1', 'vpce-2'),
  ip: fc.constantFrom(undefined, '10.1.2.3', '10.200.0.1', '192.168.0.1'),
  tls: fc.constantFrom('true', 'true', 'false'),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): KmsWorld {
  const kw = new KmsWorld();
  kw.user(A, 'u0', ...(w.u0.length > 0 ? [policy({ Effect: 'Allow', Action: w.u0, Resource: '*' })] : []));
  kw.user(A, 'u1');
  kw.user(B, 'ub', policy({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt'], Resource: '*' }));
  const statements = [{ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'kms:*', Resource: '*' }, ...(w.keyExtra ? [w.keyExtra] : [])];
  const key = kw.key(ROOT_A, { Policy: policy(...statements) }).arn;
  kw.ok(ROOT_A, 's3:CreateBucket', { Bucket: BUCKET });
  kw.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
  kw.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: BUCKET, PublicAccessBlockConfiguration: {} });
  kw.ok(ROOT_A, 's3:PutObject', { Bucket: BUCKET, Key: 'plain.txt', Body: 'plain', ACL: w.acls[0] });
  kw.ok(ROOT_A, 's3:PutObject', { Bucket: BUCKET, Key: 'sealed.txt', Body: 'sealed', ACL: w.acls[1], ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
  if (w.bucketPolicy.length > 0) kw.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: BUCKET, Policy: policy(...w.bucketPolicy) });
  kw.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: w.ownership }] } });
  kw.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: BUCKET, PublicAccessBlockConfiguration: w.block });
  return kw;
}

function witnessOf(r: typeof request extends fc.Arbitrary<infer T> ? T : never): RequestWitness {
  const context: Record<string, string> = { 'aws:SecureTransport': r.tls };
  if (r.vpce) context['aws:SourceVpce'] = r.vpce;
  if (r.ip) context['aws:SourceIp'] = r.ip;
  return { principal: r.principal, action: 's3:GetObject', resource: objectArn(r.object), context };
}

describe('decide agrees with the model\'s s3:GetObject on random buckets and requests', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html and
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — S3's authorization, then KMS Decrypt as the caller.
  it('for every request, the solver and the model give the same verdict', async () => {
    const seen = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(world, fc.array(request, { minLength: 4, maxLength: 6 }), async (w, requests) => {
        const kw = build(w);
        for (const r of requests) {
          const req = witnessOf(r);
          const model = requestAllowed(kw.state, req);
          const solver = await decide(kw.state, req);
          expect(solver, `${JSON.stringify(req)} in ${JSON.stringify(w)}: model says ${model.why}`).toBe(model.allowed ? 'yes' : 'no');
          seen[model.allowed ? 'allowed' : 'denied']++;
        }
      }),
      fuzzParams(40),
    );
    expect(seen.allowed).toBeGreaterThan(20);
    expect(seen.denied).toBeGreaterThan(20);
  });
});

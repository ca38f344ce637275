// Fuzzing step: arbitrary call shapes, callers and inputs for every supported call never make an exception escape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState, step, supportedCalls } from '../../model/index.ts';
import type { Call, State } from '../../model/index.ts';
import { fuzzParams } from '../support/params.ts';

const A = '111122223333';
const B = '444455556666';

/** A small world with a user, a role, a key and a bucket, built with step itself (whatever of it the model supports). */
function seededWorld(): State {
  let s = initialState({ accounts: [A as never, B as never] });
  const calls: Call[] = [
    { as: `arn:aws:iam::${A}:root`, op: 'iam:CreateUser', input: { UserName: 'alice' } },
    { as: `arn:aws:iam::${A}:root`, op: 'iam:CreateRole', input: { RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] }) } },
    { as: `arn:aws:iam::${A}:root`, op: 'kms:CreateKey', input: {} },
    { as: `arn:aws:iam::${A}:root`, op: 's3:CreateBucket', input: { Bucket: 'fuzz-bucket' } },
  ];
  for (const c of calls) s = step(s, c).state;
  return s;
}

const keyIds = (s: State): string[] => Object.values(s.kms.keys).flatMap((k) => [k.keyId, k.arn]);
const callers = fc.constantFrom('anonymous', `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${B}:root`, `arn:aws:iam::${A}:user/nobody`, 'not-an-arn', '');

/** Inputs shaped like AWS requests: plausible field names with arbitrary or plausible values. */
function inputs(world: State): fc.Arbitrary<unknown> {
  const fields = fc.constantFrom(
    'KeyId', 'Plaintext', 'CiphertextBlob', 'EncryptionContext', 'Policy', 'PolicyName', 'PendingWindowInDays', 'GranteePrincipal',
    'Operations', 'GrantId', 'GrantToken', 'AliasName', 'TargetKeyId', 'KeySpec', 'KeyUsage', 'Origin', 'UserName', 'GroupName',
    'RoleName', 'PolicyArn', 'PolicyDocument', 'AssumeRolePolicyDocument', 'RoleArn', 'RoleSessionName', 'Bucket', 'Key', 'Body',
    'ServerSideEncryption', 'SSEKMSKeyId', 'ACL', 'Content', 'TargetId', 'PolicyId', 'Type', 'Name', 'Constraints', 'Limit', 'Marker',
  );
  const plausible = fc.oneof(
    fc.constantFrom(...keyIds(world), 'alias/x', 'alice', 'fuzz-bucket', 'obj', 'default', `arn:aws:iam::${A}:role/r`, '{}', 'AES256', 'aws:kms'),
    fc.string(),
    fc.integer({ min: -5, max: 100 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  );
  return fc.oneof(fc.dictionary(fields, plausible, { maxKeys: 6 }), fc.anything());
}

describe('step never throws', () => {
  const world = seededWorld();
  const ops = [...supportedCalls(), 'kms:Bogus', 'nosuch:Op', 'kms', ''];

  it('on arbitrary inputs to every supported call, from any caller', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ops), callers, inputs(world), (op, as, input) => {
        const r = step(world, { as, op, input });
        expect(r.outcome.ok || typeof r.outcome.error.code === 'string').toBe(true);
      }),
      fuzzParams(2000),
    );
  });

  it('over random sequences of calls', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ops), callers, inputs(world)), { maxLength: 12 }), (calls) => {
        let s = world;
        for (const [op, as, input] of calls) {
          const r = step(s, { as, op, input });
          s = r.state;
        }
        expect(s.now).toBe(world.now);
      }),
      fuzzParams(200),
    );
  });
});

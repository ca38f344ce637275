// Fuzzing the policy parser and evaluator: arbitrary JSON and policy-shaped values never throw, and parse results are usable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boolLogic, contextOf, parsePolicy, policyVerdict } from '../../model/index.ts';
import type { PolicyKind } from '../../model/index.ts';
import { concreteFacts } from '../../model/authz/facts.ts';
import { fuzzParams } from '../support/params.ts';

const KINDS: readonly PolicyKind[] = ['identity', 'keyPolicy', 'bucketPolicy', 'trustPolicy', 'scp', 'sessionPolicy', 'boundary'];
const text = fc.oneof(fc.constantFrom('*', 'kms:*', 'kms:Get*', 's3:GetObject', 'arn:aws:iam::111122223333:root', '111122223333', '${aws:username}', ''), fc.string());
const values = fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.boolean(), fc.integer());
const operators = fc.constantFrom('StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'NumericLessThan', 'DateGreaterThan', 'Bool', 'Null', 'IpAddress', 'ArnLike', 'StringNotEqualsIfExists', 'Bogus');
const statement = fc.record(
  {
    Sid: fc.string(),
    Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), fc.string()),
    Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: values }, { requiredKeys: [] }), values),
    Action: values,
    NotAction: values,
    Resource: values,
    Condition: fc.dictionary(operators, fc.dictionary(fc.constantFrom('aws:username', 'kms:CallerAccount', 'kms:EncryptionContextKeys', 'aws:SourceIp'), values)),
  },
  { requiredKeys: [] },
);
const policyLike = fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 })) }, { requiredKeys: [] });

describe('policy parser fuzz', () => {
  it('never throws on arbitrary strings or JSON, for every policy kind', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), policyLike.map((p) => JSON.stringify(p))), fc.constantFrom(...KINDS), (input, kind) => {
        const r = parsePolicy(input, kind);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
      }),
      fuzzParams(),
    );
  });

  it('evaluates every document it accepts without throwing', () => {
    const caller = { kind: 'root', arn: 'arn:aws:iam::111122223333:root', account: '111122223333' } as const;
    fc.assert(
      fc.property(policyLike, fc.constantFrom(...KINDS), fc.string(), (p, kind, action) => {
        const r = parsePolicy(JSON.stringify(p), kind);
        if (!r.ok) return;
        const req = { caller: caller as never, action, resource: 'arn:aws:kms:us-east-1:111122223333:key/k', context: contextOf({ 'aws:username': 'x', 'aws:SourceIp': '10.0.0.1' }) };
        const v = policyVerdict(boolLogic, r.doc, concreteFacts(req, r.doc), 'anyWay');
        expect(typeof v.allow).toBe('boolean');
      }),
      fuzzParams(),
    );
  });
});

// Parsing policy documents: the grammar's elements, their per-kind rules, and clear reasons for bad documents.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../model/index.ts';

const doc = (statement: unknown, extra: object = {}): string => JSON.stringify({ Version: '2012-10-17', Statement: statement, ...extra });

describe('policy grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)', () => {
  it('accepts Statement as a single object or an array', () => {
    const one = parsePolicy(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'identity');
    const many = parsePolicy(doc([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }]), 'identity');
    expect(one.ok && one.doc.statements.length).toBe(1);
    expect(many.ok && many.doc.statements[0]!.action).toEqual(['s3:GetObject']);
  });

  it('rejects text that is not JSON, unknown elements, a bad Effect and an empty statement list', () => {
    expect(parsePolicy('{', 'identity').ok).toBe(false);
    expect(parsePolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*', Bogus: 1 }), 'identity').ok).toBe(false);
    expect(parsePolicy(doc({ Effect: 'Permit', Action: '*', Resource: '*' }), 'identity').ok).toBe(false);
    expect(parsePolicy(doc([]), 'identity').ok).toBe(false);
    expect(parsePolicy(JSON.stringify({ Version: '2011-01-01', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }), 'identity').ok).toBe(false);
  });

  it('says where a document is wrong', () => {
    const r = parsePolicy(doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 'kms', Resource: '*' }]), 'identity');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('Statement[1]');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  it('forbids Principal in identity policies and requires it in resource policies', () => {
    const withPrincipal = doc({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'kms:*', Resource: '*' });
    const without = doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(parsePolicy(withPrincipal, 'identity').ok).toBe(false);
    expect(parsePolicy(withPrincipal, 'keyPolicy').ok).toBe(true);
    expect(parsePolicy(without, 'keyPolicy').ok).toBe(false);
    expect(parsePolicy(without, 'bucketPolicy').ok).toBe(false);
  });

  it('rejects a statement with both an element and its Not form', () => {
    expect(parsePolicy(doc({ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' }), 'identity').ok).toBe(false);
    expect(parsePolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' }), 'identity').ok).toBe(false);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html — a key-policy statement without
  // Action or Resource is accepted and has no effect.
  it('accepts a key-policy statement without Resource, which then matches nothing', () => {
    const r = parsePolicy(doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*' }), 'keyPolicy');
    expect(r.ok && r.doc.statements[0]!.resource).toBeUndefined();
  });

  it('reads "*" and {"AWS":"*"} as everyone, and an account id as a name', () => {
    const r = parsePolicy(doc([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: ['*', '111122223333'] }, Action: '*', Resource: '*' }]), 'bucketPolicy');
    expect(r.ok && r.doc.statements.map((s) => s.principal?.anyone)).toEqual([true, true]);
    expect(r.ok && r.doc.statements[1]!.principal?.aws).toEqual(['111122223333']);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  it('splits condition operators into qualifier, operator and IfExists, lower-casing key names', () => {
    const r = parsePolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: {
      'ForAllValues:StringLike': { 'kms:EncryptionContextKeys': ['a*'] },
      StringEqualsIfExists: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      Bool: { 'aws:SecureTransport': true },
      NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 10 },
    } }), 'identity');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b, c, d] = r.doc.statements[0]!.conditions;
    expect([a!.qualifier, a!.operator, a!.keyLower]).toEqual(['ForAllValues', 'StringLike', 'kms:encryptioncontextkeys']);
    expect([b!.operator, b!.ifExists]).toEqual(['StringEquals', true]);
    expect(c!.values).toEqual(['true']);
    expect(d!.values).toEqual(['10']);
  });

  it('rejects unknown condition operators and qualifiers', () => {
    const bad = (op: string) => parsePolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { [op]: { 'aws:username': 'x' } } }), 'identity').ok;
    expect(bad('StringEqualz')).toBe(false);
    expect(bad('ForSomeValues:StringEquals')).toBe(false);
    expect(bad('NullIfExists')).toBe(false);
  });
});

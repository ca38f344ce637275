// The Condition element: every operator family, missing keys, IfExists, set qualifiers, Null and policy variables.
import { describe, expect, it } from 'vitest';
import type { BaseOperator, ConditionTest, SetQualifier } from '../../model/index.ts';
import { contextOf } from '../../model/index.ts';
import { evaluateCondition } from '../../model/policy/conditions.ts';

const test = (operator: BaseOperator, key: string, values: string[], qualifier: SetQualifier = undefined, ifExists = false): ConditionTest =>
  ({ operator, qualifier, ifExists, key, keyLower: key.toLowerCase(), values });
const ctx = contextOf({
  'aws:username': 'James',
  'kms:CallerAccount': '111122223333',
  'kms:EncryptionContextKeys': ['Department', 'Project'],
  'kms:EncryptionContext:Department': 'Finance',
  'aws:SourceIp': '203.0.113.7',
  'aws:CurrentTime': '2026-01-01T00:00:00.000Z',
  'aws:SecureTransport': 'true',
  'kms:ScheduleKeyDeletionPendingWindowInDays': '7',
  'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/James',
});
const holds = (t: ConditionTest): boolean => evaluateCondition(t, ctx, true);

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
describe('condition operators', () => {
  it('String: exact and case-sensitive, IgnoreCase folds case, Like has * and ?', () => {
    expect(holds(test('StringEquals', 'aws:username', ['James']))).toBe(true);
    expect(holds(test('StringEquals', 'aws:username', ['james']))).toBe(false);
    expect(holds(test('StringEqualsIgnoreCase', 'aws:username', ['JAMES']))).toBe(true);
    expect(holds(test('StringLike', 'aws:username', ['J?m*']))).toBe(true);
    expect(holds(test('StringNotEquals', 'aws:username', ['Johnny', 'Jane']))).toBe(true);
    expect(holds(test('StringNotEquals', 'aws:username', ['Johnny', 'James']))).toBe(false);
  });
  it('ORs several values of one key', () => {
    expect(holds(test('StringEquals', 'kms:CallerAccount', ['444455556666', '111122223333']))).toBe(true);
  });
  it('Numeric and Date compare as numbers and instants', () => {
    expect(holds(test('NumericLessThanEquals', 'kms:ScheduleKeyDeletionPendingWindowInDays', ['7']))).toBe(true);
    expect(holds(test('NumericGreaterThan', 'kms:ScheduleKeyDeletionPendingWindowInDays', ['7']))).toBe(false);
    expect(holds(test('NumericEquals', 'kms:ScheduleKeyDeletionPendingWindowInDays', ['seven']))).toBe(false);
    expect(holds(test('DateLessThan', 'aws:CurrentTime', ['2026-06-01T00:00:00Z']))).toBe(true);
    expect(holds(test('DateGreaterThan', 'aws:CurrentTime', ['1767225600']))).toBe(false);
  });
  it('Bool, IpAddress and Arn operators', () => {
    expect(holds(test('Bool', 'aws:SecureTransport', ['true']))).toBe(true);
    expect(holds(test('IpAddress', 'aws:SourceIp', ['203.0.113.0/24']))).toBe(true);
    expect(holds(test('NotIpAddress', 'aws:SourceIp', ['198.51.100.0/24']))).toBe(true);
    expect(holds(test('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::111122223333:user/*']))).toBe(true);
    expect(holds(test('ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::*:user/James']))).toBe(true);
    expect(holds(test('ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::444455556666:*']))).toBe(true);
  });
  it('matches condition key names case-insensitively', () => {
    expect(holds(test('StringEquals', 'KMS:encryptioncontext:department', ['Finance']))).toBe(true);
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
describe('a key missing from the request', () => {
  it('fails positive operators, satisfies negated ones and IfExists', () => {
    expect(holds(test('StringEquals', 'kms:ViaService', ['s3.us-east-1.amazonaws.com']))).toBe(false);
    expect(holds(test('StringNotEquals', 'kms:ViaService', ['s3.us-east-1.amazonaws.com']))).toBe(true);
    expect(holds(test('StringEquals', 'kms:ViaService', ['s3.us-east-1.amazonaws.com'], undefined, true))).toBe(true);
  });
  it('Null: true holds exactly when the key is absent', () => {
    expect(holds(test('Null', 'kms:ViaService', ['true']))).toBe(true);
    expect(holds(test('Null', 'aws:username', ['true']))).toBe(false);
    expect(holds(test('Null', 'aws:username', ['false']))).toBe(true);
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
describe('set qualifiers on multi-valued keys', () => {
  it('ForAllValues: every request value is in the list; vacuously true without the key', () => {
    expect(holds(test('StringEquals', 'kms:EncryptionContextKeys', ['Department', 'Project', 'Team'], 'ForAllValues'))).toBe(true);
    expect(holds(test('StringEquals', 'kms:EncryptionContextKeys', ['Department'], 'ForAllValues'))).toBe(false);
    expect(evaluateCondition(test('StringEquals', 'kms:EncryptionContextKeys', ['Department'], 'ForAllValues'), contextOf({}), true)).toBe(true);
  });
  it('ForAnyValue: some request value is in the list; false without the key', () => {
    expect(holds(test('StringEquals', 'kms:EncryptionContextKeys', ['Project'], 'ForAnyValue'))).toBe(true);
    expect(holds(test('StringEquals', 'kms:EncryptionContextKeys', ['Team'], 'ForAnyValue'))).toBe(false);
    expect(evaluateCondition(test('StringEquals', 'kms:EncryptionContextKeys', ['Project'], 'ForAnyValue'), contextOf({}), true)).toBe(false);
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
describe('policy variables', () => {
  it('substitute request values in condition values', () => {
    expect(holds(test('StringEquals', 'kms:EncryptionContext:Department', ['${aws:username}']))).toBe(false);
    expect(holds(test('StringLike', 'aws:PrincipalArn', ['arn:aws:iam::${kms:CallerAccount}:user/${aws:username}']))).toBe(true);
  });
  it('use the default when the key is missing, and fail to match otherwise', () => {
    expect(holds(test('StringEquals', 'aws:username', ["${aws:userid, 'James'}"]))).toBe(true);
    expect(holds(test('StringEquals', 'aws:username', ['${aws:userid}']))).toBe(false);
  });
  it('are plain text when variables are not enabled (Version 2008-10-17)', () => {
    expect(evaluateCondition(test('StringEquals', 'aws:username', ['${aws:username}']), ctx, false)).toBe(false);
  });
});

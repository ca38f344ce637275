// Wildcard matching of actions, strings and ARNs.
import { describe, expect, it } from 'vitest';
import { actionMatches, arnMatches, globMatch } from '../../model/policy/match.ts';

describe('Action matching (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)', () => {
  it('is case-insensitive in prefix and name', () => {
    expect(actionMatches('KMS:decrypt', 'kms:Decrypt')).toBe(true);
    expect(actionMatches('iam:listaccesskeys', 'IAM:ListAccessKeys')).toBe(true);
  });
  it('expands * anywhere in the name, and "*" alone matches every action', () => {
    expect(actionMatches('kms:Get*', 'kms:GetKeyPolicy')).toBe(true);
    expect(actionMatches('kms:*Grant*', 'kms:ListRetirableGrants')).toBe(true);
    expect(actionMatches('kms:Get*', 'kms:Decrypt')).toBe(false);
    expect(actionMatches('*', 's3:GetObject')).toBe(true);
  });
  it('does not let a service prefix match another service', () => {
    expect(actionMatches('kms:*', 's3:GetObject')).toBe(false);
  });
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html — kms:Delete* does not cover ScheduleKeyDeletion.
  it('keeps kms:Delete* away from kms:ScheduleKeyDeletion', () => {
    expect(actionMatches('kms:Delete*', 'kms:ScheduleKeyDeletion')).toBe(false);
    expect(actionMatches('kms:Create*', 'kms:CreateGrant')).toBe(true);
  });
});

describe('StringLike (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String)', () => {
  it('treats * as any run and ? as one character, case-sensitively', () => {
    expect(globMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y')).toBe(true);
    expect(globMatch('a?c', 'abc')).toBe(true);
    expect(globMatch('a?c', 'abbc')).toBe(false);
    expect(globMatch('ABC', 'abc')).toBe(false);
  });
  it('treats regular-expression characters literally', () => {
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('a+(b)', 'a+(b)')).toBe(true);
  });
});

describe('ARN matching (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)', () => {
  it('matches segment by segment; * does not cross a colon outside the resource segment', () => {
    expect(arnMatches('arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:111122223333:key/abc')).toBe(true);
    expect(arnMatches('arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:444455556666:key/abc')).toBe(false);
    expect(arnMatches('arn:aws:*:111122223333:key/x', 'arn:aws:kms:us-east-1:111122223333:key/x')).toBe(false);
  });
  it('lets * in the resource segment span slashes and colons', () => {
    expect(arnMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c')).toBe(true);
  });
  it('is case-sensitive and "*" matches any ARN', () => {
    expect(arnMatches('arn:aws:iam::111122223333:user/James', 'arn:aws:iam::111122223333:user/james')).toBe(false);
    expect(arnMatches('*', 'arn:aws:kms:us-east-1:111122223333:key/x')).toBe(true);
  });
});

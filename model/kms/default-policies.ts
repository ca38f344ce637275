// The key policies KMS writes itself: the API default policy and the policy of an AWS managed key, in AWS's text form.
import type { Json } from '../op.ts';

/**
 * KMS returns the policies it writes pretty-printed with " : " separators and arrays opened inline ("[ {"), as in the
 * GetKeyPolicy and CloudTrail examples of https://docs.aws.amazon.com/kms/latest/developerguide/ct-put-key-policy.html.
 */
export function awsPolicyText(value: Json, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((v) => awsPolicyText(v, indent)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{ }';
    const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${awsPolicyText(v as Json, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam —
 * "When you create a KMS key programmatically ... and you don't specify a key policy, AWS KMS applies a very simple
 * default key policy": one statement giving the account principal kms:* ("Enable IAM User Permissions").
 */
export function apiDefaultPolicy(account: string): string {
  return awsPolicyText({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  });
}

/**
 * The key policy of the AWS managed key aws/s3 (spec §3.8, from a reference account): everyone in the account may use
 * the key through S3 (kms:CallerAccount and kms:ViaService), and the account may only read the key's metadata
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key: "you cannot change the
 * properties of AWS managed keys ... or change their key policies").
 */
export function awsManagedS3Policy(account: string, region: string): string {
  return awsPolicyText({
    Version: '2012-10-17',
    Id: 'auto-s3-2',
    Statement: [
      {
        Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  });
}

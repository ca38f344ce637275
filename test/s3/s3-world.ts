// A small driver for the S3 suites: a world moved on call by call through step(), with IAM users and KMS keys made by calls.
import { expect } from 'vitest';
import type { AwsError, JsonObject, ModelConfig, State } from '../../model/index.ts';
import { advance, durationMs, initialState, step } from '../../model/index.ts';

export const A = '111122223333';
export const B = '444455556666';
export const rootOf = (account: string): string => `arn:aws:iam::${account}:root`;
export const userOf = (account: string, name: string): string => `arn:aws:iam::${account}:user/${name}`;
export const ROOT_A = rootOf(A);
export const ROOT_B = rootOf(B);
export const ANON = 'anonymous';

export const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

/** A key policy: the account principal (delegating to IAM) plus the given statements. */
export const keyPolicy = (account: string, ...statements: object[]): string =>
  policy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootOf(account) }, Action: 'kms:*', Resource: '*' }, ...statements);

export const ALL_OFF = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

export type Outcome = { ok: true; output: JsonObject } | { ok: false; error: AwsError };

/** A mutable handle on a world: each call moves the state on (failed calls leave it as it was). */
export class S3World {
  state: State;

  constructor(config: Partial<ModelConfig> = {}, accounts: string[] = [A, B], region = 'us-east-1') {
    this.state = initialState({ accounts: accounts as never, config, region });
  }

  call(as: string, op: string, input: object = {}, env: Record<string, string> = {}): Outcome {
    const r = step(this.state, { as, op, input, env });
    this.state = r.state;
    return r.outcome.ok ? { ok: true, output: r.outcome.output } : { ok: false, error: r.outcome.error };
  }

  /** A call that must succeed; its output. */
  ok(as: string, op: string, input: object = {}, env: Record<string, string> = {}): Record<string, any> {
    const r = this.call(as, op, input, env);
    if (!r.ok) expect.fail(`${op} as ${as} failed: ${r.error.code}: ${r.error.message}`);
    return r.output as Record<string, any>;
  }

  /** A call that must fail; its error. */
  fail(as: string, op: string, input: object = {}, env: Record<string, string> = {}): AwsError {
    const r = this.call(as, op, input, env);
    if (r.ok) expect.fail(`${op} as ${as} succeeded: ${JSON.stringify(r.output)}`);
    return r.error;
  }

  /** The error code of a call, or 'ok'. */
  code(as: string, op: string, input: object = {}, env: Record<string, string> = {}): string {
    const r = this.call(as, op, input, env);
    return r.ok ? 'ok' : r.error.code;
  }

  advanceDays(days: number): void {
    this.state = advance(this.state, durationMs({ days }));
  }

  /** An IAM user with inline identity policies. */
  user(account: string, name: string, ...policies: string[]): string {
    this.ok(rootOf(account), 'iam:CreateUser', { UserName: name });
    policies.forEach((p, i) => this.ok(rootOf(account), 'iam:PutUserPolicy', { UserName: name, PolicyName: `p${i}`, PolicyDocument: p }));
    return userOf(account, name);
  }

  /** A customer managed key of the caller's account; returns its ARN. */
  key(as: string = ROOT_A, keyPolicyText?: string): string {
    const input = keyPolicyText === undefined ? {} : { Policy: keyPolicyText };
    return (this.ok(as, 'kms:CreateKey', input)['KeyMetadata'] as { Arn: string }).Arn;
  }

  /** A bucket of the caller's account with Block Public Access off and the given Object Ownership. */
  openBucket(as: string, name: string, ownership: 'ObjectWriter' | 'BucketOwnerPreferred' | 'BucketOwnerEnforced' = 'ObjectWriter'): void {
    this.ok(as, 's3:CreateBucket', { Bucket: name });
    this.ok(as, 's3:PutBucketOwnershipControls', { Bucket: name, OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } });
    this.ok(as, 's3:PutPublicAccessBlock', { Bucket: name, PublicAccessBlockConfiguration: ALL_OFF });
  }

  /** Set the bucket's default encryption to SSE-KMS. */
  kmsDefault(as: string, bucket: string, keyId: string | undefined, bucketKey = false): void {
    const byDefault = keyId === undefined ? { SSEAlgorithm: 'aws:kms' } : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId };
    this.ok(as, 's3:PutBucketEncryption', { Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: bucketKey }] } });
  }
}

// A small driver for the KMS suites: a world advanced call by call through step(), with IAM principals made by IAM calls.
import { expect } from 'vitest';
import type { AwsError, Duration, JsonObject, ModelConfig, State } from '../../model/index.ts';
import { advance, durationMs, initialState, step } from '../../model/index.ts';

export const A = '111122223333';
export const B = '444455556666';
export const rootOf = (account: string): string => `arn:aws:iam::${account}:root`;
export const userOf = (account: string, name: string): string => `arn:aws:iam::${account}:user/${name}`;
export const ROOT_A = rootOf(A);
export const ROOT_B = rootOf(B);

export const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}): object => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });

/** The API default key policy statement of an account. */
export const accountStatement = (account: string): object => ({
  Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootOf(account) }, Action: 'kms:*', Resource: '*',
});

export interface KeyRef {
  readonly id: string;
  readonly arn: string;
}

export class KmsWorld {
  state: State;

  constructor(config: Partial<ModelConfig> = {}, accounts: string[] = [A, B]) {
    this.state = initialState({ accounts: accounts as never, config });
  }

  /** Make a call; the world moves on when it succeeds. */
  call(as: string, op: string, input: object = {}, env: Record<string, string> = {}): { ok: true; output: JsonObject } | { ok: false; error: AwsError } {
    const r = step(this.state, { as, op, input, env });
    this.state = r.state;
    return r.outcome.ok ? { ok: true, output: r.outcome.output } : { ok: false, error: r.outcome.error };
  }

  /** A call that must succeed; its output. */
  ok(as: string, op: string, input: object = {}, env: Record<string, string> = {}): JsonObject {
    const r = this.call(as, op, input, env);
    if (!r.ok) expect.fail(`${op} as ${as} failed: ${r.error.code}: ${r.error.message}`);
    return r.output;
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

  advance(d: Duration): void {
    this.state = advance(this.state, durationMs(d));
  }

  user(account: string, name: string, ...policies: string[]): string {
    this.ok(rootOf(account), 'iam:CreateUser', { UserName: name });
    policies.forEach((p, i) => this.ok(rootOf(account), 'iam:PutUserPolicy', { UserName: name, PolicyName: `p${i}`, PolicyDocument: p }));
    return userOf(account, name);
  }

  key(as: string = ROOT_A, input: object = {}): KeyRef {
    const md = this.ok(as, 'kms:CreateKey', input)['KeyMetadata'] as { KeyId: string; Arn: string };
    return { id: md.KeyId, arn: md.Arn };
  }

  metadata(ref: KeyRef, as: string = rootOf(ref.arn.split(':')[4]!)): Record<string, unknown> {
    return this.ok(as, 'kms:DescribeKey', { KeyId: ref.arn })['KeyMetadata'] as Record<string, unknown>;
  }

  encrypt(ref: KeyRef, plaintext: string, ec?: Record<string, string>, as: string = rootOf(ref.arn.split(':')[4]!)): string {
    return this.ok(as, 'kms:Encrypt', { KeyId: ref.arn, Plaintext: plaintext, EncryptionContext: ec })['CiphertextBlob'] as string;
  }
}

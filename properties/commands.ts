// fast-check commands over every call the model supports (valid and invalid ones) and over time passing, each a
// seed that the run turns into a concrete call against the state it meets (so shrinking keeps calls meaningful).
import fc from 'fast-check';
import { supportedCalls } from '../model/index.ts';
import type { ModelRun } from './model-run.ts';

const DAY_S = 24 * 60 * 60;

/** How often each call is drawn (every supported call at least once in a while; the ones the laws watch often). */
const WEIGHTS: Readonly<Record<string, number>> = {
  'kms:Encrypt': 6, 'kms:Decrypt': 9, 'kms:ReEncrypt': 3, 'kms:GenerateDataKey': 3, 'kms:GenerateDataKeyWithoutPlaintext': 1,
  'kms:DescribeKey': 3, 'kms:Sign': 2, 'kms:Verify': 2, 'kms:GetPublicKey': 1, 'kms:CreateKey': 3, 'kms:EnableKey': 3, 'kms:DisableKey': 4, 'kms:ScheduleKeyDeletion': 5, 'kms:CancelKeyDeletion': 4,
  'kms:PutKeyPolicy': 5, 'kms:GetKeyPolicy': 1, 'kms:RotateKeyOnDemand': 3, 'kms:EnableKeyRotation': 2, 'kms:CreateGrant': 10, 'kms:RetireGrant': 3,
  'kms:RevokeGrant': 3, 'kms:ListGrants': 1, 'kms:CreateAlias': 2, 'kms:UpdateAlias': 2, 'kms:DeleteAlias': 1,
  's3:GetObject': 9, 's3:PutObject': 5, 's3:CopyObject': 2, 's3:PutBucketEncryption': 3, 's3:DeleteBucketEncryption': 2, 's3:PutObjectAcl': 1,
  's3:PutBucketPolicy': 2, 's3:DeletePublicAccessBlock': 1, 'sts:AssumeRole': 4, 'iam:PutUserPolicy': 2, 'iam:PutRolePolicy': 2,
  'iam:AttachUserPolicy': 2, 'iam:PutUserPermissionsBoundary': 1, 'organizations:AttachPolicy': 1, 'organizations:CreatePolicy': 1,
};
/** The monitoring calls: drawn now and then, so that the KMS and S3 calls the laws watch keep their share. */
const MONITORING = /^(cloudtrail|logs|cloudwatch|sns|config):/;
const MONITORING_WEIGHTS: Readonly<Record<string, number>> = { 'logs:PutMetricFilter': 0.25, 'cloudwatch:PutMetricAlarm': 0.25, 'sns:CreateTopic': 0.25 };
export const weightOf = (op: string): number => WEIGHTS[op] ?? (MONITORING.test(op) ? (MONITORING_WEIGHTS[op] ?? 0.125) : 0.25);
const ADVANCE_WEIGHT = 12;

/** One generated call: an operation and the seed of its details. */
export class CallCommand implements fc.Command<object, ModelRun> {
  constructor(
    readonly op: string,
    readonly seed: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(_model: object, run: ModelRun): void {
    run.generated(this.op, this.seed);
  }
  toString(): string {
    return `${this.op}#${this.seed}`;
  }
}

/** Time passing (deletions fall due, rotations happen). */
export class AdvanceCommand implements fc.Command<object, ModelRun> {
  constructor(readonly seconds: number) {}
  check(): boolean {
    return true;
  }
  run(_model: object, run: ModelRun): void {
    run.advance(this.seconds * 1000);
  }
  toString(): string {
    return `advance ${this.seconds}s`;
  }
}

/** Clock moves around the waiting periods (7..30 days) and rotation periods (90+ days). */
const ADVANCES = [3600, DAY_S, 6 * DAY_S, 7 * DAY_S, 8 * DAY_S, 15 * DAY_S, 30 * DAY_S, 31 * DAY_S, 120 * DAY_S, 400 * DAY_S];

export type Cmd = CallCommand | AdvanceCommand;

/** The weighted choice of one command. */
export function commandArb(): fc.Arbitrary<Cmd> {
  const calls = supportedCalls().map((op) => ({ weight: Math.max(1, Math.round(weightOf(op) * 8)), arbitrary: fc.nat().map((seed): Cmd => new CallCommand(op, seed)) }));
  const advance = { weight: ADVANCE_WEIGHT * 8, arbitrary: fc.constantFrom(...ADVANCES).map((s): Cmd => new AdvanceCommand(s)) };
  return fc.oneof(...calls, advance);
}

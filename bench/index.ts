// npm run bench: builds the generated world and prints KMS authorization decisions/s, step calls/s, model-based calls/s with the invariants, and resident memory.
import { performance } from 'node:perf_hooks';
import type { Call, Key, State } from '../model/index.ts';
import { resolveCaller, step } from '../model/index.ts';
import { kmsDecision } from '../model/kms/authorize.ts';
import type { SignedCaller } from '../model/authz/caller.ts';
import { DEFAULT_SIZE, generateWorld, prng } from './world.ts';
import { modelBasedThroughput } from '../properties/index.ts';

const MB = 1024 * 1024;
const rss = (): number => process.memoryUsage().rss / MB;

/** Run `f` repeatedly for about `ms` milliseconds; return operations per second. */
function throughput(ms: number, f: (i: number) => void): { perSecond: number; count: number } {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let j = 0; j < 1000; j++) f(count++);
    elapsed = performance.now() - start;
  }
  return { perSecond: (count / elapsed) * 1000, count };
}

function benchDecisions(world: State, ms: number): number {
  const rand = prng(7);
  const callers = [...Object.keys(world.iam.users), ...Object.keys(world.iam.sessions)]
    .map((arn) => resolveCaller(world, arn))
    .filter((c): c is SignedCaller => typeof c !== 'string' && c.kind !== 'anonymous');
  const keys: Key[] = Object.values(world.kms.keys);
  const actions = ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:CreateGrant'];
  const cases = Array.from({ length: 4096 }, () => ({
    caller: callers[Math.floor(rand() * callers.length)]!,
    key: keys[Math.floor(rand() * keys.length)]!,
    action: actions[Math.floor(rand() * actions.length)]!,
    ec: rand() < 0.5 ? { Department: 'Finance' } : undefined,
  }));
  let allowed = 0;
  const r = throughput(ms, (i) => {
    const c = cases[i & 4095]!;
    const outcome = kmsDecision({ state: world, caller: c.caller, key: c.key, action: c.action, env: {}, encryptionContext: c.ec, grantOperation: 'Decrypt' });
    if (outcome.allowed) allowed++;
  });
  console.log(`  (allowed ${((allowed / r.count) * 100).toFixed(1)}% of ${r.count} decisions)`);
  return r.perSecond;
}

function benchStep(world: State, ms: number): number {
  const rand = prng(9);
  const users = Object.keys(world.iam.users);
  const keys = Object.values(world.kms.keys);
  const buckets = Object.values(world.s3.buckets);
  const calls: Call[] = Array.from({ length: 4096 }, () => {
    const key = keys[Math.floor(rand() * keys.length)]!;
    const bucket = buckets[Math.floor(rand() * buckets.length)]!;
    const as = rand() < 0.3 ? `arn:aws:iam::${key.account}:root` : users[Math.floor(rand() * users.length)]!;
    const kind = Math.floor(rand() * 4);
    if (kind === 0) return { as, op: 'kms:DescribeKey', input: { KeyId: key.arn } };
    if (kind === 1) return { as, op: 'kms:Encrypt', input: { KeyId: key.arn, Plaintext: 'hello' } };
    if (kind === 2) return { as, op: 'kms:GenerateDataKey', input: { KeyId: key.arn, KeySpec: 'AES_256' } };
    return { as, op: 's3:GetObject', input: { Bucket: bucket.name, Key: 'o1.txt' } };
  });
  return throughput(ms, (i) => {
    step(world, calls[i & 4095]!);
  }).perSecond;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The world with the KMS guide's watching in every account (kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html):
 * an SNS topic, the pending-deletion metric filter and a filter on failed calls, an alarm on each.
 */
function watched(world: State): State {
  let state = world;
  const call = (as: string, op: string, input: object): void => {
    const r = step(state, { as, op, input });
    if (!r.outcome.ok) throw new Error(`bench: ${op} failed: ${r.outcome.error.code}`);
    state = r.state;
  };
  const patterns = { PendingDeletionUse: '{ $.eventSource = kms* && $.errorMessage = "* is pending deletion."}', FailedCalls: '{ $.errorCode = * }' };
  for (const account of state.accounts) {
    const root = `arn:aws:iam::${account}:root`;
    call(root, 'sns:CreateTopic', { Name: 'alerts' });
    for (const [metricName, filterPattern] of Object.entries(patterns)) {
      call(root, 'logs:PutMetricFilter', { logGroupName: state.config.trailLogGroupName, filterName: metricName, filterPattern, metricTransformations: [{ metricName, metricNamespace: 'CloudTrailMetrics', metricValue: '1' }] });
      call(root, 'cloudwatch:PutMetricAlarm', {
        AlarmName: metricName, MetricName: metricName, Namespace: 'CloudTrailMetrics', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [`arn:aws:sns:${state.region}:${account}:alerts`],
      });
    }
  }
  return state;
}

function main(): void {
  const ms = Number(process.env['BENCH_MS'] ?? 3000);
  const before = rss();
  const t0 = performance.now();
  const world = generateWorld(DEFAULT_SIZE);
  const buildMs = performance.now() - t0;
  global.gc?.();
  const after = rss();
  console.log('keyward benchmark (one core)');
  console.log(`world: ${DEFAULT_SIZE.accounts} accounts, ${DEFAULT_SIZE.principals} principals, ${DEFAULT_SIZE.keys} keys (5-30 statements), ${DEFAULT_SIZE.grants} grants, ${DEFAULT_SIZE.objects} objects; built in ${buildMs.toFixed(0)} ms`);
  console.log(`resident memory: ${after.toFixed(0)} MB (world adds ~${(after - before).toFixed(0)} MB; target < 300 MB, ratio ${(after / 300).toFixed(2)})`);
  const decisions = benchDecisions(world, ms);
  console.log(`KMS authorization decisions: ${fmt(decisions)} per second (target 300,000; ratio ${(decisions / 300_000).toFixed(2)})`);
  const steps = benchStep(world, ms);
  console.log(`step calls (DescribeKey, Encrypt, GenerateDataKey, GetObject mix): ${fmt(steps)} per second`);
  const watchedSteps = benchStep(watched(world), ms);
  console.log(`the same calls watched (two metric filters and two alarms per account; every call starts from the same state, so every failed call fires an alarm and sends its SNS message): ${fmt(watchedSteps)} per second (ratio to unwatched ${(watchedSteps / steps).toFixed(2)})`);
  const mb = modelBasedThroughput(ms);
  console.log(`model-based calls, whole invariant catalogue checked after each step: ${fmt(mb.callsPerSecond)} per second (${mb.runs} runs; target 5,000; ratio ${(mb.callsPerSecond / 5_000).toFixed(2)})`);
  console.log(`resident memory at the end: ${rss().toFixed(0)} MB`);
}

main();

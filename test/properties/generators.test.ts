// The generators of the model-based runs: every field of every supported call has a source of values, calls and
// worlds are deterministic (so counterexamples replay), and a world plan builds what it plans.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { supportedCalls } from '../../model/index.ts';
import { sampleArb } from '../../properties/campaign.ts';
import { fieldsOf, generatorOf } from '../../properties/inputs.ts';
import { concreteCall } from '../../properties/inputs.ts';
import { ModelRun } from '../../properties/model-run.ts';
import { defaultScope, universeOf } from '../../properties/scope.ts';
import { buildWorld } from '../../properties/world.ts';

const settings = { scope: defaultScope, invariants: [] };

describe('call generation', () => {
  it('knows every request field of every call the model supports', () => {
    const missing = supportedCalls().flatMap((op) => fieldsOf(op).filter((f) => !generatorOf(op, f.name)).map((f) => `${op}.${f.name}`));
    expect(missing).toEqual([]);
    expect(fieldsOf('kms:Encrypt').filter((f) => f.required).map((f) => f.name).sort()).toEqual(['KeyId', 'Plaintext']);
  });

  it('turns the same operation and seed into the same call in the same state', () => {
    const run = new ModelRun(settings);
    buildWorld(run, { seed: 7, users: 2, roles: 1, sessions: 1, keys: 2, buckets: 1, scp: true, monitoring: true });
    for (const op of ['kms:Decrypt', 'kms:CreateGrant', 's3:PutObject', 'sts:AssumeRole']) {
      const a = concreteCall(op, 12345, run.state, run.universe, run.trail.history);
      const b = concreteCall(op, 12345, run.state, run.universe, run.trail.history);
      expect(a).toEqual(b);
      expect(a.op).toBe(op);
    }
  });
});

describe('world building', () => {
  it('creates the planned users, roles and buckets in every account, through recorded calls', () => {
    const run = new ModelRun(settings);
    buildWorld(run, { seed: 3, users: 2, roles: 1, sessions: 0, keys: 2, buckets: 2, scp: false, monitoring: true });
    const u = universeOf(defaultScope);
    expect(Object.keys(run.state.iam.users)).toHaveLength(2 * u.accounts.length);
    expect(Object.keys(run.state.iam.roles)).toHaveLength(u.accounts.length);
    expect(Object.keys(run.state.s3.buckets).sort()).toEqual([...u.bucketNames].sort());
    expect(run.steps.length).toBeGreaterThan(10);
    expect(run.steps.every((s) => 'advance' in s || s.call.includes(':'))).toBe(true);
  });

  // kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html: the recipe the campaign's worlds may install.
  it('sets up the watching in every account when the plan asks for it', () => {
    const run = new ModelRun(settings);
    buildWorld(run, { seed: 3, users: 1, roles: 1, sessions: 0, keys: 1, buckets: 1, scp: false, monitoring: true });
    const u = universeOf(defaultScope);
    expect(Object.keys(run.state.monitoring.metricFilters)).toHaveLength(2 * u.accounts.length);
    expect(Object.values(run.state.monitoring.alarms).map((a) => a.alarmActions.length)).toEqual(Array(2 * u.accounts.length).fill(1));
    expect(Object.keys(run.state.monitoring.configRules)).toHaveLength(u.accounts.length);
  });

  it('plays a generated sample the same way twice (the basis of replaying counterexamples)', () => {
    const [sample] = fc.sample(sampleArb(defaultScope), { seed: 99, numRuns: 1 });
    const play = (): unknown[] => {
      const run = new ModelRun(settings);
      buildWorld(run, sample![0]);
      for (const c of sample![1]) c.run({}, run);
      return run.steps;
    };
    expect(play()).toEqual(play());
  });
});

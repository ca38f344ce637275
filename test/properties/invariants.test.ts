// Single invariants on hand-made states and steps: each flags the broken situation it names and accepts the real model.
import { describe, expect, it } from 'vitest';
import { initialState, step } from '../../model/index.ts';
import type { Call, State } from '../../model/index.ts';
import { checkInvariants, checkState, checkTransition, emptyTrail, observe } from '../../properties/index.ts';
import type { Transition } from '../../properties/index.ts';
import { keyIsDeletedAtItsDeletionDate, waitingPeriodIsSevenToThirtyDays, cancelDeletionLeavesKeyDisabled } from '../../properties/key-lifecycle.ts';
import { decryptNeedsTheExactEncryptionContext } from '../../properties/ciphertexts.ts';
import { explicitDenyInKeyPolicyWins } from '../../properties/authorization.ts';
import { alarmFiresOnlyOnMatchingEvents, scheduledDeletionIsVisibleToFilters } from '../../properties/monitoring.ts';

const A = '111122223333';
const ROOT = `arn:aws:iam::${A}:root`;
const DAY = 24 * 60 * 60 * 1000;

/** A world with one key created by the root user; returns the state and the key id. */
function withKey(): { state: State; keyId: string; arn: string } {
  const r = step(initialState({ accounts: [A as never] }), { as: ROOT, op: 'kms:CreateKey', input: {} });
  if (!r.outcome.ok) throw new Error('CreateKey failed');
  const md = r.outcome.output['KeyMetadata'] as { KeyId: string; Arn: string };
  return { state: r.state, keyId: md.KeyId, arn: md.Arn };
}

/** A transition of a real step, with the after-state optionally tampered with. */
function transition(state: State, call: Call, tamper: (s: State) => State = (s) => s): Transition {
  const r = step(state, call);
  return { before: state, event: { kind: 'call', call, outcome: r.outcome }, after: tamper(r.state), history: emptyTrail.history };
}

const setKey = (s: State, keyId: string, patch: object): State => ({ ...s, kms: { ...s.kms, keys: { ...s.kms.keys, [keyId]: { ...s.kms.keys[keyId]!, ...patch } } } });

describe('state invariants', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
  it('waitingPeriodIsSevenToThirtyDays flags a 3-day waiting period', () => {
    const { state, keyId } = withKey();
    const broken = setKey(state, keyId, { state: 'PendingDeletion', pendingWindowInDays: 3, deletionDate: state.now + 3 * DAY });
    expect(waitingPeriodIsSevenToThirtyDays.check!(broken, emptyTrail.history)).toHaveLength(1);
    expect(waitingPeriodIsSevenToThirtyDays.check!(state, emptyTrail.history)).toEqual([]);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
  it('keyIsDeletedAtItsDeletionDate flags a key that outlived its deletion date', () => {
    const { state, keyId } = withKey();
    const broken = setKey(state, keyId, { state: 'PendingDeletion', pendingWindowInDays: 7, deletionDate: state.now - 1 });
    expect(keyIsDeletedAtItsDeletionDate.check!(broken, emptyTrail.history)[0]).toMatch(/outlived its deletion date/);
  });

  it('the whole catalogue holds in a fresh world and after real steps', () => {
    const { state, arn } = withKey();
    expect(checkState(state, emptyTrail.history)).toEqual([]);
    expect(checkInvariants(state)).toEqual([]);
    const t = transition(state, { as: ROOT, op: 'kms:ScheduleKeyDeletion', input: { KeyId: arn, PendingWindowInDays: 7 } });
    expect(checkTransition(t)).toEqual([]);
  });
});

describe('step laws', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
  it('cancelDeletionLeavesKeyDisabled flags a CancelKeyDeletion that leaves the key Enabled', () => {
    const { state, keyId, arn } = withKey();
    const pending = step(state, { as: ROOT, op: 'kms:ScheduleKeyDeletion', input: { KeyId: arn, PendingWindowInDays: 7 } }).state;
    const cancel = { as: ROOT, op: 'kms:CancelKeyDeletion', input: { KeyId: arn } };
    expect(cancelDeletionLeavesKeyDisabled.checkStep!(transition(pending, cancel))).toEqual([]);
    const reEnabled = transition(pending, cancel, (s) => setKey(s, keyId, { state: 'Enabled' }));
    expect(cancelDeletionLeavesKeyDisabled.checkStep!(reEnabled)[0]).toMatch(/is Enabled after CancelKeyDeletion/);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html
  it('decryptNeedsTheExactEncryptionContext flags a Decrypt that succeeded with another context than the one bound', () => {
    const { state, arn } = withKey();
    const enc: Call = { as: ROOT, op: 'kms:Encrypt', input: { KeyId: arn, Plaintext: 'hi', EncryptionContext: { Department: 'Finance' } } };
    const e = step(state, enc);
    const trail = observe(emptyTrail, state, { kind: 'call', call: enc, outcome: e.outcome }, e.state);
    const blob = e.outcome.ok ? (e.outcome.output['CiphertextBlob'] as string) : '';
    const right: Call = { as: ROOT, op: 'kms:Decrypt', input: { CiphertextBlob: blob, EncryptionContext: { Department: 'Finance' } } };
    const r = step(e.state, right);
    expect(r.outcome.ok).toBe(true);
    const honest: Transition = { before: e.state, event: { kind: 'call', call: right, outcome: r.outcome }, after: r.state, history: trail.history };
    expect(decryptNeedsTheExactEncryptionContext.checkStep!(honest)).toEqual([]);
    // The same success claimed for a request without the context is a violation.
    const wrong: Transition = { ...honest, event: { kind: 'call', call: { ...right, input: { CiphertextBlob: blob } }, outcome: r.outcome } };
    expect(decryptNeedsTheExactEncryptionContext.checkStep!(wrong)[0]).toMatch(/accepted context/);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  it('explicitDenyInKeyPolicyWins replays an allowed request with a Deny added, and the model refuses it', () => {
    const { state, arn } = withKey();
    const t = transition(state, { as: ROOT, op: 'kms:DescribeKey', input: { KeyId: arn } });
    expect(t.event.kind === 'call' && t.event.outcome.ok).toBe(true);
    expect(explicitDenyInKeyPolicyWins.checkStep!(t)).toEqual([]);
  });

  it('checkInvariants checks the last step of the trail (as the scenario check step does)', () => {
    const { state, keyId, arn } = withKey();
    const pending = step(state, { as: ROOT, op: 'kms:ScheduleKeyDeletion', input: { KeyId: arn, PendingWindowInDays: 7 } }).state;
    const cancel: Call = { as: ROOT, op: 'kms:CancelKeyDeletion', input: { KeyId: arn } };
    const r = step(pending, cancel);
    const tampered = setKey(r.state, keyId, { state: 'Enabled' });
    const trail = observe(emptyTrail, pending, { kind: 'call', call: cancel, outcome: r.outcome }, tampered);
    expect(checkInvariants(tampered, trail).map((v) => v.name)).toContain('cancelDeletionLeavesKeyDisabled');
    expect(checkInvariants(tampered).map((v) => v.name)).not.toContain('cancelDeletionLeavesKeyDisabled');
  });
});

describe('monitoring laws', () => {
  const filter = (extra: object = {}) => ({
    logGroupName: 'CloudTrail/DefaultLogGroup', filterName: 'pending', filterPattern: '{ $.errorMessage = "* is pending deletion." }',
    metricTransformations: [{ metricName: 'Pending', metricNamespace: 'Test', metricValue: '1', ...extra }],
  });
  const alarm = (statistic: string) => ({ AlarmName: 'a', MetricName: 'Pending', Namespace: 'Test', Statistic: statistic, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });

  // AmazonCloudWatch/latest/logs/MonitoringPolicyExamples.html: a filter's default value is published for events it does
  // not match, so a SampleCount alarm may fire without a match; the law leaves such alarms alone.
  it('alarmFiresOnlyOnMatchingEvents accepts an alarm that counts default values, and flags one that fires on nothing', () => {
    const { state } = withKey();
    const withDefault = step(state, { as: ROOT, op: 'logs:PutMetricFilter', input: filter({ defaultValue: 0 }) }).state;
    const counted = transition(withDefault, { as: ROOT, op: 'cloudwatch:PutMetricAlarm', input: alarm('SampleCount') });
    expect(counted.after.monitoring.alarms[`${A}|a`]?.stateValue).toBe('ALARM');
    expect(alarmFiresOnlyOnMatchingEvents.checkStep!(counted)).toEqual([]);
    const plain = step(state, { as: ROOT, op: 'logs:PutMetricFilter', input: filter() }).state;
    const quiet = transition(plain, { as: ROOT, op: 'cloudwatch:PutMetricAlarm', input: alarm('Sum') });
    const fired = (s: State): State => {
      const a = s.monitoring.alarms[`${A}|a`]!;
      const history = [...a.history, { at: s.now, type: 'StateUpdate' as const, summary: 'Alarm updated from INSUFFICIENT_DATA to ALARM' }];
      return { ...s, monitoring: { ...s.monitoring, alarms: { ...s.monitoring.alarms, [`${A}|a`]: { ...a, stateValue: 'ALARM', history } } } };
    };
    expect(alarmFiresOnlyOnMatchingEvents.checkStep!({ ...quiet, after: fired(quiet.after) })[0]).toMatch(/no matching event/);
  });

  // kms/latest/developerguide/ct-schedule-key-deletion.html
  it('scheduledDeletionIsVisibleToFilters accepts the real record and flags one without its deletion date', () => {
    const { state, arn } = withKey();
    const t = transition(state, { as: ROOT, op: 'kms:ScheduleKeyDeletion', input: { KeyId: arn, PendingWindowInDays: 7 } });
    expect(scheduledDeletionIsVisibleToFilters.checkStep!(t)).toEqual([]);
    const withoutResponse = step({ ...state, config: { ...state.config, mutant: 'trailOmitsResponseElements' } }, { as: ROOT, op: 'kms:ScheduleKeyDeletion', input: { KeyId: arn, PendingWindowInDays: 7 } });
    expect(scheduledDeletionIsVisibleToFilters.checkStep!({ ...t, after: withoutResponse.state })[0]).toMatch(/not visible/);
  });
});

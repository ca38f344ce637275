// CloudWatch through step(): PutMetricAlarm, DescribeAlarms, DescribeAlarmHistory, DeleteAlarms, GetMetricStatistics, ListMetrics.
import { describe, expect, it } from 'vitest';
import type { Datapoint } from '../../model/state.ts';
import { metricKey, seriesOf } from '../../model/monitoring/statistics.ts';
import { A, B, World, allow, policy, rootOf, userOf } from '../iam/support.ts';

const ROOT = rootOf(A);
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MIN = 60_000;
const NS = 'CloudTrailMetrics';
const METRIC = 'KMSKeyPendingDeletionErrorCount';
const TOPIC = `arn:aws:sns:us-east-1:${A}:kms-alerts`;

/**
 * The alarm of https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html:
 * Sum >= 1 over one 5-minute period, notifying an SNS topic.
 */
const pendingDeletionAlarm = (over: Record<string, unknown> = {}) => ({
  AlarmName: 'KMS key pending deletion', MetricName: METRIC, Namespace: NS, Statistic: 'Sum', Period: 300,
  EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [TOPIC], ...over,
});

/** Datapoints put straight into a metric of account A (as the metric filters of the trail would). */
function withPoints(w: World, points: readonly Datapoint[], metric = METRIC, account = A, namespace = NS): void {
  const key = metricKey(account, namespace, metric);
  const metrics = { ...w.state.monitoring.metrics, [key]: seriesOf(points, w.state.monitoring.metrics[key])! };
  w.state = { ...w.state, monitoring: { ...w.state.monitoring, metrics } };
}

function world(): World {
  const w = new World({ start: T0 });
  w.ok(ROOT, 'sns:CreateTopic', { Name: 'kms-alerts' });
  return w;
}

const describeOne = (w: World, name = 'KMS key pending deletion') => w.ok(ROOT, 'cloudwatch:DescribeAlarms', { AlarmNames: [name] }).MetricAlarms[0];
const historyOf = (w: World, input: object = {}) => w.ok(ROOT, 'cloudwatch:DescribeAlarmHistory', input).AlarmHistoryItems as { HistoryItemType: string; HistorySummary: string; Timestamp: string; HistoryData: string; AlarmName: string }[];

describe('PutMetricAlarm', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — "When this operation
  // creates an alarm, the alarm state is immediately set to INSUFFICIENT_DATA. The alarm is then evaluated".
  // An evaluation that finds no data leaves INSUFFICIENT_DATA as it is: no state change, so the reason stays the
  // creation one (alarms that never see data keep "Unchecked: Initial alarm creation").
  it('creates an alarm in INSUFFICIENT_DATA when its metric has no data, and DescribeAlarms returns it', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmDescription: 'A key pending deletion was used' }));
    expect(describeOne(w)).toEqual({
      AlarmName: 'KMS key pending deletion',
      AlarmArn: `arn:aws:cloudwatch:us-east-1:${A}:alarm:KMS key pending deletion`,
      AlarmDescription: 'A key pending deletion was used',
      AlarmConfigurationUpdatedTimestamp: '2026-01-01T00:00:00.000Z',
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [TOPIC],
      InsufficientDataActions: [],
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: '2026-01-01T00:00:00.000Z',
      MetricName: METRIC,
      Namespace: NS,
      Statistic: 'Sum',
      Dimensions: [],
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      StateTransitionedTimestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(w.ok(ROOT, 'cloudwatch:DescribeAlarms').CompositeAlarms).toEqual([]);
  });

  it('shows DatapointsToAlarm and TreatMissingData only when they were given', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    expect(describeOne(w).TreatMissingData).toBeUndefined();
    expect(describeOne(w).DatapointsToAlarm).toBeUndefined();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ TreatMissingData: 'ignore', DatapointsToAlarm: 1 }));
    expect(describeOne(w)).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', TreatMissingData: 'ignore', DatapointsToAlarm: 1 });
  });

  it('evaluates a new alarm over the datapoints already there: ALARM at once, and the topic is notified', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    expect(describeOne(w).StateValue).toBe('ALARM');
    const sent = w.state.monitoring.topics[TOPIC]!.notifications;
    expect(sent.map((n) => n.subject)).toEqual(['ALARM: "KMS key pending deletion" in US East (N. Virginia)']);
    expect(JSON.parse(sent[0]!.message)).toMatchObject({ NewStateValue: 'ALARM', OldStateValue: 'INSUFFICIENT_DATA', AWSAccountId: A });
  });

  // StateReasonData as CloudWatch writes it (DescribeAlarms outputs quoted in public code, e.g.
  // "recentDatapoints":[1.0,0.0],"threshold":42.0,"evaluatedDatapoints":[{...,"sampleCount":1.0,"value":0.0}]):
  // the datapoints, threshold and sample counts are Java doubles; the period is an integer.
  it('writes StateReasonData with Java doubles', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    expect(describeOne(w).StateReasonData).toBe(
      '{"version":"1.0","queryDate":"2026-01-01T00:00:00.000+0000","startDate":"2026-01-01T00:00:00.000+0000","statistic":"Sum","period":300,' +
      '"recentDatapoints":[1.0],"threshold":1.0,"evaluatedDatapoints":[{"timestamp":"2026-01-01T00:00:00.000+0000","sampleCount":1.0,"value":1.0}]}',
    );
  });

  // "When you update an existing alarm, its state is left unchanged, but the update completely overwrites the previous configuration".
  it('an update keeps the state and overwrites the whole configuration', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmDescription: 'first', OKActions: [TOPIC] }));
    w.advanceSeconds(60);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ Threshold: 5 }));
    const alarm = describeOne(w);
    expect(alarm).toMatchObject({ StateValue: 'ALARM', Threshold: 5, OKActions: [], StateUpdatedTimestamp: '2026-01-01T00:00:00.000Z', AlarmConfigurationUpdatedTimestamp: '2026-01-01T00:01:00.000Z' });
    expect(alarm.AlarmDescription).toBeUndefined();
    expect(historyOf(w, { HistoryItemType: 'ConfigurationUpdate' }).map((h) => h.HistorySummary)).toEqual(['Alarm "KMS key pending deletion" updated', 'Alarm "KMS key pending deletion" created']);
  });

  // API_PutMetricAlarm.html — Period "Valid values are 10, 20, 30, and any multiple of 60"; "Period multiplied by
  // EvaluationPeriods can't be more than 604,800 seconds ... less than one hour ... can't be longer than one day";
  // DatapointsToAlarm is the M of "M out of N". CloudWatch answers ValidationError.
  it.each([
    [{ Period: 45 }, 'Period must be 10, 20, 30 or a multiple of 60'],
    [{ Period: 60, EvaluationPeriods: 1441 }, 'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400) for alarms using period < 3600'],
    [{ Period: 86_400, EvaluationPeriods: 8 }, 'Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be <= 604800) for alarms using period >= 3600'],
    [{ EvaluationPeriods: 2, DatapointsToAlarm: 3 }, 'DatapointsToAlarm must be less than or equal to EvaluationPeriods'],
    [{ Period: undefined }, 'The parameter Period is required.'],
    [{ AlarmActions: [`arn:aws:sns:eu-west-1:${A}:kms-alerts`] }, 'Invalid region eu-west-1 specified. Only us-east-1 is supported.'],
  ])('rejects %j with ValidationError', (over, message) => {
    const outcome = world().call(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm(over));
    expect(outcome).toEqual({ ok: false, error: { code: 'ValidationError', message } });
  });

  // The anomaly-detection operators need ThresholdMetricId (an anomaly detection band); percentiles, tags, EC2 and
  // other non-SNS actions are real inputs too: keyward does not model them, so the call is UnsupportedCall marked
  // unsupported (never an AWS error code AWS would not give, never accepted). A value outside an enumeration is
  // CloudWatch's ValidationError.
  it('refuses anomaly-detection comparison operators and the inputs keyward does not model', () => {
    const w = world();
    expect(w.call(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ ComparisonOperator: 'GreaterThanUpperThreshold' }))).toMatchObject({
      ok: false, unsupported: true, error: { code: 'UnsupportedCall', message: expect.stringContaining('keyward does not model anomaly detection alarms') },
    });
    expect(w.call(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ ExtendedStatistic: 'p99' }))).toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedCall' } });
    expect(w.code(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ Tags: [{ Key: 'team', Value: 'kms' }] }))).toBe('UnsupportedCall');
    expect(w.code(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmActions: ['arn:aws:automate:us-east-1:ec2:stop'] }))).toBe('UnsupportedCall');
    expect(w.code(ROOT, 'cloudwatch:DescribeAlarms', { ChildrenOfAlarmName: 'x' })).toBe('UnsupportedCall');
    expect(w.call(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ TreatMissingData: 'sometimes' }))).toMatchObject({
      ok: false, error: { code: 'ValidationError', message: expect.stringContaining('Member must satisfy enum value set: [breaching, notBreaching, ignore, missing]') },
    });
    expect(Object.keys(w.state.monitoring.alarms)).toEqual([]);
  });

  // AlarmThatSendsEmail.html — "CloudWatch doesn't test or validate the actions that you specify".
  it('accepts an action naming a topic that does not exist; the action fails when it runs', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    const missing = `arn:aws:sns:us-east-1:${A}:nobody`;
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmActions: [missing] }));
    expect(historyOf(w, { HistoryItemType: 'Action' }).map((h) => h.HistorySummary)).toEqual([`Failed to execute action ${missing}. Received error: "Topic does not exist"`]);
  });
});

describe('authorization', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/auth-and-access-control-cw.html — identity-based
  // policies only; the alarm ARN is the resource (service authorization reference).
  it('an IAM user needs cloudwatch:PutMetricAlarm on the alarm ARN; ReadOnlyAccess only describes', () => {
    const w = world();
    w.ok(ROOT, 'iam:CreateUser', { UserName: 'ops' });
    const ops = userOf(A, 'ops');
    expect(w.call(ops, 'cloudwatch:DescribeAlarms')).toMatchObject({ ok: false, error: { code: 'AccessDenied', message: expect.stringContaining('cloudwatch:DescribeAlarms') } });
    w.ok(ROOT, 'iam:AttachUserPolicy', { UserName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(w.code(ops, 'cloudwatch:DescribeAlarms')).toBe('ok');
    expect(w.code(ops, 'cloudwatch:DescribeAlarmHistory')).toBe('ok');
    expect(w.code(ops, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm())).toBe('AccessDenied');
    w.ok(ROOT, 'iam:PutUserPolicy', { UserName: 'ops', PolicyName: 'kms-alarms', PolicyDocument: policy(allow('cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:us-east-1:${A}:alarm:KMS*`)) });
    expect(w.code(ops, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm())).toBe('ok');
    expect(w.code(ops, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmName: 'Other' }))).toBe('AccessDenied');
    expect(w.code(ops, 'cloudwatch:DeleteAlarms', { AlarmNames: ['KMS key pending deletion'] })).toBe('AccessDenied');
  });

  it('the alarms of another account are not visible', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    expect(w.ok(rootOf(B), 'cloudwatch:DescribeAlarms').MetricAlarms).toEqual([]);
    expect(w.ok(rootOf(B), 'cloudwatch:DescribeAlarmHistory').AlarmHistoryItems).toEqual([]);
  });
});

describe('DescribeAlarms filters', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
  function threeAlarms(): World {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmName: 'KMS-b' }));
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmName: 'KMS-a', Threshold: 10, AlarmActions: [] }));
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ AlarmName: 'S3-c', MetricName: 'Other', AlarmActions: [] }));
    return w;
  }
  const names = (w: World, input: object): string[] => w.ok(ROOT, 'cloudwatch:DescribeAlarms', input).MetricAlarms.map((a: { AlarmName: string }) => a.AlarmName);

  it('by names, name prefix, state and action prefix, sorted by name', () => {
    const w = threeAlarms();
    expect(names(w, {})).toEqual(['KMS-a', 'KMS-b', 'S3-c']);
    expect(names(w, { AlarmNames: ['S3-c', 'KMS-b', 'nope'] })).toEqual(['KMS-b', 'S3-c']);
    expect(names(w, { AlarmNamePrefix: 'KMS' })).toEqual(['KMS-a', 'KMS-b']);
    expect(names(w, { StateValue: 'ALARM' })).toEqual(['KMS-b']);
    expect(names(w, { StateValue: 'OK' })).toEqual(['KMS-a']);
    expect(names(w, { StateValue: 'INSUFFICIENT_DATA' })).toEqual(['S3-c']);
    expect(names(w, { ActionPrefix: `arn:aws:sns:us-east-1:${A}:kms` })).toEqual(['KMS-b']);
    expect(names(w, { AlarmTypes: ['CompositeAlarm'] })).toEqual([]);
  });

  it('pages with MaxRecords and NextToken; a bad token is InvalidNextToken; names and prefix together are refused', () => {
    const w = threeAlarms();
    const first = w.ok(ROOT, 'cloudwatch:DescribeAlarms', { MaxRecords: 2 });
    expect(first.MetricAlarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual(['KMS-a', 'KMS-b']);
    expect(names(w, { MaxRecords: 2, NextToken: first.NextToken })).toEqual(['S3-c']);
    expect(w.code(ROOT, 'cloudwatch:DescribeAlarms', { NextToken: 'garbage' })).toBe('InvalidNextToken');
    expect(w.code(ROOT, 'cloudwatch:DescribeAlarms', { AlarmNames: ['KMS-a'], AlarmNamePrefix: 'KMS' })).toBe('ValidationError');
    expect(w.code(ROOT, 'cloudwatch:DescribeAlarms', { MaxRecords: 101 })).toBe('ValidationError');
  });
});

describe('DescribeAlarmHistory and DeleteAlarms', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html
  it('lists ConfigurationUpdate, StateUpdate and Action items, newest first unless TimestampAscending', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ TreatMissingData: 'notBreaching' }));
    w.advanceSeconds(120);
    withPoints(w, [{ at: w.state.now, value: 1 }]);
    w.advanceSeconds(1); // time passing re-evaluates: the datapoint is in the current period
    const items = historyOf(w);
    expect(items.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ['Action', `Successfully executed action ${TOPIC}`],
      ['StateUpdate', 'Alarm updated from OK to ALARM'],
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to OK'],
      ['ConfigurationUpdate', 'Alarm "KMS key pending deletion" created'],
    ]);
    expect(items.map((h) => h.Timestamp)).toEqual(['2026-01-01T00:02:01.000Z', '2026-01-01T00:02:01.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    expect(items.every((h) => h.AlarmName === 'KMS key pending deletion')).toBe(true);
    const ascending = historyOf(w, { ScanBy: 'TimestampAscending' }).map((h) => h.HistoryItemType);
    expect(ascending).toEqual(['ConfigurationUpdate', 'StateUpdate', 'StateUpdate', 'Action']);
    const update = JSON.parse(items.find((h) => h.HistoryItemType === 'StateUpdate')!.HistoryData);
    expect(update).toMatchObject({ version: '1.0', oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM', stateReason: expect.stringMatching(/^Threshold Crossed/) } });
    // HistoryItemType also names the items of alarms on several time series, which keyward cannot create: none.
    expect(historyOf(w, { HistoryItemType: 'AlarmContributorStateUpdate' })).toEqual([]);
  });

  it('filters by item type and by date range', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    w.advanceSeconds(3600);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ Threshold: 2 }));
    expect(historyOf(w, { HistoryItemType: 'StateUpdate' })).toEqual([]);
    expect(historyOf(w, { StartDate: '2026-01-01T00:30:00Z' }).map((h) => h.HistorySummary)).toEqual(['Alarm "KMS key pending deletion" updated']);
    expect(historyOf(w, { EndDate: '2026-01-01T00:30:00Z' }).map((h) => h.HistorySummary)).toEqual(['Alarm "KMS key pending deletion" created']);
  });

  // API_DeleteAlarms.html — "If you specify any incorrect alarm names, the alarms you specify with correct names are
  // still deleted"; DescribeAlarmHistory — "CloudWatch retains the history of an alarm even if you delete the alarm."
  it('deletes the named alarms, ignores unknown names, and keeps the history', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    w.ok(ROOT, 'cloudwatch:DeleteAlarms', { AlarmNames: ['KMS key pending deletion', 'never existed'] });
    expect(w.ok(ROOT, 'cloudwatch:DescribeAlarms').MetricAlarms).toEqual([]);
    expect(historyOf(w, { AlarmName: 'KMS key pending deletion' }).map((h) => h.HistorySummary)).toEqual(['Alarm "KMS key pending deletion" created']);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    expect(historyOf(w).map((h) => h.HistorySummary)).toEqual(['Alarm "KMS key pending deletion" created', 'Alarm "KMS key pending deletion" created']);
  });
});

describe('time passing through advance()', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — "When you update an
  // existing alarm, its state is left unchanged"; alarms are evaluated on a schedule (AlarmThatSendsEmail.html: "If the
  // alarm period is 10 seconds or 30 seconds, the alarm is evaluated every 10 seconds"), so the updated alarm changes
  // state at the next period boundary, not whenever time is next looked at.
  it('an alarm updated to treat missing data as breaching goes to ALARM at the next period boundary', () => {
    const w = world();
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    w.advanceSeconds(60);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm({ TreatMissingData: 'breaching' }));
    expect(describeOne(w).StateValue).toBe('INSUFFICIENT_DATA');
    w.advanceSeconds(3600);
    expect(describeOne(w)).toMatchObject({ StateValue: 'ALARM', StateUpdatedTimestamp: '2026-01-01T00:05:00.000Z' });
    expect(historyOf(w, { HistoryItemType: 'StateUpdate' }).map((h) => h.Timestamp)).toEqual(['2026-01-01T00:05:00.000Z']);
  });


  it('an alarm that fired goes back to INSUFFICIENT_DATA when its period ends', () => {
    const w = world();
    withPoints(w, [{ at: T0 + 10_000, value: 1 }]);
    w.advanceSeconds(10);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    expect(describeOne(w).StateValue).toBe('ALARM');
    w.advanceSeconds(289);
    expect(describeOne(w).StateValue).toBe('ALARM');
    w.advanceSeconds(1);
    expect(describeOne(w)).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', StateUpdatedTimestamp: '2026-01-01T00:05:00.000Z' });
  });
});

describe('GetMetricStatistics and ListMetrics', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
  it('aggregates the datapoints per period; periods without data are left out', () => {
    const w = world();
    withPoints(w, [{ at: T0 + 10_000, value: 1 }, { at: T0 + 20_000, value: 3 }, { at: T0 + 11 * MIN, value: 2 }]);
    w.advanceSeconds(3600);
    const out = w.ok(ROOT, 'cloudwatch:GetMetricStatistics', {
      Namespace: NS, MetricName: METRIC, StartTime: '2026-01-01T00:00:00Z', EndTime: '2026-01-01T00:15:00Z', Period: 300, Statistics: ['Sum', 'SampleCount', 'Maximum'],
    });
    expect(out).toEqual({
      Label: METRIC,
      Datapoints: [
        { Timestamp: '2026-01-01T00:00:00.000Z', Sum: 4, SampleCount: 2, Maximum: 3, Unit: 'None' },
        { Timestamp: '2026-01-01T00:10:00.000Z', Sum: 2, SampleCount: 1, Maximum: 2, Unit: 'None' },
      ],
    });
    const withDimensions = w.ok(ROOT, 'cloudwatch:GetMetricStatistics', {
      Namespace: NS, MetricName: METRIC, Dimensions: [{ Name: 'KeyId', Value: 'x' }], StartTime: T0 / 1000, EndTime: T0 / 1000 + 900, Period: 300, Statistics: ['Sum'],
    });
    expect(withDimensions.Datapoints).toEqual([]);
  });

  // model/timestamps.ts: a timestamp is epoch seconds or ISO 8601 within 1970..9999; outside that, CloudWatch's
  // ValidationError. GetMetricStatistics walks period indices, so a time far in the future cannot stall it.
  it('refuses timestamps out of range and answers quickly near the end of year 9999', () => {
    const w = world();
    const request = { Namespace: NS, MetricName: METRIC, Period: 86_400, Statistics: ['Sum'] };
    expect(w.code(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, StartTime: 1e19, EndTime: 1e19 + 86_400 })).toBe('ValidationError');
    expect(w.code(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, StartTime: '2026-02-30T00:00:00Z', EndTime: '2026-03-02T00:00:00Z' })).toBe('ValidationError');
    const late = w.ok(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, StartTime: '9999-12-01T00:00:00Z', EndTime: '9999-12-31T00:00:00Z' });
    expect(late).toEqual({ Label: METRIC, Datapoints: [] });
    expect(w.code(ROOT, 'cloudwatch:DescribeAlarmHistory', { StartDate: 'yesterday' })).toBe('ValidationError');
  });

  it('answers CloudWatch\'s errors for bad requests, and AccessDenied without permission', () => {
    const w = world();
    const request = { Namespace: NS, MetricName: METRIC, StartTime: '2026-01-01T00:00:00Z', EndTime: '2026-01-01T01:00:00Z', Period: 60, Statistics: ['Sum'] };
    expect(w.code(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, Statistics: undefined })).toBe('InvalidParameterCombination');
    expect(w.code(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, EndTime: '2026-01-01T00:00:00Z' })).toBe('InvalidParameterValue');
    expect(w.code(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, Period: 90 })).toBe('InvalidParameterValue');
    const tooMany = w.call(ROOT, 'cloudwatch:GetMetricStatistics', { ...request, EndTime: '2026-01-03T00:00:00Z' });
    expect(tooMany).toEqual({ ok: false, error: { code: 'InvalidParameterCombination', message: 'You have requested up to 2880 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.' } });
    w.ok(ROOT, 'iam:CreateUser', { UserName: 'nobody' });
    expect(w.code(userOf(A, 'nobody'), 'cloudwatch:GetMetricStatistics', request)).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html — "ListMetrics doesn't return
  // information about metrics if those metrics haven't reported data in the past two weeks".
  it('lists the account\'s metrics that reported data in the past two weeks', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    withPoints(w, [{ at: T0, value: 1 }], 'Elsewhere', B);
    expect(w.ok(ROOT, 'cloudwatch:ListMetrics').Metrics).toEqual([{ Namespace: NS, MetricName: METRIC, Dimensions: [] }]);
    expect(w.ok(ROOT, 'cloudwatch:ListMetrics', { Namespace: 'AWS/KMS' }).Metrics).toEqual([]);
    expect(w.ok(ROOT, 'cloudwatch:ListMetrics', { Dimensions: [{ Name: 'KeyId' }] }).Metrics).toEqual([]);
    w.advanceSeconds(4 * 3600);
    expect(w.ok(ROOT, 'cloudwatch:ListMetrics', { RecentlyActive: 'PT3H' }).Metrics).toEqual([]);
    w.advanceSeconds(15 * 86_400);
    expect(w.ok(ROOT, 'cloudwatch:ListMetrics').Metrics).toEqual([]);
  });

  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html — a namespace is "[^:].*" and a
  // metric name any text: "a|b"/"c" and "a"/"b|c" are two metrics, each with its own datapoints.
  it('keeps metrics apart whatever characters their namespace and name hold', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }], 'c', A, 'a|b');
    withPoints(w, [{ at: T0, value: 5 }], 'b|c', A, 'a');
    expect(w.ok(ROOT, 'cloudwatch:ListMetrics').Metrics).toEqual([
      { Namespace: 'a', MetricName: 'b|c', Dimensions: [] },
      { Namespace: 'a|b', MetricName: 'c', Dimensions: [] },
    ]);
    const sum = (Namespace: string, MetricName: string) => w.ok(ROOT, 'cloudwatch:GetMetricStatistics', {
      Namespace, MetricName, StartTime: '2026-01-01T00:00:00Z', EndTime: '2026-01-01T00:05:00Z', Period: 300, Statistics: ['Sum'],
    }).Datapoints.map((d: { Sum: number }) => d.Sum);
    expect(sum('a|b', 'c')).toEqual([1]);
    expect(sum('a', 'b|c')).toEqual([5]);
  });
});

describe('the KMS "key pending deletion" alarm, end to end', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html — CloudTrail to
  // CloudWatch Logs, metric filter { $.eventSource = kms* && $.errorMessage = "* is pending deletion."}, an alarm
  // Sum >= 1 over one period, an SNS topic. It fires on the first attempt to use the key; operations permitted while
  // the key is pending deletion (DescribeKey) do not match the filter.
  it('fires on the first use of a key pending deletion and notifies the topic once', () => {
    const w = world();
    const keyId = w.ok(ROOT, 'kms:CreateKey').KeyMetadata.KeyId as string;
    w.ok(ROOT, 'logs:PutMetricFilter', {
      logGroupName: w.state.config.trailLogGroupName, filterName: 'KMSKeyPendingDeletion',
      filterPattern: '{ $.eventSource = kms* && $.errorMessage = "* is pending deletion."}',
      metricTransformations: [{ metricName: METRIC, metricNamespace: NS, metricValue: '1' }],
    });
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    w.ok(ROOT, 'kms:ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
    w.ok(ROOT, 'kms:DescribeKey', { KeyId: keyId });
    expect(describeOne(w).StateValue).toBe('INSUFFICIENT_DATA');
    w.advanceSeconds(42);
    expect(w.code(ROOT, 'kms:Encrypt', { KeyId: keyId, Plaintext: 'secret' })).toBe('KMSInvalidStateException');
    expect(describeOne(w)).toMatchObject({ StateValue: 'ALARM', StateUpdatedTimestamp: '2026-01-01T00:00:42.000Z' });
    expect(w.code(ROOT, 'kms:Encrypt', { KeyId: keyId, Plaintext: 'again' })).toBe('KMSInvalidStateException');
    const sent = w.state.monitoring.topics[TOPIC]!.notifications;
    expect(sent.map((n) => n.subject)).toEqual(['ALARM: "KMS key pending deletion" in US East (N. Virginia)']);
    expect(JSON.parse(sent[0]!.message).NewStateReason).toBe('Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:00:00)] was greater than or equal to the threshold (1.0).');
  });

  // The JSON text CloudWatch publishes, as real notifications show it (2023-2025, e.g. "...\"ComparisonOperator\":
  // \"GreaterThanOrEqualToThreshold\",\"Threshold\":1.0,\"TreatMissingData\":\"missing\",
  // \"EvaluateLowSampleCountPercentile\":\"\"}}"): compact, the threshold a Java double.
  it('publishes the alarm message as CloudWatch writes it, the threshold as 1.0', () => {
    const w = world();
    withPoints(w, [{ at: T0, value: 1 }]);
    w.ok(ROOT, 'cloudwatch:PutMetricAlarm', pendingDeletionAlarm());
    const message = w.state.monitoring.topics[TOPIC]!.notifications[0]!.message;
    expect(message).toBe(
      `{"AlarmName":"KMS key pending deletion","AlarmDescription":null,"AWSAccountId":"${A}",` +
      '"AlarmConfigurationUpdatedTimestamp":"2026-01-01T00:00:00.000+0000","NewStateValue":"ALARM",' +
      '"NewStateReason":"Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:00:00)] was greater than or equal to the threshold (1.0).",' +
      `"StateChangeTime":"2026-01-01T00:00:00.000+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:${A}:alarm:KMS key pending deletion",` +
      `"OldStateValue":"INSUFFICIENT_DATA","OKActions":[],"AlarmActions":["${TOPIC}"],"InsufficientDataActions":[],` +
      `"Trigger":{"MetricName":"${METRIC}","Namespace":"${NS}","StatisticType":"Statistic","Statistic":"SUM","Unit":null,"Dimensions":[],` +
      '"Period":300,"EvaluationPeriods":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":1.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}',
    );
  });
});

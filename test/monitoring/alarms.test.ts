// CloudWatch alarm semantics, pure: thresholds, M out of N, missing data, period boundaries, time passing, actions.
import { describe, expect, it } from 'vitest';
import { initialState } from '../../model/index.ts';
import type { AlarmStateValue, Datapoint, MetricAlarm, State, Topic, TreatMissingData } from '../../model/state.ts';
import { cloudwatchTime, javaDouble, reasonTime } from '../../model/monitoring/alarm-text.ts';
import type { Verdict } from '../../model/monitoring/alarms.ts';
import {
  alarmTimesBetween, alarmsTimePass, breaches, decideWindow, evaluateAlarm, evaluateAlarmsAt,
} from '../../model/monitoring/alarms.ts';
import { datapointsIn, metricKey, seriesOf, seriesPointsIn, seriesStatisticsIn, statisticsOf } from '../../model/monitoring/statistics.ts';
import fc from 'fast-check';
import { fuzzParams } from '../support/params.ts';

const A = '111122223333';
const B = '444455556666';
const T0 = Date.parse('2026-01-01T00:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;
const TOPIC = `arn:aws:sns:us-east-1:${A}:alerts`;
const OK_TOPIC = `arn:aws:sns:us-east-1:${A}:all-clear`;

function alarmOf(over: Partial<MetricAlarm> = {}): MetricAlarm {
  const name = over.name ?? 'pending-deletion';
  return {
    account: A as MetricAlarm['account'], name, arn: `arn:aws:cloudwatch:us-east-1:${over.account ?? A}:alarm:${name}`, description: undefined,
    namespace: 'CloudTrailMetrics', metricName: 'KMSKeyPendingDeletionErrorCount', statistic: 'Sum', period: 300,
    evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'missing', actionsEnabled: true, alarmActions: [TOPIC], okActions: [OK_TOPIC], insufficientDataActions: [],
    stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation', stateUpdatedAt: T0,
    configurationUpdatedAt: T0, history: [], ...over,
  };
}

const topicOf = (arn: string, account = A): Topic => ({
  arn, account: account as Topic['account'], name: arn.slice(arn.lastIndexOf(':') + 1), createdAt: T0, subscriptions: [], notifications: [],
});

const metricKeyOf = (a: MetricAlarm): string => metricKey(a.account, a.namespace, a.metricName);

/** A world (accounts A and B, us-east-1) holding the alarms, one metric's datapoints and the topics. */
function worldWith(alarms: readonly MetricAlarm[], points: readonly Datapoint[], topics: readonly Topic[] = [topicOf(TOPIC), topicOf(OK_TOPIC)]): State {
  const base = initialState({ accounts: [A, B] as never, start: T0 });
  const series = seriesOf(points);
  const metrics = alarms.length > 0 && series ? { [metricKeyOf(alarms[0]!)]: series } : {};
  return {
    ...base,
    monitoring: {
      ...base.monitoring,
      metrics,
      alarms: Object.fromEntries(alarms.map((a) => [`${a.account}|${a.name}`, a])),
      topics: Object.fromEntries(topics.map((t) => [t.arn, t])),
    },
  };
}

const alarmIn = (s: State, name = 'pending-deletion', account = A): MetricAlarm => s.monitoring.alarms[`${account}|${name}`]!;
const notificationsOf = (s: State, arn = TOPIC) => s.monitoring.topics[arn]!.notifications;

describe('comparison operators', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — "The specified
  // statistic value is used as the first operand."
  it('compares the statistic with the threshold, equality included only by the OrEqualTo operators', () => {
    expect([breaches('GreaterThanOrEqualToThreshold', 1, 1), breaches('GreaterThanThreshold', 1, 1)]).toEqual([true, false]);
    expect([breaches('LessThanThreshold', 1, 1), breaches('LessThanOrEqualToThreshold', 1, 1)]).toEqual([false, true]);
    expect([breaches('GreaterThanThreshold', 2, 1), breaches('LessThanThreshold', 0, 1)]).toEqual([true, true]);
    expect([breaches('GreaterThanOrEqualToThreshold', 0.5, 1), breaches('LessThanOrEqualToThreshold', 1.5, 1)]).toEqual([false, false]);
  });

  it.each([
    ['GreaterThanOrEqualToThreshold', 10, 'ALARM'], ['GreaterThanThreshold', 10, 'OK'], ['LessThanThreshold', 10, 'OK'], ['LessThanOrEqualToThreshold', 10, 'ALARM'],
    ['GreaterThanThreshold', 9, 'ALARM'], ['LessThanThreshold', 11, 'ALARM'],
  ] as const)('%s with threshold %d over a period summing to 10 gives %s', (operator, threshold, expected) => {
    const alarm = alarmOf({ comparisonOperator: operator, threshold });
    const points = [{ at: T0 + SEC, value: 4 }, { at: T0 + 2 * SEC, value: 6 }];
    expect(evaluateAlarm(alarm, points, T0 + 3 * SEC).stateValue).toBe(expected);
  });
});

describe('statistics per period', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Statistic
  const points = [{ at: T0 + SEC, value: 2 }, { at: T0 + 2 * SEC, value: 3 }, { at: T0 + 3 * SEC, value: 7 }];
  it.each([
    ['Sum', 12], ['SampleCount', 3], ['Average', 4], ['Minimum', 2], ['Maximum', 7],
  ] as const)('%s of the period is %d (ALARM at that threshold, OK just above)', (statistic, value) => {
    expect(evaluateAlarm(alarmOf({ statistic, threshold: value }), points, T0 + 4 * SEC).stateValue).toBe('ALARM');
    expect(evaluateAlarm(alarmOf({ statistic, threshold: value + 0.001 }), points, T0 + 4 * SEC).stateValue).toBe('OK');
  });
});

describe('the evaluation range: the Evaluation Periods periods ending with the current one', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html — "Evaluation Period is the
  // number of the most recent periods, or data points, to evaluate when determining alarm state." keyward counts the
  // current, partial period (model/monitoring/alarms.ts evaluationRangePeriods).
  it('a Sum >= 1 alarm goes to ALARM at the moment of the first matching event', () => {
    const e = evaluateAlarm(alarmOf(), [{ at: T0 + 10 * SEC, value: 1 }], T0 + 10 * SEC);
    expect(e.stateValue).toBe('ALARM');
    expect(e.reason).toBe('Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:00:00)] was greater than or equal to the threshold (1.0).');
  });

  it('ignores datapoints later than the evaluation time', () => {
    expect(evaluateAlarm(alarmOf(), [{ at: T0 + 10 * SEC, value: 1 }], T0 + 9 * SEC).stateValue).toBe('INSUFFICIENT_DATA');
  });

  it('a datapoint at a period boundary belongs to the period it opens, and leaves the range when that period ends', () => {
    const points = [{ at: T0 + 5 * MIN, value: 1 }];
    expect(evaluateAlarm(alarmOf(), points, T0 + 5 * MIN - 1).stateValue).toBe('INSUFFICIENT_DATA');
    expect(evaluateAlarm(alarmOf(), points, T0 + 5 * MIN).stateValue).toBe('ALARM');
    expect(evaluateAlarm(alarmOf(), points, T0 + 10 * MIN - 1).stateValue).toBe('ALARM');
    expect(evaluateAlarm(alarmOf(), points, T0 + 10 * MIN).stateValue).toBe('INSUFFICIENT_DATA');
  });

  // AlarmThatSendsEmail.html: "CloudWatch attempts to retrieve a higher number of data points than specified by
  // Evaluation Periods"; config.alarmExtraRangePeriods widens the range by that many older periods.
  it('with alarmExtraRangePeriods the range reaches further back, so a breaching period counts for longer', () => {
    const points = [{ at: T0 + 5 * MIN, value: 1 }];
    expect(evaluateAlarm(alarmOf(), points, T0 + 10 * MIN, 1).stateValue).toBe('ALARM');
    expect(evaluateAlarm(alarmOf(), points, T0 + 15 * MIN, 1).stateValue).toBe('INSUFFICIENT_DATA');
  });

  // "Datapoints to Alarm is the number of data points within the Evaluation Periods that must be breaching to cause
  // the alarm to go to the ALARM state. The breaching data points do not have to be consecutive".
  it('M out of N: 2 breaching periods out of the last 3 alarm, 1 does not', () => {
    const alarm = alarmOf({ period: 60, evaluationPeriods: 3, datapointsToAlarm: 2, explicit: { datapointsToAlarm: true, treatMissingData: false } });
    const points = [{ at: T0 + 10 * SEC, value: 5 }, { at: T0 + 70 * SEC, value: 0 }, { at: T0 + 130 * SEC, value: 5 }];
    const e = evaluateAlarm(alarm, points, T0 + 150 * SEC);
    expect(e.stateValue).toBe('ALARM');
    expect(e.reason).toBe('Threshold Crossed: 2 out of the last 3 datapoints [5.0 (01/01/26 00:02:00), 5.0 (01/01/26 00:00:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).');
    // One period later the oldest breaching period has left the range: 0, 5, missing -> 1 breaching of 2 real, not enough.
    const later = evaluateAlarm(alarm, points, T0 + 190 * SEC);
    expect(later.stateValue).toBe('OK');
    expect(later.reason).toBe('Threshold Crossed: 1 out of the last 3 datapoints [0.0 (01/01/26 00:01:00)] was not greater than or equal to the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).');
  });

  it('N out of N: every period of the range must breach', () => {
    const alarm = alarmOf({ period: 60, evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(evaluateAlarm(alarm, [{ at: T0, value: 3 }, { at: T0 + MIN, value: 3 }], T0 + MIN).stateValue).toBe('ALARM');
    expect(evaluateAlarm(alarm, [{ at: T0, value: 0 }, { at: T0 + MIN, value: 3 }], T0 + MIN).stateValue).toBe('OK');
  });
});

describe('missing data: the two example tables of AlarmThatSendsEmail.html', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-evaluating-missing-data
  // — five most recent datapoints (0 not breaching, X breaching, - missing), oldest first; columns MISSING, IGNORE,
  // BREACHING, NOT BREACHING. "Retain current state" is 'retain'.
  const verdicts = (row: string): Verdict[] => row.split(' ').map((c) => (c === '0' ? 'notBreaching' : c === 'X' ? 'breaching' : 'missing'));
  const treatments: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

  const threeOfThree: readonly (readonly [string, ...string[]])[] = [
    ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
    ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
    ['- - - - -', 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'],
    ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
    ['- - - - X', 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'],
    ['X - - - -', 'ALARM', 'retain', 'ALARM', 'OK'],
  ];
  it.each(threeOfThree)('3 out of 3, datapoints %s', (row, ...expected) => {
    expect(treatments.map((t) => decideWindow(verdicts(row), 3, 3, t).state)).toEqual(expected);
  });

  const twoOfThree: readonly (readonly [string, ...string[]])[] = [
    ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
    ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
    ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
    ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
    ['- - - - X', 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'],
  ];
  it.each(twoOfThree)('2 out of 3, datapoints %s', (row, ...expected) => {
    expect(treatments.map((t) => decideWindow(verdicts(row), 3, 2, t).state)).toEqual(expected);
  });
});

describe('treatMissingData when every datapoint of the range is missing', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html — notBreaching: "good";
  // breaching: "bad"; ignore: "The current alarm state is maintained"; missing: "If all data points in the alarm
  // evaluation range are missing, the alarm transitions to INSUFFICIENT_DATA".
  it.each([
    ['missing', 'OK', 'INSUFFICIENT_DATA', 'Insufficient Data: 1 datapoint was unknown.'],
    ['notBreaching', 'ALARM', 'OK', 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].'],
    ['breaching', 'OK', 'ALARM', 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].'],
    ['ignore', 'ALARM', 'ALARM', 'kept reason'],
  ] as const)('%s: an alarm in %s goes to %s', (treat, current, expected, reason) => {
    const alarm = alarmOf({ treatMissingData: treat, stateValue: current as AlarmStateValue, stateReason: 'kept reason' });
    const e = evaluateAlarm(alarm, [], T0);
    expect(e.stateValue).toBe(expected);
    expect(e.reason).toBe(reason);
  });

  it('a filled-in missing datapoint is named in the reason beside the real ones', () => {
    const alarm = alarmOf({ period: 60, evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: 'breaching', threshold: 1 });
    const e = evaluateAlarm(alarm, [{ at: T0, value: 0 }], T0 + MIN);
    expect(e.stateValue).toBe('OK');
    expect(e.reason).toBe('Threshold Crossed: 1 datapoint [0.0 (01/01/26 00:00:00)] was not greater than or equal to the threshold (1.0) and 1 missing datapoint was treated as [Breaching].');
  });
});

describe('reason data', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html — StateReasonData
  // {"version":"1.0","queryDate":...,"startDate":...,"statistic":...,"period":...,"recentDatapoints":[...],"threshold":...}.
  it('names the query time, the statistic, the period, the datapoints and the evaluated periods', () => {
    const e = evaluateAlarm(alarmOf(), [{ at: T0 + 10 * SEC, value: 1 }, { at: T0 + 20 * SEC, value: 2 }], T0 + 30 * SEC);
    expect(e.reasonData).toEqual({
      version: '1.0', queryDate: '2026-01-01T00:00:30.000+0000', startDate: '2026-01-01T00:00:00.000+0000', statistic: 'Sum', period: 300,
      recentDatapoints: [3], threshold: 1, evaluatedDatapoints: [{ timestamp: '2026-01-01T00:00:00.000+0000', sampleCount: 2, value: 3 }],
    });
  });

  it('prints numbers as CloudWatch does (Java doubles) and datapoint times as dd/MM/yy HH:mm:ss', () => {
    expect([javaDouble(0), javaDouble(70), javaDouble(7.258333333333333), javaDouble(1e7), javaDouble(-2.5e-5)]).toEqual(['0.0', '70.0', '7.258333333333333', '1.0E7', '-2.5E-5']);
    expect(reasonTime(Date.parse('2022-08-28T15:34:00Z'))).toBe('28/08/22 15:34:00');
  });

  // The formatters are total (model/timestamps.ts boundedTime): a time outside the model clock's range is clamped to
  // it, never a RangeError.
  it('formats any number as a time without throwing', () => {
    expect(cloudwatchTime(Date.parse('2022-08-28T15:39:16.518Z'))).toBe('2022-08-28T15:39:16.518+0000');
    expect(cloudwatchTime(1e20)).toBe('9999-12-31T23:59:59.999+0000');
    expect(cloudwatchTime(Number.NaN)).toBe('1970-01-01T00:00:00.000+0000');
    expect(reasonTime(-1e20)).toBe('01/01/70 00:00:00');
  });
});

describe('the moments an alarm can change', () => {
  it('are the datapoints and the period boundaries while a period with data is in the range', () => {
    const points = [{ at: T0 + 10 * SEC, value: 1 }];
    expect(alarmTimesBetween(alarmOf(), points, T0, T0 + 7 * 24 * 60 * MIN)).toEqual([T0 + 10 * SEC, T0 + 5 * MIN]);
    const three = alarmOf({ period: 60, evaluationPeriods: 3 });
    expect(alarmTimesBetween(three, points, T0, T0 + 24 * 60 * MIN)).toEqual([T0 + 10 * SEC, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    expect(alarmTimesBetween(three, points, T0 + 90 * SEC, T0 + 24 * 60 * MIN)).toEqual([T0 + 2 * MIN, T0 + 3 * MIN]);
  });

  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html — alarms are evaluated on
  // a schedule, not only when data arrives: every alarm is evaluated at the first period boundary after `from` and
  // after its last configuration change, so a change of state is stamped within one period.
  it('include, for every alarm, the first period boundary after from and after its configuration update', () => {
    expect(alarmTimesBetween(alarmOf(), [], T0, T0 + 24 * 60 * MIN)).toEqual([T0 + 5 * MIN]);
    expect(alarmTimesBetween(alarmOf(), [], T0 + 7 * MIN, T0 + 24 * 60 * MIN)).toEqual([T0 + 10 * MIN]);
    expect(alarmTimesBetween(alarmOf({ configurationUpdatedAt: T0 + 12 * MIN }), [], T0 + 7 * MIN, T0 + 24 * 60 * MIN)).toEqual([T0 + 15 * MIN]);
    expect(alarmTimesBetween(alarmOf(), [], T0, T0 + 4 * MIN)).toEqual([]);
  });

  it('a breaching-when-missing alarm with no data goes to ALARM at the first period boundary', () => {
    const state = alarmsTimePass(worldWith([alarmOf({ treatMissingData: 'breaching' })], []), T0, T0 + 60 * MIN);
    expect(alarmIn(state)).toMatchObject({ stateValue: 'ALARM', stateUpdatedAt: T0 + 5 * MIN });
  });

  it('stay few over a week of one-minute periods: one range-length of boundaries per period with data', () => {
    const big = alarmOf({ period: 60, evaluationPeriods: 1440 });
    const points = [{ at: T0, value: 1 }, { at: T0 + 30 * SEC, value: 1 }, { at: T0 + 3 * 24 * 60 * MIN, value: 1 }];
    const times = alarmTimesBetween(big, points, T0 - 1, T0 + 7 * 24 * 60 * MIN);
    expect(times.length).toBeLessThanOrEqual(2 * 1440 + 3);
    expect(times[times.length - 1]).toBe(T0 + 4 * 24 * 60 * MIN);
  });
});

describe('state changes: history and actions', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html — "CloudWatch alarms do not
  // invoke actions simply because they are in a particular state, the state must have changed".
  it('a change records a StateUpdate and notifies the topic once; evaluating again changes nothing', () => {
    const s1 = evaluateAlarmsAt(worldWith([alarmOf()], [{ at: T0 + 10 * SEC, value: 1 }]), T0 + 10 * SEC);
    const alarm = alarmIn(s1);
    expect(alarm.stateValue).toBe('ALARM');
    expect(alarm.stateUpdatedAt).toBe(T0 + 10 * SEC);
    expect(alarm.history.map((h) => [h.type, h.summary])).toEqual([
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
      ['Action', `Successfully executed action ${TOPIC}`],
    ]);
    expect(notificationsOf(s1)).toHaveLength(1);
    const s2 = evaluateAlarmsAt(s1, T0 + 20 * SEC);
    expect(s2).toBe(s1);
  });

  // The alarm message: AlarmThatSendsEmail.html and the notifications quoted in aws/aws-sdk-java#1723.
  it('sends the CloudWatch alarm message with the subject AWS writes', () => {
    const s1 = evaluateAlarmsAt(worldWith([alarmOf({ description: 'A KMS key pending deletion was used' })], [{ at: T0 + 10 * SEC, value: 1 }]), T0 + 10 * SEC);
    const [n] = notificationsOf(s1);
    expect(n!.subject).toBe('ALARM: "pending-deletion" in US East (N. Virginia)');
    expect(n!.at).toBe(T0 + 10 * SEC);
    expect(n!.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(n!.message)).toEqual({
      AlarmName: 'pending-deletion',
      AlarmDescription: 'A KMS key pending deletion was used',
      AWSAccountId: A,
      AlarmConfigurationUpdatedTimestamp: '2026-01-01T00:00:00.000+0000',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed: 1 datapoint [1.0 (01/01/26 00:00:00)] was greater than or equal to the threshold (1.0).',
      StateChangeTime: '2026-01-01T00:00:10.000+0000',
      Region: 'US East (N. Virginia)',
      AlarmArn: `arn:aws:cloudwatch:us-east-1:${A}:alarm:pending-deletion`,
      OldStateValue: 'INSUFFICIENT_DATA',
      OKActions: [OK_TOPIC],
      AlarmActions: [TOPIC],
      InsufficientDataActions: [],
      Trigger: {
        MetricName: 'KMSKeyPendingDeletionErrorCount', Namespace: 'CloudTrailMetrics', StatisticType: 'Statistic', Statistic: 'SUM',
        Unit: null, Dimensions: [], Period: 300, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1, TreatMissingData: 'missing', EvaluateLowSampleCountPercentile: '',
      },
    });
    const action = alarmIn(s1).history[1]!;
    expect(action.data).toMatchObject({ error: null, actionState: 'Succeeded', notificationResource: TOPIC, stateUpdateTimestamp: T0 + 10 * SEC });
  });

  it('the same calls give the same message ids', () => {
    const run = () => evaluateAlarmsAt(worldWith([alarmOf()], [{ at: T0, value: 1 }]), T0);
    expect(notificationsOf(run())[0]!.messageId).toBe(notificationsOf(run())[0]!.messageId);
  });

  it('a missing topic, or a topic of another account, makes a failed Action item and no notification', () => {
    const foreign = `arn:aws:sns:us-east-1:${B}:theirs`;
    const alarm = alarmOf({ alarmActions: [`arn:aws:sns:us-east-1:${A}:gone`, foreign] });
    const s1 = evaluateAlarmsAt(worldWith([alarm], [{ at: T0, value: 1 }], [topicOf(foreign, B)]), T0);
    const items = alarmIn(s1).history.filter((h) => h.type === 'Action');
    expect(items.map((h) => h.summary)).toEqual([
      `Failed to execute action arn:aws:sns:us-east-1:${A}:gone. Received error: "Topic does not exist"`,
      `Failed to execute action ${foreign}. Received error: "CloudWatch Alarms is not authorized to perform: SNS:Publish on resource:${foreign}"`,
    ]);
    expect(items[0]!.data).toMatchObject({ actionState: 'Failed' });
    expect(notificationsOf(s1, foreign)).toHaveLength(0);
  });

  // API_PutMetricAlarm.html — ActionsEnabled: "Indicates whether actions should be executed during any changes to the alarm state."
  it('with actions disabled the state changes but nothing is sent', () => {
    const s1 = evaluateAlarmsAt(worldWith([alarmOf({ actionsEnabled: false })], [{ at: T0, value: 1 }]), T0);
    expect(alarmIn(s1).stateValue).toBe('ALARM');
    expect(alarmIn(s1).history.map((h) => h.type)).toEqual(['StateUpdate']);
    expect(notificationsOf(s1)).toHaveLength(0);
  });

  it('re-evaluates only the alarms of the accounts named', () => {
    const s0 = worldWith([alarmOf()], [{ at: T0, value: 1 }]);
    expect(alarmIn(evaluateAlarmsAt(s0, T0, [B])).stateValue).toBe('INSUFFICIENT_DATA');
    expect(alarmIn(evaluateAlarmsAt(s0, T0, [A])).stateValue).toBe('ALARM');
  });
});

describe('time passing', () => {
  // The alarm leaves ALARM when the period with the event leaves the evaluation range (alarms-and-missing-data.html).
  it('an alarm on one event goes back to INSUFFICIENT_DATA at the next period boundary (missing)', () => {
    const s1 = evaluateAlarmsAt(worldWith([alarmOf({ insufficientDataActions: [TOPIC] })], [{ at: T0 + 10 * SEC, value: 1 }]), T0 + 10 * SEC);
    const s2 = alarmsTimePass(s1, T0 + 10 * SEC, T0 + 60 * MIN);
    const alarm = alarmIn(s2);
    expect(alarm.stateValue).toBe('INSUFFICIENT_DATA');
    expect(alarm.stateUpdatedAt).toBe(T0 + 5 * MIN);
    expect(alarm.stateReason).toBe('Insufficient Data: 1 datapoint was unknown.');
    expect(notificationsOf(s2).map((n) => n.subject)).toEqual(['ALARM: "pending-deletion" in US East (N. Virginia)', 'INSUFFICIENT_DATA: "pending-deletion" in US East (N. Virginia)']);
  });

  it('with notBreaching it goes back to OK at the boundary and runs the OK actions', () => {
    const s1 = evaluateAlarmsAt(worldWith([alarmOf({ treatMissingData: 'notBreaching' })], [{ at: T0 + 10 * SEC, value: 1 }]), T0 + 10 * SEC);
    const s2 = alarmsTimePass(s1, T0 + 10 * SEC, T0 + 7 * MIN);
    expect(alarmIn(s2).stateValue).toBe('OK');
    expect(alarmIn(s2).stateUpdatedAt).toBe(T0 + 5 * MIN);
    expect(notificationsOf(s2, OK_TOPIC).map((n) => [n.subject, n.at])).toEqual([['OK: "pending-deletion" in US East (N. Virginia)', T0 + 5 * MIN]]);
  });

  it('with ignore the alarm stays in ALARM however long nothing comes', () => {
    const s1 = evaluateAlarmsAt(worldWith([alarmOf({ treatMissingData: 'ignore' })], [{ at: T0, value: 1 }]), T0);
    expect(alarmIn(alarmsTimePass(s1, T0, T0 + 7 * 24 * 60 * MIN)).stateValue).toBe('ALARM');
  });

  it('a datapoint that arrived while time passed (a service event) is evaluated at its own time', () => {
    const s0 = evaluateAlarmsAt(worldWith([alarmOf({ treatMissingData: 'notBreaching' })], [{ at: T0 + 17 * MIN, value: 1 }]), T0);
    expect(alarmIn(s0).stateValue).toBe('OK');
    const s1 = alarmsTimePass(s0, T0, T0 + 60 * MIN);
    expect(alarmIn(s1).history.filter((h) => h.type === 'StateUpdate').map((h) => [h.summary, h.at])).toEqual([
      ['Alarm updated from INSUFFICIENT_DATA to OK', T0],
      ['Alarm updated from OK to ALARM', T0 + 17 * MIN],
      ['Alarm updated from ALARM to OK', T0 + 20 * MIN],
    ]);
  });
});

// A metric's datapoints are a persistent list, newest first (model/state.ts MetricSeries): windows come out oldest first.
describe('metric series', () => {
  it('gives the datapoints of a window, oldest first, and leaves earlier series as they were', () => {
    const first = seriesOf([{ at: 1, value: 1 }, { at: 2, value: 2 }, { at: 5, value: 5 }]);
    const later = seriesOf([{ at: 7, value: 7 }], first);
    expect(seriesPointsIn(later, 2, 7).map((p) => p.at)).toEqual([2, 5]);
    expect(seriesPointsIn(later, 0, 100).map((p) => p.at)).toEqual([1, 2, 5, 7]);
    expect(seriesPointsIn(first, 0, 100).map((p) => p.at)).toEqual([1, 2, 5]);
    expect(seriesPointsIn(undefined, 0, 100)).toEqual([]);
  });

  // cloudwatch_concepts.html#Statistic: a window's statistics, read a minute at a time, equal those of its datapoints.
  it('reads the statistics of any window, a minute at a time, exactly as from the datapoints themselves', () => {
    const points = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 90_000 }), value: fc.integer({ min: -5, max: 5 }) }), { maxLength: 60 });
    const windowArb = fc.tuple(fc.integer({ min: -10_000, max: 3_000_000 }), fc.integer({ min: 0, max: 3_000_000 }));
    fc.assert(
      fc.property(points, windowArb, (raw, [from, length]) => {
        let at = 0;
        const sorted = raw.map((p) => ({ at: (at += p.gap), value: p.value }));
        const expected = statisticsOf(datapointsIn(sorted, from, from + length));
        expect(seriesStatisticsIn(seriesOf(sorted), from, from + length)).toEqual(expected);
      }),
      fuzzParams(300),
    );
  });
});

// CloudWatch metric alarms: evaluation over periods (M out of N, missing data), state changes, history and SNS actions.
import type {
  AlarmHistoryItem, AlarmStateValue, ComparisonOperator, Datapoint, JsonValue, MetricAlarm, MetricSeries, State, TreatMissingData,
} from '../state.ts';
import { deliver } from '../sns/topics.ts';
import {
  alarmMessage, alarmSubject, cloudwatchTime, insufficientDataReason, stateUpdateData, thresholdReason,
} from './alarm-text.ts';
import type { ReasonPoint } from './alarm-text.ts';
import type { PeriodStatistics } from './statistics.ts';
import { arrayWindow, datapointsIn, metricKey, seriesPointsIn, seriesWindow, statisticValue } from './statistics.ts';
import type { WindowStatistics } from './statistics.ts';

/** How one period of the evaluation range compares with the threshold. */
export type Verdict = 'breaching' | 'notBreaching' | 'missing';

export interface Evaluation {
  readonly stateValue: AlarmStateValue;
  readonly reason: string;
  readonly reasonData: JsonValue;
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-evaluating-missing-data
 * — "CloudWatch attempts to retrieve a higher number of data points than specified by Evaluation Periods ... The exact
 * number ... depends on the length of the alarm period" (the evaluation range). AWS does not publish that number;
 * keyward's evaluation range is exactly the Evaluation Periods periods ending with the period that contains the
 * evaluation time, the current, partial period included (so an alarm on Sum >= 1 goes to ALARM at the moment of the
 * first matching event, and time passing moves it back at the next period boundary), plus `extra` older periods
 * (`config.alarmExtraRangePeriods`, 0 by default). INFERRED; the one place to change.
 */
export const evaluationRangePeriods = (alarm: Pick<MetricAlarm, 'evaluationPeriods'>, extra = 0): number => alarm.evaluationPeriods + extra;

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — ComparisonOperator: "The
 * specified statistic value is used as the first operand."
 */
export function breaches(operator: ComparisonOperator, value: number, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'GreaterThanThreshold': return value > threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
  }
}

/** The decision over an evaluation range: a state (or "keep the current one"), the real datapoints it rests on, and how many missing ones were filled in. */
export interface WindowDecision {
  readonly state: AlarmStateValue | 'retain';
  /** Indices (into the range, oldest first) of the real datapoints evaluated. */
  readonly evaluated: readonly number[];
  /** Missing datapoints filled in with the treatMissingData value (breaching or notBreaching). */
  readonly filled: number;
}

const breachingCount = (range: readonly Verdict[], indices: readonly number[]): number => indices.filter((i) => range[i] === 'breaching').length;

/**
 * The alarm rule over an evaluation range (oldest period first), as
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-evaluating-missing-data
 * states it (and as its two example tables show, each row reproduced in test/monitoring/alarms.test.ts):
 * - "If no data points in the evaluation range are missing ... evaluates the alarm based on the most recent data points";
 *   "If some data points ... are missing, but the number of existing data points retrieved is equal to or more than the
 *   alarm's Evaluation Periods, CloudWatch evaluates the alarm state based on the most recent existing data points".
 * - Otherwise "CloudWatch fills in the missing data points with the result you specified for how to treat missing
 *   data ... any real data points in the evaluation range, no matter when they were reported, are included ... uses
 *   missing data points only as few times as possible." "If fewer than the value of Datapoints to Alarm are breaching,
 *   the alarm state is set to OK. Otherwise, the state is set to ALARM."
 * - treatMissingData: "notBreaching — Missing data points are treated as being within the threshold"; "breaching —
 *   ... as breaching the threshold"; "ignore — The current alarm state is maintained"; "missing — If all data points
 *   in the alarm evaluation range are missing, the alarm transitions to INSUFFICIENT_DATA" (alarms-and-missing-data.html).
 * - With missing or ignore and only breaching real datapoints, too few for Datapoints to Alarm: the tables' rows
 *   "X - - - -" (ALARM under missing: "the oldest evaluated data point is breaching and there aren't any non-breaching
 *   data points") and "- - - - X" (Insufficient data under missing, "Retain current state" under ignore): the alarm
 *   goes to ALARM when the oldest breaching datapoint is at least Datapoints to Alarm periods old, else it waits.
 */
export function decideWindow(range: readonly Verdict[], evaluationPeriods: number, datapointsToAlarm: number, treat: TreatMissingData): WindowDecision {
  const real = range.flatMap((v, i) => (v === 'missing' ? [] : [i]));
  if (real.length >= evaluationPeriods) {
    const evaluated = real.slice(real.length - evaluationPeriods);
    return { state: breachingCount(range, evaluated) >= datapointsToAlarm ? 'ALARM' : 'OK', evaluated, filled: 0 };
  }
  const fill = evaluationPeriods - real.length;
  const breaching = breachingCount(range, real);
  switch (treat) {
    case 'breaching': return { state: breaching + fill >= datapointsToAlarm ? 'ALARM' : 'OK', evaluated: real, filled: fill };
    case 'notBreaching': return { state: breaching >= datapointsToAlarm ? 'ALARM' : 'OK', evaluated: real, filled: fill };
    case 'missing':
    case 'ignore': {
      const waiting = treat === 'missing' ? 'INSUFFICIENT_DATA' : 'retain';
      if (real.length === 0) return { state: waiting, evaluated: real, filled: 0 };
      if (breaching >= datapointsToAlarm) return { state: 'ALARM', evaluated: real, filled: 0 };
      if (breaching < real.length) return { state: 'OK', evaluated: real, filled: 0 };
      const oldestBreachingAge = range.length - real[0]!;
      return { state: treat === 'missing' && oldestBreachingAge >= datapointsToAlarm ? 'ALARM' : waiting, evaluated: real, filled: 0 };
    }
  }
}

/** One period of the evaluation range: its start, its statistics (none when no datapoint fell in it) and its verdict. */
interface RangePeriod {
  readonly start: number;
  readonly stats: PeriodStatistics | undefined;
  readonly value: number | undefined;
  readonly verdict: Verdict;
}

/**
 * The periods of the evaluation range at model time `at`, oldest first. Periods are aligned on multiples of the period
 * since the epoch (INFERRED: AWS does not document the alignment of alarm periods); the current period holds the
 * datapoints up to and including `at`.
 */
function rangePeriods(alarm: MetricAlarm, statisticsIn: WindowStatistics, at: number, extra: number): RangePeriod[] {
  const periodMs = alarm.period * 1000;
  const current = Math.floor(at / periodMs);
  const periods: RangePeriod[] = [];
  for (let p = current - evaluationRangePeriods(alarm, extra) + 1; p <= current; p++) {
    const start = p * periodMs;
    const stats = statisticsIn(start, Math.min(start + periodMs, at + 1));
    const value = stats === undefined ? undefined : statisticValue(stats, alarm.statistic);
    const verdict: Verdict = value === undefined ? 'missing' : breaches(alarm.comparisonOperator, value, alarm.threshold) ? 'breaching' : 'notBreaching';
    periods.push({ start, stats, value, verdict });
  }
  return periods;
}

/**
 * StateReasonData, in the shape CloudWatch writes (DescribeAlarms example in API_DescribeAlarms.html and alarm events):
 * version, queryDate, startDate (when data came), statistic, period, recentDatapoints (oldest first), threshold and
 * evaluatedDatapoints (newest first; a missing one has a timestamp only).
 */
function reasonDataOf(alarm: MetricAlarm, periods: readonly RangePeriod[], at: number): JsonValue {
  const real = periods.filter((p) => p.value !== undefined);
  const evaluated = periods.slice(periods.length - alarm.evaluationPeriods).reverse();
  return {
    version: '1.0',
    queryDate: cloudwatchTime(at),
    ...(real.length > 0 ? { startDate: cloudwatchTime(real[0]!.start) } : {}),
    statistic: alarm.statistic,
    period: alarm.period,
    recentDatapoints: real.map((p) => p.value!),
    threshold: alarm.threshold,
    evaluatedDatapoints: evaluated.map((p): JsonValue =>
      p.stats === undefined ? { timestamp: cloudwatchTime(p.start) } : { timestamp: cloudwatchTime(p.start), sampleCount: p.stats.SampleCount, value: p.value! }),
  };
}

function reasonOf(alarm: MetricAlarm, periods: readonly RangePeriod[], decision: WindowDecision, state: AlarmStateValue): string {
  if (state === 'INSUFFICIENT_DATA') return insufficientDataReason(alarm.evaluationPeriods - decision.evaluated.length);
  const wanted: Verdict = state === 'ALARM' ? 'breaching' : 'notBreaching';
  const named: ReasonPoint[] = decision.evaluated
    .filter((i) => periods[i]!.verdict === wanted)
    .reverse()
    .map((i) => ({ start: periods[i]!.start, value: periods[i]!.value! }));
  return thresholdReason(alarm, { state, named, filled: decision.filled, filledAs: alarm.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching' });
}

/**
 * The alarm's state at model time `at` given its metric's datapoints (oldest first): aggregate each period of the
 * evaluation range with the alarm's statistic, compare with the threshold, and decide (decideWindow). Under
 * treatMissingData "ignore" an undecided range keeps the current state (and its reason).
 */
export function evaluateAlarm(alarm: MetricAlarm, datapoints: readonly Datapoint[], at: number, extraRangePeriods = 0): Evaluation {
  return evaluateAlarmOver(alarm, arrayWindow(datapoints), at, extraRangePeriods);
}

/** evaluateAlarm over window statistics (of an array of datapoints, or of a metric series). */
function evaluateAlarmOver(alarm: MetricAlarm, statisticsIn: WindowStatistics, at: number, extraRangePeriods: number): Evaluation {
  const periods = rangePeriods(alarm, statisticsIn, at, extraRangePeriods);
  const decision = decideWindow(periods.map((p) => p.verdict), alarm.evaluationPeriods, alarm.datapointsToAlarm, alarm.treatMissingData);
  if (decision.state === 'retain') return { stateValue: alarm.stateValue, reason: alarm.stateReason, reasonData: alarm.stateReasonData ?? null };
  return { stateValue: decision.state, reason: reasonOf(alarm, periods, decision, decision.state), reasonData: reasonDataOf(alarm, periods, at) };
}

/**
 * The model times in (from, until] at which the alarm's evaluation can change, ascending: the arrival of each datapoint,
 * and each period boundary while a period holding datapoints is still inside the evaluation range (after that the
 * range is all missing, and stays so). At most evaluation-range-many boundaries per period with data.
 * Every alarm is also evaluated at the first period boundary after `from` and after its last configuration change:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html — alarms are evaluated on a
 * schedule ("If the alarm period is 10 seconds or 30 seconds, the alarm is evaluated every 10 seconds"), not only when
 * data arrives, so an alarm updated by PutMetricAlarm ("its state is left unchanged") or one that treats missing data
 * as breaching changes state within one period, with that time as its StateUpdatedTimestamp. keyward evaluates at
 * period boundaries, not every minute (INFERRED: the moments in between see the same periods, so the same decision).
 */
export function alarmTimesBetween(alarm: MetricAlarm, datapoints: readonly Datapoint[], from: number, until: number, extraRangePeriods = 0): number[] {
  const periodMs = alarm.period * 1000;
  const range = evaluationRangePeriods(alarm, extraRangePeriods);
  const earliest = (Math.floor(from / periodMs) - range + 1) * periodMs;
  const times = new Set<number>();
  const firstBoundary = (Math.floor(Math.max(from, alarm.configurationUpdatedAt) / periodMs) + 1) * periodMs;
  if (firstBoundary <= until) times.add(firstBoundary);
  let lastPeriod = Number.NaN;
  for (const d of datapointsIn(datapoints, earliest, until + 1)) {
    if (d.at > from) times.add(d.at);
    const p = Math.floor(d.at / periodMs);
    if (p === lastPeriod) continue;
    lastPeriod = p;
    for (let j = 1; j <= range; j++) {
      const t = (p + j) * periodMs;
      if (t > until) break;
      if (t > from) times.add(t);
    }
  }
  return [...times].sort((a, b) => a - b);
}

/** The key of an alarm in `state.monitoring.alarms`. */
export const alarmKey = (account: string, name: string): string => `${account}|${name}`;

/**
 * The datapoints of the metric an alarm watches. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension
 * — "CloudWatch treats each unique combination of dimensions as a separate metric": the metrics keyward records (from
 * metric filters, keyed by metricKey in MonitoringState.metrics) have no dimensions, so an
 * alarm naming dimensions watches a metric that never receives data.
 */
export function metricSeries(state: State, account: string, namespace: string, metricName: string, dimensions: readonly unknown[] = []): MetricSeries | undefined {
  if (dimensions.length > 0) return undefined;
  const key = metricKey(account, namespace, metricName);
  return Object.hasOwn(state.monitoring.metrics, key) ? state.monitoring.metrics[key] : undefined;
}

/** The datapoints of the alarm's metric with `from <= at < to`, oldest first. */
const alarmDatapoints = (state: State, alarm: MetricAlarm, from: number, to: number): readonly Datapoint[] =>
  seriesPointsIn(metricSeries(state, alarm.account, alarm.namespace, alarm.metricName, alarm.dimensions), from, to);

/** Where the evaluation range that holds model time `at` starts (its oldest period's start). */
const rangeStart = (alarm: MetricAlarm, at: number, extra: number): number =>
  (Math.floor(at / (alarm.period * 1000)) - evaluationRangePeriods(alarm, extra) + 1) * alarm.period * 1000;

export const withAlarm = (state: State, key: string, alarm: MetricAlarm): State => ({
  ...state,
  monitoring: { ...state.monitoring, alarms: { ...state.monitoring.alarms, [key]: alarm } },
});

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — OKActions, AlarmActions,
 * InsufficientDataActions: "The actions to execute when this alarm transitions to the <state> state from any other state".
 */
function actionsFor(alarm: MetricAlarm): readonly string[] {
  switch (alarm.stateValue) {
    case 'ALARM': return alarm.alarmActions;
    case 'OK': return alarm.okActions;
    case 'INSUFFICIENT_DATA': return alarm.insufficientDataActions;
  }
}

const failedAction = (arn: string, error: string, at: number): AlarmHistoryItem => ({
  at,
  type: 'Action',
  summary: `Failed to execute action ${arn}. Received error: "${error}"`,
  data: { error, actionState: 'Failed', notificationResource: arn, stateUpdateTimestamp: at },
});

/**
 * One SNS action of a state change: the alarm message published to the topic, and an Action history item —
 * "Successfully executed action <arn>" with HistoryData {error: null, actionState: "Succeeded", notificationResource,
 * stateUpdateTimestamp, publishedMessage} (the Action item quoted in aws/aws-sdk-java#1723), or "Failed to execute
 * action <arn>. Received error: "..."" when the publish fails. A topic of another account fails: its default topic
 * policy lets only the owner account publish (sns/latest/dg/sns-access-policy-use-cases.html), and keyward does not
 * model topic policies. The error texts are INFERRED from the SNS errors ("Topic does not exist", AuthorizationError).
 */
function runAction(state: State, alarm: MetricAlarm, oldState: AlarmStateValue, arn: string, at: number): { state: State; item: AlarmHistoryItem } {
  const topic = state.monitoring.topics[arn];
  if (!topic) return { state, item: failedAction(arn, 'Topic does not exist', at) };
  if (topic.account !== alarm.account) return { state, item: failedAction(arn, `CloudWatch Alarms is not authorized to perform: SNS:Publish on resource:${arn}`, at) };
  const message = alarmMessage(alarm, oldState, state.region, at);
  const delivered = deliver(state, arn, { at, subject: alarmSubject(alarm, state.region), message });
  if (!delivered) return { state, item: failedAction(arn, 'Topic does not exist', at) };
  const data = { error: null, actionState: 'Succeeded', notificationResource: arn, stateUpdateTimestamp: at, publishedMessage: JSON.stringify({ default: message }) };
  return { state: delivered.state, item: { at, type: 'Action', summary: `Successfully executed action ${arn}`, data } };
}

/**
 * A state change: a StateUpdate history item ("Alarm updated from INSUFFICIENT_DATA to ALARM", API_DescribeAlarmHistory.html
 * example), the new state, reason and time, then — when actions are enabled — the actions of the new state.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html — "CloudWatch alarms do not
 * invoke actions simply because they are in a particular state, the state must have changed"; "For Amazon SNS
 * notifications, no additional actions are invoked" while the state lasts.
 */
function changeState(state: State, key: string, alarm: MetricAlarm, e: Evaluation, at: number): State {
  const update: AlarmHistoryItem = { at, type: 'StateUpdate', summary: `Alarm updated from ${alarm.stateValue} to ${e.stateValue}`, data: stateUpdateData(alarm, e.stateValue, e.reason, e.reasonData) };
  const changed: MetricAlarm = { ...alarm, stateValue: e.stateValue, stateReason: e.reason, stateReasonData: e.reasonData, stateUpdatedAt: at, history: [...alarm.history, update] };
  if (!changed.actionsEnabled) return withAlarm(state, key, changed);
  let current = state;
  const items: AlarmHistoryItem[] = [];
  for (const arn of actionsFor(changed)) {
    const r = runAction(current, changed, alarm.stateValue, arn, at);
    current = r.state;
    items.push(r.item);
  }
  return withAlarm(current, key, { ...changed, history: [...changed.history, ...items] });
}

/** Re-evaluate one alarm (by key) at model time `at`; a changed state is recorded and acted on. */
export function evaluateAlarmAt(state: State, key: string, at: number): State {
  const alarm = state.monitoring.alarms[key];
  if (!alarm) return state;
  const series = metricSeries(state, alarm.account, alarm.namespace, alarm.metricName, alarm.dimensions);
  const e = evaluateAlarmOver(alarm, seriesWindow(series), at, state.config.alarmExtraRangePeriods);
  return e.stateValue === alarm.stateValue ? state : changeState(state, key, alarm, e, at);
}

/** Re-evaluate the alarms of the given accounts (or all alarms) at model time `at`. */
export function evaluateAlarmsAt(state: State, at: number, accounts?: readonly string[]): State {
  const keys = Object.keys(state.monitoring.alarms).filter((k) => accounts === undefined || accounts.includes(state.monitoring.alarms[k]!.account));
  return keys.reduce((s, k) => evaluateAlarmAt(s, k, at), state);
}

/**
 * Time passes from `from` to `until`: every alarm is evaluated at each moment its state could change (alarmTimesBetween),
 * all alarms' moments merged in time order, and finally every alarm at `until`.
 */
export function alarmsTimePass(state: State, from: number, until: number): State {
  const schedule = new Map<number, string[]>();
  for (const [key, alarm] of Object.entries(state.monitoring.alarms)) {
    const extra = state.config.alarmExtraRangePeriods;
    for (const t of alarmTimesBetween(alarm, alarmDatapoints(state, alarm, rangeStart(alarm, from, extra), until + 1), from, until, extra)) schedule.set(t, [...(schedule.get(t) ?? []), key]);
  }
  let current = state;
  for (const t of [...schedule.keys()].sort((a, b) => a - b)) current = schedule.get(t)!.reduce((s, k) => evaluateAlarmAt(s, k, t), current);
  return evaluateAlarmsAt(current, until);
}

// The texts CloudWatch alarms write: state reasons, reason data, history data, and the JSON message sent to SNS.
import type { AlarmStateValue, ComparisonOperator, JsonValue, MetricAlarm } from '../state.ts';
import { boundedTime, isoTime } from '../timestamps.ts';

/**
 * CloudWatch prints numbers as Java doubles: "0.0", "70.0", "7.258333333333333", "1.0E7" (the alarm reasons quoted in
 * https://github.com/aws/aws-sdk-java/issues/1723 and in the AWS CLI's describe-alarm-history example).
 */
export function javaDouble(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (x === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(x) ? `${x}.0` : String(x);
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The timestamps of alarm messages, reason data and history data: "2022-08-28T15:39:16.518+0000" (total: any number has one). */
export const cloudwatchTime = (ms: number): string => isoTime(ms).replace('Z', '+0000');

/** A datapoint's time inside a state reason: "(28/08/22 15:34:00)" — day/month/two-digit year, UTC (total, as cloudwatchTime). */
export function reasonTime(ms: number): string {
  const d = new Date(boundedTime(ms));
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * The Region names alarm messages use ("Region": "US East (N. Virginia)", subject `ALARM: "x" in EU (London)`), as in
 * the alarm notifications quoted at https://github.com/aws/aws-sdk-java/issues/1723; a Region not listed keeps its code.
 */
const REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'sa-east-1': 'South America (Sao Paulo)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-west-3': 'EU (Paris)',
  'eu-central-1': 'EU (Frankfurt)',
  'eu-north-1': 'EU (Stockholm)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
};

const regionName = (region: string): string => REGION_NAMES[region] ?? region;

const COMPARISON_WORDS: Readonly<Record<ComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const wasWere = (n: number): string => (n === 1 ? 'was' : 'were');

/** One evaluated period as a reason lists it: its statistic and the start of its period. */
export interface ReasonPoint {
  readonly start: number;
  readonly value: number;
}

/** What a threshold reason says: the state, the datapoints it names (newest first), and the missing ones filled in. */
export interface ThresholdReason {
  readonly state: 'ALARM' | 'OK';
  readonly named: readonly ReasonPoint[];
  /** Missing datapoints treated as breaching or not breaching (treatMissingData breaching / notBreaching). */
  readonly filled: number;
  readonly filledAs: 'Breaching' | 'NonBreaching';
}

const pointList = (named: readonly ReasonPoint[]): string => named.map((p) => `${javaDouble(p.value)} (${reasonTime(p.start)})`).join(', ');

const filledClause = (r: ThresholdReason): string =>
  r.filled > 0 ? ` and ${plural(r.filled, 'missing datapoint')} ${wasWere(r.filled)} treated as [${r.filledAs}]` : '';

/**
 * The reason of a threshold decision, in the two forms CloudWatch writes in StateReason and NewStateReason (alarm
 * messages quoted in https://github.com/aws/aws-sdk-java/issues/1723 and in CloudWatch users' reports):
 * - "M out of N" alarms (DatapointsToAlarm given): "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (28/08/22
 *   15:34:00)] was greater than or equal to the threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition)."
 * - otherwise: "Threshold Crossed: 1 datapoint [1.0 (26/03/26 09:42:00)] was greater than the threshold (0.0)." with
 *   " and 1 missing datapoint was treated as [Breaching]" when missing data was filled in, and "Threshold Crossed: no
 *   datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching]." when nothing came.
 * An OK reason names the datapoints that were not breaching ("was not greater than ..."); the minimum for an
 * ALARM -> OK transition of an M out of N alarm is N - M + 1 (INFERRED from the M = N examples, where it is 1).
 */
export function thresholdReason(alarm: MetricAlarm, r: ThresholdReason): string {
  const comparison = `${r.state === 'OK' ? 'not ' : ''}${COMPARISON_WORDS[alarm.comparisonOperator]}`;
  const threshold = `the threshold (${javaDouble(alarm.threshold)})`;
  const k = r.named.length;
  if (k === 0) {
    return `Threshold Crossed: no datapoints were received for ${plural(r.filled, 'period')} and ${plural(r.filled, 'missing datapoint')} ${wasWere(r.filled)} treated as [${r.filledAs}].`;
  }
  if (alarm.explicit?.datapointsToAlarm) {
    const minimum = r.state === 'ALARM' ? alarm.datapointsToAlarm : alarm.evaluationPeriods - alarm.datapointsToAlarm + 1;
    const transition = r.state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK';
    return `Threshold Crossed: ${k} out of the last ${alarm.evaluationPeriods} datapoints [${pointList(r.named)}] ${wasWere(k)} ${comparison} ${threshold}${filledClause(r)} (minimum ${plural(minimum, 'datapoint')} for ${transition} transition).`;
  }
  return `Threshold Crossed: ${plural(k, 'datapoint')} [${pointList(r.named)}] ${wasWere(k)} ${comparison} ${threshold}${filledClause(r)}.`;
}

/** "Insufficient Data: 1 datapoint was unknown." (the reason quoted in alarm messages of INSUFFICIENT_DATA transitions). */
export const insufficientDataReason = (unknown: number): string => `Insufficient Data: ${plural(unknown, 'datapoint')} ${wasWere(unknown)} unknown.`;

/** The reason of a new alarm: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html ("immediately set to INSUFFICIENT_DATA"). */
export const INITIAL_REASON = 'Unchecked: Initial alarm creation';

const historyState = (value: AlarmStateValue, reason: string, reasonData: JsonValue | undefined): JsonValue =>
  reasonData === undefined ? { stateValue: value, stateReason: reason } : { stateValue: value, stateReason: reason, stateReasonData: reasonData };

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html (example): a
 * StateUpdate's HistoryData is {"version":"1.0","oldState":{stateValue,stateReason[,stateReasonData]},"newState":{...}}.
 */
export function stateUpdateData(alarm: MetricAlarm, value: AlarmStateValue, reason: string, reasonData: JsonValue): JsonValue {
  return {
    version: '1.0',
    oldState: historyState(alarm.stateValue, alarm.stateReason, alarm.stateReasonData),
    newState: historyState(value, reason, reasonData),
  };
}

/** The alarm as a ConfigurationUpdate's HistoryData describes it (camel-cased fields, "okactions" as CloudWatch spells it). */
function alarmConfigurationData(alarm: MetricAlarm): JsonValue {
  return {
    alarmName: alarm.name,
    ...(alarm.description !== undefined ? { alarmDescription: alarm.description } : {}),
    alarmArn: alarm.arn,
    alarmConfigurationUpdatedTimestamp: cloudwatchTime(alarm.configurationUpdatedAt),
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    statistic: alarm.statistic,
    period: alarm.period,
    dimensions: (alarm.dimensions ?? []).map((d) => ({ value: d.value, name: d.name })),
    threshold: alarm.threshold,
    comparisonOperator: alarm.comparisonOperator,
    evaluationPeriods: alarm.evaluationPeriods,
    ...(alarm.explicit?.datapointsToAlarm ? { datapointsToAlarm: alarm.datapointsToAlarm } : {}),
    ...(alarm.explicit?.treatMissingData ? { treatMissingData: alarm.treatMissingData } : {}),
    stateValue: alarm.stateValue,
    stateUpdatedTimestamp: cloudwatchTime(alarm.stateUpdatedAt),
    actionsEnabled: alarm.actionsEnabled,
    alarmActions: [...alarm.alarmActions],
    insufficientDataActions: [...alarm.insufficientDataActions],
    okactions: [...alarm.okActions],
  };
}

/**
 * A ConfigurationUpdate's HistorySummary and HistoryData
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_AlarmHistoryItem.html; the form as
 * DescribeAlarmHistory returns it for a new alarm): `Alarm "x" created` with {"version":"1.0","type":"Create",
 * "createdAlarm":{...}}; an update is `Alarm "x" updated` with type "Update" and the updated alarm (INFERRED).
 */
export function configurationUpdate(alarm: MetricAlarm, created: boolean): { readonly summary: string; readonly data: JsonValue } {
  return created
    ? { summary: `Alarm "${alarm.name}" created`, data: { version: '1.0', type: 'Create', createdAlarm: alarmConfigurationData(alarm) } }
    : { summary: `Alarm "${alarm.name}" updated`, data: { version: '1.0', type: 'Update', updatedAlarm: alarmConfigurationData(alarm) } };
}

/** The Trigger's Statistic, upper-cased as alarm messages write it ("SUM", "AVERAGE", "SAMPLE_COUNT"). */
const triggerStatistic = (alarm: MetricAlarm): string => alarm.statistic.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The fields whose numbers CloudWatch writes as Java doubles in the JSON texts of alarms (StateReasonData, HistoryData,
 * the SNS message): "threshold":1.0, "recentDatapoints":[1.0,0.0], "sampleCount":4.0, "value":0.0 in reason data, and
 * the message Trigger's "Threshold":1.0 (reason data and notifications of 2017-2026 quoted in public code, and the AWS
 * CLI's describe-alarm-history example: "recentDatapoints\":[38.958,40.292],\"threshold\":70.0"); counts such as
 * "period":300 and "EvaluationPeriods":1 stay integers. (The createdAlarm "threshold" of a ConfigurationUpdate follows
 * the same rule: INFERRED.)
 */
const DOUBLE_FIELDS: ReadonlySet<string> = new Set(['Threshold', 'threshold', 'recentDatapoints', 'sampleCount', 'value']);

/** A JSON value as CloudWatch writes it: compact, the numbers of DOUBLE_FIELDS as Java doubles (finite numbers only). */
export function cloudwatchJson(value: JsonValue, asDouble = false): string {
  if (typeof value === 'number') return asDouble ? javaDouble(value) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => cloudwatchJson(v, asDouble)).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const fields = Object.entries(value as { readonly [k: string]: JsonValue });
  return `{${fields.map(([name, v]) => `${JSON.stringify(name)}:${cloudwatchJson(v, DOUBLE_FIELDS.has(name))}`).join(',')}}`;
}

/**
 * The message an alarm sends to an SNS topic, as JSON text (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
 * Field order and forms as in the notifications CloudWatch sent in 2023-2025, quoted in public code (e.g.
 * ...,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":1.0,"TreatMissingData":"missing",
 * "EvaluateLowSampleCountPercentile":""}}): AlarmName, AlarmDescription (null when none), AWSAccountId,
 * AlarmConfigurationUpdatedTimestamp, NewStateValue, NewStateReason, StateChangeTime, Region (its name), AlarmArn,
 * OldStateValue, the three action lists, and Trigger, whose Threshold is a Java double and whose TreatMissingData is
 * the bare value (messages of 2020-2021 wrote "- TreatMissingData:                    missing" and had no
 * AlarmConfigurationUpdatedTimestamp or action lists; the newer form is modelled). DatapointsToAlarm appears when it
 * was given.
 */
export function alarmMessage(alarm: MetricAlarm, oldState: AlarmStateValue, region: string, at: number): string {
  return cloudwatchJson({
    AlarmName: alarm.name,
    AlarmDescription: alarm.description ?? null,
    AWSAccountId: alarm.account,
    AlarmConfigurationUpdatedTimestamp: cloudwatchTime(alarm.configurationUpdatedAt),
    NewStateValue: alarm.stateValue,
    NewStateReason: alarm.stateReason,
    StateChangeTime: cloudwatchTime(at),
    Region: regionName(region),
    AlarmArn: alarm.arn,
    OldStateValue: oldState,
    OKActions: [...alarm.okActions],
    AlarmActions: [...alarm.alarmActions],
    InsufficientDataActions: [...alarm.insufficientDataActions],
    Trigger: {
      MetricName: alarm.metricName,
      Namespace: alarm.namespace,
      StatisticType: 'Statistic',
      Statistic: triggerStatistic(alarm),
      Unit: null,
      Dimensions: (alarm.dimensions ?? []).map((d) => ({ value: d.value, name: d.name })),
      Period: alarm.period,
      EvaluationPeriods: alarm.evaluationPeriods,
      ...(alarm.explicit?.datapointsToAlarm ? { DatapointsToAlarm: alarm.datapointsToAlarm } : {}),
      ComparisonOperator: alarm.comparisonOperator,
      Threshold: alarm.threshold,
      TreatMissingData: alarm.treatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  });
}

/** The subject of an alarm notification: `ALARM: "name" in US East (N. Virginia)` (same sources as alarmMessage). */
export const alarmSubject = (alarm: MetricAlarm, region: string): string => `${alarm.stateValue}: "${alarm.name}" in ${regionName(region)}`;

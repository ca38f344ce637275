// CloudWatch alarm operations: PutMetricAlarm, DescribeAlarms, DescribeAlarmHistory, DeleteAlarms.
import { z } from 'zod';
import { alarmArn } from '../arn.ts';
import type { AccountId } from '../arn.ts';
import { paginate } from '../listing.ts';
import type { JsonObject, Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, NOT_MODELLED, notModelled, notModelledField, signedOp, success } from '../op.ts';
import type { AlarmHistoryItem, MetricAlarm, State } from '../state.ts';
import { isoTime, timestampSchema } from '../timestamps.ts';
import { cloudwatchJson, configurationUpdate, INITIAL_REASON } from '../monitoring/alarm-text.ts';
import { alarmKey, evaluateAlarmAt, withAlarm } from '../monitoring/alarms.ts';
import { byText, compareText } from '../listing.ts';
import { parseTopicArn } from '../sns/topics.ts';
import {
  alarmNameSchema, alarmTypesSchema, authorizeCloudWatch, dimensionSchema, invalidNextToken, metricNameSchema,
  namespaceSchema, stateValueSchema, statisticSchema, wantsMetricAlarms,
} from './common.ts';

const validationError = (message: string): OpOutcome => failure('ValidationError', message);

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — action lists hold up to 5
 * ARNs. keyward models SNS notification actions only (arn:aws:sns:region:account-id:sns-topic-name); EC2, Auto Scaling,
 * Lambda and Systems Manager actions are refused as not modelled (UnsupportedCall, see `step`).
 */
const actionListSchema = z
  .array(z.string().refine((arn) => parseTopicArn(arn) !== undefined, `${NOT_MODELLED}alarm actions other than SNS topics (arn:aws:sns:REGION:ACCOUNT:TOPIC)`))
  .max(5, 'Member must have length less than or equal to 5');

const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold',
] as const;
const ANOMALY_OPERATORS: ReadonlySet<string> = new Set(['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold']);
const isThresholdOperator = (op: string): op is MetricAlarm['comparisonOperator'] => !ANOMALY_OPERATORS.has(op);

const putMetricAlarmSchema = z.strictObject({
  AlarmName: alarmNameSchema,
  AlarmDescription: z.string().max(1024, 'Member must have length less than or equal to 1024').optional(),
  ActionsEnabled: z.boolean().optional(),
  OKActions: actionListSchema.optional(),
  AlarmActions: actionListSchema.optional(),
  InsufficientDataActions: actionListSchema.optional(),
  MetricName: metricNameSchema.optional(),
  Namespace: namespaceSchema.optional(),
  Statistic: statisticSchema.optional(),
  Dimensions: z.array(dimensionSchema).max(30).optional(),
  Period: z.number().int().min(1).optional(),
  EvaluationPeriods: z.number().int().min(1).optional(),
  DatapointsToAlarm: z.number().int().min(1).optional(),
  Threshold: z.number().optional(),
  ComparisonOperator: z.enum(COMPARISON_OPERATORS, { error: `Member must satisfy enum value set: [${COMPARISON_OPERATORS.join(', ')}]` }).optional(),
  TreatMissingData: z.enum(['breaching', 'notBreaching', 'ignore', 'missing'], { error: 'Member must satisfy enum value set: [breaching, notBreaching, ignore, missing]' }).optional(),
  ExtendedStatistic: notModelledField('percentile statistics (ExtendedStatistic)'),
  EvaluateLowSampleCountPercentile: notModelledField('percentile statistics (EvaluateLowSampleCountPercentile)'),
  Unit: notModelledField('metric units (Unit)'),
  Metrics: notModelledField('metric math alarms (Metrics)'),
  ThresholdMetricId: notModelledField('anomaly detection alarms (ThresholdMetricId)'),
  EvaluationCriteria: notModelledField('PromQL alarms (EvaluationCriteria)'),
  EvaluationInterval: notModelledField('PromQL alarms (EvaluationInterval)'),
  Tags: notModelledField('alarm tags (Tags)'),
});
type PutMetricAlarmInput = z.infer<typeof putMetricAlarmSchema>;

/** The settings of an alarm on a single metric with a static threshold, all present. */
interface ThresholdAlarmSettings {
  readonly MetricName: string;
  readonly Namespace: string;
  readonly Statistic: MetricAlarm['statistic'];
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly Threshold: number;
  readonly ComparisonOperator: MetricAlarm['comparisonOperator'];
}

/**
 * API_PutMetricAlarm.html: "For each PutMetricAlarm operation, you must specify either MetricName, a Metrics array, or
 * an EvaluationCriteria" (keyward models MetricName only); "Period is required for alarms based on static thresholds";
 * "When you call PutMetricAlarm and specify a MetricName, you must specify either Statistic or ExtendedStatistic"; the
 * Threshold "is required for alarms based on static thresholds". CloudWatch answers ValidationError (a missing Period:
 * sevenwestmedia-labs/pulumi-components#33); the message text is INFERRED. The anomaly-detection operators need a
 * ThresholdMetricId, which keyward does not model, so they are refused here as not modelled.
 */
function thresholdSettings(input: PutMetricAlarmInput): { ok: true; settings: ThresholdAlarmSettings } | { ok: false; outcome: OpOutcome } {
  const { MetricName, Namespace, Statistic, Period, EvaluationPeriods, Threshold, ComparisonOperator } = input;
  const given = { MetricName, Namespace, Statistic, Period, EvaluationPeriods, Threshold, ComparisonOperator };
  const missing = Object.entries(given).find(([, value]) => value === undefined)?.[0];
  if (missing !== undefined) return { ok: false, outcome: validationError(`The parameter ${missing} is required.`) };
  if (!isThresholdOperator(ComparisonOperator!)) return { ok: false, outcome: notModelled(`anomaly detection alarms (ComparisonOperator ${ComparisonOperator}, ThresholdMetricId)`) };
  const settings = { MetricName: MetricName!, Namespace: Namespace!, Statistic: Statistic!, Period: Period!, EvaluationPeriods: EvaluationPeriods!, Threshold: Threshold!, ComparisonOperator: ComparisonOperator! };
  return { ok: true, settings };
}

/**
 * API_PutMetricAlarm.html — Period: "Valid values are 10, 20, 30, and any multiple of 60"; "Period multiplied by
 * EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period of less than one hour (3,600 seconds),
 * the total evaluation period can't be longer than one day (86,400 seconds)" (ValidationError "Metrics cannot be checked
 * across more than a week (EvaluationPeriods * Period must be <= 604800) for alarms using period >= 3600", as reported
 * by CloudWatch users; the Period and one-day texts are INFERRED by analogy); DatapointsToAlarm must not exceed
 * EvaluationPeriods (ValidationError "DatapointsToAlarm must be less than or equal to EvaluationPeriods",
 * hashicorp/terraform#24070).
 */
function evaluationSettingsError(s: ThresholdAlarmSettings, datapointsToAlarm: number | undefined): string | undefined {
  if (![10, 20, 30].includes(s.Period) && s.Period % 60 !== 0) return 'Period must be 10, 20, 30 or a multiple of 60';
  const total = s.Period * s.EvaluationPeriods;
  if (s.Period < 3600 && total > 86_400) return 'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400) for alarms using period < 3600';
  if (total > 604_800) return 'Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be <= 604800) for alarms using period >= 3600';
  if (datapointsToAlarm !== undefined && datapointsToAlarm > s.EvaluationPeriods) return 'DatapointsToAlarm must be less than or equal to EvaluationPeriods';
  return undefined;
}

/**
 * An alarm can notify only a topic of its own Region: PutMetricAlarm answers ValidationError "Invalid region eu-central-1
 * specified. Only us-east-1 is supported." for an action ARN of another Region (as CloudWatch users report it, e.g.
 * hashicorp/terraform#7371). "CloudWatch doesn't test or validate the actions that you specify" (AlarmThatSendsEmail.html):
 * a topic that does not exist is accepted, and the action fails when it runs.
 */
function actionRegionError(state: State, input: PutMetricAlarmInput): string | undefined {
  const arns = [...(input.AlarmActions ?? []), ...(input.OKActions ?? []), ...(input.InsufficientDataActions ?? [])];
  const foreign = arns.map((arn) => parseTopicArn(arn)!).find((t) => t.region !== state.region);
  return foreign ? `Invalid region ${foreign.region} specified. Only ${state.region} is supported.` : undefined;
}

/** The alarm PutMetricAlarm describes, keeping the state (value, reason, time) and history of the alarm it replaces. */
function alarmFrom(state: State, account: AccountId, input: PutMetricAlarmInput, s: ThresholdAlarmSettings, existing: MetricAlarm | undefined): MetricAlarm {
  return {
    account,
    name: input.AlarmName,
    arn: alarmArn(state.region, account, input.AlarmName),
    description: input.AlarmDescription,
    namespace: s.Namespace,
    metricName: s.MetricName,
    statistic: s.Statistic,
    period: s.Period,
    evaluationPeriods: s.EvaluationPeriods,
    datapointsToAlarm: input.DatapointsToAlarm ?? s.EvaluationPeriods,
    threshold: s.Threshold,
    comparisonOperator: s.ComparisonOperator,
    treatMissingData: input.TreatMissingData ?? 'missing',
    actionsEnabled: input.ActionsEnabled ?? true,
    alarmActions: input.AlarmActions ?? [],
    okActions: input.OKActions ?? [],
    insufficientDataActions: input.InsufficientDataActions ?? [],
    dimensions: (input.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
    explicit: { datapointsToAlarm: input.DatapointsToAlarm !== undefined, treatMissingData: input.TreatMissingData !== undefined },
    stateValue: existing?.stateValue ?? 'INSUFFICIENT_DATA',
    stateReason: existing?.stateReason ?? INITIAL_REASON,
    ...(existing?.stateReasonData !== undefined ? { stateReasonData: existing.stateReasonData } : {}),
    stateUpdatedAt: existing?.stateUpdatedAt ?? state.now,
    configurationUpdatedAt: state.now,
    history: existing?.history ?? [],
  };
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — "When this operation
 * creates an alarm, the alarm state is immediately set to INSUFFICIENT_DATA. ... The alarm is then evaluated and its
 * state is set appropriately. Any actions associated with the new state are then executed. When you update an existing
 * alarm, its state is left unchanged, but the update completely overwrites the previous configuration of the alarm"
 * (the updated alarm is evaluated again when new data arrives or time passes). Each call records a ConfigurationUpdate.
 */
function putMetricAlarm({ state, caller, input, env }: OpRequest<PutMetricAlarmInput>): OpOutcome {
  const resolved = thresholdSettings(input);
  if (!resolved.ok) return resolved.outcome;
  const invalid = evaluationSettingsError(resolved.settings, input.DatapointsToAlarm) ?? actionRegionError(state, input);
  if (invalid) return validationError(invalid);
  const denied = authorizeCloudWatch(state, caller, env, 'PutMetricAlarm', [alarmArn(state.region, caller.account, input.AlarmName)]);
  if (denied) return failWith(denied);
  const key = alarmKey(caller.account, input.AlarmName);
  const existing = state.monitoring.alarms[key];
  const alarm = alarmFrom(state, caller.account, input, resolved.settings, existing);
  const update = configurationUpdate(alarm, existing === undefined);
  const recorded = withAlarm(state, key, { ...alarm, history: [...alarm.history, { at: state.now, type: 'ConfigurationUpdate', ...update }] });
  return success(existing ? recorded : evaluateAlarmAt(recorded, key, state.now));
}

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html — the alarm as DescribeAlarms returns it. */
function alarmShape(a: MetricAlarm): JsonObject {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...(a.description !== undefined ? { AlarmDescription: a.description } : {}),
    AlarmConfigurationUpdatedTimestamp: isoTime(a.configurationUpdatedAt),
    ActionsEnabled: a.actionsEnabled,
    OKActions: [...a.okActions],
    AlarmActions: [...a.alarmActions],
    InsufficientDataActions: [...a.insufficientDataActions],
    StateValue: a.stateValue,
    StateReason: a.stateReason,
    ...(a.stateReasonData !== undefined ? { StateReasonData: cloudwatchJson(a.stateReasonData) } : {}),
    StateUpdatedTimestamp: isoTime(a.stateUpdatedAt),
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: a.statistic,
    Dimensions: (a.dimensions ?? []).map((d) => ({ Name: d.name, Value: d.value })),
    Period: a.period,
    EvaluationPeriods: a.evaluationPeriods,
    ...(a.explicit?.datapointsToAlarm ? { DatapointsToAlarm: a.datapointsToAlarm } : {}),
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    ...(a.explicit?.treatMissingData ? { TreatMissingData: a.treatMissingData } : {}),
    StateTransitionedTimestamp: isoTime(a.stateUpdatedAt),
  };
}

const alarmsOf = (state: State, account: string): MetricAlarm[] =>
  Object.values(state.monitoring.alarms).filter((a) => a.account === account).sort(byText((a) => a.name));

const describeAlarmsSchema = z.strictObject({
  AlarmNames: z.array(alarmNameSchema).max(100, 'Member must have length less than or equal to 100').optional(),
  AlarmNamePrefix: alarmNameSchema.optional(),
  AlarmTypes: alarmTypesSchema.optional(),
  ChildrenOfAlarmName: notModelledField('composite alarms (ChildrenOfAlarmName)'),
  ParentsOfAlarmName: notModelledField('composite alarms (ParentsOfAlarmName)'),
  StateValue: stateValueSchema.optional(),
  ActionPrefix: z.string().min(1).max(1024).optional(),
  MaxRecords: z.number().int().min(1, 'Member must have value greater than or equal to 1').max(100, 'Member must have value less than or equal to 100').optional(),
  NextToken: z.string().optional(),
});

/** Page size when MaxRecords is not given (INFERRED: the API reference states no default). */
const DEFAULT_MAX_RECORDS = 50;

/**
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html — DescribeAlarms,
 * DescribeAlarmHistory and DeleteAlarms act on the resource type alarm. Named alarms are authorized one by one; a call
 * naming none is authorized on the ARN pattern of the alarms it may return (arn:...:alarm:<prefix>*) — UNVERIFIED.
 */
const requestedAlarmArns = (state: State, account: string, names: readonly string[] | undefined, prefix = ''): string[] =>
  names !== undefined ? names.map((n) => alarmArn(state.region, account, n)) : [alarmArn(state.region, account, `${prefix}*`)];

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html — "filter the results by
 * specifying a prefix for the alarm name, the alarm state, or a prefix for any action"; AlarmNamePrefix: "If this
 * parameter is specified, you cannot specify AlarmNames" (ValidationError, message INFERRED); AlarmTypes: "If you omit
 * this parameter, only metric alarms are returned". Alarms are listed by name.
 */
function describeAlarms({ state, caller, input, env }: OpRequest<z.infer<typeof describeAlarmsSchema>>): OpOutcome {
  if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) return validationError('AlarmNames and AlarmNamePrefix cannot be specified together.');
  const denied = authorizeCloudWatch(state, caller, env, 'DescribeAlarms', requestedAlarmArns(state, caller.account, input.AlarmNames, input.AlarmNamePrefix));
  if (denied) return failWith(denied);
  const actionMatches = (a: MetricAlarm): boolean =>
    input.ActionPrefix === undefined || [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((arn) => arn.startsWith(input.ActionPrefix!));
  const alarms = !wantsMetricAlarms(input.AlarmTypes) ? [] : alarmsOf(state, caller.account).filter((a) =>
    (input.AlarmNames === undefined || input.AlarmNames.includes(a.name)) &&
    (input.AlarmNamePrefix === undefined || a.name.startsWith(input.AlarmNamePrefix)) &&
    (input.StateValue === undefined || a.stateValue === input.StateValue) &&
    actionMatches(a));
  const page = paginate(alarms.map(alarmShape), input.MaxRecords, input.NextToken, DEFAULT_MAX_RECORDS);
  if (!page) return failWith(invalidNextToken);
  return success(state, { MetricAlarms: [...page.items], CompositeAlarms: [], NextToken: page.NextMarker });
}

/** One alarm's history items (oldest first): those of alarms of that name deleted before, then the live alarm's. */
function historyOf(state: State, key: string): readonly AlarmHistoryItem[] {
  return [...(state.monitoring.deletedAlarmHistory?.[key] ?? []), ...(state.monitoring.alarms[key]?.history ?? [])];
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html — HistoryItemType.
 * The contributor items belong to alarms on several time series (Metrics Insights and PromQL alarms), which cannot be
 * created in keyward (Metrics and EvaluationCriteria are not modelled): asking for them truly finds none.
 */
const HISTORY_ITEM_TYPES = ['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'] as const;

const describeAlarmHistorySchema = z.strictObject({
  AlarmName: alarmNameSchema.optional(),
  AlarmTypes: alarmTypesSchema.optional(),
  AlarmContributorId: notModelledField('alarm contributors (AlarmContributorId)'),
  HistoryItemType: z.enum(HISTORY_ITEM_TYPES, { error: `Member must satisfy enum value set: [${HISTORY_ITEM_TYPES.join(', ')}]` }).optional(),
  StartDate: timestampSchema.optional(),
  EndDate: timestampSchema.optional(),
  MaxRecords: z.number().int().min(1, 'Member must have value greater than or equal to 1').max(100, 'Member must have value less than or equal to 100').optional(),
  NextToken: z.string().optional(),
  ScanBy: z.enum(['TimestampDescending', 'TimestampAscending'], { error: 'Member must satisfy enum value set: [TimestampDescending, TimestampAscending]' }).optional(),
});

/** The names whose history the caller asks for: one alarm, or every alarm of the account, deleted ones included. */
function historyNames(state: State, account: string, name: string | undefined): string[] {
  if (name !== undefined) return [name];
  const names = new Set<string>();
  for (const key of [...Object.keys(state.monitoring.alarms), ...Object.keys(state.monitoring.deletedAlarmHistory ?? {})]) {
    if (key.startsWith(`${account}|`)) names.add(key.slice(account.length + 1));
  }
  return [...names];
}

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_AlarmHistoryItem.html — HistoryData is a JSON string. */
const historyShape = (name: string, item: AlarmHistoryItem): JsonObject => ({
  AlarmName: name,
  AlarmType: 'MetricAlarm',
  Timestamp: isoTime(item.at),
  HistoryItemType: item.type,
  HistorySummary: item.summary,
  ...(item.data !== undefined ? { HistoryData: cloudwatchJson(item.data) } : {}),
});

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html — "Retrieves the
 * history for the specified alarm. You can filter the results by date range or item type. If an alarm name is not
 * specified, the histories for either all metric alarms or all composite alarms are returned. CloudWatch retains the
 * history of an alarm even if you delete the alarm." ScanBy: TimestampDescending "to have the newest event history
 * returned first" (the default, INFERRED from the console and CLI examples), TimestampAscending the oldest first.
 */
function describeAlarmHistory({ state, caller, input, env }: OpRequest<z.infer<typeof describeAlarmHistorySchema>>): OpOutcome {
  const names = input.AlarmName === undefined ? undefined : [input.AlarmName];
  const denied = authorizeCloudWatch(state, caller, env, 'DescribeAlarmHistory', requestedAlarmArns(state, caller.account, names));
  if (denied) return failWith(denied);
  const inRange = (item: AlarmHistoryItem): boolean =>
    (input.HistoryItemType === undefined || item.type === input.HistoryItemType) &&
    (input.StartDate === undefined || item.at >= input.StartDate) &&
    (input.EndDate === undefined || item.at <= input.EndDate);
  const items = !wantsMetricAlarms(input.AlarmTypes) ? [] : historyNames(state, caller.account, input.AlarmName)
    .flatMap((name) => historyOf(state, alarmKey(caller.account, name)).map((item, order) => ({ name, item, order })))
    .filter((e) => inRange(e.item))
    .sort((a, b) => a.item.at - b.item.at || compareText(a.name, b.name) || a.order - b.order);
  const ordered = input.ScanBy === 'TimestampAscending' ? items : items.reverse();
  const page = paginate(ordered.map((e) => historyShape(e.name, e.item)), input.MaxRecords, input.NextToken, DEFAULT_MAX_RECORDS);
  if (!page) return failWith(invalidNextToken);
  return success(state, { AlarmHistoryItems: [...page.items], NextToken: page.NextMarker });
}

const deleteAlarmsSchema = z.strictObject({
  AlarmNames: z.array(alarmNameSchema).max(100, 'Member must have length less than or equal to 100'),
});

/** Remove an alarm, keeping its history (DescribeAlarmHistory still returns it). */
function withoutAlarm(state: State, key: string): State {
  const { [key]: removed, ...alarms } = state.monitoring.alarms;
  if (!removed) return state;
  const kept = { ...(state.monitoring.deletedAlarmHistory ?? {}), [key]: historyOf(state, key) };
  return { ...state, monitoring: { ...state.monitoring, alarms, deletedAlarmHistory: kept } };
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html — "You can delete up to 100
 * alarms in one operation"; "If you specify any incorrect alarm names, the alarms you specify with correct names are
 * still deleted" (deleting an alarm that does not exist is not an error: aws-cloudformation/cloudformation-cli#456).
 */
function deleteAlarms({ state, caller, input, env }: OpRequest<z.infer<typeof deleteAlarmsSchema>>): OpOutcome {
  const denied = authorizeCloudWatch(state, caller, env, 'DeleteAlarms', requestedAlarmArns(state, caller.account, input.AlarmNames));
  if (denied) return failWith(denied);
  return success(input.AlarmNames.reduce((s, name) => withoutAlarm(s, alarmKey(caller.account, name)), state));
}

export const alarmOperations: Readonly<Record<string, Operation<any>>> = {
  PutMetricAlarm: signedOp(putMetricAlarmSchema, putMetricAlarm),
  DescribeAlarms: signedOp(describeAlarmsSchema, describeAlarms),
  DescribeAlarmHistory: signedOp(describeAlarmHistorySchema, describeAlarmHistory),
  DeleteAlarms: signedOp(deleteAlarmsSchema, deleteAlarms),
};

// CloudWatch metric operations: GetMetricStatistics and ListMetrics over the metrics keyward records.
import { z } from 'zod';
import { paginate } from '../listing.ts';
import type { JsonObject, Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, notModelledField, signedOp, success } from '../op.ts';

import { metricSeries } from '../monitoring/alarms.ts';
import { byText } from '../listing.ts';
import { parseMetricKey, seriesStatisticsIn } from '../monitoring/statistics.ts';
import { DAY_MS, MINUTE_MS, isoTime, timestampSchema } from '../timestamps.ts';
import { authorizeCloudWatch, dimensionSchema, invalidNextToken, metricNameSchema, namespaceSchema, statisticSchema } from './common.ts';


const getMetricStatisticsSchema = z.strictObject({
  Namespace: namespaceSchema,
  MetricName: metricNameSchema,
  Dimensions: z.array(dimensionSchema).max(30).optional(),
  StartTime: timestampSchema,
  EndTime: timestampSchema,
  Period: z.number().int().min(1, 'Member must have value greater than or equal to 1'),
  Statistics: z.array(statisticSchema).min(1).max(5, 'Member must have length less than or equal to 5').optional(),
  ExtendedStatistics: notModelledField('percentile statistics (ExtendedStatistics)'),
  Unit: notModelledField('metric units (Unit)'),
});
type GetMetricStatisticsInput = z.infer<typeof getMetricStatisticsSchema>;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html — "The maximum number of data points returned from a single call is 1,440." */
const MAX_DATAPOINTS = 1440;

/**
 * GetMetricStatistics' StartTime rounding: "Start time less than 15 days ago - Round down to the nearest whole minute ...
 * between 15 and 63 days ago - ... nearest 5-minute clock interval ... greater than 63 days ago - ... nearest 1-hour clock
 * interval"; with a Period of 5, 10, 20 or 30 seconds it is rounded down to that many seconds.
 */
function roundedStart(start: number, period: number, now: number): number {
  const age = now - start;
  const unit = period < 60 ? period * 1000 : age < 15 * DAY_MS ? MINUTE_MS : age < 63 * DAY_MS ? 5 * MINUTE_MS : 60 * MINUTE_MS;
  return Math.floor(start / unit) * unit;
}

/** How many periods of `period` seconds start in [start, end). */
const periodsBetween = (start: number, end: number, period: number): number => Math.max(0, Math.ceil((end - start) / (period * 1000)));

/**
 * The request checks of API_GetMetricStatistics.html, with the errors CloudWatch gives: "you must specify either
 * Statistics or ExtendedStatistics" (InvalidParameterCombination "At least one of the parameters Statistics and
 * ExtendedStatistics must be specified."); a StartTime not before EndTime (InvalidParameterValue); "a period can be as
 * short as one minute (60 seconds) and must be a multiple of 60. For high-resolution metrics ... 1, 5, 10, 20, 30, 60,
 * or any multiple of 60" (InvalidParameterValue, message INFERRED); "If you request more than 1,440 data points,
 * CloudWatch returns an error" (InvalidParameterCombination "You have requested up to 86400 datapoints, which exceeds
 * the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.", as
 * quoted in cloud-custodian/cloud-custodian#7683).
 */
function statisticsRequestError(input: GetMetricStatisticsInput, start: number): OpOutcome | undefined {
  if (input.Statistics === undefined) return failure('InvalidParameterCombination', 'At least one of the parameters Statistics and ExtendedStatistics must be specified.');
  if (input.StartTime >= input.EndTime) return failure('InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
  if (![1, 5, 10, 20, 30].includes(input.Period) && input.Period % 60 !== 0) return failure('InvalidParameterValue', 'The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60.');
  const requested = periodsBetween(start, input.EndTime, input.Period);
  if (requested > MAX_DATAPOINTS) {
    return failure('InvalidParameterCombination', `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
  }
  return undefined;
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html — "CloudWatch
 * aggregates data points based on the length of the period that you specify"; StartTime "is inclusive", EndTime "is
 * exclusive"; periods without data return no datapoint. Metric filter metrics carry no unit (Unit "None"); the metric
 * is the caller account's (service authorization reference: GetMetricStatistics has no resource type, so "*").
 */
function getMetricStatistics({ state, caller, input, env }: OpRequest<GetMetricStatisticsInput>): OpOutcome {
  const start = roundedStart(input.StartTime, input.Period, state.now);
  const invalid = statisticsRequestError(input, start);
  if (invalid) return invalid;
  const denied = authorizeCloudWatch(state, caller, env, 'GetMetricStatistics', ['*']);
  if (denied) return failWith(denied);
  const series = metricSeries(state, caller.account, input.Namespace, input.MetricName, input.Dimensions);
  const periodMs = input.Period * 1000;
  const datapoints: JsonObject[] = [];
  // Over period indices, not by adding to a time: statisticsRequestError bounds their number by MAX_DATAPOINTS.
  const periods = periodsBetween(start, input.EndTime, input.Period);
  for (let i = 0; i < periods; i++) {
    const from = start + i * periodMs;
    const stats = seriesStatisticsIn(series, from, Math.min(from + periodMs, input.EndTime));
    if (!stats) continue;
    const values = Object.fromEntries(input.Statistics!.map((s) => [s, stats[s]]));
    datapoints.push({ Timestamp: isoTime(from), ...values, Unit: 'None' });
  }
  return success(state, { Label: input.MetricName, Datapoints: datapoints });
}

const listMetricsSchema = z.strictObject({
  Namespace: namespaceSchema.optional(),
  MetricName: metricNameSchema.optional(),
  Dimensions: z.array(z.strictObject({ Name: z.string().min(1).max(255), Value: z.string().min(1).max(1024).optional() })).max(10).optional(),
  NextToken: z.string().optional(),
  RecentlyActive: z.literal('PT3H', 'Member must satisfy enum value set: [PT3H]').optional(),
  IncludeLinkedAccounts: notModelledField('cross-account observability (IncludeLinkedAccounts)'),
  OwningAccount: notModelledField('cross-account observability (OwningAccount)'),
});

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html — "Up to 500 results are returned for any one call." */
const LIST_METRICS_PAGE = 500;

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html — the account's metrics, filtered
 * by exact Namespace and MetricName and by dimensions (keyward's metrics have none, so a Dimensions filter matches
 * nothing); "ListMetrics doesn't return information about metrics if those metrics haven't reported data in the past
 * two weeks"; RecentlyActive PT3H: only those with datapoints "published in the past three hours".
 */
function listMetrics({ state, caller, input, env }: OpRequest<z.infer<typeof listMetricsSchema>>): OpOutcome {
  const denied = authorizeCloudWatch(state, caller, env, 'ListMetrics', ['*']);
  if (denied) return failWith(denied);
  const since = state.now - (input.RecentlyActive === 'PT3H' ? 3 * 60 * MINUTE_MS : 14 * DAY_MS);
  const metrics = Object.entries(state.monitoring.metrics)
    .flatMap(([key, series]) => {
      const m = parseMetricKey(key);
      const recent = series.newest.at >= since;
      return m && m.account === caller.account && recent ? [m] : [];
    })
    .filter((m) => (input.Namespace === undefined || m.namespace === input.Namespace) && (input.MetricName === undefined || m.metricName === input.MetricName))
    .filter(() => (input.Dimensions ?? []).length === 0)
    .sort(byText((m) => m.namespace, (m) => m.metricName))
    .map((m): JsonObject => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: [] }));
  const page = paginate(metrics, LIST_METRICS_PAGE, input.NextToken);
  if (!page) return failWith(invalidNextToken);
  return success(state, { Metrics: [...page.items], NextToken: page.NextMarker });
}

export const metricOperations: Readonly<Record<string, Operation<any>>> = {
  GetMetricStatistics: signedOp(getMetricStatisticsSchema, getMetricStatistics),
  ListMetrics: signedOp(listMetricsSchema, listMetrics),
};

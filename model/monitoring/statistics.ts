// CloudWatch statistics of a metric's datapoints within one period: SampleCount, Sum, Average, Minimum, Maximum.
import type { AlarmStatistic, Datapoint } from '../state.ts';

export interface PeriodStatistics {
  readonly SampleCount: number;
  readonly Sum: number;
  readonly Average: number;
  readonly Minimum: number;
  readonly Maximum: number;
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Statistic — "SampleCount is
 * the number of data points during the period; Sum is all values added together; Average is Sum/SampleCount; Minimum
 * and Maximum are the lowest and highest values observed during the period". No values: no statistic (missing data).
 */
export function statisticsOf(points: readonly Datapoint[]): PeriodStatistics | undefined {
  if (points.length === 0) return undefined;
  let sum = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (const p of points) {
    sum += p.value;
    if (p.value < minimum) minimum = p.value;
    if (p.value > maximum) maximum = p.value;
  }
  return { SampleCount: points.length, Sum: sum, Average: sum / points.length, Minimum: minimum, Maximum: maximum };
}

export const statisticValue = (stats: PeriodStatistics, statistic: AlarmStatistic): number => stats[statistic];

/** The key of a metric in `MonitoringState.metrics` (a metric without dimensions, as metric filters publish them). */
export const metricKey = (account: string, namespace: string, metricName: string): string => `${account}|${namespace}|${metricName}`;

/** The parts of a metric key (a namespace holding "|" is read up to its first "|"). */
export function parseMetricKey(key: string): { readonly account: string; readonly namespace: string; readonly metricName: string } | undefined {
  const first = key.indexOf('|');
  const second = key.indexOf('|', first + 1);
  if (first < 0 || second < 0) return undefined;
  return { account: key.slice(0, first), namespace: key.slice(first + 1, second), metricName: key.slice(second + 1) };
}

/** The first index whose datapoint is at or after `t` (datapoints are oldest first). */
function firstAtOrAfter(points: readonly Datapoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The datapoints with `from <= at < to`, by binary search (no scan of a long metric). */
export function datapointsIn(points: readonly Datapoint[], from: number, to: number): readonly Datapoint[] {
  return points.slice(firstAtOrAfter(points, from), firstAtOrAfter(points, to));
}

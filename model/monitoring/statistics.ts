// CloudWatch statistics of a metric's datapoints within one period, and the keys of metrics.
import type { AlarmStatistic, Datapoint, MetricSeries, MetricStatistics } from '../state.ts';
import { MINUTE_MS } from '../timestamps.ts';

export type PeriodStatistics = MetricStatistics;

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

/** The statistics of two disjoint sets of datapoints taken together. */
export function joined(a: PeriodStatistics | undefined, b: PeriodStatistics): PeriodStatistics {
  if (a === undefined) return b;
  const count = a.SampleCount + b.SampleCount;
  const sum = a.Sum + b.Sum;
  return { SampleCount: count, Sum: sum, Average: sum / count, Minimum: Math.min(a.Minimum, b.Minimum), Maximum: Math.max(a.Maximum, b.Maximum) };
}

const ofValue = (value: number): PeriodStatistics => ({ SampleCount: 1, Sum: value, Average: value, Minimum: value, Maximum: value });

/** The statistics of the datapoints with `from <= at < to`, undefined when there are none. */
export type WindowStatistics = (from: number, to: number) => PeriodStatistics | undefined;

/** Window statistics over datapoints given oldest first (read as a series, so sums add up in the same order). */
export const arrayWindow = (points: readonly Datapoint[]): WindowStatistics => seriesWindow(seriesOf(points));

/** Window statistics over a metric series (seriesStatisticsIn). */
export const seriesWindow = (series: MetricSeries | undefined): WindowStatistics => (from, to) => seriesStatisticsIn(series, from, to);

/**
 * The statistics of a series' datapoints with `from <= at < to`: back from the newest, skipping what is newer than the
 * window, a whole minute at a time where the minute starts inside the window, point by point where it does not.
 */
export function seriesStatisticsIn(series: MetricSeries | undefined, from: number, to: number): PeriodStatistics | undefined {
  let s = series;
  while (s && s.newest.at >= to) s = s.minuteStart >= to ? s.beforeMinute : s.older;
  let stats: PeriodStatistics | undefined;
  while (s && s.newest.at >= from) {
    if (s.minuteStart >= from) {
      stats = joined(stats, s.minuteStats);
      s = s.beforeMinute;
    } else {
      stats = joined(stats, ofValue(s.newest.value));
      s = s.older;
    }
  }
  return stats;
}

/**
 * The key of a metric in `MonitoringState.metrics` (a metric without dimensions, as metric filters publish them): the
 * JSON text of [account, namespace, metricName], so that no namespace or name (which may hold any character but a
 * leading ":") can make two metrics share a key.
 */
export const metricKey = (account: string, namespace: string, metricName: string): string => JSON.stringify([account, namespace, metricName]);

const isText = (x: unknown): x is string => typeof x === 'string';

/** The parts of a metric key, or undefined for a text that is not one. */
export function parseMetricKey(key: string): { readonly account: string; readonly namespace: string; readonly metricName: string } | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every(isText)) return undefined;
  const [account, namespace, metricName] = parts as [string, string, string];
  return { account, namespace, metricName };
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


/** A series with one more datapoint, the newest (no older than the series' newest). */
export function appendPoint(series: MetricSeries | undefined, newest: Datapoint): MetricSeries {
  const minuteStart = Math.floor(newest.at / MINUTE_MS) * MINUTE_MS;
  const sameMinute = series !== undefined && series.minuteStart === minuteStart;
  return {
    newest,
    older: series,
    minuteStart,
    minuteStats: joined(sameMinute ? series.minuteStats : undefined, ofValue(newest.value)),
    beforeMinute: sameMinute ? series.beforeMinute : series,
  };
}

/** A series of datapoints given oldest first. */
export const seriesOf = (points: readonly Datapoint[], older?: MetricSeries): MetricSeries | undefined => points.reduce<MetricSeries | undefined>(appendPoint, older);

/**
 * The datapoints of a series with `from <= at < to`, oldest first: a walk back from the newest that stops at the first
 * datapoint older than `from` (datapoints arrive in time order), so recent windows cost only what they hold.
 */
export function seriesPointsIn(series: MetricSeries | undefined, from: number, to: number): Datapoint[] {
  const found: Datapoint[] = [];
  for (let s = series; s && s.newest.at >= from; s = s.older) if (s.newest.at < to) found.push(s.newest);
  return found.reverse();
}

/** The datapoints with `from <= at < to`, by binary search (no scan of a long metric). */
export function datapointsIn(points: readonly Datapoint[], from: number, to: number): readonly Datapoint[] {
  return points.slice(firstAtOrAfter(points, from), firstAtOrAfter(points, to));
}

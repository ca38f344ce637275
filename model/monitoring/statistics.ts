// CloudWatch statistics of a metric's datapoints within one period, the keys of metrics, and the name order of listings.
import type { AlarmStatistic, Datapoint, MetricSeries } from '../state.ts';

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

/** Two texts in code-unit order (never locale-dependent), as the monitoring services list names. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator by text keys, the first deciding, then the next on a tie: `.sort(byText((a) => a.name))`. */
export function byText<T>(...keys: readonly ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
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

/** A series with one more datapoint (the newest). */
export const appendPoint = (series: MetricSeries | undefined, newest: Datapoint): MetricSeries => ({ newest, older: series });

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

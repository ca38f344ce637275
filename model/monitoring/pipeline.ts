// The watching: new trail events reach each account's log group, metric filters turn them into datapoints, alarms re-evaluate.
import type { Datapoint, MetricFilter, MetricSeries, MetricTransformation, State, TrailEvent, TrailLog } from '../state.ts';
import { alarmsTimePass, evaluateAlarmsAt } from './alarms.ts';
import { matchesEvent, parseFilterPattern, selectValue } from './filter-pattern.ts';
import { appendPoint, metricKey } from './statistics.ts';
import { eventsSince } from './trail.ts';


/** The JSON text of an event, as CloudWatch Logs stores it (computed once per event). */
const eventTexts = new WeakMap<TrailEvent, string>();
export function eventText(event: TrailEvent): string {
  let text = eventTexts.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    eventTexts.set(event, text);
  }
  return text;
}

/** Does a metric filter's pattern match a trail event? A pattern that does not parse matches nothing (PutMetricFilter never stores one). */
export function filterMatches(filter: Pick<MetricFilter, 'filterPattern'>, event: TrailEvent): boolean {
  const parsed = parseFilterPattern(filter.filterPattern);
  return parsed.ok && matchesEvent(parsed.pattern, event, () => eventText(event));
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringPolicyExamples.html and
 * API_MetricTransformation.html — a matching event publishes `metricValue` (a number, or the numeric value a `$.`
 * selector picks from the event; no datapoint when it picks no number); a non-matching event publishes `defaultValue`
 * when the filter has one, and nothing otherwise.
 */
export function datapointOf(t: MetricTransformation, event: TrailEvent, matched: boolean, at: number): Datapoint | undefined {
  if (!matched) return t.defaultValue === undefined ? undefined : { at, value: t.defaultValue };
  const raw = t.metricValue.startsWith('$') ? selectValue(event, t.metricValue) : t.metricValue;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) ? { at, value } : undefined;
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html — "Metric filters ... apply only to
 * log events ingested after the filter was created"; the trail of an account is delivered to its log group
 * `config.trailLogGroupName` (an INFERRED set-up, model/config.ts).
 */
function filtersWatching(state: State, node: TrailLog): MetricFilter[] {
  const group = state.config.trailLogGroupName;
  return Object.values(state.monitoring.metricFilters).filter(
    (f) => f.account === node.recipientAccountId && f.logGroupName === group && f.createdAt <= node.at,
  );
}

/** New datapoints of the events, appended to the metrics they feed; returns the accounts whose metrics changed. */
function publishDatapoints(state: State, fresh: readonly TrailLog[]): { state: State; accounts: Set<string> } {
  const metrics: Record<string, MetricSeries> = { ...state.monitoring.metrics };
  const accounts = new Set<string>();
  for (const node of fresh) {
    for (const filter of filtersWatching(state, node)) {
      // (Seeded mutant metricFilterIgnoresPattern, model/mutants.ts, counts every event.)
      const matched = state.config.mutant === 'metricFilterIgnoresPattern' || filterMatches(filter, node.event);
      for (const t of filter.metricTransformations) {
        const point = datapointOf(t, node.event, matched, node.at);
        if (!point) continue;
        const key = metricKey(filter.account, t.metricNamespace, t.metricName);
        metrics[key] = appendPoint(Object.hasOwn(metrics, key) ? metrics[key] : undefined, point);
        accounts.add(filter.account);
      }
    }
  }
  return accounts.size === 0 ? { state, accounts } : { state: { ...state, monitoring: { ...state.monitoring, metrics } }, accounts };
}

const nobodyWatches = (state: State): boolean => Object.keys(state.monitoring.metricFilters).length === 0;

/** After a call: the events it added (since the trail `since`) feed the metric filters; the alarms of the accounts concerned re-evaluate now. */
export function watchNewEvents(state: State, since: TrailLog | undefined): State {
  if (nobodyWatches(state)) return state;
  const published = publishDatapoints(state, eventsSince(state.monitoring.trail, since));
  return published.accounts.size === 0 ? published.state : evaluateAlarmsAt(published.state, published.state.now, [...published.accounts]);
}

/**
 * After time passed from `from` to `state.now`: service events recorded meanwhile feed the filters at their own times,
 * then every alarm re-evaluates at each moment its state could change (period boundaries), in time order.
 */
export function watchTimePassing(state: State, since: TrailLog | undefined, from: number): State {
  const published = nobodyWatches(state) ? state : publishDatapoints(state, eventsSince(state.monitoring.trail, since)).state;
  return Object.keys(published.monitoring.alarms).length === 0 ? published : alarmsTimePass(published, from, published.now);
}

// Invariants of the watching: CloudTrail records every change, metric filters see every scheduled deletion, and alarms
// fire only on events that their filters match.
import type { MetricAlarm, MetricFilter, State, TrailEvent } from '../model/index.ts';
import { eventSourceOf, eventsSince } from '../model/monitoring/trail.ts';
import { filterMatches } from '../model/monitoring/pipeline.ts';
import { cloudTrailDate } from '../model/monitoring/trail-fields.ts';
import { evaluationRangePeriods } from '../model/monitoring/alarms.ts';
import type { Service } from '../model/op.ts';
import { keysOfCall } from './calls.ts';
import { defineInvariant } from './invariant.ts';

/** Did the call change anything a later call could observe (resources, policies, monitoring set-up)? */
function changed(before: State, after: State): boolean {
  const m0 = before.monitoring;
  const m1 = after.monitoring;
  return before.kms !== after.kms || before.iam !== after.iam || before.s3 !== after.s3 || before.organization !== after.organization ||
    m0.metricFilters !== m1.metricFilters || m0.alarms !== m1.alarms || m0.topics !== m1.topics || m0.configRules !== m1.configRules;
}

const accountOfCaller = (as: string): string | undefined => /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(as)?.[1];
/** The events a step added, in the trail of `account` (of every account when undefined); only those records are built. */
const freshEvents = (before: State, after: State, account?: string): TrailEvent[] =>
  eventsSince(after.monitoring.trail, before.monitoring.trail).filter((n) => account === undefined || n.recipientAccountId === account).map((n) => n.event);

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-user-guide.html — "Actions taken by a user, role,
 * or an AWS service are recorded as events in CloudTrail"; https://docs.aws.amazon.com/kms/latest/developerguide/ct-delete-key.html
 * — the deletion at the end of the waiting period is recorded as the service event DeleteKey.
 */
export const everyChangeIsInTheTrail = defineInvariant({
  name: 'everyChangeIsInTheTrail',
  claim: "A call that changes the state is in its caller's trail under its own event name with its outcome (and in the trail of each other account whose key it names), and a key deleted at the end of its waiting period leaves a DeleteKey service event.",
  source: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-user-guide.html',
  checkStep: (t) => {
    if (t.event.kind === 'advance') {
      const fresh = freshEvents(t.before, t.after);
      const deleted = Object.entries(t.after.kms.deletedKeys).filter(([id]) => !Object.hasOwn(t.before.kms.deletedKeys, id));
      return deleted
        .filter(([, d]) => !fresh.some((e) => e.eventName === 'DeleteKey' && e.eventType === 'AwsServiceEvent' && e.resources?.some((r) => r.ARN === d.arn)))
        .map(([, d]) => `${d.arn} was deleted but no DeleteKey service event was recorded`);
    }
    if (!changed(t.before, t.after)) return [];
    const { call, outcome } = t.event;
    const [service, operation] = call.op.split(':') as [Service, string];
    const account = accountOfCaller(call.as);
    const recordIn = (trailOf: string | undefined): TrailEvent | undefined =>
      freshEvents(t.before, t.after, trailOf).find((e) => e.eventSource === eventSourceOf(service) && e.eventName === operation && e.userIdentity.invokedBy === undefined);
    const own = recordIn(account);
    if (!own) return [`${call.op} by ${call.as} changed the state but is not in the trail${account ? ` of ${account}` : ''}`];
    const recorded = own.errorCode;
    const expected = outcome.ok ? undefined : outcome.error.code;
    if (recorded !== expected) return [`${call.op} by ${call.as} is in the trail with errorCode ${recorded ?? 'none'}, but the call ${outcome.ok ? 'succeeded' : `failed with ${expected}`}`];
    // kms/latest/developerguide/logging-using-cloudtrail.html: a call on another account's key is in that account's trail too.
    const owners = [...new Set(keysOfCall(t.before, call).map((k) => k.account as string))].filter((o) => o !== account);
    return owners.filter((o) => !recordIn(o)).map((o) => `${call.op} by ${call.as} on a key of ${o} is not in the trail of ${o}`);
  },
});

const SCHEDULE_FILTER = { filterPattern: '{ $.eventName = "ScheduleKeyDeletion" }' };

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedule-key-deletion.html — the ScheduleKeyDeletion record
 * names the key and has responseElements with keyState PendingDeletion and the deletionDate; the key's owner sees it
 * (kms/latest/developerguide/logging-using-cloudtrail.html), so a metric filter on the event name catches it.
 */
export const scheduledDeletionIsVisibleToFilters = defineInvariant({
  name: 'scheduledDeletionIsVisibleToFilters',
  claim: "Every successful ScheduleKeyDeletion reaches the key owner's trail as an event that a metric filter on its event name matches, naming the key, with keyState PendingDeletion and the deletion date it returned.",
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedule-key-deletion.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || t.event.call.op !== 'kms:ScheduleKeyDeletion' || !t.event.outcome.ok) return [];
    const keyArn = String(t.event.outcome.output['KeyId']);
    const returned = t.event.outcome.output['DeletionDate'];
    const deletionDate = typeof returned === 'string' ? cloudTrailDate(Date.parse(returned)) : undefined;
    const owner = /^arn:aws:kms:[^:]*:(\d{12}):/.exec(keyArn)?.[1];
    const seen = freshEvents(t.before, t.after, owner ?? '').some((e) => {
      const response = e.responseElements as { keyState?: unknown; deletionDate?: unknown } | null;
      return filterMatches(SCHEDULE_FILTER, e) && (e.resources ?? []).some((r) => r.ARN === keyArn) &&
        response?.keyState === 'PendingDeletion' && response.deletionDate === deletionDate;
    });
    return seen ? [] : [`ScheduleKeyDeletion of ${keyArn} is not visible to ${SCHEDULE_FILTER.filterPattern} in the trail of ${owner} with keyState PendingDeletion and deletionDate ${String(deletionDate)}`];
  },
});

const feeds = (f: MetricFilter, a: MetricAlarm): boolean =>
  f.account === a.account && f.metricTransformations.some((m) => m.metricNamespace === a.namespace && m.metricName === a.metricName);

/** The default values that filters feeding the alarm's metric publish for events they do not match. */
const defaultsOf = (filters: readonly MetricFilter[], a: MetricAlarm): number[] =>
  filters.filter((f) => feeds(f, a)).flatMap((f) => f.metricTransformations.flatMap((m) => (m.defaultValue === undefined ? [] : [m.defaultValue])));

/**
 * Alarms whose ALARM state can only come from matching events: a positive count must be reached, missing data is not
 * breaching, and no default value can reach it (a positive one, or any one counted by SampleCount).
 */
function firesOnlyOnMatches(a: MetricAlarm, filters: readonly MetricFilter[]): boolean {
  const defaults = defaultsOf(filters, a);
  if (defaults.some((v) => v > 0) || (a.statistic === 'SampleCount' && defaults.length > 0)) return false;
  return a.treatMissingData !== 'breaching' && ((a.comparisonOperator === 'GreaterThanOrEqualToThreshold' && a.threshold > 0) || (a.comparisonOperator === 'GreaterThanThreshold' && a.threshold >= 0));
}

/** Does the trail hold an event of the alarm's account, in [from, to], that one of the filters matched when it arrived? */
function matchingEventIn(state: State, filters: readonly MetricFilter[], account: string, from: number, to: number): boolean {
  for (let node = state.monitoring.trail; node && node.at >= from; node = node.previous) {
    if (node.at > to || node.recipientAccountId !== account) continue;
    if (filters.some((f) => f.createdAt <= node.at && filterMatches(f, node.event))) return true;
  }
  return false;
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html — an alarm compares the
 * metric over its evaluation periods with the threshold; a metric filter publishes only when a log event matches it
 * (AmazonCloudWatch/latest/logs/MonitoringLogData.html). So an alarm counting matches never fires without a match.
 */
export const alarmFiresOnlyOnMatchingEvents = defineInvariant({
  name: 'alarmFiresOnlyOnMatchingEvents',
  claim: 'An alarm that needs a positive count of matches enters ALARM only when the trail holds an event its metric filters match within its evaluation range.',
  source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html',
  checkStep: (t) => {
    const problems: string[] = [];
    const filters = [...Object.values(t.before.monitoring.metricFilters), ...Object.values(t.after.monitoring.metricFilters)];
    for (const [id, alarm] of Object.entries(t.after.monitoring.alarms)) {
      if (!firesOnlyOnMatches(alarm, filters)) continue;
      const known = t.before.monitoring.alarms[id]?.history.length ?? 0;
      const feeding = filters.filter((f) => feeds(f, alarm));
      for (const item of alarm.history.slice(known)) {
        if (item.type !== 'StateUpdate' || !item.summary.endsWith('to ALARM')) continue;
        const periodMs = alarm.period * 1000;
        const from = Math.floor(item.at / periodMs) * periodMs - (evaluationRangePeriods(alarm, t.after.config.alarmExtraRangePeriods) - 1) * periodMs;
        if (!matchingEventIn(t.after, feeding, alarm.account, from, item.at)) problems.push(`alarm ${alarm.name} entered ALARM at ${new Date(item.at).toISOString()} with no matching event in its evaluation range`);
      }
    }
    return problems;
  },
});

// Timestamps: one strict schema for timestamp inputs, a bounded model clock, and formatters that never throw.
import { describe, expect, it } from 'vitest';
import { advance, initialState, step } from '../../model/index.ts';
import { LATEST_TIME, isoSeconds, isoTime, timestampSchema } from '../../model/timestamps.ts';

describe('timestampSchema (cli/latest/userguide/cli-usage-parameters-types.html#parameter-type-timestamp)', () => {
  it('takes epoch seconds and ISO 8601, as epoch milliseconds', () => {
    expect(timestampSchema.parse(1767225600)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(timestampSchema.parse('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(timestampSchema.parse('2026-01-01')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(timestampSchema.parse('2026-01-01T01:00:00+01:00')).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('refuses what Date.parse would guess at, impossible dates and times outside the model clock', () => {
    // A time without a zone would be read in the machine's own zone: refused.
    for (const bad of ['1', '2024-02-30', 'Mar 7 2024', '2026-01-01T25:00:00Z', '2024-01-01T10:00:00', '', -1, 1e19, '10000-01-01T00:00:00Z']) {
      expect(timestampSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it('formats every clock value, even out of range, without throwing', () => {
    expect(isoTime(Number.NaN)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoSeconds(1e22)).toBe('9999-12-31T23:59:59Z');
  });
});

describe('the model clock stops at the end of year 9999', () => {
  it('an enormous advance leaves the clock at LATEST_TIME, and alarms and the trail keep working', () => {
    const A = '111122223333';
    const root = `arn:aws:iam::${A}:root`;
    let s = initialState({ accounts: [A as never] });
    const filter = { logGroupName: 'CloudTrail/DefaultLogGroup', filterName: 'all', filterPattern: '', metricTransformations: [{ metricName: 'Events', metricNamespace: 'Test', metricValue: '1' }] };
    s = step(s, { as: root, op: 'logs:PutMetricFilter', input: filter }).state;
    const alarm = { AlarmName: 'any', MetricName: 'Events', Namespace: 'Test', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' };
    s = step(s, { as: root, op: 'cloudwatch:PutMetricAlarm', input: alarm }).state;
    s = advance(s, 1e17);
    expect(s.now).toBe(LATEST_TIME);
    const r = step(s, { as: root, op: 'kms:ListKeys', input: {} });
    expect(r.outcome.ok).toBe(true);
    expect(r.state.monitoring.trail?.event.eventTime).toBe('9999-12-31T23:59:59Z');
  });
});

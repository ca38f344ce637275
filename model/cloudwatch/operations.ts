// The CloudWatch operations keyward models, by name (the part after `cloudwatch:` in a call): alarms and metric statistics.
import type { Operation } from '../op.ts';
import { alarmOperations } from './alarm-operations.ts';
import { metricOperations } from './metric-operations.ts';

export const cloudwatchOperations: Readonly<Record<string, Operation<any>>> = {
  ...alarmOperations,
  ...metricOperations,
};

// Pieces shared by the CloudWatch operations: authorization, and the shapes of the API's inputs.
import { z } from 'zod';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import { authorizeOwnAccount } from '../iam/authorize.ts';
import type { State } from '../state.ts';

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/auth-and-access-control-cw.html — CloudWatch has no
 * resource-based policies: a call is allowed by the caller's own policies (within boundaries, session policies and
 * SCPs) on the resources of its own account. The CloudWatch Query API spells the denial `AccessDenied` ("An error
 * occurred (AccessDenied) when calling the PutMetricAlarm operation: User: ... is not authorized to perform:
 * cloudwatch:PutMetricAlarm", as the CLI reports it).
 */
export function authorizeCloudWatch(state: State, caller: SignedCaller, env: RequestEnvironment, action: string, resources: readonly string[]): AwsError | undefined {
  for (const resource of resources) {
    const denied = authorizeOwnAccount({ state, caller, action: `cloudwatch:${action}`, resource, env }, 'AccessDenied');
    if (denied) return denied;
  }
  return undefined;
}

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html — AlarmName: 1..255, "can't contain ASCII control characters". */
export const alarmNameSchema = z
  .string()
  .min(1, 'Member must have length greater than or equal to 1')
  .max(255, 'Member must have length less than or equal to 255')
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'Member must not contain ASCII control characters');

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html — Namespace 1..255 matching [^:].*, MetricName 1..255. */
export const namespaceSchema = z.string().min(1).max(255).regex(/^[^:]/, 'Member must satisfy regular expression pattern: [^:].*');
export const metricNameSchema = z.string().min(1).max(255);

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html — Name 1..255, Value 1..1024. */
export const dimensionSchema = z.strictObject({ Name: z.string().min(1).max(255), Value: z.string().min(1).max(1024) });

const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export const statisticSchema = z.enum(STATISTICS, { error: `Member must satisfy enum value set: [${STATISTICS.join(', ')}]` });

const STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export const stateValueSchema = z.enum(STATE_VALUES, { error: `Member must satisfy enum value set: [${STATE_VALUES.join(', ')}]` });

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html — AlarmTypes: CompositeAlarm | MetricAlarm. */
export const alarmTypesSchema = z.array(z.enum(['CompositeAlarm', 'MetricAlarm'], { error: 'Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]' }));

/** "If you omit this parameter, only metric alarms are returned" (DescribeAlarms, DescribeAlarmHistory). */
export const wantsMetricAlarms = (types: readonly string[] | undefined): boolean => types === undefined || types.includes('MetricAlarm');

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html — Errors: InvalidNextToken. */
export const invalidNextToken: AwsError = { code: 'InvalidNextToken', message: 'The next token specified is invalid.' };

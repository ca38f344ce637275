// The CloudWatch Logs operations keyward models (the part after `logs:` in a call): metric filters and DescribeLogGroups.
import { z } from 'zod';
import { logGroupArn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import { authorizeOwnAccount } from '../iam/authorize.ts';
import { paginate } from '../listing.ts';
import type { FilterPattern, ParsedPattern } from '../monitoring/filter-pattern.ts';
import { isJsonSelector, isNumberLiteral, matchesEvent, parseFilterPattern, regexCount } from '../monitoring/filter-pattern.ts';
import type { JsonObject, Operation, OpOutcome } from '../op.ts';
import { failWith, failure, notModelled, notModelledField, signedOp, success } from '../op.ts';
import { byText } from '../listing.ts';
import type { MetricFilter, MetricTransformation, State } from '../state.ts';

// ---------------------------------------------------------------------------------------------------------------
// Shared rules

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html — CloudWatch Logs spells it AccessDeniedException. */
const DENIED = 'AccessDeniedException';

const invalidParameter = (message: string): AwsError => ({ code: 'InvalidParameterException', message });

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html — log group ARNs
 * `arn:aws:logs:region:account-id:log-group:log_group_name` (and with a trailing `:*` in policies). The resource AWS
 * authorizes a log-group action against is `...:log-group:NAME:log-stream:` (AWS's own denial, quoted in
 * github.com/ministryofjustice/modernisation-platform/pull/12163: "not authorized to perform: logs:PutMetricFilter on
 * resource: arn:aws:logs:eu-west-2:...:log-group:dms-tasks-...-development:log-stream:"), so a policy naming
 * `log-group:NAME:*` covers it.
 */
const logGroupResource = (state: State, account: string, name: string): string => `${logGroupArn(state.region, account, name)}:log-stream:`;

/**
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html — listing every log
 * group is authorized on the account's whole log namespace; AWS's denial names "arn:aws:logs:us-east-1:...:log-group::log-stream:"
 * (github.com/FormidableLabs/terraform-aws-serverless/issues/49, DescribeLogGroups). keyward uses the same form for
 * DescribeMetricFilters without a logGroupName (INFERRED).
 */
const allLogGroupsResource = (state: State, account: string): string => logGroupResource(state, account, '');

function authorizeLogs(state: State, caller: SignedCaller, env: RequestEnvironment, action: string, resource: string): AwsError | undefined {
  return authorizeOwnAccount({ state, caller, action, resource, env }, DENIED);
}

/**
 * keyward's CloudWatch Logs has one log group per known account: the one CloudTrail delivers the account's events to,
 * `config.trailLogGroupName` (INFERRED set-up, model/config.ts).
 */
const logGroupExists = (state: State, name: string): boolean => name === state.config.trailLogGroupName;

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html — ResourceNotFoundException. */
const logGroupNotFound = (): OpOutcome => failure('ResourceNotFoundException', 'The specified log group does not exist.');

const filterKey = (account: string, logGroupName: string, filterName: string): string => `${account}|${logGroupName}|${filterName}`;

const filtersOf = (state: State, account: string): MetricFilter[] => Object.values(state.monitoring.metricFilters).filter((f) => f.account === account);

const withFilters = (state: State, metricFilters: Readonly<Record<string, MetricFilter>>): State => ({ ...state, monitoring: { ...state.monitoring, metricFilters } });

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html — a pattern that is not valid is
 * refused with InvalidParameterException "Invalid metric filter pattern" (AWS's message, quoted in
 * github.com/aws/aws-cdk/issues/16278); a pattern keyward does not model is refused with keyward's own code
 * UnsupportedFilterPattern (marked unsupported), never accepted.
 */
function patternError(text: string, parsed: Extract<ParsedPattern, { ok: false }>): OpOutcome {
  if (parsed.unsupported) return notModelled(`${parsed.reason} (filter pattern ${JSON.stringify(text)})`, 'UnsupportedFilterPattern');
  return failure('InvalidParameterException', `Invalid metric filter pattern: ${parsed.reason}`);
}

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html — nextToken from a previous call. */
const invalidNextToken = (): OpOutcome => failure('InvalidParameterException', 'The specified nextToken is not valid.');

// ---------------------------------------------------------------------------------------------------------------
// Input shapes (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Types.html)

const atLeast = (n: number): string => `Member must have length greater than or equal to ${n}`;
const atMost = (n: number): string => `Member must have length less than or equal to ${n}`;

const logGroupNameSchema = z.string().min(1, atLeast(1)).max(512, atMost(512))
  .regex(/^[.\-_/#A-Za-z0-9]+$/, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
const filterNameSchema = z.string().min(1, atLeast(1)).max(512, atMost(512)).regex(/^[^:*]*$/, 'Member must satisfy regular expression pattern: [^:*]*');
const filterPatternSchema = z.string().max(1024, atMost(1024));
const metricNameSchema = z.string().max(255, atMost(255)).regex(/^[^:*$]*$/, 'Member must satisfy regular expression pattern: [^:*$]*');
const limitSchema = z.number().int().min(1, 'Member must have value greater than or equal to 1').max(50, 'Member must have value less than or equal to 50');
const nextTokenSchema = z.string().min(1, atLeast(1));

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html — StandardUnit. */
const UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits',
  'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second',
  'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second',
  'Terabits/Second', 'Count/Second', 'None',
] as const;

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html */
const transformationSchema = z.strictObject({
  metricName: metricNameSchema,
  metricNamespace: metricNameSchema,
  metricValue: z.string().max(100, atMost(100)),
  defaultValue: z.number().optional(),
  unit: z.enum(UNITS, `Member must satisfy enum value set: [${UNITS.join(', ')}]`).optional(),
  dimensions: z.record(z.string().max(255, atMost(255)), z.string().max(255, atMost(255))).optional(),
});

type TransformationInput = z.infer<typeof transformationSchema>;

// ---------------------------------------------------------------------------------------------------------------
// PutMetricFilter

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html — "The maximum number of metric filters that can be associated with a log group is 100." */
const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;
/** API_PutMetricFilter.html — "There is also a quota of five regular expression patterns per log group." */
const MAX_REGEX_FILTERS_PER_LOG_GROUP = 5;

const putMetricFilterSchema = z.strictObject({
  logGroupName: logGroupNameSchema,
  filterName: filterNameSchema,
  filterPattern: filterPatternSchema,
  /** API_PutMetricFilter.html — metricTransformations: "Array Members: Fixed number of 1 item." */
  metricTransformations: z.array(transformationSchema).min(1, atLeast(1)).max(1, atMost(1)),
  applyOnTransformedLogs: z.boolean().optional(),
  fieldSelectionCriteria: notModelledField('fieldSelectionCriteria on metric filters'),
  emitSystemFieldDimensions: notModelledField('emitSystemFieldDimensions on metric filters'),
});

type PutMetricFilterInput = z.infer<typeof putMetricFilterSchema>;

/**
 * API_PutMetricFilter.html — applyOnTransformedLogs needs a log transformer, fieldSelectionCriteria and
 * emitSystemFieldDimensions (refused by the schema) select and describe log events by system fields; keyward models
 * none of these.
 */
function unmodelledOption(input: PutMetricFilterInput): OpOutcome | undefined {
  return input.applyOnTransformedLogs ? notModelled('log transformers (applyOnTransformedLogs: true)') : undefined;
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#changing-default-increment-value
 * — "You can set metric values to numbers, named identifiers, or numeric identifiers" (`1`, `$.latency`);
 * "Dimensions ... only available for JSON and space-delimited filter patterns" (AWS's error: "The specified filter
 * pattern does not support dimensions", github.com/hashicorp/terraform-provider-aws/issues/28881); "If you assign
 * dimensions ... you can't specify default values". keyward does not model dimensions beyond these checks.
 */
function transformationError(t: TransformationInput, pattern: FilterPattern): OpOutcome | undefined {
  if (!isNumberLiteral(t.metricValue) && !isJsonSelector(t.metricValue)) {
    return failWith(invalidParameter(`Invalid metric value ${JSON.stringify(t.metricValue)}: use a number, or a selector such as $.bytes naming a numeric field of the event`));
  }
  if (t.dimensions === undefined || Object.keys(t.dimensions).length === 0) return undefined;
  if (pattern.kind !== 'json') return failWith(invalidParameter('The specified filter pattern does not support dimensions'));
  if (t.defaultValue !== undefined) return failWith(invalidParameter('Default value cannot be specified for a metric with dimensions'));
  return notModelled('metric filter dimensions');
}

/** The limits of a log group, counting the filters other than the one being replaced. */
function limitError(state: State, account: string, logGroupName: string, filterName: string, pattern: FilterPattern): AwsError | undefined {
  const others = filtersOf(state, account).filter((f) => f.logGroupName === logGroupName && f.filterName !== filterName);
  if (others.length >= MAX_METRIC_FILTERS_PER_LOG_GROUP) return { code: 'LimitExceededException', message: 'Resource limit exceeded.' };
  const withRegex = (f: MetricFilter): boolean => {
    const parsed = parseFilterPattern(f.filterPattern);
    return parsed.ok && regexCount(parsed.pattern) > 0;
  };
  if (regexCount(pattern) > 0 && others.filter(withRegex).length >= MAX_REGEX_FILTERS_PER_LOG_GROUP) {
    return { code: 'LimitExceededException', message: `A log group can have at most ${MAX_REGEX_FILTERS_PER_LOG_GROUP} filter patterns that use regular expressions.` };
  }
  return undefined;
}

const transformationOf = (t: TransformationInput): MetricTransformation => ({
  metricName: t.metricName,
  metricNamespace: t.metricNamespace,
  metricValue: t.metricValue,
  defaultValue: t.defaultValue,
  unit: t.unit,
});

/**
 * API_PutMetricFilter.html — "Creates or updates a metric filter and associates it with the specified log group."
 * An update keeps the filter's creationTime (INFERRED). Filters see only events logged after they exist
 * (MonitoringLogData.html: "Metric filters ... apply only to log events ingested after"), which the pipeline enforces
 * with createdAt.
 */
const PutMetricFilter = signedOp(putMetricFilterSchema, ({ state, caller, input, env }) => {
  const denied = authorizeLogs(state, caller, env, 'logs:PutMetricFilter', logGroupResource(state, caller.account, input.logGroupName));
  if (denied) return failWith(denied);
  if (!logGroupExists(state, input.logGroupName)) return logGroupNotFound();
  const unmodelled = unmodelledOption(input);
  if (unmodelled) return unmodelled;
  const parsed = parseFilterPattern(input.filterPattern);
  if (!parsed.ok) return patternError(input.filterPattern, parsed);
  const transformation = input.metricTransformations[0]!;
  const invalid = transformationError(transformation, parsed.pattern);
  if (invalid) return invalid;
  const limited = limitError(state, caller.account, input.logGroupName, input.filterName, parsed.pattern);
  if (limited) return failWith(limited);
  const key = filterKey(caller.account, input.logGroupName, input.filterName);
  const existing = state.monitoring.metricFilters[key];
  const filter: MetricFilter = {
    account: caller.account,
    logGroupName: input.logGroupName,
    filterName: input.filterName,
    filterPattern: input.filterPattern,
    metricTransformations: [transformationOf(transformation)],
    createdAt: existing?.createdAt ?? state.now,
  };
  return success(withFilters(state, { ...state.monitoring.metricFilters, [key]: filter }));
});

// ---------------------------------------------------------------------------------------------------------------
// DescribeMetricFilters

const describeMetricFiltersSchema = z.strictObject({
  logGroupName: logGroupNameSchema.optional(),
  filterNamePrefix: filterNameSchema.optional(),
  nextToken: nextTokenSchema.optional(),
  limit: limitSchema.optional(),
  metricName: metricNameSchema.optional(),
  metricNamespace: metricNameSchema.optional(),
});

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricFilter.html */
const filterShape = (f: MetricFilter): JsonObject => ({
  filterName: f.filterName,
  filterPattern: f.filterPattern,
  metricTransformations: f.metricTransformations.map((t) => ({
    metricName: t.metricName, metricNamespace: t.metricNamespace, metricValue: t.metricValue, defaultValue: t.defaultValue, unit: t.unit,
  })),
  creationTime: f.createdAt,
  logGroupName: f.logGroupName,
});

const byGroupThenName = byText<MetricFilter>((f) => f.logGroupName, (f) => f.filterName);

/**
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html — "filterNamePrefix
 * ... CloudWatch Logs uses the value that you set here only if you also include the logGroupName parameter";
 * metricName and metricNamespace must be given together; limit defaults to 50. Filters are listed by name (INFERRED order).
 */
const DescribeMetricFilters = signedOp(describeMetricFiltersSchema, ({ state, caller, input, env }) => {
  const group = input.logGroupName;
  const resource = group === undefined ? allLogGroupsResource(state, caller.account) : logGroupResource(state, caller.account, group);
  const denied = authorizeLogs(state, caller, env, 'logs:DescribeMetricFilters', resource);
  if (denied) return failWith(denied);
  if ((input.metricName === undefined) !== (input.metricNamespace === undefined)) {
    return failWith(invalidParameter('If you specify metricName or metricNamespace, you must specify both.'));
  }
  if (group !== undefined && !logGroupExists(state, group)) return logGroupNotFound();
  const matching = filtersOf(state, caller.account)
    .filter((f) => group === undefined || (f.logGroupName === group && f.filterName.startsWith(input.filterNamePrefix ?? '')))
    .filter((f) => input.metricName === undefined || f.metricTransformations.some((t) => t.metricName === input.metricName && t.metricNamespace === input.metricNamespace))
    .sort(byGroupThenName);
  const page = paginate(matching, input.limit, input.nextToken, 50);
  if (!page) return invalidNextToken();
  return success(state, { metricFilters: page.items.map(filterShape), nextToken: page.NextMarker });
});

// ---------------------------------------------------------------------------------------------------------------
// DeleteMetricFilter

const deleteMetricFilterSchema = z.strictObject({ logGroupName: logGroupNameSchema, filterName: filterNameSchema });

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteMetricFilter.html — ResourceNotFoundException for an unknown group or filter. */
const DeleteMetricFilter = signedOp(deleteMetricFilterSchema, ({ state, caller, input, env }) => {
  const denied = authorizeLogs(state, caller, env, 'logs:DeleteMetricFilter', logGroupResource(state, caller.account, input.logGroupName));
  if (denied) return failWith(denied);
  if (!logGroupExists(state, input.logGroupName)) return logGroupNotFound();
  const key = filterKey(caller.account, input.logGroupName, input.filterName);
  if (!Object.hasOwn(state.monitoring.metricFilters, key)) return failure('ResourceNotFoundException', 'The specified metric filter does not exist.');
  const { [key]: _deleted, ...rest } = state.monitoring.metricFilters;
  return success(withFilters(state, rest));
});

// ---------------------------------------------------------------------------------------------------------------
// TestMetricFilter

const testMetricFilterSchema = z.strictObject({
  filterPattern: filterPatternSchema,
  /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html — 1 to 50 messages. */
  logEventMessages: z.array(z.string().min(1, atLeast(1))).min(1, atLeast(1)).max(50, atMost(50)),
});

/** A log message as a JSON object, or undefined when it is not one (a JSON pattern matches only JSON objects, INFERRED). */
function jsonObjectOf(message: string): object | undefined {
  try {
    const value: unknown = JSON.parse(message);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function messageMatches(pattern: FilterPattern, message: string): boolean {
  if (pattern.kind !== 'json') return matchesEvent(pattern, {}, message);
  const event = jsonObjectOf(message);
  return event !== undefined && matchesEvent(pattern, event, message);
}

/**
 * API_TestMetricFilter.html — "Tests the filter pattern of a metric filter against a sample of log event messages";
 * matches are numbered from 1 (the AWS CLI's example output) and extractedValues is empty unless the pattern is
 * space-delimited (FilterAndPatternSyntax.html: "If you are not using a space-delimited filter, this will be empty").
 */
const TestMetricFilter = signedOp(testMetricFilterSchema, ({ state, caller, input, env }) => {
  const denied = authorizeLogs(state, caller, env, 'logs:TestMetricFilter', '*');
  if (denied) return failWith(denied);
  const parsed = parseFilterPattern(input.filterPattern);
  if (!parsed.ok) return patternError(input.filterPattern, parsed);
  const matches = input.logEventMessages
    .map((eventMessage, i) => ({ eventNumber: i + 1, eventMessage, extractedValues: {} }))
    .filter((m) => messageMatches(parsed.pattern, m.eventMessage));
  return success(state, { matches });
});

// ---------------------------------------------------------------------------------------------------------------
// DescribeLogGroups

const describeLogGroupsSchema = z.strictObject({
  logGroupNamePrefix: logGroupNameSchema.optional(),
  logGroupNamePattern: z.string().max(512, atMost(512)).regex(/^[.\-_/#A-Za-z0-9]*$/, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*').optional(),
  nextToken: nextTokenSchema.optional(),
  limit: limitSchema.optional(),
  includeLinkedAccounts: z.boolean().optional(),
  accountIdentifiers: z.array(z.string()).max(20).optional(),
  logGroupClass: z.enum(['STANDARD', 'INFREQUENT_ACCESS'], 'Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS]').optional(),
});

/**
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html — the account's log
 * groups; "logGroupNamePrefix and logGroupNamePattern are mutually exclusive"; logGroupNamePattern is "a case-sensitive
 * substring search" and then "only arn, creationTime, and logGroupName are included". keyward's one log group is a
 * STANDARD group whose events never expire (no retentionInDays); its creationTime and storedBytes are not modelled.
 */
const DescribeLogGroups = signedOp(describeLogGroupsSchema, ({ state, caller, input, env }) => {
  const denied = authorizeLogs(state, caller, env, 'logs:DescribeLogGroups', allLogGroupsResource(state, caller.account));
  if (denied) return failWith(denied);
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    return failWith(invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.'));
  }
  if (input.includeLinkedAccounts || input.accountIdentifiers !== undefined) return notModelled('cross-account observability (includeLinkedAccounts, accountIdentifiers)');
  const name = state.config.trailLogGroupName;
  const listed = name.startsWith(input.logGroupNamePrefix ?? '') && name.includes(input.logGroupNamePattern ?? '') && (input.logGroupClass ?? 'STANDARD') === 'STANDARD';
  const page = paginate(listed ? [name] : [], input.limit, input.nextToken, 50);
  if (!page) return invalidNextToken();
  const account = caller.account;
  const shape = (group: string): JsonObject => input.logGroupNamePattern !== undefined
    ? { logGroupName: group, arn: `${logGroupArn(state.region, account, group)}:*` }
    : {
      logGroupName: group,
      metricFilterCount: filtersOf(state, account).filter((f) => f.logGroupName === group).length,
      arn: `${logGroupArn(state.region, account, group)}:*`,
      logGroupClass: 'STANDARD',
      logGroupArn: logGroupArn(state.region, account, group),
    };
  return success(state, { logGroups: page.items.map(shape), nextToken: page.NextMarker });
});

export const logsOperations: Readonly<Record<string, Operation<any>>> = {
  PutMetricFilter,
  DescribeMetricFilters,
  DeleteMetricFilter,
  TestMetricFilter,
  DescribeLogGroups,
};

// CloudWatch Logs metric filters through step(): PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter, TestMetricFilter, DescribeLogGroups.
import { describe, expect, it } from 'vitest';
import type { AwsError, JsonObject, State } from '../../model/index.ts';
import { advance, initialState, step } from '../../model/index.ts';

const A = '111122223333';
const B = '444455556666';
const ROOT_A = `arn:aws:iam::${A}:root`;
const ROOT_B = `arn:aws:iam::${B}:root`;
const GROUP = 'CloudTrail/DefaultLogGroup';
const GROUP_ARN = `arn:aws:logs:us-east-1:${A}:log-group:${GROUP}`;
const KMS_PATTERN = '{ $.eventSource = kms* && $.errorMessage = "* is pending deletion."}';

const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*'): object => ({ Effect: 'Allow', Action: action, Resource: resource });

/** A world moved on call by call through step(). */
class LogsWorld {
  state: State = initialState({ accounts: [A, B] as never });

  call(as: string, op: string, input: object = {}): { ok: true; output: JsonObject } | { ok: false; error: AwsError } {
    const r = step(this.state, { as, op, input });
    this.state = r.state;
    return r.outcome.ok ? { ok: true, output: r.outcome.output } : { ok: false, error: r.outcome.error };
  }

  ok(as: string, op: string, input: object = {}): Record<string, any> {
    const r = this.call(as, op, input);
    if (!r.ok) expect.fail(`${op} as ${as} failed: ${r.error.code}: ${r.error.message}`);
    return r.output as Record<string, any>;
  }

  fail(as: string, op: string, input: object = {}): AwsError {
    const r = this.call(as, op, input);
    if (r.ok) expect.fail(`${op} as ${as} succeeded: ${JSON.stringify(r.output)}`);
    return r.error;
  }

  user(account: string, name: string, ...policies: string[]): string {
    const root = `arn:aws:iam::${account}:root`;
    this.ok(root, 'iam:CreateUser', { UserName: name });
    policies.forEach((p, i) => this.ok(root, 'iam:PutUserPolicy', { UserName: name, PolicyName: `p${i}`, PolicyDocument: p }));
    return `arn:aws:iam::${account}:user/${name}`;
  }

  put(as: string, filterName: string, filterPattern: string, transformation: object = {}, group = GROUP): void {
    this.ok(as, 'logs:PutMetricFilter', filterInput(filterName, filterPattern, transformation, group));
  }

  filters(as: string = ROOT_A, input: object = {}): Record<string, any>[] {
    return this.ok(as, 'logs:DescribeMetricFilters', input)['metricFilters'];
  }
}

const filterInput = (filterName: string, filterPattern: string, transformation: object = {}, logGroupName = GROUP): object => ({
  logGroupName,
  filterName,
  filterPattern,
  metricTransformations: [{ metricName: 'KmsPendingDeletion', metricNamespace: 'Security', metricValue: '1', ...transformation }],
});

describe('PutMetricFilter', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html
  it('creates a metric filter on the trail log group; DescribeMetricFilters shows it with AWS field names', () => {
    const w = new LogsWorld();
    expect(w.ok(ROOT_A, 'logs:PutMetricFilter', filterInput('kms-pending', KMS_PATTERN, { defaultValue: 0, unit: 'Count' }))).toEqual({});
    expect(w.filters()).toEqual([{
      filterName: 'kms-pending',
      filterPattern: KMS_PATTERN,
      metricTransformations: [{ metricName: 'KmsPendingDeletion', metricNamespace: 'Security', metricValue: '1', defaultValue: 0, unit: 'Count' }],
      creationTime: w.state.now,
      logGroupName: GROUP,
    }]);
    expect(Object.keys(w.state.monitoring.metricFilters)).toEqual([`${A}|${GROUP}|kms-pending`]);
  });

  // API_PutMetricFilter.html — "Creates or updates a metric filter"; creationTime kept on update (INFERRED).
  it('a second put with the same name replaces the filter and keeps its creation time', () => {
    const w = new LogsWorld();
    w.put(ROOT_A, 'f', 'ERROR');
    const created = w.state.now;
    w.state = advance(w.state, 60_000);
    w.put(ROOT_A, 'f', '{ $.errorCode = "AccessDenied" }', { metricValue: '$.count' });
    const [only, ...rest] = w.filters();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ filterPattern: '{ $.errorCode = "AccessDenied" }', creationTime: created });
    expect(only!['metricTransformations'][0].metricValue).toBe('$.count');
  });

  // API_PutMetricFilter.html — ResourceNotFoundException: keyward's only log group is the trail's.
  it('refuses a log group that does not exist', () => {
    const w = new LogsWorld();
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'ERROR', {}, 'other-group'))).toEqual({
      code: 'ResourceNotFoundException', message: 'The specified log group does not exist.',
    });
  });

  // FilterAndPatternSyntax.html; AWS's message "Invalid metric filter pattern" (github.com/aws/aws-cdk/issues/16278).
  it('refuses an invalid pattern with InvalidParameterException and the reason', () => {
    const w = new LogsWorld();
    const error = w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', '{ $.eventSource = kms* && }'));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toMatch(/^Invalid metric filter pattern: at character 27: expected a selector/);
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'ERROR:')).code).toBe('InvalidParameterException');
    expect(w.filters()).toEqual([]);
  });

  it('refuses a pattern keyward does not model with UnsupportedFilterPattern, marked unsupported, never storing it', () => {
    const w = new LogsWorld();
    const error = w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', '[ip, user, status_code = 4*, bytes]'));
    expect(error.code).toBe('UnsupportedFilterPattern');
    expect(error.message).toMatch(/^keyward does not model space-delimited filter patterns/);
    expect(w.filters()).toEqual([]);
    const r = step(w.state, { as: ROOT_A, op: 'logs:TestMetricFilter', input: { filterPattern: '{ $.* = 1 }', logEventMessages: ['{}'] } });
    expect(r.outcome).toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedFilterPattern' } });
  });

  // API_PutMetricFilter.html — metricTransformations: "Fixed number of 1 item".
  it('needs exactly one metric transformation', () => {
    const w = new LogsWorld();
    const t = { metricName: 'm', metricNamespace: 'n', metricValue: '1' };
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', { logGroupName: GROUP, filterName: 'f', filterPattern: '', metricTransformations: [] }).code).toBe('InvalidParameterException');
    const two = w.fail(ROOT_A, 'logs:PutMetricFilter', { logGroupName: GROUP, filterName: 'f', filterPattern: '', metricTransformations: [t, t] });
    expect(two).toMatchObject({ code: 'InvalidParameterException' });
    expect(two.message).toMatch(/metricTransformations.*less than or equal to 1/);
  });

  // FilterAndPatternSyntax.html#changing-default-increment-value — metric values are numbers or `$.field` selectors.
  it('accepts a number or a $.selector as metricValue and refuses anything else', () => {
    const w = new LogsWorld();
    w.put(ROOT_A, 'a', '{ $.bytes = * }', { metricValue: '$.bytes' });
    w.put(ROOT_A, 'b', 'ERROR', { metricValue: '2.5' });
    for (const metricValue of ['one', '$bytes', '$.', '1 2']) {
      expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('c', 'ERROR', { metricValue })).code).toBe('InvalidParameterException');
    }
  });

  // FilterAndPatternSyntax.html#logs-metric-filters-dimensions — dimensions only for JSON and space-delimited patterns.
  it('refuses dimensions on a term pattern, and does not model them on JSON patterns', () => {
    const w = new LogsWorld();
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'ERROR', { dimensions: { source: '$.eventSource' } }))).toEqual({
      code: 'InvalidParameterException', message: 'The specified filter pattern does not support dimensions',
    });
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', KMS_PATTERN, { dimensions: { source: '$.eventSource' }, defaultValue: 0 })).code)
      .toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', KMS_PATTERN, { dimensions: { source: '$.eventSource' } })).code).toBe('UnsupportedCall');
  });

  it('does not model log transformers and system-field selection', () => {
    const w = new LogsWorld();
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', { ...filterInput('f', 'ERROR'), applyOnTransformedLogs: true }).code).toBe('UnsupportedCall');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', { ...filterInput('f', 'ERROR'), fieldSelectionCriteria: '@aws.region = "us-east-1"' }).code).toBe('UnsupportedCall');
    const dims = step(w.state, { as: ROOT_A, op: 'logs:PutMetricFilter', input: { ...filterInput('f', 'ERROR'), emitSystemFieldDimensions: ['@aws.region'] } });
    expect(dims.outcome).toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedCall', message: expect.stringContaining('keyward does not model emitSystemFieldDimensions') } });
    w.ok(ROOT_A, 'logs:PutMetricFilter', { ...filterInput('f', 'ERROR'), applyOnTransformedLogs: false });
  });

  it('validates names and lengths as the API reference constrains them', () => {
    const w = new LogsWorld();
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('bad:name', 'ERROR')).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'x'.repeat(1025))).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'ERROR', { metricName: 'a*b' })).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'ERROR', { unit: 'Widgets' })).code).toBe('InvalidParameterException');
  });
});

describe('PutMetricFilter limits', () => {
  // API_PutMetricFilter.html — "The maximum number of metric filters that can be associated with a log group is 100."
  it('allows 100 metric filters per log group; the 101st is LimitExceededException; replacing one still works', () => {
    const w = new LogsWorld();
    for (let i = 0; i < 100; i++) w.put(ROOT_A, `f${i}`, 'ERROR');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f100', 'ERROR'))).toEqual({ code: 'LimitExceededException', message: 'Resource limit exceeded.' });
    w.put(ROOT_A, 'f7', 'WARN');
    w.put(ROOT_B, 'f100', 'ERROR');
    expect(w.filters(ROOT_A, { logGroupName: GROUP, limit: 50 })).toHaveLength(50);
  });

  // API_PutMetricFilter.html — "a quota of five regular expression patterns per log group".
  it('allows five filters with regular expressions per log group', () => {
    const w = new LogsWorld();
    for (let i = 0; i < 5; i++) w.put(ROOT_A, `r${i}`, `{ $.eventName = %^Decrypt${i}% }`);
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('r5', '%ERROR%')).code).toBe('LimitExceededException');
    w.put(ROOT_A, 'plain', 'ERROR');
    w.put(ROOT_A, 'r0', '%replaced%');
  });
});

describe('authorization of CloudWatch Logs calls', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html — the log group ARN
  // with a trailing :* is what policies name; AWS denies on `...:log-group:NAME:log-stream:`.
  it('denies a user without logs permissions, naming the action and the log group', () => {
    const w = new LogsWorld();
    const nobody = w.user(A, 'nobody');
    expect(w.fail(nobody, 'logs:PutMetricFilter', filterInput('f', 'ERROR'))).toEqual({
      code: 'AccessDeniedException',
      message: `User: ${nobody} is not authorized to perform: logs:PutMetricFilter on resource: ${GROUP_ARN}:log-stream: because no identity-based policy allows the logs:PutMetricFilter action`,
    });
    expect(w.fail(nobody, 'logs:DescribeMetricFilters').code).toBe('AccessDeniedException');
    expect(w.fail(nobody, 'logs:DeleteMetricFilter', { logGroupName: GROUP, filterName: 'f' }).code).toBe('AccessDeniedException');
    expect(w.fail(nobody, 'logs:TestMetricFilter', { filterPattern: 'ERROR', logEventMessages: ['ERROR'] }).code).toBe('AccessDeniedException');
    expect(w.fail(nobody, 'logs:DescribeLogGroups').message).toContain(`on resource: arn:aws:logs:us-east-1:${A}:log-group::log-stream:`);
  });

  it('allows a user whose policy names the log group ARN with :*, and only for that group', () => {
    const w = new LogsWorld();
    const scoped = w.user(A, 'scoped', policy(allow(['logs:PutMetricFilter', 'logs:DescribeMetricFilters', 'logs:DeleteMetricFilter'], `${GROUP_ARN}:*`)));
    w.put(scoped, 'f', 'ERROR');
    expect(w.filters(scoped, { logGroupName: GROUP })).toHaveLength(1);
    // listing every group's filters is authorized on the whole namespace, which the policy does not cover
    expect(w.fail(scoped, 'logs:DescribeMetricFilters').code).toBe('AccessDeniedException');
    w.ok(scoped, 'logs:DeleteMetricFilter', { logGroupName: GROUP, filterName: 'f' });
    const other = w.user(A, 'other', policy(allow('logs:PutMetricFilter', `arn:aws:logs:us-east-1:${A}:log-group:app-logs:*`)));
    expect(w.fail(other, 'logs:PutMetricFilter', filterInput('f', 'ERROR')).code).toBe('AccessDeniedException');
  });

  it('authorizes before looking the log group up', () => {
    const w = new LogsWorld();
    const nobody = w.user(A, 'nobody');
    expect(w.fail(nobody, 'logs:PutMetricFilter', filterInput('f', 'ERROR', {}, 'missing')).code).toBe('AccessDeniedException');
    expect(w.fail(ROOT_A, 'logs:PutMetricFilter', filterInput('f', 'ERROR', {}, 'missing')).code).toBe('ResourceNotFoundException');
  });

  it('an explicit deny wins over logs:*', () => {
    const w = new LogsWorld();
    const u = w.user(A, 'u', policy(allow('logs:*'), { Effect: 'Deny', Action: 'logs:DeleteMetricFilter', Resource: '*' }));
    w.put(u, 'f', 'ERROR');
    expect(w.fail(u, 'logs:DeleteMetricFilter', { logGroupName: GROUP, filterName: 'f' }).message).toMatch(/explicit deny in an identity-based policy/);
  });
});

describe('DescribeMetricFilters', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html
  const world = (): LogsWorld => {
    const w = new LogsWorld();
    w.put(ROOT_A, 'kms-b', KMS_PATTERN, { metricName: 'Pending', metricNamespace: 'KMS' });
    w.put(ROOT_A, 'kms-a', KMS_PATTERN, { metricName: 'Other', metricNamespace: 'KMS' });
    w.put(ROOT_A, 'iam', '{ $.eventSource = iam.amazonaws.com }', { metricName: 'Pending', metricNamespace: 'IAM' });
    w.put(ROOT_B, 'kms-c', KMS_PATTERN);
    return w;
  };
  const names = (filters: Record<string, any>[]): string[] => filters.map((f) => f['filterName']);

  it("lists the caller's account filters by name, never another account's", () => {
    const w = world();
    expect(names(w.filters())).toEqual(['iam', 'kms-a', 'kms-b']);
    expect(names(w.filters(ROOT_B))).toEqual(['kms-c']);
  });

  it('filterNamePrefix applies only together with logGroupName', () => {
    const w = world();
    expect(names(w.filters(ROOT_A, { logGroupName: GROUP, filterNamePrefix: 'kms' }))).toEqual(['kms-a', 'kms-b']);
    expect(names(w.filters(ROOT_A, { filterNamePrefix: 'kms' }))).toEqual(['iam', 'kms-a', 'kms-b']);
  });

  it('metricName and metricNamespace select by metric, and must be given together', () => {
    const w = world();
    expect(names(w.filters(ROOT_A, { metricName: 'Pending', metricNamespace: 'KMS' }))).toEqual(['kms-b']);
    expect(w.fail(ROOT_A, 'logs:DescribeMetricFilters', { metricName: 'Pending' }).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:DescribeMetricFilters', { metricNamespace: 'KMS' }).code).toBe('InvalidParameterException');
  });

  it('pages with limit and nextToken; a bad token or limit is refused', () => {
    const w = world();
    const first = w.ok(ROOT_A, 'logs:DescribeMetricFilters', { limit: 2 });
    expect(names(first['metricFilters'])).toEqual(['iam', 'kms-a']);
    const second = w.ok(ROOT_A, 'logs:DescribeMetricFilters', { limit: 2, nextToken: first['nextToken'] });
    expect(names(second['metricFilters'])).toEqual(['kms-b']);
    expect(second['nextToken']).toBeUndefined();
    expect(w.fail(ROOT_A, 'logs:DescribeMetricFilters', { nextToken: 'garbage' }).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:DescribeMetricFilters', { limit: 51 }).code).toBe('InvalidParameterException');
  });

  it('an unknown log group is ResourceNotFoundException', () => {
    const w = world();
    expect(w.fail(ROOT_A, 'logs:DescribeMetricFilters', { logGroupName: 'nope' }).code).toBe('ResourceNotFoundException');
  });
});

describe('DeleteMetricFilter', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteMetricFilter.html
  it('deletes the filter; deleting it again, or from an unknown group, is ResourceNotFoundException', () => {
    const w = new LogsWorld();
    w.put(ROOT_A, 'f', 'ERROR');
    w.put(ROOT_B, 'f', 'ERROR');
    expect(w.ok(ROOT_A, 'logs:DeleteMetricFilter', { logGroupName: GROUP, filterName: 'f' })).toEqual({});
    expect(w.filters()).toEqual([]);
    expect(w.filters(ROOT_B)).toHaveLength(1);
    expect(w.fail(ROOT_A, 'logs:DeleteMetricFilter', { logGroupName: GROUP, filterName: 'f' })).toEqual({
      code: 'ResourceNotFoundException', message: 'The specified metric filter does not exist.',
    });
    expect(w.fail(ROOT_A, 'logs:DeleteMetricFilter', { logGroupName: 'nope', filterName: 'f' }).message).toBe('The specified log group does not exist.');
  });
});

describe('TestMetricFilter', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html and the AWS CLI example (eventNumber from 1).
  it('returns the matching messages numbered from 1 with empty extractedValues', () => {
    const w = new LogsWorld();
    const out = w.ok(ROOT_A, 'logs:TestMetricFilter', {
      filterPattern: 'ERROR', logEventMessages: ['[ERROR] 400 BAD REQUEST', '[INFO] 200 OK', '[ERROR] 500 INTERNAL'],
    });
    expect(out).toEqual({ matches: [
      { eventNumber: 1, eventMessage: '[ERROR] 400 BAD REQUEST', extractedValues: {} },
      { eventNumber: 3, eventMessage: '[ERROR] 500 INTERNAL', extractedValues: {} },
    ] });
  });

  it('parses messages as JSON for a JSON pattern; a message that is not a JSON object never matches', () => {
    const w = new LogsWorld();
    const pending = JSON.stringify({ eventSource: 'kms.amazonaws.com', errorMessage: 'arn:aws:kms:us-east-1:111122223333:key/abcd is pending deletion.' });
    const disabled = JSON.stringify({ eventSource: 'kms.amazonaws.com', errorMessage: 'key is disabled.' });
    const out = w.ok(ROOT_A, 'logs:TestMetricFilter', {
      filterPattern: KMS_PATTERN, logEventMessages: [disabled, 'kms is pending deletion.', pending, '[1, 2]'],
    });
    expect(out['matches'].map((m: any) => m.eventNumber)).toEqual([3]);
    const absent = w.ok(ROOT_A, 'logs:TestMetricFilter', { filterPattern: '{ $.x NOT EXISTS }', logEventMessages: ['not json', '{}', '"text"'] });
    expect(absent['matches'].map((m: any) => m.eventNumber)).toEqual([2]);
  });

  it('refuses an invalid or unmodelled pattern and an empty or oversized sample', () => {
    const w = new LogsWorld();
    expect(w.fail(ROOT_A, 'logs:TestMetricFilter', { filterPattern: '{ $.a = }', logEventMessages: ['x'] }).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:TestMetricFilter', { filterPattern: '[a, b]', logEventMessages: ['x y'] }).code).toBe('UnsupportedFilterPattern');
    expect(w.fail(ROOT_A, 'logs:TestMetricFilter', { filterPattern: 'x', logEventMessages: [] }).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:TestMetricFilter', { filterPattern: 'x', logEventMessages: Array(51).fill('x') }).code).toBe('InvalidParameterException');
  });

  it('does not change the state', () => {
    const w = new LogsWorld();
    const before = w.state.monitoring.metricFilters;
    w.ok(ROOT_A, 'logs:TestMetricFilter', { filterPattern: 'ERROR', logEventMessages: ['ERROR'] });
    expect(w.state.monitoring.metricFilters).toBe(before);
  });
});

describe('DescribeLogGroups', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
  it("lists the account's trail log group with its metric filter count and both ARN forms", () => {
    const w = new LogsWorld();
    w.put(ROOT_A, 'f', 'ERROR');
    w.put(ROOT_A, 'g', 'WARN');
    expect(w.ok(ROOT_A, 'logs:DescribeLogGroups')).toEqual({
      logGroups: [{ logGroupName: GROUP, metricFilterCount: 2, arn: `${GROUP_ARN}:*`, logGroupClass: 'STANDARD', logGroupArn: GROUP_ARN }],
      nextToken: undefined,
    });
    expect(w.ok(ROOT_B, 'logs:DescribeLogGroups')['logGroups'][0]).toMatchObject({ metricFilterCount: 0, logGroupArn: `arn:aws:logs:us-east-1:${B}:log-group:${GROUP}` });
  });

  it('filters by prefix, by case-sensitive substring pattern (fewer fields), and by class', () => {
    const w = new LogsWorld();
    const groups = (input: object): unknown[] => w.ok(ROOT_A, 'logs:DescribeLogGroups', input)['logGroups'];
    expect(groups({ logGroupNamePrefix: 'CloudTrail/' })).toHaveLength(1);
    expect(groups({ logGroupNamePrefix: 'Trail' })).toEqual([]);
    expect(groups({ logGroupNamePattern: 'Default' })).toEqual([{ logGroupName: GROUP, arn: `${GROUP_ARN}:*` }]);
    expect(groups({ logGroupNamePattern: 'default' })).toEqual([]);
    expect(groups({ logGroupClass: 'INFREQUENT_ACCESS' })).toEqual([]);
  });

  it('refuses prefix and pattern together, and does not model linked accounts', () => {
    const w = new LogsWorld();
    expect(w.fail(ROOT_A, 'logs:DescribeLogGroups', { logGroupNamePrefix: 'C', logGroupNamePattern: 'D' }).code).toBe('InvalidParameterException');
    expect(w.fail(ROOT_A, 'logs:DescribeLogGroups', { includeLinkedAccounts: true }).code).toBe('UnsupportedCall');
  });

  it('follows the configured trail log group name', () => {
    const state = initialState({ accounts: [A] as never, config: { trailLogGroupName: 'aws-controltower/CloudTrailLogs' } });
    const r = step(state, { as: ROOT_A, op: 'logs:DescribeLogGroups', input: {} });
    expect(r.outcome.ok && (r.outcome.output['logGroups'] as any[])[0].logGroupName).toBe('aws-controltower/CloudTrailLogs');
    const put = step(r.state, { as: ROOT_A, op: 'logs:PutMetricFilter', input: filterInput('f', 'ERROR') });
    expect(put.outcome.ok ? 'ok' : put.outcome.error.code).toBe('ResourceNotFoundException');
  });
});

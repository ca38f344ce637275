// ARNs parsed once into their six segments, and the principal ARNs keyward knows how to name.

export type AccountId = string & { readonly __brand: 'AccountId' };
export type Arn = string & { readonly __brand: 'Arn' };

export interface ParsedArn {
  readonly arn: Arn;
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export const isAccountId = (s: string): s is AccountId => ACCOUNT_ID.test(s);

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html — arn:partition:service:region:account-id:resource */
export function parseArn(s: string): ParsedArn | undefined {
  if (!s.startsWith('arn:')) return undefined;
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!partition || !service || resource === '') return undefined;
  return { arn: s as Arn, partition, service, region, account, resource };
}

export const rootArn = (account: string): Arn => `arn:aws:iam::${account}:root` as Arn;
export const userArn = (account: string, name: string, path = '/'): Arn => `arn:aws:iam::${account}:user${path}${name}` as Arn;
export const groupArn = (account: string, name: string, path = '/'): Arn => `arn:aws:iam::${account}:group${path}${name}` as Arn;
export const roleArn = (account: string, name: string, path = '/'): Arn => `arn:aws:iam::${account}:role${path}${name}` as Arn;
export const policyArn = (account: string, name: string, path = '/'): Arn => `arn:aws:iam::${account}:policy${path}${name}` as Arn;
export const sessionArn = (account: string, role: string, session: string): Arn =>
  `arn:aws:sts::${account}:assumed-role/${role}/${session}` as Arn;
export const keyArn = (region: string, account: string, keyId: string): Arn => `arn:aws:kms:${region}:${account}:key/${keyId}` as Arn;
export const aliasArn = (region: string, account: string, alias: string): Arn => `arn:aws:kms:${region}:${account}:${alias}` as Arn;
export const bucketArn = (bucket: string): Arn => `arn:aws:s3:::${bucket}` as Arn;
export const objectArn = (bucket: string, key: string): Arn => `arn:aws:s3:::${bucket}/${key}` as Arn;
/** https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html — arn:aws:sns:region:account-id:topic-name. */
export const topicArn = (region: string, account: string, name: string): Arn => `arn:aws:sns:${region}:${account}:${name}` as Arn;
/** https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html — alarm: arn:aws:cloudwatch:region:account-id:alarm:alarm-name. */
export const alarmArn = (region: string, account: string, name: string): Arn => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}` as Arn;
/** https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html — ConfigRule: arn:aws:config:region:account-id:config-rule/config-rule-id. */
export const configRuleArn = (region: string, account: string, ruleId: string): Arn => `arn:aws:config:${region}:${account}:config-rule/${ruleId}` as Arn;
/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html — logGroupArn: arn:aws:logs:region:account-id:log-group:name (no trailing `:*`). */
export const logGroupArn = (region: string, account: string, name: string): Arn => `arn:aws:logs:${region}:${account}:log-group:${name}` as Arn;

/** What a principal ARN names, without looking it up in a state. */
export type PrincipalName =
  | { readonly kind: 'root'; readonly account: AccountId; readonly arn: Arn }
  | { readonly kind: 'user'; readonly account: AccountId; readonly arn: Arn; readonly name: string }
  | { readonly kind: 'role'; readonly account: AccountId; readonly arn: Arn; readonly name: string }
  | { readonly kind: 'session'; readonly account: AccountId; readonly arn: Arn; readonly roleName: string; readonly sessionName: string };

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns — user/role names are the last path segment. */
export function parsePrincipalArn(s: string): PrincipalName | undefined {
  const p = parseArn(s);
  if (!p || !isAccountId(p.account) || p.region !== '') return undefined;
  const account = p.account;
  if (p.service === 'iam') {
    if (p.resource === 'root') return { kind: 'root', account, arn: p.arn };
    const m = /^(user|role)(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(p.resource);
    if (!m) return undefined;
    return { kind: m[1] as 'user' | 'role', account, arn: p.arn, name: m[3]! };
  }
  if (p.service === 'sts') {
    const m = /^assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/.exec(p.resource);
    if (!m) return undefined;
    return { kind: 'session', account, arn: p.arn, roleName: m[1]!, sessionName: m[2]! };
  }
  return undefined;
}

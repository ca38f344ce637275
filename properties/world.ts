// Generated worlds: a plan (sizes within the Scope and a seed) built through model/ `step` as ordinary calls — users
// and roles with drawn policies, boundaries, an SCP, keys with drawn key policies, aliases, grants, sessions, buckets
// with default encryption and public access, objects — so every setup call is recorded and checked like the rest.
import fc from 'fast-check';
import type { CallOutcome } from '../model/index.ts';
import { Draw } from './draw.ts';
import { METRIC_NAMES, METRIC_NAMESPACE, PENDING_DELETION_PATTERN, SCHEDULE_DELETION_PATTERN, principalsOf } from './inputs.ts';
import type { ModelRun } from './model-run.ts';
import { bucketPolicy, encryptionContext, guardrailPolicy, identityPolicy, keyPolicy, rootOf, scpPolicy, trustPolicy } from './policies.ts';
import type { Scope } from './scope.ts';
import { universeOf } from './scope.ts';

export interface WorldPlan {
  readonly seed: number;
  /** Users per account, roles per account, role sessions, keys, buckets (each within the Scope). */
  readonly users: number;
  readonly roles: number;
  readonly sessions: number;
  readonly keys: number;
  readonly buckets: number;
  /** Attach a drawn SCP to the member account. */
  readonly scp: boolean;
  /** Set up the watching the KMS guide recommends (metric filters, alarms to an SNS topic, a Config rule) in each account. */
  readonly monitoring: boolean;
}

/** A count up to `max`: usually at least `usual` (rich worlds), yet shrinking towards 0 (short counterexamples). */
const count = (usual: number, max: number): fc.Arbitrary<number> =>
  fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: fc.integer({ min: 0, max }) }, { weight: 6, arbitrary: fc.integer({ min: Math.min(usual, max), max }) });

export function worldPlanArb(scope: Scope): fc.Arbitrary<WorldPlan> {
  const u = universeOf(scope);
  return fc.record({
    seed: fc.nat(),
    users: count(1, u.userNames.length),
    roles: count(1, u.roleNames.length),
    sessions: count(1, 2),
    keys: count(2, Math.max(0, scope.keys)),
    buckets: count(1, u.bucketNames.length),
    scp: fc.boolean(),
    monitoring: fc.boolean(),
  });
}

const json = (x: unknown): string => JSON.stringify(x);
const okOutput = (o: CallOutcome): Readonly<Record<string, unknown>> | undefined => (o.ok ? o.output : undefined);

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html — the watching of
 * an account: an SNS topic, metric filters on the trail's log group (use of a key pending deletion; ScheduleKeyDeletion
 * calls), an alarm on each notifying the topic, and the Config rule on keys scheduled for deletion.
 */
function watchAccount(run: ModelRun, d: Draw, account: string): void {
  const root = rootOf(account);
  const call = (op: string, input: object): CallOutcome => run.call({ as: root, op, input });
  const topic = okOutput(call('sns:CreateTopic', { Name: 'alerts' }))?.['TopicArn'];
  const logGroupName = run.state.config.trailLogGroupName;
  const patterns = [PENDING_DELETION_PATTERN, SCHEDULE_DELETION_PATTERN];
  METRIC_NAMES.forEach((metricName, i) => {
    const metricTransformations = [{ metricName, metricNamespace: METRIC_NAMESPACE, metricValue: '1' }];
    call('logs:PutMetricFilter', { logGroupName, filterName: `filter${i}`, filterPattern: patterns[(i + 1) % 2], metricTransformations });
    call('cloudwatch:PutMetricAlarm', {
      AlarmName: `alarm${i}`, MetricName: metricName, Namespace: METRIC_NAMESPACE, Statistic: 'Sum', Period: d.pick([60, 300]), EvaluationPeriods: 1,
      Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: d.pick(['notBreaching', 'missing']), AlarmActions: typeof topic === 'string' ? [topic] : [],
    });
  });
  call('config:PutConfigRule', { ConfigRule: { ConfigRuleName: 'keys-rule', Source: { Owner: 'AWS', SourceIdentifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION' } } });
}

/** Build the planned world in the run (every call checked and recorded). */
export function buildWorld(run: ModelRun, plan: WorldPlan): void {
  const d = new Draw(plan.seed);
  const u = run.universe;
  const region = run.state.region;
  const call = (as: string, op: string, input: object): CallOutcome => run.call({ as, op, input });

  for (const account of u.accounts) {
    const root = rootOf(account);
    for (const [i, name] of u.userNames.slice(0, plan.users).entries()) {
      call(root, 'iam:CreateUser', { UserName: name });
      if (i === 0) call(root, 'iam:PutUserPolicy', { UserName: name, PolicyName: 'assume', PolicyDocument: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) });
      const policy = identityPolicy(d, u, account, region);
      if (policy) call(root, 'iam:PutUserPolicy', { UserName: name, PolicyName: 'p0', PolicyDocument: json(policy) });
      else if (d.chance(0.3)) call(root, 'iam:AttachUserPolicy', { UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
      if (d.chance(0.2)) {
        const created = okOutput(call(root, 'iam:CreatePolicy', { PolicyName: `boundary-${name}`, PolicyDocument: json(guardrailPolicy(d)) }));
        const arn = (created?.['Policy'] as { Arn?: string } | undefined)?.Arn;
        if (arn) call(root, 'iam:PutUserPermissionsBoundary', { UserName: name, PermissionsBoundary: arn });
      }
    }
    if (plan.users > 0 && d.chance(0.3)) {
      call(root, 'iam:CreateGroup', { GroupName: 'group0' });
      call(root, 'iam:PutGroupPolicy', { GroupName: 'group0', PolicyName: 'p0', PolicyDocument: json(identityPolicy(d, u, account, region) ?? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Describe*', Resource: '*' }] }) });
      call(root, 'iam:AddUserToGroup', { GroupName: 'group0', UserName: u.userNames[0] });
    }
    for (const name of u.roleNames.slice(0, plan.roles)) {
      call(root, 'iam:CreateRole', { RoleName: name, MaxSessionDuration: 43200, AssumeRolePolicyDocument: json(trustPolicy(d, u, principalsOf(run.state), account)) });
      const policy = identityPolicy(d, u, account, region);
      if (policy) call(root, 'iam:PutRolePolicy', { RoleName: name, PolicyName: 'p0', PolicyDocument: json(policy) });
    }
  }

  const org = u.organization;
  if (org && plan.scp && org.members.length > 0) {
    const created = okOutput(call(rootOf(org.management), 'organizations:CreatePolicy', { Name: 'guardrail', Description: 'drawn', Type: 'SERVICE_CONTROL_POLICY', Content: json(scpPolicy(d)) }));
    const id = ((created?.['Policy'] as { PolicySummary?: { Id?: string } } | undefined)?.PolicySummary)?.Id;
    if (id) call(rootOf(org.management), 'organizations:AttachPolicy', { PolicyId: id, TargetId: org.members[0] });
  }

  const keyArns: string[] = [];
  for (let i = 0; i < plan.keys; i++) {
    const account = d.pick(u.accounts);
    const users = Object.values(run.state.iam.users).filter((x) => x.account === account).map((x) => x.arn as string);
    const creator = d.chance(0.65) || users.length === 0 ? rootOf(account) : d.pick(users);
    const input = d.chance(0.7)
      ? { Policy: json(keyPolicy(d, u, principalsOf(run.state), account, region)), BypassPolicyLockoutSafetyCheck: d.chance(0.6) }
      : {};
    const arn = (okOutput(call(creator, 'kms:CreateKey', { Description: `key ${i}`, ...input }))?.['KeyMetadata'] as { Arn?: string } | undefined)?.Arn;
    if (!arn) continue;
    keyArns.push(arn);
    if (d.chance(0.3)) call(rootOf(account), 'kms:CreateAlias', { AliasName: d.pick(u.aliasNames), TargetKeyId: arn });
    call(creator, 'kms:Encrypt', { KeyId: arn, Plaintext: `secret ${i}`, EncryptionContext: encryptionContext(d, u) });
    if (d.chance(0.6)) {
      // Often a user of another account: a grantee that no policy lets create grants, so its own grants make chains.
      const foreign = Object.values(run.state.iam.users).filter((x) => x.account !== account).map((x) => x.arn as string);
      const pool = [...Object.keys(run.state.iam.users), ...Object.keys(run.state.iam.roles), ...u.accounts.map(rootOf)];
      const grantee = foreign.length > 0 && d.chance(0.5) ? d.pick(foreign) : d.pick(pool);
      const operations = d.some(['Decrypt', 'Encrypt', 'GenerateDataKey', 'CreateGrant', 'RetireGrant', 'DescribeKey'], 0.5, 1);
      if (d.chance(0.7) && !operations.includes('CreateGrant')) operations.push('CreateGrant');
      const constraint = d.chance(0.3) ? { Constraints: { EncryptionContextSubset: encryptionContext(d, u, 1) } } : {};
      const granted = call(rootOf(account), 'kms:CreateGrant', { KeyId: arn, GranteePrincipal: grantee, Operations: operations, ...constraint });
      // The grantee hands some of it on (a grant chain), now and then asking for more than it holds.
      if (granted.ok && operations.includes('CreateGrant') && run.state.iam.users[grantee] && d.chance(0.6)) {
        const child = d.some(operations, 0.5, 1);
        if (d.chance(0.25)) child.push(d.pick(['Encrypt', 'ReEncryptFrom', 'GenerateDataKeyWithoutPlaintext']));
        const looser = d.chance(0.3) ? {} : constraint;
        call(grantee, 'kms:CreateGrant', { KeyId: arn, GranteePrincipal: d.pick(pool), Operations: [...new Set(child)], ...looser });
      }
    }
  }

  // Now and then an asymmetric signing key (default key policy), for Sign, Verify and GetPublicKey.
  if (d.chance(0.5)) call(rootOf(d.pick(u.accounts)), 'kms:CreateKey', { KeySpec: d.pick(['ECC_NIST_P256', 'RSA_2048']), KeyUsage: 'SIGN_VERIFY' });

  const roles = Object.values(run.state.iam.roles);
  for (let i = 0; i < plan.sessions && roles.length > 0; i++) {
    const role = d.pick(roles);
    // Roots never assume roles: a user the trust policy names, or the first user of the account it names.
    const trusted = role.trustPolicy.doc.statements[0]?.principal?.aws[0] ?? rootOf(role.account);
    const account = /^arn:aws:iam::(\d{12}):/.exec(trusted)?.[1] ?? role.account;
    const as = run.state.iam.users[trusted] ? trusted : `arn:aws:iam::${account}:user/${u.userNames[0] ?? 'nobody'}`;
    const policy = d.chance(0.4) ? { Policy: json(guardrailPolicy(d)) } : {};
    call(as, 'sts:AssumeRole', { RoleArn: role.arn, RoleSessionName: `s${i}`, DurationSeconds: 43200, ...policy });
  }

  for (const [i, bucket] of u.bucketNames.slice(0, plan.buckets).entries()) {
    const owner = u.accounts[i % u.accounts.length]!;
    const root = rootOf(owner);
    const open = d.chance(0.4);
    call(root, 's3:CreateBucket', { Bucket: bucket, ...(open ? { ObjectOwnership: 'ObjectWriter' } : {}) });
    const ownKeys = keyArns.filter((a) => a.includes(`:${owner}:`));
    const kmsKey = d.chance(0.7) ? d.maybe(ownKeys) ?? d.maybe(keyArns) : undefined;
    const sse = d.chance(0.85) ? { SSEAlgorithm: 'aws:kms', ...(kmsKey ? { KMSMasterKeyID: kmsKey } : {}) } : { SSEAlgorithm: 'AES256' };
    call(root, 's3:PutBucketEncryption', { Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: sse, BucketKeyEnabled: d.chance(0.3) }] } });
    if (open) {
      call(root, 's3:DeletePublicAccessBlock', { Bucket: bucket });
      call(root, 's3:PutBucketPolicy', { Bucket: bucket, Policy: json(bucketPolicy(d, u, bucket, owner)) });
    }
    call(root, 's3:PutObject', { Bucket: bucket, Key: u.objectKeys[0], Body: `body of ${bucket}`, ...(open && d.chance(0.5) ? { ACL: 'public-read' } : {}) });
  }

  if (plan.monitoring) for (const account of u.accounts) watchAccount(run, d, account);
}

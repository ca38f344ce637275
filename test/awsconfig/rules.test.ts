// AWS Config rules through step(): PutConfigRule and friends, and the three managed rules keyward evaluates.
import { describe, expect, it } from 'vitest';
import { step } from '../../model/index.ts';
import { A, ALL_OFF, B, ROOT_A, ROOT_B, S3World, allow, policy } from '../s3/s3-world.ts';

type Result = { ComplianceType: string; EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: string; ResourceType: string } } };

const KMS_RULE = 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION';
const SSE_RULE = 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED';
const READ_RULE = 'S3_BUCKET_PUBLIC_READ_PROHIBITED';

const managed = (name: string, identifier: string, extra: object = {}) => ({ ConfigRule: { ConfigRuleName: name, Source: { Owner: 'AWS', SourceIdentifier: identifier }, ...extra } });

/** A world with one rule of account A. */
function worldWith(identifier: string, extra: object = {}, config: object = {}): S3World {
  const w = new S3World(config);
  w.ok(ROOT_A, 'config:PutConfigRule', managed('r', identifier, extra));
  return w;
}

/** resource id → compliance type, as GetComplianceDetailsByConfigRule answers for the rule (all pages). */
function verdicts(w: S3World, rule = 'r', as = ROOT_A): Record<string, string> {
  const out = w.ok(as, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: rule, Limit: 100 });
  return Object.fromEntries((out['EvaluationResults'] as Result[]).map((r) => [r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId, r.ComplianceType]));
}

const keyIdOf = (arn: string): string => arn.split('/')[1]!;

/** The whole outcome of a call through step (with its `unsupported` mark), leaving the world as it is. */
const outcomeOf = (w: S3World, op: string, input: object) => step(w.state, { as: ROOT_A, op, input }).outcome;

describe('KMS_CMK_NOT_SCHEDULED_FOR_DELETION', () => {
  // https://docs.aws.amazon.com/config/latest/developerguide/kms-cmk-not-scheduled-for-deletion.html — "The rule is
  // NON_COMPLIANT if KMS keys are scheduled for deletion"; cancelling makes the key compliant again; a deleted key is
  // no resource any more.
  it('a key scheduled for deletion is NON_COMPLIANT, cancelled COMPLIANT again, deleted gone', () => {
    const w = worldWith(KMS_RULE);
    const k1 = keyIdOf(w.key());
    const k2 = keyIdOf(w.key());
    expect(verdicts(w)).toEqual({ [k1]: 'COMPLIANT', [k2]: 'COMPLIANT' });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k1, PendingWindowInDays: 7 });
    expect(verdicts(w)).toEqual({ [k1]: 'NON_COMPLIANT', [k2]: 'COMPLIANT' });
    w.ok(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: k1 });
    expect(verdicts(w)).toEqual({ [k1]: 'COMPLIANT', [k2]: 'COMPLIANT' });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k1, PendingWindowInDays: 7 });
    w.advanceDays(8);
    expect(verdicts(w)).toEqual({ [k2]: 'COMPLIANT' });
  });

  // Same page — the rule looks at the keys of the rule's own account ("your AWS resources").
  it("evaluates only the rule account's keys", () => {
    const w = worldWith(KMS_RULE);
    const mine = keyIdOf(w.key(ROOT_A));
    const theirs = keyIdOf(w.key(ROOT_B));
    w.ok(ROOT_B, 'kms:ScheduleKeyDeletion', { KeyId: theirs });
    expect(verdicts(w)).toEqual({ [mine]: 'COMPLIANT' });
  });

  // Same page — kmsKeyIds: "Comma-separated list of specific customer managed key IDs ... If you do not specify any
  // keys, the rule checks all the keys."
  it('kmsKeyIds limits the rule to the listed keys', () => {
    const w = new S3World();
    const k1 = keyIdOf(w.key());
    const k2 = keyIdOf(w.key());
    const k3 = keyIdOf(w.key());
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k3 });
    w.ok(ROOT_A, 'config:PutConfigRule', managed('some', KMS_RULE, { InputParameters: JSON.stringify({ kmsKeyIds: `${k1}, ${k3}` }) }));
    w.ok(ROOT_A, 'config:PutConfigRule', managed('all', KMS_RULE, { InputParameters: '{}' }));
    expect(verdicts(w, 'some')).toEqual({ [k1]: 'COMPLIANT', [k3]: 'NON_COMPLIANT' });
    expect(verdicts(w, 'all')).toEqual({ [k1]: 'COMPLIANT', [k2]: 'COMPLIANT', [k3]: 'NON_COMPLIANT' });
  });

  // Same page — "the rule checks all the keys": an AWS managed key (aws/s3, made by the first SSE-KMS write) is one of
  // them, and it can never be scheduled for deletion.
  it('counts AWS managed keys, always COMPLIANT', () => {
    const w = worldWith(KMS_RULE);
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'kms-default' });
    w.kmsDefault(ROOT_A, 'kms-default', undefined);
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'kms-default', Key: 'o', Body: 'x' });
    const awsManaged = Object.values(w.state.kms.keys).filter((k) => k.keyManager === 'AWS');
    expect(awsManaged).toHaveLength(1);
    expect(verdicts(w)).toEqual({ [awsManaged[0]!.keyId]: 'COMPLIANT' });
  });
});

describe('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', () => {
  // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html — COMPLIANT
  // when default encryption is enabled; https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html
  // — SSE-S3 is "the base level of encryption for every bucket", and DeleteBucketEncryption resets to it: no bucket can
  // be NON_COMPLIANT any more.
  it('every bucket is COMPLIANT: new, SSE-KMS, and after DeleteBucketEncryption', () => {
    const w = worldWith(SSE_RULE);
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'plain' });
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'kms' });
    w.kmsDefault(ROOT_A, 'kms', w.key());
    expect(verdicts(w)).toEqual({ plain: 'COMPLIANT', kms: 'COMPLIANT' });
    w.ok(ROOT_A, 's3:DeleteBucketEncryption', { Bucket: 'kms' });
    expect(verdicts(w)).toEqual({ plain: 'COMPLIANT', kms: 'COMPLIANT' });
    expect(w.ok(ROOT_A, 'config:DescribeComplianceByConfigRule', {})['ComplianceByConfigRules']).toEqual([{ ConfigRuleName: 'r', Compliance: { ComplianceType: 'COMPLIANT' } }]);
  });

  // The rule has no parameters (same page: "Parameters: None").
  it('rejects InputParameters the rule does not have', () => {
    const w = new S3World();
    const e = w.fail(ROOT_A, 'config:PutConfigRule', managed('r', SSE_RULE, { InputParameters: '{"kmsKeyIds":"x"}' }));
    expect(e.code).toBe('InvalidParameterValueException');
    expect(e.message).toContain('Unknown parameters');
  });
});

describe('S3_BUCKET_PUBLIC_READ_PROHIBITED', () => {
  const publicReadPolicy = (bucket: string) => policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });

  // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html — new buckets have
  // every Block Public Access setting on and a private ACL: COMPLIANT.
  it('a new bucket is COMPLIANT', () => {
    const w = worldWith(READ_RULE);
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'new' });
    expect(verdicts(w)).toEqual({ new: 'COMPLIANT' });
  });

  // Same page — "If the Block Public Access setting does not restrict public bucket ACLs, AWS Config evaluates whether
  // the bucket ACL allows public read access. If the bucket ACL allows public read access, the rule is noncompliant."
  it('a public-read or authenticated-read bucket ACL with Block Public Access off is NON_COMPLIANT', () => {
    const w = worldWith(READ_RULE);
    w.openBucket(ROOT_A, 'pub');
    w.openBucket(ROOT_A, 'auth');
    w.openBucket(ROOT_A, 'private');
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'pub', ACL: 'public-read' });
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'auth', ACL: 'authenticated-read' });
    expect(verdicts(w)).toEqual({ pub: 'NON_COMPLIANT', auth: 'NON_COMPLIANT', private: 'COMPLIANT' });
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html — IgnorePublicAcls
  // makes S3 ignore the public ACL: restricted, COMPLIANT. BlockPublicAcls only refuses new public ACLs ("doesn't affect
  // existing policies or ACLs"): the public ACL still works, NON_COMPLIANT (config.publicReadRuleCountsBlockFlags,
  // INFERRED, switches to counting it).
  it('IgnorePublicAcls makes a public ACL COMPLIANT; BlockPublicAcls alone does not (by default)', () => {
    for (const [flags, byDefault, countingBlockFlags] of [
      [{ BlockPublicAcls: true }, 'NON_COMPLIANT', 'COMPLIANT'],
      [{ IgnorePublicAcls: true }, 'COMPLIANT', 'COMPLIANT'],
      [{ BlockPublicAcls: true, IgnorePublicAcls: true }, 'COMPLIANT', 'COMPLIANT'],
      [{ BlockPublicPolicy: true, RestrictPublicBuckets: true }, 'NON_COMPLIANT', 'NON_COMPLIANT'],
    ] as const) {
      for (const [config, expected] of [[{}, byDefault], [{ publicReadRuleCountsBlockFlags: true }, countingBlockFlags]] as const) {
        const w = worldWith(READ_RULE, {}, config);
        w.openBucket(ROOT_A, 'acl-bucket');
        w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'acl-bucket', ACL: 'public-read' });
        w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'acl-bucket', PublicAccessBlockConfiguration: { ...ALL_OFF, ...flags } });
        expect(verdicts(w), `${JSON.stringify(flags)} ${JSON.stringify(config)}`).toEqual({ 'acl-bucket': expected });
      }
    }
  });

  // s3-bucket-public-read-prohibited.html — "If the Block Public Access setting does not restrict public policies, AWS
  // Config evaluates whether the policy allows public read access"; RestrictPublicBuckets restricts it.
  it('a public read bucket policy is NON_COMPLIANT until RestrictPublicBuckets', () => {
    const w = worldWith(READ_RULE);
    w.openBucket(ROOT_A, 'pol');
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'pol', Policy: publicReadPolicy('pol') });
    expect(verdicts(w)).toEqual({ pol: 'NON_COMPLIANT' });
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'pol', PublicAccessBlockConfiguration: { ...ALL_OFF, BlockPublicPolicy: true } });
    expect(verdicts(w)).toEqual({ pol: 'NON_COMPLIANT' });
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: 'pol', PublicAccessBlockConfiguration: { ...ALL_OFF, RestrictPublicBuckets: true } });
    expect(verdicts(w)).toEqual({ pol: 'COMPLIANT' });
  });

  // s3-bucket-public-read-prohibited.html — "To be considered non-public, an S3 bucket policy must grant access only to
  // fixed values"; and the rule is about read access, so a public write-only grant is no public read.
  it('a policy for a fixed principal, or public for writes only, is COMPLIANT', () => {
    const w = worldWith(READ_RULE);
    w.openBucket(ROOT_A, 'fixed');
    w.openBucket(ROOT_A, 'write');
    w.openBucket(ROOT_A, 'wild');
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'fixed', Policy: policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::fixed/*' }) });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'write', Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::write/*' }) });
    w.ok(ROOT_A, 's3:PutBucketPolicy', { Bucket: 'wild', Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: 'arn:aws:s3:::wild/*' }) });
    expect(verdicts(w)).toEqual({ fixed: 'COMPLIANT', write: 'COMPLIANT', wild: 'NON_COMPLIANT' });
  });

  // s3-bucket-public-read-prohibited.html — the rule checks "the bucket access control list (ACL)": a public object ACL
  // does not make the bucket noncompliant.
  it('a public object ACL does not count', () => {
    const w = worldWith(READ_RULE);
    w.openBucket(ROOT_A, 'obj');
    w.ok(ROOT_A, 's3:PutObject', { Bucket: 'obj', Key: 'k', Body: 'x', ACL: 'public-read' });
    expect(verdicts(w)).toEqual({ obj: 'COMPLIANT' });
  });
});

describe('GetComplianceDetailsByConfigRule', () => {
  // https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html — the result shape,
  // the ComplianceTypes filter, Limit and NextToken.
  it('answers EvaluationResults in AWS shape, filters by ComplianceTypes and pages', () => {
    const w = worldWith(READ_RULE);
    w.openBucket(ROOT_A, 'a-pub');
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'a-pub', ACL: 'public-read' });
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'b-private' });
    const now = new Date(w.state.now).toISOString();
    const only = w.ok(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r', ComplianceTypes: ['NON_COMPLIANT'] });
    expect(only).toEqual({
      EvaluationResults: [
        {
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: { ConfigRuleName: 'r', ResourceType: 'AWS::S3::Bucket', ResourceId: 'a-pub', EvaluationMode: 'DETECTIVE' },
            OrderingTimestamp: now,
          },
          ComplianceType: 'NON_COMPLIANT',
          ResultRecordedTime: now,
          ConfigRuleInvokedTime: now,
        },
      ],
    });
    const first = w.ok(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r', Limit: 1 });
    expect((first['EvaluationResults'] as Result[]).map((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId)).toEqual(['a-pub']);
    const second = w.ok(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r', Limit: 1, NextToken: first['NextToken'] });
    expect((second['EvaluationResults'] as Result[]).map((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId)).toEqual(['b-private']);
    expect(second['NextToken']).toBeUndefined();
    expect(w.code(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r', NextToken: 'nope' })).toBe('InvalidNextTokenException');
  });

  // Same page — "INSUFFICIENT_DATA cannot be used as a ComplianceType for filtering results"; NoSuchConfigRuleException.
  it('rejects the INSUFFICIENT_DATA filter and an unknown rule', () => {
    const w = worldWith(READ_RULE);
    expect(w.code(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r', ComplianceTypes: ['INSUFFICIENT_DATA'] })).toBe('InvalidParameterValueException');
    expect(w.code(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'nope' })).toBe('NoSuchConfigRuleException');
    // Rules belong to their account: B has no rule "r".
    expect(w.code(ROOT_B, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r' })).toBe('NoSuchConfigRuleException');
  });
});

describe('PutConfigRule', () => {
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html — AWS rejects an identifier that names
  // no managed rule ("The sourceIdentifier X is invalid ..."); keyward refuses, with UnsupportedConfigRule, every rule it
  // does not evaluate (a real managed rule, a custom Lambda or Guard rule) instead of storing it unevaluated.
  it('rejects invalid and unsupported sources', () => {
    const w = new S3World();
    const invalid = w.fail(ROOT_A, 'config:PutConfigRule', managed('r', 'test'));
    expect(invalid.code).toBe('InvalidParameterValueException');
    expect(invalid.message).toBe('The sourceIdentifier test is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner.');
    const other = outcomeOf(w, 'config:PutConfigRule', managed('r', 'IAM_PASSWORD_POLICY'));
    expect(other).toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedConfigRule', message: expect.stringMatching(/^keyward does not model the managed rule IAM_PASSWORD_POLICY/) } });
    expect(other.ok ? '' : other.error.message).toContain('KMS_CMK_NOT_SCHEDULED_FOR_DELETION, S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED, S3_BUCKET_PUBLIC_READ_PROHIBITED');
    const lambda = { ConfigRule: { ConfigRuleName: 'r', Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'arn:aws:lambda:us-east-1:111122223333:function:f', SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification' }] } } };
    expect(w.code(ROOT_A, 'config:PutConfigRule', lambda)).toBe('UnsupportedConfigRule');
    const guard = { ConfigRule: { ConfigRuleName: 'r', Source: { Owner: 'CUSTOM_POLICY', CustomPolicyDetails: { PolicyRuntime: 'guard-2.x.x', PolicyText: 'rule x {}' } } } };
    expect(w.code(ROOT_A, 'config:PutConfigRule', guard)).toBe('UnsupportedConfigRule');
    const details = { ConfigRule: { ConfigRuleName: 'r', Source: { Owner: 'AWS', SourceIdentifier: READ_RULE, SourceDetails: [{ EventSource: 'aws.config' }] } } };
    expect(w.code(ROOT_A, 'config:PutConfigRule', details)).toBe('InvalidParameterValueException');
    expect(w.state.monitoring.configRules).toEqual({});
  });

  // https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html — InputParameters is JSON text of the
  // rule's string parameters; ConfigRuleState may only be ACTIVE; the name is 1..128 characters (a schema constraint:
  // ValidationException, as AWS Config answers "1 validation error detected").
  it('validates InputParameters, ConfigRuleState and the name', () => {
    const w = new S3World();
    for (const text of ['not json', '["kmsKeyIds"]', '{"kmsKeyIds": 3}', '{"other": "x"}']) {
      expect(w.code(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE, { InputParameters: text })), text).toBe('InvalidParameterValueException');
    }
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE, { ConfigRuleState: 'DELETING' }))).toBe('InvalidParameterValueException');
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('x'.repeat(129), KMS_RULE))).toBe('ValidationException');
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE, { ConfigRuleId: 'config-rule-abcdef' }))).toBe('InvalidParameterValueException');
  });

  // Same page — "If you are updating a rule that you added previously, you can specify the rule by ConfigRuleName,
  // ConfigRuleId, or ConfigRuleArn"; ids are generated: config-rule-<id>, in an ARN of the account and Region.
  it('creates with a generated id and ARN, and updates in place', () => {
    const w = worldWith(KMS_RULE, { Description: 'first' });
    const [rule] = w.ok(ROOT_A, 'config:DescribeConfigRules', {})['ConfigRules'] as Record<string, unknown>[];
    expect(rule).toEqual({
      ConfigRuleName: 'r',
      ConfigRuleArn: `arn:aws:config:us-east-1:${A}:config-rule/${rule!['ConfigRuleId']}`,
      ConfigRuleId: expect.stringMatching(/^config-rule-[0-9a-z]{6}$/),
      Description: 'first',
      Source: { Owner: 'AWS', SourceIdentifier: KMS_RULE },
      InputParameters: '{}',
      ConfigRuleState: 'ACTIVE',
      EvaluationModes: [{ Mode: 'DETECTIVE' }],
    });
    w.ok(ROOT_A, 'config:PutConfigRule', { ConfigRule: { ConfigRuleId: rule!['ConfigRuleId'], Description: 'second', Source: { Owner: 'AWS', SourceIdentifier: KMS_RULE } } });
    const [updated] = w.ok(ROOT_A, 'config:DescribeConfigRules', { ConfigRuleNames: ['r'] })['ConfigRules'] as Record<string, unknown>[];
    expect(updated).toMatchObject({ ConfigRuleName: 'r', ConfigRuleId: rule!['ConfigRuleId'], ConfigRuleArn: rule!['ConfigRuleArn'], Description: 'second' });
    // Same calls, same ids.
    expect(worldWith(KMS_RULE).state.monitoring.configRules[`${A}|r`]!.id).toBe(rule!['ConfigRuleId']);
  });

  // https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html — a scope of one resource type and id
  // evaluates that resource only.
  it('a Scope with ComplianceResourceId evaluates that resource only', () => {
    const w = worldWith(READ_RULE, { Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'], ComplianceResourceId: 'two' } });
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'one' });
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: 'two' });
    expect(verdicts(w)).toEqual({ two: 'COMPLIANT' });
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('s', READ_RULE, { Scope: { ComplianceResourceId: 'two' } }))).toBe('InvalidParameterValueException');
  });
});

describe('trigger types of the managed rules', () => {
  // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html — "Trigger
  // type: Configuration changes": AWS refuses a MaximumExecutionFrequency on such a rule ("A maximum execution frequency
  // for this rule is not allowed because only a change in resources triggers this managed rule.",
  // trussworks/terraform-aws-config#171). kms-cmk-not-scheduled-for-deletion.html "Trigger type: Periodic" and
  // s3-bucket-public-read-prohibited.html "Trigger type: Configuration changes and Periodic" take one.
  it('MaximumExecutionFrequency only on a rule with a periodic trigger', () => {
    const w = new S3World();
    const sse = w.fail(ROOT_A, 'config:PutConfigRule', managed('sse', SSE_RULE, { MaximumExecutionFrequency: 'Six_Hours' }));
    expect(sse).toEqual({ code: 'InvalidParameterValueException', message: 'A maximum execution frequency for this rule is not allowed because only a change in resources triggers this managed rule.' });
    w.ok(ROOT_A, 'config:PutConfigRule', managed('kms', KMS_RULE, { MaximumExecutionFrequency: 'Six_Hours' }));
    w.ok(ROOT_A, 'config:PutConfigRule', managed('read', READ_RULE, { MaximumExecutionFrequency: 'TwentyFour_Hours' }));
    const rules = w.ok(ROOT_A, 'config:DescribeConfigRules', {})['ConfigRules'] as Record<string, unknown>[];
    expect(rules.map((r) => [r['ConfigRuleName'], r['MaximumExecutionFrequency']])).toEqual([['kms', 'Six_Hours'], ['read', 'TwentyFour_Hours']]);
  });

  // https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html — the scope "Defines which resources trigger an
  // evaluation"; AWS Config refuses a scope on a periodic rule with InvalidParameterValueException
  // (cloud-custodian/cloud-custodian#10008). An empty scope names nothing and is accepted.
  it('a Scope only on a rule that configuration changes trigger', () => {
    const w = new S3World();
    const scope = { Scope: { ComplianceResourceTypes: ['AWS::KMS::Key'] } };
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('kms', KMS_RULE, scope))).toBe('InvalidParameterValueException');
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('kms', KMS_RULE, { Scope: { TagKey: 'team' } }))).toBe('InvalidParameterValueException');
    w.ok(ROOT_A, 'config:PutConfigRule', managed('kms', KMS_RULE, { Scope: {} }));
    w.ok(ROOT_A, 'config:PutConfigRule', managed('sse', SSE_RULE, { Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] } }));
    w.ok(ROOT_A, 'config:PutConfigRule', managed('read', READ_RULE, { Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] } }));
  });
});

describe('requests keyward does not model, and enumerations', () => {
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html — Tags, and ConfigRule's
  // EvaluationModes and CreatedBy, are real inputs keyward does not model: UnsupportedCall, never an AWS error code.
  it('refuses Tags, EvaluationModes and CreatedBy as not modelled', () => {
    const w = new S3World();
    expect(outcomeOf(w, 'config:PutConfigRule', { ...managed('r', KMS_RULE), Tags: [{ Key: 'k', Value: 'v' }] }))
      .toMatchObject({ ok: false, unsupported: true, error: { code: 'UnsupportedCall', message: expect.stringContaining('keyward does not model config rule tags (Tags)') } });
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE, { EvaluationModes: [{ Mode: 'DETECTIVE' }] }))).toBe('UnsupportedCall');
    expect(w.code(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE, { CreatedBy: 'securityhub.amazonaws.com' }))).toBe('UnsupportedCall');
    expect(w.state.monitoring.configRules).toEqual({});
  });

  // AWS Config's validation errors read "Member must satisfy enum value set: [...]" (as every AWS JSON API's do).
  it('answers a value outside an enumeration with ValidationException naming the set', () => {
    const w = new S3World();
    expect(w.fail(ROOT_A, 'config:PutConfigRule', { ConfigRule: { ConfigRuleName: 'r', Source: { Owner: 'ME', SourceIdentifier: KMS_RULE } } }).message)
      .toContain('Member must satisfy enum value set: [CUSTOM_LAMBDA, AWS, CUSTOM_POLICY]');
    const frequency = w.fail(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE, { MaximumExecutionFrequency: 'Daily' }));
    expect(frequency.code).toBe('ValidationException');
    expect(frequency.message).toContain('Member must satisfy enum value set: [One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours]');
    w.ok(ROOT_A, 'config:PutConfigRule', managed('r', KMS_RULE));
    expect(w.fail(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r', ComplianceTypes: ['GOOD'] }).message)
      .toContain('Member must satisfy enum value set: [COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA]');
  });
});

describe('DescribeConfigRules, DeleteConfigRule, DescribeComplianceByConfigRule', () => {
  // https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigRule.html — deletes the rule and its
  // results; NoSuchConfigRuleException for a name that names no rule (DescribeConfigRules too).
  it('deletes a rule; unknown names are NoSuchConfigRuleException', () => {
    const w = worldWith(KMS_RULE);
    expect(w.ok(ROOT_A, 'config:DeleteConfigRule', { ConfigRuleName: 'r' })).toEqual({});
    expect(w.ok(ROOT_A, 'config:DescribeConfigRules', {})['ConfigRules']).toEqual([]);
    expect(w.code(ROOT_A, 'config:DeleteConfigRule', { ConfigRuleName: 'r' })).toBe('NoSuchConfigRuleException');
    expect(w.code(ROOT_A, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r' })).toBe('NoSuchConfigRuleException');
    expect(w.code(ROOT_A, 'config:DescribeConfigRules', { ConfigRuleNames: ['r'] })).toBe('NoSuchConfigRuleException');
    expect(w.code(ROOT_A, 'config:DescribeComplianceByConfigRule', { ConfigRuleNames: ['r'] })).toBe('NoSuchConfigRuleException');
  });

  // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeComplianceByConfigRule.html — noncompliant with
  // the count of noncompliant resources; INSUFFICIENT_DATA without evaluation results; ComplianceTypes filters rules.
  it('summarises each rule', () => {
    const w = new S3World();
    w.ok(ROOT_A, 'config:PutConfigRule', managed('keys', KMS_RULE));
    w.ok(ROOT_A, 'config:PutConfigRule', managed('read', READ_RULE));
    w.openBucket(ROOT_A, 'pub-1');
    w.openBucket(ROOT_A, 'pub-2');
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'pub-1', ACL: 'public-read' });
    w.ok(ROOT_A, 's3:PutBucketAcl', { Bucket: 'pub-2', ACL: 'public-read' });
    expect(w.ok(ROOT_A, 'config:DescribeComplianceByConfigRule', {})['ComplianceByConfigRules']).toEqual([
      { ConfigRuleName: 'keys', Compliance: { ComplianceType: 'INSUFFICIENT_DATA' } },
      { ConfigRuleName: 'read', Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 2, CapExceeded: false } } },
    ]);
    expect(w.ok(ROOT_A, 'config:DescribeComplianceByConfigRule', { ComplianceTypes: ['INSUFFICIENT_DATA'] })['ComplianceByConfigRules']).toEqual([
      { ConfigRuleName: 'keys', Compliance: { ComplianceType: 'INSUFFICIENT_DATA' } },
    ]);
  });
});

describe('authorization', () => {
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html — config:PutConfigRule,
  // DeleteConfigRule and GetComplianceDetailsByConfigRule act on the rule (ConfigRule*); DescribeConfigRules and
  // DescribeComplianceByConfigRule on "*". AWS Config answers AccessDeniedException.
  it('a user without config permissions is denied every call, whether the rule exists or not', () => {
    const w = worldWith(READ_RULE);
    const user = w.user(A, 'nobody', policy(allow('s3:*')));
    for (const [op, input] of [
      ['PutConfigRule', managed('r2', READ_RULE)],
      ['GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r' }],
      ['GetComplianceDetailsByConfigRule', { ConfigRuleName: 'missing' }],
      ['DescribeConfigRules', {}],
      ['DescribeComplianceByConfigRule', {}],
      ['DeleteConfigRule', { ConfigRuleName: 'r' }],
    ] as const) {
      const e = w.fail(user, `config:${op}`, input);
      expect(e.code, op).toBe('AccessDeniedException');
      expect(e.message, op).toContain(`config:${op}`);
    }
    expect(Object.keys(w.state.monitoring.configRules)).toEqual([`${A}|r`]);
  });

  // Same page — a policy can name one rule's ARN.
  it('a policy on one rule ARN allows that rule only', () => {
    const w = worldWith(READ_RULE);
    w.ok(ROOT_A, 'config:PutConfigRule', managed('other', READ_RULE));
    const arn = w.state.monitoring.configRules[`${A}|r`]!.arn;
    const reader = w.user(A, 'reader', policy(allow('config:GetComplianceDetailsByConfigRule', arn)));
    expect(w.code(reader, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'r' })).toBe('ok');
    expect(w.code(reader, 'config:GetComplianceDetailsByConfigRule', { ConfigRuleName: 'other' })).toBe('AccessDeniedException');
    const admin = w.user(A, 'admin', policy(allow('config:*')));
    expect(w.code(admin, 'config:DeleteConfigRule', { ConfigRuleName: 'other' })).toBe('ok');
  });
});

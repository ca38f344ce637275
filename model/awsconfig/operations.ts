// AWS Config rules: PutConfigRule, DescribeConfigRules, DeleteConfigRule, GetComplianceDetailsByConfigRule, DescribeComplianceByConfigRule.
import { z } from 'zod';
import { configRuleArn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError, Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import { authorizeOwnAccount } from '../iam/authorize.ts';
import { drawHexId } from '../ids.ts';
import { paginate } from '../listing.ts';
import type { JsonObject, Operation, OpOutcome, OpRequest } from '../op.ts';
import { failWith, failure, notModelled, notModelledField, signedOp, success } from '../op.ts';
import { byText } from '../listing.ts';
import type { ConfigRule, ConfigRuleScope, State } from '../state.ts';
import { isoTime } from '../timestamps.ts';
import type { Evaluation, ManagedRule, SupportedIdentifier } from './rules.ts';
import { MANAGED_RULES, SUPPORTED_IDENTIFIERS, evaluateRule, isSupportedIdentifier } from './rules.ts';

/*
 * AWS Config evaluates only what a configuration recorder records
 * (https://docs.aws.amazon.com/config/latest/developerguide/config-concepts.html#config-recorder; PutConfigRule fails
 * with NoAvailableConfigurationRecorderException without one). keyward assumes every known account has a recorder
 * that records every resource type in the world's Region, so that error never arises, and it evaluates a rule when
 * asked, over the current state (AWS evaluates shortly after a configuration change, or periodically).
 */

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

const ruleKey = (account: string, name: string): string => `${account}|${name}`;

/** The resource of a call that names no existing rule: every rule of the account. */
const anyRuleArnOf = (state: State, account: string): string => configRuleArn(state.region, account, '*');

/** Authorize `config:<action>` (AWS Config has no resource policies: the caller's own account decides). */
function authorizeConfig(state: State, caller: SignedCaller, env: RequestEnvironment, action: string, resource: string): AwsError | undefined {
  return authorizeOwnAccount({ state, caller, action: `config:${action}`, resource, env }, 'AccessDeniedException');
}

const findRule = (state: State, account: string, name: string): ConfigRule | undefined => {
  const key = ruleKey(account, name);
  return Object.hasOwn(state.monitoring.configRules, key) ? state.monitoring.configRules[key] : undefined;
};

const rulesOf = (state: State, account: string): readonly ConfigRule[] =>
  Object.values(state.monitoring.configRules)
    .filter((r) => r.account === account)
    .sort(byText((r) => r.name));

const withRules = (state: State, configRules: State['monitoring']['configRules']): State => ({ ...state, monitoring: { ...state.monitoring, configRules } });

const invalidParameter = (message: string): AwsError => ({ code: 'InvalidParameterValueException', message });

/** https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html — NoSuchConfigRuleException: "The Config rule in the request is not valid". */
const noSuchRule = (name: string): OpOutcome => failure('NoSuchConfigRuleException', `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name`);

/** https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigRules.html — InvalidNextTokenException. */
const invalidNextToken = (): OpOutcome =>
  failure('InvalidNextTokenException', 'The specified next token is not valid. Specify the nextToken string that was returned in the previous response to get the next page of results.');

/** A rule keyward does not evaluate: refused with keyward's own code, marked unsupported (see `notModelled`). */
const unsupportedRule = (what: string): OpOutcome =>
  notModelled(`${what}: keyward evaluates only the AWS managed rules ${SUPPORTED_IDENTIFIERS.join(', ')}`, 'UnsupportedConfigRule');

/** A check whose failure is an outcome of its own (an AWS error, or a request keyward does not model). */
type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly outcome: OpOutcome };
const refused = (outcome: OpOutcome): Checked<never> => ({ ok: false, outcome });

const len = (min: number, max: number) =>
  z.string().min(min, `Member must have length greater than or equal to ${min}`).max(max, `Member must have length less than or equal to ${max}`);
/** https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html — ConfigRuleName: 1..128, pattern .*\S.* */
const ruleNameSchema = len(1, 128).regex(/\S/, 'Member must satisfy regular expression pattern: .*\\S.*');
/** An enumeration, refused with AWS's wording ("Member must satisfy enum value set: [...]"). */
const enumOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `Member must satisfy enum value set: [${values.join(', ')}]` });
const complianceTypeSchema = enumOf(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);
const frequencySchema = enumOf(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours']);

/** keyward's page size for DescribeConfigRules and DescribeComplianceByConfigRule (AWS documents none). */
const DESCRIBE_PAGE_SIZE = 25;

// ---------------------------------------------------------------------------------------------------------------
// PutConfigRule

/** https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html (and API_Source, API_SourceDetail, API_Scope, API_CustomPolicyDetails). */
const configRuleSchema = z.strictObject({
  ConfigRuleName: ruleNameSchema.optional(),
  ConfigRuleArn: len(1, 256).optional(),
  ConfigRuleId: len(1, 64).optional(),
  Description: z.string().max(256, 'Member must have length less than or equal to 256').optional(),
  Scope: z
    .strictObject({
      ComplianceResourceTypes: z.array(len(1, 256)).max(100, 'Member must have length less than or equal to 100').optional(),
      TagKey: len(1, 128).optional(),
      TagValue: len(1, 256).optional(),
      ComplianceResourceId: len(1, 768).optional(),
    })
    .optional(),
  Source: z.strictObject({
    Owner: enumOf(['CUSTOM_LAMBDA', 'AWS', 'CUSTOM_POLICY']),
    SourceIdentifier: len(1, 256).optional(),
    SourceDetails: z
      .array(
        z.strictObject({
          EventSource: enumOf(['aws.config']).optional(),
          MessageType: enumOf(['ConfigurationItemChangeNotification', 'ConfigurationSnapshotDeliveryCompleted', 'ScheduledNotification', 'OversizedConfigurationItemChangeNotification']).optional(),
          MaximumExecutionFrequency: frequencySchema.optional(),
        }),
      )
      .max(25, 'Member must have length less than or equal to 25')
      .optional(),
    CustomPolicyDetails: z.strictObject({ PolicyRuntime: len(1, 64), PolicyText: z.string().max(10000), EnableDebugLogDelivery: z.boolean().optional() }).optional(),
  }),
  InputParameters: len(1, 1024).optional(),
  MaximumExecutionFrequency: frequencySchema.optional(),
  ConfigRuleState: enumOf(['ACTIVE', 'DELETING', 'DELETING_RESULTS', 'EVALUATING']).optional(),
  CreatedBy: notModelledField('service-linked rules (CreatedBy)'),
  EvaluationModes: notModelledField('evaluation modes (EvaluationModes)'),
});
type ConfigRuleInput = z.infer<typeof configRuleSchema>;

const putConfigRuleSchema = z.strictObject({ ConfigRule: configRuleSchema, Tags: notModelledField('config rule tags (Tags)') });

/** https://docs.aws.amazon.com/config/latest/developerguide/configlimits.html — "Maximum number of AWS Config rules: 1000" per account and Region. */
const MAX_RULES = 1000;

/** Every AWS managed rule identifier is upper-case letters, digits and underscores (managed-rules-by-aws-config.html). */
const MANAGED_IDENTIFIER_SHAPE = /^[A-Z0-9_]+$/;

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html — "If you are adding an AWS Config
 * managed rule, you must specify the rule's identifier for the SourceIdentifier key." AWS rejects an identifier that
 * names no managed rule with InvalidParameterValueException ("The sourceIdentifier X is invalid. Please refer to the
 * documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner."), and SourceDetails
 * with the AWS owner ("SourceDetails should be null/empty if the owner is AWS"). keyward evaluates three managed
 * rules: any other rule, custom (CUSTOM_LAMBDA, CUSTOM_POLICY) or managed (an identifier of the managed-rule shape),
 * is refused with keyward's UnsupportedConfigRule (marked unsupported), never stored unevaluated.
 */
function checkSource(source: ConfigRuleInput['Source']): Checked<SupportedIdentifier> {
  if (source.Owner !== 'AWS') return refused(unsupportedRule(`a ${source.Owner} rule`));
  if (source.SourceDetails !== undefined && source.SourceDetails.length > 0) {
    return refused(failWith(invalidParameter('SourceDetails should be null/empty if the owner is AWS. SourceDetails should be provided if the owner is CUSTOM_LAMBDA')));
  }
  if (source.CustomPolicyDetails !== undefined) return refused(failWith(invalidParameter('CustomPolicyDetails should be null/empty if the owner is AWS')));
  const id = source.SourceIdentifier;
  if (id !== undefined && isSupportedIdentifier(id)) return { ok: true, value: id };
  if (id !== undefined && MANAGED_IDENTIFIER_SHAPE.test(id)) return refused(unsupportedRule(`the managed rule ${id}`));
  return refused(failure('InvalidParameterValueException', `The sourceIdentifier ${id ?? 'null'} is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner.`));
}

const parametersSchema = z.record(z.string(), z.string());

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html — InputParameters: "A string, in JSON
 * format"; a managed rule's parameters are named, string-typed (managed-rules-by-aws-config.html). Text that is not a
 * JSON object of strings, or a name the rule does not have, is InvalidParameterValueException.
 */
function parseInputParameters(text: string | undefined, identifier: SupportedIdentifier): Result<Readonly<Record<string, string>>> {
  if (text === undefined) return ok({});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('InvalidParameterValueException', `Invalid json ${text} passed in the InputParameters field`);
  }
  const parsed = parametersSchema.safeParse(json);
  if (!parsed.success) return fail('InvalidParameterValueException', `InputParameters must be a JSON object whose values are strings: ${text}`);
  const known = MANAGED_RULES[identifier].parameters;
  if (Object.keys(parsed.data).some((name) => !known.includes(name))) return fail('InvalidParameterValueException', `Unknown parameters provided in the inputParameters: ${text}`);
  return ok(parsed.data);
}

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html — "If you specify a value for TagValue, you
 * must also specify a value for TagKey"; "If you specify a resource ID, you must specify one resource type for
 * ComplianceResourceTypes"; the scope is resource types, a type and an id, or a tag — not both kinds.
 */
function checkScope(scope: ConfigRuleInput['Scope']): Result<ConfigRuleScope | undefined> {
  if (scope === undefined) return ok(undefined);
  const types = scope.ComplianceResourceTypes;
  if (scope.TagValue !== undefined && scope.TagKey === undefined) return fail('InvalidParameterValueException', 'Tag key should not be empty when tag value is provided in scope');
  if (scope.TagKey !== undefined && ((types !== undefined && types.length > 0) || scope.ComplianceResourceId !== undefined)) {
    return fail('InvalidParameterValueException', 'Scope cannot be applied to both resource and tag');
  }
  if (scope.ComplianceResourceId !== undefined && types?.length !== 1) {
    return fail('InvalidParameterValueException', 'A single resourceType should be provided when resourceId is provided in scope');
  }
  return ok({ complianceResourceTypes: types, tagKey: scope.TagKey, tagValue: scope.TagValue, complianceResourceId: scope.ComplianceResourceId });
}

/** Does the scope name anything? (An empty Scope, or an empty ComplianceResourceTypes only, scopes nothing: INFERRED.) */
const scopesSomething = (s: ConfigRuleScope | undefined): boolean =>
  s !== undefined && ((s.complianceResourceTypes?.length ?? 0) > 0 || s.tagKey !== undefined || s.tagValue !== undefined || s.complianceResourceId !== undefined);

/**
 * A managed rule runs on its trigger types (each rule's page: "Trigger type: Configuration changes", "Periodic", or
 * both). https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html — MaximumExecutionFrequency may be
 * given "for an AWS Config managed rule that is triggered at a periodic frequency"; on a rule only configuration changes
 * trigger, AWS answers InvalidParameterValueException "A maximum execution frequency for this rule is not allowed
 * because only a change in resources triggers this managed rule." (trussworks/terraform-aws-config#171).
 * https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html — the scope "Defines which resources trigger an
 * evaluation", a notion of change-triggered rules; since 2025 AWS refuses a scope on a periodic rule with
 * InvalidParameterValueException (cloud-custodian/cloud-custodian#10008, confirmed there by AWS support; the message
 * text is INFERRED).
 */
function triggerError(rule: ManagedRule, frequency: string | undefined, scope: ConfigRuleScope | undefined): AwsError | undefined {
  if (frequency !== undefined && !rule.triggerTypes.includes('Periodic')) {
    return invalidParameter('A maximum execution frequency for this rule is not allowed because only a change in resources triggers this managed rule.');
  }
  if (scopesSomething(scope) && !rule.triggerTypes.includes('ConfigurationChanges')) {
    return invalidParameter('A scope for this rule is not allowed because only a periodic frequency triggers this managed rule.');
  }
  return undefined;
}

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html — "For any new AWS Config rule that you
 * add, specify the ConfigRuleName ... Do not specify the ConfigRuleArn or the ConfigRuleId. These values are generated
 * by AWS Config for new rules. If you are updating a rule that you added previously, you can specify the rule by
 * ConfigRuleName, ConfigRuleId, or ConfigRuleArn." Returns the rule being updated, or undefined for a new one.
 */
function resolveTarget(state: State, account: string, input: ConfigRuleInput): Result<{ readonly name: string; readonly existing: ConfigRule | undefined }> {
  const byId = input.ConfigRuleArn !== undefined || input.ConfigRuleId !== undefined;
  if (input.ConfigRuleName !== undefined) {
    const existing = findRule(state, account, input.ConfigRuleName);
    if (!existing && byId) {
      return fail('InvalidParameterValueException', 'ConfigRule Arn and Id can not be specified when creating a new ConfigRule. ConfigRule Arn and Id are generated by the service. Please try the request again without specifying ConfigRule Arn or Id');
    }
    return ok({ name: input.ConfigRuleName, existing });
  }
  const existing = rulesOf(state, account).find((r) => r.arn === input.ConfigRuleArn || r.id === input.ConfigRuleId);
  if (!existing) return fail('InvalidParameterValueException', 'One or more identifiers needs to be provided. Provide Name or Id or Arn');
  return ok({ name: existing.name, existing });
}

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html — ConfigRuleState "Indicates whether the
 * AWS Config rule is active or is currently being deleted"; a caller may only set ACTIVE.
 */
const checkState = (s: ConfigRuleInput['ConfigRuleState']): AwsError | undefined =>
  s === undefined || s === 'ACTIVE' ? undefined : invalidParameter(`The ConfigRuleState ${s} is invalid.  Only the following values are permitted: ACTIVE`);

/** The new rule's id and ARN: "config-rule-" and six lower-case characters (AWS's ids look like config-rule-a1b2c3). */
function drawRuleId(state: State, account: string): { readonly id: string; readonly arn: string; readonly state: State } {
  const drawn = drawHexId(state, 6);
  const id = `config-rule-${drawn.value}`;
  return { id, arn: configRuleArn(state.region, account, id), state: drawn.state };
}

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html — adds or updates a rule; the output
 * is empty. Needs config:PutConfigRule on the rule (Service Authorization Reference: resource ConfigRule*).
 */
function putConfigRule({ state, caller, input, env }: OpRequest<z.infer<typeof putConfigRuleSchema>>): OpOutcome {
  const rule = input.ConfigRule;
  const account = caller.account;
  const target = resolveTarget(state, account, rule);
  if (!target.ok) return failWith(target.error);
  const { name, existing } = target.value;
  const drawn = existing ? { id: existing.id, arn: existing.arn, state } : drawRuleId(state, account);
  const denied = authorizeConfig(state, caller, env, 'PutConfigRule', drawn.arn);
  if (denied) return failWith(denied);

  const badState = checkState(rule.ConfigRuleState);
  if (badState) return failWith(badState);
  const identifier = checkSource(rule.Source);
  if (!identifier.ok) return identifier.outcome;
  const parameters = parseInputParameters(rule.InputParameters, identifier.value);
  if (!parameters.ok) return failWith(parameters.error);
  const scope = checkScope(rule.Scope);
  if (!scope.ok) return failWith(scope.error);
  const triggered = triggerError(MANAGED_RULES[identifier.value], rule.MaximumExecutionFrequency, scope.value);
  if (triggered) return failWith(triggered);
  if (!existing && rulesOf(state, account).length >= MAX_RULES) {
    return failure('MaxNumberOfConfigRulesExceededException', `Failed to put config rule '${name}' because the maximum number of config rules: ${MAX_RULES} is reached.`);
  }

  const stored: ConfigRule = {
    account,
    name,
    arn: drawn.arn,
    id: drawn.id,
    sourceIdentifier: identifier.value,
    inputParameters: parameters.value,
    inputParametersText: rule.InputParameters,
    description: rule.Description,
    createdAt: existing?.createdAt ?? state.now,
    scope: scope.value,
    maximumExecutionFrequency: rule.MaximumExecutionFrequency,
  };
  return success(withRules(drawn.state, { ...drawn.state.monitoring.configRules, [ruleKey(account, name)]: stored }), {});
}

// ---------------------------------------------------------------------------------------------------------------
// DescribeConfigRules

/** https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html */
const scopeShape = (s: ConfigRuleScope): JsonObject => ({
  ComplianceResourceTypes: s.complianceResourceTypes ? [...s.complianceResourceTypes] : undefined,
  TagKey: s.tagKey,
  TagValue: s.tagValue,
  ComplianceResourceId: s.complianceResourceId,
});

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html — the rule as DescribeConfigRules answers:
 * a managed rule's Source is {Owner: AWS, SourceIdentifier}; InputParameters is the JSON text ("{}" when none was
 * given); keyward's rules are always ACTIVE (deletion is immediate) and evaluated in the DETECTIVE mode only.
 */
const ruleShape = (r: ConfigRule): JsonObject => ({
  ConfigRuleName: r.name,
  ConfigRuleArn: r.arn,
  ConfigRuleId: r.id,
  Description: r.description,
  Scope: r.scope ? scopeShape(r.scope) : undefined,
  Source: { Owner: 'AWS', SourceIdentifier: r.sourceIdentifier },
  InputParameters: r.inputParametersText ?? '{}',
  MaximumExecutionFrequency: r.maximumExecutionFrequency,
  ConfigRuleState: 'ACTIVE',
  EvaluationModes: [{ Mode: 'DETECTIVE' }],
});

const describeConfigRulesSchema = z.strictObject({
  ConfigRuleNames: z.array(ruleNameSchema).max(25, 'Member must have length less than or equal to 25').optional(),
  NextToken: z.string().optional(),
  Filters: z.strictObject({ EvaluationMode: enumOf(['DETECTIVE', 'PROACTIVE']).optional() }).optional(),
});

/** The named rules of the account (every rule when no name is given), or the name that names none. */
function namedRules(state: State, account: string, names: readonly string[] | undefined): Result<readonly ConfigRule[]> {
  if (names === undefined || names.length === 0) return ok(rulesOf(state, account));
  const rules: ConfigRule[] = [];
  for (const name of names) {
    const rule = findRule(state, account, name);
    if (!rule) return fail('NoSuchConfigRuleException', `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name`);
    rules.push(rule);
  }
  return ok(rules);
}

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigRules.html — "If you do not specify any
 * names, Config returns details for all your rules"; an unknown name is NoSuchConfigRuleException. Needs
 * config:DescribeConfigRules (no resource type: "*").
 */
function describeConfigRules({ state, caller, input, env }: OpRequest<z.infer<typeof describeConfigRulesSchema>>): OpOutcome {
  const denied = authorizeConfig(state, caller, env, 'DescribeConfigRules', '*');
  if (denied) return failWith(denied);
  const rules = namedRules(state, caller.account, input.ConfigRuleNames);
  if (!rules.ok) return failWith(rules.error);
  const wanted = input.Filters?.EvaluationMode === 'PROACTIVE' ? [] : rules.value;
  const page = paginate(wanted, DESCRIBE_PAGE_SIZE, input.NextToken);
  if (!page) return invalidNextToken();
  return success(state, { ConfigRules: page.items.map(ruleShape), NextToken: page.NextMarker });
}

// ---------------------------------------------------------------------------------------------------------------
// DeleteConfigRule

const deleteConfigRuleSchema = z.strictObject({ ConfigRuleName: ruleNameSchema });

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigRule.html — "Deletes the specified AWS Config
 * rule and all of its evaluation results"; NoSuchConfigRuleException for an unknown name. AWS shows the rule as
 * DELETING for a while; keyward deletes at once. Needs config:DeleteConfigRule on the rule.
 */
function deleteConfigRule({ state, caller, input, env }: OpRequest<z.infer<typeof deleteConfigRuleSchema>>): OpOutcome {
  const rule = findRule(state, caller.account, input.ConfigRuleName);
  const denied = authorizeConfig(state, caller, env, 'DeleteConfigRule', rule?.arn ?? anyRuleArnOf(state, caller.account));
  if (denied) return failWith(denied);
  if (!rule) return noSuchRule(input.ConfigRuleName);
  const { [ruleKey(rule.account, rule.name)]: _removed, ...rest } = state.monitoring.configRules;
  return success(withRules(state, rest), {});
}

// ---------------------------------------------------------------------------------------------------------------
// GetComplianceDetailsByConfigRule

/** The evaluations of a stored rule, or UnsupportedConfigRule for a rule only a hand-built state can hold. */
function evaluationsOf(state: State, rule: ConfigRule): Checked<readonly Evaluation[]> {
  const evaluations = evaluateRule(state, rule);
  return evaluations ? { ok: true, value: evaluations } : refused(unsupportedRule(`the rule ${rule.name} (${rule.sourceIdentifier})`));
}

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_EvaluationResult.html — EvaluationResultIdentifier
 * {EvaluationResultQualifier {ConfigRuleName, ResourceType, ResourceId, EvaluationMode}, OrderingTimestamp},
 * ComplianceType, ResultRecordedTime, ConfigRuleInvokedTime. keyward evaluates when asked, so the three times are now.
 */
const evaluationResultShape = (rule: ConfigRule, e: Evaluation, at: string): JsonObject => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: rule.name, ResourceType: e.resourceType, ResourceId: e.resourceId, EvaluationMode: 'DETECTIVE' },
    OrderingTimestamp: at,
  },
  ComplianceType: e.complianceType,
  ResultRecordedTime: at,
  ConfigRuleInvokedTime: at,
});

const getComplianceDetailsSchema = z.strictObject({
  ConfigRuleName: len(1, 64),
  ComplianceTypes: z.array(complianceTypeSchema).max(3, 'Member must have length less than or equal to 3').optional(),
  Limit: z.number().int().min(0, 'Member must have value greater than or equal to 0').max(100, 'Member must have value less than or equal to 100').optional(),
  NextToken: z.string().optional(),
});

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html — "Returns the
 * evaluation results for the specified AWS Config rule"; ComplianceTypes "Filters the results by compliance ...
 * INSUFFICIENT_DATA cannot be used as a ComplianceType for filtering results"; Limit: "The default is 10 ... If you
 * specify 0, AWS Config uses the default." Needs config:GetComplianceDetailsByConfigRule on the rule (ConfigRule*).
 */
function getComplianceDetailsByConfigRule({ state, caller, input, env }: OpRequest<z.infer<typeof getComplianceDetailsSchema>>): OpOutcome {
  const rule = findRule(state, caller.account, input.ConfigRuleName);
  const denied = authorizeConfig(state, caller, env, 'GetComplianceDetailsByConfigRule', rule?.arn ?? anyRuleArnOf(state, caller.account));
  if (denied) return failWith(denied);
  if (!rule) return noSuchRule(input.ConfigRuleName);
  const types = input.ComplianceTypes ?? [];
  if (types.includes('INSUFFICIENT_DATA')) return failWith(invalidParameter('INSUFFICIENT_DATA cannot be used as a ComplianceType for filtering results'));
  const evaluations = evaluationsOf(state, rule);
  if (!evaluations.ok) return evaluations.outcome;
  const selected = types.length === 0 ? evaluations.value : evaluations.value.filter((e) => types.includes(e.complianceType));
  const page = paginate(selected, input.Limit || 10, input.NextToken);
  if (!page) return invalidNextToken();
  const at = isoTime(state.now);
  return success(state, { EvaluationResults: page.items.map((e) => evaluationResultShape(rule, e, at)), NextToken: page.NextMarker });
}

// ---------------------------------------------------------------------------------------------------------------
// DescribeComplianceByConfigRule

/** keyward's cap of ComplianceContributorCount.CappedCount (AWS: "up to a maximum number", not given). */
const CONTRIBUTOR_CAP = 100;

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeComplianceByConfigRule.html — "A rule is
 * compliant if all of the evaluated resources comply with it. It is noncompliant if any of these resources do not
 * comply. If AWS Config has no current evaluation results for the rule, it returns INSUFFICIENT_DATA"; a noncompliant
 * rule carries "the number of AWS resources that do not comply" (API_ComplianceContributorCount).
 */
function ruleCompliance(evaluations: readonly Evaluation[]): { readonly ComplianceType: string; readonly ComplianceContributorCount?: JsonObject } {
  if (evaluations.length === 0) return { ComplianceType: 'INSUFFICIENT_DATA' };
  const noncompliant = evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').length;
  if (noncompliant === 0) return { ComplianceType: 'COMPLIANT' };
  return { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: Math.min(noncompliant, CONTRIBUTOR_CAP), CapExceeded: noncompliant > CONTRIBUTOR_CAP } };
}

const describeComplianceSchema = z.strictObject({
  ConfigRuleNames: z.array(ruleNameSchema).max(25, 'Member must have length less than or equal to 25').optional(),
  ComplianceTypes: z.array(complianceTypeSchema).max(3, 'Member must have length less than or equal to 3').optional(),
  NextToken: z.string().optional(),
});

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeComplianceByConfigRule.html — "Indicates whether
 * the specified AWS Config rules are compliant" (every rule of the account when no name is given); ComplianceTypes
 * filters the rules by their compliance; an unknown name is NoSuchConfigRuleException. Needs
 * config:DescribeComplianceByConfigRule (no resource type: "*").
 */
function describeComplianceByConfigRule({ state, caller, input, env }: OpRequest<z.infer<typeof describeComplianceSchema>>): OpOutcome {
  const denied = authorizeConfig(state, caller, env, 'DescribeComplianceByConfigRule', '*');
  if (denied) return failWith(denied);
  const rules = namedRules(state, caller.account, input.ConfigRuleNames);
  if (!rules.ok) return failWith(rules.error);
  const rows: JsonObject[] = [];
  for (const rule of rules.value) {
    const evaluations = evaluationsOf(state, rule);
    if (!evaluations.ok) return evaluations.outcome;
    const compliance = ruleCompliance(evaluations.value);
    const types = input.ComplianceTypes ?? [];
    if (types.length === 0 || (types as readonly string[]).includes(compliance.ComplianceType)) rows.push({ ConfigRuleName: rule.name, Compliance: compliance });
  }
  const page = paginate(rows, DESCRIBE_PAGE_SIZE, input.NextToken);
  if (!page) return invalidNextToken();
  return success(state, { ComplianceByConfigRules: [...page.items], NextToken: page.NextMarker });
}

export const configOperations: Readonly<Record<string, Operation<any>>> = {
  PutConfigRule: signedOp(putConfigRuleSchema, putConfigRule),
  DescribeConfigRules: signedOp(describeConfigRulesSchema, describeConfigRules),
  DeleteConfigRule: signedOp(deleteConfigRuleSchema, deleteConfigRule),
  GetComplianceDetailsByConfigRule: signedOp(getComplianceDetailsSchema, getComplianceDetailsByConfigRule),
  DescribeComplianceByConfigRule: signedOp(describeComplianceSchema, describeComplianceByConfigRule),
};

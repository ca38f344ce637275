// The scenario format (/work/shared/SCENARIOS.md): valid files parse; each malformed file gives a JSON path and a reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../cli/scenario/schema.ts';
import { ACCOUNT, issues, ROOT, ROOT_USER, scenario, valid } from './scenario-helpers.ts';

const call = (extra: Record<string, unknown> = {}) => ({ as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'James' }, ...extra });

describe('scenario files that must parse', () => {
  const dirs = [join(ROOT, '../shared/cases'), join(ROOT, 'examples')];
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f)));

  it('finds the shared cases and the examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s is a valid scenario', (file) => {
    const parsed = parseScenarioText(readFileSync(file, 'utf8'));
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });

  it('accepts every step kind, the optional top-level fields and the extensions (config, context, note)', () => {
    const s = valid({
      name: 'all features',
      description: 'prose',
      note: 'a note at the top level',
      sources: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html'],
      region: 'eu-west-1',
      accounts: [ACCOUNT, '444455556666'],
      organization: { management: ACCOUNT, members: ['444455556666'] },
      start: '2026-03-01T12:00:00Z',
      config: { authzOrder: 'stateThenAuthorize', onDemandRotationLimit: 10, grantsSufficeCrossAccount: false },
      steps: [
        call({ note: 'n', save: { user: 'User.Arn' }, expect: { ok: { User: { UserName: 'James' } } }, context: { 'aws:SourceVpce': 'vpce-1' } }),
        call({ input: { UserName: 'x' }, expect: { error: 'EntityAlreadyExists' } }),
        call({ expect: 'ok' }),
        { advance: { days: 7, hours: 1, minutes: 30 } },
        { ask: 'whoCan', action: 'kms:Decrypt', resource: '${user}', expect: { principals: [], unknownPrincipals: false } },
        { ask: 'canAnyoneElse', action: 'kms:Decrypt', resource: 'r', except: [ROOT_USER], expect: { answer: 'no' } },
        { ask: 'reach', goal: { action: 'kms:Decrypt', resource: 'r', by: '${user}' }, maxSteps: 2, expect: { answer: 'yes', steps: 1 } },
        { ask: 'reach', goal: { action: 'kms:Decrypt', resource: 'r', byAnyoneExcept: [] }, maxSteps: 2, expect: { answer: 'no' } },
        { ask: 'newAccess', resource: 'r', policy: '{}', expect: { answer: 'yes' } },
        { check: 'invariants', note: 'n' },
      ],
    });
    expect(s.steps).toHaveLength(10);
    expect(s.config).toEqual({ authzOrder: 'stateThenAuthorize', onDemandRotationLimit: 10, grantsSufficeCrossAccount: false });
  });
});

describe('malformed scenarios: every error names the JSON path and the reason', () => {
  it('reports a missing required field', () => {
    expect(issues({ name: 'x', steps: [] })).toEqual(['accounts: required field is missing']);
    expect(issues(scenario([{ call: 'iam:CreateUser' }]))).toEqual(['steps[0].as: required field is missing']);
  });

  it('reports a field of the wrong type', () => {
    expect(issues(scenario([call({ input: 'UserName=James' })]))).toEqual(['steps[0].input: expected an object, got the string "UserName=James"']);
    expect(issues(scenario([{ advance: { days: '7' } }]))).toEqual(['steps[0].advance.days: expected a number, got the string "7"']);
    expect(issues(scenario([{ advance: { days: 1e12 } }]))).toEqual(['steps[0].advance: an advance of at most 1000 years']);
  });

  it('rejects unknown fields everywhere (strict), naming the field and what is allowed there', () => {
    expect(issues({ ...scenario([]), author: 'me' })[0]).toMatch(/^author: unknown field \(allowed here: name, description, sources, region, accounts/);
    expect(issues(scenario([call({ expected: 'ok' })]))[0]).toMatch(/^steps\[0\]\.expected: unknown field \(allowed here: as, call, input, save, expect, context, note\)$/);
    expect(issues(scenario([{ advance: { weeks: 1 } }]))[0]).toMatch(/^steps\[0\]\.advance\.weeks: unknown field/);
    expect(issues(scenario([{ check: 'invariants', only: ['x'] }]))[0]).toMatch(/^steps\[0\]\.only: unknown field/);
  });

  it('accepts `note` in every object of the format', () => {
    valid({ ...scenario([{ advance: { days: 1, note: 'n' }, note: 'n' }]), note: 'n', organization: { management: ACCOUNT, members: [], note: 'n' } });
  });

  it('requires 12-digit account ids, an organization over listed accounts, and no account twice', () => {
    expect(issues({ ...scenario([]), accounts: ['1234'] })).toEqual(['accounts[0]: an account id is exactly 12 digits']);
    expect(issues({ ...scenario([]), accounts: [] })).toEqual(['accounts: list at least one account']);
    expect(issues({ ...scenario([]), accounts: [ACCOUNT, ACCOUNT] })).toEqual([`accounts[1]: account ${ACCOUNT} is listed twice`]);
    expect(issues({ ...scenario([]), organization: { management: '999988887777', members: ['444455556666'] } })).toEqual([
      'organization.management: account 999988887777 is not in "accounts"',
      'organization.members[0]: account 444455556666 is not in "accounts"',
    ]);
  });

  it('requires an ISO 8601 start date and an AWS Region', () => {
    expect(issues({ ...scenario([]), start: 'yesterday' })).toEqual(['start: expected an ISO 8601 date, such as 2026-01-01T00:00:00Z']);
    expect(issues({ ...scenario([]), region: 'Frankfurt' })).toEqual(['region: expected an AWS Region, such as us-east-1']);
    valid({ ...scenario([]), start: '2026-02-01' });
  });

  it('validates config overrides against model/config.ts (extension)', () => {
    expect(issues({ ...scenario([]), config: { authzOrder: 'random' } })).toEqual([
      'config.authzOrder: expected "authorizeThenState" or "stateThenAuthorize", got the string "random"',
    ]);
    expect(issues({ ...scenario([]), config: { onDemandRotationLimit: 'ten' } })).toEqual(['config.onDemandRotationLimit: expected a number, got the string "ten"']);
    expect(issues({ ...scenario([]), config: { scpLimitsGrants: 'yes' } })).toEqual(['config.scpLimitsGrants: expected a boolean, got the string "yes"']);
    expect(issues({ ...scenario([]), config: { noSuchChoice: true } })).toEqual([
      'config.noSuchChoice: not a field of model/config.ts (README.md "Modelling choices" lists them all)',
    ]);
    expect(issues({ ...scenario([]), config: { grantAccountGranteeScope: 'everyone' } })).toEqual([
      'config.grantAccountGranteeScope: expected "rootUserOnly", got the string "everyone"',
    ]);
    expect(valid({ ...scenario([]), config: { unknownSessionPolicyArnError: null } }).config).toEqual({ unknownSessionPolicyArnError: undefined });
    expect(valid({ ...scenario([]), config: { unknownSessionPolicyArnError: 'NoSuchEntity' } }).config).toEqual({ unknownSessionPolicyArnError: 'NoSuchEntity' });
    expect(issues({ ...scenario([]), config: { pendingWindowMinDays: 40 } })).toEqual([
      'config: needs pendingWindowMinDays <= pendingWindowDefaultDays <= pendingWindowMaxDays',
    ]);
  });

  it('requires every step to be exactly one of the four kinds', () => {
    expect(issues(scenario([{ as: ROOT_USER }]))).toEqual(['steps[0]: a step has one of the fields "call", "advance", "ask" or "check"']);
    expect(issues(scenario([{ call: 'kms:Decrypt', as: ROOT_USER, check: 'invariants' }]))).toEqual([
      'steps[0]: a step has exactly one of "call", "advance", "ask", "check"; this one has call and check',
    ]);
    expect(issues(scenario(['step']))).toEqual(['steps[0]: a step is a JSON object']);
    expect(issues(scenario([{ ask: 'whoElse' }]))).toEqual(['steps[0].ask: unknown question "whoElse"; one of whoCan, canAnyoneElse, reach, newAccess']);
    expect(issues(scenario([{ check: 'everything' }]))).toEqual(['steps[0].check: expected "invariants", got the string "everything"']);
  });

  it('checks call steps: the caller, the call name, expect and save', () => {
    expect(issues(scenario([call({ as: 'James' })]))).toEqual([
      'steps[0].as: expected "anonymous" or a principal ARN, such as arn:aws:iam::111122223333:user/James',
    ]);
    expect(issues(scenario([call({ call: 'CreateUser' })]))).toEqual(['steps[0].call: expected service:Operation, such as kms:Decrypt']);
    expect(issues(scenario([call({ expect: { ok: true } })]))).toEqual([
      'steps[0].expect: expected "ok", {"ok": {...output fields...}} or {"error": "AwsErrorCode"}',
    ]);
    expect(issues(scenario([call({ expect: 'fail' })]))).toHaveLength(1);
    expect(issues(scenario([call({ save: { 'key-arn': 'KeyMetadata.Arn' } })]))).toEqual([
      'steps[0].save["key-arn"]: invalid key: a variable name has only letters, digits and _',
    ]);
    expect(issues(scenario([call({ save: { u: 'User.Arn' }, expect: { error: 'X' } })]))).toEqual([
      'steps[0].save: a step that expects an error has no output to save from',
    ]);
    expect(issues(scenario([call({ context: { 'aws:SecureTransport': false } })]))).toEqual([
      'steps[0].context["aws:SecureTransport"]: expected a string, got boolean false',
    ]);
  });

  it('checks ask steps: the fields of each question and of its expectation', () => {
    expect(issues(scenario([{ ask: 'whoCan', action: 'kms:Decrypt', resource: 'r', expect: { principals: [] } }]))).toEqual([
      'steps[0].expect.unknownPrincipals: required field is missing',
    ]);
    expect(issues(scenario([{ ask: 'canAnyoneElse', action: 'kms:Decrypt', resource: 'r', except: [], expect: { answer: 'maybe' } }]))).toEqual([
      'steps[0].expect.answer: expected "yes" or "no", got the string "maybe"',
    ]);
    const goal = { action: 'kms:Decrypt', resource: 'r' };
    expect(issues(scenario([{ ask: 'reach', goal, maxSteps: 1, expect: { answer: 'no' } }]))).toEqual([
      'steps[0].goal: a goal names exactly one of "by" (one ARN) or "byAnyoneExcept" (a list of ARNs)',
    ]);
    expect(issues(scenario([{ ask: 'reach', goal: { ...goal, by: ROOT_USER }, maxSteps: 1.5, expect: { answer: 'no', steps: 0 } }]))).toEqual([
      'steps[0].maxSteps: expected a whole number, got number 1.5',
      'steps[0].expect.steps: "steps" goes only with "answer": "yes"',
    ]);
  });

  it('reports every issue of a file, not only the first', () => {
    expect(issues({ name: '', accounts: ['1'], steps: [{ advance: {} }, { check: 'x' }] })).toHaveLength(4);
  });

  it('reports a JSON syntax error with its place in the text', () => {
    const parsed = parseScenarioText('{\n  "name": "x",\n  "accounts": [1,]\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues).toHaveLength(1);
      expect(parsed.issues[0]?.path).toEqual([]);
      expect(parsed.issues[0]?.reason).toMatch(/^not valid JSON: /);
      expect(parsed.issues[0]?.reason).not.toContain('\n');
    }
  });
});

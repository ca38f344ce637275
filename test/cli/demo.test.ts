// `keyward demo`: the story file is the project's copy of the shared SSE-KMS case, narrated in plain words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { narrate } from '../../cli/demo.ts';
import { callInWords, outcomeInWords, principalInWords, questionInWords } from '../../cli/describe.ts';
import { runScenario } from '../../cli/scenario/run.ts';
import type { CallStep } from '../../cli/scenario/schema.ts';
import { ACCOUNT, ROOT, ROOT_USER, scenario, valid } from './scenario-helpers.ts';

const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('the demo story', () => {
  const story = json(join(ROOT, 'examples/sse-kms-story.json'));
  const shared = json(join(ROOT, '../shared/cases/01-seed-sse-kms-story.json'));
  const steps = (x: Record<string, unknown>): unknown[] => x['steps'] as unknown[];
  const MONITORING = /^(cloudtrail|logs|cloudwatch|sns|config):/;

  it('is the shared SSE-KMS case (same world, every step in order, same expectations) with the watching added', () => {
    const { name: _ours, description: _d1, steps: _s1, ...world } = story;
    const { name: _theirs, description: _d2, steps: _s2, ...sharedWorld } = shared;
    expect(world).toEqual(sharedWorld);
    const theirs = steps(shared).map((x) => JSON.stringify(x));
    const ours = steps(story).map((x) => JSON.stringify(x));
    let next = 0;
    for (const step of ours) if (step === theirs[next]) next += 1;
    expect(next).toBe(theirs.length);
  });

  // kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html: the additions are the recommended watching.
  it('adds only monitoring calls, time passing and invariant checks', () => {
    const theirs = new Set(steps(shared).map((x) => JSON.stringify(x)));
    const added = steps(story).filter((x) => !theirs.has(JSON.stringify(x))) as Record<string, unknown>[];
    expect(added.length).toBeGreaterThan(10);
    for (const step of added) expect(MONITORING.test(String(step['call'] ?? '')) || 'advance' in step || 'check' in step).toBe(true);
  });

  it('ends by telling what the watching saw: the notifications sent and the Config verdicts', async () => {
    const { loadScenarioFile } = await import('../../cli/scenario/load.ts');
    const loaded = loadScenarioFile(join(ROOT, 'examples/sse-kms-story.json'));
    if (!loaded.parsed.ok) expect.fail('the story does not parse');
    const report = await runScenario(loaded.parsed.scenario);
    expect(report.passed).toBe(true);
    const text = narrate(loaded.parsed.scenario, report, 100).join('\n');
    expect(text).toContain('SNS topic kms-key-alerts delivered 2 notification(s):');
    expect(text).toContain('ALARM: "KMS key scheduled for deletion" in US East (N. Virginia)');
    expect(text).toContain('AWS Config rule kms-cmk-not-scheduled-for-deletion: 1 compliant, none non-compliant');
  });
});

describe('plain words', () => {
  const names = new Map([['arn:aws:kms:us-east-1:111122223333:key/k1', 'keyArn']]);
  const james = `arn:aws:iam::${ACCOUNT}:user/James`;

  it('names principals by kind, and their account when it is not the home account', () => {
    expect(principalInWords(james, ACCOUNT)).toBe('James (user)');
    expect(principalInWords(ROOT_USER, ACCOUNT)).toBe('the root user');
    expect(principalInWords('arn:aws:iam::444455556666:root', ACCOUNT)).toBe('the root user of 444455556666');
    expect(principalInWords('arn:aws:sts::444455556666:assumed-role/Eng/alice', ACCOUNT)).toBe('Eng/alice (session of role Eng of 444455556666)');
    expect(principalInWords('anonymous', ACCOUNT)).toBe('an anonymous caller (unsigned request)');
  });

  it('says who calls what, on which object or key', () => {
    const get: CallStep = { as: james, call: 's3:GetObject', input: { Bucket: 'keyward-seed-confidential', Key: 'confidential2.txt' } };
    expect(callInWords(get, names, ACCOUNT)).toBe('James (user) calls s3:GetObject on keyward-seed-confidential/confidential2.txt');
    const decrypt: CallStep = { as: james, call: 'kms:Encrypt', input: { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1', Plaintext: 'hi' } };
    expect(callInWords(decrypt, names, ACCOUNT)).toBe('James (user) calls kms:Encrypt on key ‹keyArn› (Plaintext hi)');
    const policy: CallStep = { as: ROOT_USER, call: 'kms:PutKeyPolicy', input: { KeyId: 'k2', Policy: '{"Statement":[{},{}]}' } };
    expect(callInWords(policy, names, ACCOUNT)).toBe('the root user calls kms:PutKeyPolicy on key k2 (Policy ‹a policy of 2 statement(s)›)');
  });

  it('gives the result: the error, or the output fields the step expects', () => {
    const s: CallStep = { as: james, call: 's3:GetObject', expect: { ok: { ServerSideEncryption: 'aws:kms' } } };
    expect(outcomeInWords({ ok: true, output: { Body: 'x', ServerSideEncryption: 'aws:kms' } }, s, names)).toBe('ok: ServerSideEncryption aws:kms');
    expect(outcomeInWords({ ok: false, error: { code: 'AccessDenied', message: 'Access Denied' } }, s, names)).toBe('AccessDenied: Access Denied');
  });

  it('puts questions as questions', () => {
    expect(questionInWords({ ask: 'whoCan', action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111122223333:key/k1' }, names, ACCOUNT)).toBe(
      'Who can kms:Decrypt on ‹keyArn›?',
    );
    expect(
      questionInWords({ ask: 'reach', goal: { action: 'kms:Decrypt', resource: 'r', by: james }, maxSteps: 2 }, names, ACCOUNT),
    ).toBe('Can James (user) come to kms:Decrypt on r within 2 permitted step(s)?');
  });
});

describe('narrate', () => {
  it('tells each step with its note, the result, the unanswered questions and a closing summary', async () => {
    const s = valid(
      scenario([
        { note: 'Nobody can do this yet.', as: ROOT_USER, call: 'kms:FlyToTheMoon', input: {} },
        { advance: { days: 1 } },
      ]),
    );
    const lines = narrate(s, await runScenario(s), 100).join('\n');
    expect(lines).toContain('[0] Nobody can do this yet.');
    expect(lines).toContain('The root user calls kms:FlyToTheMoon');
    expect(lines).toContain('✗ not what the story expects: kms:FlyToTheMoon: keyward does not model the call');
    expect(lines).toContain('The story stops here: the remaining 1 step(s), from step 1 on, depend on the failed call.');
    expect(lines).toMatch(/│ calls\s+│ 1\s+│ 0\s+│ 1\s+│ 0\s+│/);
    expect(lines).toContain('The model disagrees with the story at step 0');
  });
});

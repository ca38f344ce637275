// `keyward ask` as a user runs it (node bin/keyward.js, a child process): the scenario replayed, the question asked of
// its final state, readable and JSON answers, and the exit codes 0 (an answer), 3 (unknown), 2 (usage, bad scenario).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, keyward, removeTempScenarios, ROOT_USER, scenario, tempScenarios } from './scenario-helpers.ts';

afterAll(removeTempScenarios);

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;

const policyText = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const rootStatement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT_USER }, Action: 'kms:*', Resource: '*' };
const aliceStatement = {
  Sid: 'alice, for the IT department only', Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*',
  Condition: { StringEquals: { 'kms:EncryptionContext:dept': 'it' } },
};
const bobStatement = { Sid: 'bob too', Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:Decrypt', Resource: '*' };

/**
 * alice may decrypt with the key when the encryption context says dept=it; bob has no access; the root user has all
 * (the account-principal statement). The scenario's own question (an ask step) is skipped by `keyward ask`.
 */
const story = scenario([
  { as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'alice' } },
  { as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'bob' } },
  { as: ROOT_USER, call: 'kms:CreateKey', input: { Policy: policyText(rootStatement, aliceStatement) }, save: { keyArn: 'KeyMetadata.Arn' } },
  { advance: { hours: 1 } },
  { ask: 'whoCan', action: 'kms:Decrypt', resource: '${keyArn}', expect: { principals: [], unknownPrincipals: true } },
  { check: 'invariants' },
]);

const dir = tempScenarios({
  'story.json': story,
  'candidate.json': policyText(rootStatement, aliceStatement, bobStatement),
  'broken.json': { ...story, steps: [{ as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'alice' }, expect: { okay: {} } }] },
  'diverges.json': { ...story, steps: [{ as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'alice' }, expect: { error: 'EntityAlreadyExists' } }] },
});
const STORY = join(dir, 'story.json');
const KEY = '${keyArn}';

describe('keyward ask whoCan: a table of the principals that can, each with a request that succeeds', () => {
  // SCENARIOS.md "whoCan": the exact set of known principals, and whether some principal the world does not know can.
  it('lists the root user and alice (with the encryption context her statement needs), not bob; exit 0', () => {
    const r = keyward('ask', 'whoCan', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Who can kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]+\?\n/);
    expect(r.stdout).toContain('2 known principal(s) can:');
    expect(r.stdout).toMatch(/│ arn:aws:iam::111122223333:root\s+│ the root user\s+│/);
    expect(r.stdout).toMatch(/│ arn:aws:iam::111122223333:user\/alice\s+│ alice \(user\)\s+│ kms:EncryptionContext:dept = "it"/);
    expect(r.stdout).not.toContain(BOB);
    expect(r.stdout).toContain('No principal the world does not know (another account, an anonymous caller) can.');
  });

  it('--json prints the question and the solver\'s answer, witnesses included', () => {
    const r = keyward('ask', 'whoCan', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { question: { ask: string; resource: string }; answer: { kind: string; principals: string[]; unknownPrincipals: boolean; witnesses: { principal: string; context: object }[] } };
    expect(doc.question.ask).toBe('whoCan');
    expect(doc.question.resource).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    expect(doc.answer.kind).toBe('whoCan');
    expect([...doc.answer.principals].sort()).toEqual([ROOT_USER, ALICE].sort());
    expect(doc.answer.unknownPrincipals).toBe(false);
    expect(doc.answer.witnesses.find((w) => w.principal === ALICE)?.context).toEqual({ 'kms:EncryptionContext:dept': 'it' });
  });
});

describe('keyward ask canAnyoneElse: yes with a readable witness request, or no', () => {
  it('yes: alice can, with dept=it; the witness shows principal, action, resource and context keys', () => {
    const r = keyward('ask', 'canAnyoneElse', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--except', ROOT_USER);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('yes: for example this request, which the model allows:');
    expect(r.stdout).toMatch(/│ principal │ arn:aws:iam::111122223333:user\/alice\s+│\n│\s+│ alice \(user\)/);
    expect(r.stdout).toMatch(/│ action\s+│ kms:Decrypt\s+│/);
    expect(r.stdout).toMatch(/│ resource\s+│ arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]+\s+│/);
    expect(r.stdout).toMatch(/│ context\s+│ kms:EncryptionContext:dept = "it"\s+│/);
  });

  it('no: nobody but the root user and alice, whatever the context (several --except values); exit 0', () => {
    const r = keyward('ask', 'canAnyoneElse', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--except', ROOT_USER, ALICE);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no: no other principal can kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key/');
  });
});

describe('keyward ask newAccess: does a candidate key policy open access the current one does not?', () => {
  it('yes, from a policy file: bob could decrypt under the candidate', () => {
    const r = keyward('ask', 'newAccess', '--scenario', STORY, '--resource', KEY, '--policy', join(dir, 'candidate.json'), '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { answer: { kind: string; witness: { principal: string; action: string } } };
    expect(doc.answer.kind).toBe('yes');
    expect(doc.answer.witness).toMatchObject({ principal: BOB, action: 'kms:Decrypt' });
  });

  it('no, from policy JSON on the command line: the same statements open nothing new', () => {
    const r = keyward('ask', 'newAccess', '--scenario', STORY, '--resource', KEY, '--policy', policyText(aliceStatement, rootStatement));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no: the candidate policy allows no request');
  });
});

describe('keyward ask reach: a shortest path of permitted calls, in words or as a diagram', () => {
  // SCENARIOS.md "reach": bob has no access, but the root user (the account-principal statement) can give him some in one call.
  it('numbered steps in plain words, then the goal\'s request; exit 0', () => {
    const r = keyward('ask', 'reach', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--by', BOB, '--max-steps', '2');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/yes: user bob kms:Decrypt on key [0-9a-f]{8}…, after 1 permitted step\(s\)/);
    expect(r.stdout).toMatch(/\n {2}1\. the root user .* \[(kms|iam):\w+\]\n {2}then user bob can kms:Decrypt on key /);
  });

  it('--format mermaid draws the path', () => {
    const diagram = keyward('ask', 'reach', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--by', BOB, '--format', 'mermaid');
    expect(diagram.status).toBe(0);
    expect(diagram.stdout).toMatch(/flowchart LR\n/);
    expect(diagram.stdout).toContain('==>|"goal: kms:Decrypt"|');
  });
});

describe('keyward ask exit codes', () => {
  it('3 for unknown: a resource that names no key of the state', () => {
    const r = keyward('ask', 'whoCan', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', 'alias/nothing-here');
    expect(r.stdout).toContain('unknown: alias/nothing-here names no key of the state');
    expect(r.status).toBe(3);
  });

  it('2 for a scenario that is not valid, with the file, the JSON path and the reason', () => {
    const r = keyward('ask', 'whoCan', '--scenario', join(dir, 'broken.json'), '--action', 'kms:Decrypt', '--resource', KEY);
    expect(r.stderr).toBe(`${join(dir, 'broken.json')}: steps[0].expect: expected "ok", {"ok": {...output fields...}} or {"error": "AwsErrorCode"}\n`);
    expect(r.status).toBe(2);
  });

  it('2 for a scenario whose calls do not go as it says (the state it describes is never reached)', () => {
    const r = keyward('ask', 'whoCan', '--scenario', join(dir, 'diverges.json'), '--action', 'kms:Decrypt', '--resource', 'k');
    expect(r.stderr.startsWith(`${join(dir, 'diverges.json')}: steps[0]: the scenario does not replay as written: iam:CreateUser: expected error EntityAlreadyExists, got success:`)).toBe(true);
    expect(r.status).toBe(2);
  });

  it('2 for bad usage: a missing option, a variable the scenario does not save, a bad action, policy or time limit', () => {
    const cases: [string[], RegExp][] = [
      [['whoCan', '--action', 'kms:Decrypt', '--resource', KEY], /required option '--scenario <file>' not specified/],
      [['whoCan', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', '${nope}'], /--resource: \$\{nope\} is not a variable the scenario saves \(it saves keyArn\)/],
      [['canAnyoneElse', '--scenario', STORY, '--action', 'Decrypt', '--resource', KEY], /--action: expected service:Operation/],
      [['newAccess', '--scenario', STORY, '--resource', KEY, '--policy', '{"Statement": []}'], /--policy: not a valid key policy/],
      [['whoCan', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--timeout-ms', 'soon'], /--timeout-ms: expected a whole number of milliseconds/],
      [['reach', '--scenario', STORY], /required option '--action <action>' not specified/],
      [['reach', '--scenario', STORY, '--action', 'kms:Decrypt', '--resource', KEY, '--format', 'dot'], /--format: one of text, mermaid, json/],
    ];
    for (const [args, message] of cases) {
      const r = keyward('ask', ...args);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.status, args.join(' ')).toBe(2);
    }
  });
});

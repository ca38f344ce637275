// The keyward command as a user runs it (node bin/keyward.js): output lines and exit codes of run, demo, calls, ask.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyward, removeTempScenarios, ROOT_USER, scenario, tempScenarios } from './scenario-helpers.ts';

afterAll(removeTempScenarios);

const passing = (name: string) => ({ ...scenario([{ advance: { days: 1 } }, { check: 'invariants' }]), name });
const unsupported = (name: string) => ({ ...scenario([{ advance: { hours: 1 } }, { as: ROOT_USER, call: 'kms:FlyToTheMoon', input: {} }]), name });

describe('keyward run: one line per scenario, then "N passed, M failed"', () => {
  it('prints PASS name and exits 0 when every scenario passes', () => {
    const dir = tempScenarios({ 'a.json': passing('first'), 'b.json': passing('second') });
    const r = keyward('run', dir);
    expect(r.stdout).toBe('PASS first\nPASS second\n2 passed, 0 failed\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints FAIL name: step N: what differed (N 0-based, as in steps[N]) and exits 1 when some scenario fails', () => {
    const dir = tempScenarios({ 'a.json': passing('good'), 'b.json': unsupported('bad') });
    const r = keyward('run', dir);
    expect(r.stdout).toBe(
      'PASS good\nFAIL bad: step 1: kms:FlyToTheMoon: keyward does not model the call "kms:FlyToTheMoon"; supported calls: see `keyward calls`\n1 passed, 1 failed\n',
    );
    expect(r.status).toBe(1);
  });

  it('says what was expected and what came back', () => {
    const dir = tempScenarios({
      'x.json': {
        ...scenario([{ as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'Alice' }, expect: { ok: { User: { UserName: 'Bob' } } } }]),
        name: 'wrong name',
      },
      'y.json': {
        ...scenario([{ as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'Alice' }, expect: { error: 'AccessDenied' } }]),
        name: 'wrong outcome',
      },
    });
    const r = keyward('run', dir);
    expect(r.stdout).toContain('FAIL wrong name: step 0: iam:CreateUser: output.User.UserName: expected "Bob", got "Alice"\n');
    expect(r.stdout).toMatch(/FAIL wrong outcome: step 0: iam:CreateUser: expected error AccessDenied, got success: \{"User":/);
    expect(r.status).toBe(1);
  });

  it('finds *.json files recursively and runs them sorted by path; ignores other files', () => {
    const dir = tempScenarios({
      'b/2.json': passing('b2'),
      'b/1.json': passing('b1'),
      'a.json': passing('a'),
      'c/d/e.json': passing('cde'),
      'notes.txt': 'not a scenario',
    });
    const r = keyward('run', dir);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual(['PASS a', 'PASS b1', 'PASS b2', 'PASS cde']);
    expect(r.status).toBe(0);
  });

  it('takes several paths, files or directories', () => {
    const dir = tempScenarios({ 'one.json': passing('one'), 'more/two.json': passing('two') });
    const r = keyward('run', join(dir, 'one.json'), join(dir, 'more'));
    expect(r.stdout).toBe('PASS one\nPASS two\n2 passed, 0 failed\n');
  });

  it('exits 2 for a file that is not a valid scenario, with the file, the JSON path and the reason on stderr', () => {
    const dir = tempScenarios({
      'good.json': passing('good'),
      'bad.json': { ...passing('bad'), steps: [{ advance: { days: 1 } }, { as: ROOT_USER, call: 'iam:CreateUser', expect: { okay: {} } }] },
    });
    const r = keyward('run', dir);
    expect(r.stderr).toBe(`${join(dir, 'bad.json')}: steps[1].expect: expected "ok", {"ok": {...output fields...}} or {"error": "AwsErrorCode"}\n`);
    expect(r.stdout).toBe('PASS good\n1 passed, 0 failed\n');
    expect(r.status).toBe(2);
  });

  it('exits 2 for invalid JSON, a variable nobody saved, and a path that does not exist', () => {
    const dir = tempScenarios({
      'syntax.json': '{"name": "x",',
      'vars.json': scenario([{ as: ROOT_USER, call: 'kms:DescribeKey', input: { KeyId: '${keyArn}' } }]),
    });
    const r = keyward('run', dir, join(dir, 'missing'));
    expect(r.stderr).toContain(`${join(dir, 'syntax.json')}: (top level): not valid JSON: `);
    expect(r.stderr).toContain(`${join(dir, 'vars.json')}: steps[0].input.KeyId: \${keyArn} is not saved by any earlier step\n`);
    expect(r.stderr).toContain(`${join(dir, 'missing')}: no such file or directory\n`);
    expect(r.stdout).toBe('0 passed, 0 failed\n');
    expect(r.status).toBe(2);
  });

  it('--verbose shows every step, its mark and what it gave', () => {
    const dir = tempScenarios({ 'v.json': unsupported('verbose') });
    const r = keyward('run', '--verbose', dir);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^FAIL verbose: step 1: /);
    expect(lines).toContain('  [0] ✓ time passes: 1 hour');
    expect(lines.some((l) => l.startsWith('  [1] ✗ the root user calls kms:FlyToTheMoon → UnsupportedCall: '))).toBe(true);
  });

  it('--json prints one JSON document with every scenario, its failures and the totals', () => {
    const dir = tempScenarios({ 'a.json': passing('good'), 'b.json': unsupported('bad') });
    const r = keyward('run', '--json', dir);
    const doc = JSON.parse(r.stdout) as { scenarios: { name: string; passed: boolean; failures: { step: number; kind: string }[] }[]; passed: number; failed: number };
    expect(doc.passed).toBe(1);
    expect(doc.failed).toBe(1);
    expect(doc.scenarios.map((s) => [s.name, s.passed])).toEqual([
      ['good', true],
      ['bad', false],
    ]);
    expect(doc.scenarios[1]?.failures).toEqual([expect.objectContaining({ step: 1, kind: 'call', status: 'failed' })]);
    expect(r.status).toBe(1);
  });
});

describe('keyward demo, calls, ask, --version', () => {
  it('demo FILE narrates any scenario: notes, who calls what, results, and a closing summary', () => {
    const dir = tempScenarios({
      's.json': {
        ...scenario([
          { note: 'The administrator creates James.', as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'James' } },
          { advance: { days: 7 } },
          { ask: 'whoCan', action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111122223333:key/k', expect: { principals: [], unknownPrincipals: false } },
        ]),
        name: 'tiny story',
      },
    });
    const r = keyward('demo', join(dir, 's.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('keyward demo: tiny story');
    expect(r.stdout).toContain('[0] The administrator creates James.');
    expect(r.stdout).toContain('The root user calls iam:CreateUser (UserName James)');
    expect(r.stdout).toContain('Time passes: 7 days; the clock is now 2026-01-08 00:00 UTC.');
    expect(r.stdout).toContain('? Who can kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key/k?');
    expect(r.stdout).toContain('the solver says: nobody; and no principal the world does not know ✓');
    expect(r.stdout).toContain('Summary');
  });

  it('demo without a file tells the SSE-KMS story of examples/ (what npm start runs)', () => {
    const r = keyward('demo');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('keyward demo: the SSE-KMS story');
    expect(r.stdout).toContain('[0] The administrator (the account root user) creates the group that both engineers will share.');
  });

  it('demo exits 2 for an invalid file, naming the file, the path and the reason', () => {
    const dir = tempScenarios({ 'bad.json': { name: 'x', steps: [] } });
    const r = keyward('demo', join(dir, 'bad.json'));
    expect(r.stderr).toBe(`${join(dir, 'bad.json')}: accounts: required field is missing\n`);
    expect(r.status).toBe(2);
  });

  it('calls lists the supported calls, one service:Operation per line', () => {
    const r = keyward('calls');
    expect(r.status).toBe(0);
    for (const line of r.stdout.trim().split('\n').filter(Boolean)) expect(line).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
  });

  it('ask reach with a missing option says which one and exits 2 (ask itself: test/cli/ask.test.ts)', () => {
    const r = keyward('ask', 'reach', '--scenario', 'x.json');
    expect(r.stderr).toMatch(/--action/);
    expect(r.status).toBe(2);
  });

  it('--version prints the package version; an unknown command exits 2', () => {
    expect(keyward('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(keyward('frobnicate').status).toBe(2);
  });
});

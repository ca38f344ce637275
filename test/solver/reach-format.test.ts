// reach answers for people (issue 5 "Output a person can follow"): numbered steps in plain words, a Mermaid diagram,
// JSON; and the `keyward ask reach` options as a question.
import { afterAll, describe, expect, it } from 'vitest';
import { reach, shutdownZ3 } from '../../solver/index.ts';
import type { ReachQuestion } from '../../solver/reach-format.ts';
import { nameOf, reachAnswerLines, reachSubcommand } from '../../solver/reach-format.ts';
import { A, powerless, rewriteTrust } from './reach-world.ts';

afterAll(shutdownZ3);

describe('reach answers in words, as a diagram, as JSON', () => {
  it('a path reads as numbered steps in plain words, then the goal\'s request', async () => {
    const c = rewriteTrust();
    const q: ReachQuestion = { ask: 'reach', goal: c.goal, maxSteps: 3 };
    const lines = reachAnswerLines(q, await reach(c.state, c.goal, 3), { home: A });
    expect(lines[0]).toMatch(/^yes: user climber kms:Decrypt on key [0-9a-f]{8}…, after 2 permitted step\(s\)/);
    expect(lines[1]).toMatch(/^ {2}1\. user climber rewrites the trust policy of role locked, letting user climber assume it \[iam:UpdateAssumeRolePolicy\]$/);
    expect(lines[2]).toMatch(/^ {2}2\. user climber assumes role locked as session \S+ \[sts:AssumeRole\]$/);
    expect(lines[3]).toMatch(/^ {2}then session locked\/\S+ can kms:Decrypt on key [0-9a-f]{8}…\.$/);
  });

  it('--format mermaid draws who acts on what, step by step, and the goal', async () => {
    const c = rewriteTrust();
    const q: ReachQuestion = { ask: 'reach', goal: c.goal, maxSteps: 3, format: 'mermaid' };
    const [diagram] = reachAnswerLines(q, await reach(c.state, c.goal, 3), { home: A });
    expect(diagram!.split('\n')[0]).toBe('flowchart LR');
    expect(diagram).toContain('-->|"1. iam:UpdateAssumeRolePolicy"|');
    expect(diagram).toContain('-->|"2. sts:AssumeRole"|');
    expect(diagram).toContain('==>|"goal: kms:Decrypt"|');
  });

  it('"no" says whether no path of any length exists; --format json is the question and the answer', async () => {
    const c = powerless();
    const q: ReachQuestion = { ask: 'reach', goal: c.goal, maxSteps: 2 };
    const answer = await reach(c.state, c.goal, 2);
    expect(reachAnswerLines(q, answer, { home: A }).join('\n')).toMatch(/^no: not anyone other than user alice kms:Decrypt on key .* within 2 step\(s\)\.\n {2}No sequence of permission-changing calls of any length/);
    const json = JSON.parse(reachAnswerLines(q, answer, { format: 'json' })[0]!) as { question: ReachQuestion; answer: { kind: string; anyLength: boolean } };
    expect(json.answer).toMatchObject({ kind: 'no', anyLength: true });
    expect(json.question.goal).toEqual(c.goal);
  });

  it('names read in a few words', () => {
    expect(nameOf(`arn:aws:iam::${A}:user/dev/alice`, A)).toBe('user alice');
    expect(nameOf(`arn:aws:sts::${A}:assumed-role/ops/s1`, '999999999999')).toBe(`session ops/s1 (${A})`);
    expect(nameOf(`arn:aws:iam::${A}:root`, A)).toBe('the root user');
  });
});

describe('keyward ask reach: its options put the question', () => {
  it('--by or --except, --max-steps, --format', () => {
    expect(reachSubcommand.put({ action: 'kms:Decrypt', resource: 'k', by: 'arn:aws:iam::111122223333:user/a', 'max-steps': '2', format: 'mermaid' })).toEqual({
      ok: true,
      question: { ask: 'reach', goal: { action: 'kms:Decrypt', resource: 'k', by: 'arn:aws:iam::111122223333:user/a' }, maxSteps: 2, format: 'mermaid' },
    });
    expect(reachSubcommand.put({ action: 'kms:Decrypt', resource: 'k', except: ['x', 'y'] })).toMatchObject({ ok: true, question: { goal: { byAnyoneExcept: ['x', 'y'] }, maxSteps: 3 } });
    expect(reachSubcommand.put({ action: 'kms:Decrypt', resource: 'k', by: 'x', except: ['y'] })).toEqual({ ok: false, problem: 'give --by or --except, not both' });
    expect(reachSubcommand.put({ action: 'kms:Decrypt', resource: 'k', 'max-steps': 'two' })).toMatchObject({ ok: false });
    expect(reachSubcommand.put({ action: 'kms:Decrypt', resource: 'k', format: 'dot' })).toMatchObject({ ok: false });
  });
});

// runScenario (cli/scenario/run.ts): calls, save and substitution, stopping rules, advance, check, and ask steps with witnesses.
import { describe, expect, it } from 'vitest';
import type { Answer, Solver } from '../../cli/scenario/ask.ts';
import { NOT_SUPPORTED_YET, notYetSolver } from '../../cli/scenario/ask.ts';
import type { StepFunction } from '../../cli/scenario/call.ts';
import { initialStateOf, runScenario } from '../../cli/scenario/run.ts';
import type { Call, Json, State } from '../../model/index.ts';
import { ACCOUNT, ROOT_USER, scenario, valid } from './scenario-helpers.ts';

/** A stand-in for model/ `step` that records the calls it gets (tests of the runner's own mechanics). */
function recordingStep(): { step: StepFunction; calls: Call[] } {
  const calls: Call[] = [];
  const step: StepFunction = (state: State, c: Call) => {
    calls.push(c);
    const next = { ...state, seq: state.seq + 1 };
    if (c.op === 'test:Fail') return { state, outcome: { ok: false, error: { code: 'TestException', message: 'it failed' } } };
    if (c.op === 'test:Unsupported') return { state, outcome: { ok: false, error: { code: 'UnsupportedCall', message: 'keyward does not model test:Unsupported' }, unsupported: true } };
    return { state: next, outcome: { ok: true, output: { Thing: { Id: `id-${next.seq}`, Tags: [{ Key: 'a', Value: 'b' }] }, Input: c.input as Json } } };
  };
  return { step, calls };
}

const t = (op: string, extra: Record<string, unknown> = {}) => ({ as: ROOT_USER, call: op, ...extra });

describe('call steps', () => {
  it('save values by dotted path and substitute them into later steps, policy strings included', async () => {
    const { step, calls } = recordingStep();
    const s = valid(
      scenario([
        t('test:Create', { save: { id: 'Thing.Id', tag: 'Thing.Tags.0.Key' } }),
        t('test:Use', { input: { ThingId: '${id}', Policy: '{"Resource":"${id}/${tag}","User":"${aws:username}"}' }, expect: { ok: { Input: { ThingId: 'id-1' } } } }),
      ]),
    );
    const report = await runScenario(s, { step });
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(true);
    expect(calls[1]?.input).toEqual({ ThingId: 'id-1', Policy: '{"Resource":"id-1/a","User":"${aws:username}"}' });
    expect(report.steps[0]?.saved).toEqual({ id: 'id-1', tag: 'a' });
  });

  it('pass the step context to the model as the request environment (extension)', async () => {
    const { step, calls } = recordingStep();
    await runScenario(valid(scenario([t('test:Create', { context: { 'aws:SourceVpce': 'vpce-1a2b' } })])), { step });
    expect(calls[0]?.env).toEqual({ 'aws:SourceVpce': 'vpce-1a2b' });
    expect(calls[0]?.as).toBe(ROOT_USER);
    expect(calls[0]?.input).toEqual({});
  });

  it('fail when a save path is missing in the output, naming the variable and the path', async () => {
    const { step } = recordingStep();
    const report = await runScenario(valid(scenario([t('test:Create', { save: { id: 'Thing.Tags.3.Key' } })])), { step });
    expect(report.failures[0]?.failure).toBe('test:Create: cannot save id: the output has no Thing.Tags.3 (save path Thing.Tags.3.Key)');
  });

  it('stop at a failed call step: later steps depend on it and are reported skipped', async () => {
    const { step, calls } = recordingStep();
    const report = await runScenario(valid(scenario([t('test:Fail'), t('test:Create'), { check: 'invariants' }])), { step });
    expect(report.passed).toBe(false);
    expect(report.steps.map((r) => r.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(report.failures[0]?.failure).toBe('test:Fail: expected success, got TestException: it failed');
    expect(calls).toHaveLength(1);
  });

  it('pass a call that fails with exactly the expected error code', async () => {
    const { step } = recordingStep();
    const report = await runScenario(valid(scenario([t('test:Fail', { expect: { error: 'TestException' } }), t('test:Create')])), { step });
    expect(report.passed).toBe(true);
  });

  it('fail an unsupported call with a message naming it, whatever expect says', async () => {
    const { step } = recordingStep();
    const s = valid(scenario([t('test:Unsupported', { expect: { error: 'UnsupportedCall' } })]));
    const report = await runScenario(s, { step });
    expect(report.failures[0]?.failure).toBe('test:Unsupported: keyward does not model test:Unsupported');
  });

  it('fail (not crash) when model/ throws, so that other scenarios still run', async () => {
    const step: StepFunction = () => {
      throw new Error('boom');
    };
    const report = await runScenario(valid(scenario([t('test:Create', { expect: { error: 'keyward.ModelThrew' } })])), { step });
    expect(report.failures[0]?.failure).toBe('test:Create: model/ threw instead of returning an outcome: boom');
  });

  it('fail a call the real model does not support (model/ step)', async () => {
    const report = await runScenario(valid(scenario([t('kms:FlyToTheMoon', { expect: { error: 'UnsupportedCall' } })])));
    expect(report.failures.map((f) => f.failure)).toEqual(['kms:FlyToTheMoon: keyward does not model the call "kms:FlyToTheMoon"; supported calls: see `keyward calls`']);
  });
});

describe('the initial world', () => {
  it('takes accounts, region, start, organization and config overrides from the file', () => {
    const state = initialStateOf(
      valid({
        ...scenario([]),
        accounts: [ACCOUNT, '444455556666'],
        region: 'eu-central-1',
        start: '2026-05-01T00:00:00Z',
        organization: { management: ACCOUNT, members: ['444455556666'] },
        config: { authzOrder: 'stateThenAuthorize', note: 'prose is not a config field' },
      }),
    );
    expect(state.region).toBe('eu-central-1');
    expect(state.now).toBe(Date.parse('2026-05-01T00:00:00Z'));
    expect(state.accounts).toEqual([ACCOUNT, '444455556666']);
    expect(state.organization?.members).toEqual(['444455556666']);
    expect(state.config.authzOrder).toBe('stateThenAuthorize');
    expect(Object.hasOwn(state.config, 'note')).toBe(false);
  });
});

describe('advance and check steps', () => {
  it('advance moves the model clock by days, hours and minutes', async () => {
    const report = await runScenario(valid(scenario([{ advance: { days: 1, hours: 2, minutes: 3 } }])));
    expect(report.steps[0]?.now).toBe(Date.parse('2026-01-01T00:00:00Z') + ((24 + 2) * 60 + 3) * 60_000);
  });

  it('check passes when the invariant catalogue finds nothing, and fails naming the invariant otherwise', async () => {
    const s = valid(scenario([{ check: 'invariants' }, t('kms:FlyToTheMoon')]));
    expect((await runScenario(s)).steps[0]?.status).toBe('passed');
    const broken = await runScenario(s, { invariants: () => [{ name: 'grantsOnlyAdd', message: 'grant g1 widened' }] });
    expect(broken.steps[0]?.failure).toBe('invariant grantsOnlyAdd does not hold: grant g1 widened');
    expect(broken.steps[1]?.status).toBe('failed');
  });
});

/** A solver that gives fixed answers, and whose concrete check allows exactly the listed principals. */
function fakeSolver(answer: Answer, allowedPrincipals: readonly string[] = []): Solver {
  return {
    answer: async () => answer,
    requestAllowed: (_state, r) => ({ allowed: allowedPrincipals.includes(r.principal), why: 'not in the allowed list' }),
  };
}

const whoCan = { ask: 'whoCan', action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111122223333:key/k1' };
const JAMES = `arn:aws:iam::${ACCOUNT}:user/James`;

describe('ask steps', () => {
  it('fail with "not supported yet" until the solver lands, and do not stop the scenario', async () => {
    const s = valid(scenario([{ ...whoCan, expect: { principals: [], unknownPrincipals: false } }, t('kms:FlyToTheMoon')]));
    const report = await runScenario(s, { solver: notYetSolver });
    expect(report.steps[0]?.failure).toBe(`whoCan kms:Decrypt on ${whoCan.resource}: ${NOT_SUPPORTED_YET}`);
    expect(report.steps[1]?.status).toBe('failed');
  });

  it('whoCan compares the principals as a set, and unknownPrincipals', async () => {
    const s = valid(scenario([{ ...whoCan, expect: { principals: [ROOT_USER, JAMES], unknownPrincipals: false } }]));
    expect((await runScenario(s, { solver: fakeSolver({ kind: 'whoCan', principals: [JAMES, ROOT_USER], unknownPrincipals: false }) })).passed).toBe(true);
    const wrong = await runScenario(s, { solver: fakeSolver({ kind: 'whoCan', principals: [ROOT_USER, 'arn:aws:iam::111122223333:user/Johnny'], unknownPrincipals: true }) });
    expect(wrong.failures[0]?.failure).toBe(
      `whoCan kms:Decrypt on ${whoCan.resource}: principals differ: missing ${JAMES}; unexpected arn:aws:iam::111122223333:user/Johnny; unknownPrincipals: expected false, got true`,
    );
  });

  it('"unknown" never matches "yes" or "no"', async () => {
    const s = valid(scenario([{ ...whoCan, ask: 'canAnyoneElse', except: [], expect: { answer: 'no' } }]));
    const report = await runScenario(s, { solver: fakeSolver({ kind: 'unknown', reason: 'timeout after 10s' }) });
    expect(report.failures[0]?.failure).toMatch(/: the solver answered "unknown" \(timeout after 10s\)$/);
  });

  it('a "yes" passes only when the concrete model confirms its witness', async () => {
    const s = valid(scenario([{ ...whoCan, ask: 'canAnyoneElse', except: [ROOT_USER], expect: { answer: 'yes' } }]));
    const yes: Answer = { kind: 'yes', witness: { principal: JAMES, action: 'kms:Decrypt', resource: whoCan.resource, context: {} } };
    expect((await runScenario(s, { solver: fakeSolver(yes, [JAMES]) })).passed).toBe(true);
    const unconfirmed = await runScenario(s, { solver: fakeSolver(yes, []) });
    expect(unconfirmed.failures[0]?.failure).toMatch(/"yes", but its witness fails: the model does not allow the witness arn:aws:iam::111122223333:user\/James kms:Decrypt/);
    const excepted: Answer = { kind: 'yes', witness: { ...yes.witness, principal: ROOT_USER } };
    expect((await runScenario(s, { solver: fakeSolver(excepted, [ROOT_USER]) })).failures[0]?.failure).toMatch(/is one of the excepted principals/);
  });

  it('a "yes" where "no" is expected fails, saying whether the model confirms the witness', async () => {
    const s = valid(scenario([{ ...whoCan, ask: 'canAnyoneElse', except: [ROOT_USER], expect: { answer: 'no' } }]));
    const yes: Answer = { kind: 'yes', witness: { principal: JAMES, action: 'kms:Decrypt', resource: whoCan.resource, context: {} } };
    expect((await runScenario(s, { solver: fakeSolver(yes, [JAMES]) })).failures[0]?.failure).toMatch(/expected "no", got "yes" \(the model confirms its witness\)$/);
  });

  it('reach: the witness path is replayed through the model, and its length must be the expected shortest', async () => {
    const { step, calls } = recordingStep();
    const goal = { action: 'kms:Decrypt', resource: whoCan.resource, byAnyoneExcept: [ROOT_USER] };
    const ask = (steps: number) => ({ ask: 'reach', goal, maxSteps: 3, expect: { answer: 'yes', steps } });
    const path = [{ as: ROOT_USER, call: 'test:Create', input: {} }];
    const yes: Answer = { kind: 'yes', witness: { principal: JAMES, action: 'kms:Decrypt', resource: whoCan.resource, context: {} }, path };
    expect((await runScenario(valid(scenario([ask(1)])), { step, solver: fakeSolver(yes, [JAMES]) })).passed).toBe(true);
    expect(calls.map((c) => c.op)).toEqual(['test:Create']);
    const longer = await runScenario(valid(scenario([ask(0)])), { step, solver: fakeSolver(yes, [JAMES]) });
    expect(longer.failures[0]?.failure).toMatch(/expected a shortest path of 0 step\(s\), got 1$/);
    const failing: Answer = { ...yes, path: [{ as: ROOT_USER, call: 'test:Fail', input: {} }] };
    const replayed = await runScenario(valid(scenario([ask(1)])), { step, solver: fakeSolver(failing, [JAMES]) });
    expect(replayed.failures[0]?.failure).toMatch(/path step 0 \(arn:aws:iam::111122223333:root test:Fail\) failed on replay/);
  });

  it('a solver that throws fails the step instead of crashing the run', async () => {
    const solver: Solver = { ...notYetSolver, answer: async () => Promise.reject(new Error('z3 died')) };
    const report = await runScenario(valid(scenario([{ ...whoCan, expect: { principals: [], unknownPrincipals: false } }])), { solver });
    expect(report.failures[0]?.failure).toMatch(/: the solver failed: z3 died$/);
  });
});

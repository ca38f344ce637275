// One model-based run: a world and a sequence of calls driven through model/ `step`, every invariant of the catalogue
// checked after every step, every step recorded (a failing run is printed as a scenario file), situations counted.
import { advance, initialState, step } from '../model/index.ts';
import type { Call, CallOutcome, ModelConfig, State } from '../model/index.ts';
import { accountOfCaller, keysOfCall, sseKmsReadBy } from './calls.ts';
import { emptyTrail, observe } from './history.ts';
import type { Trail } from './history.ts';
import type { Invariant, StepEvent, Transition, Violation } from './invariant.ts';
import { checkProbes } from './check.ts';
import { concreteCall } from './inputs.ts';
import type { Scope, Universe } from './scope.ts';
import { universeOf } from './scope.ts';

/** A run broke an invariant: what was violated, after which step. */
export class InvariantViolation extends Error {
  constructor(
    readonly violations: readonly Violation[],
    readonly afterStep: number,
  ) {
    super(violations.map((v) => `${v.name}: ${v.message}`).join('\n'));
    this.name = 'InvariantViolation';
  }
}

/** A step of a scenario file (SCENARIOS.md), as a run records it. */
export type RecordedStep =
  | { readonly as: string; readonly call: string; readonly input: unknown; readonly expect: 'ok' | { readonly error: string } }
  | { readonly advance: { readonly seconds: number } };

/** Situations whose share of runs the coverage guards watch. */
export const SITUATIONS = [
  'successfulDecrypt', 'pendingDeletionKey', 'deletedKey', 'disabledKey', 'grantChain', 'crossAccountAllow', 'sseKmsRead',
  'anonymousSseKmsRequest', 'rotatedKey', 'lockoutRefused', 'sessionCall', 'explicitDenyRefusal', 'deletedKeyCiphertextRequest', 'alarmFired',
] as const;
export type Situation = (typeof SITUATIONS)[number];

/** Keys, ciphertexts and objects probed at the end of a run. */
const FINISH_PROBES = 1;

export interface RunSettings {
  readonly scope: Scope;
  readonly invariants: readonly Invariant[];
  readonly config?: Partial<ModelConfig>;
}

export class ModelRun {
  state: State;
  trail: Trail = emptyTrail;
  readonly universe: Universe;
  readonly steps: RecordedStep[] = [];
  readonly seen = new Set<Situation>();
  private readonly stateLaws: readonly Invariant[];
  private readonly stepLaws: readonly Invariant[];

  constructor(readonly settings: RunSettings) {
    this.universe = universeOf(settings.scope);
    this.state = initialState({ accounts: this.universe.accounts as never[], organization: this.universe.organization as never, config: settings.config });
    this.stateLaws = settings.invariants.filter((i) => i.check);
    this.stepLaws = settings.invariants.filter((i) => i.checkStep);
  }

  /** Make a call; throws InvariantViolation when a law breaks. */
  call(call: Call): CallOutcome {
    const before = this.state;
    const r = step(before, call);
    const expect = r.outcome.ok ? ('ok' as const) : { error: r.outcome.error.code };
    this.steps.push({ as: call.as, call: call.op, input: call.input ?? {}, expect });
    this.stepped(before, { kind: 'call', call, outcome: r.outcome }, r.state);
    return r.outcome;
  }

  /** A generated call: its details drawn from the seed against the current state. */
  generated(op: string, seed: number): CallOutcome {
    return this.call(concreteCall(op, seed, this.state, this.universe, this.trail.history));
  }

  /** Let time pass; throws InvariantViolation when a law breaks. */
  advance(ms: number): void {
    const before = this.state;
    this.steps.push({ advance: { seconds: ms / 1000 } });
    this.stepped(before, { kind: 'advance', ms }, advance(before, ms));
  }

  /** The laws about steps over a few probe calls from the final state (the scenario check probes more). */
  finish(): void {
    const violations = checkProbes(this.state, this.trail.history, this.stepLaws, FINISH_PROBES);
    if (violations.length > 0) throw new InvariantViolation(violations, this.steps.length);
  }

  private stepped(before: State, event: StepEvent, after: State): void {
    this.trail = observe(this.trail, before, event, after);
    this.state = after;
    const t = this.trail.last!;
    this.note(t);
    const violations: Violation[] = [];
    for (const inv of this.stateLaws) for (const message of inv.check!(after, this.trail.history)) violations.push({ name: inv.name, message });
    for (const inv of this.stepLaws) for (const message of inv.checkStep!(t)) violations.push({ name: inv.name, message });
    if (violations.length > 0) throw new InvariantViolation(violations, this.steps.length);
  }

  /** Count the situations this step reached. */
  private note(t: Transition): void {
    const keys = Object.values(t.after.kms.keys);
    if (keys.some((k) => k.state === 'PendingDeletion')) this.seen.add('pendingDeletionKey');
    if (keys.some((k) => k.state === 'Disabled')) this.seen.add('disabledKey');
    if (keys.some((k) => k.materials.length > 1)) this.seen.add('rotatedKey');
    if (Object.keys(t.after.kms.deletedKeys).length > 0) this.seen.add('deletedKey');
    if (keys.some((k) => Object.values(k.grants).some((g) => g.parentGrantId !== undefined))) this.seen.add('grantChain');
    if (Object.values(t.after.monitoring.alarms).some((a) => a.stateValue === 'ALARM')) this.seen.add('alarmFired');
    if (t.event.kind !== 'call') return;
    const { call, outcome } = t.event;
    if (outcome.ok && call.op === 'kms:Decrypt') this.seen.add('successfulDecrypt');
    if (outcome.ok && call.as.includes(':assumed-role/')) this.seen.add('sessionCall');
    if (!outcome.ok && /explicit deny/.test(outcome.error.message)) this.seen.add('explicitDenyRefusal');
    if (!outcome.ok && /will not allow you to update the key policy/.test(outcome.error.message)) this.seen.add('lockoutRefused');
    const read = sseKmsReadBy(t.before, call);
    if (read && call.as === 'anonymous') this.seen.add('anonymousSseKmsRequest');
    if (read && outcome.ok) this.seen.add('sseKmsRead');
    if (outcome.ok && call.op.startsWith('kms:')) {
      const account = accountOfCaller(call.as);
      if (keysOfCall(t.before, call).some((k) => k.account !== account)) this.seen.add('crossAccountAllow');
    }
    const blob = (call.input as { CiphertextBlob?: unknown } | undefined)?.CiphertextBlob;
    if (typeof blob === 'string' && t.history.ciphertexts.some((r) => r.ciphertext === blob && Object.values(t.before.kms.deletedKeys).some((d) => d.arn === r.keyArn))) {
      this.seen.add('deletedKeyCiphertextRequest');
    }
  }
}

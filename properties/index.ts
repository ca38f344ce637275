// properties/: the invariants of the model as named claims, the checks that run them, and the model-based campaign.
export type { Invariant, StepEvent, Transition, Violation } from './invariant.ts';
export type { CiphertextRecord, History, Trail } from './history.ts';
export { emptyHistory, emptyTrail, observe, remember } from './history.ts';
export { catalogue, invariantNamed } from './catalogue.ts';
export { checkInvariants, checkProbes, checkState, checkTransition } from './check.ts';
export type { Scope, Universe } from './scope.ts';
export { defaultScope, universeOf } from './scope.ts';
export type { CampaignOptions, CampaignResult, CampaignFailure } from './campaign.ts';
export { runCampaign, failureReport, sampleArb, DEFAULT_SEED } from './campaign.ts';
export { worldPlanArb } from './world.ts';
export type { WorldPlan } from './world.ts';
export { commandArb } from './commands.ts';
export { ModelRun, InvariantViolation, SITUATIONS } from './model-run.ts';
export type { Situation } from './model-run.ts';
export { MINIMUM_SHARES, sharesOf } from './coverage.ts';
export { KILLED_BY, runMutant } from './mutants.ts';
export type { MutantVerdict } from './mutants.ts';
export { modelBasedThroughput } from './throughput.ts';

// cli/: the keyward command and the scenario runner behind it; this is its public face for tests and other tools.
export type { Scenario, Step, CallStep, AskStep, ScenarioIssue, ParsedScenario } from './scenario/schema.ts';
export { parseScenario, parseScenarioText } from './scenario/schema.ts';
export type { RunOptions, ScenarioReport, StepReport, StepStatus } from './scenario/run.ts';
export { runScenario, initialStateOf } from './scenario/run.ts';
export type { Answer, Question, RequestWitness, RequestVerdict, PathStep, Solver } from './scenario/ask.ts';
export { defaultSolver, notYetSolver, NOT_SUPPORTED_YET } from './scenario/ask.ts';
export { findScenarioFiles, loadScenarioFile, formatIssue } from './scenario/load.ts';
export { formatPath } from './scenario/paths.ts';

// solver/: the decision rules of model/ instantiated with Z3 terms; questions about who can do what; witnesses replayed.
export type { Answer, Question, RequestVerdict, RequestWitness, SolverOptions } from './answers.ts';
export { defaultSolverOptions } from './answers.ts';
export type { SolverMutant } from './mutants.ts';
export { SOLVER_MUTANTS, solverMutantNames } from './mutants.ts';
export { whoCan, canAnyoneElse, newAccess, decide } from './questions.ts';
export { requestAllowed } from './replay.ts';
export type { AskSolver, RunnerAnswer } from './ask-handler.ts';
export { answerQuestion, z3Solver } from './ask-handler.ts';
export { z3Logic } from './logic.ts';
export { shutdownZ3, z3 } from './z3.ts';
export type { PathStep, ReachAnswer, ReachGoal, ReachMutant, ReachOptions, ReachStats } from './reach.ts';
export { answerReach, reach } from './reach.ts';
export type { ReachFormat, ReachQuestion } from './reach-format.ts';
export { reachAnswerLines, reachSubcommand } from './reach-format.ts';

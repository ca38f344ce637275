// The solver as the scenario runner sees it (cli/scenario/ask.ts `Solver`): ask steps answered, request witnesses checked.
import type { State } from '../model/index.ts';
import type { Answer, Question, RequestVerdict, RequestWitness, SolverOptions } from './answers.ts';
import { defaultSolverOptions } from './answers.ts';
import { canAnyoneElse, newAccess, whoCan } from './questions.ts';
import { answerReach } from './reach.ts';
import { requestAllowed } from './replay.ts';

/** An answer in the runner's terms (cli/scenario/ask.ts `Answer`): an error of the solver is an "unknown" that says so. */
export type RunnerAnswer =
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'whoCan'; readonly principals: readonly string[]; readonly unknownPrincipals: boolean }
  | { readonly kind: 'no' }
  | { readonly kind: 'yes'; readonly witness: RequestWitness };

/** Structurally the runner's `Solver` (cli/scenario/ask.ts); solver/ does not import cli/. */
export interface AskSolver {
  readonly answer: (state: State, question: Question) => Promise<RunnerAnswer>;
  readonly requestAllowed: (state: State, request: RequestWitness) => RequestVerdict;
}

function forRunner(a: Answer): RunnerAnswer {
  switch (a.kind) {
    case 'whoCan':
      return { kind: 'whoCan', principals: a.principals, unknownPrincipals: a.unknownPrincipals };
    case 'error':
      return { kind: 'unknown', reason: `SOLVER ERROR (the model does not confirm the solver): ${a.reason}` };
    default:
      return a;
  }
}

/** Answer one ask step's question about the current state. */
export async function answerQuestion(state: State, q: Question, options: SolverOptions = defaultSolverOptions): Promise<Answer> {
  switch (q.ask) {
    case 'whoCan':
      return whoCan(state, q.action, q.resource, options);
    case 'canAnyoneElse':
      return canAnyoneElse(state, q.action, q.resource, q.except, options);
    case 'newAccess':
      return newAccess(state, q.resource, q.policy, options);
    case 'reach':
      return answerReach(state, q, options);
  }
}

/** The solver for the scenario runner: `runScenario(scenario, { solver: z3Solver() })`. */
export function z3Solver(options: SolverOptions = defaultSolverOptions): AskSolver {
  return {
    answer: async (state, question) => forRunner(await answerQuestion(state, question, options)),
    requestAllowed,
  };
}

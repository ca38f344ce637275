// The symbolic interpretation of a request's facts (model/authz/facts.ts, name for name): the principal as a
// SymPrincipal, the action and resource concrete, conditions over the symbolic context.
import type { ConditionTest, PolicyDocument, PrincipalMatch, PrincipalSet, RequestFacts } from '../model/index.ts';
import { anyActionMatches, anyArnMatches } from './from-model.ts';
import type { SymContext } from './conditions.ts';
import { symbolicCondition } from './conditions.ts';
import type { SymPrincipal } from './principals.ts';
import type { Backend } from './variables.ts';

/** A request whose principal and context may be symbolic; the action and the resource are concrete. */
export interface SymbolicRequest {
  readonly principal: SymPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly context: SymContext;
}

/** Facts of a symbolic request as seen by one policy document (policy variables need Version 2012-10-17). */
export function symbolicFacts<B>(S: Backend<B>, req: SymbolicRequest, doc: PolicyDocument): RequestFacts<B> {
  const variables = doc.version === '2012-10-17';
  return {
    principal: (set: PrincipalSet): PrincipalMatch<B> => req.principal.match(S, set),
    action: (patterns: readonly string[]): B => S.L.lit(anyActionMatches(patterns, req.action)),
    resource: (patterns: readonly string[]): B => S.L.lit(anyArnMatches(patterns, req.resource)),
    condition: (test: ConditionTest): B => symbolicCondition(S, test, req.context, variables),
  };
}

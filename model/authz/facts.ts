// The concrete interpretation of a request's facts: does this Principal/Action/Resource/Condition match, as booleans.
import { rootArn } from '../arn.ts';
import type { PolicyDocument, PrincipalSet } from '../policy/document.ts';
import type { PrincipalMatch, RequestFacts } from '../policy/evaluate.ts';
import type { RequestContext } from '../policy/context.ts';
import { evaluateCondition } from '../policy/conditions.ts';
import { anyActionMatches, anyArnMatches } from '../policy/match.ts';
import type { Caller } from './caller.ts';

const NO_MATCH: PrincipalMatch<boolean> = { exact: false, indirect: false, account: false };

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — an account is named by
 * its id or `arn:aws:iam::ID:root` (both mean the account); a role session by its session ARN or, through its role,
 * the role ARN; "*" is everyone, anonymous included.
 */
export function principalMatch(caller: Caller, set: PrincipalSet): PrincipalMatch<boolean> {
  if (caller.kind === 'anonymous') return { ...NO_MATCH, indirect: set.anyone };
  const names = set.aws;
  const account = names.includes(caller.account) || names.includes(rootArn(caller.account));
  const exact = caller.kind !== 'root' && names.includes(caller.arn);
  const indirect = set.anyone || (caller.kind === 'session' && names.includes(caller.role.arn));
  return { exact, indirect, account };
}

export interface ConcreteRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
}

/** Facts of a request as seen by one policy document (policy variables need Version 2012-10-17). */
export function concreteFacts(req: ConcreteRequest, doc: PolicyDocument): RequestFacts<boolean> {
  const variables = doc.version === '2012-10-17';
  return {
    principal: (set) => principalMatch(req.caller, set),
    action: (patterns) => anyActionMatches(patterns, req.action),
    resource: (patterns) => anyArnMatches(patterns, req.resource),
    condition: (test) => evaluateCondition(test, req.context, variables),
  };
}

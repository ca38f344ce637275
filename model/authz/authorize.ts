// Concrete authorization: gathers a caller's policies, evaluates them with boolean facts, and applies the one decision rule.
import { boolLogic } from '../logic.ts';
import type { PolicyDocument } from '../policy/document.ts';
import type { ResourceVerdict, Verdict } from '../policy/evaluate.ts';
import { policyVerdict, resourcePolicyVerdict } from '../policy/evaluate.ts';
import type { State } from '../state.ts';
import { boundaryPolicy, identityPolicies, scpLevels, sessionPolicies } from './caller.ts';
import type { DecisionInputs, DecisionRule } from './decision.ts';
import { allowAllVerdict, decide, noVerdict } from './decision.ts';
import type { ConcreteRequest } from './facts.ts';
import { concreteFacts } from './facts.ts';
import { actionSlice, callerSlice } from './slices.ts';

const L = boolLogic;

function union(req: ConcreteRequest, docs: readonly PolicyDocument[]): Verdict<boolean> {
  let allow = false;
  let deny = false;
  for (const whole of docs) {
    const d = actionSlice(whole, req.action);
    if (d.statements.length === 0) continue;
    const v = policyVerdict(L, d, concreteFacts(req, d), 'none');
    allow ||= v.allow;
    deny ||= v.deny;
  }
  return { allow, deny };
}

/** SCP levels: each level must allow, any deny denies. */
function scpVerdict(req: ConcreteRequest, levels: PolicyDocument[][] | undefined): Verdict<boolean> {
  if (!levels) return allowAllVerdict(L);
  const verdicts = levels.map((docs) => union(req, docs));
  return { allow: verdicts.every((v) => v.allow), deny: verdicts.some((v) => v.deny) };
}

export interface ResourceSide {
  /** The account that owns the resource. */
  readonly owner: string;
  /** Its resource policy, if it has one (key policy, bucket policy, trust policy). */
  readonly policy: PolicyDocument | undefined;
  /** Extra resource-side allows the service adds to the policy's own (S3 ACLs), matched as "indirect". */
  readonly extraIndirectAllow?: boolean;
}

/** Every input of the decision rule for one concrete request. */
export function decisionInputs(state: State, req: ConcreteRequest, resource: ResourceSide, grant: boolean): DecisionInputs<boolean> {
  const caller = req.caller;
  const sliced = resource.policy && callerSlice(actionSlice(resource.policy, req.action), req.caller);
  const rp: ResourceVerdict<boolean> | undefined = sliced ? resourcePolicyVerdict(L, sliced, concreteFacts(req, sliced)) : undefined;
  const resourcePolicy = resource.extraIndirectAllow
    ? { ...(rp ?? { exact: false, indirect: false, account: false, deny: false }), indirect: true }
    : rp;
  if (caller.kind === 'anonymous') {
    return { anonymous: true, sameAccount: false, resourcePolicy, identity: noVerdict(L), boundary: noVerdict(L), session: noVerdict(L), scp: noVerdict(L), grant: false };
  }
  // The root user holds every permission of its account (IAM-UG id_root-user); only SCPs and explicit denies bind it.
  const identity = caller.kind === 'root' ? allowAllVerdict(L) : union(req, identityPolicies(state, caller));
  const boundaryDoc = boundaryPolicy(state, caller);
  const sessionDocs = sessionPolicies(state, caller);
  return {
    anonymous: false,
    sameAccount: caller.account === resource.owner,
    resourcePolicy,
    identity,
    boundary: boundaryDoc ? union(req, [boundaryDoc]) : allowAllVerdict(L),
    session: sessionDocs ? union(req, sessionDocs) : allowAllVerdict(L),
    scp: scpVerdict(req, scpLevels(state, caller.account)),
    grant,
  };
}

export type Denial = 'explicitDenyResource' | 'explicitDenyIdentity' | 'explicitDenyScp' | 'noResourcePolicy' | 'noIdentityPolicy' | 'noScp';

export interface AuthzOutcome {
  readonly allowed: boolean;
  /** Why not, in the terms of AWS's AccessDenied messages. */
  readonly denial: Denial | undefined;
  readonly inputs: DecisionInputs<boolean>;
}

function denialOf(i: DecisionInputs<boolean>): Denial {
  if (i.resourcePolicy?.deny) return 'explicitDenyResource';
  if (i.identity.deny || i.boundary.deny || i.session.deny) return 'explicitDenyIdentity';
  if (i.scp.deny) return 'explicitDenyScp';
  if (!i.scp.allow) return 'noScp';
  const rp = i.resourcePolicy;
  if (rp && !(rp.exact || rp.indirect || rp.account)) return 'noResourcePolicy';
  return 'noIdentityPolicy';
}

/** Authorize one request against a resource with the given rule. */
export function authorize(state: State, req: ConcreteRequest, resource: ResourceSide, rule: DecisionRule, grant = false): AuthzOutcome {
  const inputs = decisionInputs(state, req, resource, grant);
  const allowed = decide(L, inputs, rule);
  return { allowed, denial: allowed ? undefined : denialOf(inputs), inputs };
}

/** AWS's AccessDenied message for a denial. */
export function accessDeniedMessage(callerArn: string, action: string, resource: string, denial: Denial | undefined): string {
  const base = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (denial) {
    case 'explicitDenyResource': return `${base} with an explicit deny in a resource-based policy`;
    case 'explicitDenyIdentity': return `${base} with an explicit deny in an identity-based policy`;
    case 'explicitDenyScp': return `${base} with an explicit deny in a service control policy`;
    case 'noScp': return `${base} because no service control policy allows the ${action} action`;
    case 'noResourcePolicy': return `${base} because no resource-based policy allows the ${action} action`;
    default: return `${base} because no identity-based policy allows the ${action} action`;
  }
}

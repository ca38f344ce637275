// The inputs of the decision rule for a symbolic request: model/authz/authorize.ts `decisionInputs` mirrored, reusing
// the model's policy gathering (identity, boundary, session, SCPs) and policy verdicts with symbolic facts.
import type { DecisionInputs, Logic, PolicyDocument, ResourceVerdict, State, Verdict } from '../model/index.ts';
import { policyVerdict, resourcePolicyVerdict } from '../model/index.ts';
import { actionSlice, allowAllVerdict, boundaryPolicy, identityPolicies, noVerdict, scpLevels, sessionPolicies } from './from-model.ts';
import type { SymbolicRequest } from './facts.ts';
import { symbolicFacts } from './facts.ts';
import { mutantOn } from './mutants.ts';
import type { Backend } from './variables.ts';

/** The resource side of a request (model/authz/authorize.ts `ResourceSide`). */
export interface ResourceSide {
  readonly owner: string;
  readonly policy: PolicyDocument | undefined;
  readonly extraIndirectAllow?: boolean;
}

/** Mirror of `union`: the verdict of several policies, each evaluated on the statements that can apply to the action. */
function union<B>(S: Backend<B>, req: SymbolicRequest, docs: readonly PolicyDocument[]): Verdict<B> {
  const verdicts = docs
    .map((whole) => actionSlice(whole, req.action))
    .filter((d) => d.statements.length > 0)
    .map((d) => policyVerdict(S.L, d, symbolicFacts(S, req, d), 'none'));
  return { allow: S.L.any(verdicts, (v) => v.allow), deny: S.L.any(verdicts, (v) => v.deny) };
}

/** Mirror of `scpVerdict`: each level of the organization must allow, any deny denies. */
function scpVerdict<B>(S: Backend<B>, req: SymbolicRequest, levels: PolicyDocument[][] | undefined): Verdict<B> {
  if (!levels) return allowAllVerdict(S.L);
  const verdicts = levels.map((docs) => union(S, req, docs));
  return { allow: S.L.all(verdicts, (v) => v.allow), deny: S.L.any(verdicts, (v) => v.deny) };
}

/**
 * Mirror of `decisionInputs`. A principal of an unknown account is not bound by anything the world knows: its identity
 * policies could allow the request (a free boolean) and deny nothing; no boundary, session policy or SCP of the known
 * world applies to it (its account is in no known organization).
 */
export function symbolicInputs<B>(S: Backend<B>, state: State, req: SymbolicRequest, resource: ResourceSide, grant: B): DecisionInputs<B> {
  const inputs = inputsOf(S, state, req, resource, grant);
  return mutantOn(S, 'denyIgnored') ? withoutDenies(S.L, inputs) : inputs;
}

/** Mutant denyIgnored: the inputs with every explicit deny dropped. */
function withoutDenies<B>(L: Logic<B>, i: DecisionInputs<B>): DecisionInputs<B> {
  const allowOnly = (v: Verdict<B>): Verdict<B> => ({ allow: v.allow, deny: L.no });
  return {
    ...i,
    resourcePolicy: i.resourcePolicy && { ...i.resourcePolicy, deny: L.no },
    identity: allowOnly(i.identity),
    boundary: allowOnly(i.boundary),
    session: allowOnly(i.session),
    scp: allowOnly(i.scp),
  };
}

function inputsOf<B>(S: Backend<B>, state: State, req: SymbolicRequest, resource: ResourceSide, grant: B): DecisionInputs<B> {
  const L = S.L;
  const caller = req.principal.caller;
  const sliced = resource.policy && actionSlice(resource.policy, req.action);
  const rp: ResourceVerdict<B> | undefined = sliced ? resourcePolicyVerdict(L, sliced, symbolicFacts(S, req, sliced)) : undefined;
  const resourcePolicy = resource.extraIndirectAllow ? { ...(rp ?? { exact: L.no, indirect: L.no, account: L.no, deny: L.no }), indirect: L.yes } : rp;
  if (caller.kind === 'anonymous') {
    return { anonymous: L.yes, sameAccount: L.no, resourcePolicy, identity: noVerdict(L), boundary: noVerdict(L), session: noVerdict(L), scp: noVerdict(L), grant: L.no };
  }
  const sameAccount = L.lit(caller.account === resource.owner);
  if (req.principal.unknown) {
    const identity = caller.kind === 'root' ? allowAllVerdict(L) : { allow: S.fresh(`identity-allows[${req.principal.label}]`), deny: L.no };
    return { anonymous: L.no, sameAccount, resourcePolicy, identity, boundary: allowAllVerdict(L), session: allowAllVerdict(L), scp: allowAllVerdict(L), grant };
  }
  // The root user holds every permission of its account (IAM-UG id_root-user); only SCPs and explicit denies bind it.
  const identity = caller.kind === 'root' ? allowAllVerdict(L) : union(S, req, identityPolicies(state, caller));
  const boundaryDoc = boundaryPolicy(state, caller);
  const sessionDocs = sessionPolicies(state, caller);
  return {
    anonymous: L.no,
    sameAccount,
    resourcePolicy,
    identity,
    boundary: boundaryDoc ? union(S, req, [boundaryDoc]) : allowAllVerdict(L),
    session: sessionDocs ? union(S, req, sessionDocs) : allowAllVerdict(L),
    scp: scpVerdict(S, req, scpLevels(state, caller.account)),
    grant,
  };
}

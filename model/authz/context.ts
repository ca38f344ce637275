// The global condition keys every signed request carries (aws:PrincipalArn, aws:PrincipalAccount, ...), plus the caller's environment.
import type { RequestContext } from '../policy/context.ts';
import { contextOf } from '../policy/context.ts';
import type { State } from '../state.ts';
import type { Caller } from './caller.ts';
import { isoTime } from '../timestamps.ts';

/** Environment values a caller controls (a scenario step's `context`): aws:SourceVpce, aws:SourceIp, aws:SecureTransport, ... */
export type RequestEnvironment = Readonly<Record<string, string>>;

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * - aws:PrincipalArn: the role ARN (not the session ARN) for a role session; the root ARN for the root user.
 * - aws:PrincipalAccount, aws:PrincipalType (Account | User | AssumedRole), aws:userid, aws:username (IAM users only).
 * - aws:PrincipalOrgID: present only when the principal's account is in an organization.
 * - aws:CurrentTime / aws:EpochTime; aws:SecureTransport: keyward's callers use TLS unless the environment says not.
 * Anonymous requests carry none of the principal keys.
 */
export function globalContext(state: State, caller: Caller, env: RequestEnvironment = {}): RequestContext {
  if (Object.keys(env).length > 0) return buildGlobalContext(state, caller, env);
  // Memoized per state and caller: many decisions of one step (and every benchmark decision) share them.
  let byCaller = memo.get(state);
  if (!byCaller) {
    byCaller = new Map();
    memo.set(state, byCaller);
  }
  const id = caller.kind === 'anonymous' ? 'anonymous' : caller.arn;
  let ctx = byCaller.get(id);
  if (!ctx) {
    ctx = sharedContext(state, caller);
    byCaller.set(id, ctx);
  }
  return ctx;
}

const memo = new WeakMap<State, Map<string, RequestContext>>();

/**
 * Second level, by what the context is made of (organization, clock, Region, caller identity) rather than by the state
 * object: states that differ elsewhere (every step, the invariants' hypothetical states) share their contexts.
 */
function sharedContext(state: State, caller: Caller): RequestContext {
  const org = state.organization ?? NO_ORGANIZATION;
  let byKey = shared.get(org);
  if (!byKey) {
    byKey = new Map();
    shared.set(org, byKey);
  }
  const id = `${state.now}|${state.region}|${callerIdentity(caller)}`;
  let ctx = byKey.get(id);
  if (!ctx) {
    if (byKey.size > 10_000) byKey.clear();
    ctx = buildGlobalContext(state, caller, {});
    byKey.set(id, ctx);
  }
  return ctx;
}

const NO_ORGANIZATION = {};
const shared = new WeakMap<object, Map<string, RequestContext>>();

/** Everything of the caller its context reads (a user re-created under the same name has a new id). */
const callerIdentity = (c: Caller): string =>
  c.kind === 'anonymous' ? 'anonymous' : c.kind === 'user' ? `${c.arn}|${c.user.userId}` : c.kind === 'session' ? `${c.arn}|${c.role.roleId}` : c.arn;

function buildGlobalContext(state: State, caller: Caller, env: RequestEnvironment): RequestContext {
  const time = {
    'aws:CurrentTime': isoTime(state.now),
    'aws:EpochTime': String(Math.floor(state.now / 1000)),
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': state.region,
  };
  if (caller.kind === 'anonymous') return contextOf({ ...time, ...env });
  const org = state.organization;
  const inOrg = org && (org.management === caller.account || org.members.includes(caller.account));
  const principal = {
    'aws:PrincipalAccount': caller.account,
    'aws:PrincipalOrgID': inOrg ? org.id : undefined,
    'aws:PrincipalArn': caller.kind === 'session' ? caller.role.arn : caller.arn,
    'aws:PrincipalType': caller.kind === 'root' ? 'Account' : caller.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:userid':
      caller.kind === 'root' ? caller.account : caller.kind === 'user' ? caller.user.userId : `${caller.role.roleId}:${caller.session.sessionName}`,
    'aws:username': caller.kind === 'user' ? caller.user.name : undefined,
    'aws:PrincipalIsAWSService': 'false',
  };
  return contextOf({ ...time, ...principal, ...env });
}

// The questions: whoCan, canAnyoneElse, newAccess, and decide (one concrete request), each settled by Z3 over the
// symbolic request, every "yes" decoded into a concrete request and replayed through model/ before it is reported.
import type { Key, PolicyDocument, State } from '../model/index.ts';
import { parsePolicy } from '../model/index.ts';
import { actionSlice } from './from-model.ts';
import type { Answer, RequestWitness, SolverOptions } from './answers.ts';
import { defaultSolverOptions } from './answers.ts';
import { EC_KEY_PREFIX, ecConstraints, pinEc, pinEcValues } from './ec.ts';
import { KEY_ACTIONS } from './kms.ts';
import type { SolverMutant } from './mutants.ts';
import { z3Logic } from './logic.ts';
import type { SymPrincipal } from './principals.ts';
import { SolverLimit } from './regex.ts';
import { requestAllowed } from './replay.ts';
import type { Target } from './targets.ts';
import { allowedFor, principalsOf, resolveTarget } from './targets.ts';
import type { Backend, Var } from './variables.ts';
import { Build, gatherWith } from './variables.ts';
import { confirmed, unknownFrom, witnessOf } from './witness.ts';
import type { Z3, Z3Bool } from './z3.ts';
import { check, z3 } from './z3.ts';

// ---------------------------------------------------------------------------------------------------------------------
// Building and checking

let logic: { Z: Z3; L: ReturnType<typeof z3Logic> } | undefined;
async function backend(mutant?: SolverMutant): Promise<Build> {
  const Z = await z3();
  if (logic?.Z !== Z) logic = { Z, L: z3Logic(Z) };
  return new Build(Z, logic.L, mutant);
}

/**
 * Build the formulas in two passes: the gathering pass walks each (recording what every string is tested against), then
 * `pins` may add values, then the building pass makes Z3 terms over each string's candidates.
 */
async function buildFormulas<K>(
  items: readonly K[],
  f: <B>(S: Backend<B>, item: K) => B,
  t: Target,
  pins?: { readonly prepare: () => void; readonly pin: (b: Build) => Z3Bool[] },
  mutant?: SolverMutant,
): Promise<{ b: Build; formulas: Z3Bool[]; constraints: Z3Bool[] }> {
  const gathering = gatherWith(mutant);
  for (const item of items) f(gathering, item);
  pins?.prepare();
  const b = await backend(mutant);
  const formulas = items.map((item) => f(b, item));
  const pinned = pins ? pins.pin(b) : [];
  return { b, formulas, constraints: [...pinned, ...ecConstraints(b, t.vars.ec), ...b.domainConstraints()] };
}

// ---------------------------------------------------------------------------------------------------------------------
// whoCan

/**
 * SCENARIOS.md "whoCan": the exact set of known principals that can (a role when a session of it can) and whether some
 * unknown principal can. Each Z3 call asks whether one of the principals still undecided can; every principal its model
 * satisfies is a "yes" (with a witness, replayed), and an unsat call settles the rest as "no".
 */
export async function whoCan(state: State, action: string, resource: string, options: SolverOptions = defaultSolverOptions): Promise<Answer> {
  const r = resolveTarget(state, action, resource);
  if (!r.ok) return r.missing ? { kind: 'whoCan', principals: [], unknownPrincipals: false, witnesses: [] } : { kind: 'unknown', reason: r.why };
  const t = r.target;
  try {
    const principals = principalsOf(state, t, []);
    const built = await buildFormulas(principals, (S, p) => allowedFor(S, t, p, action), t, undefined, options.mutant);
    const { b, formulas, constraints } = built;
    const holds = (w: RequestWitness) => {
      const v = requestAllowed(state, w);
      return { ok: v.allowed, why: v.why };
    };
    const found = new Set<string>();
    const witnesses: RequestWitness[] = [];
    const settle = async (group: number[], stopAtFirst: boolean): Promise<Answer | undefined> => {
      let remaining = group;
      while (remaining.length > 0) {
        const result = await check(b.Z, [...constraints, b.L.or(...remaining.map((i) => formulas[i]!))], options.timeoutMs);
        if (result.kind === 'unknown') return { kind: 'unknown', reason: result.reason };
        if (result.kind === 'unsat') return undefined;
        const yes = remaining.filter((i) => b.holds(result.model, formulas[i]!));
        if (yes.length === 0) return { kind: 'error', reason: 'Z3 found a model in which no principal can, for a formula saying one can' };
        for (const i of yes) {
          const p = principals[i]!;
          const c = confirmed(witnessOf(b, result.model, t, p, action), holds);
          if (!c.ok) return c.answer;
          witnesses.push(c.witness);
          found.add(p.reportAs ?? 'unknown');
        }
        if (stopAtFirst) return undefined;
        remaining = remaining.filter((i) => !yes.includes(i));
      }
      return undefined;
    };
    const index = principals.map((_, i) => i);
    const knownAnswer = await settle(index.filter((i) => !principals[i]!.unknown), false);
    if (knownAnswer) return knownAnswer;
    const unknownAnswer = await settle(index.filter((i) => principals[i]!.unknown), true);
    if (unknownAnswer) return unknownAnswer;
    const known = principals.flatMap((p) => (p.reportAs && found.has(p.reportAs) ? [p.reportAs] : []));
    return { kind: 'whoCan', principals: [...new Set(known)], unknownPrincipals: found.has('unknown'), witnesses };
  } catch (e) {
    return unknownFrom(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// canAnyoneElse

/** SCENARIOS.md "canAnyoneElse": can a principal other than the excepted ones (or their roles' sessions) do it? */
export async function canAnyoneElse(state: State, action: string, resource: string, except: readonly string[], options: SolverOptions = defaultSolverOptions): Promise<Answer> {
  const r = resolveTarget(state, action, resource);
  if (!r.ok) return r.missing ? { kind: 'no' } : { kind: 'unknown', reason: r.why };
  const t = r.target;
  try {
    const principals = principalsOf(state, t, []);
    const f = <B>(S: Backend<B>, p: SymPrincipal): B => S.L.and(S.L.not(p.isOneOf(S, except)), allowedFor(S, t, p, action));
    const { b, formulas, constraints } = await buildFormulas(principals, f, t, undefined, options.mutant);
    const result = await check(b.Z, [...constraints, b.L.or(...formulas)], options.timeoutMs);
    if (result.kind === 'unknown') return { kind: 'unknown', reason: result.reason };
    if (result.kind === 'unsat') return { kind: 'no' };
    const i = formulas.findIndex((x) => b.holds(result.model, x));
    if (i < 0) return { kind: 'error', reason: 'Z3 found a model in which nobody else can, for a formula saying someone can' };
    const w = witnessOf(b, result.model, t, principals[i]!, action);
    const c = confirmed(w, (x) => {
      if (except.includes(x.principal)) return { ok: false, why: `${x.principal} is excepted` };
      const v = requestAllowed(state, x);
      return { ok: v.allowed, why: v.why };
    });
    return c.ok ? { kind: 'yes', witness: c.witness } : c.answer;
  } catch (e) {
    return unknownFrom(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// newAccess

/** The statements of a policy that can apply to the action, as evaluation reads them (version included, Sids not). */
function sliceText(doc: PolicyDocument, action: string): string {
  const slice = actionSlice(doc, action);
  return JSON.stringify({ version: slice.version, statements: slice.statements.map(({ sid: _sid, ...rest }) => rest) });
}

/** Do both policies say the same about the action (the same statements in the same order, the same version)? */
const sameSlice = (a: PolicyDocument, b: PolicyDocument, action: string): boolean => sliceText(a, action) === sliceText(b, action);

/** The state with the key's policy replaced by a candidate (to replay a newAccess witness). */
function withPolicy(state: State, key: Key, text: string, doc: PolicyDocument): State {
  return { ...state, kms: { ...state.kms, keys: { ...state.kms.keys, [key.keyId]: { ...key, policy: { text, doc } } } } };
}

/**
 * SCENARIOS.md "newAccess": does the candidate key policy allow some request (any principal, any key action, any
 * context) that the current policy does not? Both policies are evaluated on the same symbolic request.
 */
export async function newAccess(state: State, resource: string, policyText: string, options: SolverOptions = defaultSolverOptions): Promise<Answer> {
  const r = resolveTarget(state, 'kms:DescribeKey', resource);
  if (!r.ok) return r.missing ? { kind: 'no' } : { kind: 'unknown', reason: r.why };
  const parsed = parsePolicy(policyText, 'keyPolicy');
  if (!parsed.ok) return { kind: 'unknown', reason: `the candidate is not a valid key policy: ${parsed.reason}` };
  const t = r.target;
  if (t.kind !== 'kms') return { kind: 'unknown', reason: 'newAccess is about key policies' };
  const candidate = parsed.doc;
  const current = t.key.policy.doc;
  // An action for which both policies have the same statements is decided the same way under both (only the key
  // policy differs between the two requests): neither can open anything there. That includes every action neither mentions.
  const actions = KEY_ACTIONS.filter((a) => !sameSlice(candidate, current, a));
  try {
    const principals = principalsOf(state, t, [candidate]);
    const pairs = principals.flatMap((p) => actions.map((action) => ({ p, action })));
    const f = <B>(S: Backend<B>, x: { p: SymPrincipal; action: string }): B =>
      S.L.and(allowedFor(S, t, x.p, x.action, candidate), S.L.not(allowedFor(S, t, x.p, x.action, current)));
    const { b, formulas, constraints } = await buildFormulas(pairs, f, t, undefined, options.mutant);
    const result = await check(b.Z, [...constraints, b.L.or(...formulas)], options.timeoutMs);
    if (result.kind === 'unknown') return { kind: 'unknown', reason: result.reason };
    if (result.kind === 'unsat') return { kind: 'no' };
    const i = formulas.findIndex((x) => b.holds(result.model, x));
    if (i < 0) return { kind: 'error', reason: 'Z3 found a model in which no request is new, for a formula saying one is' };
    const { p, action } = pairs[i]!;
    const changed = withPolicy(state, t.key, policyText, candidate);
    const c = confirmed(witnessOf(b, result.model, t, p, action), (w) => {
      const under = requestAllowed(changed, w);
      if (!under.allowed) return { ok: false, why: `under the candidate policy: ${under.why}` };
      const now = requestAllowed(state, w);
      return now.allowed ? { ok: false, why: 'the current policy already allows it' } : { ok: true, why: '' };
    });
    return c.ok ? { kind: 'yes', witness: c.witness } : c.answer;
  } catch (e) {
    return unknownFrom(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// decide: one concrete request

/**
 * The principal of a concrete request among those a question ranges over: a root user, an IAM user, a live session,
 * anonymous, an unknown account's root user; or a session of a known role that does not exist yet (the role's fresh
 * session, its name then pinned).
 */
function principalOfRequest(state: State, principals: readonly SymPrincipal[], arn: string): { p: SymPrincipal; sessionName?: string } | undefined {
  const concrete = principals.find((p) => p.label === arn && (p.caller.kind !== 'session' || p.caller.arn === arn));
  if (concrete) return { p: concrete };
  // A session the state has, but expired: not a principal that can act (nor a fresh session of its role).
  if (state.iam.sessions[arn]) return undefined;
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  const role = m && Object.values(state.iam.roles).find((r) => r.account === m[1] && r.name === m[2]);
  const fresh = role ? principals.find((p) => p.label === role.arn) : undefined;
  return fresh && m ? { p: fresh, sessionName: m[3]! } : undefined;
}

const contextValue = (context: RequestWitness['context'], key: string): readonly string[] | undefined => {
  const v = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  return v === undefined ? undefined : typeof v === 'string' ? [v] : v;
};

/** Defaults of keys always in a request that a concrete request may leave out (model/authz/context.ts `globalContext`). */
const MODEL_DEFAULTS: Readonly<Record<string, string>> = { 'aws:SecureTransport': 'true' };

/**
 * Pins that fix every caller choice of the symbolic request to a concrete request's: its values become candidates
 * (`prepare`, after the gathering pass) and the constraints (`pin`) choose them.
 */
function requestPins(t: Target, request: RequestWitness, nameVar: Var | undefined, sessionName: string | undefined) {
  const ec: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.context)) if (k.toLowerCase().startsWith(EC_KEY_PREFIX)) ec[k.slice(EC_KEY_PREFIX.length)] = typeof v === 'string' ? v : (v[0] ?? '');
  const single = (key: string): string | undefined => contextValue(request.context, key)?.[0] ?? MODEL_DEFAULTS[key];
  return {
    prepare: (): void => {
      for (const [key, v] of t.vars.singles) {
        const value = single(key);
        if (value !== undefined) v.pins.push(value);
      }
      for (const [key, s] of t.vars.sets) s.values.pins.push(...(contextValue(request.context, key) ?? []));
      pinEcValues(t.vars.ec, ec);
      if (nameVar && sessionName !== undefined) nameVar.pins.push(sessionName);
    },
    pin: (b: Build): Z3Bool[] => [
      // An always-present key the request leaves out (and the model has no default for) stays free.
      ...[...t.vars.singles].map(([key, v]) => (v.optional || single(key) !== undefined ? b.pin(v, single(key)) : b.L.yes)),
      ...[...t.vars.sets].map(([key, s]) => b.pinSet(s, contextValue(request.context, key) ?? [])),
      pinEc(b, t.vars.ec, ec),
      ...(nameVar && sessionName !== undefined ? [b.pin(nameVar, sessionName)] : []),
    ],
  };
}

/**
 * The solver's verdict on one concrete request (a principal of the state, or a session of a known role not yet
 * assumed; action; resource; context): the same formula as the questions, with every caller choice pinned to the
 * request's. An always-present key the request leaves out takes the model's default (aws:SecureTransport "true").
 */
export async function decide(state: State, request: RequestWitness, options: SolverOptions = defaultSolverOptions): Promise<'yes' | 'no' | 'unknown'> {
  const r = resolveTarget(state, request.action, request.resource);
  if (!r.ok) return r.missing ? 'no' : 'unknown';
  const t = r.target;
  try {
    const found = principalOfRequest(state, principalsOf(state, t, []), request.principal);
    if (!found) return 'unknown';
    const pins = requestPins(t, request, found.sessionName === undefined ? undefined : sessionNameVar(found.p), found.sessionName);
    const f = <B>(S: Backend<B>, p: SymPrincipal): B => allowedFor(S, t, p, request.action);
    const { b, formulas, constraints } = await buildFormulas([found.p], f, t, pins, options.mutant);
    const result = await check(b.Z, [...constraints, ...formulas], options.timeoutMs);
    return result.kind === 'sat' ? 'yes' : result.kind === 'unsat' ? 'no' : 'unknown';
  } catch (e) {
    if (e instanceof SolverLimit) return 'unknown';
    throw e;
  }
}

/** The session-name variable of a fresh role session (its aws:userid view names it). */
function sessionNameVar(p: SymPrincipal): Var | undefined {
  const e = p.overlay.get('aws:userid');
  return e?.k === 'one' ? e.view.variable : undefined;
}

// Who might be asking: every principal a question ranges over, known (concrete) or symbolic — a fresh session of a
// role, a principal of an account the world does not know — and how each matches Principal elements and grantees.
import type { Arn, Caller, PrincipalMatch, PrincipalSet, Role, State, User } from '../model/index.ts';
import { rootArn, sessionArn } from '../model/index.ts';
import { principalMatch, principalNamesCaller } from './from-model.ts';
import type { Entry } from './conditions.ts';
import type { Rx } from './regex.ts';
import { cat, charsRx, lit, star } from './regex.ts';
import { literalLang } from './strings.ts';
import type { Backend, Build, View } from './variables.ts';
import { afterFirstColon, afterPrefix, lastSegment, newVar, whole } from './variables.ts';
import type { Z3Model } from './z3.ts';

export interface SymPrincipal {
  /** A readable name: the principal's ARN, or a description of a symbolic one. */
  readonly label: string;
  /** The known principal a whoCan answer lists for it (a role for its sessions); undefined for unknown principals. */
  readonly reportAs: string | undefined;
  /** The caller the model's policy gathering and context builders see (for a symbolic principal, a stand-in). */
  readonly caller: Caller;
  /** Outside the known world: its identity policies could say anything. Anonymous callers count as unknown too. */
  readonly unknown: boolean;
  /** How a Principal element covers it (model/authz/facts.ts `principalMatch`). */
  match<B>(S: Backend<B>, set: PrincipalSet): PrincipalMatch<B>;
  /** Does a grant's grantee name it (model/kms/grants.ts `principalNamesCaller`)? */
  named<B>(S: Backend<B>, name: string): B;
  /** Is it one of these principals, itself or as a session of one of these roles? */
  isOneOf<B>(S: Backend<B>, arns: readonly string[]): B;
  /** Global condition keys whose values are symbolic for it (aws:userid of a fresh session, ...). */
  readonly overlay: ReadonlyMap<string, Entry>;
  /** Its ARN ("anonymous" for an unsigned caller) in a model. */
  arnIn(b: Build, model: Z3Model): string;
  /** The symbolic principal keys a model chose (for the witness; a stand-in replays them). */
  keysIn(b: Build, model: Z3Model): Record<string, string>;
}

const lifted = <B>(S: Backend<B>, m: PrincipalMatch<boolean>): PrincipalMatch<B> => ({ exact: S.L.lit(m.exact), indirect: S.L.lit(m.indirect), account: S.L.lit(m.account) });

const callerArn = (c: Caller): string => (c.kind === 'anonymous' ? 'anonymous' : c.arn);

/** A principal the state knows (or an unknown account's root user, or anonymous): everything about it is concrete. */
export function concretePrincipal(caller: Caller, opts: { unknown?: boolean; reportAs?: string; overlay?: ReadonlyMap<string, Entry>; keys?: (b: Build, m: Z3Model) => Record<string, string> } = {}): SymPrincipal {
  const arn = callerArn(caller);
  return {
    label: arn,
    reportAs: opts.unknown ? undefined : (opts.reportAs ?? arn),
    caller,
    unknown: opts.unknown ?? false,
    match: (S, set) => lifted(S, principalMatch(caller, set)),
    named: (S, name) => S.L.lit(principalNamesCaller(name, caller)),
    isOneOf: (S, arns) => S.L.lit(arns.includes(arn) || (caller.kind === 'session' && arns.includes(caller.role.arn))),
    overlay: opts.overlay ?? new Map(),
    arnIn: () => arn,
    keysIn: (b, m) => opts.keys?.(b, m) ?? {},
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Name domains (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names)

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-';
const PATH_CHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '/').join('');
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A user's or role's path and name as it follows `:user` / `:role` in its ARN: `/`, path segments, the name. */
const PATH_AND_NAME: Rx = cat(lit('/'), star(cat(charsRx(PATH_CHARS), lit('/'))), charsRx(NAME_CHARS));
/** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html — RoleSessionName: [\w+=,.@-]{2,64}. */
const SESSION_NAME: Rx = charsRx(NAME_CHARS, 2);
/** An unknown role session's aws:userid: its role's unique id, a colon, the session name (IAM-UG condition-keys). */
const ROLE_UID: Rx = cat(lit('AROA'), charsRx(UPPER_DIGITS), lit(':'), SESSION_NAME);
const USER_UID: Rx = cat(lit('AIDA'), charsRx(UPPER_DIGITS));
const ORG_ID: Rx = cat(lit('o-'), charsRx('abcdefghijklmnopqrstuvwxyz0123456789'));

const literalNames = (names: readonly string[], prefix: string) => names.filter((n) => n.startsWith(prefix)).map(literalLang);

/** The view's derived string is one of `names`. */
function viewIsOneOf<B>(S: Backend<B>, view: View, prefix: string, names: readonly string[]): B {
  const candidates = names.filter((n) => n.startsWith(prefix));
  if (candidates.length === 0) return S.L.no;
  return S.value(view, literalNames(candidates, prefix), (d) => candidates.includes(d));
}

const NO_POLICY = { text: '{}', doc: { version: undefined, id: undefined, statements: [] } };

/** A session the state has not seen: the role's own, without a session policy (sts:AssumeRole with no Policy). */
function standInSession(role: Role, sessionName: string): Extract<Caller, { kind: 'session' }> {
  const arn = sessionArn(role.account, role.name, sessionName);
  const session = {
    arn, account: role.account, roleArn: role.arn, roleName: role.name, sessionName,
    sessionPolicy: undefined, sessionPolicyArns: [], expiresAt: Number.POSITIVE_INFINITY, assumedBy: role.arn,
  };
  return { kind: 'session', arn, account: role.account, session, role };
}

/**
 * A role, as a session of it could act ("a role counts when a session of it could", SCENARIOS.md): a fresh session
 * without session policy whose name is the caller's choice (never the name of a live session of the role, which is a
 * principal of its own).
 */
export function freshRoleSession(state: State, role: Role): SymPrincipal {
  const live = Object.values(state.iam.sessions).filter((s) => s.roleArn === role.arn).map((s) => lit(s.sessionName));
  const name = newVar(`session-name[${role.arn}]`, SESSION_NAME, { exclusions: live });
  const prefix = sessionArn(role.account, role.name, '');
  const arnView = afterPrefix(name, prefix);
  const standIn = standInSession(role, 'keyward-session');
  const account = role.account;
  return {
    label: role.arn,
    reportAs: role.arn,
    caller: standIn,
    unknown: false,
    match: (S, set) => ({
      exact: viewIsOneOf(S, arnView, prefix, set.aws),
      indirect: S.L.lit(set.anyone || set.aws.includes(role.arn)),
      account: S.L.lit(set.aws.includes(account) || set.aws.includes(rootArn(account))),
    }),
    named: (S, n) => (n === role.arn ? S.L.yes : viewIsOneOf(S, arnView, prefix, [n])),
    isOneOf: (S, arns) => (arns.includes(role.arn) ? S.L.yes : viewIsOneOf(S, arnView, prefix, arns)),
    overlay: new Map<string, Entry>([['aws:userid', { k: 'one', view: afterPrefix(name, `${role.roleId}:`) }]]),
    arnIn: (b, m) => prefix + (b.read(m, name) ?? ''),
    keysIn: () => ({}),
  };
}

/** aws:PrincipalOrgID of an unknown account: absent, or any organization but the state's own (its members are known). */
function orgVar(state: State, account: string) {
  return newVar(`org[${account}]`, ORG_ID, { optional: true, exclusions: state.organization ? [lit(state.organization.id)] : [] });
}

const orgEntry = (v: ReturnType<typeof orgVar>): [string, Entry] => ['aws:principalorgid', { k: 'one', view: whole(v) }];

function readKeys(b: Build, m: Z3Model, keys: Readonly<Record<string, ReturnType<typeof newVar>>>, views: Readonly<Record<string, View>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(keys)) {
    const value = b.read(m, v);
    if (value !== undefined) out[k] = value;
  }
  for (const [k, view] of Object.entries(views)) {
    const value = b.readView(m, view);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** The root user of an account the world does not know. */
export function unknownRoot(state: State, account: string): SymPrincipal {
  const org = orgVar(state, account);
  const caller: Caller = { kind: 'root', arn: rootArn(account), account: account as never };
  return concretePrincipal(caller, { unknown: true, overlay: new Map([orgEntry(org)]), keys: (b, m) => readKeys(b, m, { 'aws:PrincipalOrgID': org }) });
}

const standInUser = (account: string): User => ({
  arn: `arn:aws:iam::${account}:user/keyward-unknown` as Arn, account: account as never, name: 'keyward-unknown', path: '/',
  userId: 'AIDAKEYWARDUNKNOWN', createdAt: 0, inlinePolicies: {}, attachedPolicies: [], boundary: undefined,
});

/** Some IAM user of an account the world does not know: any path and name, any unique id, any organization. */
export function unknownUser(state: State, account: string): SymPrincipal {
  const tail = newVar(`user[${account}]`, PATH_AND_NAME);
  const userId = newVar(`userid[${account}]`, USER_UID);
  const org = orgVar(state, account);
  const prefix = `arn:aws:iam::${account}:user`;
  const arnView = afterPrefix(tail, prefix);
  const user = standInUser(account);
  return {
    label: `an unknown IAM user of ${account}`,
    reportAs: undefined,
    caller: { kind: 'user', arn: user.arn, account: user.account, user },
    unknown: true,
    match: (S, set) => ({
      exact: viewIsOneOf(S, arnView, prefix, set.aws),
      indirect: S.L.lit(set.anyone),
      account: S.L.lit(set.aws.includes(account) || set.aws.includes(rootArn(account))),
    }),
    named: (S, n) => viewIsOneOf(S, arnView, prefix, [n]),
    isOneOf: (S, arns) => viewIsOneOf(S, arnView, prefix, arns),
    overlay: new Map<string, Entry>([
      ['aws:principalarn', { k: 'one', view: arnView }],
      ['aws:username', { k: 'one', view: lastSegment(tail) }],
      ['aws:userid', { k: 'one', view: whole(userId) }],
      orgEntry(org),
    ]),
    arnIn: (b, m) => prefix + (b.read(m, tail) ?? ''),
    keysIn: (b, m) => readKeys(b, m, { 'aws:userid': userId, 'aws:PrincipalOrgID': org }),
  };
}

/** Some session of some role of an account the world does not know. */
export function unknownSession(state: State, account: string): SymPrincipal {
  const roleTail = newVar(`role[${account}]`, PATH_AND_NAME);
  const uid = newVar(`role-userid[${account}]`, ROLE_UID);
  const org = orgVar(state, account);
  const rolePrefix = `arn:aws:iam::${account}:role`;
  const roleView = afterPrefix(roleTail, rolePrefix);
  const sessionPrefix = `arn:aws:sts::${account}:assumed-role/`;
  const role: Role = {
    arn: `${rolePrefix}/keyward-unknown` as Arn, account: account as never, name: 'keyward-unknown', path: '/', roleId: 'AROAKEYWARDUNKNOWN',
    createdAt: 0, trustPolicy: NO_POLICY, inlinePolicies: {}, attachedPolicies: [], boundary: undefined, maxSessionDurationSeconds: 3600,
  };
  /** The session ARN `arn:aws:sts::A:assumed-role/ROLE/SESSION` names it: ROLE is its role's name, SESSION its session's. */
  const sessionIs = <B>(S: Backend<B>, n: string): B => {
    if (!n.startsWith(sessionPrefix)) return S.L.no;
    const m = /^([^/]+)\/(.+)$/.exec(n.slice(sessionPrefix.length));
    if (!m) return S.L.no;
    const [, roleName, sessionName] = m as unknown as [string, string, string];
    return S.L.and(
      S.value(lastSegment(roleTail), [literalLang(roleName)], (d) => d === roleName),
      S.value(afterFirstColon(uid), [literalLang(sessionName)], (d) => d === sessionName),
    );
  };
  const arnIn = (b: Build, m: Z3Model): string => {
    const t = b.read(m, roleTail) ?? '/r';
    const u = b.read(m, uid) ?? 'AROA0:s';
    return `${sessionPrefix}${t.slice(t.lastIndexOf('/') + 1)}/${u.slice(u.indexOf(':') + 1)}`;
  };
  return {
    label: `a session of an unknown role of ${account}`,
    reportAs: undefined,
    caller: standInSession(role, 'keyward-unknown'),
    unknown: true,
    match: (S, set) => ({
      exact: S.L.any(set.aws, (n) => sessionIs(S, n)),
      indirect: S.L.or(S.L.lit(set.anyone), viewIsOneOf(S, roleView, rolePrefix, set.aws)),
      account: S.L.lit(set.aws.includes(account) || set.aws.includes(rootArn(account))),
    }),
    named: (S, n) => S.L.or(sessionIs(S, n), viewIsOneOf(S, roleView, rolePrefix, [n])),
    isOneOf: (S, arns) => S.L.or(S.L.any(arns, (n) => sessionIs(S, n)), viewIsOneOf(S, roleView, rolePrefix, arns)),
    overlay: new Map<string, Entry>([
      ['aws:principalarn', { k: 'one', view: roleView }],
      ['aws:userid', { k: 'one', view: whole(uid) }],
      orgEntry(org),
    ]),
    arnIn,
    keysIn: (b, m) => ({ ...readKeys(b, m, { 'aws:userid': uid, 'aws:PrincipalOrgID': org }, { 'aws:PrincipalArn': roleView }) }),
  };
}

export const anonymousPrincipal = (): SymPrincipal => concretePrincipal({ kind: 'anonymous' }, { unknown: true });

// Who is calling: the caller string of a call resolved against the state, and the policies that bind that caller.
import type { AccountId, Arn } from '../arn.ts';
import { parsePrincipalArn, rootArn } from '../arn.ts';
import type { PolicyDocument } from '../policy/document.ts';
import type { ManagedPolicy, Role, RoleSession, State, User } from '../state.ts';
import { awsManagedPolicy } from '../iam/managed-policies.ts';
import { parsePolicy } from '../policy/parse.ts';

export type Caller =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'root'; readonly arn: Arn; readonly account: AccountId }
  | { readonly kind: 'user'; readonly arn: Arn; readonly account: AccountId; readonly user: User }
  | { readonly kind: 'session'; readonly arn: Arn; readonly account: AccountId; readonly session: RoleSession; readonly role: Role };

export type SignedCaller = Exclude<Caller, { kind: 'anonymous' }>;

export type CallerProblem = 'unknownPrincipal' | 'expiredSession';

/** Resolve a scenario's `as` (an ARN or "anonymous") to a caller of this state. */
export function resolveCaller(state: State, as: string): Caller | CallerProblem {
  if (as === 'anonymous') return { kind: 'anonymous' };
  const name = parsePrincipalArn(as);
  if (!name || !state.accounts.includes(name.account)) return 'unknownPrincipal';
  switch (name.kind) {
    case 'root':
      return { kind: 'root', arn: rootArn(name.account), account: name.account };
    case 'user': {
      const user = state.iam.users[as];
      return user ? { kind: 'user', arn: user.arn, account: user.account, user } : 'unknownPrincipal';
    }
    case 'session': {
      const session = state.iam.sessions[as];
      const role = session && state.iam.roles[session.roleArn];
      if (!session || !role) return 'unknownPrincipal';
      if (session.expiresAt <= state.now) return 'expiredSession';
      return { kind: 'session', arn: session.arn, account: session.account, session, role };
    }
    case 'role':
      // A role is not a caller; only its sessions are.
      return 'unknownPrincipal';
  }
}

export const callerAccount = (c: Caller): AccountId | undefined => (c.kind === 'anonymous' ? undefined : c.account);

/** A managed policy by ARN: customer managed from the state, AWS managed from the built-in catalogue. */
export function managedPolicy(state: State, arn: string): ManagedPolicy | undefined {
  return state.iam.policies[arn] ?? awsManagedPolicy(arn);
}

function docsOf(state: State, inline: Readonly<Record<string, { doc: PolicyDocument }>>, attached: readonly string[]): PolicyDocument[] {
  const docs = Object.values(inline).map((p) => p.doc);
  for (const arn of attached) {
    const p = managedPolicy(state, arn);
    if (p) docs.push(p.policy.doc);
  }
  return docs;
}

/** Identity policies: the user's own and its groups' (inline and attached), or the role's for a session. */
export function identityPolicies(state: State, caller: SignedCaller): PolicyDocument[] {
  const docs = specifiedIdentityPolicies(state, caller);
  // Seeded mutants (model/mutants.ts); production never sets config.mutant.
  if (state.config.mutant === 'identityDenyIgnored') return docs.map(withoutDenies);
  if (state.config.mutant === 'foreignKeysNeedNoIamAllow') return [...docs, allowForeignKeys(caller.account)];
  return docs;
}

function specifiedIdentityPolicies(state: State, caller: SignedCaller): PolicyDocument[] {
  switch (caller.kind) {
    case 'root':
      return [];
    case 'user': {
      const docs = docsOf(state, caller.user.inlinePolicies, caller.user.attachedPolicies);
      for (const g of Object.values(state.iam.groups)) {
        if (g.account === caller.account && g.members.includes(caller.user.name)) docs.push(...docsOf(state, g.inlinePolicies, g.attachedPolicies));
      }
      return docs;
    }
    case 'session':
      return docsOf(state, caller.role.inlinePolicies, caller.role.attachedPolicies);
  }
}

/** The permissions boundary document, if the user or role has one. */
export function boundaryPolicy(state: State, caller: SignedCaller): PolicyDocument | undefined {
  const arn = caller.kind === 'user' ? caller.user.boundary : caller.kind === 'session' ? caller.role.boundary : undefined;
  const doc = arn ? managedPolicy(state, arn)?.policy.doc : undefined;
  return doc && state.config.mutant === 'boundaryDenyIgnored' ? withoutDenies(doc) : doc;
}

/** Session policies passed to AssumeRole (inline and managed ARNs); undefined when none were passed. */
export function sessionPolicies(state: State, caller: SignedCaller): PolicyDocument[] | undefined {
  if (caller.kind !== 'session') return undefined;
  const s = caller.session;
  if (!s.sessionPolicy && s.sessionPolicyArns.length === 0) return undefined;
  const docs = docsOf(state, s.sessionPolicy ? { inline: s.sessionPolicy } : {}, s.sessionPolicyArns);
  return state.config.mutant === 'sessionDenyIgnored' ? docs.map(withoutDenies) : docs;
}

/**
 * SCP documents that govern an account, one list per level of the organization (root, then the account), or undefined
 * when none govern it. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * — every level must allow; SCPs apply to member accounts (root user included), never to the management account;
 * FullAWSAccess is attached to every target by default.
 */
export function scpLevels(state: State, account: AccountId): PolicyDocument[][] | undefined {
  const org = state.organization;
  if (!org || account === org.management || !org.members.includes(account)) return undefined;
  const levels = [org.rootId, account].map((target) =>
    (org.attachments[target] ?? [FULL_AWS_ACCESS_ID]).map((id) => org.policies[id]?.policy.doc).filter((d): d is PolicyDocument => d !== undefined),
  );
  return state.config.mutant === 'scpDenyIgnored' ? levels.map((docs) => docs.map(withoutDenies)) : levels;
}

/** Mutants only: a document without its Deny statements. */
const withoutDenies = (doc: PolicyDocument): PolicyDocument => ({ ...doc, statements: doc.statements.filter((s) => s.effect !== 'Deny') });

const foreignKeyAllows = new Map<string, PolicyDocument>();

/** Mutant foreignKeysNeedNoIamAllow only: an identity policy allowing every KMS action on keys outside the account. */
function allowForeignKeys(account: string): PolicyDocument {
  let doc = foreignKeyAllows.get(account);
  if (!doc) {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', NotResource: `arn:aws:kms:*:${account}:*` }] });
    const parsed = parsePolicy(text, 'identity');
    if (!parsed.ok) throw new Error(`keyward: mutant policy does not parse: ${parsed.reason}`);
    doc = parsed.doc;
    foreignKeyAllows.set(account, doc);
  }
  return doc;
}

export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';

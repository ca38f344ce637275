// Policy documents written through IAM and STS: parsed for their kind, checked as IAM checks them, stored ready to evaluate.
import { isAccountId, parsePrincipalArn } from '../arn.ts';
import type { AwsError } from '../errors.ts';
import type { PolicyDocument, PolicyKind, PrincipalSet, Statement } from '../policy/document.ts';
import { parsePolicy } from '../policy/parse.ts';
import type { State, StoredPolicy } from '../state.ts';

export type Checked = { readonly ok: true; readonly stored: StoredPolicy } | { readonly ok: false; readonly error: AwsError };

const malformed = (code: string, message: string): Checked => ({ ok: false, error: { code, message } });

/**
 * IAM's wording for the parser's reasons (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
 * and the errors IAM returns): "Policy document should not specify a principal.", "Policy statement must contain
 * actions.", "Policy statement must contain resources.", "Missing required field Principal", "Syntax errors in policy.".
 */
function iamWording(reason: string): string {
  if (/Principal is not allowed/.test(reason)) return 'Policy document should not specify a principal.';
  if (/has no Principal/.test(reason)) return 'Missing required field Principal';
  if (/has no Action/.test(reason)) return 'Policy statement must contain actions.';
  if (/has no Resource/.test(reason)) return 'Policy statement must contain resources.';
  return `Syntax errors in policy. (${reason})`;
}

/**
 * Statements without Resource/NotResource apply to every resource of their scope: a trust policy's statements to
 * the role it is attached to (trust policies have no Resource: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html),
 * an SCP Allow statement to every resource (SCP syntax: Resource is a Deny-only element,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html). The evaluator
 * treats a missing Resource as matching nothing (the key-policy rule), so the scope is made explicit here.
 */
export function withImplicitResource(doc: PolicyDocument): PolicyDocument {
  const statements = doc.statements.map((s): Statement => (s.resource || s.notResource ? s : { ...s, resource: ['*'] }));
  return { ...doc, statements };
}

/** Parse a document of a kind that names no principal (identity, boundary, session policies); `code` is the service's error code. */
export function principalFreeDocument(text: string, kind: PolicyKind, code = 'MalformedPolicyDocument'): Checked {
  const parsed = parsePolicy(text, kind);
  if (!parsed.ok) return malformed(code, iamWording(parsed.reason));
  return { ok: true, stored: { text, doc: parsed.doc } };
}

const awsNames = (set: PrincipalSet | undefined): readonly string[] => set?.aws ?? [];

/** A federated-user ARN (arn:aws:sts::ACCOUNT:federated-user/NAME), a principal form IAM accepts. */
const FEDERATED_USER = /^arn:aws:sts::\d{12}:federated-user\/[\w+=,.@-]+$/;

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html — an AWS principal is an
 * account (id or root ARN), a user, role, role session or federated user ARN; no partial wildcards. A user or role ARN
 * is resolved when the policy is saved: one that does not exist is refused ("Invalid principal in policy"). keyward
 * knows the principals of its known accounts only; principals of other accounts are accepted.
 */
function principalProblem(state: State, name: string): boolean {
  if (isAccountId(name) || FEDERATED_USER.test(name)) return false;
  const p = parsePrincipalArn(name);
  if (!p) return true;
  if (!state.accounts.includes(p.account)) return false;
  if (p.kind === 'user') return state.iam.users[p.arn] === undefined;
  if (p.kind === 'role') return state.iam.roles[p.arn] === undefined;
  return false;
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html — a role trust policy is a
 * resource-based policy: it must name a Principal, it has no Resource element ("Has prohibited field Resource"), and
 * every AWS principal must resolve ("Invalid principal in policy").
 */
export function trustPolicyDocument(state: State, text: string): Checked {
  const parsed = parsePolicy(text, 'trustPolicy');
  if (!parsed.ok) return malformed('MalformedPolicyDocument', iamWording(parsed.reason));
  for (const s of parsed.doc.statements) {
    if (s.resource || s.notResource) return malformed('MalformedPolicyDocument', `Has prohibited field ${s.resource ? 'Resource' : 'NotResource'}`);
    const invalid = [...awsNames(s.principal), ...awsNames(s.notPrincipal)].find((n) => principalProblem(state, n));
    if (invalid !== undefined) return malformed('MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${invalid}"`);
  }
  return { ok: true, stored: { text, doc: withImplicitResource(parsed.doc) } };
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles —
 * "If you delete the role [or user] ... the policy shows the principal ID": the saved trust policy names the deleted
 * principal by its unique id, so a re-created principal of the same name is not trusted. Applies to the trust
 * policies of every role.
 */
export function orphanPrincipal(state: State, arn: string, uniqueId: string): State {
  const rename = (set: PrincipalSet | undefined): PrincipalSet | undefined =>
    set && set.aws.includes(arn) ? { ...set, aws: set.aws.map((a) => (a === arn ? uniqueId : a)) } : set;
  let roles = state.iam.roles;
  for (const role of Object.values(state.iam.roles)) {
    const doc = role.trustPolicy.doc;
    const names = doc.statements.flatMap((s) => [...awsNames(s.principal), ...awsNames(s.notPrincipal)]);
    if (!names.includes(arn)) continue;
    const statements = doc.statements.map((s) => ({ ...s, principal: rename(s.principal), notPrincipal: rename(s.notPrincipal) }));
    const text = role.trustPolicy.text.split(JSON.stringify(arn)).join(JSON.stringify(uniqueId));
    roles = { ...roles, [role.arn]: { ...role, trustPolicy: { text, doc: { ...doc, statements } } } };
  }
  return roles === state.iam.roles ? state : { ...state, iam: { ...state.iam, roles } };
}

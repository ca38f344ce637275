// Accepting a key policy document (CreateKey, PutKeyPolicy): size, syntax, the key-policy-only rules, valid principals.
import { z } from 'zod';
import { isAccountId, parsePrincipalArn } from '../arn.ts';
import type { AwsError } from '../errors.ts';
import type { PolicyDocument } from '../policy/document.ts';
import { parsePolicy } from '../policy/parse.ts';
import type { State, StoredPolicy } from '../state.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html — Policy: "Pattern:
 * [\u0009\u000A\u000D\u0020-\u00FF]+" (printable ASCII and Latin-1, tab, LF, CR); a shape constraint, so a request
 * breaking it fails validation.
 */
export const policyTextSchema = z
  .string()
  .min(1)
  .regex(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/, { message: 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' });

const malformed = (message: string): AwsError => ({ code: 'MalformedPolicyDocumentException', message });

export const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';

/** https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html — "Key policy document size: 32 KB". */
function sizeError(state: State, text: string): AwsError | undefined {
  const max = state.config.keyPolicyMaxBytes;
  if (Buffer.byteLength(text, 'utf8') <= max) return undefined;
  return { code: 'LimitExceededException', message: `The key policy document exceeds the maximum size of ${max} bytes.` };
}

/**
 * Does an AWS principal of a key policy name something that exists? https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html —
 * "The principals ... must exist and be visible to AWS KMS". keyward knows only the accounts of the world: a
 * principal of another account may exist, so it is accepted; IAM groups are never principals.
 */
function principalExists(state: State, name: string): boolean {
  if (isAccountId(name)) return true;
  const p = parsePrincipalArn(name);
  if (!p) return false;
  if (!state.accounts.includes(p.account)) return true;
  switch (p.kind) {
    case 'root':
      return true;
    case 'user':
      return state.iam.users[p.arn] !== undefined;
    case 'role':
      return state.iam.roles[p.arn] !== undefined;
    case 'session':
      return Object.values(state.iam.roles).some((r) => r.account === p.account && r.name === p.roleName);
  }
}

function principalsError(state: State, doc: PolicyDocument): AwsError | undefined {
  for (const s of doc.statements) {
    const names = [...(s.principal?.aws ?? []), ...(s.notPrincipal?.aws ?? [])];
    if (!names.every((n) => principalExists(state, n))) return malformed(INVALID_PRINCIPALS);
  }
  return undefined;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/abac.html — aws:ResourceTag and kms:ResourceAliases belong in IAM
 * policies only; KMS refuses them in a key policy ("These condition keys are not permitted in a key policy", spec §3.2).
 */
function forbiddenConditionKeys(doc: PolicyDocument): AwsError | undefined {
  const bad = doc.statements.flatMap((s) => s.conditions.map((c) => c.key)).filter((k) => /^(aws:resourcetag\/.*|kms:resourcealiases)$/i.test(k));
  return bad.length === 0 ? undefined : malformed(`These condition keys are not permitted in a key policy: ${[...new Set(bad)].join(', ')}`);
}

/** spec §3.2, §12.6 (UNVERIFIED): NotPrincipal/NotAction/NotResource and the bare "Principal":"*" in key policies. */
function unverifiedElements(state: State, doc: PolicyDocument, raw: unknown): AwsError | undefined {
  if (!state.config.keyPolicyAllowsNotElements && doc.statements.some((s) => s.notPrincipal || s.notAction || s.notResource)) {
    return malformed('NotPrincipal, NotAction and NotResource are not supported in key policies.');
  }
  if (!state.config.keyPolicyAllowsBarePrincipalStar && hasBarePrincipalStar(raw)) return malformed(INVALID_PRINCIPALS);
  return undefined;
}

function hasBarePrincipalStar(raw: unknown): boolean {
  const statements = (raw as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  return list.some((s) => (s as { Principal?: unknown } | null)?.Principal === '*');
}

export type PolicyAcceptance = { readonly ok: true; readonly policy: StoredPolicy } | { readonly ok: false; readonly error: AwsError };

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html — a key policy is a JSON document of
 * at most 32 KB whose statements name a Principal; https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html —
 * MalformedPolicyDocumentException: "The request was rejected because the specified policy is not syntactically or
 * semantically correct."
 */
export function acceptKeyPolicy(state: State, text: string): PolicyAcceptance {
  const tooBig = sizeError(state, text);
  if (tooBig) return { ok: false, error: tooBig };
  const parsed = parsePolicy(text, 'keyPolicy');
  if (!parsed.ok) return { ok: false, error: malformed(`The policy document is malformed: ${parsed.reason}`) };
  const raw = JSON.parse(text) as unknown;
  const error = unverifiedElements(state, parsed.doc, raw) ?? forbiddenConditionKeys(parsed.doc) ?? principalsError(state, parsed.doc);
  return error ? { ok: false, error } : { ok: true, policy: { text, doc: parsed.doc } };
}

/** A policy KMS writes itself (default and AWS managed key policies): parsed once, never refused. */
export function builtInPolicy(text: string): StoredPolicy {
  const parsed = parsePolicy(text, 'keyPolicy');
  if (!parsed.ok) throw new Error(`keyward's built-in key policy does not parse: ${parsed.reason}`);
  return { text, doc: parsed.doc };
}

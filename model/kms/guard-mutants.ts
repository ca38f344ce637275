// Seeded mutants of the key guard (model/mutants.ts): broken variants of authorization and the key-state check, used
// only when config.mutant names one. Each reads like the bug it stands for.
import type { AwsError } from '../errors.ts';
import { parsePolicy } from '../policy/parse.ts';
import type { PolicyDocument, Statement } from '../policy/document.ts';
import type { StoredPolicy } from '../state.ts';
import { authorizeKms } from './authorize.ts';
import { effectiveGrantsFor, grantAllows } from './grants.ts';
import type { GuardedRequest } from './guard.ts';
import { keyStateError } from './keys.ts';

type Guard = (r: GuardedRequest) => AwsError | undefined;

const CRYPTO_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'GetPublicKey',
]);

const withStatements = (p: StoredPolicy, statements: readonly Statement[]): StoredPolicy => ({ text: p.text, doc: { ...p.doc, statements } });

/** Later statements replace earlier ones with the same Sid (statements without a Sid are kept). */
function lastPerSid(doc: PolicyDocument): Statement[] {
  const kept: Statement[] = [];
  for (const s of doc.statements) {
    const earlier = s.sid === undefined ? -1 : kept.findIndex((k) => k.sid === s.sid);
    if (earlier >= 0) kept.splice(earlier, 1);
    kept.push(s);
  }
  return kept;
}

/** Only the first statement of the given effect survives. */
function firstOf(doc: PolicyDocument, effect: 'Allow' | 'Deny'): Statement[] {
  const first = doc.statements.find((s) => s.effect === effect);
  return doc.statements.filter((s) => s.effect !== effect || s === first);
}

const delegationStatements = new Map<string, Statement>();

/** The default key policy's statement that delegates the key to its account's IAM policies. */
function delegationTo(account: string): Statement {
  let s = delegationStatements.get(account);
  if (!s) {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] });
    const parsed = parsePolicy(text, 'keyPolicy');
    if (!parsed.ok) throw new Error(`keyward: the delegation statement does not parse: ${parsed.reason}`);
    s = parsed.doc.statements[0]!;
    delegationStatements.set(account, s);
  }
  return s;
}

/** The key policy the request is evaluated against, reshaped by a policy-reading mutant. */
function mutatedPolicy(r: GuardedRequest): StoredPolicy | undefined {
  const policy = r.policyOverride ?? r.key.policy;
  switch (r.state.config.mutant) {
    case 'keyPolicyDenyIgnored':
      return withStatements(policy, policy.doc.statements.filter((s) => s.effect !== 'Deny'));
    case 'keyPolicyAlwaysDelegates':
      return withStatements(policy, [...policy.doc.statements, delegationTo(r.key.account)]);
    case 'sameSidStatementsOverwrite':
      return withStatements(policy, lastPerSid(policy.doc));
    case 'onlyFirstDenyCounts':
      return withStatements(policy, firstOf(policy.doc, 'Deny'));
    case 'onlyFirstAllowCounts':
      return withStatements(policy, firstOf(policy.doc, 'Allow'));
    default:
      return undefined;
  }
}

const grantQuery = (r: GuardedRequest) => ({
  state: r.state, key: r.key, caller: r.caller, operation: r.grantOperation!, encryptionContext: r.encryptionContext, grantTokens: r.grantTokens ?? [],
});

/** The key guard as the active mutant breaks it; `specified` is the guard as specified. */
export function mutantGuardKey(r: GuardedRequest, specified: Guard): AwsError | undefined {
  const policy = mutatedPolicy(r);
  if (policy) return specified({ ...r, policyOverride: policy });
  switch (r.state.config.mutant) {
    case 'keyStateIgnoredForCrypto':
      return CRYPTO_OPERATIONS.has(r.operation) && (r.key.state === 'Disabled' || r.key.state === 'PendingDeletion') ? authorizeKms(r) : specified(r);
    case 'pendingDeletionFreezesKey':
      return r.key.state === 'PendingDeletion' && r.operation !== 'CancelKeyDeletion'
        ? { code: 'KMSInvalidStateException', message: `${r.key.arn} is pending deletion.` }
        : specified(r);
    case 'grantBypassesDeny':
      return r.grantOperation !== undefined && grantAllows(grantQuery(r)) ? keyStateError(r.key, r.operation) : specified(r);
    case 'rootBypassesKeyPolicy':
      return r.caller.kind === 'root' && r.caller.account === r.key.account ? keyStateError(r.key, r.operation) : specified(r);
    case 'callerAccountTakenFromKey':
      return specified({ ...r, caller: { ...r.caller, account: r.key.account } });
    case 'grantReplacesPolicyForGrantee': {
      if (effectiveGrantsFor(r.state, r.key, r.caller, r.grantTokens ?? []).length === 0) return specified(r);
      const granted = r.grantOperation !== undefined && grantAllows(grantQuery(r));
      return granted ? keyStateError(r.key, r.operation) : { code: 'AccessDeniedException', message: `${r.caller.arn} holds grants on ${r.key.arn} but none for ${r.action}` };
    }
    default:
      return specified(r);
  }
}

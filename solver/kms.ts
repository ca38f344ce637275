// "Would this KMS request succeed?" for a symbolic request: the one decision rule (`decide`) with symbolic inputs and
// grants, and the key-state check of the action (model/kms/keys.ts `keyStateError`).
import type { Key, PolicyDocument, State } from '../model/index.ts';
import { decide } from '../model/index.ts';
import { keyStateError, kmsRule } from './from-model.ts';
import { symbolicGrantAllows } from './grants.ts';
import { symbolicInputs } from './inputs.ts';
import { mutantOn } from './mutants.ts';
import type { SymPrincipal } from './principals.ts';
import type { RequestVars } from './request.ts';
import { EC_ACTIONS, grantOperationOf, keyStateOperationOf, kmsSymbolicContext } from './request.ts';
import type { Backend } from './variables.ts';

export interface KmsTarget {
  readonly state: State;
  readonly key: Key;
  readonly vars: RequestVars;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — an operation the key's state does not allow
 * fails whoever asks ("a pending-deletion key decrypts for nobody"): the question includes the resource's state.
 */
export const keyStateAllows = (key: Key, action: string): boolean => keyStateError(key, keyStateOperationOf(action)) === undefined;

/** The request by `principal` for `action` on the key, under `policy` (the key's own, or a candidate), would succeed. */
export function kmsAllowed<B>(S: Backend<B>, t: KmsTarget, principal: SymPrincipal, action: string, policy: PolicyDocument): B {
  if (!keyStateAllows(t.key, action) && !mutantOn(S, 'keyStateIgnored')) return S.L.no;
  const context = kmsSymbolicContext(t.state, t.key, t.vars, principal, action);
  const req = { principal, action, resource: t.key.arn, context };
  const operation = grantOperationOf(action);
  const grant = operation && principal.caller.kind !== 'anonymous'
    ? symbolicGrantAllows(S, {
        state: t.state, key: t.key, principal, operation, tokensFree: true,
        ec: EC_ACTIONS.has(action) ? { k: 'symbolic', ec: t.vars.ec } : { k: 'fixed', context: undefined },
      })
    : S.L.no;
  const inputs = symbolicInputs(S, t.state, req, { owner: t.key.account, policy }, grant);
  return decide(S.L, inputs, kmsRule(t.state, action));
}

/**
 * The key actions a request can name (the rows of the key-state table that act on a key, ReEncrypt split in its two
 * IAM actions; KMS-DG kms-api-permissions-reference): the universe of `newAccess`.
 */
export const KEY_ACTIONS: readonly string[] = [
  'CancelKeyDeletion', 'CreateAlias', 'CreateGrant', 'Decrypt', 'DeleteAlias', 'DescribeKey', 'DisableKey', 'DisableKeyRotation',
  'EnableKey', 'EnableKeyRotation', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetPublicKey', 'ListGrants',
  'ListKeyPolicies', 'ListKeyRotations', 'ListResourceTags', 'PutKeyPolicy', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant',
  'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'TagResource', 'UntagResource', 'UpdateAlias',
  'UpdateKeyDescription', 'Verify', 'VerifyMac',
].map((a) => `kms:${a}`);

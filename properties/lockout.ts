// The lockout safety check: after a PutKeyPolicy (or CreateKey with a Policy) without the bypass flag, the caller can
// still change the key policy.
import { step } from '../model/index.ts';
import type { Call } from '../model/index.ts';
import { inputOf, keysOfCall, succeeded } from './calls.ts';
import { defineInvariant } from './invariant.ts';
import type { Transition } from './invariant.ts';

/** The key and policy text a successful, unbypassed PutKeyPolicy or CreateKey-with-Policy set, if the step was one. */
function checkedPolicyChange(t: Transition): { call: Call; keyArn: string; policy: string } | undefined {
  const put = succeeded(t, 'kms:PutKeyPolicy') ?? succeeded(t, 'kms:CreateKey');
  if (!put) return undefined;
  const input = inputOf(put.call);
  if (input['BypassPolicyLockoutSafetyCheck'] === true || typeof input['Policy'] !== 'string') return undefined;
  const keyArn =
    put.call.op === 'kms:CreateKey'
      ? ((put.output['KeyMetadata'] as { Arn?: string } | undefined)?.Arn)
      : keysOfCall(t.before, put.call)[0]?.arn;
  return keyArn === undefined ? undefined : { call: put.call, keyArn, policy: input['Policy'] };
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html — BypassPolicyLockoutSafetyCheck: "the
 * safety check ... prevents the principal that is making the request from making a subsequent PutKeyPolicy request on
 * the KMS key".
 */
export const putKeyPolicyKeepsCallerAbleToPutKeyPolicy = defineInvariant({
  name: 'putKeyPolicyKeepsCallerAbleToPutKeyPolicy',
  claim: 'After a PutKeyPolicy or CreateKey with a key policy and without the bypass flag succeeds, the same caller can call PutKeyPolicy on the key.',
  source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html',
  checkStep: (t) => {
    const change = checkedPolicyChange(t);
    if (!change) return [];
    const again: Call = { as: change.call.as, op: 'kms:PutKeyPolicy', input: { KeyId: change.keyArn, Policy: change.policy }, env: change.call.env };
    const r = step(t.after, again);
    return r.outcome.ok ? [] : [`${change.call.as} locked itself out of ${change.keyArn}: PutKeyPolicy now fails with ${r.outcome.error.code}`];
  },
});

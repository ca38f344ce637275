// Invariants of the key-state table: no cryptography with a key that is not Enabled, and the operations the table
// allows in a state behave there as they do for an Enabled key.
import { step } from '../model/index.ts';
import { cellFor } from '../model/kms/state-table.ts';
import { answerOf, keysOfCall } from './calls.ts';
import { withKeyState } from './edits.ts';
import { defineInvariant } from './invariant.ts';

/** The cryptographic operations of https://docs.aws.amazon.com/kms/latest/developerguide/kms-cryptography.html#cryptographic-operations. */
const CRYPTOGRAPHIC: ReadonlySet<string> = new Set(
  [
    'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
  ].map((op) => `kms:${op}`),
);

const UNUSABLE = new Set(['Disabled', 'PendingDeletion', 'PendingImport']);

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — in the table every cryptographic operation
 * fails for a Disabled (DisabledException), PendingDeletion or PendingImport (KMSInvalidStateException) key.
 */
export const noCryptoUnlessEnabled = defineInvariant({
  name: 'noCryptoUnlessEnabled',
  claim: 'No cryptographic operation succeeds with a key that is Disabled, PendingDeletion or PendingImport, whoever calls.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.outcome.ok || !CRYPTOGRAPHIC.has(t.event.call.op)) return [];
    const call = t.event.call;
    return keysOfCall(t.before, call)
      .filter((k) => UNUSABLE.has(k.state))
      .map((k) => `${call.as} succeeded with ${call.op} on ${k.arn} while it is ${k.state}`);
  },
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — a ✓ cell means the operation works in that key
 * state ("authorization still required"): it must then answer exactly as it would for the same key Enabled.
 */
export const operationsTheStateTableAllowsStillWork = defineInvariant({
  name: 'operationsTheStateTableAllowsStillWork',
  claim: 'An operation that the key-state table allows in the states of its keys gets the same answer as it would if those keys were Enabled.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || !t.event.call.op.startsWith('kms:')) return [];
    const call = t.event.call;
    const operation = call.op.slice(4);
    const keys = keysOfCall(t.before, call);
    const allowed = (state: Parameters<typeof cellFor>[1]): boolean => cellFor(operation, state) === 'ok';
    if (keys.length === 0 || keys.every((k) => k.state === 'Enabled') || !allowed('Enabled') || !keys.every((k) => allowed(k.state))) return [];
    const enabled = withKeyState(t.before, keys, 'Enabled');
    const got = answerOf(t.event.outcome);
    const expected = answerOf(step(enabled, call).outcome);
    return got === expected ? [] : [`${call.op} by ${call.as} answered ${got} with ${keys.map((k) => `${k.arn} ${k.state}`).join(', ')}, but ${expected} with them Enabled`];
  },
});

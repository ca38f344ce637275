// Probe calls: requests tried from a state (and thrown away) so that the laws about steps can be checked on a state
// alone, as the `{"check": "invariants"}` scenario step does.
import type { Call, State } from '../model/index.ts';
import { decryptCall } from './ciphertexts.ts';
import type { History } from './history.ts';
import { actorsIn } from './principals.ts';

/** How many keys, ciphertexts and objects are probed by default. */
export const PROBE_LIMIT = 8;

const rootOf = (account: string): string => `arn:aws:iam::${account}:root`;

/** Calls that exercise every law about steps from this state: key use and management, old ciphertexts, SSE-KMS reads. */
export function probeCalls(state: State, history: History, limit = PROBE_LIMIT): Call[] {
  const calls: Call[] = [];
  for (const key of Object.values(state.kms.keys).slice(0, limit)) {
    const KeyId = key.arn;
    const actors = actorsIn(state, key.account).slice(0, Math.min(3, limit + 1));
    for (const as of actors) {
      calls.push({ as, op: 'kms:DescribeKey', input: { KeyId } });
      if (key.keySpec === 'SYMMETRIC_DEFAULT' && key.keyUsage === 'ENCRYPT_DECRYPT') calls.push({ as, op: 'kms:Encrypt', input: { KeyId, Plaintext: 'probe' } });
    }
    const root = rootOf(key.account);
    calls.push({ as: root, op: 'kms:PutKeyPolicy', input: { KeyId, Policy: key.policy.text } });
    calls.push({ as: root, op: 'kms:GetKeyPolicy', input: { KeyId } });
    if (key.state === 'PendingDeletion') calls.push({ as: root, op: 'kms:CancelKeyDeletion', input: { KeyId } });
    for (const other of state.accounts.filter((a) => a !== key.account).slice(0, limit)) calls.push({ as: rootOf(other), op: 'kms:DisableKey', input: { KeyId } });
  }
  for (const r of history.ciphertexts.slice(-limit)) calls.push(decryptCall(r));
  const objects = Object.values(state.s3.buckets).flatMap((b) => Object.values(b.objects).map((o) => ({ b, o })));
  for (const { b, o } of objects.slice(0, limit)) {
    for (const as of ['anonymous', rootOf(b.account)]) calls.push({ as, op: 's3:GetObject', input: { Bucket: b.name, Key: o.key } });
  }
  return calls;
}

// Invariants of the key lifecycle: waiting periods, deletion dates, cancelled deletions, crypto in non-enabled states.
import { step } from '../model/index.ts';
import type { Key, State } from '../model/index.ts';
import { defineInvariant } from './invariant.ts';
import { actingPrincipals } from './principals.ts';

const keys = (s: State): Key[] => Object.values(s.kms.keys);

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html — "between 7 and 30 days". */
export const waitingPeriodIsSevenToThirtyDays = defineInvariant({
  name: 'waitingPeriodIsSevenToThirtyDays',
  claim: 'Every key pending deletion has a waiting period of 7 to 30 days and a deletion date that far from when it was scheduled.',
  source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html',
  check: (s) =>
    keys(s)
      .filter((k) => k.state === 'PendingDeletion')
      .flatMap((k) => {
        const days = k.pendingWindowInDays;
        if (days === undefined || k.deletionDate === undefined) return [`${k.arn} is PendingDeletion without a deletion date`];
        return days >= 7 && days <= 30 ? [] : [`${k.arn} has a waiting period of ${days} days`];
      }),
});

/** https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — at the end of the waiting period KMS deletes the key. */
export const keyIsDeletedAtItsDeletionDate = defineInvariant({
  name: 'keyIsDeletedAtItsDeletionDate',
  claim: 'No key is still present once its deletion date has passed, and only keys pending deletion have a deletion date.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  check: (s) =>
    keys(s).flatMap((k) => {
      if (k.state !== 'PendingDeletion') return k.deletionDate === undefined ? [] : [`${k.arn} is ${k.state} but has a deletion date`];
      return k.deletionDate !== undefined && k.deletionDate <= s.now ? [`${k.arn} outlived its deletion date`] : [];
    }),
});

/** https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — a deleted key is gone for good. */
export const deletedKeyNeverComesBack = defineInvariant({
  name: 'deletedKeyNeverComesBack',
  claim: 'A deleted key id never names a key again, and no alias points at a key that does not exist.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  check: (s) => [
    ...Object.keys(s.kms.deletedKeys).filter((id) => s.kms.keys[id]).map((id) => `deleted key ${id} exists again`),
    ...Object.values(s.kms.aliases).filter((a) => !s.kms.keys[a.targetKeyId]).map((a) => `${a.name} points at a missing key`),
  ],
});

const CRYPTO_PROBES = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — Encrypt and GenerateDataKey fail for a key that
 * is Disabled, PendingDeletion or PendingImport, whoever calls.
 */
export const noCryptoUnlessEnabled = defineInvariant({
  name: 'noCryptoUnlessEnabled',
  claim: 'No principal can encrypt or generate a data key with a key that is Disabled, PendingDeletion or PendingImport.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
  check: (s) => {
    const problems: string[] = [];
    for (const k of keys(s)) {
      if (k.state !== 'Disabled' && k.state !== 'PendingDeletion' && k.state !== 'PendingImport') continue;
      if (k.keyUsage !== 'ENCRYPT_DECRYPT' || k.keySpec !== 'SYMMETRIC_DEFAULT') continue;
      for (const as of actingPrincipals(s)) {
        for (const op of CRYPTO_PROBES) {
          const input = op === 'kms:Encrypt' ? { KeyId: k.arn, Plaintext: 'probe' } : { KeyId: k.arn, KeySpec: 'AES_256' };
          const r = step(s, { as, op, input });
          if (r.outcome.ok) problems.push(`${as} could call ${op} with ${k.arn} while it is ${k.state}`);
        }
      }
    }
    return problems;
  },
});

/** https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — DescribeKey's Enabled is true only in state Enabled. */
export const enabledFlagMatchesKeyState = defineInvariant({
  name: 'enabledFlagMatchesKeyState',
  claim: "DescribeKey reports Enabled true exactly when the key's state is Enabled.",
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
  check: (s) =>
    keys(s).flatMap((k) => {
      const r = step(s, { as: `arn:aws:iam::${k.account}:root`, op: 'kms:DescribeKey', input: { KeyId: k.arn } });
      if (!r.outcome.ok) return [];
      const md = r.outcome.output['KeyMetadata'] as { Enabled?: unknown; KeyState?: unknown } | undefined;
      return md && md.Enabled !== (md.KeyState === 'Enabled') ? [`${k.arn}: Enabled=${String(md.Enabled)} in state ${String(md.KeyState)}`] : [];
    }),
});


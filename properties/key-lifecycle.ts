// Invariants of the key lifecycle: waiting periods, deletion at (and not before) the deletion date, deleted keys and
// their aliases, cancelled deletions, DescribeKey's Enabled flag.
import type { Key, State } from '../model/index.ts';
import { keysOfCall, succeeded } from './calls.ts';
import { defineInvariant } from './invariant.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const keys = (s: State): Key[] => Object.values(s.kms.keys);

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html — "If you include a value, it must be
 * between 7 and 30, inclusive." The bounds are config.pendingWindowMinDays/MaxDays (7 and 30 by default).
 */
export const waitingPeriodIsSevenToThirtyDays = defineInvariant({
  name: 'waitingPeriodIsSevenToThirtyDays',
  claim: 'Every key pending deletion has a waiting period of 7 to 30 days, and its deletion date lies that many days after the ScheduleKeyDeletion that set it.',
  source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html',
  check: (s) =>
    keys(s)
      .filter((k) => k.state === 'PendingDeletion')
      .flatMap((k) => {
        const days = k.pendingWindowInDays;
        if (days === undefined || k.deletionDate === undefined) return [`${k.arn} is PendingDeletion without a deletion date`];
        return days >= s.config.pendingWindowMinDays && days <= s.config.pendingWindowMaxDays ? [] : [`${k.arn} has a waiting period of ${days} days`];
      }),
  checkStep: (t) => {
    const done = succeeded(t, 'kms:ScheduleKeyDeletion');
    if (!done) return [];
    const key = keysOfCall(t.before, done.call)[0];
    const after = key && t.after.kms.keys[key.keyId];
    const days = after?.pendingWindowInDays;
    if (!after || days === undefined) return [`ScheduleKeyDeletion succeeded but left no key pending deletion`];
    return after.deletionDate === t.before.now + days * DAY_MS ? [] : [`${after.arn}: deletion date is not ${days} days after the request`];
  },
});

/** https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — "When the waiting period ends, AWS KMS deletes the KMS key". */
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

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — KMS deletes a key only after a mandatory
 * waiting period; during it the deletion can be cancelled.
 */
export const keyIsNeverDeletedBeforeItsDeletionDate = defineInvariant({
  name: 'keyIsNeverDeletedBeforeItsDeletionDate',
  claim: 'A key disappears only when it was pending deletion and its deletion date has come.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  checkStep: (t) =>
    keys(t.before)
      .filter((k) => !t.after.kms.keys[k.keyId])
      .flatMap((k) =>
        k.state === 'PendingDeletion' && k.deletionDate !== undefined && k.deletionDate <= t.after.now
          ? []
          : [`${k.arn} (${k.state}, deletion date ${k.deletionDate === undefined ? 'none' : new Date(k.deletionDate).toISOString()}) disappeared at ${new Date(t.after.now).toISOString()}`],
      ),
});

/** https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — "Deleting a KMS key is destructive and potentially dangerous"; it cannot be recovered. */
export const deletedKeyNeverComesBack = defineInvariant({
  name: 'deletedKeyNeverComesBack',
  claim: 'A deleted key id never names a key again, and a deletion is never undone.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  check: (s) => Object.keys(s.kms.deletedKeys).filter((id) => s.kms.keys[id]).map((id) => `deleted key ${id} exists again`),
  checkStep: (t) => Object.keys(t.before.kms.deletedKeys).filter((id) => !t.after.kms.deletedKeys[id]).map((id) => `the deletion of ${id} was forgotten`),
});

/** https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — KMS deletes "the KMS key, its aliases, and all related AWS KMS metadata". */
export const aliasesPointAtExistingKeys = defineInvariant({
  name: 'aliasesPointAtExistingKeys',
  claim: 'Every alias points at a key that exists: deleting a key deletes its aliases.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  check: (s) => Object.values(s.kms.aliases).filter((a) => !s.kms.keys[a.targetKeyId]).map((a) => `${a.name} of ${a.account} points at missing key ${a.targetKeyId}`),
});

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html — "When this operation succeeds, the key state of the KMS key is Disabled." */
export const cancelDeletionLeavesKeyDisabled = defineInvariant({
  name: 'cancelDeletionLeavesKeyDisabled',
  claim: 'After a successful CancelKeyDeletion the key is Disabled, with no deletion date.',
  source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html',
  checkStep: (t) => {
    const done = succeeded(t, 'kms:CancelKeyDeletion');
    if (!done) return [];
    return keysOfCall(t.before, done.call).flatMap((k) => {
      const after = t.after.kms.keys[k.keyId];
      if (!after) return [`${k.arn} vanished on CancelKeyDeletion`];
      return after.state === 'Disabled' && after.deletionDate === undefined ? [] : [`${k.arn} is ${after.state} after CancelKeyDeletion`];
    });
  },
});

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html — Enabled: "Specifies whether the KMS key is enabled. When KeyState is Enabled this value is true, otherwise it is false." */
export const enabledFlagMatchesKeyState = defineInvariant({
  name: 'enabledFlagMatchesKeyState',
  claim: "DescribeKey reports Enabled true exactly when the key's state is Enabled.",
  source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html',
  checkStep: (t) => {
    const done = succeeded(t, 'kms:DescribeKey');
    const md = done?.output['KeyMetadata'] as { Enabled?: unknown; KeyState?: unknown; Arn?: unknown } | undefined;
    return md && md.Enabled !== (md.KeyState === 'Enabled') ? [`${String(md.Arn)}: Enabled=${String(md.Enabled)} in state ${String(md.KeyState)}`] : [];
  },
});

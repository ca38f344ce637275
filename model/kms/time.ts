// KMS events driven by the clock: keys deleted at the end of their waiting period, automatic rotations falling due.
import type { Key, State } from '../state.ts';
import { DAY_MS } from '../timestamps.ts';
import { rotateKey, rotationDue } from './rotation-schedule.ts';
import { recordServiceEvent } from '../monitoring/trail.ts';

interface KmsEvent {
  readonly at: number;
  readonly kind: 'deletion' | 'rotation';
  readonly keyId: string;
}

function eventsOf(state: State, key: Key, until: number): KmsEvent[] {
  const events: KmsEvent[] = [];
  const deletionAt = key.deletionDate === undefined ? undefined : key.deletionDate + mutantDeletionShift(state);
  if (key.state === 'PendingDeletion' && deletionAt !== undefined && deletionAt <= until) {
    events.push({ at: Math.max(deletionAt, state.now), kind: 'deletion', keyId: key.keyId });
  }
  const next = key.rotation.nextRotationAt;
  if (next !== undefined && rotationDue(state, key.keyId, until)) events.push({ at: Math.max(next, state.now), kind: 'rotation', keyId: key.keyId });
  return events;
}

const before = (a: KmsEvent, b: KmsEvent): boolean =>
  a.at !== b.at ? a.at < b.at : a.kind !== b.kind ? a.kind === 'deletion' : a.keyId < b.keyId;

/** The earliest event due by `until` (deletions before rotations at the same instant, then by key id). */
function nextEvent(state: State, until: number): KmsEvent | undefined {
  let best: KmsEvent | undefined;
  for (const key of Object.values(state.kms.keys)) {
    for (const e of eventsOf(state, key, until)) if (!best || before(e, best)) best = e;
  }
  return best;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html — "When the waiting period ends, AWS KMS deletes
 * the KMS key, its aliases, and all related AWS KMS metadata" (grants included). keyward deletes exactly at the
 * DeletionDate (AWS may take up to a day more). The key id is remembered in deletedKeys.
 */
function deleteKey(state: State, keyId: string): State {
  const key = state.kms.keys[keyId];
  if (!key) return state;
  const { [keyId]: _gone, ...keys } = state.kms.keys;
  const aliases = Object.fromEntries(Object.entries(state.kms.aliases).filter(([, a]) => a.targetKeyId !== keyId));
  const deletedKeys = { ...state.kms.deletedKeys, [keyId]: { arn: key.arn, deletedAt: state.now } };
  // Seeded mutants (model/mutants.ts); production never sets config.mutant.
  if (state.config.mutant === 'deletionKeepsAliases') return { ...state, kms: { keys, aliases: state.kms.aliases, deletedKeys } };
  if (state.config.mutant === 'deletedKeyLingersDisabled') {
    const lingering: Key = { ...key, state: 'Disabled', deletionDate: undefined, pendingWindowInDays: undefined };
    return { ...state, kms: { keys: { ...keys, [keyId]: lingering }, aliases, deletedKeys } };
  }
  return { ...state, kms: { keys, aliases, deletedKeys } };
}

/** Seeded mutants deletionRunsADayLate / deletionRunsADayEarly move deletion off its date; 0 in production. */
const mutantDeletionShift = (state: State): number =>
  state.config.mutant === 'deletionRunsADayLate' ? DAY_MS : state.config.mutant === 'deletionRunsADayEarly' ? -DAY_MS : 0;

/**
 * Move the clock to `until`, applying in time order every KMS event due by then: deletions at the end of a waiting
 * period, and automatic rotations (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html — every
 * rotation period, only while the key is Enabled).
 */
export function kmsTimePasses(state: State, until: number): State {
  let current = state;
  for (let e = nextEvent(current, until); e; e = nextEvent(current, until)) {
    const at = { ...current, now: e.at };
    current = recordKmsEvent(e.kind === 'deletion' ? deleteKey(at, e.keyId) : rotateKey(at, e.keyId, 'AUTOMATIC'), at, e);
  }
  return { ...current, now: until };
}

/**
 * The service event CloudTrail records: https://docs.aws.amazon.com/kms/latest/developerguide/ct-delete-key.html
 * ("DeleteKey" when the waiting period ends; entries since December 2022 "include the key ARN of the affected KMS key
 * in the responseElements.keyId value") and ct-rotatekey.html ("RotateKey" for an automatic rotation, with
 * serviceEventDetails rotationType "AUTOMATIC" and the key id).
 */
function recordKmsEvent(after: State, before: State, e: KmsEvent): State {
  const key = before.kms.keys[e.keyId];
  if (!key) return after;
  const resources = [{ accountId: key.account, type: 'AWS::KMS::Key', ARN: key.arn }];
  const common = { service: 'kms' as const, account: key.account, resources, at: e.at };
  return e.kind === 'deletion'
    ? recordServiceEvent(after, { ...common, name: 'DeleteKey', responseElements: { keyId: key.arn } })
    : recordServiceEvent(after, { ...common, name: 'RotateKey', details: { rotationType: 'AUTOMATIC', keyId: key.keyId } });
}

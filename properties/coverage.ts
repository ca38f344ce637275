// Coverage guards: the least share of campaign runs that must reach each interesting situation; a campaign that
// never reaches a pending-deletion key or a grant chain proves little about the laws that speak of them.
import type { Situation } from './model-run.ts';

/**
 * Stated minimum shares of runs (0..1) per situation, about half of what the default campaign reaches (measured
 * shares: properties/README.md "Coverage guards"), so that a generator change that starves a situation fails the suite.
 */
export const MINIMUM_SHARES: Readonly<Record<Situation, number>> = {
  successfulDecrypt: 0.15,
  pendingDeletionKey: 0.12,
  deletedKey: 0.05,
  disabledKey: 0.15,
  grantChain: 0.12,
  crossAccountAllow: 0.15,
  sseKmsRead: 0.1,
  anonymousSseKmsRequest: 0.04,
  rotatedKey: 0.12,
  lockoutRefused: 0.12,
  sessionCall: 0.05,
  explicitDenyRefusal: 0.25,
  deletedKeyCiphertextRequest: 0.02,
  alarmFired: 0.15,
};

/** What each situation means, for reports. */
export const SITUATION_MEANING: Readonly<Record<Situation, string>> = {
  successfulDecrypt: 'a kms:Decrypt succeeds',
  pendingDeletionKey: 'a key is pending deletion',
  deletedKey: 'a key is deleted at the end of its waiting period',
  disabledKey: 'a key is Disabled',
  grantChain: 'a grant is created through another grant',
  crossAccountAllow: 'a KMS call on a key of another account succeeds',
  sseKmsRead: 'an S3 read of an SSE-KMS object succeeds',
  anonymousSseKmsRequest: 'an anonymous request reads (or tries to read) an SSE-KMS object',
  rotatedKey: 'a key has more than one material version',
  lockoutRefused: 'the lockout safety check refuses a key policy',
  sessionCall: 'a role session makes a successful call',
  explicitDenyRefusal: 'a call is refused by an explicit deny',
  deletedKeyCiphertextRequest: 'a request names a ciphertext of a deleted key',
  alarmFired: 'a CloudWatch alarm is in ALARM',
};

/** The shares of runs that reached each situation. */
export const sharesOf = (reached: Readonly<Record<Situation, number>>, runs: number): Record<Situation, number> =>
  Object.fromEntries(Object.entries(reached).map(([s, n]) => [s, runs === 0 ? 0 : n / runs])) as Record<Situation, number>;

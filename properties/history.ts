// What a run remembers between steps: the ciphertexts KMS returned, with what they were bound to (for laws about
// ciphertexts, which the state itself does not hold), and the last step (for laws about steps).
import type { EncryptionContext, State } from '../model/index.ts';
import type { StepEvent, Transition } from './invariant.ts';

export interface CiphertextRecord {
  readonly ciphertext: string;
  readonly keyArn: string;
  readonly algorithm: string;
  /** The exact encryption context bound at encryption ({} when none). */
  readonly encryptionContext: EncryptionContext;
  /** The plaintext, when the call that made the ciphertext returned or took it. */
  readonly plaintext: string | undefined;
  /** The principal whose call produced it. */
  readonly encryptedBy: string;
}

export interface History {
  /** The newest ciphertexts, newest last. */
  readonly ciphertexts: readonly CiphertextRecord[];
}

export const emptyHistory: History = { ciphertexts: [] };

/** How many ciphertexts a history keeps (the laws that re-decrypt them stay cheap). */
export const HISTORY_SIZE = 12;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const ecOf = (v: unknown): EncryptionContext => (v && typeof v === 'object' && !Array.isArray(v) ? (v as EncryptionContext) : {});

export const recordOf = (h: History, ciphertext: unknown): CiphertextRecord | undefined =>
  typeof ciphertext === 'string' ? h.ciphertexts.find((r) => r.ciphertext === ciphertext) : undefined;

/** The ciphertext a successful call returned, if it returned one (Encrypt, GenerateDataKey*, ReEncrypt). */
function producedBy(h: History, event: StepEvent): CiphertextRecord | undefined {
  if (event.kind !== 'call' || !event.outcome.ok) return undefined;
  const { call, outcome } = event;
  const input = (call.input ?? {}) as Record<string, unknown>;
  const out = outcome.output;
  const ciphertext = str(out['CiphertextBlob']);
  const keyArn = str(out['KeyId']);
  if (ciphertext === undefined || keyArn === undefined) return undefined;
  const base = { ciphertext, keyArn, encryptedBy: call.as };
  switch (call.op) {
    case 'kms:Encrypt':
      return { ...base, algorithm: str(input['EncryptionAlgorithm']) ?? 'SYMMETRIC_DEFAULT', encryptionContext: ecOf(input['EncryptionContext']), plaintext: str(input['Plaintext']) };
    case 'kms:GenerateDataKey':
    case 'kms:GenerateDataKeyWithoutPlaintext':
      return { ...base, algorithm: 'SYMMETRIC_DEFAULT', encryptionContext: ecOf(input['EncryptionContext']), plaintext: str(out['Plaintext']) };
    case 'kms:ReEncrypt':
      return {
        ...base,
        algorithm: str(input['DestinationEncryptionAlgorithm']) ?? 'SYMMETRIC_DEFAULT',
        encryptionContext: ecOf(input['DestinationEncryptionContext']),
        plaintext: recordOf(h, input['CiphertextBlob'])?.plaintext,
      };
    default:
      return undefined;
  }
}

/** The history after one more step. */
export function remember(h: History, event: StepEvent): History {
  const made = producedBy(h, event);
  return made ? { ciphertexts: [...h.ciphertexts, made].slice(-HISTORY_SIZE) } : h;
}

/** A scenario's or a run's memory: the history so far and the last step (for `{"check": "invariants"}`). */
export interface Trail {
  readonly history: History;
  readonly last: Transition | undefined;
}

export const emptyTrail: Trail = { history: emptyHistory, last: undefined };

/** The trail after one more step. */
export const observe = (trail: Trail, before: State, event: StepEvent, after: State): Trail => ({
  history: remember(trail.history, event),
  last: { before, event, after, history: trail.history },
});

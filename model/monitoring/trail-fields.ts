// What CloudTrail writes of a request and a response: field names in lowerCamelCase, secrets and payloads left out.
import type { JsonValue } from '../state.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-decrypt.html (and the other ct-* pages) — request
 * parameters appear under their API names in lowerCamelCase ("keyId", "encryptionContext", "encryptionAlgorithm");
 * plaintexts, ciphertexts and data keys never appear; "CloudTrail does not log grant tokens"
 * (kms/latest/developerguide/grant-manage.html). Object bodies and messages are payloads, not parameters.
 */
const NEVER_LOGGED: ReadonlySet<string> = new Set([
  'Plaintext', 'CiphertextBlob', 'CiphertextForRecipient', 'PrivateKeyPlaintext', 'PrivateKeyCiphertextBlob', 'Signature',
  'Body', 'Message', 'GrantToken', 'GrantTokens', 'SecretAccessKey', 'SessionToken', 'Mac',
]);

/** Fields whose value is a map of caller-chosen keys (kept as they are, not renamed). */
const MAP_FIELD = /^(EncryptionContext|SourceEncryptionContext|DestinationEncryptionContext|EncryptionContextEquals|EncryptionContextSubset|Metadata)$/;

const lowerCamel = (name: string): string => (/^[A-Z]{2,}/.test(name) ? name.replace(/^[A-Z]+(?=[A-Z][a-z])|^[A-Z]+$/, (m) => m.toLowerCase()) : name.charAt(0).toLowerCase() + name.slice(1));

function recase(value: unknown, isMap: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => recase(v, false));
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || NEVER_LOGGED.has(k)) continue;
      out[isMap ? k : lowerCamel(k)] = recase(v, !isMap && MAP_FIELD.test(k));
    }
    return out;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}

/** The requestParameters of a call: its input, recased, with secrets left out; null when the call had no input. */
export function requestParametersOf(input: unknown): JsonValue {
  if (input === null || typeof input !== 'object' || Object.keys(input).length === 0) return null;
  return recase(input, false);
}

/**
 * The responseElements of a successful state-changing call (https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedule-key-deletion.html:
 * `{"keyId", "keyState": "PendingDeletion", "deletionDate", "pendingWindowInDays"}`); read-only calls record null.
 */
export function responseElementsOf(output: object): JsonValue {
  return Object.keys(output).length === 0 ? null : recase(output, false);
}

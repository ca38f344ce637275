// Deterministic stand-ins for the temporary credentials STS issues (same calls, same keys; never usable anywhere).
import { drawHexId } from '../ids.ts';
import type { Drawn } from '../ids.ts';
import type { JsonObject } from '../op.ts';
import type { State } from '../state.ts';
import { isoTime } from '../timestamps.ts';

/**
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html — AccessKeyId (temporary keys start with
 * ASIA, 16..128 characters), SecretAccessKey, SessionToken, Expiration.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids — "ASIA" is the
 * prefix of temporary (AWS STS) access key IDs.
 */
export function drawCredentials(state: State, expiresAt: number): Drawn<JsonObject> {
  const key = drawHexId(state, 16);
  const secret = drawHexId(key.state, 40);
  const token = drawHexId(secret.state, 64);
  const value = {
    AccessKeyId: `ASIA${key.value.toUpperCase()}`,
    SecretAccessKey: secret.value,
    SessionToken: `keyward-session-${token.value}`,
    Expiration: isoTime(expiresAt),
  };
  return { value, state: token.state };
}

// What CloudTrail writes of a request and a response: the service's own field names, secrets and payloads left out.
import type { JsonObject, Service } from '../op.ts';
import type { JsonValue } from '../state.ts';
import { boundedTime } from '../timestamps.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-decrypt.html (and the other ct-* pages) — request
 * parameters appear under their API names in lowerCamelCase ("keyId", "encryptionContext", "encryptionAlgorithm");
 * plaintexts, ciphertexts and data keys never appear; "CloudTrail does not log grant tokens"
 * (kms/latest/developerguide/grant-manage.html). Object bodies, messages and secret access keys are not recorded (an
 * AssumeRole record keeps the credentials' access key id, session token and expiration).
 */
const NEVER_LOGGED: ReadonlySet<string> = new Set([
  'Plaintext', 'CiphertextBlob', 'CiphertextForRecipient', 'PrivateKeyPlaintext', 'PrivateKeyCiphertextBlob', 'Signature',
  'Body', 'Message', 'GrantToken', 'GrantTokens', 'SecretAccessKey', 'Mac',
]);

/** Fields whose value is a map of caller-chosen keys (kept as they are, not renamed). */
const MAP_FIELD = /^(EncryptionContext|SourceEncryptionContext|DestinationEncryptionContext|EncryptionContextEquals|EncryptionContextSubset|Metadata)$/;

const lowerCamel = (name: string): string => (/^[A-Z]{2,}/.test(name) ? name.replace(/^[A-Z]+(?=[A-Z][a-z])|^[A-Z]+$/, (m) => m.toLowerCase()) : name.charAt(0).toLowerCase() + name.slice(1));

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html — S3 is a REST API: its records
 * name the bucket `bucketName`, add the `Host`, and spell request and response headers as the headers themselves.
 */
const S3_HEADERS: Readonly<Record<string, string>> = {
  ServerSideEncryption: 'x-amz-server-side-encryption',
  SSEKMSKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  SSEKMSEncryptionContext: 'x-amz-server-side-encryption-context',
  BucketKeyEnabled: 'x-amz-server-side-encryption-bucket-key-enabled',
  ACL: 'x-amz-acl',
  ExpectedBucketOwner: 'x-amz-expected-bucket-owner',
  ExpectedSourceBucketOwner: 'x-amz-source-expected-bucket-owner',
  CopySource: 'x-amz-copy-source',
  MetadataDirective: 'x-amz-metadata-directive',
  ObjectOwnership: 'x-amz-object-ownership',
  Key: 'key',
  Prefix: 'prefix',
  Delimiter: 'delimiter',
  MaxKeys: 'max-keys',
  ContinuationToken: 'continuation-token',
  StartAfter: 'start-after',
  FetchOwner: 'fetch-owner',
};

/** Set a field of a record, whatever its name (`__proto__` and `constructor` included). */
const put = (out: Record<string, JsonValue>, name: string, value: JsonValue): void => {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
};

function recase(value: unknown, isMap: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => recase(v, false));
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || NEVER_LOGGED.has(k)) continue;
      put(out, isMap ? k : lowerCamel(k), recase(v, !isMap && MAP_FIELD.test(k)));
    }
    return out;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : textOf(value);
}

/** A request value as text (an invalid request may put anything anywhere). */
const textOf = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'));

/** An S3 request or response: headers by their header names, the bucket as bucketName; body elements keep their XML names. */
function s3Fields(fields: object, region: string, request: boolean): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || NEVER_LOGGED.has(k)) continue;
    if (k === 'Bucket') {
      put(out, 'bucketName', textOf(v));
      put(out, 'Host', `${textOf(v)}.s3.${region}.amazonaws.com`);
    } else if (Object.hasOwn(S3_HEADERS, k)) put(out, S3_HEADERS[k]!, v !== null && typeof v === 'object' ? recase(v, false) : textOf(v));
    else if (request) put(out, k, recase(v, MAP_FIELD.test(k)));
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** The requestParameters of a call: its input in the service's record form, secrets left out; null without input. */
export function requestParametersOf(service: Service, input: unknown, region: string): JsonValue {
  if (input === null || typeof input !== 'object' || Object.keys(input).length === 0) return null;
  return service === 's3' ? s3Fields(input, region, true) : recase(input, false);
}

/**
 * The responseElements of a successful call that CloudTrail records a response for: the output in the record's form;
 * for S3, the response headers. A KMS operation that returns nothing about its key records the key's ARN:
 * ct-disablekey.html, "CloudTrail log entries for this operation recorded on or after December 2022 include the key
 * ARN of the affected KMS key in the responseElements.keyId value, even though this operation does not return the key
 * ARN". ScheduleKeyDeletion records keyId, keyState and deletionDate, the date as ct-schedule-key-deletion.html shows
 * it ("deletionDate": "Apr 12, 2021 18:58:30 PM"; INFERRED from that one example: month, day, year, 24-hour time, and
 * AM/PM by the hour).
 */
export function responseElementsOf(service: Service, operation: string, output: JsonObject, region: string, keyArn: string | undefined): JsonValue {
  if (service === 's3') return s3Fields(output, region, false);
  if (service === 'kms' && operation === 'ScheduleKeyDeletion') return scheduleKeyDeletionResponse(output);
  if (Object.keys(output).length === 0) return service === 'kms' && keyArn !== undefined ? { keyId: keyArn } : null;
  return recase(output, false);
}

function scheduleKeyDeletionResponse(output: JsonObject): JsonValue {
  const deletion = output['DeletionDate'];
  const date = typeof deletion === 'string' ? cloudTrailDate(Date.parse(deletion)) : undefined;
  return { keyId: recase(output['KeyId'], false), keyState: recase(output['KeyState'], false), ...(date !== undefined ? { deletionDate: date } : {}) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** A date as KMS writes deletionDate in CloudTrail: "Apr 12, 2021 18:58:30 PM" (UTC). */
export function cloudTrailDate(ms: number): string {
  const d = new Date(boundedTime(ms));
  const time = `${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}:${twoDigits(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${time} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

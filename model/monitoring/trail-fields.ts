// What CloudTrail writes of a request and a response: the service's own field names, secrets and payloads left out.
import type { JsonObject, Service } from '../op.ts';
import type { JsonValue } from '../state.ts';

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-decrypt.html (and the other ct-* pages) — request
 * parameters appear under their API names in lowerCamelCase ("keyId", "encryptionContext", "encryptionAlgorithm");
 * plaintexts, ciphertexts and data keys never appear; "CloudTrail does not log grant tokens"
 * (kms/latest/developerguide/grant-manage.html). Object bodies, messages and secret credentials are not parameters.
 */
const NEVER_LOGGED: ReadonlySet<string> = new Set([
  'Plaintext', 'CiphertextBlob', 'CiphertextForRecipient', 'PrivateKeyPlaintext', 'PrivateKeyCiphertextBlob', 'Signature',
  'Body', 'Message', 'GrantToken', 'GrantTokens', 'SecretAccessKey', 'SessionToken', 'Mac',
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

function recase(value: unknown, isMap: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => recase(v, false));
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || NEVER_LOGGED.has(k)) continue;
      Object.defineProperty(out, isMap ? k : lowerCamel(k), { value: recase(v, !isMap && MAP_FIELD.test(k)), enumerable: true, writable: true, configurable: true });
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
      out['bucketName'] = textOf(v);
      out['Host'] = `${textOf(v)}.s3.${region}.amazonaws.com`;
    } else if (S3_HEADERS[k] !== undefined) out[S3_HEADERS[k]] = v !== null && typeof v === 'object' ? recase(v, false) : textOf(v);
    else if (request) out[k] = recase(v, MAP_FIELD.test(k));
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** The requestParameters of a call: its input in the service's record form, secrets left out; null without input. */
export function requestParametersOf(service: Service, input: unknown, region: string): JsonValue {
  if (input === null || typeof input !== 'object' || Object.keys(input).length === 0) return null;
  return service === 's3' ? s3Fields(input, region, true) : recase(input, false);
}

/**
 * The responseElements of a successful call that CloudTrail records a response for: the output in the record's form
 * (https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedule-key-deletion.html: `{"keyId", "keyState":
 * "PendingDeletion", "deletionDate", "pendingWindowInDays"}`); for S3, the response headers. A KMS operation that
 * returns nothing about its key records the key's ARN: ct-disablekey.html, "CloudTrail log entries for this operation
 * recorded on or after December 2022 include the key ARN of the affected KMS key in the responseElements.keyId value,
 * even though this operation does not return the key ARN".
 */
export function responseElementsOf(service: Service, output: JsonObject, region: string, keyArn: string | undefined): JsonValue {
  if (service === 's3') return s3Fields(output, region, false);
  if (Object.keys(output).length === 0) return service === 'kms' && keyArn !== undefined ? { keyId: keyArn } : null;
  return recase(output, false);
}

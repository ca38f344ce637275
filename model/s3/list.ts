// S3 ListObjectsV2: keys in UTF-8 order, with Prefix, Delimiter (CommonPrefixes), StartAfter, MaxKeys and continuation.
import { z } from 'zod';
import type { JsonObject, Operation } from '../op.ts';
import { anyCallerOp, failWith, success } from '../op.ts';
import type { S3Object } from '../state.ts';
import { canonicalUserId } from './acl.ts';
import { authorizeS3, effectiveObjectOwner } from './authorization.ts';
import { bucketFields, findBucket } from './buckets.ts';
import { s3Errors } from './errors.ts';
import { isoTime } from '../timestamps.ts';

const listSchema = z.strictObject({
  ...bucketFields,
  Prefix: z.string().optional(),
  Delimiter: z.string().min(1).optional(),
  MaxKeys: z.number().int().min(0).optional(),
  StartAfter: z.string().optional(),
  ContinuationToken: z.string().optional(),
  FetchOwner: z.boolean().optional(),
});

const encodeToken = (lastKey: string): string => Buffer.from(JSON.stringify({ after: lastKey }), 'utf8').toString('base64');
const tokenSchema = z.strictObject({ after: z.string() });

function decodeToken(token: string): string | undefined {
  try {
    const parsed = tokenSchema.safeParse(JSON.parse(Buffer.from(token, 'base64').toString('utf8')));
    return parsed.success ? parsed.data.after : undefined;
  } catch {
    return undefined;
  }
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — "objects are returned sorted in an ascending order of the respective key names" (UTF-8 binary order). */
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const after = (key: string, bound: string | undefined): boolean => bound === undefined || utf8Order(key, bound) > 0;

interface Page {
  readonly contents: S3Object[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  readonly lastKey: string | undefined;
}

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — keys sharing the part up to the first
 * Delimiter after the Prefix are rolled up into one CommonPrefix, which counts once against MaxKeys (at most 1,000).
 */
function page(objects: readonly S3Object[], prefix: string, delimiter: string | undefined, maxKeys: number): Page {
  const contents: S3Object[] = [];
  const commonPrefixes: string[] = [];
  let lastKey: string | undefined;
  for (const o of objects) {
    const rest = o.key.slice(prefix.length);
    const cut = delimiter === undefined ? -1 : rest.indexOf(delimiter);
    const rolledUp = cut >= 0 ? prefix + rest.slice(0, cut + delimiter!.length) : undefined;
    if (rolledUp !== undefined && commonPrefixes[commonPrefixes.length - 1] === rolledUp) {
      lastKey = o.key;
      continue;
    }
    if (contents.length + commonPrefixes.length >= maxKeys) return { contents, commonPrefixes, truncated: true, lastKey };
    if (rolledUp !== undefined) commonPrefixes.push(rolledUp);
    else contents.push(o);
    lastKey = o.key;
  }
  return { contents, commonPrefixes, truncated: false, lastKey };
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — needs s3:ListBucket (condition keys s3:prefix, s3:delimiter, s3:max-keys). */
const listObjectsV2: Operation<z.infer<typeof listSchema>> = anyCallerOp(listSchema, ({ state, caller, input, env }) => {
  const found = findBucket(state, input.Bucket, input.ExpectedBucketOwner);
  if (!found.ok) return failWith(found.error);
  const bucket = found.value;
  const maxKeys = Math.min(input.MaxKeys ?? 1000, 1000);
  const conditionKeys = { 's3:prefix': input.Prefix, 's3:delimiter': input.Delimiter, 's3:max-keys': input.MaxKeys === undefined ? undefined : String(input.MaxKeys) };
  const denied = authorizeS3({ state, caller, env, action: 's3:ListBucket', bucket, conditionKeys });
  if (denied) return failWith(denied);
  const resumeAfter = input.ContinuationToken === undefined ? undefined : decodeToken(input.ContinuationToken);
  if (input.ContinuationToken !== undefined && resumeAfter === undefined) return failWith(s3Errors.invalidArgument('The continuation token provided is incorrect'));

  const prefix = input.Prefix ?? '';
  const candidates = Object.values(bucket.objects)
    .filter((o) => o.key.startsWith(prefix) && after(o.key, input.StartAfter) && after(o.key, resumeAfter))
    .sort((a, b) => utf8Order(a.key, b.key));
  const p = page(candidates, prefix, input.Delimiter, maxKeys);
  const entry = (o: S3Object): JsonObject => ({
    Key: o.key,
    LastModified: isoTime(o.lastModified),
    ETag: o.etag,
    Size: Buffer.byteLength(o.body, 'utf8'),
    StorageClass: 'STANDARD',
    ...(input.FetchOwner ? { Owner: { ID: canonicalUserId(effectiveObjectOwner(bucket, o)) } } : {}),
  });
  return success(state, {
    IsTruncated: p.truncated,
    ...(p.contents.length > 0 ? { Contents: p.contents.map(entry) } : {}),
    Name: bucket.name,
    Prefix: prefix,
    ...(input.Delimiter !== undefined ? { Delimiter: input.Delimiter } : {}),
    MaxKeys: maxKeys,
    ...(p.commonPrefixes.length > 0 ? { CommonPrefixes: p.commonPrefixes.map((cp) => ({ Prefix: cp })) } : {}),
    KeyCount: p.contents.length + p.commonPrefixes.length,
    ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
    ...(p.truncated && p.lastKey !== undefined ? { NextContinuationToken: encodeToken(p.lastKey) } : {}),
    ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}),
  });
});

export const listOperations = { ListObjectsV2: listObjectsV2 };

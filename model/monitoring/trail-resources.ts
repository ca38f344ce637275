// The `resources` of a CloudTrail record: the KMS keys and S3 buckets/objects a call was about, with their owners.
import { bucketArn, objectArn, parseArn } from '../arn.ts';
import type { Caller } from '../authz/caller.ts';
import type { JsonObject, Service } from '../op.ts';
import type { State } from '../state.ts';
import { decodeCiphertext } from '../kms/ciphertext.ts';
import { grantOfToken } from '../kms/grants.ts';

export interface TrailResource {
  /** The owning account, when known (a bucket ARN does not carry it). */
  readonly accountId: string | undefined;
  readonly type: string;
  readonly ARN: string;
}

interface ResourceQuery {
  readonly service: Service;
  readonly caller: Caller;
  readonly input: unknown;
  readonly result: { readonly ok: true; readonly output: JsonObject } | { readonly ok: false };
  /** Resources the recorder already knows (S3's KMS calls name the key themselves). */
  readonly resources?: readonly TrailResource[];
}

const KEY_FIELDS = ['KeyId', 'SourceKeyId', 'DestinationKeyId', 'TargetKeyId'] as const;
const KEY_ARN = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;

const field = (input: unknown, name: string): string | undefined => {
  const v = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : undefined;
};

/** A key reference (id, ARN, alias name or alias ARN) as the key ARN it names, looked up in the states around the call. */
function keyArnOf(states: readonly State[], callerAccount: string | undefined, ref: string): { arn: string; account: string } | undefined {
  if (KEY_ARN.test(ref)) return { arn: ref, account: ref.split(':', 5)[4]! };
  const parsed = parseArn(ref);
  if (parsed && parsed.resource.startsWith('key/')) return { arn: ref, account: parsed.account };
  const account = parsed ? parsed.account : callerAccount;
  const aliasName = parsed ? parsed.resource : ref.startsWith('alias/') ? ref : undefined;
  for (const s of states) {
    const keyId = aliasName !== undefined ? s.kms.aliases[`${account}:${aliasName}`]?.targetKeyId : ref;
    const key = keyId !== undefined ? s.kms.keys[keyId] : undefined;
    if (key) return { arn: key.arn, account: key.account };
    const deleted = keyId !== undefined ? s.kms.deletedKeys[keyId] : undefined;
    if (deleted) return { arn: deleted.arn, account: parseArn(deleted.arn)?.account ?? '' };
  }
  return undefined;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-decrypt.html — KMS records name the key in `resources`
 * (`{"accountId", "type": "AWS::KMS::Key", "ARN"}`), also when the request identified it by alias or not at all.
 */
function kmsResources(before: State, after: State, q: ResourceQuery): TrailResource[] {
  const callerAccount = q.caller.kind === 'anonymous' ? undefined : q.caller.account;
  const refs = KEY_FIELDS.map((f) => field(q.input, f)).filter((r): r is string => r !== undefined);
  if (q.result.ok) {
    const metadata = q.result.output['KeyMetadata'];
    const created = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as JsonObject)['Arn'] : undefined;
    if (typeof created === 'string') refs.push(created);
    const returned = q.result.output['KeyId'];
    if (refs.length === 0 && typeof returned === 'string') refs.push(returned);
  }
  // Decrypt and ReEncrypt may name no key to decrypt under: the ciphertext does (kms/latest/developerguide/ct-decrypt.html
  // and ct-reencrypt.html record it).
  const blob = field(q.input, 'CiphertextBlob');
  const namesSource = field(q.input, 'KeyId') !== undefined || field(q.input, 'SourceKeyId') !== undefined;
  const sealedUnder = !namesSource && blob !== undefined ? decodeCiphertext(blob)?.keyArn : undefined;
  if (sealedUnder !== undefined) refs.push(sealedUnder);
  // RetireGrant may name its grant by token alone: the grant's key is the resource.
  const token = field(q.input, 'GrantToken');
  const granted = refs.length === 0 && token !== undefined ? grantOfToken(before, token)?.key.arn : undefined;
  if (granted !== undefined) refs.push(granted);
  const seen = new Map<string, TrailResource>();
  for (const ref of refs) {
    const key = keyArnOf([before, after], callerAccount, ref);
    if (key && !seen.has(key.arn)) seen.set(key.arn, { accountId: key.account, type: 'AWS::KMS::Key', ARN: key.arn });
  }
  return [...seen.values()];
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html — the object and its bucket (with the bucket owner). */
function s3Resources(before: State, after: State, q: ResourceQuery): TrailResource[] {
  const bucket = field(q.input, 'Bucket');
  if (bucket === undefined) return [];
  const owner = (before.s3.buckets[bucket] ?? after.s3.buckets[bucket])?.account;
  const key = field(q.input, 'Key');
  const bucketResource: TrailResource = { accountId: owner, type: 'AWS::S3::Bucket', ARN: bucketArn(bucket) };
  return key === undefined ? [bucketResource] : [{ accountId: undefined, type: 'AWS::S3::Object', ARN: objectArn(bucket, key) }, bucketResource];
}

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html — an AssumeRole record names the role (`AWS::IAM::Role`). */
function stsResources(q: ResourceQuery): TrailResource[] {
  const role = field(q.input, 'RoleArn');
  const parsed = role !== undefined ? parseArn(role) : undefined;
  return parsed && parsed.service === 'iam' && parsed.resource.startsWith('role/') ? [{ accountId: parsed.account, type: 'AWS::IAM::Role', ARN: role! }] : [];
}

export function describeResources(before: State, after: State, q: ResourceQuery): readonly TrailResource[] {
  if (q.resources) return q.resources;
  if (q.service === 'kms') return kmsResources(before, after, q);
  if (q.service === 's3') return s3Resources(before, after, q);
  if (q.service === 'sts') return stsResources(q);
  return [];
}

// Key tags: TagResource, UntagResource, ListResourceTags, and the tag rules CreateKey shares.
import { z } from 'zod';
import type { AwsError } from '../errors.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { Key } from '../state.ts';
import { accessKey } from './guard.ts';
import { withKey } from './metadata.ts';
import { paginate } from '../listing.ts';
import { invalidMarker } from './pagination.ts';
import { keyIdSchema, paginationShape, tagSchema } from './schemas.ts';

export type TagInput = z.infer<typeof tagSchema>;

/** https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html — "You can add up to 50 tags to each KMS key". */
export const MAX_TAGS = 50;

const tagException = (message: string): AwsError => ({ code: 'TagException', message });

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html — tag keys are unique per key; "aws:" is a
 * prefix reserved for AWS ("Tags beginning with aws: are reserved"); at most 50 tags per key.
 */
export function tagsError(existing: Readonly<Record<string, string>>, tags: readonly TagInput[]): AwsError | undefined {
  const keys = tags.map((t) => t.TagKey);
  if (new Set(keys).size !== keys.length) return tagException('Duplicate tag keys');
  if (keys.some((k) => k.toLowerCase().startsWith('aws:'))) return tagException('Tags beginning with aws: are reserved');
  if (new Set([...Object.keys(existing), ...keys]).size > MAX_TAGS) return tagException(`Too many tags: a KMS key can have at most ${MAX_TAGS} tags`);
  return undefined;
}

/** The aws:RequestTag/<k> and aws:TagKeys condition keys of a request that carries tags. */
export function requestTagContext(tags: readonly TagInput[]): Record<string, string | readonly string[]> {
  if (tags.length === 0) return {};
  return { ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.TagKey}`, t.TagValue])), 'aws:TagKeys': tags.map((t) => t.TagKey) };
}

const tagResourceSchema = z.strictObject({ KeyId: keyIdSchema, Tags: z.array(tagSchema).max(MAX_TAGS) });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html — "To edit a tag, specify an existing tag key and a new tag value." */
export const TagResource = signedOp(tagResourceSchema, ({ state, caller, input, env }) => {
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:TagResource', operation: 'TagResource',
    extraContext: requestTagContext(input.Tags),
  });
  if (!access.ok) return failWith(access.error);
  const key = access.key;
  const invalid = tagsError(key.tags, input.Tags);
  if (invalid) return failWith(invalid);
  const tags = { ...key.tags, ...Object.fromEntries(input.Tags.map((t) => [t.TagKey, t.TagValue])) };
  return success(withKey(state, { ...key, tags }));
});

const untagResourceSchema = z.strictObject({ KeyId: keyIdSchema, TagKeys: z.array(z.string().min(1).max(128)).max(MAX_TAGS) });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html — removing a tag key the key lacks is not an error. */
export const UntagResource = signedOp(untagResourceSchema, ({ state, caller, input, env }) => {
  const access = accessKey({
    state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:UntagResource', operation: 'UntagResource',
    extraContext: { 'aws:TagKeys': input.TagKeys },
  });
  if (!access.ok) return failWith(access.error);
  const key: Key = access.key;
  const tags = Object.fromEntries(Object.entries(key.tags).filter(([k]) => !input.TagKeys.includes(k)));
  return success(withKey(state, { ...key, tags }));
});

const listResourceTagsSchema = z.strictObject({ KeyId: keyIdSchema, ...paginationShape });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html — Tags: [{TagKey, TagValue}], Limit default 50. */
export const ListResourceTags = signedOp(listResourceTagsSchema, ({ state, caller, input, env }) => {
  const access = accessKey({ state, caller, env, keyRef: input.KeyId, allowAlias: false, action: 'kms:ListResourceTags', operation: 'ListResourceTags' });
  if (!access.ok) return failWith(access.error);
  const all = Object.entries(access.key.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
  const page = paginate(all, input.Limit, input.Marker, 50);
  if (!page) return failWith(invalidMarker);
  return success(state, { Tags: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker });
});

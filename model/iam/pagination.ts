// IAM list pagination: MaxItems and Marker in, IsTruncated and Marker out (the same shape for every IAM List* operation).
import { z } from 'zod';
import type { AwsError } from '../errors.ts';
import type { Json } from '../op.ts';
import { paginate } from '../listing.ts';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html — MaxItems 1..1000 (default 100), Marker 1+ characters. */
export const iamPaginationShape = {
  MaxItems: z.number().int().min(1, 'Member must have value greater than or equal to 1').max(1000, 'Member must have value less than or equal to 1000').optional(),
  Marker: z.string().min(1, 'Member must have length greater than or equal to 1').optional(),
};

/**
 * "IsTruncated: A flag that indicates whether there are more items to return ... Marker: When IsTruncated is true,
 * this element is present and contains the value to use for the Marker parameter in a subsequent pagination request."
 * keyward's Marker is the position of the next item; an unknown Marker is a ValidationError.
 */
export function iamPage<T extends Json>(
  field: string,
  all: readonly T[],
  input: { readonly MaxItems?: number | undefined; readonly Marker?: string | undefined },
): { readonly ok: true; readonly output: { readonly [k: string]: Json | undefined } } | { readonly ok: false; readonly error: AwsError } {
  const page = paginate(all, input.MaxItems, input.Marker);
  if (!page) return { ok: false, error: { code: 'ValidationError', message: `Invalid Marker: ${input.Marker}` } };
  return { ok: true, output: { [field]: [...page.items], IsTruncated: page.Truncated, Marker: page.NextMarker } };
}

// KMS list pagination: Limit and Marker in, Truncated and NextMarker out (the same shape for every List* operation).

export interface Page<T> {
  readonly items: readonly T[];
  readonly Truncated: boolean;
  readonly NextMarker: string | undefined;
}

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html — "Limit ... If you do not include a value, it
 * defaults to 100"; "Truncated: A flag that indicates whether there are more items in the list. When this value is true,
 * the list in this response is truncated. To get more items, pass the value of the NextMarker element in this response
 * to the Marker parameter". keyward's Marker is the position of the next item (opaque to callers).
 * An unknown Marker yields undefined (the caller reports AWS's InvalidMarkerException).
 */
export function paginate<T>(all: readonly T[], limit: number | undefined, marker: string | undefined, defaultLimit = 100): Page<T> | undefined {
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0 || start > all.length) return undefined;
  const end = Math.min(all.length, start + (limit ?? defaultLimit));
  const truncated = end < all.length;
  return { items: all.slice(start, end), Truncated: truncated, NextMarker: truncated ? String(end) : undefined };
}

export const invalidMarker = { code: 'InvalidMarkerException', message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.' } as const;

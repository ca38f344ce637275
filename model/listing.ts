// Listings: the order the services list names in, and pages of a list (a position as the opaque marker or token).

/** Two texts in code-unit order (never locale-dependent), as the services list names. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator by text keys, the first deciding, then the next on a tie: `.sort(byText((a) => a.name))`. */
export function byText<T>(...keys: readonly ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}

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
 * An unknown Marker yields undefined (the caller answers its service's error, KMS's InvalidMarkerException for one).
 */
export function paginate<T>(all: readonly T[], limit: number | undefined, marker: string | undefined, defaultLimit = 100): Page<T> | undefined {
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0 || start > all.length) return undefined;
  const end = Math.min(all.length, start + (limit ?? defaultLimit));
  const truncated = end < all.length;
  return { items: all.slice(start, end), Truncated: truncated, NextMarker: truncated ? String(end) : undefined };
}

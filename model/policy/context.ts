// The request context a policy is evaluated against: condition keys (lower-cased) and their values.

export interface RequestContext {
  /** Condition key, lower-cased (condition key names are case-insensitive) → values. Absent key = not in the request. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

export const emptyContext: RequestContext = { values: new Map() };

/** Build a context from pairs; keys are lower-cased, undefined values are left out. */
export function contextOf(entries: Readonly<Record<string, string | readonly string[] | undefined>>): RequestContext {
  const values = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries(entries)) {
    if (v === undefined) continue;
    values.set(k.toLowerCase(), typeof v === 'string' ? [v] : v);
  }
  return { values };
}

/**
 * The context with some keys added or replaced (undefined removes a key). The result reads through to `ctx` rather than
 * copying it: services add a handful of keys to a shared global context on every request.
 */
export function withValues(ctx: RequestContext, entries: Readonly<Record<string, string | readonly string[] | undefined>>): RequestContext {
  const overlay = new Map<string, readonly string[] | undefined>();
  for (const k in entries) {
    const v = entries[k];
    overlay.set(lowerName(k), v === undefined ? undefined : typeof v === 'string' ? [v] : v);
  }
  return { values: new OverlayMap(ctx.values, overlay) };
}

/** Condition key names lower-cased once (the same few dozen names recur on every request). */
const lowered = new Map<string, string>();
function lowerName(name: string): string {
  let lower = lowered.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowered.size > 10_000) lowered.clear();
    lowered.set(name, lower);
  }
  return lower;
}

/** A read-only map: `top` (where undefined hides a key) over `base`. Immutable once made. */
class OverlayMap implements ReadonlyMap<string, readonly string[]> {
  constructor(
    private readonly base: ReadonlyMap<string, readonly string[]>,
    private readonly top: ReadonlyMap<string, readonly string[] | undefined>,
  ) {}
  get(key: string): readonly string[] | undefined {
    return this.top.has(key) ? this.top.get(key) : this.base.get(key);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  get size(): number {
    return [...this.keys()].length;
  }
  *entries(): MapIterator<[string, readonly string[]]> {
    for (const [k, v] of this.top) if (v !== undefined) yield [k, v];
    for (const [k, v] of this.base) if (!this.top.has(k)) yield [k, v];
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<readonly string[]> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): MapIterator<[string, readonly string[]]> {
    return this.entries();
  }
  forEach(f: (value: readonly string[], key: string, map: ReadonlyMap<string, readonly string[]>) => void): void {
    for (const [k, v] of this.entries()) f(v, k, this);
  }
}

export const singleValue = (ctx: RequestContext, key: string): string | undefined => {
  const v = ctx.values.get(key.toLowerCase());
  return v && v.length === 1 ? v[0] : undefined;
};

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

export function withValues(ctx: RequestContext, entries: Readonly<Record<string, string | readonly string[] | undefined>>): RequestContext {
  const values = new Map(ctx.values);
  for (const [k, v] of Object.entries(entries)) {
    if (v === undefined) values.delete(k.toLowerCase());
    else values.set(k.toLowerCase(), typeof v === 'string' ? [v] : v);
  }
  return { values };
}

export const singleValue = (ctx: RequestContext, key: string): string | undefined => {
  const v = ctx.values.get(key.toLowerCase());
  return v && v.length === 1 ? v[0] : undefined;
};

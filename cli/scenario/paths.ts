// Paths in scenario files: JSON paths for error messages (`steps[3].expect`) and dotted output paths for `save`.

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["steps", 3, "context", "aws:SourceVpce"]` → `steps[3].context["aws:SourceVpce"]`; the empty path is `(top level)`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      if (IDENTIFIER.test(seg)) return i === 0 ? seg : `.${seg}`;
      return `[${JSON.stringify(seg)}]`;
    })
    .join('');
}

export type Lookup = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly missing: string };

/**
 * Follow a dotted path such as `Grants.0.GrantId` into a call's output: a segment of digits indexes an array,
 * any other segment names an object field. Reports the first segment that is not there.
 */
export function lookupPath(root: unknown, dotted: string): Lookup {
  let value: unknown = root;
  const walked: string[] = [];
  for (const seg of dotted.split('.')) {
    walked.push(seg);
    if (Array.isArray(value) && /^\d+$/.test(seg) && Number(seg) < value.length) value = value[Number(seg)];
    else if (isPlainObject(value) && Object.hasOwn(value, seg) && value[seg] !== undefined) value = value[seg];
    else return { found: false, missing: walked.join('.') };
  }
  return { found: true, value };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

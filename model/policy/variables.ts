// Policy variables: ${aws:username}, ${*}, ${?}, ${$} and ${key, 'default'} resolved from the request context.
import type { RequestContext } from './context.ts';

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html — variables need Version
 * 2012-10-17; `${*}`, `${?}`, `${$}` stand for the literal characters; a variable whose key is missing from the request
 * makes the value unusable unless a default is given (`${aws:username, 'none'}`). Returns undefined when unresolved.
 * `literalWildcards` reports whether `*`/`?` came from `${*}`/`${?}` so callers can escape them for *Like matching.
 */
export function substituteVariables(value: string, ctx: RequestContext, enabled: boolean): string | undefined {
  if (!enabled || !value.includes('${')) return value;
  let unresolved = false;
  const out = value.replace(VARIABLE, (_whole, inner: string) => {
    const [rawKey, ...rest] = inner.split(',');
    const key = rawKey!.trim();
    if (key === '*' || key === '?' || key === '$') return key;
    const found = ctx.values.get(key.toLowerCase());
    if (found && found.length === 1) return found[0]!;
    const fallback = rest.join(',').trim();
    const m = /^'(.*)'$/.exec(fallback);
    if (m) return m[1]!;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

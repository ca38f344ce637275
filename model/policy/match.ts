// Wildcard matching for actions (case-insensitive), strings (StringLike) and ARNs (per segment), with compiled-pattern caches.

const caches = { ci: new Map<string, RegExp>(), cs: new Map<string, RegExp>(), segment: new Map<string, RegExp>() };
const CACHE_LIMIT = 50_000;

function escape(ch: string): string {
  return /[\\^$.|+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
}

/** `*` = any run of characters, `?` = one character; everything else literal. */
function globToRegExp(pattern: string, flags: string): RegExp {
  let src = '';
  for (const ch of pattern) src += ch === '*' ? '.*' : ch === '?' ? '.' : escape(ch);
  return new RegExp(`^${src}$`, flags);
}

function compiled(cache: Map<string, RegExp>, pattern: string, flags: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    if (cache.size > CACHE_LIMIT) cache.clear();
    re = globToRegExp(pattern, flags);
    cache.set(pattern, re);
  }
  return re;
}

const hasWildcard = (p: string): boolean => p.includes('*') || p.includes('?');

/** StringLike: `*` and `?` wildcards, case-sensitive (IAM-UG reference_policies_elements_condition_operators). */
export function globMatch(pattern: string, value: string): boolean {
  if (!hasWildcard(pattern)) return pattern === value;
  return compiled(caches.cs, pattern, 's').test(value);
}

/** Case-insensitive glob, for StringEqualsIgnoreCase-like needs and actions. */
export function globMatchIgnoreCase(pattern: string, value: string): boolean {
  if (!hasWildcard(pattern)) return pattern.toLowerCase() === value.toLowerCase();
  return compiled(caches.ci, pattern, 'si').test(value);
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * "The prefix and the action name are case insensitive"; `*` matches any run of characters; "*" alone = every action.
 */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  return globMatchIgnoreCase(pattern, action);
}

export const anyActionMatches = (patterns: readonly string[], action: string): boolean => patterns.some((p) => actionMatches(p, action));

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html — ARNs match segment by
 * segment (arn:partition:service:region:account:resource); `*` and `?` work within a segment and do not cross a
 * colon, except in the last (resource) segment, which may itself contain colons and slashes. "*" matches anything.
 * Case-sensitive (ArnLike).
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  if (!hasWildcard(pattern)) return pattern === arn;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  // A pattern that is not a six-segment ARN can only match by being equal (handled above).
  if (!p || !a) return false;
  for (let i = 0; i < 5; i++) {
    if (!segmentMatches(p[i]!, a[i]!)) return false;
  }
  return globMatch(p[5]!, a[5]!);
}

function segmentMatches(pattern: string, value: string): boolean {
  if (!hasWildcard(pattern)) return pattern === value;
  return compiled(caches.segment, pattern, 's').test(value);
}

function splitArn(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export const anyArnMatches = (patterns: readonly string[], arn: string): boolean => patterns.some((p) => arnMatches(p, arn));

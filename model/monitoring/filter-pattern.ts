// CloudWatch Logs filter patterns: the grammar (terms, a regular expression, JSON conditions), its parser and the matcher.
/**
 * Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html (with its sub-pages
 * matching-terms-json-log-events.html and regex-expressions.html), quoted below as [FPS].
 *
 * Grammar (EBNF; `ws` is blank space, literals are case-sensitive):
 *
 *   pattern      = ws* [ json | regexPattern | delimited | terms ] ws* ;      (* empty: every event *)
 *   json         = "{" ws* orExpr ws* "}" ;
 *   orExpr       = andExpr { ws* "||" ws* andExpr } ;                          (* () > && > || *)
 *   andExpr      = primary { ws* "&&" ws* primary } ;
 *   primary      = "(" ws* orExpr ws* ")" | condition ;
 *   condition    = selector ws* ( eqOp ws* value
 *                               | relOp ws* number
 *                               | "IS" ws+ ( "NULL" | "TRUE" | "FALSE" )
 *                               | "NOT" ws+ "EXISTS" ) ;
 *   selector     = "$" "." name { "." name | "[" digit { digit } "]" } ;
 *   name         = ( letter | digit | "_" | "-" ) { letter | digit | "_" | "-" } ;
 *   eqOp         = "=" | "!=" ;
 *   relOp        = "<" | "<=" | ">" | ">=" ;
 *   value        = quoted | regex | bare ;                                    (* a bare number is a numeric value *)
 *   bare         = bareChar { bareChar } ;
 *   bareChar     = letter | digit | "_" | "-" | "+" | "." | "*" ;
 *   number       = [ "+" | "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ] ;
 *   quoted       = '"' { any char but '"' and "\" | "\" any char } '"' ;
 *   regex        = "%" regexChar { regexChar } "%" ;
 *   regexChar    = letter | digit | ":" | "_" | "#" | "=" | "@" | "/" | ";" | "," | "-" | " "
 *                | "^" | "$" | "?" | "[" | "]" | "{" | "}" | "|" | "\" | "*" | "+" | "." ;
 *   regexPattern = regex ;
 *   terms        = term { ws+ term } ;                                        (* all terms, or all "?"-terms *)
 *   term         = [ "?" | "-" ws* ] ( quoted | word ) ;
 *   word         = ( letter | digit | "_" ) { letter | digit | "_" } ;
 *   delimited    = "[" ... "]" ;                                               (* not modelled: parse fails, unsupported *)
 *
 * Semantics ([FPS] unless marked INFERRED):
 * - "Filter patterns are case sensitive"; terms match anywhere in the event text ("ERROR" matches "ERRORCODE").
 *   Several terms must all appear; "?a ?b" needs any of them; "-term" excludes. `" "` (a blank quoted term) and the
 *   empty pattern match every event.
 * - `%regex%` matches when the regular expression is found in the text (`%AUTHORIZED%` matches "UNAUTHORIZED
 *   REQUEST"); only the documented subset of characters is accepted ("%something!% is rejected"; "The () operator is
 *   not supported"; "Multibyte characters are not supported"); at most two regular expressions in one pattern.
 *   A blank inside a regex is accepted (INFERRED: the AWS CDK's `regexValue('$.message', '=', 'bind: address already
 *   in use')` example uses blanks).
 * - JSON: "Property selectors point to value nodes ... Value nodes can be strings or numbers"; "If a property
 *   selector points to an array or object, the metric filter won't match" — with `=` and `!=` alike. A missing field
 *   matches neither `=` nor `!=` (github.com/DataBiosphere/azul/issues/5884: `$.userIdentity.invokedBy != "..."` is
 *   not true for a record without that field, observed with the console's test pattern). `IS NULL` / `IS TRUE` /
 *   `IS FALSE` test a field set to that JSON value; `NOT EXISTS` a field absent from the event; "The variables IS NOT
 *   and EXISTS currently aren't supported" (rejected).
 * - "Use the asterisk ("*") as a wild card": `*Event` matches PutEvent, `Event*` EventId; "Ev*ent will only match the
 *   actual string Ev*ent" (a `*` inside the text is literal); `*` alone matches any value node, numbers included
 *   (`{ $.latency = * }`).
 * - A bare number after `=`/`!=` compares numerically with a number field; with a string field it compares the text
 *   (INFERRED: the docs' example "the recipientAccountId is 123456789012" matches CloudTrail's string field).
 *   `<`, `<=`, `>`, `>=` need a number and match number fields only (INFERRED: a string field never matches).
 * - Keywords IS, NULL, TRUE, FALSE, NOT, EXISTS are upper case (INFERRED: the docs and the AWS CDK only write them so).
 * - Not modelled (parse fails with `unsupported`): space-delimited patterns `[a, b, ...]`, wildcard selectors
 *   (`$.*`, `[*]`, undocumented), a regex mixed with terms, and "?"-terms mixed with plain or excluded terms.
 */

/** A path into the event: property names and array indexes, from the root `$`. */
export type Selector = readonly (string | number)[];

/** What a string value in a JSON condition matches: text with leading/trailing wildcards, or a regular expression. */
export type ValueMatcher =
  | { readonly kind: 'glob'; readonly text: string; readonly leading: boolean; readonly trailing: boolean }
  | { readonly kind: 'regex'; readonly source: string; readonly regex: RegExp };

export type RelationalOperator = '<' | '<=' | '>' | '>=';

/** A JSON condition (the body of `{ ... }`). */
export type Condition =
  | { readonly kind: 'or'; readonly operands: readonly Condition[] }
  | { readonly kind: 'and'; readonly operands: readonly Condition[] }
  | { readonly kind: 'equals'; readonly selector: Selector; readonly negated: boolean; readonly value: ValueMatcher }
  | { readonly kind: 'numberEquals'; readonly selector: Selector; readonly negated: boolean; readonly number: number; readonly text: string }
  | { readonly kind: 'compare'; readonly selector: Selector; readonly operator: RelationalOperator; readonly number: number }
  | { readonly kind: 'is'; readonly selector: Selector; readonly value: null | boolean }
  | { readonly kind: 'notExists'; readonly selector: Selector };

/** A parsed filter pattern. */
export type FilterPattern =
  | { readonly kind: 'everything' }
  | { readonly kind: 'terms'; readonly mode: 'all' | 'any'; readonly include: readonly string[]; readonly exclude: readonly string[] }
  | { readonly kind: 'regex'; readonly value: Extract<ValueMatcher, { kind: 'regex' }> }
  | { readonly kind: 'json'; readonly condition: Condition };

/** A failure's reason says why the text is not a pattern; for a form keyward does not model (`unsupported`), what that form is. */
export type ParsedPattern =
  | { readonly ok: true; readonly pattern: FilterPattern }
  | { readonly ok: false; readonly reason: string; readonly unsupported?: true };

/** A parse step: the value and the index of the next token or character, or why the text is not a pattern. */
type Step<T> = { readonly ok: true; readonly value: T; readonly next: number } | Failure;
type Failure = { readonly ok: false; readonly reason: string; readonly unsupported?: true };

const fail = (reason: string): Failure => ({ ok: false, reason });
const unmodelledForm = (what: string): Failure => ({ ok: false, reason: what, unsupported: true });
const at = (index: number): string => `at character ${index + 1}`;

// ---------------------------------------------------------------------------------------------------------------
// Characters

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isWordChar = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_';
const isNameChar = (c: string | undefined): boolean => c !== undefined && (isWordChar(c) || c === '-');
const isBareChar = (c: string): boolean => isWordChar(c) || c === '-' || c === '+' || c === '.' || c === '*';
/** Characters that end a bare word inside a JSON pattern. */
const STRUCTURAL = new Set(['{', '}', '(', ')', '"', '%', '=', '!', '<', '>', '&', '|', '$']);

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html — the characters a regex may use. */
const REGEX_SYMBOLS = new Set([':', '_', '#', '=', '@', '/', ';', ',', '-', ' ', '^', '$', '?', '[', ']', '{', '}', '|', '\\', '*', '+', '.']);
const isRegexChar = (c: string): boolean => isLetter(c) || isDigit(c) || REGEX_SYMBOLS.has(c);

/** At most two regular expressions in one pattern ([FPS] "a quota of two regular expression patterns within a single filter pattern"). */
const MAX_REGEX_PER_PATTERN = 2;

// ---------------------------------------------------------------------------------------------------------------
// Numbers and selectors (also used to validate a metric transformation's metricValue)

/** Scan `number` from `start`; the index after it, or -1 when no number starts there. */
function scanNumber(text: string, start: number): number {
  let i = start;
  if (text[i] === '+' || text[i] === '-') i++;
  const digits = (from: number): number => {
    let j = from;
    while (isDigit(text[j])) j++;
    return j;
  };
  const intEnd = digits(i);
  if (intEnd === i) return -1;
  i = intEnd;
  if (text[i] === '.') {
    const fracEnd = digits(i + 1);
    if (fracEnd === i + 1) return -1;
    i = fracEnd;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    const expEnd = digits(j);
    if (expEnd === j) return -1;
    i = expEnd;
  }
  return i;
}

/** Is the whole text a `number` of the grammar (an integer or decimal, signed, optionally in scientific notation)? */
export const isNumberLiteral = (text: string): boolean => text.length > 0 && scanNumber(text, 0) === text.length;

/** Parse a selector (`$.a.b[0]`) that spans the whole text; `offset` places error positions in the enclosing pattern. */
function parseSelector(text: string, offset = 0): Step<Selector> {
  if (text[0] !== '$') return fail(`${at(offset)}: expected a selector starting with "$."`);
  const steps: (string | number)[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '*') return unmodelledForm(`the wildcard selector ${JSON.stringify(text)} (${at(offset + i)})`);
      let j = i + 1;
      while (isNameChar(text[j])) j++;
      if (j === i + 1) return fail(`${at(offset + i + 1)}: expected a property name after "." in selector ${JSON.stringify(text)}`);
      steps.push(text.slice(i + 1, j));
      i = j;
    } else if (c === '[') {
      if (steps.length === 0) return fail(`${at(offset + i)}: array elements "must follow a property" in selector ${JSON.stringify(text)}`);
      if (text[i + 1] === '*') return unmodelledForm(`the wildcard selector ${JSON.stringify(text)} (${at(offset + i)})`);
      let j = i + 1;
      while (isDigit(text[j])) j++;
      if (j === i + 1 || text[j] !== ']') return fail(`${at(offset + i + 1)}: expected an array index [NUMBER] in selector ${JSON.stringify(text)}`);
      steps.push(Number(text.slice(i + 1, j)));
      i = j + 1;
    } else {
      return fail(`${at(offset + i)}: unexpected ${JSON.stringify(c)} in selector ${JSON.stringify(text)} (property names are letters, digits, "-" and "_")`);
    }
  }
  if (steps.length === 0) return fail(`${at(offset)}: expected "$." and a property name`);
  return { ok: true, value: steps, next: text.length };
}

const selectors = new Map<string, Selector | undefined>();

function selectorOf(text: string): Selector | undefined {
  if (selectors.has(text)) return selectors.get(text);
  const parsed = parseSelector(text);
  const selector = parsed.ok ? parsed.value : undefined;
  if (selectors.size > 10_000) selectors.clear();
  selectors.set(text, selector);
  return selector;
}

/** Is the text a JSON property selector (`$.bytes`, `$.a[0].b`)? */
export const isJsonSelector = (text: string): boolean => selectorOf(text) !== undefined;

/** The value a selector points to in the event, or undefined when it points to nothing (or does not parse). */
export function selectValue(event: object, selector: string): unknown {
  const parsed = selectorOf(selector);
  return parsed ? resolve(event, parsed) : undefined;
}

/** Follow a selector: a property of a (non-array) object, or an element of an array. */
function resolve(root: unknown, selector: Selector): unknown {
  let node: unknown = root;
  for (const step of selector) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return undefined;
      node = node[step];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, step)) return undefined;
      node = (node as Record<string, unknown>)[step];
    }
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Quoted strings and regular expressions (shared by term and JSON patterns)

/** Scan a quoted string starting at `start` (a '"'): its content (with \" and \\ unescaped) and the index after it. */
function scanQuoted(text: string, start: number): Step<string> {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { ok: true, value, next: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  return fail(`${at(start)}: unterminated quoted string (expected a closing '"')`);
}

/** Scan `%regex%` starting at `start` (a '%'): the compiled expression of the documented subset, and the index after it. */
function scanRegex(text: string, start: number): Step<Extract<ValueMatcher, { kind: 'regex' }>> {
  const close = text.indexOf('%', start + 1);
  if (close < 0) return fail(`${at(start)}: unterminated regular expression (expected a closing "%")`);
  const source = text.slice(start + 1, close);
  if (source.length === 0) return fail(`${at(start)}: empty regular expression "%%"`);
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '(' || c === ')') return fail(`${at(start + 1 + i)}: "The () operator is not supported" in regular expressions`);
    if (c.charCodeAt(0) > 127) return fail(`${at(start + 1 + i)}: "Multibyte characters are not supported" in regular expressions`);
    if (!isRegexChar(c)) return fail(`${at(start + 1 + i)}: the character ${JSON.stringify(c)} is not supported in regular expressions`);
  }
  const regex = compileRegex(source);
  if (!regex) return fail(`${at(start)}: invalid regular expression %${source}%`);
  return { ok: true, value: { kind: 'regex', source, regex }, next: close + 1 };
}

/** The JavaScript RegExp of an already-validated source (the subset uses no construct whose meaning differs); undefined if it does not compile. */
function compileRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

/** A string value: its wildcard shape ("*" only at the start or the end is a wildcard). */
function globOf(raw: string): ValueMatcher {
  const leading = raw.startsWith('*');
  const rest = leading ? raw.slice(1) : raw;
  const trailing = rest.endsWith('*');
  return { kind: 'glob', text: trailing ? rest.slice(0, -1) : rest, leading, trailing };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON patterns: tokens

type Token =
  | { readonly kind: '{' | '}' | '(' | ')' | '&&' | '||' | 'end'; readonly at: number }
  | { readonly kind: 'op'; readonly op: '=' | '!=' | RelationalOperator; readonly at: number }
  | { readonly kind: 'selector'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'regex'; readonly value: Extract<ValueMatcher, { kind: 'regex' }>; readonly at: number }
  | { readonly kind: 'word'; readonly text: string; readonly at: number };

const describeToken = (t: Token): string => {
  switch (t.kind) {
    case 'end': return 'the end of the pattern';
    case 'op': return `"${t.op}"`;
    case 'selector': return `selector ${t.text}`;
    case 'string': return `"${t.text}"`;
    case 'regex': return `%${t.value.source}%`;
    case 'word': return `"${t.text}"`;
    default: return `"${t.kind}"`;
  }
};

/** Split a JSON pattern into tokens. */
function tokenize(text: string, start: number): { readonly ok: true; readonly tokens: readonly Token[] } | Failure {
  const tokens: Token[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (isBlank(c)) {
      i++;
    } else if (c === '{' || c === '}' || c === '(' || c === ')') {
      tokens.push({ kind: c, at: i });
      i++;
    } else if (two === '&&' || two === '||') {
      tokens.push({ kind: two, at: i });
      i += 2;
    } else if (c === '&' || c === '|') {
      return fail(`${at(i)}: expected "${c}${c}"`);
    } else if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', op: two, at: i });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', op: c, at: i });
      i++;
    } else if (c === '!') {
      return fail(`${at(i)}: expected "!="`);
    } else if (c === '"') {
      const quoted = scanQuoted(text, i);
      if (!quoted.ok) return quoted;
      tokens.push({ kind: 'string', text: quoted.value, at: i });
      i = quoted.next;
    } else if (c === '%') {
      const regex = scanRegex(text, i);
      if (!regex.ok) return regex;
      tokens.push({ kind: 'regex', value: regex.value, at: i });
      i = regex.next;
    } else if (c === '$') {
      let j = i + 1;
      while (j < text.length && (isNameChar(text[j]) || text[j] === '.' || text[j] === '[' || text[j] === ']' || text[j] === '*')) j++;
      tokens.push({ kind: 'selector', text: text.slice(i, j), at: i });
      i = j;
    } else {
      let j = i;
      while (j < text.length && !isBlank(text[j]) && !STRUCTURAL.has(text[j]!)) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), at: i });
      i = j;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return { ok: true, tokens };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON patterns: recursive descent over the tokens

/** Deeper nesting than this is refused (keeps the parser's stack bounded on any input). */
const MAX_DEPTH = 64;

function parseJson(tokens: readonly Token[]): Step<Condition> {
  const body = parseOr(tokens, 1, 0);
  if (!body.ok) return body;
  const close = tokens[body.next]!;
  if (close.kind !== '}') return fail(`${at(close.at)}: expected "&&", "||" or "}", found ${describeToken(close)}`);
  const after = tokens[body.next + 1]!;
  if (after.kind !== 'end') return fail(`${at(after.at)}: unexpected ${describeToken(after)} after the closing "}"`);
  return { ok: true, value: body.value, next: body.next + 2 };
}

/** orExpr = andExpr { "||" andExpr } */
function parseOr(tokens: readonly Token[], i: number, depth: number): Step<Condition> {
  return parseChain(tokens, i, '||', (j) => parseAnd(tokens, j, depth), (operands) => ({ kind: 'or', operands }));
}

/** andExpr = primary { "&&" primary } */
function parseAnd(tokens: readonly Token[], i: number, depth: number): Step<Condition> {
  return parseChain(tokens, i, '&&', (j) => parsePrimary(tokens, j, depth), (operands) => ({ kind: 'and', operands }));
}

function parseChain(
  tokens: readonly Token[], i: number, connective: '&&' | '||',
  operand: (j: number) => Step<Condition>, combine: (operands: readonly Condition[]) => Condition,
): Step<Condition> {
  const first = operand(i);
  if (!first.ok) return first;
  const operands = [first.value];
  let next = first.next;
  while (tokens[next]!.kind === connective) {
    const more = operand(next + 1);
    if (!more.ok) return more;
    operands.push(more.value);
    next = more.next;
  }
  return { ok: true, value: operands.length === 1 ? first.value : combine(operands), next };
}

/** primary = "(" orExpr ")" | condition */
function parsePrimary(tokens: readonly Token[], i: number, depth: number): Step<Condition> {
  const t = tokens[i]!;
  if (t.kind !== '(') return parseCondition(tokens, i);
  if (depth >= MAX_DEPTH) return fail(`${at(t.at)}: parentheses nested deeper than ${MAX_DEPTH} levels`);
  const inner = parseOr(tokens, i + 1, depth + 1);
  if (!inner.ok) return inner;
  const close = tokens[inner.next]!;
  if (close.kind !== ')') return fail(`${at(close.at)}: expected "&&", "||" or ")" to close the "(" ${at(t.at)}, found ${describeToken(close)}`);
  return { ok: true, value: inner.value, next: inner.next + 1 };
}

/** condition = selector ( eqOp value | relOp number | "IS" (NULL|TRUE|FALSE) | "NOT" "EXISTS" ) */
function parseCondition(tokens: readonly Token[], i: number): Step<Condition> {
  const t = tokens[i]!;
  if (t.kind !== 'selector') return fail(`${at(t.at)}: expected a selector such as $.eventName or "(", found ${describeToken(t)}`);
  const selector = parseSelector(t.text, t.at);
  if (!selector.ok) return selector;
  const next = tokens[i + 1]!;
  if (next.kind === 'op') return parseComparison(tokens, i + 2, selector.value, next.op, next.at);
  if (next.kind === 'word' && next.text === 'IS') return parseIs(tokens, i + 2, selector.value);
  if (next.kind === 'word' && next.text === 'NOT') {
    const what = tokens[i + 2]!;
    if (what.kind === 'word' && what.text === 'EXISTS') return { ok: true, value: { kind: 'notExists', selector: selector.value }, next: i + 3 };
    return fail(`${at(what.at)}: expected EXISTS after NOT, found ${describeToken(what)}`);
  }
  if (next.kind === 'word' && next.text === 'EXISTS') return fail(`${at(next.at)}: "The variables IS NOT and EXISTS currently aren't supported" (use NOT EXISTS, or = "*")`);
  return fail(`${at(next.at)}: expected an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS) after ${t.text}, found ${describeToken(next)}`);
}

function parseIs(tokens: readonly Token[], i: number, selector: Selector): Step<Condition> {
  const what = tokens[i]!;
  const values: Readonly<Record<string, null | boolean>> = { NULL: null, TRUE: true, FALSE: false };
  if (what.kind === 'word' && Object.hasOwn(values, what.text)) return { ok: true, value: { kind: 'is', selector, value: values[what.text]! }, next: i + 1 };
  if (what.kind === 'word' && what.text === 'NOT') return fail(`${at(what.at)}: "The variables IS NOT and EXISTS currently aren't supported"`);
  return fail(`${at(what.at)}: expected NULL, TRUE or FALSE after IS, found ${describeToken(what)}`);
}

function parseComparison(tokens: readonly Token[], i: number, selector: Selector, op: '=' | '!=' | RelationalOperator, opAt: number): Step<Condition> {
  const v = tokens[i]!;
  if (op !== '=' && op !== '!=') {
    if (v.kind === 'word' && isNumberLiteral(v.text)) return { ok: true, value: { kind: 'compare', selector, operator: op, number: Number(v.text) }, next: i + 1 };
    return fail(`${at(v.at)}: the numeric operator "${op}" ${at(opAt)} needs a number, found ${describeToken(v)}`);
  }
  const negated = op === '!=';
  if (v.kind === 'string') return { ok: true, value: { kind: 'equals', selector, negated, value: globOf(v.text) }, next: i + 1 };
  if (v.kind === 'regex') return { ok: true, value: { kind: 'equals', selector, negated, value: v.value }, next: i + 1 };
  if (v.kind !== 'word') return fail(`${at(v.at)}: expected a value after "${op}", found ${describeToken(v)}`);
  if (isNumberLiteral(v.text)) return { ok: true, value: { kind: 'numberEquals', selector, negated, number: Number(v.text), text: v.text }, next: i + 1 };
  const bad = [...v.text].findIndex((c) => !isBareChar(c));
  if (bad >= 0) {
    return fail(`${at(v.at + bad)}: the character ${JSON.stringify(v.text[bad])} in ${JSON.stringify(v.text)} needs the value to be enclosed in double quotes`);
  }
  return { ok: true, value: { kind: 'equals', selector, negated, value: globOf(v.text) }, next: i + 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// Term patterns

interface Term {
  readonly text: string;
  readonly prefix: '' | '?' | '-';
}

/** terms = term { ws+ term }, term = [ "?" | "-" ws* ] ( quoted | word ) */
function parseTerms(text: string, start: number): Step<FilterPattern> {
  const terms: Term[] = [];
  let i = start;
  while (i < text.length) {
    if (isBlank(text[i])) {
      i++;
      continue;
    }
    const termAt = i;
    const prefix = text[i] === '?' || text[i] === '-' ? (text[i] as '?' | '-') : '';
    if (prefix) i++;
    if (prefix === '-') while (isBlank(text[i])) i++;
    if (i >= text.length || isBlank(text[i])) return fail(`${at(termAt)}: expected a term after "${prefix}"`);
    if (text[i] === '"') {
      const quoted = scanQuoted(text, i);
      if (!quoted.ok) return quoted;
      if (quoted.next < text.length && !isBlank(text[quoted.next])) return fail(`${at(quoted.next)}: expected a blank after the quoted term`);
      terms.push({ text: quoted.value, prefix });
      i = quoted.next;
      continue;
    }
    if (text[i] === '%') {
      const regex = scanRegex(text, i);
      return regex.ok ? unmodelledForm(`a regular expression combined with other terms (${at(i)}); a %regex% pattern stands alone`) : regex;
    }
    let j = i;
    while (j < text.length && !isBlank(text[j])) j++;
    const word = text.slice(i, j);
    const bad = [...word].findIndex((c) => !isWordChar(c));
    if (bad >= 0) {
      return fail(`${at(i + bad)}: invalid character(s) in term ${JSON.stringify(word)}: terms with characters other than letters, digits and "_" must be enclosed in double quotes`);
    }
    terms.push({ text: word, prefix });
    i = j;
  }
  return termPattern(terms, text.length);
}

/**
 * [FPS] "?ERROR ?ARGUMENTS" matches events with either term; "ERROR ARGUMENTS" needs both; "ERROR -ARGUMENTS" excludes
 * the second. How "?"-terms combine with plain or excluded terms is not documented.
 */
function termPattern(terms: readonly Term[], end: number): Step<FilterPattern> {
  const any = terms.filter((t) => t.prefix === '?');
  if (any.length > 0 && any.length < terms.length) return unmodelledForm('"?" terms mixed with plain or "-" terms (undocumented)');
  if (any.length > 0) return { ok: true, value: { kind: 'terms', mode: 'any', include: any.map((t) => t.text), exclude: [] }, next: end };
  const include = terms.filter((t) => t.prefix === '').map((t) => t.text);
  const exclude = terms.filter((t) => t.prefix === '-').map((t) => t.text);
  return { ok: true, value: { kind: 'terms', mode: 'all', include, exclude }, next: end };
}

// ---------------------------------------------------------------------------------------------------------------
// The whole pattern

function parseWhole(text: string): ParsedPattern {
  let start = 0;
  while (isBlank(text[start])) start++;
  if (start === text.length) return { ok: true, pattern: { kind: 'everything' } };
  const first = text[start];
  const parsed = first === '{' ? parseJsonPattern(text, start)
    : first === '[' ? unmodelledForm('space-delimited filter patterns ("[field, ...]")')
      : first === '%' ? parseRegexPattern(text, start)
        : parseTerms(text, start);
  if (!parsed.ok) return parsed.unsupported ? parsed : { ok: false, reason: parsed.reason };
  const regexes = regexCount(parsed.value);
  if (regexes > MAX_REGEX_PER_PATTERN) {
    return { ok: false, reason: `the pattern has ${regexes} regular expressions; a filter pattern can contain at most ${MAX_REGEX_PER_PATTERN}` };
  }
  return { ok: true, pattern: parsed.value };
}

function parseJsonPattern(text: string, start: number): Step<FilterPattern> {
  const lexed = tokenize(text, start);
  if (!lexed.ok) return lexed;
  const body = parseJson(lexed.tokens);
  return body.ok ? { ok: true, value: { kind: 'json', condition: body.value }, next: text.length } : body;
}

function parseRegexPattern(text: string, start: number): Step<FilterPattern> {
  const regex = scanRegex(text, start);
  if (!regex.ok) return regex;
  let i = regex.next;
  while (isBlank(text[i])) i++;
  if (i < text.length) return unmodelledForm(`a regular expression combined with other terms (${at(i)}); a %regex% pattern stands alone`);
  return { ok: true, value: { kind: 'regex', value: regex.value }, next: text.length };
}

const parsedPatterns = new Map<string, ParsedPattern>();

/** Parse a filter pattern; never throws. The same text is parsed once (memoized). */
export function parseFilterPattern(text: string): ParsedPattern {
  const known = parsedPatterns.get(text);
  if (known) return known;
  const parsed = parseWhole(text);
  if (parsedPatterns.size > 10_000) parsedPatterns.clear();
  parsedPatterns.set(text, parsed);
  return parsed;
}

/** How many regular expressions the pattern uses ([FPS] quotas: two per pattern, five per log group). */
export function regexCount(pattern: FilterPattern): number {
  switch (pattern.kind) {
    case 'regex': return 1;
    case 'json': return conditionRegexCount(pattern.condition);
    default: return 0;
  }
}

function conditionRegexCount(c: Condition): number {
  if (c.kind === 'and' || c.kind === 'or') return c.operands.reduce((n, o) => n + conditionRegexCount(o), 0);
  return c.kind === 'equals' && c.value.kind === 'regex' ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

/** Does the pattern match the event? `event` is the record as a JS object; `text` its JSON text (what terms and regexes search), or a function giving it, called only when needed. */
export function matchesEvent(pattern: FilterPattern, event: object, text: string | (() => string)): boolean {
  const message = (): string => (typeof text === 'string' ? text : text());
  switch (pattern.kind) {
    case 'everything': return true;
    case 'terms': return termsMatch(pattern, message());
    case 'regex': return pattern.value.regex.test(message());
    case 'json': return holds(pattern.condition, event);
  }
}

/** A blank term (`" "`) matches every event ([FPS] "Match everything"); any other term is searched as it is written. */
const termFound = (term: string, text: string): boolean => term.trim() === '' || text.includes(term);

function termsMatch(p: Extract<FilterPattern, { kind: 'terms' }>, text: string): boolean {
  if (p.exclude.some((t) => t.trim() !== '' && text.includes(t))) return false;
  return p.mode === 'any' ? p.include.some((t) => termFound(t, text)) : p.include.every((t) => termFound(t, text));
}

/** The text of a value node (a string or a finite number); undefined for null, booleans, arrays, objects and absence. */
function valueText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function valueMatches(m: ValueMatcher, text: string): boolean {
  if (m.kind === 'regex') return m.regex.test(text);
  if (m.leading && m.trailing) return text.includes(m.text);
  if (m.leading) return text.endsWith(m.text);
  if (m.trailing) return text.startsWith(m.text);
  return text === m.text;
}

function numberEquals(v: unknown, number: number, literal: string): boolean | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v === number : undefined;
  return typeof v === 'string' ? v === literal : undefined;
}

function compares(v: number, operator: RelationalOperator, n: number): boolean {
  switch (operator) {
    case '<': return v < n;
    case '<=': return v <= n;
    case '>': return v > n;
    case '>=': return v >= n;
  }
}

/** Does a JSON condition hold for the event? Comparisons on anything but a value node are false, negated or not. */
function holds(c: Condition, event: object): boolean {
  switch (c.kind) {
    case 'or': return c.operands.some((o) => holds(o, event));
    case 'and': return c.operands.every((o) => holds(o, event));
    case 'notExists': return resolve(event, c.selector) === undefined;
    case 'is': return resolve(event, c.selector) === c.value;
    case 'compare': {
      const v = resolve(event, c.selector);
      return typeof v === 'number' && Number.isFinite(v) && compares(v, c.operator, c.number);
    }
    case 'numberEquals': {
      const equal = numberEquals(resolve(event, c.selector), c.number, c.text);
      return equal !== undefined && equal !== c.negated;
    }
    case 'equals': {
      const text = valueText(resolve(event, c.selector));
      return text !== undefined && valueMatches(c.value, text) !== c.negated;
    }
  }
}

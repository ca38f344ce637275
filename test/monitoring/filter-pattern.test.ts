// The CloudWatch Logs filter-pattern language: every construct of the grammar, precedence, the KMS alarm pattern, errors, fuzzing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FilterPattern } from '../../model/monitoring/filter-pattern.ts';
import { isJsonSelector, isNumberLiteral, matchesEvent, parseFilterPattern, regexCount, selectValue } from '../../model/monitoring/filter-pattern.ts';
import { fuzzParams } from '../support/params.ts';

const parsed = (text: string): FilterPattern => {
  const r = parseFilterPattern(text);
  if (!r.ok) expect.fail(`${JSON.stringify(text)} did not parse: ${r.reason}`);
  return r.pattern;
};

/** Does the pattern match the event (given as an object; its text is its JSON)? */
const matches = (pattern: string, event: object): boolean => matchesEvent(parsed(pattern), event, JSON.stringify(event));
/** Does the pattern match a plain-text message (term and regex patterns)? */
const matchesText = (pattern: string, message: string): boolean => matchesEvent(parsed(pattern), {}, message);

const reasonOf = (text: string): string => {
  const r = parseFilterPattern(text);
  if (r.ok) expect.fail(`${JSON.stringify(text)} parsed, expected a failure`);
  return r.reason;
};

const isUnsupported = (text: string): boolean => {
  const r = parseFilterPattern(text);
  return !r.ok && r.unsupported === true;
};

// The examples of https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
const DOC_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [{ name: 'a', id: 1 }, { name: 'b', id: 2 }],
  SomeObject: null,
  ThisFlag: true,
};

const COMPOUND_EVENT = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [{ id: 2, email: 'John.Doe@example.com' }, { id: 3, email: 'Jane.Doe@example.com' }],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
};

describe('term patterns', () => {
  // FilterAndPatternSyntax.html#matching-terms-events — "Filter patterns are case sensitive"; terms match anywhere.
  it('a single term matches events containing it, case-sensitively, anywhere in a word', () => {
    expect(matchesText('ERROR', '[ERROR 400] BAD REQUEST')).toBe(true);
    expect(matchesText('ERROR', 'Exiting with ERRORCODE: -1')).toBe(true);
    expect(matchesText('ERROR', 'error: lower case')).toBe(false);
  });

  it('several terms must all appear', () => {
    expect(matchesText('ERROR ARGUMENTS', '[ERROR 419] MISSING ARGUMENTS')).toBe(true);
    expect(matchesText('ERROR ARGUMENTS', '[ERROR 400] BAD REQUEST')).toBe(false);
  });

  it('"?"-terms need any one of them', () => {
    expect(matchesText('?ERROR ?WARN', 'WARN message')).toBe(true);
    expect(matchesText('?ERROR ?WARN', 'ERROR message')).toBe(true);
    expect(matchesText('?ERROR ?WARN', 'INFO message')).toBe(false);
  });

  it('"-term" excludes events containing the term (with or without a blank after "-")', () => {
    expect(matchesText('ERROR -WARN', 'ERROR message')).toBe(true);
    expect(matchesText('ERROR -WARN', 'ERROR WARN message')).toBe(false);
    expect(matchesText('"ERROR" - "Exiting"', 'Exiting with ERRORCODE: -1')).toBe(false);
    expect(matchesText('-WARN', 'INFO message')).toBe(true);
  });

  it('a quoted term is an exact phrase and may hold any character', () => {
    expect(matchesText('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL SERVER ERROR')).toBe(true);
    expect(matchesText('"INTERNAL SERVER ERROR"', 'INTERNAL ERROR SERVER')).toBe(false);
    expect(matchesText('"a \\"quoted\\" word"', 'say a "quoted" word')).toBe(true);
  });

  it('the empty pattern and a blank quoted term match every event', () => {
    expect(parsed('')).toEqual({ kind: 'everything' });
    expect(parsed('   ')).toEqual({ kind: 'everything' });
    expect(matchesText('" "', 'nospace')).toBe(true);
  });

  it('terms search the JSON text of a JSON event', () => {
    expect(matches('UpdateTrail', DOC_EVENT)).toBe(true);
    expect(matches('"\\"eventType\\":\\"UpdateTrail\\""', DOC_EVENT)).toBe(true);
  });

  it('refuses unquoted non-alphanumeric characters, a dangling prefix and an unterminated quote', () => {
    expect(reasonOf('ERROR:')).toMatch(/at character 6: invalid character\(s\) in term "ERROR:".*double quotes/);
    expect(reasonOf('ERROR ?')).toMatch(/at character 7: expected a term after "\?"/);
    expect(reasonOf('ERROR -')).toMatch(/expected a term after "-"/);
    expect(reasonOf('"open')).toMatch(/at character 1: unterminated quoted string/);
    expect(reasonOf('"a"b')).toMatch(/expected a blank after the quoted term/);
  });

  it('does not model "?"-terms mixed with plain terms (undocumented)', () => {
    expect(isUnsupported('?ERROR WARN')).toBe(true);
    expect(isUnsupported('?ERROR -WARN')).toBe(true);
  });
});

describe('regular expression patterns', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html — "%AUTHORIZED%" matches "UNAUTHORIZED REQUEST".
  it('%regex% matches when the expression is found in the text', () => {
    expect(matchesText('%AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST')).toBe(true);
    expect(matchesText('%^[hc]at%', 'hat trick')).toBe(true);
    expect(matchesText('%^[hc]at%', 'that')).toBe(false);
    expect(matchesText('%colou?r%', 'color')).toBe(true);
    expect(matchesText('%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'from 10.0.0.1')).toBe(true);
    expect(matchesText('%[Ee]rror|[Ff]ail%', 'it FAILED, ERROR')).toBe(false);
    expect(matchesText('%[Ee]rror|[Ff]ail%', 'it Failed')).toBe(true);
  });

  it('refuses characters outside the documented subset, parentheses, multibyte characters and empty or unterminated expressions', () => {
    expect(reasonOf('%something!%')).toMatch(/at character 11: the character "!" is not supported/);
    expect(reasonOf('%(a|b)%')).toMatch(/The \(\) operator is not supported/);
    expect(reasonOf('%é%')).toMatch(/Multibyte characters are not supported/);
    expect(reasonOf('%%')).toMatch(/empty regular expression/);
    expect(reasonOf('%abc')).toMatch(/unterminated regular expression/);
    expect(reasonOf('%[z-a]%')).toMatch(/invalid regular expression/);
  });

  it('does not model a regex combined with other terms', () => {
    expect(isUnsupported('%ERR% WARN')).toBe(true);
    expect(isUnsupported('WARN %ERR%')).toBe(true);
    expect(reasonOf('WARN %ERR')).toMatch(/unterminated regular expression/);
  });
});

describe('JSON patterns: selectors and string values', () => {
  // FilterAndPatternSyntax.html#metric-filters-extract-json — the documentation's example event and patterns.
  it('matches the documented examples', () => {
    expect(matches('{ $.eventType = "UpdateTrail" }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.arrayKey[0] = "value" }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.objectList[1].id = 2 }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.SomeObject IS NULL }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.SomeOtherObject NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.ThisFlag IS TRUE }', DOC_EVENT)).toBe(true);
    expect(matches('{$.eventType = UpdateTrail}', DOC_EVENT)).toBe(true);
  });

  it('"*" is a wildcard at the start or the end; inside the text it is literal ("Ev*ent will only match the actual string Ev*ent")', () => {
    expect(matches('{ $.e = *Event }', { e: 'PutEvent' })).toBe(true);
    expect(matches('{ $.e = Event* }', { e: 'EventName' })).toBe(true);
    expect(matches('{ $.e = "*vent*" }', { e: 'PutEvents' })).toBe(true);
    expect(matches('{ $.e = Ev*ent }', { e: 'Event' })).toBe(false);
    expect(matches('{ $.e = Ev*ent }', { e: 'Ev*ent' })).toBe(true);
    expect(matches('{ $.e = * }', { e: '' })).toBe(true);
    expect(matches('{ $.latency = * }', { latency: 50 })).toBe(true);
    expect(matches('{ $.status = 4* }', { status: 404 })).toBe(true);
  });

  it('string comparison is exact and case-sensitive', () => {
    expect(matches('{ $.eventType = "updatetrail" }', DOC_EVENT)).toBe(false);
    expect(matches('{ $.eventType = "Update" }', DOC_EVENT)).toBe(false);
  });

  // FilterAndPatternSyntax.html — "If a property selector points to an array or object, the metric filter won't match".
  it('= and != never match an array, an object, null, a boolean or a missing field', () => {
    for (const op of ['=', '!=']) {
      expect(matches(`{ $.arrayKey ${op} 1 }`, DOC_EVENT)).toBe(false);
      expect(matches(`{ $.objectList[0] ${op} "a" }`, DOC_EVENT)).toBe(false);
      expect(matches(`{ $.SomeObject ${op} "x" }`, DOC_EVENT)).toBe(false);
      expect(matches(`{ $.ThisFlag ${op} "x" }`, DOC_EVENT)).toBe(false);
      expect(matches(`{ $.missing ${op} "x" }`, DOC_EVENT)).toBe(false);
    }
  });

  // github.com/DataBiosphere/azul/issues/5884 — `$.userIdentity.invokedBy != "..."` is false for a record without the field.
  it('!= is false for a missing nested field (observed AWS behaviour)', () => {
    const record = { errorCode: 'AccessDenied', userIdentity: { accountId: 'anonymous' } };
    expect(matches('{($.errorCode = "AccessDenied") && ($.userIdentity.invokedBy != "cloudfront.amazonaws.com")}', record)).toBe(false);
  });

  it('array indexes must follow a property and select only array elements; names never reach inherited properties', () => {
    expect(matches('{ $.coordinates[0][1] = 1 }', COMPOUND_EVENT)).toBe(true);
    expect(matches('{ $.arrayKey[5] NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.eventType[0] NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.constructor NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.arrayKey.length NOT EXISTS }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.my-field = "x" && $.my_field = "y" }', { 'my-field': 'x', my_field: 'y' })).toBe(true);
  });

  it('%regex% values match a value node when found in it', () => {
    expect(matches('{ $.eventType = %Trail$% }', DOC_EVENT)).toBe(true);
    expect(matches('{ $.eventType != %^Update% }', DOC_EVENT)).toBe(false);
    expect(matches('{ $.objectList[0].id = %^1$% }', DOC_EVENT)).toBe(true);
  });
});

describe('JSON patterns: numbers, IS and NOT EXISTS', () => {
  // FilterAndPatternSyntax.html — numeric operators and "integers that contain plus or minus symbols and follow scientific notation".
  it('numeric operators compare number fields', () => {
    const e = { latency: 500, numbers: [0.005], errorCode: 400, n: -3 };
    expect(matches('{ $.latency >= 500 }', e)).toBe(true);
    expect(matches('{ $.latency > 500 }', e)).toBe(false);
    expect(matches('{ $.latency < 501 }', e)).toBe(true);
    expect(matches('{ $.latency <= 499 }', e)).toBe(false);
    expect(matches('{ $.numbers[0] < 10e-3 }', e)).toBe(true);
    expect(matches('{ $.latency < 1E+3 }', e)).toBe(true);
    expect(matches('{ $.latency > +100 }', e)).toBe(true);
    expect(matches('{ $.n = -3 }', e)).toBe(true);
    expect(matches('{ $.errorCode = 400 }', e)).toBe(true);
    expect(matches('{ $.errorCode != 500 }', e)).toBe(true);
    expect(matches('{ $.errorCode = 400.0 }', e)).toBe(true);
  });

  it('a numeric operator never matches a string, a missing field or a non-number (INFERRED)', () => {
    expect(matches('{ $.latency > 1 }', { latency: '500' })).toBe(false);
    expect(matches('{ $.latency > 1 }', {})).toBe(false);
    expect(matches('{ $.latency > 1 }', { latency: true })).toBe(false);
  });

  it('a bare number compared with = to a string field compares the text (INFERRED, the docs\' recipientAccountId example)', () => {
    expect(matches('{ $.recipientAccountId = 123456789012 }', { recipientAccountId: '123456789012' })).toBe(true);
    expect(matches('{ $.recipientAccountId != 123456789012 }', { recipientAccountId: '111122223333' })).toBe(true);
    expect(matches('{ $.errorCode = "400" }', { errorCode: 400 })).toBe(true);
  });

  it('IS NULL, IS TRUE and IS FALSE test exactly that JSON value; NOT EXISTS an absent field', () => {
    expect(matches('{ $.SomeObject IS NULL }', {})).toBe(false);
    expect(matches('{ $.ThisFlag IS FALSE }', DOC_EVENT)).toBe(false);
    expect(matches('{ $.f IS FALSE }', { f: false })).toBe(true);
    expect(matches('{ $.f IS TRUE }', { f: 'true' })).toBe(false);
    expect(matches('{ $.SomeObject NOT EXISTS }', DOC_EVENT)).toBe(false);
  });

  it('refuses IS NOT and EXISTS ("currently aren\'t supported"), lower-case keywords and unknown IS values', () => {
    expect(reasonOf('{ $.a IS NOT NULL }')).toMatch(/IS NOT and EXISTS currently aren't supported/);
    expect(reasonOf('{ $.a EXISTS }')).toMatch(/IS NOT and EXISTS currently aren't supported/);
    expect(reasonOf('{ $.a is null }')).toMatch(/expected an operator/);
    expect(reasonOf('{ $.a IS MAYBE }')).toMatch(/expected NULL, TRUE or FALSE after IS/);
    expect(reasonOf('{ $.a NOT THERE }')).toMatch(/expected EXISTS after NOT/);
  });
});

describe('JSON patterns: && and || with parentheses (() > && > ||)', () => {
  // FilterAndPatternSyntax.html#compound-conditions — the four documented compound examples.
  it('matches the documented compound expressions', () => {
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', COMPOUND_EVENT)).toBe(true);
    expect(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', COMPOUND_EVENT)).toBe(false);
    expect(matches('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', COMPOUND_EVENT)).toBe(true);
    expect(matches('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', COMPOUND_EVENT)).toBe(false);
  });

  it('&& binds tighter than ||, and the parse tree shows it', () => {
    const p = parsed('{ $.a = 1 || $.b = 2 && $.c = 3 }');
    expect(p.kind === 'json' && p.condition.kind).toBe('or');
    expect(p.kind === 'json' && p.condition.kind === 'or' && p.condition.operands[1]!.kind).toBe('and');
    expect(matches('{ $.a = 1 || $.b = 2 && $.c = 3 }', { a: 1 })).toBe(true);
    expect(matches('{ ($.a = 1 || $.b = 2) && $.c = 3 }', { a: 1 })).toBe(false);
    expect(matches('{ (($.a = 1)) }', { a: 1 })).toBe(true);
  });
});

describe('the KMS key-pending-deletion alarm pattern (spec §9)', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-creating-cloudwatch-alarm.html
  const PATTERN = '{ $.eventSource = kms* && $.errorMessage = "* is pending deletion."}';
  const pendingDeletion = {
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    errorCode: 'KMSInvalidStateException',
    errorMessage: 'arn:aws:kms:us-east-1:111122223333:key/abcd is pending deletion.',
    recipientAccountId: '111122223333',
  };

  it('parses', () => {
    expect(parseFilterPattern(PATTERN).ok).toBe(true);
  });

  it('matches a KMS call refused because the key is pending deletion', () => {
    expect(matches(PATTERN, pendingDeletion)).toBe(true);
  });

  it('does not match a successful call, another error, another service or a disabled key', () => {
    const { errorCode: _c, errorMessage: _m, ...succeeded } = pendingDeletion;
    expect(matches(PATTERN, succeeded)).toBe(false);
    expect(matches(PATTERN, { ...pendingDeletion, errorMessage: 'arn:aws:kms:us-east-1:111122223333:key/abcd is disabled.' })).toBe(false);
    expect(matches(PATTERN, { ...pendingDeletion, eventSource: 's3.amazonaws.com' })).toBe(false);
    expect(matches(PATTERN, { ...pendingDeletion, errorMessage: 'is pending deletion. (not at the end)' })).toBe(false);
  });
});

describe('invalid JSON patterns are refused with the position and what was expected', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['{ $.a = 1', /at character 10: expected "&&", "\|\|" or "}", found the end of the pattern/],
    ['{ ($.a = 1 }', /at character 12: expected "&&", "\|\|" or "\)" to close the "\(" at character 3/],
    ['{ $.a = 1 ) }', /at character 11: expected "&&", "\|\|" or "}", found "\)"/],
    ['{ }', /at character 3: expected a selector such as \$\.eventName or "\(", found "}"/],
    ['{ $.a }', /at character 7: expected an operator/],
    ['{ $.a = }', /at character 9: expected a value after "="/],
    ['{ $.a = 1 && }', /at character 14: expected a selector/],
    ['{ $.a = 1 || || $.b = 2 }', /at character 14: expected a selector/],
    ['{ $.a > "10" }', /the numeric operator ">" at character 7 needs a number, found "10"/],
    ['{ $.a <= abc }', /needs a number, found "abc"/],
    ['{ $.a > * }', /needs a number/],
    ['{ $.a = 1 } trailing', /at character 13: unexpected "trailing" after the closing "}"/],
    ['{ $.a = 1 }}', /unexpected "}" after the closing "}"/],
    ['{ $.a = 1 & $.b = 2 }', /at character 11: expected "&&"/],
    ['{ $.a = 1 | $.b = 2 }', /expected "\|\|"/],
    ['{ $.a ! 1 }', /at character 7: expected "!="/],
    ['{ $.a = foo@bar }', /the character "@" in "foo@bar" needs the value to be enclosed in double quotes/],
    ['{ $.a = "open }', /unterminated quoted string/],
    ['{ a = 1 }', /expected a selector such as \$\.eventName/],
    ['{ $ = 1 }', /expected "\$\." and a property name/],
    ['{ $. = 1 }', /expected a property name after "\."/],
    ['{ $[0] = 1 }', /array elements "must follow a property"/],
    ['{ $.a[x] = 1 }', /expected an array index \[NUMBER\]/],
    ['{ $.a[1 = 1 }', /expected an array index/],
    ['{ $.a.b..c = 1 }', /expected a property name after "\."/],
  ];
  it.each(cases)('%s', (text, reason) => {
    expect(reasonOf(text)).toMatch(reason);
  });

  it('refuses more than two regular expressions in one pattern (the documented quota)', () => {
    expect(parseFilterPattern('{ $.a = %a% && $.b = %b% }').ok).toBe(true);
    expect(reasonOf('{ $.a = %a% && $.b = %b% && $.c = %c% }')).toMatch(/3 regular expressions; a filter pattern can contain at most 2/);
  });

  it('refuses parentheses nested too deeply instead of overflowing the stack', () => {
    const deep = `{ ${'('.repeat(5000)}$.a = 1${')'.repeat(5000)} }`;
    expect(reasonOf(deep)).toMatch(/nested deeper than/);
  });
});

describe('what keyward does not model fails as unsupported, never silently', () => {
  it('space-delimited patterns and wildcard selectors', () => {
    expect(isUnsupported('[ip, user, username, timestamp, request, status_code, bytes > 1000]')).toBe(true);
    expect(isUnsupported('{ $.arrayKey[*] = "value" }')).toBe(true);
    expect(isUnsupported('{ $.* = "value" }')).toBe(true);
    expect(reasonOf('[w1=ERROR, w2]')).toMatch(/^space-delimited/);
  });
});

describe('helpers for metric transformations', () => {
  // FilterAndPatternSyntax.html#publishing-values-found-in-logs — metricValue "$.latency".
  it('selectValue follows a selector and answers undefined for anything else', () => {
    expect(selectValue(DOC_EVENT, '$.objectList[1].id')).toBe(2);
    expect(selectValue(DOC_EVENT, '$.SomeObject')).toBe(null);
    expect(selectValue(DOC_EVENT, '$.nothing.here')).toBeUndefined();
    expect(selectValue(DOC_EVENT, 'not a selector')).toBeUndefined();
    expect(selectValue(DOC_EVENT, '$.arrayKey[*]')).toBeUndefined();
  });

  it('isNumberLiteral and isJsonSelector recognise metric values', () => {
    expect(['1', '-2.5', '+3', '1e3', '10E-3'].every(isNumberLiteral)).toBe(true);
    expect(['', '1.', '.5', 'e3', '1e', 'one', '1 '].some(isNumberLiteral)).toBe(false);
    expect(isJsonSelector('$.bytes')).toBe(true);
    expect(isJsonSelector('$bytes')).toBe(false);
  });

  it('regexCount counts the regular expressions of a pattern', () => {
    expect(regexCount(parsed('%a%'))).toBe(1);
    expect(regexCount(parsed('{ $.a = %x% || ($.b = 1 && $.c = %y%) }'))).toBe(2);
    expect(regexCount(parsed('ERROR'))).toBe(0);
  });

  it('memoizes: the same text gives the same parse', () => {
    expect(parseFilterPattern('{ $.a = 1 }')).toBe(parseFilterPattern('{ $.a = 1 }'));
  });
});

describe('robustness (fast-check)', () => {
  const VALID = [
    '{ $.eventSource = kms* && $.errorMessage = "* is pending deletion."}',
    '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") || $.a NOT EXISTS }',
    '{ $.latency >= 500 || $.x IS NULL || $.y = %^ab[0-9]+$% }',
    '?ERROR ?WARN',
    'ERROR -"Exiting now"',
    '%AUTHORIZED%',
    '',
  ];
  const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'eventSource', 'errorMessage', 'user'), tie('value'), { maxKeys: 3 })),
  })).value;
  const mutated = fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat(), fc.string({ maxLength: 4 }))
    .map(([text, a, b, insert]) => {
      const i = a % (text.length + 1);
      const j = Math.min(text.length, i + (b % 4));
      return text.slice(0, i) + insert + text.slice(j);
    });

  it('parseFilterPattern never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      const r = parseFilterPattern(text);
      expect(typeof r.ok).toBe('boolean');
    }), fuzzParams());
  });

  it('parseFilterPattern never throws on mutated valid patterns, and a failure always has a reason', () => {
    fc.assert(fc.property(mutated, (text) => {
      const r = parseFilterPattern(text);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    }), fuzzParams());
  });

  it('matchesEvent never throws, whatever the event', () => {
    const patterns = fc.oneof(fc.constantFrom(...VALID), mutated);
    fc.assert(fc.property(patterns, jsonValue, (text, value) => {
      const r = parseFilterPattern(text);
      const event = typeof value === 'object' && value !== null ? value : { value };
      if (r.ok) expect(typeof matchesEvent(r.pattern, event, JSON.stringify(event))).toBe('boolean');
    }), fuzzParams());
  });
});

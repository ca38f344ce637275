// The string abstraction against model/'s own matching: the solver's languages must be exactly the model's (else a
// region could be missed and the solver say a false "no"), and region representatives must cover every combination.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnMatches, globMatch } from '../../model/policy/match.ts';
import { compareOne } from '../../model/policy/conditions.ts';
import { atom, findString, glob, lit, matches } from '../../solver/regex.ts';
import { arnPatternRx, conditionLang, regionWitnesses } from '../../solver/strings.ts';
import { fuzzParams } from '../support/params.ts';

const chars = fc.constantFrom('a', 'b', ':', '/', '*', '?', 'A', '-');
const text = (max: number) => fc.array(chars, { maxLength: max }).map((cs) => cs.join(''));
const plain = (max: number) => fc.array(fc.constantFrom('a', 'b', ':', '/', 'A', '-', '*'), { maxLength: max }).map((cs) => cs.join(''));

describe('the solver reads patterns as model/ does', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
  // — StringLike: `*` any run of characters, `?` one character, case-sensitive.
  it('StringLike globs: the same strings match', () => {
    fc.assert(fc.property(text(6), plain(8), (p, s) => {
      expect(matches(atom(glob(p)), s)).toBe(globMatch(p, s));
    }), fuzzParams(2000));
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html — ArnLike per segment.
  it('ArnLike patterns: the same strings match', () => {
    const arnish = fc.tuple(text(3), text(3), text(3), text(3), text(3), text(4)).map((parts) => parts.join(':'));
    const value = fc.tuple(plain(2), plain(2), plain(2), plain(2), plain(2), plain(4)).map((parts) => parts.join(':'));
    fc.assert(fc.property(fc.oneof(arnish, text(6)), fc.oneof(value, plain(8)), (p, s) => {
      expect(matches(atom(arnPatternRx(p)), s)).toBe(arnMatches(p, s));
    }), fuzzParams(2000));
  });

  it('every string operator: the language of a value is what compareOne accepts', () => {
    const ops = fc.constantFrom('StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnLike', 'Bool', 'BinaryEquals') as fc.Arbitrary<'StringEquals'>;
    fc.assert(
      fc.property(ops, text(5), plain(6), (op, pv, s) => {
        const lang = conditionLang(op, pv);
        if (lang?.k !== 'rx') return;
        expect(matches(atom(lang.rx), s)).toBe(compareOne(op, pv, s));
      }),
      fuzzParams(2000),
    );
  });

  it('a prefix skipped: the language of the rest of the string', () => {
    fc.assert(fc.property(text(6), plain(3), plain(5), (p, prefix, s) => {
      expect(matches(atom(glob(p), prefix), s)).toBe(globMatch(p, prefix + s));
    }), fuzzParams(1000));
  });
});

describe('region representatives', () => {
  it('a shortest string inside some languages and outside others, or none', () => {
    expect(findString([atom(glob('a*')), atom(glob('*b'))], [])).toBe('ab');
    expect(findString([atom(glob('a*'))], [atom(glob('a*'))])).toBeUndefined();
    expect(findString([atom(lit(''))], [])).toBe('');
  });

  it('every combination of the atoms that some string realises has a representative', () => {
    fc.assert(
      fc.property(fc.array(text(4), { minLength: 1, maxLength: 4 }), fc.array(plain(5), { maxLength: 30 }), (patterns, probes) => {
        const atoms = patterns.map((p) => atom(glob(p)));
        const reps = regionWitnesses([atom(glob('*'))], [], atoms);
        const signature = (s: string) => patterns.map((p) => (globMatch(p, s) ? '1' : '0')).join('');
        const covered = new Set(reps.map(signature));
        for (const s of [...probes, ...patterns.map((p) => p.replaceAll('*', '').replaceAll('?', 'a'))]) expect(covered.has(signature(s))).toBe(true);
      }),
      fuzzParams(300),
    );
  });
});

// Seeded mutants (model/mutants.ts): the campaign rejects every deliberately broken rule, and rejects it through the
// invariant written against it — so each invariant is shown to catch the bug it names (npm run mutants does the same).
import { describe, expect, it } from 'vitest';
import { MUTANTS, mutantNames } from '../../model/mutants.ts';
import { defaultConfig } from '../../model/index.ts';
import { catalogue } from '../../properties/index.ts';
import { KILLED_BY, runMutant } from '../../properties/mutants.ts';
import { fuzzParams } from '../support/params.ts';

const { seed } = fuzzParams(0);

describe('mutants', () => {
  it('production runs no mutant (config.mutant is undefined by default)', () => {
    expect(defaultConfig.mutant).toBeUndefined();
  });

  it('every invariant of the catalogue has at least one mutant, and every mutant names an invariant of the catalogue', () => {
    const names = catalogue.map((i) => i.name);
    expect(Object.keys(KILLED_BY).sort()).toEqual(mutantNames().sort());
    for (const target of Object.values(KILLED_BY)) expect(names).toContain(target);
    for (const name of names) expect(Object.values(KILLED_BY), `${name} has no mutant`).toContain(name);
  });

  it.each(mutantNames())('%s is rejected by its invariant', (mutant) => {
    const verdict = runMutant(mutant, { runs: 400, seed });
    expect(verdict.killed, `${mutant} (${MUTANTS[mutant]}) survived ${verdict.runs} runs checked by ${verdict.invariant}`).toBe(true);
    expect(verdict.evidence).toBeTruthy();
  });
});

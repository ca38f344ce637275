// Seeded mutants of the encoding (solver/mutants.ts) are caught by the differential campaign: on the same fixed-seed
// worlds and requests as test/solver/differential.test.ts, each mutant's `decide` disagrees with model/ somewhere,
// while the real solver agrees with model/ on that very request.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestWitness, SolverMutant } from '../../solver/index.ts';
import { decide, defaultSolverOptions, requestAllowed, shutdownZ3, SOLVER_MUTANTS, solverMutantNames } from '../../solver/index.ts';
import type { State } from '../../model/index.ts';
import { fuzzParams } from '../support/params.ts';
import { campaignCase, CAMPAIGN_RUNS, requestOf, worldOf } from './campaign.ts';

afterAll(shutdownZ3);

interface Disagreement {
  readonly state: State;
  readonly request: RequestWitness;
  readonly model: boolean;
  readonly mutant: string;
}

/** The first request of the campaign on which the mutant's verdict differs from model/ (the campaign in order). */
async function firstDisagreement(mutant: SolverMutant): Promise<{ found: Disagreement | undefined; asked: number }> {
  let asked = 0;
  for (const [w, requests] of fc.sample(campaignCase, fuzzParams(CAMPAIGN_RUNS))) {
    const { kw, key } = worldOf(w);
    for (const r of requests) {
      const request = requestOf(r, key);
      const model = requestAllowed(kw.state, request).allowed;
      const verdict = await decide(kw.state, request, { ...defaultSolverOptions, mutant });
      asked++;
      if (verdict !== (model ? 'yes' : 'no')) return { found: { state: kw.state, request, model, mutant: verdict }, asked };
    }
  }
  return { found: undefined, asked };
}

describe('the differential campaign catches every seeded mutant of the encoding', () => {
  it('has mutants to try', () => {
    expect(solverMutantNames().length).toBeGreaterThanOrEqual(4);
  });

  // DESIGN.md "one rule, two interpreters": the differential suite is only worth its name if a broken interpretation of
  // the facts (a negated operator, ignored denies, dropped grants, case-blind wildcards, an ignored key state) fails it.
  it.each(solverMutantNames())('%s', async (mutant) => {
    const { found, asked } = await firstDisagreement(mutant);
    if (!found) expect.fail(`mutant ${mutant} (${SOLVER_MUTANTS[mutant]}) agrees with model/ on all ${asked} requests of the campaign`);
    // The mutant answers (yes or no), wrongly: a disagreement, not a timeout.
    expect(found.mutant).toBe(found.model ? 'no' : 'yes');
    // The real solver gets the same request right: the disagreement is the mutant's.
    expect(await decide(found.state, found.request)).toBe(found.model ? 'yes' : 'no');
  });
});

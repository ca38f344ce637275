// Differential test: on random small worlds and requests, the solver's `decide` (the symbolic rule with every choice
// pinned to the request's) must agree with model/ (authorizeKms and the key state) on every request.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decide, requestAllowed, shutdownZ3 } from '../../solver/index.ts';
import { fuzzParams } from '../support/params.ts';
import { campaignCase, CAMPAIGN_RUNS, requestOf, worldOf } from './campaign.ts';

afterAll(shutdownZ3);

describe('decide agrees with model/ on random worlds and requests', () => {
  // DESIGN.md "one rule, two interpreters": the rule is shared, so what this checks is the interpretation of the facts
  // (principals, conditions, encryption contexts, grants) by the symbolic side.
  it('for every request, the solver and the model give the same verdict', async () => {
    const seen = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(campaignCase, async ([w, requests]) => {
        const { kw, key } = worldOf(w);
        for (const r of requests) {
          const req = requestOf(r, key);
          const model = requestAllowed(kw.state, req);
          const solver = await decide(kw.state, req);
          expect(solver, `${JSON.stringify(req)} in a world with key policy ${JSON.stringify(w.keyPolicy)}: model says ${model.why}`).toBe(model.allowed ? 'yes' : 'no');
          seen[model.allowed ? 'allowed' : 'denied']++;
          if (process.env['SOLVER_DIFF_LOG']) console.log(seen);
        }
      }),
      fuzzParams(CAMPAIGN_RUNS),
    );
    // A differential test that never sees both outcomes tests nothing.
    expect(seen.allowed).toBeGreaterThan(20);
    expect(seen.denied).toBeGreaterThan(20);
  });
});

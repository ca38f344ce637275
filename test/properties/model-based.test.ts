// Model-based runs: random worlds and call sequences through model/ `step`, the whole invariant catalogue checked after
// every step, and coverage guards that fail when an interesting situation is reached too rarely.
// FC_SEED / FC_RUNS / FC_PATH replay a failure or ask for a longer campaign (README.md "Property tests").
import { beforeAll, describe, expect, it } from 'vitest';
import { supportedCalls } from '../../model/index.ts';
import { failureReport, runCampaign } from '../../properties/campaign.ts';
import type { CampaignResult } from '../../properties/campaign.ts';
import { MINIMUM_SHARES, SITUATION_MEANING, sharesOf } from '../../properties/coverage.ts';
import { SITUATIONS } from '../../properties/model-run.ts';
import { fuzzParams } from '../support/params.ts';

const params = fuzzParams(250);
const runs = params.numRuns ?? 250;
let result: CampaignResult;

beforeAll(() => {
  result = runCampaign({ runs, seed: params.seed, path: params.path });
}, 3_600_000);

describe('the model keeps every invariant of the catalogue', () => {
  // Every law cites its AWS page (properties/README.md); a violation is shrunk and written as a scenario file.
  it(`in ${runs} random runs (seed ${params.seed}), after every step`, () => {
    if (result.failure) expect.fail(failureReport(result.failure));
    expect(result.passed).toBe(true);
    expect(result.runs).toBe(runs);
    expect(result.calls).toBeGreaterThan(40 * result.runs);
  });
});

describe('coverage guards: each situation is reached in at least its stated share of runs', () => {
  it.each(SITUATIONS.map((s) => [s, MINIMUM_SHARES[s]] as const))('%s in at least %s of the runs', (situation, minimum) => {
    const share = sharesOf(result.reached, result.runs)[situation];
    expect(share, `${SITUATION_MEANING[situation]}: ${(share * 100).toFixed(1)}% of ${result.runs} runs`).toBeGreaterThanOrEqual(minimum);
  });

  it('draws every call the model supports, and most of them succeed somewhere', () => {
    const ok = supportedCalls().filter((op) => (result.okCalls.get(op) ?? 0) > 0);
    expect(ok.length / supportedCalls().length).toBeGreaterThanOrEqual(0.8);
    const central = ['kms:Decrypt', 'kms:ReEncrypt', 'kms:CreateGrant', 'kms:RetireGrant', 'kms:RevokeGrant', 'kms:PutKeyPolicy', 'kms:CancelKeyDeletion', 'kms:Sign', 's3:GetObject', 's3:CopyObject', 'sts:AssumeRole'];
    for (const op of central) expect(result.okCalls.get(op) ?? 0, `${op} never succeeded`).toBeGreaterThan(0);
  });
});

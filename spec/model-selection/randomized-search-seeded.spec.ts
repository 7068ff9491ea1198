import { describe, expect, it } from 'vitest';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { HalvingRandomSearchCV } from '../../lib/model-selection/halving-search-cv.js';
import { RandomizedSearchCV } from '../../lib/model-selection/randomized-search-cv.js';
import { KFold } from '../../lib/model-selection/split/k-fold.js';
import { logUniform } from '../../lib/search/space/distributions.js';
import { expectSameValue, loadSpaceFixture } from '../search/space/sampler-cases.js';

interface Candidate {
  alpha: number;
  fitIntercept: boolean;
}
const fixture = loadSpaceFixture<{
  X: number[][];
  y: number[];
  randomized: { seed: number; params: Candidate[]; meanTestScore: number[] }[];
  halvingFirstIteration: { seed: number; params: Candidate[] }[];
}>('randomized_search.json');

const space = { alpha: logUniform(1e-4, 1e2), fitIntercept: [true, false] };

describe("RandomizedSearchCV evaluates scikit-learn's candidates in scikit-learn's order (spec/fixtures/space)", () => {
  it.each(fixture.randomized.map((r) => [r.seed, r] as const))('randomState %i: Ridge over loguniform alpha and a list', async (_, r) => {
    const search = await new RandomizedSearchCV(new Ridge(), space, {
      nIter: 12,
      cv: new KFold({ nSplits: 4 }),
      scoring: 'neg_mean_squared_error',
      randomState: r.seed,
    }).fit(fixture.X, fixture.y);
    const params = search.cvResults.params as unknown as Candidate[];
    expect(params).toHaveLength(r.params.length);
    params.forEach((p, i) => {
      expect(p.fitIntercept, `candidate ${i}`).toBe(r.params[i]!.fitIntercept);
      expectSameValue(p.alpha, r.params[i]!.alpha, `candidate ${i} alpha`);
    });
    const scores = search.cvResults.mean_test_score as number[];
    scores.forEach((s, i) => expect(s).toBeCloseTo(r.meanTestScore[i]!, 6));
  });

  it.each(fixture.halvingFirstIteration.map((r) => [r.seed, r] as const))(
    "HalvingRandomSearchCV's first iteration, randomState %i",
    async (_, r) => {
      const search = await new HalvingRandomSearchCV(new Ridge(), space, {
        nCandidates: 9,
        cv: new KFold({ nSplits: 3 }),
        factor: 3,
        randomState: r.seed,
      }).fit(fixture.X, fixture.y);
      const iter = search.cvResults.iter as number[];
      const first = (search.cvResults.params as unknown as Candidate[]).filter((_, i) => iter[i] === 0);
      expect(first).toHaveLength(r.params.length);
      first.forEach((p, i) => {
        expect(p.fitIntercept).toBe(r.params[i]!.fitIntercept);
        expectSameValue(p.alpha, r.params[i]!.alpha, `candidate ${i} alpha`);
      });
    },
  );
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureWarnings } from '../../lib/core/warnings.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { RandomizedSearchCV } from '../../lib/model-selection/randomized-search-cv.js';
import { choice, logUniform } from '../../lib/search/space/distributions.js';

const ridge = JSON.parse(readFileSync(new URL('../fixtures/search/ridge_diabetes.json', import.meta.url), 'utf8')) as { X: number[][]; y: number[] };
const X = ridge.X.slice(0, 150);
const y = ridge.y.slice(0, 150);

describe('RandomizedSearchCV', () => {
  it('gives identical cvResults for the same randomState (timings aside)', async () => {
    const run = async (seed: number) => {
      const s = await new RandomizedSearchCV(new Ridge(), { alpha: logUniform(1e-4, 1e2), fitIntercept: [true, false] }, { nIter: 8, randomState: seed, cv: 3 }).fit(X, y);
      const { mean_fit_time: _a, std_fit_time: _b, mean_score_time: _c, std_score_time: _d, ...rest } = s.cvResults;
      return rest;
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect((await run(4)).params).not.toEqual(a.params);
    expect(a.params).toHaveLength(8);
  });

  it('samples lists without replacement and warns when nIter exceeds the grid', async () => {
    const { result, warnings } = await captureWarnings(() =>
      new RandomizedSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { nIter: 5, randomState: 0, cv: 2 }).fit(X, y),
    );
    expect(result.cvResults.params.map((p) => p.alpha).sort()).toEqual([0.1, 1, 10]);
    expect(warnings.map((w) => w.message)).toContain(
      'The total space of parameters 3 is smaller than nIter=5. Running 3 iterations. For exhaustive searches, use GridSearchCV.',
    );
  });

  it('finds a best alpha inside the sampled range and refits it', async () => {
    const s = await new RandomizedSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e3) }, { nIter: 10, randomState: 1, cv: 3 }).fit(X, y);
    const alpha = s.bestParams!.alpha!;
    expect(alpha).toBeGreaterThanOrEqual(1e-3);
    expect(alpha).toBeLessThan(1e3);
    expect(s.bestEstimator!.getParams().alpha).toBe(alpha);
  });

  it('accepts typed choice distributions', async () => {
    const s = await new RandomizedSearchCV(new Ridge(), { fitIntercept: choice([true, false]) }, { nIter: 3, randomState: 0, cv: 2 }).fit(X, y);
    expect(s.cvResults.params).toHaveLength(3);
  });

  it('rejects nIter < 1, a bad randomState and bad distributions', () => {
    expect(() => new RandomizedSearchCV(new Ridge(), { alpha: [1] }, { nIter: 0 })).toThrow(
      'The "nIter" option of RandomizedSearchCV must be an int in the range [1, inf). Got 0 instead.',
    );
    expect(() => new RandomizedSearchCV(new Ridge(), { alpha: [1] }, { randomState: 1.5 })).toThrow('The "randomState" option of RandomizedSearchCV');
    expect(() => new RandomizedSearchCV(new Ridge(), { alpha: 3 } as never)).toThrow(
      'The values for parameter "alpha" of RandomizedSearchCV must be an array or a distribution (an object with a sample(rng) method). Got 3 instead.',
    );
  });
});

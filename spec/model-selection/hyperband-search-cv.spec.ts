import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { InvalidParameterError, NotFittedError } from '../../lib/core/errors.js';
import { BaseEstimator } from '../../lib/core/estimator.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { HyperbandSearchCV } from '../../lib/model-selection/hyperband-search-cv.js';
import { RandomSampler } from '../../lib/search/samplers/list-sampler.js';
import { logUniform, uniform } from '../../lib/search/space/distributions.js';

/** A model whose score grows with epochs and peaks at lr = 0.01 (log scale); it ignores the data. */
interface CurveParams {
  lr: number;
  width: number;
  epochs: number;
}
class Curve extends BaseEstimator<CurveParams> {
  override readonly estimatorType = 'regressor' as const;
  constructor(params: Partial<CurveParams> = {}) {
    super('Curve', { lr: { default: 0.01 }, width: { default: 1 }, epochs: { default: 1 } }, params);
  }
  async fit(): Promise<this> {
    return this;
  }
  async predict(X: MatrixLike): Promise<number[]> {
    return (X as number[][]).map(() => 0);
  }
  async score(_X: MatrixLike, _y: TargetLike): Promise<number> {
    const { lr, width, epochs } = this.params;
    const quality = Math.exp(-((Math.log10(lr) + 2) ** 2)) * (1 - 0.1 * Math.abs(width - 3));
    return quality * (1 - Math.exp(-epochs / 8));
  }
}

const X = Array.from({ length: 30 }, (_, i) => [i]);
const y = X.map((_, i) => i);
const space = { lr: logUniform(1e-5, 1), width: [1, 2, 3, 4, 5] };

describe('HyperbandSearchCV', () => {
  it('exposes the paper’s brackets for R = 81, η = 3', () => {
    expect(HyperbandSearchCV.brackets(81, 3).map((b) => b.rounds.map((r) => [r.nConfigs, r.resource]))).toEqual([
      [[81, 1], [27, 3], [9, 9], [3, 27], [1, 81]],
      [[34, 3], [11, 9], [3, 27], [1, 81]],
      [[15, 9], [5, 27], [1, 81]],
      [[8, 27], [2, 81]],
      [[5, 81]],
    ]);
  });

  it('uses epochs as the resource by default, one row per (round, configuration)', async () => {
    const search = await new HyperbandSearchCV(new Curve(), space, { maxResource: 27, cv: 2, randomState: 0 }).fit(X, y);
    expect(search.resource).toBe('epochs');
    expect(search.brackets.map((b) => b.s)).toEqual([3, 2, 1, 0]);
    const cv = search.cvResults;
    expect(Object.keys(cv).slice(0, 5)).toEqual(['hyperband_iter', 'bracket', 'round', 'config', 'n_resources']);
    expect(cv.params).toHaveLength(27 + 9 + 3 + 1 + 12 + 4 + 1 + 6 + 2 + 4);
    expect((cv.params as { epochs: number }[]).map((p) => p.epochs)).toEqual(cv.n_resources);
    expect(new Set(cv.config as number[]).size).toBe(27 + 12 + 6 + 4);
    expect(search.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('chooses the best row among those trained with the most resource, and refits it', async () => {
    const search = await new HyperbandSearchCV(new Curve(), space, { maxResource: 27, cv: 2, randomState: 1 }).fit(X, y);
    const cv = search.cvResults;
    const i = search.bestIndex as number;
    expect(cv.n_resources[i]).toBe(27);
    const full = (cv.mean_test_score as number[]).filter((_, k) => cv.n_resources[k] === 27);
    expect(cv.mean_test_score[i]).toBe(Math.max(...full));
    expect(search.bestEstimator?.getParams().epochs).toBe(27);
  });

  it('is reproducible under randomState', async () => {
    const run = (seed: number) => new HyperbandSearchCV(new Curve(), space, { maxResource: 9, cv: 2, randomState: seed }).fit(X, y);
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(b.cvResults.params).toEqual(a.cvResults.params);
    expect(b.cvResults.mean_test_score).toEqual(a.cvResults.mean_test_score);
    expect(c.cvResults.params).not.toEqual(a.cvResults.params);
  });

  it("draws configurations from TPE with candidates: 'tpe' (BOHB-like), reproducibly", async () => {
    const run = () => new HyperbandSearchCV(new Curve(), space, { maxResource: 27, cv: 2, candidates: 'tpe', hyperbandIterations: 2, randomState: 3 }).fit(X, y);
    const a = await run();
    const b = await run();
    expect(a.cvResults.params).toHaveLength(2 * 69);
    expect(b.cvResults.params).toEqual(a.cvResults.params);
    const best = a.bestParams as CurveParams;
    expect(Math.abs(Math.log10(best.lr) + 2)).toBeLessThan(1);
  });

  it('takes a sampler factory for the configurations', async () => {
    let asked: { nConfigs: number; randomState: number } | undefined;
    const search = await new HyperbandSearchCV(new Curve(), space, {
      maxResource: 9,
      cv: 2,
      randomState: 0,
      candidates: (o) => {
        asked = o;
        return new RandomSampler({ lr: [0.01, 0.1], width: [3] }, 2, { randomState: o.randomState });
      },
    }).fit(X, y);
    expect(asked?.nConfigs).toBe(9 + 5 + 3);
    expect(new Set((search.cvResults.params as unknown as CurveParams[]).map((p) => p.lr))).toEqual(new Set([0.01, 0.1]));
  });

  it('subsamples with resource nSamples and gives the same results with nJobs: 2', async () => {
    const diabetes = JSON.parse(readFileSync(new URL('../fixtures/halving/ridge_diabetes.json', import.meta.url), 'utf8')) as { X: number[][]; y: number[] };
    const options = { cv: 3, randomState: 0, factor: 3 } as const;
    const one = await new HyperbandSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e3) }, options).fit(diabetes.X, diabetes.y);
    expect(one.resource).toBe('nSamples');
    expect(one.brackets[0]?.rounds.map((r) => r.resource)).toEqual([17, 50, 148, 442]);
    const two = await new HyperbandSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e3) }, { ...options, nJobs: 2 }).fit(diabetes.X, diabetes.y);
    for (const column of ['params', 'n_resources', 'mean_test_score', 'split1_test_score']) expect(two.cvResults[column], column).toEqual(one.cvResults[column]);
  }, 60_000);

  it('throws NotFittedError for brackets before fit', () => {
    expect(() => new HyperbandSearchCV(new Curve(), space, { maxResource: 9 }).brackets).toThrow(NotFittedError);
  });
});

describe('HyperbandSearchCV bad inputs', () => {
  const cases: [string, () => unknown, string][] = [
    ['factor <= 1', () => new HyperbandSearchCV(new Curve(), space, { maxResource: 9, factor: 1 }), 'The "factor" option of HyperbandSearchCV must be a number in the range (1, inf). Got 1 instead.'],
    ['minResource > maxResource', () => new HyperbandSearchCV(new Curve(), space, { maxResource: 9, minResource: 10 }), 'The "minResource" option of HyperbandSearchCV must be at most maxResource (9). Got 10 instead.'],
    ['an unknown resource', () => new HyperbandSearchCV(new Curve(), space, { resource: 'nEstimators', maxResource: 9 }), 'The "resource" option of HyperbandSearchCV must be \'nSamples\' or a parameter of Curve ("lr", "width", "epochs"). Got "nEstimators" instead.'],
    ['a param resource without maxResource', () => new HyperbandSearchCV(new Curve(), space), 'The "maxResource" option of HyperbandSearchCV must be an int in the range [1, inf) when the resource is a parameter ("epochs"). Got undefined instead.'],
    ['the resource among the searched params', () => new HyperbandSearchCV(new Curve(), { ...space, epochs: [1, 2] }, { maxResource: 9 }), 'The "resource" option of HyperbandSearchCV names "epochs", which is also a searched parameter; a parameter cannot be both. Remove it from the search space or choose another resource.'],
    ['hyperbandIterations < 1', () => new HyperbandSearchCV(new Curve(), space, { maxResource: 9, hyperbandIterations: 0 }), 'The "hyperbandIterations" option of HyperbandSearchCV must be an int in the range [1, inf). Got 0 instead.'],
    ['an unknown candidates source', () => new HyperbandSearchCV(new Curve(), space, { maxResource: 9, candidates: 'gp' as never }), 'The "candidates" option of HyperbandSearchCV must be one of "random", "tpe" or a function returning a sampler. Got "gp" instead.'],
  ];
  for (const [what, make, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(make).toThrow(InvalidParameterError);
      expect(make).toThrow(message);
    });
  }

  it('rejects unknown options, naming the valid ones', () => {
    expect(() => new HyperbandSearchCV(new Curve(), { lr: uniform(0, 1) }, { maxResources: 9 } as never)).toThrow(/Unknown option "maxResources" for HyperbandSearchCV\..*Did you mean "maxResource"\?/);
  });
});

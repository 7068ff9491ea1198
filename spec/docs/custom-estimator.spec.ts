/** Runs the custom-estimator example of docs/architecture.md. */
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/index.js';
import { BaseRegressor, GridSearchCV, clone, realIn } from '../../lib/index.js';
import { checkEstimator } from '../contracts/estimator.contract.js';

interface ShrunkMeanParams {
  shrinkage: number;
}

const SCHEMA = { shrinkage: { default: 0.5, constraints: realIn({ min: 0, max: 1 }) } };

class ShrunkMean extends BaseRegressor<ShrunkMeanParams> {
  private level: number | undefined;

  constructor(params: Partial<ShrunkMeanParams> = {}) {
    super('ShrunkMean', SCHEMA, params);
  }

  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    const { y: target } = this.prepareFit(X, y);
    const mean = target.reduce((s, v) => s + v, 0) / target.length;
    this.level = (1 - this.params.shrinkage) * mean;
    return this;
  }

  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state: level, X: matrix } = this.preparePredict(this.level, X, 'predict');
    return new Float64Array(matrix.rows).fill(level);
  }
}

checkEstimator('ShrunkMean (docs example)', () => new ShrunkMean(), { kind: 'regressor' });

describe('the custom estimator example', () => {
  it('is tuned by GridSearchCV', async () => {
    const X = Array.from({ length: 30 }, (_, i) => [i]);
    const y = X.map(([v]) => 10 + (v! % 3));
    const search = await new GridSearchCV(new ShrunkMean(), { shrinkage: [0, 0.5, 1] }, { cv: 3, scoring: 'neg_mean_squared_error' }).fit(X, y);
    expect(search.bestParams).toEqual({ shrinkage: 0 });
    expect(clone(search.bestEstimator!).getParams()).toEqual({ shrinkage: 0 });
  });
  it('rejects a shrinkage outside [0, 1]', () => {
    expect(() => new ShrunkMean({ shrinkage: 2 })).toThrow('The "shrinkage" parameter of ShrunkMean must be a number in the range [0, 1]. Got 2 instead.');
  });
});

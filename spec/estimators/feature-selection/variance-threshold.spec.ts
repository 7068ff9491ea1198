import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/core/errors.js';
import { VarianceThreshold } from '../../../lib/estimators/feature-selection/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { dataset, featureSelectionFixtures, maxRelativeError, withNaN } from './fixtures.js';

checkEstimator('VarianceThreshold', () => new VarianceThreshold(), { kind: 'transformer', allowNaN: true });

describe('VarianceThreshold parity with scikit-learn 1.2', () => {
  for (const c of featureSelectionFixtures().variance) {
    it(`threshold ${c.threshold} on ${c.data}`, async () => {
      const X = c.X === null ? (await dataset(c.data as 'digits')).X : withNaNRows(c.X);
      const model = await new VarianceThreshold({ threshold: c.threshold }).fit(X);
      expect(maxRelativeError(model.variances, withNaN(c.variances))).toBeLessThan(1e-12);
      expect(model.getSupport(true)).toEqual(c.support);
    });
  }
});

function withNaNRows(X: readonly (number | string | null)[][]): number[][] {
  return X.map((row) => withNaN(row));
}

describe('VarianceThreshold', () => {
  it('runs the documented example', async () => {
    const out = await new VarianceThreshold().fitTransform([[0, 2, 0, 3], [0, 1, 4, 3], [0, 1, 1, 3]]);
    expect(out.toArray()).toEqual([[2, 0], [1, 4], [1, 1]]);
  });

  it('refuses data where no feature passes', async () => {
    await expect(new VarianceThreshold().fit([[1, 2], [1, 2]])).rejects.toThrow(
      'No feature in X meets the variance threshold 0.00000.',
    );
    const error = await new VarianceThreshold().fit([[1, 2]]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('No feature in X meets the variance threshold 0.00000 (X contains only one sample).');
  });

  it('keeps NaN in transform', async () => {
    const model = await new VarianceThreshold().fit([[1, 0], [NaN, 0], [3, 0]]);
    expect((await model.transform([[NaN, 5]])).toArray()).toEqual([[NaN]]);
  });
});

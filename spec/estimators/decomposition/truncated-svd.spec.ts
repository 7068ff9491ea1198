import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { TruncatedSVD } from '../../../lib/estimators/decomposition/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseData, caseTitle, decompositionCases, largest, maxError } from './fixtures.js';

checkEstimator('TruncatedSVD', () => new TruncatedSVD(), { kind: 'transformer', tolerance: 1e-12 });

describe('TruncatedSVD parity with scikit-learn 1.2 (algorithm "arpack", svd_flip signs included)', () => {
  for (const c of decompositionCases().filter((x) => x.estimator === 'TruncatedSVD')) {
    it(caseTitle(c), async () => {
      const { Xtrain, Xtest } = await caseData(c);
      const model = new TruncatedSVD(c.params);
      const projected = (await model.fitTransform(Xtrain)).toArray();
      expect(maxError(model.components, c.components)).toBeLessThan(1e-8);
      expect(maxError(model.singularValues, c.singularValues, largest(c.singularValues))).toBeLessThan(1e-8);
      expect(maxError(model.explainedVariance, c.explainedVariance, largest(c.explainedVariance))).toBeLessThan(1e-8);
      expect(maxError(model.explainedVarianceRatio, c.explainedVarianceRatio)).toBeLessThan(1e-8);
      expect(maxError(projected.slice(0, c.fitTransform.length), c.fitTransform, largest(c.fitTransform))).toBeLessThan(1e-8);
      const transformed = (await model.transform(Xtest.slice(0, c.transform.length))).toArray();
      expect(maxError(transformed, c.transform, largest(c.transform))).toBeLessThan(1e-8);
      const back = (await model.inverseTransform(c.transform.slice(0, c.inverseTransform.length))).toArray();
      expect(maxError(back, c.inverseTransform, largest(c.inverseTransform))).toBeLessThan(1e-10);
    });
  }
});

describe('TruncatedSVD', () => {
  const X = [
    [1, 0, 2, 0],
    [0, 3, 0, 1],
    [2, 0, 4, 1],
    [0, 1, 0, 3],
    [1, 1, 1, 1],
  ];

  it('does not centre X: the first component follows the mean direction of non-negative data', async () => {
    const model = await new TruncatedSVD({ nComponents: 1 }).fit(X);
    expect(model.components[0]!.every((v) => v >= 0)).toBe(true);
  });

  it('needs fewer components than min(samples, features) with arpack, recoverably', async () => {
    const error = await new TruncatedSVD({ nComponents: 4, algorithm: 'arpack' }).fit(X).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe(
      'The "nComponents" parameter of TruncatedSVD.fit must be an int in the range [1, 3] (fewer than min(n_samples, n_features) = 4). Got 4 instead.',
    );
  });

  it('needs at least two features', async () => {
    await expect(new TruncatedSVD({ nComponents: 1 }).fit([[1], [2], [3]])).rejects.toBeInstanceOf(ValidationError);
  });

  it("is randomized by default, as scikit-learn's, and takes up to min(samples, features) components then", async () => {
    expect(new TruncatedSVD().getParams().algorithm).toBe('randomized');
    expect(() => new TruncatedSVD({ algorithm: 'lapack' as never })).toThrow(
      'The "algorithm" parameter of TruncatedSVD must be one of "randomized", "arpack". Got "lapack" instead.',
    );
    const error = await new TruncatedSVD({ nComponents: 5 }).fit(X).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      'The "nComponents" parameter of TruncatedSVD.fit must be an int in the range [1, 4] with algorithm "randomized" (at most min(n_samples, n_features) = 4). Got 5 instead.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { DenseMatrix } from '../../../lib/core/data.js';
import { LinearRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { gramEquations } from '../../../lib/estimators/linear/gram-kernel.js';
import { ridgeFromEquations } from '../../../lib/estimators/linear/ridge.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxScaledError, regressionFixtures } from './fixtures.js';

const fixtures = regressionFixtures();

describe('Ridge parity with scikit-learn 1.2', () => {
  for (const c of fixtures.ridge) {
    it(`matches coef, intercept and predictions on ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const model = await new Ridge(c.params).fit(data.X, data.y);
      expect(maxScaledError(model.coef, c.coef)).toBeLessThan(1e-8);
      expect(maxScaledError([model.intercept], [c.intercept])).toBeLessThan(1e-8);
      const predicted = await model.predict(data.X.slice(0, c.predictions.length));
      expect(maxScaledError(predicted, c.predictions)).toBeLessThan(1e-8);
    });
  }
});

describe('Ridge', () => {
  it('runs its TSDoc example', async () => {
    const model = await new Ridge({ alpha: 0.5 }).fit([[0, 1], [1, 0], [2, 2], [3, 1]], [1, 2, 5, 6]);
    const predicted = await model.predict([[1, 1]]);
    expect(predicted).toBeInstanceOf(Float64Array);
    expect(predicted[0]).toBeCloseTo(2.73529412, 7);
  });

  it('equals LinearRegression with alpha 0 on well-posed data', async () => {
    const X = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 8]];
    const y = [3, 4, 9, 8, 14];
    const ridge = await new Ridge({ alpha: 0 }).fit(X, y);
    const ols = await new LinearRegression().fit(X, y);
    expect(maxScaledError(ridge.coef, ols.coef)).toBeLessThan(1e-12);
  });

  it('falls back to the SVD solution when XᵀX + αI is not positive definite', async () => {
    // a zero column and no intercept: the normal equations are singular
    const model = await new Ridge({ alpha: 0, fitIntercept: false }).fit([[1, 0], [2, 0], [3, 0]], [2, 4, 6]);
    expect(model.coef[0]).toBeCloseTo(2, 14);
    expect(model.coef[1]).toBe(0);
  });

  it('warns and uses least squares when the dual problem is singular', async () => {
    const { result, warnings } = await captureWarnings(() => new Ridge({ alpha: 0 }).fit([[0, 0, 0], [0, 0, 0]], [1, 2]));
    expect(warnings).toEqual([{ category: 'UserWarning', message: 'Singular matrix in solving dual problem. Using least-squares solution instead.' }]);
    expect(result.coef).toEqual([0, 0, 0]);
    expect(result.intercept).toBe(1.5);
  });

  it('shrinks the weights as alpha grows', async () => {
    const data = fixtures.datasets.diabetes!;
    const norms: number[] = [];
    for (const alpha of [0.01, 1, 100]) {
      const model = await new Ridge({ alpha }).fit(data.X, data.y);
      norms.push(Math.hypot(...model.coef));
    }
    expect(norms[0]).toBeGreaterThan(norms[1]!);
    expect(norms[1]).toBeGreaterThan(norms[2]!);
  });

  it('rejects a negative alpha', () => {
    expect(() => new Ridge({ alpha: -1 })).toThrow(InvalidParameterError);
    expect(() => new Ridge({ alpha: -1 })).toThrow('The "alpha" parameter of Ridge must be a number in the range [0, inf). Got -1 instead.');
  });

  it('rejects an infinite alpha', () => {
    expect(() => new Ridge().setParams({ alpha: Infinity })).toThrow(
      'The "alpha" parameter of Ridge must be a number in the range [0, inf). Got Infinity instead.',
    );
  });

  it('rejects string targets', async () => {
    const fit = new Ridge().fit([[1], [2]], ['a', 'b']);
    await expect(fit).rejects.toBeInstanceOf(ValidationError);
    await expect(fit).rejects.toThrow('The "y" argument of Ridge.fit must be numbers (this estimator is a regressor). Got "a" at index 0 instead.');
  });

  it('throws NotFittedError from coef and intercept before fit', () => {
    expect(() => new Ridge().coef).toThrow(NotFittedError);
    expect(() => new Ridge().intercept).toThrow(
      'This Ridge instance is not fitted yet. Call "fit" with appropriate arguments before using "intercept".',
    );
  });

  it('checks the feature count at predict time', async () => {
    const model = await new Ridge().fit([[1, 2], [2, 3], [3, 5]], [1, 2, 3]);
    await expect(model.predict([[1]])).rejects.toThrow('X has 1 features, but Ridge is expecting 2 features as input (in Ridge.predict).');
  });

  it('stops before fitting when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new Ridge().fit([[1], [2]], [1, 2], { signal: controller.signal })).rejects.toThrow('Ridge.fit was aborted before it finished.');
  });
});

checkEstimator('Ridge', () => new Ridge({ alpha: 0.5 }), { kind: 'regressor' });
checkEstimator('Ridge (dual)', () => new Ridge({ alpha: 0.5 }), {
  kind: 'regressor',
  data: { X: [[1, 2, 3, 4], [2, 0, 1, 3], [0, 1, 5, 2]], y: [1, 2, 3] },
});

describe('ridgeFromEquations', () => {
  it('solves one set of normal equations for several alphas, as Ridge fits each', async () => {
    const data = fixtures.datasets.diabetes!;
    const X = DenseMatrix.fromRows(data.X);
    const eq = gramEquations(X, Float64Array.from(data.y), true);
    const before = Array.from(eq.A);
    for (const alpha of [0.01, 1, 30]) {
      const model = await new Ridge({ alpha }).fit(data.X, data.y);
      expect(Array.from(ridgeFromEquations(eq, alpha)!)).toEqual(model.coef);
    }
    expect(Array.from(eq.A)).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { Lasso } from '../../../lib/estimators/linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxAbsError, maxScaledError, regressionFixtures } from './fixtures.js';

const fixtures = regressionFixtures();

describe('Lasso parity with scikit-learn 1.2', () => {
  for (const c of fixtures.lasso) {
    const random = c.params.selection === 'random';
    it(`matches coef, intercept and predictions on ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new Lasso(c.params).fit(data.X, data.y));
      expect(warnings).toEqual([]);
      expect(maxAbsError(model.coef, c.coef)).toBeLessThan(1e-6);
      expect(Math.abs(model.intercept - c.intercept)).toBeLessThan(1e-6);
      const predicted = await model.predict(data.X.slice(0, c.predictions.length));
      expect(maxScaledError(predicted, c.predictions)).toBeLessThan(1e-6);
      // cyclic sweeps are scikit-learn's step for step: same count, same gap
      if (!random) {
        expect(model.nIter).toBe(c.nIter);
        expect(maxScaledError([model.dualGap], [c.dualGap!])).toBeLessThan(1e-6);
      }
    });
  }
});

describe('Lasso', () => {
  it('runs its TSDoc example', async () => {
    const model = await new Lasso({ alpha: 0.1 }).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 2]);
    expect(model.coef[0]).toBeCloseTo(0.85, 12);
    expect(model.coef[1]).toBe(0);
  });

  it('sets every weight to zero when alpha is large enough', async () => {
    const data = fixtures.datasets.diabetes!;
    const model = await new Lasso({ alpha: 1e4 }).fit(data.X, data.y);
    expect(model.coef.every((w) => w === 0)).toBe(true);
    expect(model.intercept).toBeCloseTo(data.y.reduce((s, v) => s + v, 0) / data.y.length, 10);
  });

  for (const c of fixtures.warnings.filter((w) => w.estimator === 'Lasso')) {
    it(`warns like scikit-learn when it does not converge (${caseName(c)})`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const { result, warnings } = await captureWarnings(() => new Lasso(c.params).fit(data.X, data.y));
      expect(warnings).toEqual(c.warnings);
      expect(result.nIter).toBe(c.nIter);
      expect(maxScaledError(result.coef, c.coef)).toBeLessThan(1e-8);
    });
  }

  it('is reproducible with random selection and a fixed randomState', async () => {
    const data = fixtures.datasets.diabetesStd!;
    const a = await new Lasso({ alpha: 0.5, selection: 'random', randomState: 7 }).fit(data.X, data.y);
    const b = await new Lasso({ alpha: 0.5, selection: 'random', randomState: 7 }).fit(data.X, data.y);
    expect(a.coef).toEqual(b.coef);
    expect(a.nIter).toBe(b.nIter);
  });

  it('rejects a negative alpha', () => {
    expect(() => new Lasso({ alpha: -0.1 })).toThrow(InvalidParameterError);
    expect(() => new Lasso({ alpha: -0.1 })).toThrow('The "alpha" parameter of Lasso must be a number in the range [0, inf). Got -0.1 instead.');
  });

  it('rejects maxIter below 1, a negative tol, an unknown selection and a bad randomState', () => {
    expect(() => new Lasso({ maxIter: 0 })).toThrow('The "maxIter" parameter of Lasso must be an int in the range [1, inf). Got 0 instead.');
    expect(() => new Lasso({ tol: -1 })).toThrow('The "tol" parameter of Lasso must be a number in the range [0, inf). Got -1 instead.');
    expect(() => new Lasso({ selection: 'shuffle' as 'random' })).toThrow(
      'The "selection" parameter of Lasso must be one of "cyclic", "random". Got "shuffle" instead.',
    );
    expect(() => new Lasso({ randomState: -1 })).toThrow(
      'The "randomState" parameter of Lasso must be undefined or an int in the range [0, 4294967295]. Got -1 instead.',
    );
  });

  it('rejects string targets', async () => {
    const fit = new Lasso().fit([[1], [2]], ['a', 'b']);
    await expect(fit).rejects.toBeInstanceOf(ValidationError);
    await expect(fit).rejects.toThrow('The "y" argument of Lasso.fit must be numbers (this estimator is a regressor). Got "a" at index 0 instead.');
  });

  it('throws NotFittedError from its fitted getters before fit', () => {
    const model = new Lasso();
    expect(() => model.coef).toThrow(NotFittedError);
    expect(() => model.intercept).toThrow(NotFittedError);
    expect(() => model.nIter).toThrow(NotFittedError);
    expect(() => model.dualGap).toThrow('This Lasso instance is not fitted yet. Call "fit" with appropriate arguments before using "dualGap".');
  });
});

checkEstimator('Lasso', () => new Lasso({ alpha: 0.05 }), { kind: 'regressor' });
checkEstimator('Lasso (random selection)', () => new Lasso({ alpha: 0.05, selection: 'random', randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 3 },
});

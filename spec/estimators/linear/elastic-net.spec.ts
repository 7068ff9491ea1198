import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { ElasticNet, Lasso } from '../../../lib/estimators/linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxAbsError, maxScaledError, regressionFixtures } from './fixtures.js';

const fixtures = regressionFixtures();

describe('ElasticNet parity with scikit-learn 1.2', () => {
  for (const c of fixtures.elasticNet) {
    it(`matches coef, intercept and predictions on ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new ElasticNet(c.params).fit(data.X, data.y));
      expect(warnings).toEqual([]);
      expect(maxAbsError(model.coef, c.coef)).toBeLessThan(1e-6);
      expect(Math.abs(model.intercept - c.intercept)).toBeLessThan(1e-6);
      const predicted = await model.predict(data.X.slice(0, c.predictions.length));
      expect(maxScaledError(predicted, c.predictions)).toBeLessThan(1e-6);
      expect(model.nIter).toBe(c.nIter);
      expect(maxScaledError([model.dualGap], [c.dualGap!])).toBeLessThan(1e-6);
    });
  }

  for (const c of fixtures.warnings.filter((w) => w.estimator === 'ElasticNet')) {
    it(`warns like scikit-learn on ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const { result, warnings } = await captureWarnings(() => new ElasticNet(c.params).fit(data.X, data.y));
      expect(warnings).toEqual(c.warnings);
      expect(result.nIter).toBe(c.nIter);
      expect(maxScaledError(result.coef, c.coef)).toBeLessThan(1e-8);
    });
  }
});

describe('ElasticNet', () => {
  it('runs its TSDoc example', async () => {
    const model = await new ElasticNet({ alpha: 0.1, l1Ratio: 0.7 }).fit([[0, 1], [1, 0], [2, 2], [3, 1]], [1, 2, 5, 6]);
    expect(maxAbsError(model.coef, [1.59994249, 0.52832901])).toBeLessThan(1e-7);
    expect((await model.predict([[1, 1]]))[0]).toBeCloseTo(2.70002876, 7);
  });

  it('is the Lasso when l1Ratio is 1', async () => {
    const data = fixtures.datasets.diabetesStd!;
    const enet = await new ElasticNet({ alpha: 0.3, l1Ratio: 1 }).fit(data.X, data.y);
    const lasso = await new Lasso({ alpha: 0.3 }).fit(data.X, data.y);
    expect(enet.coef).toEqual(lasso.coef);
    expect(enet.intercept).toBe(lasso.intercept);
  });

  it('lists l1Ratio among its params', () => {
    expect(new ElasticNet().getParams()).toEqual({
      alpha: 1,
      l1Ratio: 0.5,
      fitIntercept: true,
      maxIter: 1000,
      tol: 1e-4,
      randomState: undefined,
      selection: 'cyclic',
    });
  });

  it('rejects an l1Ratio above 1', () => {
    expect(() => new ElasticNet({ l1Ratio: 1.5 })).toThrow(InvalidParameterError);
    expect(() => new ElasticNet({ l1Ratio: 1.5 })).toThrow('The "l1Ratio" parameter of ElasticNet must be a number in the range [0, 1]. Got 1.5 instead.');
  });

  it('rejects a negative alpha', () => {
    expect(() => new ElasticNet().setParams({ alpha: -2 })).toThrow(
      'The "alpha" parameter of ElasticNet must be a number in the range [0, inf). Got -2 instead.',
    );
  });

  it('rejects string targets', async () => {
    const fit = new ElasticNet().fit([[1], [2]], ['a', 'b']);
    await expect(fit).rejects.toBeInstanceOf(ValidationError);
    await expect(fit).rejects.toThrow('The "y" argument of ElasticNet.fit must be numbers (this estimator is a regressor). Got "a" at index 0 instead.');
  });

  it('throws NotFittedError before fit', () => {
    expect(() => new ElasticNet().coef).toThrow(NotFittedError);
    expect(() => new ElasticNet().nIter).toThrow(NotFittedError);
  });
});

checkEstimator('ElasticNet', () => new ElasticNet({ alpha: 0.05, l1Ratio: 0.3 }), { kind: 'regressor' });

import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { SGDRegressor } from '../../../lib/estimators/linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxAbsError } from './fixtures.js';
import { replay, sgdFixtures } from './sgd-fixtures.js';

const fixtures = sgdFixtures();
const WEIGHTS_TOLERANCE = 1e-12;

describe('SGDRegressor parity with scikit-learn 1.2 (same seed, same weights)', () => {
  for (const c of fixtures.regressor) {
    it(`${caseName(c)} ${c.steps.map((s) => s.call).join(', ')}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const model = new SGDRegressor(c.params);
      await replay(c, data, model, undefined, async (step, warnings) => {
        expect(maxAbsError(model.coef, step.coef as number[])).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
        expect(maxAbsError(model.intercept, step.intercept)).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
        expect(model.nIter).toBe(step.nIter);
        expect(model.tUpdates).toBe(step.t);
        expect(warnings.some((w) => w.category === 'ConvergenceWarning')).toBe(step.convergenceWarning);
        const predicted = await model.predict(data.X.slice(0, step.predictions.length));
        expect(maxAbsError(predicted, step.predictions as number[])).toBeLessThanOrEqual(1e-10);
      });
    });
  }

  for (const c of fixtures.randomStateObject.filter((r) => r.estimator === 'SGDRegressor')) {
    it(`advances a RandomState across fits as scikit-learn does: ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const model = new SGDRegressor({ ...c.params, randomState: new RandomState(c.seed) });
      await replay(c, data, model, undefined, (step) => {
        expect(maxAbsError(model.coef, step.coef as number[])).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
      });
    });
  }
});

describe('SGDRegressor', () => {
  const data = fixtures.datasets.regression!;

  it('runs its TSDoc example', async () => {
    const X = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 3]];
    const model = await new SGDRegressor({ randomState: 0, maxIter: 2000, tol: null }).fit(X, [1, 2, 6, 7, 11]);
    const [value] = await model.predict([[5, 5]]);
    expect(Math.abs(value! - 15)).toBeLessThan(1);
  });

  it('checks its parameters and refuses early stopping in partialFit', async () => {
    expect(() => new SGDRegressor({ loss: 'hinge' as never })).toThrow(InvalidParameterError);
    await expect(new SGDRegressor({ eta0: 0 }).fit(data.X, data.y)).rejects.toThrow(
      'The "eta0" parameter of SGDRegressor must be a number > 0 with learningRate \'invscaling\'. Got 0 instead.',
    );
    await expect(new SGDRegressor({ earlyStopping: true }).partialFit(data.X, data.y)).rejects.toThrow(InvalidParameterError);
  });

  it('refuses a batch with another number of features', async () => {
    const model = await new SGDRegressor({ randomState: 0 }).partialFit(data.X, data.y);
    await expect(model.partialFit(data.X.map((r) => r.slice(1)), data.y)).rejects.toThrow(ValidationError);
    await model.partialFit(data.X, data.y);
    expect(model.tUpdates).toBe(2 * data.X.length + 1);
  });

  it('raises scikit-learn\'s overflow error when the weights diverge', async () => {
    const X = data.X.map((r) => r.map((v) => v * 1e150));
    await expect(new SGDRegressor({ learningRate: 'constant', eta0: 1, randomState: 0 }).fit(X, data.y)).rejects.toThrow(
      /Floating-point under-\/overflow occurred at epoch #1/,
    );
  });
});

checkEstimator('SGDRegressor', () => new SGDRegressor({ randomState: 0 }), { kind: 'regressor', deterministicParams: { randomState: 3 } });

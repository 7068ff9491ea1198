import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { LinearSVR } from '../../../lib/estimators/svm-linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxAbsError } from '../linear/fixtures.js';
import { liblinearFixtures } from './liblinear-fixtures.js';

const fixtures = liblinearFixtures();

describe('LinearSVR parity with scikit-learn 1.2 (same seed, same liblinear steps)', () => {
  for (const c of fixtures.linearSVR) {
    it(`${caseName(c)}: the weights to 1e-10, the passes and the warning`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new LinearSVR(c.params).fit(data.X, data.y));
      expect(maxAbsError(model.coef, c.coef as number[])).toBeLessThan(1e-10);
      expect(maxAbsError(model.intercept, c.params.fitIntercept === false ? [0] : c.intercept)).toBeLessThan(1e-10);
      expect(model.nIter).toBe(c.nIter);
      expect(warnings.some((w) => w.category === 'ConvergenceWarning')).toBe(c.convergenceWarning);
      const predicted = await model.predict(data.X.slice(0, c.predictions.length));
      expect(maxAbsError(predicted, c.predictions as number[])).toBeLessThan(1e-9);
    });
  }
});

describe('LinearSVR', () => {
  it('runs its TSDoc example', async () => {
    const model = await new LinearSVR({ C: 10, randomState: 0 }).fit([[0], [1], [2], [3], [4]], [1, 3, 5, 7, 9]);
    const [value] = await model.predict([[5]]);
    expect(Math.abs(value! - 11)).toBeLessThan(0.5);
  });

  it('refuses the primal solver for the epsilon-insensitive loss', async () => {
    const data = fixtures.datasets.regression!;
    await expect(new LinearSVR({ dual: false }).fit(data.X, data.y)).rejects.toThrow(
      /The "dual" parameter of LinearSVR must be true with penalty 'l2' and loss 'epsilon_insensitive'\. Got false instead\./,
    );
    expect(() => new LinearSVR({ loss: 'hinge' as never })).toThrow(InvalidParameterError);
  });
});

checkEstimator('LinearSVR', () => new LinearSVR({ randomState: 0, maxIter: 20000 }), { kind: 'regressor', deterministicParams: { randomState: 3 } });
checkEstimator('LinearSVR (squared loss, primal)', () => new LinearSVR({ loss: 'squared_epsilon_insensitive', dual: false }), { kind: 'regressor' });

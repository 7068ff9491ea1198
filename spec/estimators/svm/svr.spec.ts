import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { readResourceProbes } from '../../../lib/core/estimator.js';
import { SVR } from '../../../lib/estimators/svm/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxScaledError, svmFixtures } from './fixtures.js';

const fixtures = svmFixtures();

describe('SVR parity with scikit-learn 1.2', () => {
  for (const c of fixtures.svr) {
    describe(caseName(c), () => {
      const data = fixtures.datasets[c.dataset]!;
      const fitted = new SVR(c.params).fit(data.Xtrain, data.ytrain);

      it('predicts the same values to 1e-6 (relative; the bar is 1e-3)', async () => {
        const pred = await (await fitted).predict(data.Xtest);
        expect(maxScaledError(Array.from(pred), c.predictions)).toBeLessThan(1e-6);
      });

      it('selects the same support vectors, with the same coefficients and intercept', async () => {
        const model = await fitted;
        expect(model.support).toEqual(c.support);
        expect(model.supportVectors).toEqual(c.support.map((i) => data.Xtrain[i]));
        expect(maxScaledError(model.intercept, c.intercept)).toBeLessThan(1e-6);
        expect(maxScaledError(model.dualCoef.flat(), c.dualCoef.flat())).toBeLessThan(1e-6);
      });
    });
  }
});

describe('SVR', () => {
  it('runs its TSDoc example', async () => {
    const X = [[0], [1], [2], [3], [4]];
    const svr = await new SVR({ kernel: 'linear', C: 100, epsilon: 0.01 }).fit(X, [1, 3, 5, 7, 9]);
    const [prediction] = await svr.predict([[5]]);
    expect(prediction).toBeCloseTo(10.985, 9);
  });

  it('fits nothing inside the epsilon tube', async () => {
    const svr = await new SVR({ epsilon: 10 }).fit([[0], [1], [2]], [1, 2, 3]);
    expect(svr.support).toEqual([]);
    expect(await svr.predict([[7]])).toEqual(Float64Array.from([2]));
  });

  it('rejects string targets', async () => {
    await expect(new SVR().fit([[0], [1]], ['a', 'b'])).rejects.toThrow(ValidationError);
  });

  it('keeps nothing in wasm memory between fits', async () => {
    for (let i = 0; i < 10; i++) await new SVR({ C: 1 + i }).fit([[0], [1], [2], [3]], [0, 1, 4, 9]);
    expect(readResourceProbes().svmKernelBytes).toBe(0);
  });

  it('needs fit first', async () => {
    await expect(new SVR().predict([[0]])).rejects.toThrow(NotFittedError);
    expect(() => new SVR().intercept).toThrow(NotFittedError);
  });

  describe('rejects bad parameters', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ C: 0 }, 'The "C" parameter of SVR must be a number in the range (0, inf). Got 0 instead.'],
      [{ epsilon: -0.1 }, 'The "epsilon" parameter of SVR must be a number in the range [0, inf). Got -0.1 instead.'],
      [{ gamma: -1 }, 'The "gamma" parameter of SVR must be one of "scale", "auto" or a number in the range (0, inf). Got -1 instead.'],
      [{ kernel: 'cosine' }, 'The "kernel" parameter of SVR must be one of "linear", "poly", "rbf", "sigmoid". Got "cosine" instead.'],
      [{ cacheSize: 0 }, 'The "cacheSize" parameter of SVR must be a number in the range (0, inf). Got 0 instead.'],
    ];
    for (const [params, message] of cases) {
      it(JSON.stringify(params), () => {
        expect(() => new SVR(params as never)).toThrow(InvalidParameterError);
        expect(() => new SVR(params as never)).toThrow(message);
      });
    }
  });
});

checkEstimator('SVR', () => new SVR(), { kind: 'regressor' });
checkEstimator('SVR (linear)', () => new SVR({ kernel: 'linear', C: 10 }), { kind: 'regressor' });

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { LogisticRegression } from '../../../lib/estimators/linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { liblinearFixtures } from '../svm-linear/liblinear-fixtures.js';
import type { Dataset } from './fixtures.js';
import { caseName, maxAbsError } from './fixtures.js';

interface SolverCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly coef: number[][];
  readonly intercept: number[];
  readonly nIter: number[];
  readonly proba?: number[][];
  readonly convergenceWarning: boolean;
}

const saga = JSON.parse(readFileSync(new URL('../../fixtures/linear/saga.json', import.meta.url), 'utf8')) as { datasets: Record<string, Dataset>; cases: SolverCase[] };
const liblinear = liblinearFixtures();

describe("LogisticRegression's 'sag' and 'saga' solvers against scikit-learn 1.2 (generate_saga.py)", () => {
  for (const c of saga.cases) {
    it(`${caseName(c)}: the same epochs, coefficients to 1e-10`, async () => {
      const data = saga.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new LogisticRegression(c.params).fit(data.X, data.y));
      expect(model.nIter).toEqual(c.nIter);
      expect(maxAbsError(model.coef.flat(), c.coef.flat())).toBeLessThan(1e-10);
      expect(maxAbsError(model.intercept, c.intercept)).toBeLessThan(1e-10);
      expect(warnings.some((w) => w.category === 'ConvergenceWarning')).toBe(c.convergenceWarning);
      const proba = await model.predictProba(data.X.slice(0, c.proba!.length));
      expect(maxAbsError(proba.flat(), c.proba!.flat())).toBeLessThan(1e-10);
    });
  }
});

describe("LogisticRegression's 'liblinear' solver against scikit-learn 1.2 (generate_liblinear.py)", () => {
  for (const c of liblinear.logisticRegression) {
    it(`${caseName(c)}: the same iterations, coefficients to 1e-10`, async () => {
      const data = liblinear.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new LogisticRegression(c.params).fit(data.X, data.y));
      expect(model.nIter).toEqual(c.nIter);
      expect(maxAbsError(model.coef.flat(), (c.coef as number[][]).flat())).toBeLessThan(1e-10);
      expect(maxAbsError(model.intercept, c.intercept)).toBeLessThan(1e-10);
      expect(warnings.some((w) => w.category === 'ConvergenceWarning')).toBe(c.convergenceWarning);
      expect(await model.predict(data.X.slice(0, c.predictions.length))).toEqual(c.predictions);
    });
  }
});

describe("LogisticRegression's solver and penalty checks (scikit-learn's _check_solver)", () => {
  const data = saga.datasets.binary!;

  it('refuses L1 and elastic-net penalties outside liblinear and saga', async () => {
    await expect(new LogisticRegression({ penalty: 'l1' }).fit(data.X, data.y)).rejects.toThrow(
      'The "penalty" parameter of LogisticRegression must be \'l2\' or \'none\' with solver \'lbfgs\'. Got "l1" instead.',
    );
    await expect(new LogisticRegression({ penalty: 'l1', solver: 'sag' }).fit(data.X, data.y)).rejects.toThrow(InvalidParameterError);
    await expect(new LogisticRegression({ penalty: 'elasticnet', solver: 'liblinear', l1Ratio: 0.5 }).fit(data.X, data.y)).rejects.toThrow(
      'The "solver" parameter of LogisticRegression must be \'saga\' with penalty \'elasticnet\'. Got "liblinear" instead.',
    );
  });

  it('needs l1Ratio with the elastic net, and warns when it is set for another penalty', async () => {
    await expect(new LogisticRegression({ penalty: 'elasticnet', solver: 'saga' }).fit(data.X, data.y)).rejects.toThrow(
      'The "l1Ratio" parameter of LogisticRegression must be a number in [0, 1] with penalty \'elasticnet\'. Got null instead.',
    );
    const { warnings } = await captureWarnings(() => new LogisticRegression({ l1Ratio: 0.5 }).fit(data.X, data.y));
    expect(warnings).toEqual([{ category: 'UserWarning', message: "l1_ratio parameter is only used when penalty is 'elasticnet'. Got (penalty=l2)" }]);
  });

  it('keeps dual and the multinomial loss out of the solvers that lack them', async () => {
    await expect(new LogisticRegression({ dual: true }).fit(data.X, data.y)).rejects.toThrow(
      'The "dual" parameter of LogisticRegression must be false with solver \'lbfgs\'. Got true instead.',
    );
    await expect(new LogisticRegression({ solver: 'liblinear', multiClass: 'multinomial' }).fit(data.X, data.y)).rejects.toThrow(InvalidParameterError);
    await expect(new LogisticRegression({ solver: 'liblinear', penalty: null }).fit(data.X, data.y)).rejects.toThrow(
      'The "penalty" parameter of LogisticRegression must be \'l1\' or \'l2\' with solver \'liblinear\'. Got null instead.',
    );
    await expect(new LogisticRegression({ solver: 'liblinear', penalty: 'l1', dual: true }).fit(data.X, data.y)).rejects.toThrow(
      /The "dual" parameter of LogisticRegression must be false with penalty 'l1' and loss 'logistic_regression'/,
    );
  });

  it('runs the TSDoc example of the L1 penalty', async () => {
    const X = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0], [5, 1]];
    const sparse = await new LogisticRegression({ penalty: 'l1', solver: 'saga', C: 0.5, randomState: 0 }).fit(X, [0, 0, 0, 1, 1, 1]);
    expect(sparse.coef[0]![0]).toBeGreaterThan(0);
    expect(sparse.coef[0]![1]).toBe(0);
  });

  it('advances a RandomState across fits of the sampled solvers', async () => {
    const shared = new RandomState(3);
    const a = await captureWarnings(() => new LogisticRegression({ solver: 'saga', penalty: 'l1', maxIter: 3, randomState: shared }).fit(data.X, data.y));
    const b = await captureWarnings(() => new LogisticRegression({ solver: 'saga', penalty: 'l1', maxIter: 3, randomState: shared }).fit(data.X, data.y));
    expect(a.result.coef).not.toEqual(b.result.coef);
  });
});

checkEstimator('LogisticRegression (saga, elastic net)', () => new LogisticRegression({ solver: 'saga', penalty: 'elasticnet', l1Ratio: 0.5, randomState: 0, maxIter: 2000 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 1 },
});
checkEstimator('LogisticRegression (liblinear, l1)', () => new LogisticRegression({ solver: 'liblinear', penalty: 'l1', randomState: 0 }), { kind: 'classifier' });

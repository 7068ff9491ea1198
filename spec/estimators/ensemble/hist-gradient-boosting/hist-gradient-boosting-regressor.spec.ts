import { describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError, ValidationError } from '../../../../lib/core/errors.js';
import { Rng } from '../../../../lib/core/rng.js';
import type { HistGradientBoostingRegressorParams } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { HistGradientBoostingRegressor } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { rawPredict } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/model.js';
import { checkEstimator } from '../../../contracts/estimator.contract.js';
import type { ModelCase } from './_fixtures.js';
import { camelParams, column, matrix, maxRelativeDifference, readFixture, stateOf } from './_fixtures.js';

const models = readFixture<{ cases: ModelCase[] }>('models').cases.filter((c) => c.kind === 'regressor');

checkEstimator('HistGradientBoostingRegressor', () => new HistGradientBoostingRegressor({ maxIter: 10 }), { kind: 'regressor', allowNaN: true });

describe('HistGradientBoostingRegressor against scikit-learn 1.2 (deterministic fits)', () => {
  for (const c of models) {
    it(c.name, async () => {
      const model = await new HistGradientBoostingRegressor(camelParams<HistGradientBoostingRegressorParams>(c.params)).fit(matrix(c.XTrain), column(c.yTrain));
      const state = stateOf(model);
      expect(Array.from(state.baseline)).toEqual(c.baseline);
      expect(model.nIter).toBe(c.nIter);
      expect(maxRelativeDifference(model.trainScore, c.trainScore)).toBeLessThan(1e-12);
      expect(model.validationScore.length).toBe(c.validationScore.length);
      const tree = state.predictors[0]![0]!;
      expect(Array.from(tree.feature)).toEqual(c.firstTree.feature);
      expect(Array.from(tree.isLeaf)).toEqual(c.firstTree.isLeaf);
      expect(Array.from(tree.binThreshold)).toEqual(c.firstTree.binThreshold);
      expect(Array.from(tree.missingGoToLeft)).toEqual(c.firstTree.missingGoToLeft);
      expect(Array.from(tree.count)).toEqual(c.firstTree.count);
      expect(maxRelativeDifference(tree.value, c.firstTree.value)).toBeLessThan(1e-12);
      const XTest = matrix(c.XTest);
      const raw = rawPredict(state, (await import('../../../../lib/core/data.js')).validateMatrix(XTest, { owner: 'spec', allowNaN: true }));
      expect(maxRelativeDifference(raw, c.rawTest[0]!)).toBeLessThan(1e-10);
      expect(maxRelativeDifference(await model.predict(XTest), c.predictTest)).toBeLessThan(1e-10);
    });
  }
});

function regressionData(n: number, seed = 0, p = 3): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal()));
  const y = X.map((r) => 2 * r[0]! - r[1]! + 0.1 * rng.normal());
  return { X, y };
}

describe('HistGradientBoostingRegressor', () => {
  it('runs its TSDoc example', async () => {
    const X = Array.from({ length: 200 }, (_, i) => [i / 20, (i % 7) - 3]);
    const y = X.map(([a, b]) => Math.sin(a!) + 0.1 * b!);
    const model = await new HistGradientBoostingRegressor({ maxIter: 50 }).fit(X, y);
    const pred = await model.predict([[1.5, 0], [7.5, NaN]]);
    expect(pred.length).toBe(2);
    expect(pred[0]).toBeCloseTo(Math.sin(1.5), 1);
    expect(model.nIter).toBe(50);
  });

  it('turns early stopping on above 10 000 rows when earlyStopping is "auto"', async () => {
    const small = regressionData(10_000, 1);
    const off = await new HistGradientBoostingRegressor({ maxIter: 3 }).fit(small.X, small.y);
    expect(off.doEarlyStopping).toBe(false);
    expect(off.trainScore.length).toBe(0);
    const large = regressionData(10_001, 1);
    const on = await new HistGradientBoostingRegressor({ maxIter: 3, randomState: 0 }).fit(large.X, large.y);
    expect(on.doEarlyStopping).toBe(true);
    expect(on.trainScore.length).toBe(on.nIter + 1);
    expect(on.validationScore.length).toBe(on.nIter + 1);
  });

  it('records the negative loss before and after each iteration, and stops when it stops improving', async () => {
    const { X, y } = regressionData(400, 2);
    const model = await new HistGradientBoostingRegressor({ earlyStopping: true, maxIter: 500, nIterNoChange: 5, tol: 1e-3, randomState: 0 }).fit(X, y);
    expect(model.nIter).toBeLessThan(500);
    const val = Array.from(model.validationScore);
    expect(val.length).toBe(model.nIter + 1);
    for (const v of val) expect(v).toBeLessThanOrEqual(0);
    // stopped: none of the last 5 beats the one before them by more than tol
    const reference = val[val.length - 6]! + 1e-3;
    expect(val.slice(-5).every((v) => v <= reference)).toBe(true);
  });

  it('scores the training rows when validationFraction is null', async () => {
    const { X, y } = regressionData(300, 3);
    const model = await new HistGradientBoostingRegressor({ earlyStopping: true, validationFraction: null, scoring: 'r2', maxIter: 20 }).fit(X, y);
    expect(model.validationScore.length).toBe(0);
    expect(model.trainScore.length).toBe(model.nIter + 1);
    expect(model.trainScore[model.nIter]).toBeGreaterThan(0.9);
  });

  it('uses the default score (R²) when scoring is null, and a scorer function', async () => {
    const { X, y } = regressionData(300, 4);
    const byDefault = await new HistGradientBoostingRegressor({ earlyStopping: true, scoring: null, maxIter: 5, randomState: 1 }).fit(X, y);
    const byName = await new HistGradientBoostingRegressor({ earlyStopping: true, scoring: 'r2', maxIter: 5, randomState: 1 }).fit(X, y);
    expect(Array.from(byDefault.validationScore)).toEqual(Array.from(byName.validationScore));
    let calls = 0;
    const scorer = async () => ++calls;
    const custom = await new HistGradientBoostingRegressor({ earlyStopping: true, scoring: scorer, maxIter: 5, randomState: 1 }).fit(X, y);
    expect(calls).toBe(2 * (custom.nIter + 1));
  });

  it('gives the same fit for the same randomState', async () => {
    const { X, y } = regressionData(500, 5);
    const fit = (seed: number) => new HistGradientBoostingRegressor({ earlyStopping: true, maxIter: 30, randomState: seed }).fit(X, y);
    const [a, b] = [await fit(7), await fit(7)];
    expect(Array.from(await a.predict(X))).toEqual(Array.from(await b.predict(X)));
  });

  it('reports each iteration and stops when the report says so', async () => {
    const { X, y } = regressionData(300, 6);
    const steps: number[] = [];
    const model = await new HistGradientBoostingRegressor({ maxIter: 50 }).fit(X, y, {
      report: (step, values) => {
        steps.push(step);
        expect(values.trainScore).toBeLessThanOrEqual(0);
        return step === 7;
      },
    });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(model.nIter).toBe(7);
  });

  it('stops between iterations when its signal aborts', async () => {
    const { X, y } = regressionData(300, 7);
    const controller = new AbortController();
    controller.abort();
    await expect(new HistGradientBoostingRegressor({ maxIter: 5 }).fit(X, y, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('predicts the mean with too few rows to split', async () => {
    const model = await new HistGradientBoostingRegressor({ maxIter: 3 }).fit([[1], [2], [3]], [1, 2, 6]);
    expect(Array.from(await model.predict([[0], [9]]))).toEqual([3, 3]);
  });

  it('keeps predictions increasing in a feature with an increasing constraint', async () => {
    const rng = new Rng(8);
    const X = Array.from({ length: 500 }, () => [rng.uniform(0, 10), rng.normal()]);
    const y = X.map(([a, b]) => Math.sin(a!) + 0.1 * a! + b! + rng.normal() * 0.5);
    const model = await new HistGradientBoostingRegressor({ maxIter: 30, monotonicCst: [1, 0] }).fit(X, y);
    const grid = Array.from({ length: 101 }, (_, i) => [i / 10, 0.3]);
    const pred = Array.from(await model.predict(grid));
    for (let i = 1; i < pred.length; i++) expect(pred[i]!).toBeGreaterThanOrEqual(pred[i - 1]!);
  });

  it('rejects Poisson targets that are negative or all zero', async () => {
    await expect(new HistGradientBoostingRegressor({ loss: 'poisson' }).fit([[1], [2]], [1, -1])).rejects.toThrow(
      'The "y" argument of HistGradientBoostingRegressor.fit must be non-negative values for loss=\'poisson\'. Got -1 at index 1 instead.',
    );
    await expect(new HistGradientBoostingRegressor({ loss: 'poisson' }).fit([[1], [2]], [0, 0])).rejects.toBeInstanceOf(ValidationError);
  });

  it('rejects bad parameters with the standard message', () => {
    expect(() => new HistGradientBoostingRegressor({ learningRate: 0 })).toThrow(
      'The "learningRate" parameter of HistGradientBoostingRegressor must be a number in the range (0, inf). Got 0 instead.',
    );
    expect(() => new HistGradientBoostingRegressor({ maxBins: 256 })).toThrow(InvalidParameterError);
    expect(() => new HistGradientBoostingRegressor({ maxLeafNodes: 1 })).toThrow(InvalidParameterError);
    expect(() => new HistGradientBoostingRegressor({ validationFraction: 1.5 })).toThrow(InvalidParameterError);
    expect(() => new HistGradientBoostingRegressor({ scoring: 'nope' as never })).toThrow(/scorer name/);
    expect(() => new HistGradientBoostingRegressor({ loss: 'huber' as never })).toThrow(InvalidParameterError);
    expect(() => new HistGradientBoostingRegressor({ monotonicCst: [2] })).toThrow(InvalidParameterError);
  });

  it('checks monotonicCst and categoricalFeatures against X at fit time', async () => {
    const { X, y } = regressionData(50, 9);
    await expect(new HistGradientBoostingRegressor({ monotonicCst: [1, 0] }).fit(X, y)).rejects.toThrow(
      'The "monotonicCst" parameter of HistGradientBoostingRegressor must be an array of length n_features = 3. Got [1, 0] instead. Got 2 constraints.',
    );
    await expect(new HistGradientBoostingRegressor({ categoricalFeatures: [3] }).fit(X, y)).rejects.toThrow(InvalidParameterError);
    await expect(new HistGradientBoostingRegressor({ categoricalFeatures: [true, false] }).fit(X, y)).rejects.toThrow(InvalidParameterError);
    await expect(new HistGradientBoostingRegressor({ categoricalFeatures: [0] }).fit(X, y)).rejects.toThrow(/integer category codes in \[0, 255\)/);
    const codes = X.map((r, i) => [i % 4, r[1]!, r[2]!]);
    await expect(new HistGradientBoostingRegressor({ categoricalFeatures: [0], monotonicCst: [1, 0, 0] }).fit(codes, y)).rejects.toThrow(/categorical features cannot have monotonic constraints/);
    await expect(new HistGradientBoostingRegressor({ categoricalFeatures: [0], maxBins: 3 }).fit(codes, y)).rejects.toThrow(/\[0, 3\)/);
  });

  it('needs training rows left after the validation rows', async () => {
    const { X, y } = regressionData(20, 11);
    await expect(new HistGradientBoostingRegressor({ earlyStopping: true, validationFraction: 20 }).fit(X, y)).rejects.toThrow(
      'The "validationFraction" parameter of HistGradientBoostingRegressor must be a share or count that leaves training rows (X has 20 rows). Got 20 instead. It takes 20 validation rows.',
    );
  });

  it('rejects Infinity at predict time and NaN is a missing value', async () => {
    const { X, y } = regressionData(100, 10);
    const model = await new HistGradientBoostingRegressor({ maxIter: 5 }).fit(X, y);
    await expect(model.predict([[Infinity, 0, 0]])).rejects.toBeInstanceOf(ValidationError);
    expect(Number.isFinite((await model.predict([[NaN, NaN, NaN]]))[0])).toBe(true);
  });
});

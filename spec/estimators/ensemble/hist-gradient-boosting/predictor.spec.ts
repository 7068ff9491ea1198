import { describe, expect, it } from 'vitest';
import { validateMatrix } from '../../../../lib/core/data.js';
import { Rng } from '../../../../lib/core/rng.js';
import { binMatrix } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/binning.js';
import { HistGradientBoostingRegressor } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { addRawPredictions, predictBinned } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/predictor.js';
import { stateOf } from './_fixtures.js';

describe('tree predictions', () => {
  it('agree on raw values and on their bins (numerical, categorical and missing values)', async () => {
    const rng = new Rng(1);
    const rows = Array.from({ length: 600 }, (_, i) => [rng.normal(), i % 5, rng.random() < 0.2 ? NaN : rng.normal()]);
    const y = rows.map(([a, c, b]) => a! + (c === 2 ? 3 : 0) + (Number.isNaN(b!) ? -2 : b!) + 0.1 * rng.normal());
    const model = await new HistGradientBoostingRegressor({ maxIter: 10, categoricalFeatures: [1] }).fit(rows, y);
    const state = stateOf(model);
    const X = validateMatrix(rows, { owner: 'spec', allowNaN: true });
    const binned = binMatrix(state.mapper, X);
    for (const [tree] of state.predictors) {
      const onRaw = new Float64Array(X.rows);
      const onBins = new Float64Array(X.rows);
      addRawPredictions([tree!], X.values, X.rows, X.columns, state.knownCategories, onRaw, 0);
      predictBinned(tree!, binned, state.mapper.missingValuesBinIndex, onBins, 0);
      expect(Array.from(onRaw)).toEqual(Array.from(onBins));
    }
  });

  it('sends NaN in a feature without missing values in training to the larger child', async () => {
    const rng = new Rng(2);
    const X = Array.from({ length: 300 }, (_, i) => [i < 240 ? rng.uniform(0, 1) : rng.uniform(5, 6)]);
    const y = X.map(([v]) => (v! > 3 ? 10 : 0));
    const model = await new HistGradientBoostingRegressor({ maxIter: 1, learningRate: 1, maxLeafNodes: 2 }).fit(X, y);
    const [nan, low] = await model.predict([[NaN], [0.5]]);
    expect(nan).toBe(low);
  });
});

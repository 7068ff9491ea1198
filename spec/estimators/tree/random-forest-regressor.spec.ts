import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { DecisionTreeRegressor } from '../../../lib/estimators/tree/decision-tree-regressor.js';
import type { RandomForestRegressorParams } from '../../../lib/estimators/tree/random-forest-regressor.js';
import { RandomForestRegressor } from '../../../lib/estimators/tree/random-forest-regressor.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import type { ForestCase } from './_shared.js';
import { describeForestParity, readTreeFixture } from './_shared.js';

const fixture = readTreeFixture<ForestCase<RandomForestRegressorParams>>('forests');

checkEstimator('RandomForestRegressor', () => new RandomForestRegressor({ nEstimators: 10, randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 11 },
});

// the mean test R² of 10 forests against scikit-learn's
describeForestParity<RandomForestRegressorParams>(
  'RandomForestRegressor R² against scikit-learn 1.2',
  'regressor',
  (params) => new RandomForestRegressor(params),
  0.015,
);

describe('RandomForestRegressor', () => {
  const diabetes = fixture.datasets.diabetes!;

  it('runs its TSDoc example', async () => {
    const forest = new RandomForestRegressor({ nEstimators: 20, randomState: 0 });
    await forest.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
    const [low, high] = Array.from(await forest.predict([[1.5], [5.5]]));
    expect(low).toBeLessThan(2.5);
    expect(high).toBeGreaterThan(3.5);
  });

  it('gives identical forests for the same randomState', async () => {
    const fit = (seed: number) => new RandomForestRegressor({ nEstimators: 8, randomState: seed }).fit(diabetes.XTrain, diabetes.yTrain);
    const [a, b, c] = await Promise.all([fit(3), fit(3), fit(4)]);
    expect(Array.from(await a.predict(diabetes.XTest))).toEqual(Array.from(await b.predict(diabetes.XTest)));
    expect(Array.from(await a.predict(diabetes.XTest))).not.toEqual(Array.from(await c.predict(diabetes.XTest)));
  });

  it('is the mean of its trees: without bootstrap and with all features, the decision tree', async () => {
    const params = { maxDepth: 3, randomState: 0 };
    const forest = await new RandomForestRegressor({ ...params, nEstimators: 4, bootstrap: false }).fit(diabetes.XTrain, diabetes.yTrain);
    const tree = await new DecisionTreeRegressor(params).fit(diabetes.XTrain, diabetes.yTrain);
    const fp = await forest.predict(diabetes.XTest);
    const tp = await tree.predict(diabetes.XTest);
    fp.forEach((v, i) => expect(v).toBeCloseTo(tp[i]!, 10));
  });

  it('defaults to every feature at every split (scikit-learn 1.2 max_features=1.0)', () => {
    expect(new RandomForestRegressor().getParams().maxFeatures).toBeNull();
  });

  it('rejects bad params', () => {
    expect(() => new RandomForestRegressor({ nEstimators: 0 })).toThrow(
      'The "nEstimators" parameter of RandomForestRegressor must be an int in the range [1, inf). Got 0 instead.',
    );
    expect(() => new RandomForestRegressor({ maxFeatures: 0 })).toThrow(InvalidParameterError);
    expect(() => new RandomForestRegressor({ minSamplesSplit: 1 })).toThrow(InvalidParameterError);
  });
});

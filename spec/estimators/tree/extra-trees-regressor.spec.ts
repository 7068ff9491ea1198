import { describe, expect, it } from 'vitest';
import { ExtraTreeRegressor } from '../../../lib/estimators/tree/extra-tree-regressor.js';
import { ExtraTreesRegressor } from '../../../lib/estimators/tree/extra-trees-regressor.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { loadTreeFixture } from './seeded-cases.js';

checkEstimator('ExtraTreesRegressor', () => new ExtraTreesRegressor({ nEstimators: 10, randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 11 },
});
checkEstimator('ExtraTreeRegressor', () => new ExtraTreeRegressor({ randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 5 },
});

const friedman = loadTreeFixture('extra.json').datasets.friedman!;

describe('ExtraTreesRegressor', () => {
  it('runs its TSDoc example', async () => {
    const forest = new ExtraTreesRegressor({ nEstimators: 20, randomState: 0 });
    await forest.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
    expect(Array.from(await forest.predict([[1], [6]]))).toEqual([1, 5]);
  });

  it("has scikit-learn 1.2's defaults: every feature (1.0), no bootstrap", () => {
    expect(new ExtraTreesRegressor().getParams()).toEqual({
      nEstimators: 100,
      criterion: 'squared_error',
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      maxFeatures: null,
      bootstrap: false,
      randomState: null,
      warmStart: false,
    });
  });

  it('predicts the mean of its trees', async () => {
    const forest = await new ExtraTreesRegressor({ nEstimators: 4, maxDepth: 4, randomState: 2 }).fit(friedman.XTrain, friedman.yTrain);
    const { RandomState } = await import('../../../lib/core/random-state.js');
    const seeds = new RandomState(2).randint(0, 2147483647, 4) as number[];
    const sums = new Float64Array(friedman.XTest.length);
    for (const seed of seeds) {
      const tree = await new ExtraTreeRegressor({ maxDepth: 4, randomState: seed }).fit(friedman.XTrain, friedman.yTrain);
      (await tree.predict(friedman.XTest)).forEach((v, i) => (sums[i] = sums[i]! + v));
    }
    const predictions = await forest.predict(friedman.XTest);
    predictions.forEach((v, i) => expect(v).toBeCloseTo(sums[i]! / 4, 9));
  });

  it('scores about as well as a random forest on Friedman #1', async () => {
    const extra = await new ExtraTreesRegressor({ nEstimators: 30, randomState: 0 }).fit(friedman.XTrain, friedman.yTrain);
    expect(await extra.score(friedman.XTest, friedman.yTest)).toBeGreaterThan(0.75);
  });
});

describe('ExtraTreeRegressor', () => {
  it('runs its TSDoc example', async () => {
    const tree = new ExtraTreeRegressor({ randomState: 0 });
    await tree.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
    expect(Array.from(await tree.predict([[1], [6]]))).toEqual([1, 5]);
  });

  it("has scikit-learn 1.2's defaults: the random splitter and every feature", () => {
    expect(new ExtraTreeRegressor().getParams()).toEqual({
      criterion: 'squared_error',
      splitter: 'random',
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      maxFeatures: null,
      randomState: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { AbortError } from '../../../lib/core/errors.js';
import { ExtraTreeClassifier } from '../../../lib/estimators/tree/extra-tree-classifier.js';
import { ExtraTreesClassifier } from '../../../lib/estimators/tree/extra-trees-classifier.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { loadTreeFixture } from './seeded-cases.js';

checkEstimator('ExtraTreesClassifier', () => new ExtraTreesClassifier({ nEstimators: 10, randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 11 },
});
checkEstimator('ExtraTreeClassifier', () => new ExtraTreeClassifier({ randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 5 },
});

const wine = loadTreeFixture('extra.json').datasets.wine!;

describe('ExtraTreesClassifier', () => {
  it('runs its TSDoc example', async () => {
    const forest = new ExtraTreesClassifier({ nEstimators: 20, randomState: 0 });
    await forest.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(await forest.predict([[0.5, 0.5], [5.5, 5.5]])).toEqual([0, 1]);
    const importances = Array.from(forest.featureImportances);
    expect(importances).toHaveLength(2);
    expect(importances[0]! + importances[1]!).toBeCloseTo(1, 12);
  });

  it("has scikit-learn 1.2's defaults: 100 trees, sqrt features, no bootstrap", () => {
    expect(new ExtraTreesClassifier().getParams()).toEqual({
      nEstimators: 100,
      criterion: 'gini',
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      maxFeatures: 'sqrt',
      bootstrap: false,
      randomState: null,
      warmStart: false,
    });
  });

  it('grows ExtraTreeClassifiers seeded by the forest: without bootstrap, the first tree is the tree of the first seed', async () => {
    const forest = await new ExtraTreesClassifier({ nEstimators: 3, randomState: 7 }).fit(wine.XTrain, wine.yTrain);
    const { RandomState } = await import('../../../lib/core/random-state.js');
    const seeds = new RandomState(7).randint(0, 2147483647, 3) as number[];
    const trees = forest.trees;
    for (let t = 0; t < 3; t++) {
      const tree = await new ExtraTreeClassifier({ randomState: seeds[t]! }).fit(wine.XTrain, wine.yTrain);
      expect(trees[t]).toEqual(tree.tree);
    }
  });

  it('averages the trees class probabilities', async () => {
    const forest = await new ExtraTreesClassifier({ nEstimators: 7, maxDepth: 3, randomState: 1 }).fit(wine.XTrain, wine.yTrain);
    const proba = await forest.predictProba(wine.XTest);
    const pred = await forest.predict(wine.XTest);
    proba.forEach((row, i) => {
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(forest.classes[row.indexOf(Math.max(...row))]).toBe(pred[i]);
    });
  });

  it('stops between trees when its signal aborts', async () => {
    const forest = new ExtraTreesClassifier({ nEstimators: 50, randomState: 0 });
    await expect(forest.fit(wine.XTrain, wine.yTrain, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(forest.fit(wine.XTrain, wine.yTrain, { signal: AbortSignal.abort() })).rejects.toThrow(
      'ExtraTreesClassifier.fit was aborted after 0 of 50 trees.',
    );
  });

  it('rejects bad params, naming itself', () => {
    expect(() => new ExtraTreesClassifier({ nEstimators: 0 })).toThrow(
      'The "nEstimators" parameter of ExtraTreesClassifier must be an int in the range [1, inf). Got 0 instead.',
    );
    expect(() => new ExtraTreesClassifier({ criterion: 'squared_error' as never })).toThrow(
      'The "criterion" parameter of ExtraTreesClassifier must be one of "gini", "entropy", "log_loss". Got "squared_error" instead.',
    );
  });

  it('names itself when maxFeatures exceeds the features of X', async () => {
    await expect(new ExtraTreesClassifier({ maxFeatures: 20 }).fit(wine.XTrain, wine.yTrain)).rejects.toThrow(
      'The "maxFeatures" parameter of ExtraTreesClassifier must be at most the number of features of X (13). Got 20 instead.',
    );
  });
});

describe('ExtraTreeClassifier', () => {
  it('runs its TSDoc example', async () => {
    const tree = new ExtraTreeClassifier({ randomState: 0 });
    await tree.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(await tree.predict([[0.5, 0.5], [5.5, 5.5]])).toEqual([0, 1]);
    expect(tree.getParams().splitter).toBe('random');
  });

  it("has scikit-learn 1.2's defaults: the random splitter and sqrt features", () => {
    expect(new ExtraTreeClassifier().getParams()).toEqual({
      criterion: 'gini',
      splitter: 'random',
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      maxFeatures: 'sqrt',
      randomState: null,
    });
  });

  it('draws thresholds strictly inside the range of its node (not at the midpoints of the best splitter)', async () => {
    const X = Array.from({ length: 40 }, (_, i) => [i]);
    const y = X.map(([v]) => (v! < 20 ? 0 : 1));
    const tree = await new ExtraTreeClassifier({ maxDepth: 1, randomState: 3 }).fit(X, y);
    const threshold = tree.tree.threshold[0]!;
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(39);
    expect(Number.isInteger(threshold * 2)).toBe(false);
  });

  it('is a leaf when every feature is constant', async () => {
    const tree = await new ExtraTreeClassifier({ randomState: 0 }).fit([[1, 2], [1, 2], [1, 2]], [0, 1, 0]);
    expect(tree.getNLeaves()).toBe(1);
    expect(await tree.predictProba([[1, 2]])).toEqual([[2 / 3, 1 / 3]]);
  });

  it('rejects an unknown splitter', () => {
    expect(() => new ExtraTreeClassifier({ splitter: 'fast' as never })).toThrow(
      'The "splitter" parameter of ExtraTreeClassifier must be one of "best", "random". Got "fast" instead.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError } from '../../../lib/core/errors.js';
import { DecisionTreeClassifier } from '../../../lib/estimators/tree/decision-tree-classifier.js';
import type { RandomForestClassifierParams } from '../../../lib/estimators/tree/random-forest-classifier.js';
import { RandomForestClassifier } from '../../../lib/estimators/tree/random-forest-classifier.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import type { ForestCase } from './_shared.js';
import { describeForestParity, readTreeFixture } from './_shared.js';

const fixture = readTreeFixture<ForestCase<RandomForestClassifierParams>>('forests');

checkEstimator('RandomForestClassifier', () => new RandomForestClassifier({ nEstimators: 10, randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 11 },
});

// the mean test accuracy of 10 forests against scikit-learn's
describeForestParity<RandomForestClassifierParams>(
  'RandomForestClassifier accuracy against scikit-learn 1.2',
  'classifier',
  (params) => new RandomForestClassifier(params),
  0.025,
);

describe('RandomForestClassifier', () => {
  const wine = fixture.datasets.wine!;

  it('runs its TSDoc example', async () => {
    const forest = new RandomForestClassifier({ nEstimators: 20, randomState: 0 });
    await forest.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(await forest.predict([[0.5, 0.5], [5.5, 5.5]])).toEqual([0, 1]);
    const [proba] = await forest.predictProba([[5.5, 5.5]]);
    expect(proba![1]).toBeGreaterThan(0.5);
  });

  it('gives identical forests for the same randomState and different ones otherwise', async () => {
    const fit = (seed: number) => new RandomForestClassifier({ nEstimators: 15, randomState: seed }).fit(wine.XTrain, wine.yTrain);
    const [a, b, c] = await Promise.all([fit(4), fit(4), fit(5)]);
    expect(await a.predictProba(wine.XTest)).toEqual(await b.predictProba(wine.XTest));
    expect(Array.from(a.featureImportances)).toEqual(Array.from(b.featureImportances));
    expect(await a.predictProba(wine.XTest)).not.toEqual(await c.predictProba(wine.XTest));
  });

  it('averages tree probabilities (predictions are their argmax)', async () => {
    const forest = await new RandomForestClassifier({ nEstimators: 7, maxDepth: 2, randomState: 1 }).fit(wine.XTrain, wine.yTrain);
    const proba = await forest.predictProba(wine.XTest);
    const pred = await forest.predict(wine.XTest);
    proba.forEach((row, i) => {
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      // with 7 trees, each probability is a mean of 7 leaf fractions
      expect(forest.classes[row.indexOf(Math.max(...row))]).toBe(pred[i]);
    });
  });

  it('is the decision tree, repeated, without bootstrap and feature sampling', async () => {
    const forest = await new RandomForestClassifier({ nEstimators: 3, bootstrap: false, maxFeatures: null, maxDepth: 3, randomState: 0 }).fit(
      wine.XTrain,
      wine.yTrain,
    );
    const tree = await new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 }).fit(wine.XTrain, wine.yTrain);
    expect(await forest.predict(wine.XTest)).toEqual(await tree.predict(wine.XTest));
    Array.from(forest.featureImportances).forEach((v, i) => expect(v).toBeCloseTo(tree.featureImportances[i]!, 14));
  });

  it('has non-negative feature importances that sum to one', async () => {
    const forest = await new RandomForestClassifier({ nEstimators: 10, randomState: 2 }).fit(wine.XTrain, wine.yTrain);
    const imp = Array.from(forest.featureImportances);
    expect(imp.length).toBe(13);
    for (const v of imp) expect(v).toBeGreaterThanOrEqual(0);
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('knows every class even when a bootstrap sample misses one', async () => {
    const X = [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const forest = await new RandomForestClassifier({ nEstimators: 25, randomState: 0 }).fit(X, y);
    for (const row of await forest.predictProba(X)) expect(row.length).toBe(2);
  });

  it('stops between trees when its signal aborts', async () => {
    const controller = new AbortController();
    const forest = new RandomForestClassifier({ nEstimators: 50, randomState: 0 });
    const fitting = forest.fit(wine.XTrain, wine.yTrain, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(fitting).rejects.toBeInstanceOf(AbortError);
    await expect(forest.fit(wine.XTrain, wine.yTrain, { signal: AbortSignal.abort() })).rejects.toThrow(
      'RandomForestClassifier.fit was aborted after 0 of 50 trees.',
    );
    await expect(forest.predict(wine.XTest)).rejects.toThrow('This RandomForestClassifier instance is not fitted yet.');
  });

  it('defaults to sqrt feature sampling and 100 trees', () => {
    const params = new RandomForestClassifier().getParams();
    expect(params).toEqual({
      nEstimators: 100,
      criterion: 'gini',
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      maxFeatures: 'sqrt',
      bootstrap: true,
      randomState: null,
      warmStart: false,
    });
  });

  it('rejects bad params', () => {
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(InvalidParameterError);
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(
      'The "nEstimators" parameter of RandomForestClassifier must be an int in the range [1, inf). Got 0 instead.',
    );
    expect(() => new RandomForestClassifier({ maxFeatures: 1.5 })).toThrow(
      'The "maxFeatures" parameter of RandomForestClassifier must be null, one of "sqrt", "log2", an int in the range [1, inf) or a number in the range (0, 1). Got 1.5 instead.',
    );
    expect(() => new RandomForestClassifier({ bootstrap: 1 as unknown as boolean })).toThrow(
      'The "bootstrap" parameter of RandomForestClassifier must be a boolean. Got 1 instead.',
    );
  });
});

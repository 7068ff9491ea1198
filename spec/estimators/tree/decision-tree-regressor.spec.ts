import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { DecisionTreeRegressor } from '../../../lib/estimators/tree/decision-tree-regressor.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import type { TreeCase as SharedTreeCase } from './_shared.js';
import { expectSklearnTree, label, mean, readTreeFixture, scoresOverSeeds } from './_shared.js';

type TreeCase = SharedTreeCase<{ maxDepth?: number; minSamplesLeaf?: number; minSamplesSplit?: number }>;
const fixture = readTreeFixture<TreeCase>('trees');
const cases = fixture.cases.filter((c) => c.kind === 'regressor');

function make(c: TreeCase, randomState = 0): DecisionTreeRegressor {
  const { maxDepth = null, minSamplesLeaf = 1, minSamplesSplit = 2 } = c.params;
  return new DecisionTreeRegressor({ maxDepth, minSamplesLeaf, minSamplesSplit, randomState });
}

function relativeClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

checkEstimator('DecisionTreeRegressor', () => new DecisionTreeRegressor({ randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 5 },
});
checkEstimator('DecisionTreeRegressor (maxDepth 3, maxFeatures sqrt)', () => new DecisionTreeRegressor({ maxDepth: 3, maxFeatures: 'sqrt', randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 5 },
});

describe('DecisionTreeRegressor parity with scikit-learn 1.2 (diabetes)', () => {
  it('covers unambiguous and ambiguous settings', () => {
    expect(cases.filter((c) => c.unambiguous).length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => !c.samePredictions).length).toBeGreaterThan(0);
  });

  for (const c of cases.filter((x) => x.unambiguous)) {
    it(`grows scikit-learn's tree: ${label(c)}`, async () => {
      const d = fixture.datasets[c.data]!;
      const tree = await make(c).fit(d.XTrain, d.yTrain);
      expectSklearnTree(tree, c, (actual, expected) => relativeClose(actual, expected, 1e-12));
      const pred = await tree.predict(d.XTest);
      pred.forEach((v, i) => relativeClose(v, c.predictions![i]!, 1e-12));
    });
  }

  for (const c of cases.filter((x) => !x.unambiguous && x.samePredictions)) {
    it(`predicts like scikit-learn despite tied splits: ${label(c)}`, async () => {
      const d = fixture.datasets[c.data]!;
      const pred = await (await make(c).fit(d.XTrain, d.yTrain)).predict(d.XTest);
      pred.forEach((v, i) => relativeClose(v, c.predictions![i]!, 1e-12));
    });
  }

  for (const c of cases.filter((x) => !x.samePredictions)) {
    it(`scores like scikit-learn where tied splits make trees differ: ${label(c)}`, async () => {
      const d = fixture.datasets[c.data]!;
      const scores = await scoresOverSeeds(15, (seed) => make(c, seed), d);
      const spread = Math.max(...c.testScores) - Math.min(...c.testScores);
      expect(Math.abs(mean(scores) - mean(c.testScores))).toBeLessThan(Math.max(0.02, spread));
    });
  }
});

describe('DecisionTreeRegressor', () => {
  it('runs its TSDoc example', async () => {
    const tree = new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 });
    await tree.fit([[1], [2], [3], [4]], [1, 1, 5, 5]);
    expect(Array.from(await tree.predict([[3.5]]))).toEqual([5]);
  });

  it('predicts leaf means and records variances as impurities', async () => {
    const tree = await new DecisionTreeRegressor({ maxDepth: 1, randomState: 0 }).fit([[0], [1], [2], [3]], [1, 3, 10, 14]);
    const t = tree.tree;
    expect(Array.from(t.threshold)).toEqual([1.5, -2, -2]);
    expect(Array.from(t.value)).toEqual([7, 2, 12]);
    expect(Array.from(t.impurity)).toEqual([27.5, 1, 4]);
    expect(Array.from(await tree.predict([[-5], [1.5], [1.6]]))).toEqual([2, 2, 12]);
  });

  it('fits the training targets exactly when fully grown on distinct rows', async () => {
    const X = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
    const y = X.map(([a, b]) => a! * 3 - b!);
    const tree = await new DecisionTreeRegressor({ randomState: 0 }).fit(X, y);
    expect(Array.from(await tree.predict(X))).toEqual(y);
  });

  it('skips constant features and stops when no feature varies', async () => {
    const tree = await new DecisionTreeRegressor({ randomState: 0 }).fit([[1, 5], [1, 5], [1, 5]], [1, 2, 3]);
    expect(tree.getNLeaves()).toBe(1);
    expect(Array.from(await tree.predict([[0, 0]]))).toEqual([2]);
    const other = await new DecisionTreeRegressor({ randomState: 0 }).fit([[1, 5], [1, 6], [1, 7]], [1, 2, 3]);
    expect(Array.from(other.tree.feature).filter((f) => f >= 0)).toEqual([1, 1]);
  });

  it('rejects string targets', async () => {
    await expect(new DecisionTreeRegressor().fit([[1], [2]], ['a', 'b'])).rejects.toBeInstanceOf(ValidationError);
  });

  it('rejects values that overflow float32', async () => {
    await expect(new DecisionTreeRegressor().fit([[1e39], [2]], [1, 2])).rejects.toThrow(
      'The "X" argument of DecisionTreeRegressor.fit must be a matrix of values that fit in float32 (|x| <= 3.4028234663852886e+38). Got 1e+39 at row 0, column 0 instead.',
    );
  });

  it('rejects bad params', () => {
    expect(() => new DecisionTreeRegressor({ criterion: 'gini' as 'squared_error' })).toThrow(
      'The "criterion" parameter of DecisionTreeRegressor must be "squared_error". Got "gini" instead.',
    );
    expect(() => new DecisionTreeRegressor({ maxDepth: 0 })).toThrow(InvalidParameterError);
    expect(() => new DecisionTreeRegressor({ minSamplesSplit: 1 })).toThrow(
      'The "minSamplesSplit" parameter of DecisionTreeRegressor must be an int in the range [2, inf) or a number in the range (0, 1). Got 1 instead.',
    );
  });
});

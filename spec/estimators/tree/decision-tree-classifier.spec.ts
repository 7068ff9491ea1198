import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError } from '../../../lib/core/errors.js';
import { DecisionTreeClassifier } from '../../../lib/estimators/tree/decision-tree-classifier.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import type { TreeCase as SharedTreeCase } from './_shared.js';
import { expectSklearnTree, label, mean, readTreeFixture, scoresOverSeeds } from './_shared.js';

type TreeCase = SharedTreeCase<{ criterion: 'gini' | 'entropy'; maxDepth?: number; minSamplesLeaf?: number; minSamplesSplit?: number }>;
const fixture = readTreeFixture<TreeCase>('trees');
const cases = fixture.cases.filter((c) => c.kind === 'classifier');

function make(c: TreeCase, randomState = 0): DecisionTreeClassifier {
  const { criterion, maxDepth = null, minSamplesLeaf = 1, minSamplesSplit = 2 } = c.params;
  return new DecisionTreeClassifier({ criterion, maxDepth, minSamplesLeaf, minSamplesSplit, randomState });
}

checkEstimator('DecisionTreeClassifier', () => new DecisionTreeClassifier({ randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 3 },
});
checkEstimator('DecisionTreeClassifier (entropy, maxFeatures 2)', () => new DecisionTreeClassifier({ criterion: 'entropy', maxFeatures: 2, randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 3 },
});

describe('DecisionTreeClassifier parity with scikit-learn 1.2', () => {
  it('covers unambiguous, same-prediction and ambiguous settings', () => {
    expect(cases.filter((c) => c.unambiguous).length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => !c.samePredictions).length).toBeGreaterThan(0);
  });

  for (const c of cases.filter((x) => x.unambiguous)) {
    it(`grows scikit-learn's tree: ${label(c)}`, async () => {
      const d = fixture.datasets[c.data]!;
      const tree = await make(c).fit(d.XTrain, d.yTrain);
      expectSklearnTree(tree, c, (actual, expected) => expect(actual).toBeCloseTo(expected, 14));
      expect(await tree.predict(d.XTest)).toEqual(c.predictions);
      const proba = await tree.predictProba(d.XTest);
      proba.forEach((row, i) => row.forEach((p, k) => expect(p).toBeCloseTo(c.proba![i]![k]!, 14)));
    });
  }

  for (const c of cases.filter((x) => !x.unambiguous && x.samePredictions)) {
    it(`predicts like scikit-learn despite tied splits: ${label(c)}`, async () => {
      const d = fixture.datasets[c.data]!;
      for (const seed of [0, 1, 2]) {
        const tree = await make(c, seed).fit(d.XTrain, d.yTrain);
        expect(await tree.predict(d.XTest)).toEqual(c.predictions);
      }
    });
  }

  for (const c of cases.filter((x) => !x.samePredictions)) {
    it(`scores like scikit-learn where tied splits make trees differ: ${label(c)}`, async () => {
      const d = fixture.datasets[c.data]!;
      const scores = await scoresOverSeeds(15, (seed) => make(c, seed), d);
      // every tree is one of the equally good trees: its score is within scikit-learn's range
      for (const s of scores) {
        expect(s).toBeGreaterThanOrEqual(Math.min(...c.testScores) - 0.02);
        expect(s).toBeLessThanOrEqual(Math.max(...c.testScores) + 0.02);
      }
      expect(Math.abs(mean(scores) - mean(c.testScores))).toBeLessThan(0.03);
    });
  }
});

describe('DecisionTreeClassifier', () => {
  const X = [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]];
  const y = ['a', 'a', 'a', 'b', 'b', 'b'];

  it('runs its TSDoc example', async () => {
    const tree = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 });
    await tree.fit([[0, 0], [1, 1], [0, 1], [1, 0]], ['a', 'b', 'a', 'b']);
    expect(await tree.predict([[0.9, 0.2]])).toEqual(['b']);
    expect(Array.from(tree.featureImportances)).toEqual([1, 0]);
  });

  it('splits halfway between consecutive distinct values and sends x <= threshold left', async () => {
    const tree = await new DecisionTreeClassifier({ randomState: 0 }).fit([[1], [2], [3], [10]], [0, 0, 1, 1]);
    expect(Array.from(tree.tree.threshold)).toEqual([2.5, -2, -2]);
    expect(await tree.predict([[2.5], [2.5001]])).toEqual([0, 1]);
  });

  it('compares in float32 like scikit-learn', async () => {
    // 0.1 and 0.1 + 1e-9 are one float32 value: no split can separate them
    const tree = await new DecisionTreeClassifier({ randomState: 0 }).fit([[0.1], [0.1 + 1e-9]], [0, 1]);
    expect(tree.getNLeaves()).toBe(1);
    expect(await tree.predictProba([[0.1]])).toEqual([[0.5, 0.5]]);
  });

  it('honours minSamplesLeaf and maxDepth', async () => {
    const Xl = Array.from({ length: 20 }, (_, i) => [i]);
    const yl = Xl.map(([v]) => (v! % 2 === 0 ? 0 : 1));
    const leafy = await new DecisionTreeClassifier({ minSamplesLeaf: 4, randomState: 0 }).fit(Xl, yl);
    const t = leafy.tree;
    for (let node = 0; node < t.nodeCount; node++) expect(t.nNodeSamples[node]).toBeGreaterThanOrEqual(4);
    const shallow = await new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }).fit(Xl, yl);
    expect(shallow.getDepth()).toBe(2);
    const full = await new DecisionTreeClassifier({ randomState: 0 }).fit(Xl, yl);
    expect(await full.predict(Xl)).toEqual(yl);
  });

  it('accepts fractions for minSamplesSplit and minSamplesLeaf', async () => {
    const Xl = Array.from({ length: 20 }, (_, i) => [i]);
    const yl = Xl.map(([v]) => (v! < 7 ? 0 : 1));
    const tree = await new DecisionTreeClassifier({ minSamplesLeaf: 0.4, randomState: 0 }).fit(Xl, yl);
    // ceil(0.4 * 20) = 8 samples per leaf: the best split 6.5 is not allowed, 7.5 is
    expect(Array.from(tree.tree.threshold)).toEqual([7.5, -2, -2]);
    const stump = await new DecisionTreeClassifier({ minSamplesSplit: 0.99, randomState: 0 }).fit(Xl.slice(0, 19), yl.slice(0, 19));
    expect(stump.getNLeaves()).toBe(2);
  });

  it('is a single leaf for pure targets (all-zero importances)', async () => {
    const tree = await new DecisionTreeClassifier({ randomState: 0 }).fit(X, [1, 1, 1, 1, 1, 1]);
    expect(tree.getNLeaves()).toBe(1);
    expect(Array.from(tree.featureImportances)).toEqual([0, 0]);
    expect(await tree.predictProba([[5, 5]])).toEqual([[1]]);
  });

  it('gives the same tree for the same randomState', async () => {
    const a = await new DecisionTreeClassifier({ maxFeatures: 1, randomState: 7 }).fit(X, y);
    const b = await new DecisionTreeClassifier({ maxFeatures: 1, randomState: 7 }).fit(X, y);
    expect(a.tree).toEqual(b.tree);
  });

  it("lists scikit-learn's params in its order, the best splitter by default", () => {
    expect(Object.entries(new DecisionTreeClassifier().getParams())).toEqual([
      ['criterion', 'gini'],
      ['splitter', 'best'],
      ['maxDepth', null],
      ['minSamplesSplit', 2],
      ['minSamplesLeaf', 1],
      ['maxFeatures', null],
      ['randomState', null],
    ]);
  });

  it("with splitter 'random' grows the ExtraTreeClassifier of the same params", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [Math.sin(i), (i * 7) % 13, i % 3]);
    const labels = rows.map((r) => (r[0]! > 0 ? 1 : 0) + (r[1]! > 6 ? 1 : 0));
    const { ExtraTreeClassifier } = await import('../../../lib/estimators/tree/extra-tree-classifier.js');
    const random = await new DecisionTreeClassifier({ splitter: 'random', randomState: 4 }).fit(rows, labels);
    const extra = await new ExtraTreeClassifier({ maxFeatures: null, randomState: 4 }).fit(rows, labels);
    expect(random.tree).toEqual(extra.tree);
    const best = await new DecisionTreeClassifier({ randomState: 4 }).fit(rows, labels);
    expect(random.tree).not.toEqual(best.tree);
  });

  it('treats "log_loss" as "entropy"', async () => {
    const a = await new DecisionTreeClassifier({ criterion: 'log_loss', randomState: 1 }).fit(X, y);
    const b = await new DecisionTreeClassifier({ criterion: 'entropy', randomState: 1 }).fit(X, y);
    expect(a.tree).toEqual(b.tree);
  });

  it('returns copies of its fitted arrays', async () => {
    const tree = await new DecisionTreeClassifier({ randomState: 0 }).fit(X, y);
    tree.tree.threshold[0] = 99;
    tree.featureImportances[0] = 99;
    expect(tree.tree.threshold[0]).not.toBe(99);
    expect(tree.featureImportances[0]).not.toBe(99);
  });

  it('raises NotFittedError from its fitted attributes before fit', () => {
    const tree = new DecisionTreeClassifier();
    expect(() => tree.featureImportances).toThrow(NotFittedError);
    expect(() => tree.getDepth()).toThrow(
      'This DecisionTreeClassifier instance is not fitted yet. Call "fit" with appropriate arguments before using "getDepth".',
    );
  });

  describe('rejects bad params', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ maxDepth: 0 }, 'The "maxDepth" parameter of DecisionTreeClassifier must be null or an int in the range [1, inf). Got 0 instead.'],
      [
        { minSamplesSplit: 1 },
        'The "minSamplesSplit" parameter of DecisionTreeClassifier must be an int in the range [2, inf) or a number in the range (0, 1). Got 1 instead.',
      ],
      [
        { minSamplesLeaf: 0 },
        'The "minSamplesLeaf" parameter of DecisionTreeClassifier must be an int in the range [1, inf) or a number in the range (0, 1). Got 0 instead.',
      ],
      [
        { maxFeatures: 1.5 },
        'The "maxFeatures" parameter of DecisionTreeClassifier must be null, one of "sqrt", "log2", an int in the range [1, inf) or a number in the range (0, 1). Got 1.5 instead.',
      ],
      [
        { maxFeatures: 0 },
        'The "maxFeatures" parameter of DecisionTreeClassifier must be null, one of "sqrt", "log2", an int in the range [1, inf) or a number in the range (0, 1). Got 0 instead.',
      ],
      [{ criterion: 'mse' }, 'The "criterion" parameter of DecisionTreeClassifier must be one of "gini", "entropy", "log_loss". Got "mse" instead.'],
      [{ splitter: 'fast' }, 'The "splitter" parameter of DecisionTreeClassifier must be one of "best", "random". Got "fast" instead.'],
      [{ randomState: -1 }, 'The "randomState" parameter of DecisionTreeClassifier must be null, an int in the range [0, 4294967295] or a RandomState. Got -1 instead.'],
    ];
    for (const [params, message] of cases) {
      it(JSON.stringify(params), () => {
        expect(() => new DecisionTreeClassifier(params)).toThrow(InvalidParameterError);
        expect(() => new DecisionTreeClassifier(params)).toThrow(message);
      });
    }

    it('maxFeatures above the number of features, at fit', async () => {
      await expect(new DecisionTreeClassifier({ maxFeatures: 3 }).fit(X, y)).rejects.toThrow(
        'The "maxFeatures" parameter of DecisionTreeClassifier must be at most the number of features of X (2). Got 3 instead.',
      );
    });
  });
});

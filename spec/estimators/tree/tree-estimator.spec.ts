import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { prepareTreeData, TreeGrower } from '../../../lib/estimators/tree/cart-builder.js';
import { growForest } from '../../../lib/estimators/tree/forest.js';
import { RandR } from '../../../lib/estimators/tree/rand-r.js';
import { fitForest, fitTree, meanTreeProba, meanTreeValues } from '../../../lib/estimators/tree/tree-estimator.js';
import { resolveTreeSettings } from '../../../lib/estimators/tree/tree-params.js';

const rows = Array.from({ length: 30 }, (_, i) => [Math.cos(i), (i * 7) % 11, i % 2]);
const X = DenseMatrix.fromRows(rows);
const codes = Int32Array.from(rows, (r) => (r[0]! > 0.3 ? 2 : r[1]! > 5 ? 1 : 0));
const classification = { kind: 'classification' as const, codes, nClasses: 3 };
const regression = { kind: 'regression' as const, y: Float64Array.from(rows, (r) => 2 * r[0]! - r[1]!) };
const params = { criterion: 'gini' as const, splitter: 'best' as const, maxDepth: 3, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 2, randomState: 4 };

describe('fitTree', () => {
  it('grows the tree of the resolved settings, seeded by randomState', () => {
    const fitted = fitTree('T', params, X, classification);
    const grower = new TreeGrower(prepareTreeData(X, 'T.fit'), classification);
    const expected = grower.grow({ ...resolveTreeSettings('T', params, 30, 3), rng: RandR.fromRandomState(new RandomState(4)) });
    expect(fitted).toEqual({ tree: expected, nFeatures: 3 });
  });

  it('names the estimator in its messages', () => {
    expect(() => fitTree('T', { ...params, maxFeatures: 4 }, X, classification)).toThrow(
      'The "maxFeatures" parameter of T must be at most the number of features of X (3). Got 4 instead.',
    );
    expect(() => fitTree('T', params, DenseMatrix.fromRows([[1e39, 0, 0], [1, 0, 0]]), classification)).toThrow('The "X" argument of T.fit must be');
  });
});

describe('fitForest', () => {
  it('grows the forest of growForest on the resolved settings', async () => {
    const forestParams = { ...params, criterion: 'squared_error' as const, nEstimators: 4, bootstrap: true };
    const fitted = await fitForest('T', forestParams, X, regression, undefined);
    const expected = await growForest(prepareTreeData(X, 'T.fit'), regression, {
      owner: 'T',
      nEstimators: 4,
      bootstrap: true,
      randomState: 4,
      tree: resolveTreeSettings('T', forestParams, 30, 3),
    });
    expect(fitted).toEqual({ trees: expected, nFeatures: 3 });
  });

  it('stops when its signal aborts', async () => {
    const forestParams = { ...params, nEstimators: 4, bootstrap: true };
    await expect(fitForest('T', forestParams, X, classification, AbortSignal.abort())).rejects.toThrow('T.fit was aborted after 0 of 4 trees.');
  });
});

describe('meanTreeProba and meanTreeValues', () => {
  it("are a single tree's leaf fractions and leaf means", () => {
    const { tree } = fitTree('T', params, X, classification);
    const proba = meanTreeProba('T', [tree], X, 3);
    expect(proba.length).toBe(30);
    for (const row of proba) expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    const reg = fitTree('T', { ...params, criterion: 'squared_error' }, X, regression).tree;
    expect(Array.from(meanTreeValues('T', [reg, reg], X))).toEqual(Array.from(meanTreeValues('T', [reg], X)));
  });

  it('average the trees', () => {
    const a = fitTree('T', { ...params, randomState: 1 }, X, classification).tree;
    const b = fitTree('T', { ...params, randomState: 2 }, X, classification).tree;
    const [pa, pb, pab] = [meanTreeProba('T', [a], X, 3), meanTreeProba('T', [b], X, 3), meanTreeProba('T', [a, b], X, 3)];
    pab.forEach((row, i) => row.forEach((p, c) => expect(p).toBeCloseTo((pa[i]![c]! + pb[i]![c]!) / 2, 14)));
  });

  it('name the predict method in their messages', () => {
    const { tree } = fitTree('T', params, X, classification);
    const big = DenseMatrix.fromRows([[1e39, 0, 0]]);
    expect(() => meanTreeProba('T', [tree], big, 3)).toThrow('The "X" argument of T.predictProba must be');
    expect(() => meanTreeValues('T', [tree], big)).toThrow('The "X" argument of T.predict must be');
  });
});

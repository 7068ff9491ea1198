import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { neighborsPrefix } from '../../../lib/estimators/neighbors/knn-shared.js';
import { buildIndex, findNeighbors } from '../../../lib/estimators/neighbors/neighbor-search.js';
import { KNeighborsClassifier } from '../../../lib/estimators/neighbors/k-neighbors-classifier.js';
import { loadDigits } from '../../../lib/datasets/index.js';

/** Small integers: many equal distances, ordered by training index. */
function tiedRows(n: number, d: number, seed: number): DenseMatrix {
  const rng = new Rng(seed);
  return new DenseMatrix(Float64Array.from({ length: n * d }, () => rng.integer(0, 4)), n, d);
}

describe('neighbour lists for the largest k', () => {
  for (const p of [1, 2, Infinity, 3]) {
    for (const method of ['brute', 'kd_tree'] as const) {
      it(`hold the k nearest of every smaller k as their first k (p = ${p}, ${method}, many ties)`, () => {
        const X = tiedRows(120, 4, 1);
        const Q = tiedRows(40, 4, 2);
        const index = buildIndex(X, p, method, 5);
        const all = findNeighbors(index, Q, 30);
        for (const k of [1, 2, 7, 29, 30]) expect(neighborsPrefix(all, k)).toEqual(findNeighbors(index, Q, k));
      });
    }
  }

  it('predict a search\'s test rows as the candidate\'s own search would, on digits', async () => {
    const digits = await loadDigits();
    const X = DenseMatrix.fromRows(digits.data.slice(0, 500) as number[][]);
    const XTrain = X.takeRows(Int32Array.from({ length: 400 }, (_, i) => i));
    const XTest = X.takeRows(Int32Array.from({ length: 100 }, (_, i) => 400 + i));
    const yTrain = digits.target.slice(0, 400);
    const rows = { XTrain, yTrain, XTest, yTest: digits.target.slice(400, 500), groupsTrain: undefined };
    const group = [1, 4, 15].map((k) => new KNeighborsClassifier({ nNeighbors: k, weights: 'distance' }));
    const works = group.map((e) => e.sharedWork());
    const built = await works[0]!.build(rows, works, { budgetBytes: 2 ** 30, signal: undefined, share: () => Promise.reject(new Error('unused')) });
    expect(built.value.neighbors.k).toBe(15);
    for (const [i, estimator] of group.entries()) {
      await works[i]!.fit(built.value, rows, undefined, {});
      const plain = await new KNeighborsClassifier({ nNeighbors: estimator.getParams().nNeighbors, weights: 'distance' }).fit(XTrain, yTrain);
      expect(await estimator.predictProba(XTest)).toEqual(await plain.predictProba(XTest));
      // rows other than the test rows go through the search
      expect(await estimator.predict(XTrain)).toEqual(await plain.predict(XTrain));
    }
  });
});

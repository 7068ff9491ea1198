import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import type { OneVsOneModel } from '../../../lib/estimators/svm/one-vs-one.js';
import { oneVsOneDecisions, oneVsOneVotes, trainOneVsOne } from '../../../lib/estimators/svm/one-vs-one.js';

const X = DenseMatrix.fromRows([[5, 5], [0, 0], [9, 0], [5.5, 5], [0.5, 0], [9, 0.5], [4.5, 5]]);
const codes = Int32Array.from([2, 0, 1, 2, 0, 1, 2]);
const options = {
  kernel: { kernel: 'linear', gamma: 1, degree: 3, coef0: 0 } as const,
  classC: Float64Array.from([1, 1, 1]),
  tol: 1e-3,
  shrinking: true,
  cacheSize: 100,
  probabilitySeed: undefined,
  owner: 'test',
};

describe('trainOneVsOne', () => {
  it('trains the pairs in libsvm\'s order and pools support vectors by class, then row', () => {
    const model = trainOneVsOne(X, codes, 3, options);
    expect(model.pairs.map(({ i, j }) => [i, j])).toEqual([[0, 1], [0, 2], [1, 2]]);
    const classOf = Array.from(model.support, (r) => codes[r]);
    expect(classOf).toEqual([...classOf].sort());
    expect(Array.from(model.nSupport)).toEqual([0, 1, 2].map((c) => classOf.filter((k) => k === c).length));
    for (const { i, j, sv } of model.pairs) {
      const classes = Array.from(sv, (position) => codes[model.support[position]!]);
      // class i's support vectors first, then class j's
      expect(classes).toEqual([...classes].sort((a, b) => (a === i ? 0 : 1) - (b === i ? 0 : 1)));
      expect(classes.every((c) => c === i || c === j)).toBe(true);
    }
  });

  it('orients every machine so that a positive decision means its first class', () => {
    const model = trainOneVsOne(X, codes, 3, options);
    const decisions = oneVsOneDecisions(model, DenseMatrix.fromRows([[0, 0], [9, 0], [5, 5]]));
    // rows: a point of class 0, of class 1, of class 2; columns: pairs (0,1), (0,2), (1,2)
    const at = (row: number, pair: number): number => Math.sign(decisions[row * 3 + pair]!);
    expect([at(0, 0), at(0, 1)]).toEqual([1, 1]);
    expect([at(1, 0), at(1, 2)]).toEqual([-1, 1]);
    expect([at(2, 1), at(2, 2)]).toEqual([-1, -1]);
    expect(Array.from(oneVsOneVotes(model, decisions, 3))).toEqual([0, 1, 2]);
  });
});

describe('oneVsOneVotes', () => {
  it('gives a tied vote to the first class, as libsvm does', () => {
    const model = { nClasses: 3, pairs: [{ i: 0, j: 1 }, { i: 0, j: 2 }, { i: 1, j: 2 }] } as unknown as OneVsOneModel;
    // 1 beats 0, 0 beats 2, 2 beats 1: one win each
    expect(Array.from(oneVsOneVotes(model, Float64Array.from([-1, 1, -1]), 1))).toEqual([0]);
    // a zero decision votes for the second class
    expect(Array.from(oneVsOneVotes(model, Float64Array.from([0, 0, 1]), 1))).toEqual([1]);
  });
});

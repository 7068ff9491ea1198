import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { approximateMode, classMembers, permutationSplit, resampleRows, stratifiedSplit } from '../../lib/core/random-splits.js';

describe('classMembers', () => {
  it("numbers the classes present in increasing code order, as np.unique does, skipping codes no row has", () => {
    const { members, counts } = classMembers([3, 0, 3, 5, 0, 3]);
    expect(counts).toEqual([2, 3, 1]);
    expect(members.map((m) => Array.from(m))).toEqual([[1, 4], [0, 2, 5], [3]]);
  });
});

describe('permutationSplit', () => {
  it('takes the test rows first from one permutation, then the training rows', () => {
    const order = Array.from(new RandomState(3).permutation(10));
    const [train, test] = permutationSplit(10, 6, 3, new RandomState(3));
    expect(Array.from(test)).toEqual(order.slice(0, 3));
    expect(Array.from(train)).toEqual(order.slice(3, 9));
  });
});

describe('stratifiedSplit', () => {
  it('gives each class its approximate-mode share of both sets, every row at most once', () => {
    const codes = Int32Array.from({ length: 40 }, (_, i) => (i < 24 ? 0 : i < 36 ? 1 : 2));
    const [train, test] = stratifiedSplit(classMembers(codes), 30, 10, new RandomState(0));
    const count = (rows: Int32Array, c: number) => Array.from(rows).filter((r) => codes[r] === c).length;
    expect([0, 1, 2].map((c) => count(test, c))).toEqual([6, 3, 1]);
    expect([0, 1, 2].map((c) => count(train, c))).toEqual([18, 9, 3]);
    expect(new Set([...train, ...test]).size).toBe(40);
  });
});

describe('resampleRows', () => {
  it('without classes, is the first rows of a permutation (resample shuffles arange(n))', () => {
    expect(Array.from(resampleRows(12, 5, new RandomState(9)))).toEqual(Array.from(new RandomState(9).permutation(12).subarray(0, 5)));
  });

  it('with classes, draws approximateMode counts per class, then permutes them all', () => {
    const codes = Int32Array.from({ length: 30 }, (_, i) => i % 3);
    const rows = resampleRows(30, 10, new RandomState(2), classMembers(codes));
    expect(new Set(rows).size).toBe(10);
    const perClass = [0, 1, 2].map((c) => Array.from(rows).filter((r) => codes[r] === c).length);
    expect(perClass.sort()).toEqual(approximateMode([10, 10, 10], 10, new RandomState(2)).sort());
  });
});

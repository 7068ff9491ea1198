import { describe, expect, it } from 'vitest';
import { argsortQuick, pairwiseSum, stdContiguous, stdOverRows } from '../../../lib/model-selection/split/numpy-compat.js';
import { deterministic } from './fixtures.js';

describe('argsortQuick', () => {
  it.each(deterministic.argsort.map((c, i) => [i, c.values.length, c] as const))(
    "equals numpy's default argsort, ties included (case %i, n=%i)",
    (_, __, c) => {
      expect(Array.from(argsortQuick(c.values))).toEqual(c.order);
    },
  );

  it('sorts', () => {
    const v = [5, 3, 9, 1, 3, 7, 0, 2, 8, 6, 4, 1, 9, 5, 2, 3, 7, 8, 0, 4];
    const order = argsortQuick(v);
    for (let i = 1; i < order.length; i++) expect(v[order[i]!]!).toBeGreaterThanOrEqual(v[order[i - 1]!]!);
  });
});

describe('pairwiseSum', () => {
  it('adds sequentially below 8 items and with 8 accumulators above', () => {
    // rounding shows the order: 1e16 + 1 + ... loses the ones sequentially
    const a = [1e16, 1, 1, 1, 1, 1, 1, 1, 1, -1e16];
    expect(pairwiseSum(a)).toBe(8);
    expect(pairwiseSum(a.slice(0, 7))).toBe(1e16);
  });

  it('computes population standard deviations', () => {
    expect(stdContiguous([1, 2, 3, 4], 0, 4)).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(Array.from(stdOverRows(Float64Array.from([1, 10, 3, 30]), 2, 2))).toEqual([1, 10]);
  });
});

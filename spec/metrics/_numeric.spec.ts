import { describe, expect, it } from 'vitest';
import { argsortDescending, average, cumulativeSum, median, pairwiseSum, weightedPercentile } from '../../lib/metrics/_numeric.js';

describe('pairwiseSum', () => {
  it("follows numpy's summation order (values from np.sum, numpy 1.24)", () => {
    const a = Array.from({ length: 3 }, () => [1e16, 1.0, -1e16, 1.0, 3.3, 2.2, 1.1, 5.5, 7.7, 0.1, 0.2]).flat();
    expect(pairwiseSum(a)).toBe(67.4);
    const b = Array.from({ length: 300 }, (_, i) => (i % 7) * 0.1 + 1e8 * (-1) ** i);
    expect(pairwiseSum(b)).toBe(89.70000103116035);
    expect(b.reduce((s, v) => s + v, 0)).toBe(89.69999974966049);
  });
  it('sums short arrays left to right', () => {
    expect(pairwiseSum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
    expect(pairwiseSum([])).toBe(0);
  });
});

describe('numeric helpers', () => {
  it('averages with and without weights', () => {
    expect(average([1, 2, 3, 4])).toBe(2.5);
    expect(average([1, 2, 3], [0, 1, 3])).toBe(2.75);
  });
  it('computes cumulative sums and medians', () => {
    expect(Array.from(cumulativeSum([1, 2, 3]))).toEqual([1, 3, 6]);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
  it("gives scikit-learn's lower weighted percentile (values from _weighted_percentile)", () => {
    expect(weightedPercentile([5, 1, 3, 2, 4], [0, 1, 1, 0, 2])).toBe(3);
    expect(weightedPercentile([5, 1, 3], [0, 0, 0])).toBe(5);
  });
  it('sorts descending with ties broken by the later index', () => {
    expect(Array.from(argsortDescending([0.5, 0.2, 0.5, 0.9]))).toEqual([3, 2, 0, 1]);
  });
});

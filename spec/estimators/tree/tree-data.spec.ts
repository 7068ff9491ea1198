import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { FeatureSorter, prepareTreeData, radixSortKeys, sameFeatureValue } from '../../../lib/estimators/tree/tree-data.js';

describe('prepareTreeData', () => {
  it('stores float32 columns, dense ranks and the sorted distinct values', () => {
    const X = DenseMatrix.fromRows([
      [3, 0.1],
      [1, 0.1],
      [3, -2],
      [2, 5],
    ]);
    const data = prepareTreeData(X, 'T');
    expect(Array.from(data.columns)).toEqual([3, 1, 3, 2, Math.fround(0.1), Math.fround(0.1), -2, 5]);
    expect(Array.from(data.ranks)).toEqual([2, 0, 2, 1, 1, 1, 0, 2]);
    expect(data.distinct.map((d) => Array.from(d))).toEqual([[1, 2, 3], [-2, Math.fround(0.1), 5]]);
    expect(data.maxDistinct).toBe(3);
  });
});

describe('FeatureSorter', () => {
  // 40 rows: column 0 has 3 distinct values (counting sort), column 1 has 40 (key sort)
  const rows = Array.from({ length: 40 }, (_, i) => [i % 3, Math.sin(i) * 100]);
  const data = prepareTreeData(DenseMatrix.fromRows(rows), 'T');

  for (const f of [0, 1]) {
    it(`sorts a node's samples by feature ${f}`, () => {
      const sorter = new FeatureSorter(data);
      const samples = Int32Array.from({ length: 40 }, (_, i) => 39 - i);
      const xf = new Float64Array(40);
      // sort only the node samples[5, 30)
      const before = Array.from(samples.subarray(5, 30)).sort((a, b) => a - b);
      expect(sorter.gather(f, samples, 5, 30)).toBe(true);
      sorter.sort(f, samples, 5, 30, xf);
      const after = Array.from(samples.subarray(5, 30));
      expect([...after].sort((a, b) => a - b)).toEqual(before);
      for (let p = 5; p < 30; p++) expect(xf[p]).toBe(Math.fround(rows[samples[p]!]![f]!));
      for (let p = 6; p < 30; p++) expect(xf[p]!).toBeGreaterThanOrEqual(xf[p - 1]!);
      expect(Array.from(samples.subarray(0, 5))).toEqual([39, 38, 37, 36, 35]);
    });
  }

  it('reports a feature constant within 1e-7 on a node', () => {
    const close = prepareTreeData(DenseMatrix.fromRows([[1], [1 + 5e-8], [1]]), 'T');
    const sorter = new FeatureSorter(close);
    expect(sorter.gather(0, Int32Array.from([0, 1, 2]), 0, 3)).toBe(false);
    const apart = prepareTreeData(DenseMatrix.fromRows([[1], [1.001], [1]]), 'T');
    expect(new FeatureSorter(apart).gather(0, Int32Array.from([0, 1, 2]), 0, 3)).toBe(true);
  });
});

describe('sameFeatureValue', () => {
  it("adds FEATURE_THRESHOLD in float32, as scikit-learn's Cython does", () => {
    const one = 1;
    const nextAfterOne = 1 + 2 ** -23; // the next float32
    expect(sameFeatureValue(one, nextAfterOne)).toBe(true); // float64 would say 1 + 1e-7 < 1 + 2^-23
    expect(sameFeatureValue(2, 2 + 2 ** -22)).toBe(false);
    expect(sameFeatureValue(0.75, 0.75 + 2 * 2 ** -24)).toBe(true); // two steps of 2^-24 below 1
    expect(sameFeatureValue(0.75, 0.75 + 3 * 2 ** -24)).toBe(false);
    expect(sameFeatureValue(5, 5)).toBe(true);
  });
});

describe('radixSortKeys (the node sort of distinct 32-bit keys)', () => {
  it('sorts as the native sort does, for every number of passes', () => {
    const rng = new Rng(4);
    for (const [m, limit] of [[64, 200], [300, 70_000], [1000, 2 ** 24 + 5], [2500, 0xffffffff]] as const) {
      const seen = new Set<number>();
      while (seen.size < m) seen.add(Math.floor(rng.random() * limit));
      const keys = Uint32Array.from(seen);
      const expected = keys.slice().sort();
      radixSortKeys(keys, new Uint32Array(m), new Int32Array(256), limit);
      expect(Array.from(keys)).toEqual(Array.from(expected));
    }
  });
});

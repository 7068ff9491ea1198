import { describe, expect, it } from 'vitest';
import { validateMatrix } from '../../../../lib/core/data.js';
import { Rng } from '../../../../lib/core/rng.js';
import { ALMOST_INF, binData, binMatrix, findBinningThresholds, fitBinMapper } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/binning.js';
import { binValues, sortFinite } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/kernels.js';
import { matrix, readFixture } from './_fixtures.js';

interface BinningCase {
  name: string;
  maxBins: number;
  categorical: number[];
  X: (number | null)[][];
  thresholds: (number | null)[][];
  nBinsNonMissing: number[];
  binned: number[][];
}

const fixture = readFixture<{ cases: BinningCase[] }>('binning');

/** The plain-JS reference of the binning kernel: scikit-learn's binary search. */
function referenceBin(x: number, thresholds: Float64Array, missing: number, categorical: boolean): number {
  if (Number.isNaN(x) || (categorical && x < 0)) return missing;
  let left = 0;
  let right = thresholds.length;
  while (left < right) {
    const middle = (left + right - 1) >> 1;
    if (x <= (thresholds[middle] as number)) right = middle;
    else left = middle + 1;
  }
  return left;
}

describe('bin thresholds and bins against scikit-learn 1.2', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const X = validateMatrix(matrix(c.X), { owner: 'spec', allowNaN: true });
      const categories = c.categorical.length === 0 ? null : c.thresholds.map((t, f) => (c.categorical.includes(f) ? Float64Array.from(t as number[]) : null));
      const isCategorical = Array.from({ length: X.columns }, (_, f) => c.categorical.includes(f));
      const mapper = fitBinMapper(X, { maxBins: c.maxBins, isCategorical, knownCategories: categories, subsample: null });
      expect(Array.from(mapper.nBinsNonMissing)).toEqual(c.nBinsNonMissing);
      mapper.thresholds.forEach((t, f) => expect(Array.from(t)).toEqual(c.thresholds[f]));
      const binned = binMatrix(mapper, X);
      for (let f = 0; f < X.columns; f++) expect(Array.from(binned.data.subarray(f * X.rows, (f + 1) * X.rows))).toEqual(c.binned[f]);
    });
  }
});

describe('findBinningThresholds', () => {
  it('runs its TSDoc example', () => {
    expect(Array.from(findBinningThresholds([3, 1, 2, 2, NaN], 255))).toEqual([1.5, 2.5]);
  });

  it('gives no threshold to a constant or empty column', () => {
    expect(findBinningThresholds([4, 4, 4], 255).length).toBe(0);
    expect(findBinningThresholds([NaN, NaN], 255).length).toBe(0);
  });

  it('clips thresholds to ALMOST_INF', () => {
    expect(Array.from(findBinningThresholds([1e308, 1.7e308], 255))).toEqual([ALMOST_INF]);
  });

  it('gives maxBins - 1 increasing thresholds to a column with more distinct values', () => {
    const rng = new Rng(1);
    const column = Array.from({ length: 1000 }, () => rng.normal());
    const t = findBinningThresholds(column, 20);
    expect(t.length).toBe(19);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]!);
  });
});

describe('binData', () => {
  it('runs its TSDoc example', () => {
    const { mapper, binned } = binData(validateMatrix([[0.5], [1.5], [NaN]], { owner: 'demo', allowNaN: true }));
    expect(Array.from(mapper.thresholds[0]!)).toEqual([1]);
    expect(Array.from(binned.data)).toEqual([0, 1, 255]);
  });

  it('bins only the listed rows, fitting the thresholds on them', () => {
    const X = validateMatrix([[1], [2], [3], [100]], { owner: 'spec' });
    const { mapper, binned } = binData(X, {}, [0, 2]);
    expect(Array.from(mapper.thresholds[0]!)).toEqual([2]);
    expect(binned.rows).toBe(2);
    expect(Array.from(binned.data)).toEqual([0, 1]);
  });

  it('finds the thresholds on a subsample when there are more rows than subsample', () => {
    const rng = new Rng(3);
    const X = validateMatrix(Array.from({ length: 3000 }, () => [rng.normal()]), { owner: 'spec' });
    const a = fitBinMapper(X, { subsample: 500, seed: 1, maxBins: 50 });
    const b = fitBinMapper(X, { subsample: 500, seed: 1, maxBins: 50 });
    const all = fitBinMapper(X, { subsample: null, maxBins: 50 });
    expect(Array.from(a.thresholds[0]!)).toEqual(Array.from(b.thresholds[0]!));
    expect(Array.from(a.thresholds[0]!)).not.toEqual(Array.from(all.thresholds[0]!));
  });
});

describe('binning kernels against plain-JS references', () => {
  const rng = new Rng(5);
  const sizes = [0, 1, 2, 3, 7, 255, 256, 1001];

  it('sortFinite sorts like Float64Array.prototype.sort (negative values, zeros, ties)', () => {
    for (const n of sizes) {
      const values = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? Math.round(rng.normal()) : rng.normal() * 10 ** rng.integer(-3, 4)));
      if (n > 3) values[1] = -0;
      const sorted = sortFinite(values);
      const reference = values.slice().sort();
      expect(Array.from(sorted)).toEqual(Array.from(reference));
    }
  });

  it('binValues bins like the binary search of scikit-learn', () => {
    for (const n of sizes) {
      for (const m of [0, 1, 2, 5, 254]) {
        const thresholds = Float64Array.from({ length: m }, () => rng.normal()).sort();
        const values = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? (thresholds[i % Math.max(1, m)] ?? 0) : rng.normal() * 2));
        for (const categorical of [false, true]) {
          const out = new Uint8Array(n);
          binValues(values, thresholds, out, 255, categorical);
          const reference = Array.from(values, (x) => referenceBin(x, thresholds, 255, categorical));
          expect(Array.from(out)).toEqual(reference);
        }
      }
    }
  });
});

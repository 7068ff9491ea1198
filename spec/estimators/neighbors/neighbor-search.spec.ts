import { describe, expect, it, vi } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { loadDigits, makeClassification } from '../../../lib/datasets/index.js';
import { kNearestNeighbors } from '../../../lib/estimators/neighbors/brute-force.js';
import { KDTree } from '../../../lib/estimators/neighbors/kd-tree.js';
import { PILOT_QUERIES, bruteIsCheaper, buildIndex, findNeighbors, resolveAlgorithm } from '../../../lib/estimators/neighbors/neighbor-search.js';

describe('resolveAlgorithm (scikit-learn\'s algorithm="auto")', () => {
  it('picks the k-d tree for at most 15 features, k below half the samples and p >= 1', () => {
    expect(resolveAlgorithm('auto', 100, 15, 5, 2)).toBe('kd_tree');
    expect(resolveAlgorithm('auto', 100, 1, 49, 1)).toBe('kd_tree');
    expect(resolveAlgorithm('auto', 100, 4, 5, Infinity)).toBe('kd_tree');
  });

  it('picks brute force for more than 15 features, k >= n // 2, or p < 1', () => {
    expect(resolveAlgorithm('auto', 100, 16, 5, 2)).toBe('brute');
    expect(resolveAlgorithm('auto', 100, 4, 50, 2)).toBe('brute');
    expect(resolveAlgorithm('auto', 101, 4, 50, 2)).toBe('brute');
    expect(resolveAlgorithm('auto', 3, 2, 1, 2)).toBe('brute');
    expect(resolveAlgorithm('auto', 100, 4, 5, 0.5)).toBe('brute');
  });

  it('keeps an explicit choice', () => {
    expect(resolveAlgorithm('brute', 100, 2, 5, 2)).toBe('brute');
    expect(resolveAlgorithm('kd_tree', 100, 40, 90, 2)).toBe('kd_tree');
  });
});

describe('findNeighbors', () => {
  const rng = new Rng(21);
  const rows = (n: number, d: number) => Array.from({ length: n }, () => Array.from({ length: d }, () => rng.integer(0, 4)));

  for (const p of [1, 2, 3, Infinity, 0.5]) {
    it(`gives the exact scan's neighbours by every method (p=${p}, many ties)`, () => {
      const X = DenseMatrix.fromRows(rows(150, 3));
      const Q = DenseMatrix.fromRows(rows(20, 3));
      const methods = p < 1 ? (['brute'] as const) : (['brute', 'kd_tree'] as const);
      for (const method of methods) {
        const index = buildIndex(X, p, method, 7);
        for (const k of [1, 6, 150]) {
          const expected = kNearestNeighbors(X, Q, k, p);
          const found = findNeighbors(index, Q, k);
          expect(found.k).toBe(k);
          expect(Array.from(found.indices)).toEqual(Array.from(expected.indices));
          expect(Array.from(found.distances)).toEqual(Array.from(expected.distances));
        }
      }
    });
  }

  it('leaves each query\'s own row out with excludeSelf, as the exact scan does', () => {
    // duplicates: for some rows the k + 1 nearest do not include the row itself
    const X = DenseMatrix.fromRows([...rows(60, 2), [0, 0], [0, 0], [0, 0], [0, 0]]);
    for (const method of ['brute', 'kd_tree'] as const) {
      for (const p of [1, 2]) {
        const index = buildIndex(X, p, method, 5);
        for (const k of [1, 3, 10]) {
          const expected = kNearestNeighbors(X, X, k, p, { excludeSelf: true });
          const found = findNeighbors(index, X, k, { excludeSelf: true });
          expect(found.k).toBe(k);
          expect(Array.from(found.indices)).toEqual(Array.from(expected.indices));
          expect(Array.from(found.distances)).toEqual(Array.from(expected.distances));
        }
      }
    }
  });

  it('falls back to the exact scan for p = 2 when the kernel declines the data', () => {
    const X = DenseMatrix.fromRows([[1e-300, 0], [3e-300, 1e-300], [2e-300, 0]]);
    const found = findNeighbors(buildIndex(X, 2, 'brute', 30), DenseMatrix.fromRows([[2.1e-300, 0]]), 2);
    expect(Array.from(found.indices)).toEqual(Array.from(kNearestNeighbors(X, DenseMatrix.fromRows([[2.1e-300, 0]]), 2, 2).indices));
  });

  describe('with a tree chosen by "auto"', () => {
    const rng = new Rng(31);
    const uniform = (n: number, d: number) => DenseMatrix.fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => rng.random())));

    it('prefers brute force when the tree compares a large share of the rows', () => {
      for (const p of [1, 2, Infinity]) {
        expect(bruteIsCheaper(1000, 2000, 15, p)).toBe(true);
        expect(bruteIsCheaper(20, 2000, 2, p)).toBe(false);
      }
      // no SIMD brute force for other orders: the tree stays
      expect(bruteIsCheaper(2000, 2000, 15, 3)).toBe(false);
    });

    for (const [what, d, p, switches] of [
      ['15 independent features: the pilot switches to brute force', 15, 2, true],
      ['15 independent features, p = 1', 15, 1, true],
      ['15 independent features, p = ∞', 15, Infinity, true],
      ['15 independent features, p = 3: no SIMD brute force, the tree stays', 15, 3, false],
      ['2 features: the tree prunes well and answers all', 2, 2, false],
    ] as const) {
      it(`gives the exact scan's neighbours (${what})`, () => {
        const X = uniform(1500, d);
        const Q = uniform(100, d);
        const spy = vi.spyOn(KDTree.prototype, 'queryRows');
        try {
          const found = findNeighbors(buildIndex(X, p, 'kd_tree', 30, true), Q, 5);
          expect(spy.mock.calls.map((call) => [call[2], call[3]])).toEqual(
            switches ? [[0, PILOT_QUERIES]] : p === 3 ? [[0, 100]] : [[0, PILOT_QUERIES], [PILOT_QUERIES, 100]],
          );
          const expected = kNearestNeighbors(X, Q, 5, p);
          expect(Array.from(found.indices)).toEqual(Array.from(expected.indices));
          expect(Array.from(found.distances)).toEqual(Array.from(expected.distances));
        } finally {
          spy.mockRestore();
        }
      });
    }

    it('keeps an explicit k-d tree for every query', () => {
      const X = uniform(1500, 15);
      const Q = uniform(100, 15);
      const spy = vi.spyOn(KDTree.prototype, 'queryRows');
      try {
        findNeighbors(buildIndex(X, 2, 'kd_tree', 30, false), Q, 5);
        expect(spy.mock.calls.map((call) => [call[2], call[3]])).toEqual([[0, 100]]);
      } finally {
        spy.mockRestore();
      }
    });
  });

  it('builds a tree only for the k-d tree method', () => {
    const X = DenseMatrix.fromRows(rows(10, 2));
    expect(buildIndex(X, 2, 'brute', 30).tree).toBeUndefined();
    expect(buildIndex(X, 2, 'kd_tree', 30).tree).toBeDefined();
  });
});

describe('the benchmark cases of issue 15', () => {
  // the fast paths must pick and order exactly the neighbours of the exact JavaScript scan
  it('digits (1437 training rows, 360 queries): brute force through the SIMD kernel', async () => {
    const digits = await loadDigits();
    const X = DenseMatrix.fromRows(digits.data.slice(0, 1437));
    const Q = DenseMatrix.fromRows(digits.data.slice(1437));
    const index = buildIndex(X, 2, resolveAlgorithm('auto', X.rows, X.columns, 5, 2), 30, true);
    expect(index.method).toBe('brute');
    for (const k of [5, 6]) {
      const found = findNeighbors(index, Q, k);
      const expected = kNearestNeighbors(X, Q, k, 2);
      expect(Array.from(found.indices)).toEqual(Array.from(expected.indices));
      expect(Array.from(found.distances)).toEqual(Array.from(expected.distances));
    }
  });

  it('makeClassification 6000 x 20 (5000 training rows, 1000 queries)', () => {
    const { X: rows } = makeClassification({ nSamples: 6000, nFeatures: 20, nInformative: 10, randomState: 0 });
    const X = DenseMatrix.fromRows(rows.slice(0, 5000));
    const Q = DenseMatrix.fromRows(rows.slice(5000));
    const found = findNeighbors(buildIndex(X, 2, 'brute', 30), Q, 5);
    const expected = kNearestNeighbors(X, Q, 5, 2);
    expect(Array.from(found.indices)).toEqual(Array.from(expected.indices));
    expect(Array.from(found.distances)).toEqual(Array.from(expected.distances));
  });
});

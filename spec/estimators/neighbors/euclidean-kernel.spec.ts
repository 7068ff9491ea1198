import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { exactScan } from '../../../lib/estimators/neighbors/brute-force.js';
import { MAX_FEATURES, errorBound, neighborsKernels, squaredEuclideanNeighbors } from '../../../lib/estimators/neighbors/euclidean-kernel.js';
import { referenceOrder } from './fixtures.js';

function matrix(rows: number, cols: number, value: (i: number, j: number) => number): DenseMatrix {
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = value(i, j);
  return new DenseMatrix(values, rows, cols);
}

function rowsOf(X: DenseMatrix): number[][] {
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.values.subarray(i * X.columns, (i + 1) * X.columns)));
}

/** Holds the kernel to the exact scan (same indices, same reduced distances to the bit) and to a full sort. */
function expectExact(train: DenseMatrix, queries: DenseMatrix, k: number): number {
  const fast = squaredEuclideanNeighbors(train, queries, k);
  expect(fast).toBeDefined();
  const exact = exactScan(train, queries, k, 2);
  expect(Array.from(fast!.indices)).toEqual(Array.from(exact.indices));
  expect(Array.from(fast!.reduced)).toEqual(Array.from(exact.reduced));
  const trainRows = rowsOf(train);
  rowsOf(queries).forEach((q, i) => {
    expect(Array.from(fast!.indices.subarray(i * k, (i + 1) * k))).toEqual(referenceOrder(trainRows, q, 2).slice(0, k));
  });
  return fast!.candidates;
}

describe('squaredEuclideanNeighbors (wasm SIMD kernel with an exact re-check)', () => {
  // odd sizes: rows not a multiple of 8, queries not a multiple of 4, 1 row, 1 column
  for (const [n, d, m] of [[1, 1, 1], [2, 3, 5], [9, 1, 7], [37, 5, 4], [130, 13, 9], [301, 64, 33]] as const) {
    it(`equals the exact scan on normal data (${n} rows x ${d} features, ${m} queries)`, () => {
      const rng = new Rng(n * 7 + d);
      const train = matrix(n, d, () => rng.normal());
      const queries = matrix(m, d, () => rng.normal());
      for (const k of new Set([1, Math.min(n, 3), Math.min(n, 10), n])) expectExact(train, queries, k);
    });
  }

  it('equals the exact scan on small integers, where most distances tie', () => {
    const rng = new Rng(11);
    for (const d of [1, 2, 4, 9]) {
      const train = matrix(400, d, () => rng.integer(0, 3));
      const queries = matrix(41, d, () => rng.integer(0, 3));
      for (const k of [1, 5, 17, 400]) expectExact(train, queries, k);
    }
  });

  it('equals the exact scan on duplicated rows (distance 0) and queries on them', () => {
    const base = [[1, 2], [1, 2], [1, 2], [0, 0], [3, 1], [1, 2.5]];
    const train = DenseMatrix.fromRows(base);
    for (const k of [1, 2, 3, 4, 6]) expectExact(train, DenseMatrix.fromRows([[1, 2], [0, 0], [1, 2.25]]), k);
  });

  it('orders rows the float32 pass misorders (near-ties on spheres around the queries)', () => {
    // 200 rows per query at distances 1 + U(0, eps): below float32's resolution at this
    // scale, so the fast keys misorder them (without the error band the kernel fails
    // this test); the exact re-check must restore the float64 order
    for (const d of [8, 64]) {
      for (const eps of [1e-6, 1e-9]) {
        const rng = new Rng(d);
        const centers: number[][] = [];
        const rows: number[][] = [];
        for (let c = 0; c < 5; c++) {
          const center = Array.from({ length: d }, () => rng.normal() * 10);
          centers.push(center);
          for (let i = 0; i < 200; i++) {
            const u = Array.from({ length: d }, () => rng.normal());
            const norm = Math.hypot(...u);
            const r = 1 + rng.random() * eps;
            rows.push(u.map((v, f) => center[f]! + (v / norm) * r));
          }
        }
        for (const k of [1, 5, 100]) expectExact(DenseMatrix.fromRows(rows), DenseMatrix.fromRows(centers), k);
      }
    }
  });

  it('compacts its candidates when rows come nearest last (each row improves the k nearest)', () => {
    // rows in decreasing distance from the queries: every row is a candidate when seen
    const train = matrix(700, 2, (i, j) => (j === 0 ? 700 - i + 0.5 : 0));
    const queries = matrix(5, 2, (i) => i * 0.1);
    const candidates = expectExact(train, queries, 3);
    expect(candidates).toBeLessThan(10 * 5);
  });

  it('scans every row exactly for a query whose ties overflow the candidate buffer', () => {
    // three values on one feature: about 330 rows tie at each distance
    const train = matrix(1000, 1, (i) => i % 3);
    const queries = matrix(6, 1, (i) => i % 3);
    const candidates = expectExact(train, queries, 5);
    expect(candidates).toBe(1000 * 6);
  });

  it('equals the exact scan far from the origin (values near 1e6 with unit spread)', () => {
    const rng = new Rng(8);
    const train = matrix(250, 6, () => 1e6 + rng.normal());
    const queries = matrix(19, 6, () => 1e6 + rng.normal());
    for (const k of [1, 5, 30]) expectExact(train, queries, k);
  });

  it('equals the exact scan on columns of very different scales', () => {
    const rng = new Rng(9);
    const train = matrix(300, 4, (_, j) => rng.normal() * 10 ** (3 * j - 4));
    const queries = matrix(21, 4, (_, j) => rng.normal() * 10 ** (3 * j - 4));
    for (const k of [1, 5]) expectExact(train, queries, k);
  });

  it('re-checks exactly only the rows near the k-th distance on data without ties', () => {
    const rng = new Rng(3);
    const train = matrix(2000, 20, () => rng.normal());
    const queries = matrix(50, 20, () => rng.normal());
    const candidates = expectExact(train, queries, 5);
    expect(candidates).toBeGreaterThanOrEqual(5 * 50);
    expect(candidates).toBeLessThan(6 * 50);
  });

  it('declines data outside the range its bound covers, and too many features', () => {
    const tiny = matrix(10, 2, (i, j) => (i + j) * 1e-300);
    expect(squaredEuclideanNeighbors(tiny, tiny, 1)).toBeUndefined();
    const huge = matrix(10, 2, (i, j) => (i - j) * 1e200);
    expect(squaredEuclideanNeighbors(huge, huge, 1)).toBeUndefined();
    const wide = matrix(2, MAX_FEATURES + 1, (i, j) => i + j);
    expect(squaredEuclideanNeighbors(wide, wide, 1)).toBeUndefined();
  });

  it('accepts constant data (every distance 0)', () => {
    const X = matrix(13, 3, () => 4.5);
    const found = squaredEuclideanNeighbors(X, X, 4)!;
    expect(Array.from(found.indices.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(found.reduced)).toEqual(new Array(13 * 4).fill(0));
  });

  it('has an error bound that grows with the feature count and stays small', () => {
    const small = errorBound(4);
    const large = errorBound(1000);
    expect(large.c).toBeGreaterThan(small.c);
    expect(small.c).toBeLessThan(1e-5);
    expect(large.c).toBeLessThan(1e-3);
  });

  it('leaves no kernel memory in use', () => {
    const rng = new Rng(1);
    const X = matrix(50, 4, () => rng.normal());
    squaredEuclideanNeighbors(X, X, 3);
    const before = neighborsKernels.bytesInUse;
    squaredEuclideanNeighbors(X, X, 3);
    expect(neighborsKernels.bytesInUse).toBe(before);
    expect(before).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { gramEquations } from '../../../lib/estimators/linear/gram-kernel.js';
import { linearKernels } from '../../../lib/estimators/linear/linear-kernels.js';
import { normalEquations } from '../../../lib/estimators/linear/least-squares.js';

function data(seed: number, n: number, p: number, offset = 0, scale = 1): { X: DenseMatrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new DenseMatrix(Float64Array.from({ length: n * p }, (_, k) => offset * ((k % p) + 1) + scale * rng.normal()), n, p);
  const y = Float64Array.from({ length: n }, () => offset + rng.normal());
  return { X, y };
}

/** Σ (x - mean)(x - mean)ᵀ etc. with exactly computed means (two passes, plain loops). */
function naive(X: DenseMatrix, y: Float64Array, center: boolean): { A: number[]; b: number[]; yy: number; xMean: number[]; yMean: number } {
  const { rows: n, columns: p, values } = X;
  const xMean = new Array<number>(p).fill(0);
  let yMean = 0;
  if (center) {
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xMean[j]! += values[i * p + j]! / n;
    for (let i = 0; i < n; i++) yMean += y[i]! / n;
  }
  const A = new Array<number>(p * p).fill(0);
  const b = new Array<number>(p).fill(0);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const yc = y[i]! - yMean;
    yy += yc * yc;
    for (let a = 0; a < p; a++) {
      const xa = values[i * p + a]! - xMean[a]!;
      b[a]! += xa * yc;
      for (let c = 0; c < p; c++) A[a * p + c]! += xa * (values[i * p + c]! - xMean[c]!);
    }
  }
  return { A, b, yy, xMean, yMean };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): void {
  let scale = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k] as number));
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(Math.abs((actual[k] as number) - (expected[k] as number))).toBeLessThanOrEqual(rel * Math.max(scale, 1e-300));
}

describe('gramEquations', () => {
  // odd sizes: one row, one column, columns around the 4-wide blocks, rows around the 128-row chunks
  for (const [n, p] of [[1, 1], [1, 3], [2, 1], [5, 3], [9, 2], [33, 6], [128, 4], [129, 7], [300, 5], [260, 13]] as const) {
    for (const center of [true, false]) {
      it(`equals the plain normal equations on ${n} × ${p} (center ${center})`, () => {
        const { X, y } = data(n * 13 + p, n, p, 0.5);
        const eq = gramEquations(X, y, center);
        const ref = normalEquations(X.values, n, p, y, center);
        expectClose(eq.A, ref.A, 1e-12);
        expectClose(eq.b, ref.b, 1e-12);
        expectClose(eq.xMean, ref.xMean, 1e-14);
        expect(Math.abs(eq.yMean - ref.yMean)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(ref.yMean)));
        const exact = naive(X, y, center);
        expect(Math.abs(eq.yy - exact.yy)).toBeLessThanOrEqual(1e-12 * exact.yy);
        expect(eq.rows).toBe(n);
      });
    }
  }

  it('shifts by the exact means in a second pass when the first rows are far from the rest', () => {
    // the first 256 rows (the shift) sit 1000 below the other 29744: n·(mean - shift)² is
    // over 100 times the centred sum of squares
    const n = 30000;
    const p = 2;
    const { X, y } = data(3, n, p);
    for (let i = 256; i < n; i++) for (let j = 0; j < p; j++) X.values[i * p + j]! += 1000;
    const eq = gramEquations(X, y, true);
    const exact = naive(X, y, true);
    expectClose(eq.A, exact.A, 1e-12);
    expectClose(eq.b, exact.b, 1e-12);
    expectClose(eq.xMean, exact.xMean, 1e-13);
  });

  it('centres columns of large constant offsets exactly', () => {
    const { X, y } = data(4, 300, 4, 1e7);
    const eq = gramEquations(X, y, true);
    const exact = naive(X, y, true);
    expectClose(eq.A, exact.A, 1e-8);
    expectClose(eq.b, exact.b, 1e-8);
  });

  it('uses only the rows listed (a fold)', () => {
    const { X, y } = data(5, 50, 3);
    const pick = Array.from({ length: 30 }, (_, k) => (k * 7) % 50);
    const sub = DenseMatrix.fromRows(pick.map((i) => X.values.subarray(i * 3, i * 3 + 3)), 3);
    const eq = gramEquations(X, y, true, pick);
    const ref = gramEquations(sub, Float64Array.from(pick, (i) => y[i]!), true);
    expectClose(eq.A, ref.A, 1e-13);
    expectClose(eq.b, ref.b, 1e-13);
    expect(eq.rows).toBe(30);
  });

  it('frees its kernel memory', () => {
    const before = linearKernels.bytesInUse;
    const { X, y } = data(6, 20, 3);
    gramEquations(X, y, true);
    expect(linearKernels.bytesInUse).toBe(before);
  });
});

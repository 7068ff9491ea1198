import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { lstsqFromParts, normalEquations, svdSolveParts, svdSolvePartsFromR } from '../../../lib/estimators/linear/least-squares.js';
import { centerData } from '../../../lib/estimators/linear/linear-model.js';
import { linearKernels } from '../../../lib/estimators/linear/linear-kernels.js';
import { leastSquaresFactor } from '../../../lib/estimators/linear/qr-kernel.js';

function data(seed: number, n: number, p: number, offset = 0): { X: DenseMatrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new DenseMatrix(Float64Array.from({ length: n * p }, (_, k) => offset * ((k % p) + 1) + rng.normal()), n, p);
  const y = Float64Array.from({ length: n }, () => offset + rng.normal());
  return { X, y };
}

function maxRelative(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k] as number));
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs((actual[k] as number) - (expected[k] as number)));
  return worst / Math.max(scale, 1e-300);
}

describe('leastSquaresFactor', () => {
  // odd sizes: one row, one column, rows around the 4-row blocks and the 64-row chunks
  for (const [n, p] of [[1, 1], [3, 1], [4, 3], [7, 2], [5, 5], [64, 3], [65, 6], [130, 9], [257, 4]] as const) {
    for (const center of [true, false]) {
      it(`factors ${n} × ${p} (center ${center}): RᵀR = XcᵀXc, Rᵀ(Qᵀy) = Xcᵀyc, the means`, () => {
        const { X, y } = data(n * 17 + p, n, p, 0.7);
        const f = leastSquaresFactor(X, y, center);
        const ref = normalEquations(X.values, n, p, y, center);
        const RtR = new Float64Array(p * p);
        const Rtq = new Float64Array(p);
        for (let a = 0; a < p; a++) {
          for (let c = 0; c < p; c++) {
            let s = 0;
            for (let k = 0; k < p; k++) s += f.R[k * p + a]! * f.R[k * p + c]!;
            RtR[a * p + c] = s;
          }
          for (let k = 0; k < p; k++) Rtq[a]! += f.R[k * p + a]! * f.qty[k]!;
        }
        expect(maxRelative(RtR, ref.A)).toBeLessThan(1e-12);
        expect(maxRelative(Rtq, ref.b)).toBeLessThan(1e-12);
        expect(maxRelative(f.xMean, ref.xMean)).toBeLessThan(1e-13);
        expect(Math.abs(f.yMean - ref.yMean)).toBeLessThan(1e-13 * Math.max(1, Math.abs(ref.yMean)));
        for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) expect(f.R[a * p + c]).toBe(0);
      });
    }
  }

  it('gives the plain Householder QR its singular values and least-squares solution', () => {
    const n = 300;
    const p = 7;
    const { X, y } = data(11, n, p, 3);
    const f = leastSquaresFactor(X, y, true);
    const data2 = centerData(X, y, true);
    const reference = svdSolveParts(data2.X, n, p, data2.y, 1e-12);
    const parts = svdSolvePartsFromR(f.R, p, f.qty, 1e-12);
    expect(maxRelative(parts.singular, reference.singular)).toBeLessThan(1e-13);
    expect(maxRelative(lstsqFromParts(parts, p, 1e-12).coef, lstsqFromParts(reference, p, 1e-12).coef)).toBeLessThan(1e-12);
  });

  it('keeps its accuracy on nearly collinear, badly scaled columns', () => {
    // column 2 = column 0 + 1e-7 noise, column 1 scaled by 1e6: X is badly conditioned,
    // which the normal equations would square; Householder keeps the small singular value
    const n = 200;
    const rng = new Rng(2);
    const values = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = rng.normal();
      values[i * 3] = a;
      values[i * 3 + 1] = 1e6 * rng.normal();
      values[i * 3 + 2] = a + 1e-7 * rng.normal();
    }
    const X = new DenseMatrix(values, n, 3);
    const y = Float64Array.from({ length: n }, (_, i) => 2 * values[i * 3]! - 3e-6 * values[i * 3 + 1]! + 0.5 * values[i * 3 + 2]! + 0.01 * rng.normal());
    const f = leastSquaresFactor(X, y, true);
    const c = centerData(X, y, true);
    const reference = svdSolveParts(c.X, n, 3, c.y, 1e-15);
    const parts = svdSolvePartsFromR(f.R, 3, f.qty, 1e-15);
    expect(maxRelative(parts.singular, reference.singular)).toBeLessThan(1e-12);
    expect(Math.abs(parts.singular[2]! - reference.singular[2]!) / reference.singular[2]!).toBeLessThan(1e-7);
    expect(maxRelative(lstsqFromParts(parts, 3, 1e-15).coef, lstsqFromParts(reference, 3, 1e-15).coef)).toBeLessThan(1e-7);
  });

  it('uses only the rows listed (a fold)', () => {
    const { X, y } = data(5, 90, 4);
    const pick = Array.from({ length: 70 }, (_, k) => (k * 13) % 90);
    const sub = DenseMatrix.fromRows(pick.map((i) => X.values.subarray(i * 4, i * 4 + 4)), 4);
    const a = leastSquaresFactor(X, y, true, pick);
    const b = leastSquaresFactor(sub, Float64Array.from(pick, (i) => y[i]!), true);
    expect(Array.from(a.R)).toEqual(Array.from(b.R));
    expect(Array.from(a.qty)).toEqual(Array.from(b.qty));
  });

  it('frees its kernel memory', () => {
    const before = linearKernels.bytesInUse;
    const { X, y } = data(6, 20, 3);
    leastSquaresFactor(X, y, true);
    expect(linearKernels.bytesInUse).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { gramSvd, householderR, multiplyTransposed } from '../../../lib/estimators/decomposition/gram-svd.js';

function random(rows: number, columns: number, seed: number, scales?: number[]): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) out[i * columns + j] = rng.normal() * (scales?.[j] ?? 1);
  return out;
}

/** AᵀA of a row-major rows × columns array, the obvious way. */
function crossProduct(A: Float64Array, rows: number, columns: number): number[][] {
  return Array.from({ length: columns }, (_, a) =>
    Array.from({ length: columns }, (_, b) => {
      let s = 0;
      for (let i = 0; i < rows; i++) s += A[i * columns + a]! * A[i * columns + b]!;
      return s;
    }),
  );
}

describe('householderR', () => {
  for (const [n, p] of [[7, 3], [1, 1], [5, 5], [40, 1]] as const) {
    it(`gives a triangle with RᵀR = AᵀA (${n} × ${p})`, () => {
      const A = random(n, p, n * 31 + p);
      const R = householderR(A, n, p);
      for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) expect(R[i * p + j]).toBe(0);
      const expected = crossProduct(A, n, p);
      const got = crossProduct(R, p, p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) expect(got[a]![b]).toBeCloseTo(expected[a]![b]!, 10);
    });
  }
});

describe('gramSvd', () => {
  function check(n: number, p: number, scales?: number[]): void {
    const X = new DenseMatrix(random(n, p, n + 7 * p, scales), n, p);
    const svd = gramSvd(X, { center: true, keep: (s) => s.length, checkRemainder: true });
    const r = Math.min(n, p);
    expect(svd.kept).toBe(r);
    // orthonormal rows, decreasing singular values, X Vᵀ has column norms σ
    for (let a = 0; a < r; a++) {
      for (let b = 0; b < r; b++) {
        let dot = 0;
        for (let j = 0; j < p; j++) dot += svd.components[a * p + j]! * svd.components[b * p + j]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 9);
      }
      if (a > 0) expect(svd.singularValues[a]!).toBeLessThanOrEqual(svd.singularValues[a - 1]! * (1 + 1e-12));
    }
    for (let c = 0; c < r; c++) {
      let norm = 0;
      let largest = 0;
      for (let i = 0; i < n; i++) {
        const v = svd.projected[i * r + c]!;
        norm += v * v;
        if (Math.abs(v) > Math.abs(largest)) largest = v;
      }
      if (svd.singularValues[c]! > 1e-6 * svd.singularValues[0]!) {
        expect(Math.sqrt(norm)).toBeCloseTo(svd.singularValues[c]!, 8);
        expect(largest).toBeGreaterThan(0); // scikit-learn's svd_flip
      }
    }
  }

  it('decomposes tall data through XᵀX', () => check(50, 6));
  it('decomposes wide data through XXᵀ, completing the null space', () => check(5, 9));
  it('takes the accurate path on badly scaled columns', () => check(30, 5, [1e4, 1, 1e-3, 1e2, 1e-4]));
  it('handles a single column and a single row', () => {
    check(10, 1);
    const one = gramSvd(new DenseMatrix(Float64Array.from([1, 2, 3]), 1, 3), { center: false, keep: () => 1 });
    expect(one.singularValues[0]).toBeCloseTo(Math.sqrt(14), 12);
  });
});

describe('multiplyTransposed', () => {
  it('equals the plain triple loop (odd sizes)', () => {
    const A = random(3, 7, 1);
    const B = random(2, 7, 2);
    const out = multiplyTransposed(A, 3, 7, B, 2);
    for (let i = 0; i < 3; i++) {
      for (let c = 0; c < 2; c++) {
        let s = 0;
        for (let j = 0; j < 7; j++) s += A[i * 7 + j]! * B[c * 7 + j]!;
        expect(out[i * 2 + c]).toBeCloseTo(s, 13);
      }
    }
  });
});

import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import { singularValues } from '../../../lib/estimators/linear/singular-values.js';

/** ml-matrix's full SVD: the reference. */
function reference(A: Float64Array, p: number): number[] {
  const M = new Matrix(p, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) M.set(i, j, A[i * p + j]!);
  return new SingularValueDecomposition(M, { autoTranspose: false }).diagonal;
}

function expectSameValues(A: Float64Array, p: number): void {
  const s = singularValues(A, p);
  const ref = reference(A, p);
  const top = Math.max(ref[0]!, 1e-300);
  expect(s.length).toBe(p);
  for (let k = 0; k < p; k++) expect(Math.abs(s[k]! - ref[k]!)).toBeLessThanOrEqual(1e-13 * top);
  for (let k = 1; k < p; k++) expect(s[k]!).toBeLessThanOrEqual(s[k - 1]!);
}

describe('singularValues', () => {
  for (const p of [1, 2, 3, 5, 8, 17, 50]) {
    it(`agrees with the full SVD on a random ${p} × ${p} matrix and an upper triangular one`, () => {
      const rng = new Rng(p);
      const A = Float64Array.from({ length: p * p }, () => rng.normal());
      expectSameValues(A, p);
      const R = A.map((v, k) => (k % p >= Math.floor(k / p) ? v : 0));
      expectSameValues(R, p);
    });
  }

  it('finds the zero singular values of a rank-deficient matrix and the exact ones of a diagonal', () => {
    const rng = new Rng(3);
    const p = 6;
    const B = Array.from({ length: p * 2 }, () => rng.normal());
    const A = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) A[i * p + j] = B[i * 2]! * B[j * 2 + 1]! + 2 * B[i * 2 + 1]! * B[j * 2]!;
    const s = singularValues(A, p);
    expect(s[2]! / s[0]!).toBeLessThan(1e-14);
    expectSameValues(A, p);
    expect(Array.from(singularValues(Float64Array.from([3, 0, 0, 0, -5, 0, 0, 0, 0.5]), 3))).toEqual([5, 3, 0.5]);
    expect(Array.from(singularValues(new Float64Array(4), 2))).toEqual([0, 0]);
  });

  it('does not change its input', () => {
    const A = Float64Array.from([1, 2, 3, 4]);
    singularValues(A, 2);
    expect(Array.from(A)).toEqual([1, 2, 3, 4]);
  });

  it('keeps widely spread singular values', () => {
    const p = 4;
    const A = Float64Array.from([1e8, 1, 0, 0, 0, 1, 1e-3, 0, 0, 0, 1e-6, 2, 0, 0, 0, 1e-9]);
    expectSameValues(A, p);
  });
});

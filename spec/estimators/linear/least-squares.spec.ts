import { describe, expect, it } from 'vitest';
import { choleskySolve, lstsq, normalEquations, outerGram, svdSolveParts, transposeTimes } from '../../../lib/estimators/linear/least-squares.js';

const X = Float64Array.from([1, 2, 0, 3, 1, 1, 4, 0, 2, 2, 5, 1, 0, 1, 3]); // 5 × 3
const y = Float64Array.from([1, 2, 3, 4, 5]);

describe('normalEquations', () => {
  it('equals XcᵀXc and Xcᵀyc computed naively, with a ragged last block', () => {
    const n = 5;
    const p = 3;
    const { A, b, xMean, yMean } = normalEquations(X, n, p, y, true);
    expect(yMean).toBe(3);
    const Xc = X.map((v, k) => v - xMean[k % p]!);
    for (let a = 0; a < p; a++) {
      for (let c = 0; c < p; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += Xc[i * p + a]! * Xc[i * p + c]!;
        expect(A[a * p + c]).toBeCloseTo(s, 12);
      }
      let t = 0;
      for (let i = 0; i < n; i++) t += Xc[i * p + a]! * (y[i]! - 3);
      expect(b[a]).toBeCloseTo(t, 12);
    }
  });

  it('leaves the data as they are without centring', () => {
    const { A, b, xMean, yMean } = normalEquations(Float64Array.from([1, 2, 3, 4]), 2, 2, Float64Array.from([1, 1]), false);
    expect(Array.from(A)).toEqual([10, 14, 14, 20]);
    expect(Array.from(b)).toEqual([4, 6]);
    expect(Array.from(xMean)).toEqual([0, 0]);
    expect(yMean).toBe(0);
  });
});

describe('outerGram and transposeTimes', () => {
  it('compute X Xᵀ and Xᵀ v', () => {
    const M = Float64Array.from([1, 2, 3, 4]);
    expect(Array.from(outerGram(M, 2, 2))).toEqual([5, 11, 11, 25]);
    expect(Array.from(transposeTimes(M, 2, 2, Float64Array.from([1, -1])))).toEqual([-2, -2]);
  });
});

describe('choleskySolve', () => {
  it('solves a positive definite system', () => {
    const A = Float64Array.from([4, 2, 2, 3]);
    const x = choleskySolve(A, Float64Array.from([2, 1]), 2)!;
    expect(x[0]).toBeCloseTo(0.5, 14);
    expect(x[1]).toBeCloseTo(0, 14);
  });

  it('returns undefined when a pivot is not positive', () => {
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toBeUndefined();
    expect(choleskySolve(Float64Array.from([0, 0, 0, 1]), Float64Array.from([1, 1]), 2)).toBeUndefined();
  });
});

describe('lstsq', () => {
  it('solves a consistent full-rank system exactly', () => {
    const { coef, rank } = lstsq(Float64Array.from([2, 0, 0, 3, 1, 1]), 3, 2, Float64Array.from([2, 3, 2]), 1e-15);
    expect(rank).toBe(2);
    expect(coef[0]).toBeCloseTo(1, 14);
    expect(coef[1]).toBeCloseTo(1, 14);
  });

  it('returns the minimum-norm solution when there are more unknowns than equations', () => {
    // x + y + z = 3: the minimum-norm solution is (1, 1, 1)
    const { coef, rank, singular } = lstsq(Float64Array.from([1, 1, 1]), 1, 3, Float64Array.from([3]), 1e-15);
    expect(rank).toBe(1);
    expect(singular[0]).toBeCloseTo(Math.sqrt(3), 14);
    for (const c of coef) expect(c).toBeCloseTo(1, 14);
  });

  it('gives the singular values of X in descending order', () => {
    const parts = svdSolveParts(Float64Array.from([3, 0, 0, 0, 4, 0]), 2, 3, Float64Array.from([1, 1]), 1e-15);
    expect(Array.from(parts.singular)).toEqual([4, 3]);
  });
});

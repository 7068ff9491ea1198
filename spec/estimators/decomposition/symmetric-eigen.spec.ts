import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import { symmetricEigen } from '../../../lib/estimators/decomposition/symmetric-eigen.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** ‖A v − λ v‖ for each eigenpair, and ‖VVᵀ − I‖ (max entries). */
function residuals(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): { pair: number; orthogonality: number } {
  let pair = 0;
  let orthogonality = 0;
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * vectors[c * n + j]!;
      pair = Math.max(pair, Math.abs(s - values[c]! * vectors[c * n + i]!));
    }
    for (let d = 0; d < n; d++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += vectors[c * n + j]! * vectors[d * n + j]!;
      orthogonality = Math.max(orthogonality, Math.abs(dot - (c === d ? 1 : 0)));
    }
  }
  return { pair, orthogonality };
}

describe('symmetricEigen', () => {
  for (const n of [1, 2, 3, 7, 16, 33]) {
    it(`matches ml-matrix's eigenvalues and gives orthonormal eigenvectors (${n} × ${n})`, () => {
      const a = randomSymmetric(n, n);
      const { values, vectors } = symmetricEigen(a, n);
      const m = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]!);
      const reference = new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => y - x);
      values.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 12));
      const { pair, orthogonality } = residuals(a, n, values, vectors);
      expect(pair).toBeLessThan(1e-12 * n);
      expect(orthogonality).toBeLessThan(1e-13 * n);
    });
  }

  it('handles diagonal, repeated and zero eigenvalues', () => {
    const n = 5;
    const a = new Float64Array(n * n);
    [3, 0, 3, -1, 0].forEach((v, i) => (a[i * n + i] = v));
    const { values, vectors } = symmetricEigen(a, n);
    expect(Array.from(values)).toEqual([3, 3, 0, 0, -1]);
    expect(residuals(a, n, values, vectors).orthogonality).toBe(0);
  });

  it('does not modify its input', () => {
    const a = randomSymmetric(4, 9);
    const copy = a.slice();
    symmetricEigen(a, 4);
    expect(a).toEqual(copy);
  });
});

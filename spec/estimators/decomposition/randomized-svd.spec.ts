import { describe, expect, it } from 'vitest';
import { denseKernels } from '../../../lib/core/kernels/dense.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { Rng } from '../../../lib/core/rng.js';
import { orthonormalColumns, randomizedSvd } from '../../../lib/estimators/decomposition/randomized-svd.js';

function random(rows: number, cols: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.normal());
}

describe('orthonormalColumns', () => {
  it('gives orthonormal columns with the same span, at most `size` of them, dropping dependent ones', () => {
    const size = 9;
    const A = random(size, 4, 1);
    // a fifth column, the sum of the first two: dependent
    const B = new Float64Array(size * 5);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < 4; j++) B[i * 5 + j] = A[i * 4 + j]!;
      B[i * 5 + 4] = A[i * 4]! + A[i * 4 + 1]!;
    }
    const { q, width } = orthonormalColumns(B, size, 5);
    expect(width).toBe(4);
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        let dot = 0;
        for (let i = 0; i < size; i++) dot += q[i * width + a]! * q[i * width + b]!;
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-14);
      }
    }
    // each column of A lies in the span: its residual after projection is zero
    for (let j = 0; j < 4; j++) {
      const residual = Array.from({ length: size }, (_, i) => A[i * 4 + j]!);
      for (let c = 0; c < width; c++) {
        let dot = 0;
        for (let i = 0; i < size; i++) dot += q[i * width + c]! * A[i * 4 + j]!;
        for (let i = 0; i < size; i++) residual[i] -= dot * q[i * width + c]!;
      }
      expect(Math.max(...residual.map(Math.abs))).toBeLessThan(1e-13);
    }
    expect(orthonormalColumns(random(3, 6, 2), 3, 6).width).toBe(3);
  });
});

describe('randomizedSvd', () => {
  it('is the exact SVD when the random directions span every column (tall and wide)', () => {
    for (const [n, p] of [
      [40, 6],
      [6, 40],
    ] as const) {
      const X = random(n, p, n + p);
      const before = denseKernels.bytesInUse;
      const { singularValues, components } = randomizedSvd(X, n, p, { nComponents: 3, nOversamples: 10, nIter: 2, powerIterationNormalizer: 'auto', random: new RandomState(0) });
      expect(denseKernels.bytesInUse).toBe(before);
      // XᵀX v = σ² v for each component
      for (let c = 0; c < 3; c++) {
        const v = components.subarray(c * p, (c + 1) * p);
        const Xv = Array.from({ length: n }, (_, i) => v.reduce((s, x, j) => s + X[i * p + j]! * x, 0));
        const XtXv = Array.from({ length: p }, (_, j) => Xv.reduce((s, x, i) => s + X[i * p + j]! * x, 0));
        XtXv.forEach((value, j) => expect(Math.abs(value - singularValues[c]! ** 2 * v[j]!)).toBeLessThan(1e-10 * singularValues[0]! ** 2));
      }
      expect(singularValues[0]).toBeGreaterThanOrEqual(singularValues[1]!);
    }
  });

  it('completes the components orthonormally when X has fewer directions than asked', () => {
    const n = 30;
    const p = 5;
    const rng = new Rng(4);
    const base = Float64Array.from({ length: n }, () => rng.normal());
    // rank 1: every column a multiple of one vector
    const X = Float64Array.from({ length: n * p }, (_, t) => base[Math.floor(t / p)]! * ((t % p) + 1));
    const { singularValues, components } = randomizedSvd(X, n, p, { nComponents: 3, nOversamples: 2, nIter: 1, powerIterationNormalizer: 'QR', random: new RandomState(1) });
    expect(singularValues[1]).toBe(0);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let j = 0; j < p; j++) dot += components[a * p + j]! * components[b * p + j]!;
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-8);
      }
    }
  });
});

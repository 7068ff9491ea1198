import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import { Matern52Kernel, matern52 } from '../../../../lib/search/samplers/gp/kernel.js';

const rng = new Rng(11);
const n = 7;
const X = Float64Array.from({ length: n * 3 }, () => rng.random());
// features 0,1 are one-hot-like block? use groups: [0] and [1,2] sharing a length scale
const kernel = new Matern52Kernel([{ offset: 0, width: 1 }, { offset: 1, width: 2 }]);
const theta = kernel.theta({ amplitude: 1.7, lengthScales: [0.3, 0.8], noise: 0.05 });

describe('Matern52Kernel', () => {
  it('matches the Matérn 5/2 formula with ARD groups, amplitude and noise', () => {
    const K = kernel.matrix(X, n, theta);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const d0 = (X[i * 3]! - X[j * 3]!) ** 2 / 0.3 ** 2;
        const d1 = ((X[i * 3 + 1]! - X[j * 3 + 1]!) ** 2 + (X[i * 3 + 2]! - X[j * 3 + 2]!) ** 2) / 0.8 ** 2;
        const expected = 1.7 * matern52(Math.sqrt(d0 + d1)) + (i === j ? 0.05 : 0);
        expect(K[i * n + j]).toBeCloseTo(expected, 13);
      }
    }
  });

  it('gives the cross-covariance without noise', () => {
    const K = kernel.matrix(X, n, theta);
    const C = kernel.cross(X, n, X, n, theta);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(C[i * n + j]).toBeCloseTo(K[i * n + j]! - (i === j ? 0.05 : 0), 13);
  });

  it('has hyperparameter gradients equal to finite differences', () => {
    const grads = kernel.gradients(X, n, theta);
    const h = 1e-6;
    for (let k = 0; k < kernel.nParams; k++) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[k]! += h;
      down[k]! -= h;
      const Ku = kernel.matrix(X, n, up);
      const Kd = kernel.matrix(X, n, down);
      for (let e = 0; e < n * n; e++) expect(grads[k]![e]).toBeCloseTo((Ku[e]! - Kd[e]!) / (2 * h), 6);
    }
  });

  it('contracts the gradient as ½ Σ W ∂K for a symmetric W', () => {
    const W = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) W[i * n + j] = W[j * n + i] = rng.normal();
    const g = new Float64Array(kernel.nParams);
    kernel.contractGradient(kernel.pairDistances(X, n), n, theta, W, g);
    const grads = kernel.gradients(X, n, theta);
    for (let k = 0; k < kernel.nParams; k++) {
      let s = 0;
      for (let e = 0; e < n * n; e++) s += 0.5 * W[e]! * grads[k]![e]!;
      expect(g[k]).toBeCloseTo(s, 10);
    }
  });

  it('differentiates k(z, X) in z like finite differences', () => {
    const z = Float64Array.of(0.4, 0.2, 0.9);
    const k = new Float64Array(n);
    const dk = new Float64Array(n * 3);
    kernel.crossWithGradient(z, X, n, theta, k, dk);
    const h = 1e-6;
    for (let c = 0; c < 3; c++) {
      const zu = z.slice();
      const zd = z.slice();
      zu[c]! += h;
      zd[c]! -= h;
      const ku = kernel.cross(zu, 1, X, n, theta);
      const kd = kernel.cross(zd, 1, X, n, theta);
      for (let b = 0; b < n; b++) expect(dk[b * 3 + c]).toBeCloseTo((ku[b]! - kd[b]!) / (2 * h), 6);
    }
  });

  it('round-trips hyperparameters through theta (log space)', () => {
    expect(kernel.hyperparameters(theta)).toEqual({ amplitude: expect.closeTo(1.7, 12), lengthScales: [expect.closeTo(0.3, 12), expect.closeTo(0.8, 12)], noise: expect.closeTo(0.05, 12) });
    expect(kernel.nParams).toBe(4);
  });
});

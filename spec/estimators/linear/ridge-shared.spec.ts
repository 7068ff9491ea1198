import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { CHOLESKY_MAX, ridgeState, solveRidgeState } from '../../../lib/estimators/linear/ridge-shared.js';

function data(n: number, p: number, seed: number): { X: DenseMatrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new DenseMatrix(Float64Array.from({ length: n * p }, () => rng.normal() + 0.5), n, p);
  const y = Float64Array.from({ length: n }, (_, i) => X.values[i * p]! * 3 - X.values[i * p + 1]! + rng.normal());
  return { X, y };
}

async function plain(X: DenseMatrix, y: Float64Array, alpha: number, fitIntercept = true): Promise<{ coef: number[]; intercept: number }> {
  const r = await new Ridge({ alpha, fitIntercept }).fit(X, y);
  return { coef: r.coef, intercept: r.intercept };
}

function relativeError(a: readonly number[], b: readonly number[]): number {
  let num = 0;
  let den = 0;
  a.forEach((v, j) => {
    num = Math.max(num, Math.abs(v - b[j]!));
    den = Math.max(den, Math.abs(b[j]!));
  });
  return num / den;
}

describe('Ridge from a shared state', () => {
  it('solves every alpha of a split as a plain fit does, bit for bit, up to CHOLESKY_MAX unknowns (primal and dual)', async () => {
    for (const [n, p] of [[50, 8], [20, 35]] as const) {
      const { X, y } = data(n, p, n + p);
      for (const fitIntercept of [true, false]) {
        const state = ridgeState(X, y, fitIntercept);
        expect(state.kind).toBe(p <= n ? 'primal' : 'dual');
        for (const alpha of [1e-3, 0.5, 40]) {
          const fit = solveRidgeState(state, alpha);
          expect({ coef: Array.from(fit.coef), intercept: fit.intercept }).toEqual(await plain(X, y, alpha, fitIntercept));
        }
      }
    }
  });

  it('falls back to the SVD solution with alpha 0 on collinear columns, as a plain fit does', async () => {
    const { X } = data(30, 3, 1);
    const values = Float64Array.from({ length: 30 * 4 }, (_, k) => (k % 4 === 3 ? 2 * X.values[Math.floor(k / 4) * 3]! : X.values[Math.floor(k / 4) * 3 + (k % 4)]!));
    const Xc = new DenseMatrix(values, 30, 4);
    const y = Float64Array.from({ length: 30 }, (_, i) => values[i * 4]! + values[i * 4 + 1]!);
    const fit = solveRidgeState(ridgeState(Xc, y, true), 0);
    expect({ coef: Array.from(fit.coef), intercept: fit.intercept }).toEqual(await plain(Xc, y, 0));
  });

  it('past CHOLESKY_MAX unknowns, decomposes once per split and agrees with the plain fit to rounding', async () => {
    const p = CHOLESKY_MAX + 14;
    for (const [n, wide] of [[p + 40, false], [p - 10, true]] as const) {
      const { X, y } = data(n, wide ? p + 60 : p, 5);
      const state = ridgeState(X, y, true);
      expect(state.kind).toBe(wide ? 'dual' : 'primal');
      for (const alpha of [0.1, 10]) {
        const fit = solveRidgeState(state, alpha);
        const want = await plain(X, y, alpha);
        expect(relativeError(Array.from(fit.coef), want.coef)).toBeLessThan(1e-9);
        expect(Math.abs(fit.intercept - want.intercept)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want.intercept)));
      }
      expect(state.eigen).toBeDefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { enetCoordinateDescent } from '../../../lib/estimators/linear/coordinate-descent.js';
import { enetCoordinateDescentGram } from '../../../lib/estimators/linear/coordinate-descent-gram.js';
import { normalEquations } from '../../../lib/estimators/linear/least-squares.js';
import { centerData } from '../../../lib/estimators/linear/linear-model.js';
import { regressionFixtures } from './fixtures.js';

/** Column-major copy of a row-major matrix. */
function columns(values: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) out[j * n + i] = values[i * p + j]!;
  return out;
}

/** Both forms of coordinate descent on the same centred data. */
function both(X: DenseMatrix, y: Float64Array, l1: number, l2: number, extra: { maxIter?: number; tol?: number; w0?: Float64Array } = {}) {
  const n = X.rows;
  const p = X.columns;
  const data = centerData(X, y, true);
  const eq = normalEquations(X.values, n, p, y, true);
  let yy = 0;
  for (const v of data.y) yy += v * v;
  const o = { l1, l2, maxIter: extra.maxIter ?? 1000, tol: extra.tol ?? 1e-4, owner: 'test' };
  const column = captureWarningsSync(() => enetCoordinateDescent(columns(data.X, n, p), data.y, n, p, o, extra.w0));
  const gram = captureWarningsSync(() => enetCoordinateDescentGram(eq.A, eq.b, yy, p, o, extra.w0));
  return { column, gram };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs((a[k] as number) - (b[k] as number)));
  return worst;
}

describe('enetCoordinateDescentGram against the residual form', () => {
  const fixtures = regressionFixtures();
  for (const name of ['diabetes', 'diabetesStd', 'rankDeficient'] as const) {
    for (const [alpha, l1Ratio] of [[0.01, 1], [0.1, 1], [0.5, 0.5], [0.05, 0.1]] as const) {
      it(`takes the same sweeps to the same weights and gap on ${name} (alpha ${alpha}, l1Ratio ${l1Ratio})`, () => {
        const d = fixtures.datasets[name]!;
        const X = DenseMatrix.fromRows(d.X);
        const n = X.rows;
        const { column, gram } = both(X, Float64Array.from(d.y), alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n);
        expect(gram.warnings).toEqual(column.warnings);
        expect(gram.result.nIter).toBe(column.result.nIter);
        expect(gram.result.tol).toBeCloseTo(column.result.tol, 6);
        let scale = 1;
        for (const w of column.result.coef) scale = Math.max(scale, Math.abs(w));
        expect(maxDiff(gram.result.coef, column.result.coef)).toBeLessThan(1e-9 * scale);
        // ‖R‖² from the Gram quantities cancels: the gaps agree to rounding of ‖y‖² (tol = 1e-4 ‖y‖²)
        expect(Math.abs(gram.result.gap - column.result.gap)).toBeLessThan(1e-9 * column.result.tol);
      });
    }
  }

  it('warns like the residual form when it runs out of sweeps, and without regularization', () => {
    const rng = new Rng(3);
    const X = new DenseMatrix(Float64Array.from({ length: 60 * 4 }, () => rng.normal()), 60, 4);
    const y = Float64Array.from({ length: 60 }, () => rng.normal());
    const short = both(X, y, 0.01, 0, { maxIter: 1, tol: 1e-12 });
    expect(short.gram.warnings.map((w) => w.category)).toEqual(['ConvergenceWarning']);
    expect(short.gram.warnings[0]!.message).toMatch(/^Objective did not converge\. You might want to increase the number of iterations, check the scale/);
    expect(short.gram.result.nIter).toBe(1);
    const free = both(X, y, 0, 0, { maxIter: 3 });
    expect(free.gram.warnings.map((w) => w.message)).toEqual(free.column.warnings.map((w) => w.message));
  });

  it('starts from w0 (a warm start) and ends where a cold start ends', () => {
    const rng = new Rng(4);
    const X = new DenseMatrix(Float64Array.from({ length: 80 * 5 }, () => rng.normal()), 80, 5);
    const y = Float64Array.from({ length: 80 }, (_, i) => X.values[i * 5]! - 2 * X.values[i * 5 + 3]! + 0.1 * rng.normal());
    const cold = both(X, y, 2, 0.5, { tol: 1e-10 });
    const warm = both(X, y, 2, 0.5, { tol: 1e-10, w0: Float64Array.from([0.9, 0, 0, -1.9, 0]) });
    expect(warm.gram.result.nIter).toBe(warm.column.result.nIter);
    expect(maxDiff(warm.gram.result.coef, cold.gram.result.coef)).toBeLessThan(1e-8);
    expect(maxDiff(warm.column.result.coef, cold.column.result.coef)).toBeLessThan(1e-8);
  });

  it('is reproducible with a seeded random order', () => {
    const rng = new Rng(5);
    const X = new DenseMatrix(Float64Array.from({ length: 50 * 4 }, () => rng.normal()), 50, 4);
    const y = Float64Array.from({ length: 50 }, () => rng.normal());
    const eq = normalEquations(X.values, 50, 4, y, true);
    let yy = 0;
    for (const v of centerData(X, y, true).y) yy += v * v;
    const run = (): Float64Array => enetCoordinateDescentGram(eq.A, eq.b, yy, 4, { l1: 1, l2: 0, maxIter: 100, tol: 1e-8, owner: 't', rng: new Rng(9) }).coef;
    expect(Array.from(run())).toEqual(Array.from(run()));
  });

  it('stops with an aborted signal', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => enetCoordinateDescentGram(Float64Array.from([1]), Float64Array.from([1]), 1, 1, { l1: 0.1, l2: 0, maxIter: 10, tol: 1e-4, owner: 'test', signal: controller.signal })).toThrow(
      'test was aborted before it finished.',
    );
  });
});

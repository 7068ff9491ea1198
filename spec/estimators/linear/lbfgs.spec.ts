import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ValueAndGradient } from '../../../lib/estimators/linear/lbfgs.js';
import { minimizeLbfgs, SCIPY_LBFGS_FTOL } from '../../../lib/estimators/linear/lbfgs.js';
import { maxScaledError } from './fixtures.js';

function rosenbrock(x: Float64Array, g: Float64Array): number {
  const [a, b] = [x[0]!, x[1]!];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
}

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { gtol: 1e-10, ftol: 0, maxIter: 500 });
    expect(result.status.code).toBe(0);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('reports the iteration limit like scipy', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { gtol: 1e-10, ftol: 0, maxIter: 3 });
    expect(result.nIter).toBe(3);
    expect(result.status).toEqual({ code: 1, message: 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT' });
  });

  it('stops at once when the starting gradient is small enough', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([1, 1]), { gtol: 1e-4, ftol: 0, maxIter: 10 });
    expect(result.nIter).toBe(0);
    expect(result.status.message).toBe('CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');
  });

  it('stops on a small relative decrease', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { gtol: 0, ftol: 1e-3, maxIter: 500 });
    expect(result.status.message).toBe('CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH');
  });

  it('does not modify the starting point', () => {
    const x0 = Float64Array.from([-1.2, 1]);
    minimizeLbfgs(rosenbrock, x0, { gtol: 1e-6, ftol: 0, maxIter: 50 });
    expect(Array.from(x0)).toEqual([-1.2, 1]);
  });
});

interface ScipyRun {
  readonly function: 'rosenbrock' | 'quadratic';
  readonly x0: number[];
  readonly options: { gtol: number; ftol?: number; maxiter?: number; maxcor?: number };
  readonly nit: number;
  readonly nfev: number;
  readonly status: number;
  readonly message: string;
  readonly x: number[];
  readonly f: number;
}

const solvers = JSON.parse(readFileSync(new URL('../../fixtures/linear/solvers.json', import.meta.url), 'utf8')) as {
  quadratic: { A: number[][]; b: number[] };
  lbfgs: ScipyRun[];
};

/** The n-dimensional Rosenbrock function (scipy's `rosen`). */
function rosenbrockN(x: Float64Array, g: Float64Array): number {
  const n = x.length;
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < n; i++) {
    const a = x[i]!;
    const d = x[i + 1]! - a * a;
    f += 100 * d * d + (1 - a) ** 2;
    g[i] = g[i]! - 400 * a * d - 2 * (1 - a);
    g[i + 1] = g[i + 1]! + 200 * d;
  }
  return f;
}

/** ½ xᵀAx - bᵀx with the fixture's A and b. */
const quadratic: ValueAndGradient = (x, g) => {
  const { A, b } = solvers.quadratic;
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    let ax = 0;
    for (let j = 0; j < x.length; j++) ax += A[i]![j]! * x[j]!;
    g[i] = ax - b[i]!;
    f += 0.5 * x[i]! * ax - b[i]! * x[i]!;
  }
  return f;
};

describe('minimizeLbfgs against scipy 1.10 L-BFGS-B', () => {
  it("uses scipy's default ftol", () => {
    expect(SCIPY_LBFGS_FTOL).toBe(2.220446049250313e-9);
  });

  for (const run of solvers.lbfgs) {
    it(`stops like scipy on ${run.function} ${JSON.stringify(run.options)} (${run.nit} iterations, ${run.message})`, () => {
      const fun = run.function === 'rosenbrock' ? rosenbrockN : quadratic;
      const result = minimizeLbfgs(fun, Float64Array.from(run.x0), {
        gtol: run.options.gtol,
        ftol: run.options.ftol,
        maxIter: run.options.maxiter ?? 15000,
        memory: run.options.maxcor,
      });
      expect(result.status.message).toBe(run.message);
      expect(result.status.code).toBe(run.status);
      // the compact form and the two-loop recursion round differently: the same path to a few iterations
      expect(Math.abs(result.nIter - run.nit)).toBeLessThanOrEqual(2);
      expect(Math.abs(result.nFev - run.nfev)).toBeLessThanOrEqual(3);
      expect(maxScaledError(result.x, run.x)).toBeLessThan(run.status === 1 ? 1e-6 : 1e-3);
    });
  }
});

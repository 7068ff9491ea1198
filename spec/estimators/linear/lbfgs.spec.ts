import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../../lib/estimators/linear/lbfgs.js';

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

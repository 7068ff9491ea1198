import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import type { TwiceDifferentiable } from '../../../lib/estimators/linear/newton-cg.js';
import { newtonCg } from '../../../lib/estimators/linear/newton-cg.js';

// f(x) = ½ xᵀ A x - bᵀ x with A = [[3, 1], [1, 2]], b = (1, 1): minimum at (0.2, 0.4)
const quadratic: TwiceDifferentiable = {
  valueAndGradient(x, g) {
    const [u, v] = [x[0]!, x[1]!];
    g[0] = 3 * u + v - 1;
    g[1] = u + 2 * v - 1;
    return 0.5 * (3 * u * u + 2 * u * v + 2 * v * v) - u - v;
  },
  gradientAndHessian(x, g) {
    this.valueAndGradient(x, g);
    return (s, out) => {
      out[0] = 3 * s[0]! + s[1]!;
      out[1] = s[0]! + 2 * s[1]!;
    };
  },
};

describe('newtonCg', () => {
  it('solves a quadratic in a few inexact Newton steps', () => {
    // the inner solve stops early (residual ≤ min(0.5, √‖g‖₁)·‖g‖₁), as scikit-learn's does
    const { x, nIter } = newtonCg(quadratic, new Float64Array(2), { tol: 1e-10, maxIter: 10 });
    expect(nIter).toBeLessThanOrEqual(5);
    expect(x[0]).toBeCloseTo(0.2, 12);
    expect(x[1]).toBeCloseTo(0.4, 12);
  });

  it('warns like scikit-learn when maxIter is reached', () => {
    const { result, warnings } = captureWarningsSync(() => newtonCg(quadratic, new Float64Array(2), { tol: 0, maxIter: 1 }));
    expect(result.nIter).toBe(1);
    expect(warnings).toEqual([{ category: 'ConvergenceWarning', message: 'newton-cg failed to converge. Increase the number of iterations.' }]);
  });
});

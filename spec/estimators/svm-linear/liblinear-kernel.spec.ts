import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import { sgdKernels } from '../../../lib/estimators/linear/sgd-kernel.js';
import { solveL2rL1l2Svc } from '../../../lib/estimators/svm-linear/dual-cd-svc.js';
import { solveL2rL1l2Svr } from '../../../lib/estimators/svm-linear/dual-cd-svr.js';
import { dualCdKernel } from '../../../lib/estimators/svm-linear/liblinear-kernel.js';
import type { Problem, SolverSettings, SolverType } from '../../../lib/estimators/svm-linear/liblinear-problem.js';
import { groupClasses, SolverType as Solver, withBias } from '../../../lib/estimators/svm-linear/liblinear-problem.js';
import { LiblinearRandom } from '../../../lib/estimators/svm-linear/liblinear-random.js';

function problem(l: number, n: number, seed: number, regression: boolean): Problem {
  const rng = new Rng(seed);
  const x = new Float64Array(l * n).map(() => (rng.random() < 0.1 ? 0 : rng.normal()));
  const y = Float64Array.from({ length: l }, () => (regression ? rng.normal() * 3 : rng.random() < 0.5 ? -1 : 1));
  return { x, l, n, y, W: new Float64Array(l).fill(1) };
}

function settings(solverType: SolverType, seed: number, maxIter: number): SolverSettings {
  return { solverType, eps: 1e-3, maxIter, p: 0.2, C: 0.7, random: new LiblinearRandom(seed) };
}

describe("liblinear's dual coordinate descent on the kernels against the JavaScript solvers", () => {
  for (const [l, n] of [[1, 1], [1, 4], [9, 1], [40, 3], [150, 7], [64, 12]] as const) {
    for (const solver of [Solver.L2R_L2LOSS_SVC_DUAL, Solver.L2R_L1LOSS_SVC_DUAL] as const) {
      it(`SVC solver ${solver} on ${l} × ${n}: the same weights, passes and random stream`, () => {
        const prob = problem(l, n, l + n, false);
        const a = settings(solver, 42, 50);
        const b = settings(solver, 42, 50);
        const wa = new Float64Array(n);
        const wb = new Float64Array(n);
        const reference = solveL2rL1l2Svc(prob, wa, 1.3, 0.6, a);
        const kernel = dualCdKernel.scope(() => dualCdKernel.solveSvc(prob, wb, 1.3, 0.6, b));
        expect(kernel).toBe(reference);
        expect(Array.from(wb)).toEqual(Array.from(wa));
        expect(b.random.boundedRandInt(1000)).toBe(a.random.boundedRandInt(1000));
      });
    }
    for (const solver of [Solver.L2R_L2LOSS_SVR_DUAL, Solver.L2R_L1LOSS_SVR_DUAL] as const) {
      it(`SVR solver ${solver} on ${l} × ${n}: the same weights and passes`, () => {
        const prob = problem(l, n, 3 * l + n, true);
        const a = settings(solver, 7, 40);
        const b = settings(solver, 7, 40);
        const wa = new Float64Array(n);
        const wb = new Float64Array(n);
        const reference = solveL2rL1l2Svr(prob, wa, 0, 0, a);
        const kernel = dualCdKernel.scope(() => dualCdKernel.solveSvr(prob, wb, b));
        expect(kernel).toBe(reference);
        expect(Array.from(wb)).toEqual(Array.from(wa));
      });
    }
  }

  it('frees the rows when the scope ends', () => {
    const before = sgdKernels.bytesInUse;
    const prob = problem(30, 4, 1, false);
    dualCdKernel.scope(() => dualCdKernel.solveSvc(prob, new Float64Array(4), 1, 1, settings(Solver.L2R_L2LOSS_SVC_DUAL, 1, 10)));
    expect(sgdKernels.bytesInUse).toBe(before);
  });

  it("groups the rows by class in label order, as liblinear's group_classes", () => {
    const { perm, start, count } = groupClasses(Int32Array.from([2, 0, 1, 0, 2, 2]), 3);
    expect(Array.from(perm)).toEqual([1, 3, 2, 0, 4, 5]);
    expect(Array.from(start)).toEqual([0, 2, 3]);
    expect(Array.from(count)).toEqual([2, 1, 3]);
    const { x, n } = withBias(Float64Array.from([1, 2, 3, 4]), 2, 2, 5, Int32Array.from([1, 0]));
    expect(n).toBe(3);
    expect(Array.from(x)).toEqual([3, 4, 5, 1, 2, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { ClassificationQ } from '../../../lib/estimators/svm/q-matrix.js';
import { solveSmo } from '../../../lib/estimators/svm/smo-solver.js';
import { TrainingKernel } from '../../../lib/estimators/svm/training-kernel.js';
import { heapViews, svmKernels } from '../../../lib/estimators/svm/wasm-kernels.js';
import { randomMatrix, referenceMaxViolator, referenceMinObjective, trainingKernel } from './reference.js';

/** Runs the two selection kernels on y, status, G, QD and a Q column. */
function selectInWasm(y: number[], status: number[], G: number[], QD: number[], Qi: number[], gmax: number, qdi: number, yi: number) {
  const n = y.length;
  const k = svmKernels;
  return k.scoped((alloc) => {
    const up = alloc(n * 8 + 16);
    const low = alloc(n * 8 + 16);
    const g = alloc(n * 8 + 16);
    const qd = alloc(n * 8 + 16);
    const q = alloc(n * 4 + 16);
    const out = alloc(16);
    const { f64, f32 } = heapViews();
    for (let t = 0; t < n; t++) {
      const inUp = y[t] === 1 ? status[t] !== 1 : status[t] !== 0;
      const inLow = y[t] === 1 ? status[t] !== 0 : status[t] !== 1;
      f64[(up >> 3) + t] = inUp ? -y[t]! : NaN;
      f64[(low >> 3) + t] = inLow ? y[t]! : NaN;
      f64[(g >> 3) + t] = G[t]!;
      f64[(qd >> 3) + t] = QD[t]!;
      f32[(q >> 2) + t] = Qi[t]!;
    }
    k.exports.max_violator(up, g, n, out);
    const first = [f64[out >> 3]!, f64[(out >> 3) + 1]!];
    k.exports.min_objective(low, g, qd, q, n, gmax, qdi, yi, out);
    const second = [f64[out >> 3]!, f64[(out >> 3) + 1]!];
    return { first, second };
  });
}

describe('the selection kernels', () => {
  for (const n of [1, 2, 3, 7, 8, 9, 16, 17, 101]) {
    it(`pick libsvm's pair over ${n} variables, ties to the last`, () => {
      for (let trial = 0; trial < 20; trial++) {
        const rng = new Rng(n * 100 + trial);
        // few distinct values, so that ties are common
        const y = Array.from({ length: n }, () => (rng.random() < 0.5 ? 1 : -1));
        const status = Array.from({ length: n }, () => Math.floor(rng.random() * 3));
        const G = Array.from({ length: n }, () => Math.round(rng.normal() * 2) / 2);
        const QD = Array.from({ length: n }, () => (rng.random() < 0.1 ? 0 : 1));
        const Qi = Array.from({ length: n }, () => Math.fround(Math.round(rng.normal() * 4) / 8));
        const [i, gmax] = referenceMaxViolator(y, status, G);
        const qdi = i < 0 ? 0 : QD[i]!;
        const yi = i < 0 ? 0 : y[i]!;
        const got = selectInWasm(y, status, G, QD, Qi, gmax, qdi, yi);
        // values compare as numbers (−0 = 0, which only enters a comparison)
        expect(got.first[0]).toBe(i);
        expect(got.first[1] === gmax).toBe(true);
        const [j, gmax2] = referenceMinObjective(y, status, G, QD, Qi, gmax, qdi, yi);
        expect(got.second[0]).toBe(j);
        expect(got.second[1] === gmax2).toBe(true);
      }
    });
  }

  it('find nothing when no variable is in I_up', () => {
    const got = selectInWasm([1, -1, 1], [1, 0, 1], [0.5, 1, -2], [1, 1, 1], [0, 0, 0], -Infinity, 0, 0);
    expect(got.first).toEqual([-1, -Infinity]);
    expect(got.second).toEqual([-1, 0.5]);
  });
});

describe('solveSmo', () => {
  const kernel: Kernel = { kernel: 'rbf', gamma: 0.4, degree: 3, coef0: 0 };
  const X = randomMatrix(60, 3, 7);
  const rows = Int32Array.from({ length: 60 }, (_, i) => i);
  const y = Int8Array.from(rows, (r) => (X.get(r, 0) + 0.5 * X.get(r, 1) > 0.2 ? 1 : -1));
  const C = new Float64Array(60).fill(2);

  function solve(settings: { eps: number; shrinking: boolean; maxIter: number }, alpha: ArrayLike<number> = new Float64Array(60), cacheSize = 1) {
    const k = new TrainingKernel(X, rows, kernel, y);
    const Q = new ClassificationQ(k, cacheSize);
    try {
      return solveSmo({ Q, p: new Float64Array(60).fill(-1), y, C, alpha }, settings);
    } finally {
      Q.dispose();
      k.dispose();
    }
  }

  /** The maximal violation m(α) − M(α) of the KKT conditions, with Q from the reference kernel. */
  function violation(alpha: Float64Array): number {
    const G = Array.from(rows, (i) => -1 + rows.reduce((s, j) => s + alpha[j]! * y[i]! * y[j]! * Math.fround(trainingKernel(kernel, X.row(i), X.row(j))), 0));
    let up = -Infinity;
    let low = -Infinity;
    rows.forEach((t) => {
      const atUpper = alpha[t]! >= C[t]!;
      const atLower = alpha[t]! <= 0;
      if (y[t] === 1 ? !atUpper : !atLower) up = Math.max(up, -y[t]! * G[t]!);
      if (y[t] === 1 ? !atLower : !atUpper) low = Math.max(low, y[t]! * G[t]!);
    });
    return up + low;
  }

  it('stops at a point within eps of optimal, inside the box, on yᵀα = 0', () => {
    for (const shrinking of [true, false]) {
      const s = solve({ eps: 1e-3, shrinking, maxIter: -1 });
      expect(s.converged).toBe(true);
      expect(violation(s.alpha)).toBeLessThan(1.001e-3);
      expect(Math.abs(rows.reduce((sum, i) => sum + y[i]! * s.alpha[i]!, 0))).toBeLessThan(1e-12);
      s.alpha.forEach((a, i) => expect(a >= 0 && a <= C[i]!).toBe(true));
    }
  });

  it('gives the same solution with and without shrinking, and with a two-column cache', () => {
    const a = solve({ eps: 1e-6, shrinking: true, maxIter: -1 });
    const b = solve({ eps: 1e-6, shrinking: false, maxIter: -1 });
    const c = solve({ eps: 1e-6, shrinking: true, maxIter: -1 }, new Float64Array(60), 0.000001);
    for (let i = 0; i < 60; i++) {
      expect(Math.abs(a.alpha[i]! - b.alpha[i]!)).toBeLessThan(1e-4);
      expect(c.alpha[i]).toBe(a.alpha[i]);
    }
    expect(Math.abs(a.rho - b.rho)).toBeLessThan(1e-4);
    expect(c.rho).toBe(a.rho);
  });

  it('stops after maxIter iterations, unconverged', () => {
    const s = solve({ eps: 1e-3, shrinking: true, maxIter: 3 });
    expect(s.iterations).toBe(3);
    expect(s.converged).toBe(false);
  });

  it('starts from a given feasible point (a warm start)', () => {
    const cold = solve({ eps: 1e-3, shrinking: true, maxIter: -1 });
    const warm = solve({ eps: 1e-3, shrinking: true, maxIter: -1 }, cold.alpha);
    expect(warm.iterations).toBeLessThan(cold.iterations / 4);
    expect(violation(warm.alpha)).toBeLessThan(1.001e-3);
  });

  it('leaves no kernel memory in use', () => {
    const before = svmKernels.bytesInUse;
    solve({ eps: 1e-3, shrinking: true, maxIter: -1 });
    expect(svmKernels.bytesInUse).toBe(before);
  });
});

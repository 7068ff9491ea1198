import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { trainClassifier, trainRegressor } from '../../../lib/estimators/svm/svm-train.js';
import { TrainingKernel } from '../../../lib/estimators/svm/training-kernel.js';
import { svmKernels } from '../../../lib/estimators/svm/wasm-kernels.js';
import { randomMatrix } from './reference.js';

const kernel: Kernel = { kernel: 'rbf', gamma: 0.5, degree: 3, coef0: 0 };
const X = randomMatrix(40, 2, 3);
const rows = Int32Array.from({ length: 40 }, (_, i) => i);

describe('trainClassifier', () => {
  const y = Int8Array.from(rows, (r) => (X.get(r, 0) > 0 ? 1 : -1));

  function train(settings: { maxIter?: number; Cp?: number; Cn?: number } = {}) {
    const k = new TrainingKernel(X, rows, kernel, y);
    try {
      const solver = { kernel, tol: 1e-3, shrinking: true, cacheSize: 1 };
      return trainClassifier(k, y, settings.Cp ?? 1, settings.Cn ?? 1, settings.maxIter === undefined ? solver : { ...solver, maxIter: settings.maxIter });
    } finally {
      k.dispose();
    }
  }

  it('returns y_i α_i, bounded by each class\'s C and summing to zero', () => {
    const { coef } = train({ Cp: 0.5, Cn: 2 });
    coef.forEach((c, i) => {
      expect(Math.sign(c) === y[i] || c === 0).toBe(true);
      expect(Math.abs(c)).toBeLessThanOrEqual(y[i] === 1 ? 0.5 : 2);
    });
    expect(Math.abs(coef.reduce((s, c) => s + c, 0))).toBeLessThan(1e-12);
  });

  it('starts from a given α: the solution for a smaller C, for a larger one', () => {
    const solver = { kernel, tol: 1e-3, shrinking: true, cacheSize: 1 };
    const run = (C: number, alpha?: ArrayLike<number>) => {
      const k = new TrainingKernel(X, rows, kernel, y);
      try {
        return trainClassifier(k, y, C, C, solver, alpha);
      } finally {
        k.dispose();
      }
    };
    const small = run(1);
    const cold = run(4);
    const warm = run(4, Float64Array.from(small.coef, (c, i) => c * y[i]!));
    expect(run(4, Float64Array.from(cold.coef, (c, i) => c * y[i]!)).iterations).toBeLessThan(cold.iterations / 4);
    warm.coef.forEach((c, i) => expect(Math.abs(c - cold.coef[i]!)).toBeLessThan(0.05));
    expect(Math.abs(warm.rho - cold.rho)).toBeLessThan(0.01);
  });

  it('warns with a ConvergenceWarning when it stops at maxIter', () => {
    const { warnings } = captureWarningsSync(() => train({ maxIter: 2 }));
    expect(warnings.map((w) => w.category)).toEqual(['ConvergenceWarning']);
    expect(warnings[0]!.message).toBe('Solver terminated early (max_iter=2). Consider pre-processing your data with StandardScaler or MinMaxScaler.');
    expect(captureWarningsSync(() => train()).warnings).toEqual([]);
  });
});

describe('trainRegressor', () => {
  const target = Float64Array.from(rows, (r) => 3 * X.get(r, 0) - X.get(r, 1));

  it('returns α − α*, within [−C, C] and summing to zero', () => {
    const { coef } = trainRegressor(X, rows, target, 2, 0.1, { kernel, tol: 1e-3, shrinking: true, cacheSize: 1 });
    coef.forEach((c) => expect(Math.abs(c)).toBeLessThanOrEqual(2));
    expect(Math.abs(coef.reduce((s, c) => s + c, 0))).toBeLessThan(1e-12);
    expect(coef.some((c) => c !== 0)).toBe(true);
  });

  it('fits nothing when every target is inside the epsilon tube', () => {
    const { coef, rho } = trainRegressor(X, rows, new Float64Array(40).fill(3), 1, 0.5, { kernel, tol: 1e-3, shrinking: true, cacheSize: 1 });
    expect(coef.every((c) => c === 0)).toBe(true);
    expect(rho).toBe(-3);
  });

  it('leaves no kernel memory in use', () => {
    const before = svmKernels.bytesInUse;
    trainRegressor(X, rows, target, 2, 0.1, { kernel, tol: 1e-3, shrinking: true, cacheSize: 1 });
    expect(svmKernels.bytesInUse).toBe(before);
  });
});

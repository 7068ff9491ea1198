import { describe, expect, it } from 'vitest';
import { C_SVC, EPSILON_SVR, libsvmCommand } from '../../../lib/estimators/svm/svm-params.js';

describe('libsvmCommand', () => {
  const solver = { tol: 0.001, shrinking: true, cacheSize: 200 };

  it('passes per-class C as weights for classification', () => {
    expect(libsvmCommand({ kernel: 'rbf', gamma: 0.015625, degree: 3, coef0: 0 }, { svmType: C_SVC, ...solver, weights: [2, 0.5] })).toBe(
      '-s 0 -t 2 -g 0.015625 -e 0.001 -h 1 -m 200 -w0 2 -w1 0.5',
    );
  });

  it('passes only the coefficients the kernel uses', () => {
    expect(libsvmCommand({ kernel: 'linear', gamma: 1, degree: 3, coef0: 2 }, { svmType: C_SVC, ...solver, weights: [1, 1] })).toBe(
      '-s 0 -t 0 -e 0.001 -h 1 -m 200 -w0 1 -w1 1',
    );
    expect(libsvmCommand({ kernel: 'poly', gamma: 0.1, degree: 2, coef0: 1 }, { svmType: C_SVC, ...solver, weights: [1, 1] })).toBe(
      '-s 0 -t 1 -g 0.1 -d 2 -r 1 -e 0.001 -h 1 -m 200 -w0 1 -w1 1',
    );
    expect(libsvmCommand({ kernel: 'sigmoid', gamma: 0.1, degree: 3, coef0: -1 }, { svmType: C_SVC, ...solver, weights: [1, 1] })).toBe(
      '-s 0 -t 3 -g 0.1 -r -1 -e 0.001 -h 1 -m 200 -w0 1 -w1 1',
    );
  });

  it('passes C and epsilon for regression, numbers in their shortest exact form', () => {
    expect(
      libsvmCommand({ kernel: 'rbf', gamma: 1 / 3, degree: 3, coef0: 0 }, { svmType: EPSILON_SVR, tol: 1e-7, shrinking: false, cacheSize: 100, C: 1e3, epsilon: 0 }),
    ).toBe('-s 3 -t 2 -g 0.3333333333333333 -e 1e-7 -h 0 -m 100 -c 1000 -p 0');
  });
});

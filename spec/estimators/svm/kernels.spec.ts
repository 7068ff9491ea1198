import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { kernelMatrix, resolveGamma } from '../../../lib/estimators/svm/kernels.js';

describe('resolveGamma', () => {
  it('runs its TSDoc example', () => {
    const X = DenseMatrix.fromRows([[0, 1], [2, 3]]);
    expect(resolveGamma('auto', X)).toBe(0.5);
    expect(resolveGamma('scale', X)).toBe(0.4);
  });

  it('is 1 for constant data with "scale"', () => {
    expect(resolveGamma('scale', DenseMatrix.fromRows([[2, 2], [2, 2]]))).toBe(1);
  });

  it('keeps a number', () => {
    expect(resolveGamma(0.25, DenseMatrix.fromRows([[0]]))).toBe(0.25);
  });
});

describe('kernelMatrix', () => {
  const A = DenseMatrix.fromRows([[1, 2], [0, -1]]);
  const B = DenseMatrix.fromRows([[3, 1], [1, 1], [0, 0]]);
  const dots = [5, 3, 0, -1, -1, 0];
  const base = { gamma: 0.5, degree: 3, coef0: 1 };
  const kernel = (name: Kernel['kernel'], extra: Partial<Kernel> = {}): Kernel => ({ ...base, kernel: name, ...extra });

  it('is A·Bᵀ for the linear kernel, row-major', () => {
    expect(Array.from(kernelMatrix(kernel('linear'), A, B))).toEqual(dots);
  });

  it('is exp(−γ‖a − b‖²) for rbf', () => {
    const squared = [5, 1, 5, 13, 5, 1];
    expect(Array.from(kernelMatrix(kernel('rbf'), A, B))).toEqual(squared.map((s) => Math.exp(-0.5 * s)));
  });

  it('is (γ a·b + coef0)^degree for poly', () => {
    expect(Array.from(kernelMatrix(kernel('poly'), A, B))).toEqual(dots.map((d) => (0.5 * d + 1) ** 3));
    expect(Array.from(kernelMatrix(kernel('poly', { degree: 0 }), A, B))).toEqual(dots.map(() => 1));
  });

  it('is tanh(γ a·b + coef0) for sigmoid', () => {
    expect(Array.from(kernelMatrix(kernel('sigmoid'), A, B))).toEqual(dots.map((d) => Math.tanh(0.5 * d + 1)));
  });
});

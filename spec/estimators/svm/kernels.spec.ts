import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { resolveGamma } from '../../../lib/estimators/svm/kernels.js';

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

import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { enetCoordinateDescent, formatExp3 } from '../../../lib/estimators/linear/coordinate-descent.js';

describe('formatExp3', () => {
  it("prints like Python's '{:.3e}'", () => {
    expect(formatExp3(661300.4)).toBe('6.613e+05');
    expect(formatExp3(0.000262)).toBe('2.620e-04');
    expect(formatExp3(1.5e123)).toBe('1.500e+123');
    expect(formatExp3(0)).toBe('0.000e+00');
    expect(formatExp3(NaN)).toBe('nan');
    expect(formatExp3(-Infinity)).toBe('-inf');
  });
});

describe('enetCoordinateDescent', () => {
  const options = { maxIter: 100, tol: 1e-10, owner: 'test' };

  it('soft-thresholds a single feature', () => {
    // x·y = 10, ‖x‖² = 5: w = (10 - l1) / (5 + l2)
    const X = Float64Array.from([1, 2]);
    const y = Float64Array.from([2, 4]);
    const { coef, nIter } = enetCoordinateDescent(X, y, 2, 1, { ...options, l1: 4, l2: 1 });
    expect(coef[0]).toBeCloseTo(1, 15);
    expect(nIter).toBe(2);
    expect(enetCoordinateDescent(X, y, 2, 1, { ...options, l1: 12, l2: 0 }).coef[0]).toBe(0);
  });

  it('skips all-zero columns', () => {
    const X = Float64Array.from([0, 0, 1, 2]); // column-major: a zero column, then (1, 2)
    const { coef } = enetCoordinateDescent(X, Float64Array.from([1, 2]), 2, 2, { ...options, l1: 0.5, l2: 0 });
    expect(coef[0]).toBe(0);
    expect(coef[1]).toBeCloseTo(0.9, 15);
  });

  it('warns without any regularization', () => {
    const { warnings } = captureWarningsSync(() => enetCoordinateDescent(Float64Array.from([1, 2]), Float64Array.from([1, 2]), 2, 1, { ...options, l1: 0, l2: 0 }));
    expect(warnings[0]).toEqual({ category: 'UserWarning', message: 'Coordinate descent with no regularization may lead to unexpected results and is discouraged.' });
  });

  it('stops with an aborted signal', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => enetCoordinateDescent(Float64Array.from([1]), Float64Array.from([1]), 1, 1, { ...options, l1: 0.1, l2: 0, signal: controller.signal })).toThrow(
      'test was aborted before it finished.',
    );
  });
});

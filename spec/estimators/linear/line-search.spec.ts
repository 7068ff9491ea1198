import { describe, expect, it } from 'vitest';
import { wolfeLineSearch } from '../../../lib/estimators/linear/line-search.js';

const options = { c1: 1e-4, c2: 0.9, maxEvaluations: 20, stepMax: 1e10 };

describe('wolfeLineSearch', () => {
  it('accepts the first step when it meets both conditions', () => {
    // phi(s) = (s - 1)²: a unit step lands on the minimum
    const result = wolfeLineSearch((s) => ({ f: (s - 1) ** 2, slope: 2 * (s - 1) }), 1, -2, 1, options);
    expect(result).toEqual({ kind: 'wolfe', step: 1, f: 0, evaluations: 1 });
  });

  it('extrapolates from a step that is too short', () => {
    const result = wolfeLineSearch((s) => ({ f: (s - 100) ** 2, slope: 2 * (s - 100) }), 1e4, -200, 1, options);
    expect(result.kind).toBe('wolfe');
    if (result.kind === 'wolfe') expect(Math.abs(2 * (result.step - 100))).toBeLessThanOrEqual(0.9 * 200);
  });

  it('zooms into a step that is too long', () => {
    const result = wolfeLineSearch((s) => ({ f: (s - 0.01) ** 2, slope: 2 * (s - 0.01) }), 1e-4, -0.02, 1, options);
    expect(result.kind).toBe('wolfe');
    if (result.kind === 'wolfe') expect(result.f).toBeLessThan(1e-4);
  });

  it('fails when no step decreases the objective', () => {
    const result = wolfeLineSearch((s) => ({ f: 1 + s, slope: 1 }), 1, -1, 1, options);
    expect(result.kind).toBe('failed');
  });
});

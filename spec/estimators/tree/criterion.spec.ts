import { describe, expect, it } from 'vitest';
import { classificationProxy, entropyOf, giniOf, log2 } from '../../../lib/estimators/tree/criterion.js';

describe('tree criteria', () => {
  it('computes gini impurity and entropy in bits', () => {
    expect(giniOf(Float64Array.from([5, 5]), 10)).toBe(0.5);
    expect(giniOf(Float64Array.from([10, 0]), 10)).toBe(0);
    expect(entropyOf(Float64Array.from([2, 2]), 4)).toBe(1);
    expect(entropyOf(Float64Array.from([4, 0]), 4)).toBe(0);
    expect(entropyOf(Float64Array.from([1, 1, 1, 1]), 4)).toBe(2);
    expect(log2(8)).toBe(3);
  });

  it('ranks splits by -wRight * impurityRight - wLeft * impurityLeft', () => {
    const total = Float64Array.from([4, 4]);
    const pure = classificationProxy(Float64Array.from([4, 0]), total, 4, 4, false);
    const mixed = classificationProxy(Float64Array.from([2, 2]), total, 4, 4, false);
    expect(pure).toBeCloseTo(0, 15);
    expect(mixed).toBe(-4);
    expect(classificationProxy(Float64Array.from([3, 1]), total, 4, 4, true)).toBeCloseTo(-8 * entropyOf(Float64Array.from([3, 1]), 4), 14);
  });
});

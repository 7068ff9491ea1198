import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  handleZerosInScale,
  medianSorted,
  normalPpf,
  percentileSorted,
} from '../../../lib/estimators/preprocessing/column-statistics.js';

describe('column statistics', () => {
  it("takes numpy's median: the middle value or the mean of the two middle values", () => {
    expect(medianSorted([1, 2, 9])).toBe(2);
    expect(medianSorted([1, 2, 4, 9])).toBe(3);
    expect(medianSorted([5])).toBe(5);
  });

  it("interpolates percentiles like numpy's linear method", () => {
    const sorted = [1, 2, 4, 8];
    expect(percentileSorted(sorted, 0)).toBe(1);
    expect(percentileSorted(sorted, 25)).toBe(1.75);
    expect(percentileSorted(sorted, 50)).toBe(3);
    expect(percentileSorted(sorted, 75)).toBe(5);
    expect(percentileSorted(sorted, 100)).toBe(8);
    // numpy interpolates from the upper value when the fraction is >= 0.5
    expect(percentileSorted([0.1, 0.7], 90)).toBe(0.7 - (0.7 - 0.1) * (1 - 0.9));
  });

  it('sets near-zero scales to 1', () => {
    expect(Array.from(handleZerosInScale(Float64Array.from([0, 1e-16, 2])))).toEqual([1, 1, 2]);
    expect(Array.from(handleZerosInScale(Float64Array.from([0.5, 3]), [true, false]))).toEqual([1, 3]);
  });

  it("computes the normal quantile like scipy's norm.ppf", () => {
    // scipy 1.10: norm.ppf(0.75), norm.ppf(0.1), norm.ppf(0.01), norm.ppf(0.999)
    expect(normalPpf(0.75)).toBeCloseTo(0.6744897501960817, 15);
    expect(normalPpf(0.1)).toBeCloseTo(-1.2815515655446004, 15);
    expect(normalPpf(0.01)).toBeCloseTo(-2.3263478740408408, 14);
    expect(normalPpf(0.999)).toBeCloseTo(3.090232306167813, 14);
    expect(normalPpf(0.5)).toBe(0);
    expect(normalPpf(0)).toBe(-Infinity);
    expect(normalPpf(1)).toBe(Infinity);
  });

  it('prints numbers as Python prints floats', () => {
    expect([5, -1, 2.25, 1e-5, 1.5e-7, 1e16, 0.0001, -0, 1e15, 0.1, NaN].map(formatNumber)).toEqual([
      '5.0',
      '-1.0',
      '2.25',
      '1e-05',
      '1.5e-07',
      '1e+16',
      '0.0001',
      '-0.0',
      '1000000000000000.0',
      '0.1',
      'nan',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { numpyMean, numpyMedian, numpySum } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/reductions.js';
import { readFixture } from './_fixtures.js';

const cases = readFixture<{ cases: { values: number[]; sum: number; mean: number; median: number }[] }>('numpy').cases;

describe("numpy's reductions, to the last bit", () => {
  for (const c of cases) {
    it(`sum, mean and median of ${c.values.length} values of mixed magnitudes`, () => {
      expect(numpySum(c.values)).toBe(c.sum);
      expect(numpyMean(Float64Array.from(c.values))).toBe(c.mean);
      expect(numpyMedian(c.values)).toBe(c.median);
    });
  }

  it('differs from a left-to-right sum where numpy pairs its partial sums', () => {
    const values = cases.find((c) => c.values.length === 1000)!.values;
    const naive = values.reduce((s, v) => s + v, 0);
    expect(naive).not.toBe(numpySum(values));
  });
});

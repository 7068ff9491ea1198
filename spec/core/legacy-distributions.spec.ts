import { describe, expect, it } from 'vitest';
import { binomial, cumulative, kahanSum, multinomialRow, searchRight } from '../../lib/core/legacy-distributions.js';
import { RandomState } from '../../lib/core/random-state.js';

const source = (seed: number) => {
  const rs = new RandomState(seed);
  return { nextDouble: () => rs.randomSample(), gauss: () => rs.gauss() };
};

describe('legacy distributions', () => {
  it('sums with compensation (kahan_sum)', () => {
    expect(kahanSum([1e16, 1, 1, 1, 1])).toBe(1e16 + 4);
    expect(kahanSum([0.1, 0.2, 0.3], 2)).toBe(0.30000000000000004);
  });

  it('searches a normalized cumulative sum to the right (searchsorted side="right")', () => {
    const cdf = cumulative([0.25, 0, 0.5, 0.25]);
    expect(Array.from(cdf)).toEqual([0.25, 0.25, 0.75, 1]);
    expect([searchRight(cdf, 0), searchRight(cdf, 0.25), searchRight(cdf, 0.5), searchRight(cdf, 0.99)]).toEqual([0, 2, 2, 3]);
  });

  it("consumes a draw for p = 0 on RandomState.binomial's path, not on the multinomial's", () => {
    const a = source(1);
    expect(binomial(a, 5, 0, true)).toBe(0);
    const b = source(1);
    expect(binomial(b, 5, 0, false)).toBe(0);
    expect(a.nextDouble()).not.toBe(b.nextDouble());
  });

  it('puts each multinomial trial in exactly one category', () => {
    const s = source(2);
    const out = new Int32Array(3);
    for (let i = 0; i < 100; i++) {
      multinomialRow(s, 1, [0.2, 0.5, 0.3], out);
      expect(out.reduce((x, y) => x + y, 0)).toBe(1);
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../lib/core/quantile.js';

interface QuantileFixture {
  cases: { values: number[]; q: number; quantile: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/core/quantile.json', import.meta.url), 'utf8')) as QuantileFixture;

describe('quantileSorted', () => {
  it("equals numpy's linear quantile to the last bit", () => {
    for (const c of fixture.cases) {
      const sorted = [...c.values].sort((a, b) => a - b);
      expect(quantileSorted(sorted, c.q)).toBe(c.quantile);
    }
  });

  it('clamps the fraction and is NaN for no values', () => {
    expect(quantileSorted([1, 2, 3], -0.5)).toBe(1);
    expect(quantileSorted([1, 2, 3], 1.5)).toBe(3);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

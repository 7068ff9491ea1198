import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holm, rankData, wilcoxonSignedRank } from '../../lib/report/wilcoxon.js';
import type { Alternative } from '../../lib/report/wilcoxon.js';

interface WilcoxonCase {
  name: string;
  x: number[];
  y: number[];
  alternative: Alternative;
  statistic: number;
  pvalue: number;
  method: 'exact' | 'approx';
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/report/statistics.json', import.meta.url), 'utf8')) as {
  wilcoxon: WilcoxonCase[];
  rankdata: { values: number[]; expected: number[] }[];
  holm: { p: number[]; expected: number[] }[];
};

describe('wilcoxonSignedRank', () => {
  it.each(fixture.wilcoxon.map((c) => [c.name, c] as const))('equals scipy.stats.wilcoxon: %s', (_, c) => {
    const r = wilcoxonSignedRank(c.x, c.y, { alternative: c.alternative });
    expect(r.method).toBe(c.method);
    expect(r.statistic).toBeCloseTo(c.statistic, 10);
    expect(r.pValue).toBeCloseTo(c.pvalue, 12);
  });

  it('tests x against zero when y is left out', () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5, 6.5]).pValue).toBe(0.03125);
  });

  it('counts only non-zero differences', () => {
    expect(wilcoxonSignedRank([1, 0, 2, 3], [0, 0, 0, 0]).n).toBe(3);
  });

  it('uses the approximation for tied differences among few pairs', () => {
    expect(wilcoxonSignedRank([1, 1, 2, 3, -4]).method).toBe('approx');
  });

  it('rejects unpaired samples', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow('The samples of wilcoxonSignedRank must be paired: x has 2 values and y has 1.');
  });

  it('rejects samples without a non-zero difference', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1, 2])).toThrow(
      'wilcoxonSignedRank needs at least one non-zero difference; x - y is zero for all 2 pairs. Got [0, 0] instead.',
    );
  });
});

describe('rankData', () => {
  it.each(fixture.rankdata.map((c) => [JSON.stringify(c.values), c] as const))('equals scipy.stats.rankdata for %s', (_, c) => {
    expect(rankData(c.values)).toEqual(c.expected);
  });
});

describe('holm', () => {
  it.each(fixture.holm.map((c) => [JSON.stringify(c.p), c] as const))('equals the step-down adjustment for %s', (_, c) => {
    holm(c.p).forEach((v, i) => expect(v).toBeCloseTo(c.expected[i]!, 15));
  });

  it('never lowers a p-value and caps at 1', () => {
    const p = [0.2, 0.6, 0.01];
    holm(p).forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(p[i]!);
      expect(v).toBeLessThanOrEqual(1);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { compareStrategies } from '../../lib/report/comparison.js';

describe('compareStrategies', () => {
  it('ranks by mean rank and tests against the best-ranked strategy (the documented example)', () => {
    const rows = compareStrategies({ random: [3, 4, 6, 5, 7, 9], tpe: [1, 1, 1, 1, 1, 1] }, 'minimize');
    expect(rows.map((r) => [r.strategy, r.meanRank, r.reference])).toEqual([
      ['tpe', 1, true],
      ['random', 2, false],
    ]);
    expect(rows[1]!.pValue).toBe(0.03125);
    expect(rows[1]!.pAdjusted).toBe(0.03125);
    expect(rows[1]!.significant).toBe(true);
    expect(rows[0]!.pValue).toBeUndefined();
  });

  it('ranks larger values first when maximizing', () => {
    const rows = compareStrategies({ a: [0.9, 0.8, 0.85], b: [0.7, 0.9, 0.6] }, 'maximize');
    expect(rows[0]!.strategy).toBe('a');
    expect(rows[0]!.meanRank).toBeCloseTo(4 / 3, 12);
  });

  it('averages ranks of ties', () => {
    const rows = compareStrategies({ a: [1, 1], b: [1, 2] }, 'minimize');
    expect(rows.find((r) => r.strategy === 'a')!.meanRank).toBe(1.25);
    expect(rows.find((r) => r.strategy === 'b')!.meanRank).toBe(1.75);
  });

  it('Holm-adjusts the p-values of several comparisons', () => {
    const best = [1, 1, 1, 1, 1, 1];
    const rows = compareStrategies({ best, b: [2, 3, 4, 5, 6, 7], c: [2, 3, 4, 5, 6, 8] }, 'minimize');
    const b = rows.find((r) => r.strategy === 'b')!;
    expect(b.pValue).toBe(0.03125);
    expect(b.pAdjusted).toBe(0.0625);
    expect(b.significant).toBe(false);
  });

  it('leaves out seeds where a strategy has no finite value', () => {
    const rows = compareStrategies({ a: [1, NaN, 1], b: [2, 2, 2] }, 'minimize');
    expect(rows[0]!.n).toBe(2);
  });

  it('gives p = 1 when two strategies have the same values on every seed', () => {
    const rows = compareStrategies({ a: [1, 2], b: [1, 2] }, 'minimize');
    expect(rows[1]!.pValue).toBe(1);
  });
});

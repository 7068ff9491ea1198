import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bandByEvaluation,
  bandByTime,
  bestSoFar,
  evaluationsToTarget,
  finiteMean,
  median,
  quantile,
  quartiles,
  simpleRegret,
  stepValueAt,
  timeGrid,
} from '../../lib/report/statistics.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/report/statistics.json', import.meta.url), 'utf8')) as {
  quantiles: { values: number[]; q: number[]; expected: number[] }[];
};

describe('quantile', () => {
  it.each(fixture.quantiles.map((c, i) => [i, c] as const))('equals numpy.percentile on case %i', (_, c) => {
    c.q.forEach((q, k) => expect(quantile(c.values, q / 100)).toBeCloseTo(c.expected[k]!, 12));
  });

  it('ignores NaN and infinite values', () => {
    expect(quantile([1, NaN, 3, Infinity], 0.5)).toBe(2);
  });

  it('is NaN without a finite value', () => {
    expect(quantile([NaN], 0.5)).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe('quartiles', () => {
  it('gives the five-number summary with numpy percentiles', () => {
    expect(quartiles([1, 2, 3, 4])).toEqual({ min: 1, q25: 1.75, median: 2.5, q75: 3.25, max: 4, n: 4 });
  });

  it('counts only finite values', () => {
    expect(quartiles([5, NaN, 7]).n).toBe(2);
  });
});

describe('bestSoFar', () => {
  it('keeps the smallest value for minimize, skipping failures', () => {
    expect(bestSoFar([5, 3, NaN, 4, 1], 'minimize')).toEqual([5, 3, 3, 3, 1]);
  });

  it('keeps the largest value for maximize', () => {
    expect(bestSoFar([0.5, 0.7, 0.6], 'maximize')).toEqual([0.5, 0.7, 0.7]);
  });

  it('is NaN until the first finite value', () => {
    expect(bestSoFar([NaN, 2], 'minimize')).toEqual([NaN, 2]);
  });
});

describe('simpleRegret', () => {
  it('is the distance to the optimum in the direction of improvement', () => {
    expect(simpleRegret([0.5, 0.397887], 0.397887, 'minimize')).toEqual([0.5 - 0.397887, 0]);
    expect(simpleRegret([0.9], 1, 'maximize')[0]).toBeCloseTo(0.1, 15);
  });
});

describe('evaluationsToTarget', () => {
  it('is the 1-based evaluation that first reaches the target', () => {
    expect(evaluationsToTarget([5, 3, 3, 1], 3, 'minimize')).toBe(2);
    expect(evaluationsToTarget([0.1, 0.5, 0.9], 0.9, 'maximize')).toBe(3);
  });

  it('is undefined when the target is never reached', () => {
    expect(evaluationsToTarget([5, 4], 1, 'minimize')).toBeUndefined();
  });
});

describe('stepValueAt', () => {
  it('reads a step function', () => {
    expect(stepValueAt([1, 2, 5], [10, 8, 3], 4)).toBe(8);
    expect(stepValueAt([1, 2, 5], [10, 8, 3], 5)).toBe(3);
    expect(stepValueAt([1, 2, 5], [10, 8, 3], 0.5)).toBeNaN();
  });
});

describe('bandByEvaluation', () => {
  it('gives the median and quartiles over runs at each evaluation, shorter runs keeping their last value', () => {
    const band = bandByEvaluation([[3, 2, 1], [4, 4, 2], [5, 1]]);
    expect(band.map((p) => p.median)).toEqual([4, 2, 1]);
    expect(band[0]).toEqual({ x: 1, median: 4, q25: 3.5, q75: 4.5, n: 3 });
  });
});

describe('bandByTime', () => {
  it('uses each run once it has a value and keeps its final value after it ends', () => {
    const runs = [
      { times: [0.1, 0.2], values: [3, 1] },
      { times: [0.15, 0.5], values: [4, 2] },
    ];
    const band = bandByTime(runs, [0.1, 0.3, 1]);
    expect(band.map((p) => [p.x, p.median, p.n])).toEqual([
      [0.1, 3, 1],
      [0.3, 2.5, 2],
      [1, 1.5, 2],
    ]);
  });

  it('leaves out times where fewer than half of the runs have a value', () => {
    const runs = [{ times: [1], values: [1] }, { times: [2], values: [1] }, { times: [3], values: [1] }];
    expect(bandByTime(runs, [1.5]).length).toBe(0);
  });
});

describe('timeGrid', () => {
  it('is log-spaced for a positive start', () => {
    const g = timeGrid(0.01, 1, 3);
    expect(g[0]).toBeCloseTo(0.01, 15);
    expect(g[1]).toBeCloseTo(0.1, 15);
    expect(g[2]).toBeCloseTo(1, 15);
  });

  it('is linear from zero', () => {
    expect(timeGrid(0, 2, 3)).toEqual([0, 1, 2]);
  });
});

describe('finiteMean', () => {
  it('averages the finite values', () => {
    expect(finiteMean([1, NaN, 3])).toBe(2);
    expect(finiteMean([NaN])).toBeNaN();
  });
});

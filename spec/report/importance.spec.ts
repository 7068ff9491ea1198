import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/core/rng.js';
import { encodeParams, paramImportance } from '../../lib/report/importance.js';
import type { SearchRecord } from '../../lib/report/search-record.js';

function record(n: number): SearchRecord {
  const rng = new Rng(0);
  const trials = Array.from({ length: n }, (_, i) => {
    const params = { a: rng.uniform(0, 1), b: rng.uniform(0, 1), kind: rng.choice(['x', 'y']), fixed: 3 };
    return { number: i, state: 'complete' as const, value: 10 * params.a + 0.1 * params.b, params, seconds: 1, intermediate: [], failedSplits: 0 };
  });
  return { title: 't', metric: 'v', direction: 'maximize', trials };
}

describe('paramImportance', () => {
  it('finds the parameter the value depends on, and labels the method', async () => {
    const result = await paramImportance(record(60));
    if (!('params' in result)) throw new Error(result.reason);
    expect(result.params[0]!.param).toBe('a');
    expect(result.params[0]!.share).toBeGreaterThan(0.8);
    expect(result.params.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
    expect(result.method).toContain('permutation importance');
    expect(result.params.map((p) => p.param)).not.toContain('fixed');
  });

  it('gives the reason when there are too few trials', async () => {
    expect(await paramImportance(record(5))).toEqual({ reason: 'parameter importance needs at least 8 complete trials with a finite value; this search has 5.' });
  });
});

describe('encodeParams', () => {
  it('drops constant params, codes categories and logs wide positive ranges', () => {
    const { names, X } = encodeParams([{ c: 0.001, k: 'x', z: 1 }, { c: 10, k: 'y', z: 1 }]);
    expect(names).toEqual(['c', 'k']);
    expect(X).toEqual([
      [-3, 0],
      [1, 1],
    ]);
  });
});

/**
 * The CV trial codec: what a cross-validated search's trial keeps, each split
 * stored once.
 */
import { describe, expect, it } from 'vitest';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { countRecordedSplits, decodeCvTrial, encodeCvTrial, encodeSplit, isKeptStatus, recordedSplit, splitHashes, splitKey } from '../../lib/model-selection/cv-trial.js';
import type { SplitResult } from '../../lib/model-selection/fit-and-score.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { MedianPruner } from '../../lib/search/schedulers/median-pruner.js';

const result = (k: number, status: SplitResult['status'], score: number): SplitResult => ({
  candidate: 7, split: k, status, testScores: { score }, trainScores: undefined, fitTime: 0.5, scoreTime: 0.1, error: status === 'failed' ? 'Error: x' : undefined, nTestSamples: 4,
});

describe('the CV trial codec', () => {
  it('decodes the splits of a trial in order, by key or inline, with the trial as their candidate', () => {
    const attrs = {
      ...encodeSplit('split:a', result(0, 'ok', 1)),
      ...encodeSplit('split:b', result(1, 'failed', NaN)),
      ...encodeCvTrial(['split:a', 'split:b', result(2, 'timeout', NaN)], { score: NaN }),
    };
    const decoded = decodeCvTrial({ id: 3, attrs });
    expect(decoded.splits.map((s) => [s?.split, s?.status, s?.candidate])).toEqual([[0, 'ok', 3], [1, 'failed', 3], [2, 'timeout', 3]]);
    expect(decoded.meanScores.score).toBeNaN();
    expect(countRecordedSplits(attrs)).toBe(2);
  });

  it('decodes a trial that did not finish its splits to none', () => {
    expect(decodeCvTrial({ id: 0, attrs: encodeSplit('split:a', result(0, 'ok', 1)) })).toEqual({ splits: [], meanScores: {} });
  });

  it('keys a split by its params, budget, index, rows and seed', () => {
    const [h0, h1] = splitHashes([[Int32Array.of(0, 1), Int32Array.of(2)], [Int32Array.of(1, 2), Int32Array.of(0)]]) as [string, string];
    const key = splitKey({ alpha: 1 }, undefined, 0, h0, 0);
    expect(key).toMatch(/^split:/);
    expect(splitKey({ alpha: 1 }, undefined, 0, h0, 0)).toBe(key);
    for (const other of [splitKey({ alpha: 2 }, undefined, 0, h0, 0), splitKey({ alpha: 1 }, 5, 0, h0, 0), splitKey({ alpha: 1 }, undefined, 1, h0, 0), splitKey({ alpha: 1 }, undefined, 0, h1, 0), splitKey({ alpha: 1 }, undefined, 0, h0, 1)]) {
      expect(other).not.toBe(key);
    }
    expect(recordedSplit(encodeSplit(key, result(0, 'ok', 2)), key)?.testScores).toEqual({ score: 2 });
    expect([isKeptStatus('ok'), isKeptStatus('failed'), isKeptStatus('timeout'), isKeptStatus('pruned')]).toEqual([true, true, false, false]);
  });
});

describe('a search’s trials', () => {
  const X = Array.from({ length: 40 }, (_, i) => [i % 7, (i * 3) % 11]);
  const y = X.map(([a, b], i) => 2 * a! - b! + (i % 3));

  it('store each split once, under its key, and list them in order', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 10] }, { cv: 4 }).fit(X, y);
    for (const t of search.trials) {
      expect(countRecordedSplits(t.attrs)).toBe(4);
      expect(t.attrs.splits).toEqual(Object.keys(t.attrs).filter((k) => k.startsWith('split:')));
      expect(decodeCvTrial(t).splits.map((s) => s?.testScores.score)).toEqual([0, 1, 2, 3].map((k) => (search.cvResults[`split${k}_test_score`] as number[])[t.id]));
    }
  });

  it('keep the splits a pruned candidate did not run inline, as pruned', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [1e-3, 1e-2, 1e-1, 1, 1e4, 1e5] }, { cv: 4, pruner: new MedianPruner({ nStartupTrials: 2 }) }).fit(X, y);
    const pruned = search.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      const splits = decodeCvTrial(t).splits;
      expect(splits).toHaveLength(4);
      expect(splits.at(-1)?.status).toBe('pruned');
      expect(countRecordedSplits(t.attrs)).toBe(splits.filter((s) => s?.status === 'ok').length);
    }
  });
});

/**
 * The last step of a search run: cvResults from the study's trials (through
 * the CV trial codec), the warnings about failures, and the best candidate.
 */
import { describe, expect, it } from 'vitest';
import { FitFailedError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { encodeCvTrial, encodeSplit, storedSplit } from '../../lib/model-selection/cv-trial.js';
import type { SplitResult } from '../../lib/model-selection/fit-and-score.js';
import type { SearchScoring } from '../../lib/model-selection/search-inputs.js';
import type { SearchResultsInput } from '../../lib/model-selection/search-results.js';
import { chooseBest, searchResults } from '../../lib/model-selection/search-results.js';
import type { Trial } from '../../lib/search/trial.js';

const ok = (candidate: number, k: number, score: number): SplitResult => ({
  candidate, split: k, status: 'ok', testScores: { score }, trainScores: undefined, fitTime: 0.1, scoreTime: 0.01, error: undefined, nTestSamples: 5,
});
const failed = (candidate: number, k: number): SplitResult => ({ ...ok(candidate, k, NaN), status: 'failed', error: 'Error: nope' });

/** A complete trial whose splits are stored under keys, as the candidate evaluator stores them. */
function trial(id: number, splits: readonly SplitResult[], params: Record<string, unknown> = { c: id }): Trial {
  const keys = splits.map((_, k) => `split:${id}-${k}`);
  const attrs = Object.assign({}, ...splits.map((s, k) => encodeSplit(keys[k] as string, s)), encodeCvTrial(keys, { score: splits.reduce((a, s) => a + (s.testScores.score ?? NaN), 0) / splits.length }));
  return { id, state: 'complete', params, budget: undefined, meta: {}, intermediate: [], attrs, startedAt: 0, finishedAt: 1, values: [0] };
}

const input = (trials: readonly Trial[]): SearchResultsInput => ({
  trials, metrics: ['score'], nSplits: 2, returnTrainScore: false, errorScore: NaN, stopReason: 'exhausted', extraColumns: [], extraValues: () => undefined,
});

describe('searchResults', () => {
  it('has a row per finished trial, with the splits the codec reads', () => {
    const waiting: Trial = { id: 2, state: 'waiting', params: { c: 2 }, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0 };
    const { cvResults, trials } = searchResults(input([trial(0, [ok(0, 0, 1), ok(0, 1, 3)]), trial(1, [ok(1, 0, 2), ok(1, 1, 2)]), waiting]));
    expect(trials.map((t) => t.id)).toEqual([0, 1]);
    expect(cvResults.split1_test_score).toEqual([3, 2]);
    expect(cvResults.mean_test_score).toEqual([2, 2]);
    expect(cvResults.rank_test_score).toEqual([1, 1]);
  });

  it('warns once about failed fits, naming the first failure’s candidate and params', async () => {
    const { warnings } = await captureWarnings(async () => searchResults(input([trial(0, [ok(0, 0, 1), ok(0, 1, 1)]), trial(1, [failed(1, 0), ok(1, 1, 1)], { alpha: 9 })])));
    const w = warnings.filter((x) => x.category === 'FitFailedWarning');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('1 fits failed out of a total of 4.');
    expect(w[0]!.message).toContain('The first failure was candidate 1 with params { alpha: 9 } on split 0.');
  });

  it('raises FitFailedError when every fit failed', () => {
    expect(() => searchResults(input([trial(0, [failed(0, 0), failed(0, 1)])]))).toThrow(FitFailedError);
  });
});

describe('chooseBest', () => {
  const scoring = (over: Partial<SearchScoring>): SearchScoring => ({ multimetric: false, scorers: {}, metrics: ['score'], refit: true, refitMetric: 'score', primary: 'score', ...over });
  const { cvResults } = searchResults(input([trial(0, [ok(0, 0, 1), ok(0, 1, 1)]), trial(1, [ok(1, 0, 4), ok(1, 1, 2)])]));

  it('takes the search’s choice and its mean score', () => {
    expect(chooseBest('S', cvResults, scoring({}), () => 1)).toEqual({ bestIndex: 1, bestScore: 3 });
  });

  it('has no score with a refit function, and no best with refit: false and several metrics', () => {
    expect(chooseBest('S', cvResults, scoring({ refit: () => 0, refitMetric: undefined }), () => 0)).toEqual({ bestIndex: 0, bestScore: undefined });
    expect(chooseBest('S', cvResults, scoring({ refit: false, multimetric: true, refitMetric: undefined }), () => 0)).toEqual({ bestIndex: undefined, bestScore: undefined });
  });

  it('warns when no candidate has a finite score', async () => {
    const { result, warnings } = await captureWarnings(async () => chooseBest('GridSearchCV', cvResults, scoring({}), () => undefined));
    expect(result.bestIndex).toBeUndefined();
    expect(warnings.map((w) => w.message)).toEqual(['GridSearchCV: no candidate has a finite mean test score; no best candidate was chosen.']);
  });
});

describe('storedSplit', () => {
  it('keeps the plain data of a split, not its fitted estimator', () => {
    const stored = storedSplit({ ...ok(0, 0, 1), estimator: {} as never });
    expect('estimator' in stored).toBe(false);
    expect(stored.testScores).toEqual({ score: 1 });
  });
});

/**
 * The results builder (`buildCvResults`), ranking and the choice of the best
 * index, on candidate records written by hand.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import type { SplitResult } from '../../lib/model-selection/fit-and-score.js';
import type { CandidateRecord, CvResults } from '../../lib/model-selection/results.js';
import { buildCvResults, rankScores, selectBestIndex, toCSV } from '../../lib/model-selection/results.js';

function split(candidate: number, k: number, over: Partial<SplitResult>): SplitResult {
  return { candidate, split: k, status: 'ok', testScores: {}, trainScores: undefined, fitTime: 0, scoreTime: 0, error: undefined, nTestSamples: 10, ...over };
}

/** Candidate 0 ran both splits; candidate 1 failed its first and never ran its second. */
const records: CandidateRecord[] = [
  {
    params: { a: 1 },
    splits: [
      split(0, 0, { testScores: { score: 0.5 }, trainScores: { score: 0.9 }, fitTime: 1, scoreTime: 0.1, extras: { best_epoch: 3 } }),
      split(0, 1, { testScores: { score: 0.7 }, trainScores: { score: 0.8 }, fitTime: 3, scoreTime: 0.3 }),
    ],
  },
  {
    params: { a: 2, b: 'x' },
    splits: [split(1, 0, { status: 'failed', testScores: { score: NaN }, trainScores: { score: NaN }, fitTime: 2, error: 'Error: boom' }), undefined],
  },
];

describe('buildCvResults', () => {
  const cv = buildCvResults(records, { metrics: ['score'], nSplits: 2, returnTrainScore: true, extraColumns: ['iter'] });

  it('puts the columns in scikit-learn’s order, extra columns first and split facts last', () => {
    expect(Object.keys(cv)).toEqual([
      'iter', 'mean_fit_time', 'std_fit_time', 'mean_score_time', 'std_score_time', 'param_a', 'param_b', 'params',
      'split0_test_score', 'split1_test_score', 'mean_test_score', 'std_test_score', 'rank_test_score',
      'split0_train_score', 'split1_train_score', 'mean_train_score', 'std_train_score',
      'split0_best_epoch', 'split1_best_epoch', 'split0_status', 'split1_status', 'split0_error', 'split1_error',
    ]);
  });

  it('averages times over the splits that ran, and scores over every split (NaN when one is missing)', () => {
    expect(cv.mean_fit_time).toEqual([2, 2]);
    expect(cv.std_fit_time).toEqual([1, 0]);
    expect(cv.mean_score_time[0]).toBeCloseTo(0.2, 15);
    expect(cv.mean_test_score[0]).toBeCloseTo(0.6, 15);
    expect(cv.std_test_score[0]).toBeCloseTo(0.1, 15);
    expect(cv.mean_test_score[1]).toBeNaN();
    expect(cv.mean_train_score[0]).toBeCloseTo(0.85, 15);
  });

  it('ranks NaN last, marks splits that never ran, and leaves out params a candidate lacks', () => {
    expect(cv.rank_test_score).toEqual([1, 2]);
    expect(cv.split1_status).toEqual(['ok', 'not_run']);
    expect(cv.split0_error).toEqual([undefined, 'Error: boom']);
    expect(cv.split0_best_epoch).toEqual([3, undefined]);
    expect(cv.param_b).toEqual([undefined, 'x']);
    expect(cv.iter).toEqual([undefined, undefined]);
  });

  it('freezes the results and writes NaN as NaN in CSV', () => {
    expect(Object.isFrozen(cv)).toBe(true);
    expect(Object.isFrozen(cv.params)).toBe(true);
    expect(toCSV(cv).split('\n')[2]).toContain(',NaN,');
  });
});

describe('rankScores', () => {
  it('gives min-ranks with NaN tied after every finite score', () => {
    expect(rankScores([0.5, NaN, 0.7, 0.5])).toEqual([2, 4, 1, 2]);
    expect(rankScores([NaN, NaN])).toEqual([1, 1]);
  });
});

describe('selectBestIndex', () => {
  const results = (means: number[]): CvResults => ({ params: means.map((_, i) => ({ i })), mean_test_score: means, mean_fit_time: [], std_fit_time: [], mean_score_time: [], std_score_time: [] });

  it('chooses the highest mean of the refit metric, the first of ties, never NaN', () => {
    expect(selectBestIndex(results([0.2, NaN, 0.9, 0.9]), true, 'score', 'S')).toBe(2);
    expect(selectBestIndex(results([NaN, 0.1]), true, 'score', 'S')).toBe(1);
  });

  it('chooses nothing when no mean is finite', () => {
    expect(selectBestIndex(results([NaN, NaN]), true, 'score', 'S')).toBeUndefined();
  });

  it('takes what a refit function returns, and refuses an index out of range', () => {
    expect(selectBestIndex(results([0.9, 0.1]), () => 1, 'score', 'S')).toBe(1);
    expect(() => selectBestIndex(results([0.9, 0.1]), () => 2, 'score', 'GridSearchCV')).toThrow(
      new InvalidParameterError('The "refit" function of GridSearchCV must return an int in the range [0, 1] (an index into cvResults). Got 2 instead.', {
        owner: 'GridSearchCV', argument: 'refit', value: 2, expected: 'an int in [0, 1]',
      }),
    );
  });
});

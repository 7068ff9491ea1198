import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { TimeSeriesSplit } from '../../../lib/model-selection/split/time-series-split.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { deterministic, expectThrows } from './fixtures.js';

describe('TimeSeriesSplit', () => {
  it('defaults to 5 splits, no train limit, derived test size and no gap', () => {
    const cv = new TimeSeriesSplit();
    expect([cv.nSplits, cv.maxTrainSize, cv.testSize, cv.gap]).toEqual([5, undefined, undefined, 0]);
  });

  it.each(deterministic.TimeSeriesSplit.map((c) => [c.n_samples, JSON.stringify(c.params), c] as const))(
    'equals scikit-learn (n=%i, %s)',
    (n, _, c) => {
      const cv = new TimeSeriesSplit({
        nSplits: c.params.n_splits,
        maxTrainSize: c.params.max_train_size,
        testSize: c.params.test_size,
        gap: c.params.gap,
      });
      expect(toLists(cv.split({ length: n }))).toEqual(c.splits);
    },
  );

  it('runs the example of its documentation', () => {
    expect(toLists(new TimeSeriesSplit({ nSplits: 3 }).split({ length: 6 }))).toEqual([
      { train: [0, 1, 2], test: [3] },
      { train: [0, 1, 2, 3], test: [4] },
      { train: [0, 1, 2, 3, 4], test: [5] },
    ]);
  });

  describe('rejects bad input', () => {
    it('more folds than samples', () => {
      expectThrows(
        () => new TimeSeriesSplit({ nSplits: 5 }).split({ length: 5 }),
        ValidationError,
        'Cannot have number of folds nSplits + 1 = 6 greater than the number of samples: nSamples=5.',
      );
    });

    it('too many splits for testSize and gap', () => {
      expectThrows(
        () => new TimeSeriesSplit({ nSplits: 3, testSize: 3, gap: 2 }).split({ length: 10 }),
        ValidationError,
        'Too many splits nSplits=3 for number of samples nSamples=10 with testSize=3 and gap=2.',
      );
    });

    it('a negative gap', () => {
      expectThrows(
        () => new TimeSeriesSplit({ gap: -1 }),
        InvalidParameterError,
        'The "gap" option of TimeSeriesSplit must be an int in the range [0, inf). Got -1 instead.',
      );
    });

    it('a zero maxTrainSize', () => {
      expectThrows(
        () => new TimeSeriesSplit({ maxTrainSize: 0 }),
        InvalidParameterError,
        'The "maxTrainSize" option of TimeSeriesSplit must be an int in the range [1, inf) or undefined. Got 0 instead.',
      );
    });

    it('a fractional testSize', () => {
      expectThrows(
        () => new TimeSeriesSplit({ testSize: 0.2 }),
        InvalidParameterError,
        'The "testSize" option of TimeSeriesSplit must be an int in the range [1, inf) or undefined. Got 0.2 instead.',
      );
    });
  });
});

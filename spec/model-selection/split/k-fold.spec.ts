import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { KFold, kFoldSizes } from '../../../lib/model-selection/split/k-fold.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { deterministic, expectThrows, shuffled } from './fixtures.js';

describe('kFoldSizes', () => {
  it('gives the first n % k folds one extra sample', () => {
    expect(Array.from(kFoldSizes(10, 3))).toEqual([4, 3, 3]);
    expect(Array.from(kFoldSizes(11, 4))).toEqual([3, 3, 3, 2]);
    expect(Array.from(kFoldSizes(10, 5))).toEqual([2, 2, 2, 2, 2]);
  });
});

describe('KFold', () => {
  it('defaults to 5 unshuffled folds', () => {
    const cv = new KFold();
    expect(cv.nSplits).toBe(5);
    expect(cv.shuffle).toBe(false);
    expect(cv.randomState).toBeUndefined();
    expect(cv.getNSplits()).toBe(5);
  });

  it.each(deterministic.KFold.map((c) => [c.n_samples, c.n_splits, c] as const))(
    'equals scikit-learn without shuffling (n=%i, k=%i)',
    (n, k, c) => {
      expect(toLists(new KFold({ nSplits: k }).split({ length: n }))).toEqual(c.splits);
    },
  );

  it.each(shuffled.KFold.map((c) => [c.n_samples, c.n_splits, c] as const))(
    'keeps scikit-learn fold sizes when shuffling (n=%i, k=%i)',
    (n, k, c) => {
      const splits = toLists(new KFold({ nSplits: k, shuffle: true, randomState: 3 }).split({ length: n }));
      expect(splits.map((s) => s.test.length)).toEqual(c.test_sizes);
    },
  );

  it('returns increasing indices when shuffling, like scikit-learn', () => {
    for (const { train, test } of toLists(new KFold({ nSplits: 3, shuffle: true, randomState: 1 }).split({ length: 20 }))) {
      expect(test).toEqual([...test].sort((a, b) => a - b));
      expect(train).toEqual([...train].sort((a, b) => a - b));
    }
  });

  it('shuffles differently for different seeds and reproducibly for one seed', () => {
    const run = (seed: number) => toLists(new KFold({ nSplits: 4, shuffle: true, randomState: seed }).split({ length: 40 }));
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(7)).not.toEqual(toLists(new KFold({ nSplits: 4 }).split({ length: 40 })));
  });

  it('shuffles differently on each call without a seed', () => {
    const cv = new KFold({ nSplits: 2, shuffle: true });
    expect(toLists(cv.split({ length: 50 }))).not.toEqual(toLists(cv.split({ length: 50 })));
  });

  it('runs the example of its documentation', () => {
    const cv = new KFold({ nSplits: 3 });
    expect(toLists(cv.split({ length: 7 }))).toEqual([
      { train: [3, 4, 5, 6], test: [0, 1, 2] },
      { train: [0, 1, 2, 5, 6], test: [3, 4] },
      { train: [0, 1, 2, 3, 4], test: [5, 6] },
    ]);
  });

  describe('rejects bad input', () => {
    it('nSplits below 2', () => {
      expectThrows(
        () => new KFold({ nSplits: 1 }),
        InvalidParameterError,
        'The "nSplits" option of KFold must be an int in the range [2, inf). Got 1 instead.',
      );
    });

    it('a non-integer nSplits', () => {
      expect(() => new KFold({ nSplits: 2.5 })).toThrow(
        'The "nSplits" option of KFold must be an int in the range [2, inf). Got 2.5 instead.',
      );
    });

    it('more splits than samples', () => {
      expectThrows(
        () => new KFold({ nSplits: 6 }).split({ length: 5 }),
        ValidationError,
        'Cannot have number of splits nSplits=6 greater than the number of samples: nSamples=5.',
      );
    });

    it('a randomState without shuffle', () => {
      expect(() => new KFold({ nSplits: 3, randomState: 0 })).toThrow(
        'The "randomState" option of KFold must be undefined when "shuffle" is false (a seed has no effect without shuffling). Got 0 instead. Leave randomState unset, or set shuffle: true.',
      );
    });

    it('a non-boolean shuffle', () => {
      expect(() => new KFold({ shuffle: 1 as unknown as boolean })).toThrow(
        'The "shuffle" option of KFold must be a boolean. Got 1 instead.',
      );
    });

    it('a snake_case option name', () => {
      expect(() => new KFold({ n_splits: 3 } as unknown as { nSplits: number })).toThrow(
        'Unknown option "n_splits" for KFold. Valid options are: "nSplits", "shuffle", "randomState". Did you mean "nSplits"?',
      );
    });

    it('a y of another length than X', () => {
      expect(() => new KFold({ nSplits: 2 }).split({ length: 4 }, [1, 2, 3])).toThrow(
        'Found input variables with inconsistent numbers of samples: X has 4 rows and y has 3 entries (in KFold.split).',
      );
    });

    it('an X without a sample count', () => {
      expect(() => new KFold().split(42 as unknown as { length: number })).toThrow(
        'The "X" argument of KFold.split must be a matrix, an array or an object with a numeric "length" or "rows" (the number of samples). Got 42 instead.',
      );
    });
  });
});

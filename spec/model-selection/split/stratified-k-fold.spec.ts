import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { StratifiedKFold, stratifiedAllocation } from '../../../lib/model-selection/split/stratified-k-fold.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { countClasses, deterministic, expectThrows, shuffled } from './fixtures.js';

/** scikit-learn's warning text, with its option name in camelCase. */
const camel = (message: string) => message.replace('n_splits', 'nSplits');

describe('stratifiedAllocation', () => {
  it('deals class-sorted samples round robin over the folds', () => {
    // classes of 6 and 4 samples over 3 folds: 0 0 0 0 0 0 1 1 1 1 -> folds 0 1 2 0 1 2 0 1 2 0
    expect(Array.from(stratifiedAllocation([6, 4], 3))).toEqual([2, 2, 2, 1, 2, 1]);
  });
});

describe('StratifiedKFold', () => {
  it('defaults to 5 unshuffled folds', () => {
    const cv = new StratifiedKFold();
    expect([cv.nSplits, cv.shuffle, cv.randomState]).toEqual([5, false, undefined]);
  });

  it.each(deterministic.StratifiedKFold.map((c, i) => [i, c.n_splits, c] as const))(
    'equals scikit-learn without shuffling (case %i, k=%i)',
    (_, k, c) => {
      const { result, warnings } = captureWarningsSync(() =>
        toLists(new StratifiedKFold({ nSplits: k }).split({ length: c.y.length }, c.y)),
      );
      expect(result).toEqual(c.splits);
      expect(warnings.map((w) => w.message)).toEqual(c.warnings.map(camel));
      expect(warnings.every((w) => w.category === 'UserWarning')).toBe(true);
    },
  );

  it.each(shuffled.StratifiedKFold.map((c, i) => [i, c.n_splits, c] as const))(
    'keeps scikit-learn per-class fold counts when shuffling (case %i, k=%i)',
    (_, k, c) => {
      for (const seed of [0, 1, 2]) {
        const { result } = captureWarningsSync(() =>
          Array.from(new StratifiedKFold({ nSplits: k, shuffle: true, randomState: seed }).split(c.y, c.y)),
        );
        const counts = result.map(([train, test]) => ({
          train: countClasses(c.y, train, c.labels),
          test: countClasses(c.y, test, c.labels),
        }));
        expect(counts).toEqual(c.counts);
      }
    },
  );

  it('warns with the least populated class size', () => {
    const { warnings } = captureWarningsSync(() => new StratifiedKFold({ nSplits: 3 }).split({ length: 7 }, [0, 0, 0, 0, 0, 0, 1]));
    expect(warnings).toEqual([
      { category: 'UserWarning', message: 'The least populated class in y has only 1 members, which is less than nSplits=3.' },
    ]);
  });

  it('warns when split is called, before any iteration', () => {
    const { warnings } = captureWarningsSync(() => {
      new StratifiedKFold({ nSplits: 3 }).split({ length: 4 }, ['a', 'a', 'a', 'b']);
    });
    expect(warnings).toHaveLength(1);
  });

  it('shuffles reproducibly for a seed, and differently across seeds', () => {
    const y = Array.from({ length: 60 }, (_, i) => i % 3);
    const run = (seed: number) => toLists(new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: seed }).split(y, y));
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('runs the example of its documentation', () => {
    const y = ['a', 'a', 'b', 'b', 'a', 'b'];
    expect(toLists(new StratifiedKFold({ nSplits: 2 }).split({ length: 6 }, y)).map((s) => s.test)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  describe('rejects bad input', () => {
    it('a missing y', () => {
      expectThrows(
        () => new StratifiedKFold({ nSplits: 2 }).split({ length: 4 }),
        ValidationError,
        'The "y" argument of StratifiedKFold.split must be an array of class labels (one per sample). Got undefined instead.',
      );
    });

    it('a continuous y', () => {
      expectThrows(
        () => new StratifiedKFold({ nSplits: 2 }).split({ length: 4 }, [0.5, 1.5, 2.25, 3]),
        ValidationError,
        'The "y" argument of StratifiedKFold.split must be a binary or multiclass target (class labels). Got a continuous target instead. Stratification needs classes; for a regression target use KFold.',
      );
    });

    it('every class smaller than nSplits', () => {
      expectThrows(
        () => new StratifiedKFold({ nSplits: 3 }).split({ length: 4 }, [0, 0, 1, 1]),
        ValidationError,
        'nSplits=3 cannot be greater than the number of members in each class.',
      );
    });

    it('a y of another length than X', () => {
      expectThrows(
        () => new StratifiedKFold({ nSplits: 2 }).split({ length: 5 }, [0, 0, 1, 1]),
        ValidationError,
        'Found input variables with inconsistent numbers of samples: X has 5 rows and y has 4 entries (in StratifiedKFold.split).',
      );
    });

    it('a randomState without shuffle', () => {
      expectThrows(
        () => new StratifiedKFold({ randomState: 42 }),
        InvalidParameterError,
        'The "randomState" option of StratifiedKFold must be undefined when "shuffle" is false (a seed has no effect without shuffling). Got 42 instead. Leave randomState unset, or set shuffle: true.',
      );
    });
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { GroupShuffleSplit, resolveSplitSizes, ShuffleSplit } from '../../../lib/model-selection/split/shuffle-split.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { expectThrows, opt, shuffled } from './fixtures.js';

describe('resolveSplitSizes', () => {
  it.each(shuffled.ShuffleSplit.map((c) => [c.n_samples, c.test_size, c.train_size, c] as const))(
    "equals scikit-learn's sizes (n=%i, testSize=%s, trainSize=%s)",
    (n, testSize, trainSize, c) => {
      expect(resolveSplitSizes('ShuffleSplit', n, opt(testSize), opt(trainSize), 0.1)).toEqual({
        nTrain: c.n_train,
        nTest: c.n_test,
      });
    },
  );
});

describe('ShuffleSplit', () => {
  it('defaults to 10 splits of 10% test samples', () => {
    const cv = new ShuffleSplit({ randomState: 0 });
    expect(cv.getNSplits()).toBe(10);
    const splits = toLists(cv.split({ length: 20 }));
    expect(splits).toHaveLength(10);
    expect(splits.every((s) => s.test.length === 2 && s.train.length === 18)).toBe(true);
  });

  it.each(shuffled.ShuffleSplit.map((c) => [c.n_samples, c.test_size, c.train_size, c] as const))(
    'draws scikit-learn set sizes (n=%i, testSize=%s, trainSize=%s)',
    (n, testSize, trainSize, c) => {
      const cv = new ShuffleSplit({ nSplits: 3, testSize: opt(testSize), trainSize: opt(trainSize), randomState: 0 });
      for (const { train, test } of toLists(cv.split({ length: n }))) {
        expect([train.length, test.length]).toEqual([c.n_train, c.n_test]);
      }
    },
  );

  it('draws different sets in each split, reproducibly for a seed', () => {
    const run = (seed: number) => toLists(new ShuffleSplit({ nSplits: 4, testSize: 0.3, randomState: seed }).split({ length: 30 }));
    const splits = run(11);
    expect(run(11)).toEqual(splits);
    expect(new Set(splits.map((s) => JSON.stringify(s.test))).size).toBe(4);
    expect(run(12)).not.toEqual(splits);
  });

  describe('rejects bad sizes', () => {
    it.each([0, 1.5, -0.2])('testSize=%s', (testSize) => {
      expectThrows(
        () => new ShuffleSplit({ testSize }),
        InvalidParameterError,
        `The "testSize" option of ShuffleSplit must be a number in the range (0, 1), an int in the range [1, inf) or undefined. Got ${testSize} instead.`,
      );
    });

    it('fractions adding up to more than 1', () => {
      expectThrows(
        () => new ShuffleSplit({ testSize: 0.7, trainSize: 0.5 }),
        InvalidParameterError,
        'The "testSize" option of ShuffleSplit must be a fraction with testSize + trainSize <= 1 (trainSize is 0.5). Got 0.7 instead. Reduce testSize and/or trainSize.',
      );
    });

    it('a count not below the number of samples', () => {
      expectThrows(
        () => new ShuffleSplit({ testSize: 5 }).split({ length: 5 }),
        ValidationError,
        'The "testSize" option of ShuffleSplit must be a fraction in (0, 1) or a count less than the number of samples (5). Got 5 instead.',
      );
    });

    it('counts adding up to more than the samples', () => {
      expectThrows(
        () => new ShuffleSplit({ testSize: 4, trainSize: 7 }).split({ length: 10 }),
        ValidationError,
        'The "testSize" and "trainSize" options of ShuffleSplit ask for nTrain + nTest = 11 samples, more than the 10 available. Reduce testSize and/or trainSize.',
      );
    });

    it('an empty train set', () => {
      expectThrows(
        () => new ShuffleSplit({ trainSize: 0.1 }).split({ length: 5 }),
        ValidationError,
        'With nSamples=5, testSize=undefined and trainSize=0.1, the resulting train set will be empty. Adjust testSize or trainSize.',
      );
    });

    it('nSplits of 0', () => {
      expectThrows(
        () => new ShuffleSplit({ nSplits: 0 }),
        InvalidParameterError,
        'The "nSplits" option of ShuffleSplit must be an int in the range [1, inf). Got 0 instead.',
      );
    });
  });
});

describe('GroupShuffleSplit', () => {
  it('defaults to 5 splits of 20% test groups', () => {
    const cv = new GroupShuffleSplit({ randomState: 0 });
    expect(cv.getNSplits()).toBe(5);
  });

  it.each(shuffled.GroupShuffleSplit.map((c, i) => [i, c] as const))('draws scikit-learn group counts (case %i)', (_, c) => {
    const cv = new GroupShuffleSplit({ nSplits: 4, testSize: opt(c.test_size), randomState: 3 });
    for (const { train, test } of toLists(cv.split({ length: c.groups.length }, undefined, c.groups))) {
      expect(new Set(train.map((i) => c.groups[i])).size).toBe(c.n_train_groups);
      expect(new Set(test.map((i) => c.groups[i])).size).toBe(c.n_test_groups);
    }
  });

  it('rejects missing groups', () => {
    expectThrows(
      () => new GroupShuffleSplit().split({ length: 3 }),
      ValidationError,
      'The "groups" argument of GroupShuffleSplit.split must be an array of group labels (one per sample). Got undefined instead.',
    );
  });
});

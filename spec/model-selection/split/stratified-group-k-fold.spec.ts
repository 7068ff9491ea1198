import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { StratifiedGroupKFold } from '../../../lib/model-selection/split/stratified-group-k-fold.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { deterministic, expectThrows } from './fixtures.js';

describe('StratifiedGroupKFold', () => {
  it('defaults to 5 unshuffled folds', () => {
    const cv = new StratifiedGroupKFold();
    expect([cv.nSplits, cv.shuffle, cv.randomState]).toEqual([5, false, undefined]);
  });

  it.each(deterministic.StratifiedGroupKFold.map((c, i) => [i, c.y.length, c.n_splits, c] as const))(
    'equals scikit-learn without shuffling (case %i, %i samples, k=%i)',
    (_, n, k, c) => {
      const { result, warnings } = captureWarningsSync(() =>
        toLists(new StratifiedGroupKFold({ nSplits: k }).split({ length: n }, c.y, c.groups)),
      );
      expect(result).toEqual(c.splits);
      expect(warnings.map((w) => w.message)).toEqual(c.warnings.map((m) => m.replace('n_splits', 'nSplits')));
    },
  );

  it('keeps groups whole and the class balance when shuffling', () => {
    const c = deterministic.StratifiedGroupKFold[4]!;
    for (const seed of [0, 1, 2, 3]) {
      const splits = toLists(
        new StratifiedGroupKFold({ nSplits: c.n_splits, shuffle: true, randomState: seed }).split(c.y, c.y, c.groups),
      );
      const tested = splits.flatMap((s) => s.test).sort((a, b) => a - b);
      expect(tested).toEqual(c.y.map((_, i) => i));
      for (const { train, test } of splits) {
        const trainGroups = new Set(train.map((i) => c.groups[i]));
        expect(test.some((i) => trainGroups.has(c.groups[i]!))).toBe(false);
      }
    }
  });

  it('shuffles the order of groups with equal class spread, reproducibly', () => {
    // 12 groups of one sample each per class: all spreads tie, so the shuffle decides
    const y = Array.from({ length: 24 }, (_, i) => i % 2);
    const groups = Array.from({ length: 24 }, (_, i) => Math.floor(i / 2));
    const run = (seed: number) =>
      toLists(new StratifiedGroupKFold({ nSplits: 3, shuffle: true, randomState: seed }).split(y, y, groups));
    expect(run(5)).toEqual(run(5));
    const distinct = new Set([0, 1, 2, 3, 4, 5].map((s) => JSON.stringify(run(s))));
    expect(distinct.size).toBeGreaterThan(1);
  });

  describe('rejects bad input', () => {
    it('missing groups', () => {
      expectThrows(
        () => new StratifiedGroupKFold({ nSplits: 2 }).split({ length: 4 }, [0, 1, 0, 1]),
        ValidationError,
        'The "groups" argument of StratifiedGroupKFold.split must be an array of group labels (one per sample). Got undefined instead.',
      );
    });

    it('fewer groups than nSplits (scikit-learn would yield empty test folds)', () => {
      expectThrows(
        () => new StratifiedGroupKFold({ nSplits: 3 }).split({ length: 6 }, [0, 1, 0, 1, 0, 1], [1, 1, 1, 2, 2, 2]),
        ValidationError,
        'Cannot have number of splits nSplits=3 greater than the number of groups: nGroups=2.',
      );
    });

    it('every class smaller than nSplits', () => {
      expectThrows(
        () => new StratifiedGroupKFold({ nSplits: 3 }).split({ length: 4 }, [0, 0, 1, 1], [1, 2, 3, 4]),
        ValidationError,
        'nSplits=3 cannot be greater than the number of members in each class.',
      );
    });

    it('a missing y', () => {
      expectThrows(
        () => new StratifiedGroupKFold({ nSplits: 2 }).split({ length: 4 }, undefined, [1, 2, 3, 4]),
        ValidationError,
        'The "y" argument of StratifiedGroupKFold.split must be an array of class labels (one per sample). Got undefined instead.',
      );
    });

    it('a randomState without shuffle', () => {
      expectThrows(
        () => new StratifiedGroupKFold({ nSplits: 2, randomState: 1 }),
        InvalidParameterError,
        'The "randomState" option of StratifiedGroupKFold must be undefined when "shuffle" is false (a seed has no effect without shuffling). Got 1 instead. Leave randomState unset, or set shuffle: true.',
      );
    });
  });
});

describe('StratifiedGroupKFold documentation', () => {
  it('runs the example', () => {
    const y = [0, 0, 1, 1, 0, 1, 0, 1];
    const groups = [1, 1, 2, 2, 3, 3, 4, 4];
    expect(toLists(new StratifiedGroupKFold({ nSplits: 2 }).split({ length: 8 }, y, groups)).map((s) => s.test)).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { assignGroupsToFolds, GroupKFold } from '../../../lib/model-selection/split/group-k-fold.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { deterministic, expectThrows } from './fixtures.js';

describe('assignGroupsToFolds', () => {
  it('places the largest groups first, each into the lightest fold', () => {
    // sizes 5, 4, 3, 2, 1 over 2 folds: 5 -> f0, 4 -> f1, 3 -> f1, 2 -> f0, 1 -> f0
    expect(Array.from(assignGroupsToFolds([5, 4, 3, 2, 1], 2))).toEqual([0, 1, 1, 0, 0]);
  });

  it('takes equal-sized groups in reverse index order (numpy argsort reversed)', () => {
    expect(Array.from(assignGroupsToFolds([1, 1, 1, 1], 3))).toEqual([0, 2, 1, 0]);
  });
});

describe('GroupKFold', () => {
  it('defaults to 5 folds', () => {
    expect(new GroupKFold().getNSplits()).toBe(5);
  });

  it.each(deterministic.GroupKFold.map((c, i) => [i, c.groups.length, c.n_splits, c] as const))(
    'equals scikit-learn (case %i, %i samples, k=%i)',
    (_, n, k, c) => {
      expect(toLists(new GroupKFold({ nSplits: k }).split({ length: n }, undefined, c.groups))).toEqual(c.splits);
    },
  );

  it('runs the example of its documentation', () => {
    const groups = ['a', 'a', 'a', 'b', 'c', 'c'];
    expect(toLists(new GroupKFold({ nSplits: 2 }).split({ length: 6 }, undefined, groups)).map((s) => s.test)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  describe('rejects bad input', () => {
    it('missing groups', () => {
      expectThrows(
        () => new GroupKFold({ nSplits: 2 }).split({ length: 4 }),
        ValidationError,
        'The "groups" argument of GroupKFold.split must be an array of group labels (one per sample). Got undefined instead.',
      );
    });

    it('fewer groups than nSplits', () => {
      expectThrows(
        () => new GroupKFold({ nSplits: 3 }).split({ length: 4 }, undefined, [1, 1, 2, 2]),
        ValidationError,
        'Cannot have number of splits nSplits=3 greater than the number of groups: nGroups=2.',
      );
    });

    it('groups of another length than X', () => {
      expectThrows(
        () => new GroupKFold({ nSplits: 2 }).split({ length: 4 }, undefined, [1, 2, 3]),
        ValidationError,
        'Found input variables with inconsistent numbers of samples: X has 4 rows and groups has 3 entries (in GroupKFold.split).',
      );
    });

    it('nSplits below 2', () => {
      expectThrows(
        () => new GroupKFold({ nSplits: 0 }),
        InvalidParameterError,
        'The "nSplits" option of GroupKFold must be an int in the range [2, inf). Got 0 instead.',
      );
    });

    it('a shuffle option (GroupKFold has none)', () => {
      expectThrows(
        () => new GroupKFold({ shuffle: true } as unknown as { nSplits: number }),
        InvalidParameterError,
        'Unknown option "shuffle" for GroupKFold. Valid options are: "nSplits".',
      );
    });
  });
});

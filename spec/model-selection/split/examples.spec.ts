/**
 * The `@example` blocks of the splitters not already run by their own spec.
 */
import { describe, expect, it } from 'vitest';
import {
  FixedSplits,
  GroupShuffleSplit,
  LeaveOneGroupOut,
  LeavePGroupsOut,
  LeavePOut,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  ShuffleSplit,
  StratifiedShuffleSplit,
} from '../../../lib/model-selection/split/index.js';
import { toLists } from '../../contracts/splitter.contract.js';

describe('documentation examples', () => {
  it('ShuffleSplit', () => {
    const cv = new ShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 });
    expect(toLists(cv.split({ length: 8 })).map((s) => [s.train.length, s.test.length])).toEqual([
      [6, 2],
      [6, 2],
      [6, 2],
    ]);
  });

  it('GroupShuffleSplit', () => {
    const cv = new GroupShuffleSplit({ nSplits: 2, testSize: 1, randomState: 0 });
    const groups = ['a', 'a', 'b', 'c', 'c'];
    for (const { test } of toLists(cv.split({ length: 5 }, undefined, groups))) {
      expect(new Set(test.map((i) => groups[i])).size).toBe(1);
    }
  });

  it('StratifiedShuffleSplit', () => {
    const cv = new StratifiedShuffleSplit({ nSplits: 2, testSize: 0.5, randomState: 0 });
    const y = [0, 0, 0, 0, 1, 1];
    for (const [, test] of cv.split({ length: 6 }, y)) expect(Array.from(test.map((i) => y[i]!)).sort()).toEqual([0, 0, 1]);
  });

  it('LeavePOut', () => {
    const cv = new LeavePOut({ p: 2 });
    expect(cv.getNSplits({ length: 4 })).toBe(6);
    expect(toLists(cv.split({ length: 4 })).map((s) => s.test)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
  });

  it('LeaveOneGroupOut', () => {
    const groups = ['b', 'a', 'b', 'c'];
    expect(toLists(new LeaveOneGroupOut().split({ length: 4 }, undefined, groups)).map((s) => s.test)).toEqual([[1], [0, 2], [3]]);
  });

  it('LeavePGroupsOut', () => {
    expect(new LeavePGroupsOut({ nGroups: 2 }).getNSplits(undefined, undefined, [1, 1, 2, 3])).toBe(3);
  });

  it('RepeatedKFold', () => {
    const cv = new RepeatedKFold({ nSplits: 2, nRepeats: 3, randomState: 0 });
    expect(cv.getNSplits()).toBe(6);
    expect(toLists(cv.split({ length: 4 })).map((s) => s.test.length)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('RepeatedStratifiedKFold', () => {
    const cv = new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 2, randomState: 0 });
    const y = [0, 0, 1, 1];
    const tests = Array.from(cv.split({ length: 4 }, y), ([, test]) => Array.from(test.map((i) => y[i]!)).sort());
    expect(tests).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it('FixedSplits', () => {
    const cv = new FixedSplits({
      splits: [
        [[0, 1], [2, 3]],
        [[2, 3], [0, 1]],
      ],
    });
    expect(cv.getNSplits()).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { LeaveOneGroupOut, LeaveOneOut, LeavePGroupsOut, LeavePOut } from '../../../lib/model-selection/split/leave-out.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { deterministic, expectThrows } from './fixtures.js';

describe('LeaveOneOut', () => {
  it.each(deterministic.LeaveOneOut.map((c) => [c.n_samples, c] as const))('equals scikit-learn (n=%i)', (n, c) => {
    expect(toLists(new LeaveOneOut().split({ length: n }))).toEqual(c.splits);
    expect(new LeaveOneOut().getNSplits({ length: n })).toBe(n);
  });

  it('runs the example of its documentation', () => {
    expect(toLists(new LeaveOneOut().split({ length: 3 }))).toEqual([
      { train: [1, 2], test: [0] },
      { train: [0, 2], test: [1] },
      { train: [0, 1], test: [2] },
    ]);
  });

  it('rejects a single sample', () => {
    expectThrows(() => new LeaveOneOut().split([[1, 2]]), ValidationError, 'Cannot perform LeaveOneOut with nSamples=1.');
  });

  it('needs X to count its splits', () => {
    expectThrows(
      () => new LeaveOneOut().getNSplits(),
      ValidationError,
      'The "X" argument of LeaveOneOut.getNSplits must be the samples (a matrix, an array or an object with a numeric "length"). Got undefined instead.',
    );
  });
});

describe('LeavePOut', () => {
  it.each(deterministic.LeavePOut.map((c) => [c.n_samples, c.p, c] as const))('equals scikit-learn (n=%i, p=%i)', (n, p, c) => {
    const cv = new LeavePOut({ p });
    expect(toLists(cv.split({ length: n }))).toEqual(c.splits);
    expect(cv.getNSplits({ length: n })).toBe(c.n);
  });

  it('counts C(n, p) splits without enumerating them', () => {
    expect(new LeavePOut({ p: 3 }).getNSplits({ length: 100 })).toBe(161700);
  });

  it('rejects p not less than the number of samples', () => {
    expectThrows(
      () => new LeavePOut({ p: 3 }).split({ length: 3 }),
      ValidationError,
      'The "p" option of LeavePOut must be less than the number of samples (3). Got 3 instead.',
    );
  });

  it('rejects a missing p', () => {
    expectThrows(
      () => new LeavePOut({} as { p: number }),
      InvalidParameterError,
      'The "p" option of LeavePOut must be an int in the range [1, inf). Got undefined instead.',
    );
  });
});

describe('LeaveOneGroupOut', () => {
  it.each(deterministic.LeaveOneGroupOut.map((c, i) => [i, c] as const))('equals scikit-learn (case %i)', (_, c) => {
    const cv = new LeaveOneGroupOut();
    expect(toLists(cv.split({ length: c.groups.length }, undefined, c.groups))).toEqual(c.splits);
    expect(cv.getNSplits(undefined, undefined, c.groups)).toBe(c.splits.length);
  });

  it('rejects a single group', () => {
    expectThrows(
      () => new LeaveOneGroupOut().split({ length: 3 }, undefined, ['a', 'a', 'a']),
      ValidationError,
      'The "groups" argument of LeaveOneGroupOut.split must be an array with at least 2 distinct groups. Got 1 distinct group ("a") instead.',
    );
  });

  it('needs groups to count its splits', () => {
    expectThrows(
      () => new LeaveOneGroupOut().getNSplits({ length: 3 }),
      ValidationError,
      'The "groups" argument of LeaveOneGroupOut.getNSplits must be an array of group labels (one per sample). Got undefined instead.',
    );
  });
});

describe('LeavePGroupsOut', () => {
  it.each(deterministic.LeavePGroupsOut.map((c) => [c.n_groups, c] as const))('equals scikit-learn (nGroups=%i)', (p, c) => {
    const cv = new LeavePGroupsOut({ nGroups: p });
    expect(toLists(cv.split({ length: c.groups.length }, undefined, c.groups))).toEqual(c.splits);
    expect(cv.getNSplits(undefined, undefined, c.groups)).toBe(c.splits.length);
  });

  it('rejects nGroups not less than the number of groups', () => {
    expectThrows(
      () => new LeavePGroupsOut({ nGroups: 2 }).split({ length: 4 }, undefined, [1, 1, 2, 2]),
      ValidationError,
      'The "nGroups" option of LeavePGroupsOut must be less than the number of distinct groups (2). Got 2 instead.',
    );
  });
});

/**
 * Exhaustive leave-out splitters: LeaveOneOut, LeavePOut, LeaveOneGroupOut and
 * LeavePGroupsOut (scikit-learn's classes of the same names).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import { checkInteger, formatValue, invalidArgument } from '../../core/validate.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import {
  arange,
  binomial,
  checkOptionalLength,
  checkOptions,
  combinations,
  dataError,
  encodeGroups,
  numSamples,
  optionDataConflict,
  pairFromMask,
  splitsFromFoldIds,
} from './base.js';

function requireX(owner: string, X: SampleSource | undefined): number {
  if (X === undefined || X === null) {
    throw invalidArgument(owner, 'X', 'the samples (a matrix, an array or an object with a numeric "length")', X);
  }
  return numSamples(owner, X);
}

function* subsetSplits(n: number, p: number): Generator<SplitPair, void, undefined> {
  const mask = new Uint8Array(n);
  for (const test of combinations(n, p)) {
    mask.fill(0);
    for (const i of test) mask[i] = 1;
    yield pairFromMask(mask);
  }
}

/**
 * Leave-one-out cross-validation: each sample is the test set once, all others
 * train. Same as `new KFold({ nSplits: nSamples })` and `new LeavePOut({ p: 1 })`;
 * costly for large data.
 *
 * @example
 * ```ts
 * for (const [train, test] of new LeaveOneOut().split({ length: 3 })) console.log(train, test);
 * // Int32Array [1, 2]  Int32Array [0]
 * // Int32Array [0, 2]  Int32Array [1]
 * // Int32Array [0, 1]  Int32Array [2]
 * ```
 */
export class LeaveOneOut implements Splitter {
  /** @param options LeaveOneOut takes no options. */
  constructor(options: Record<string, never> = {}) {
    checkOptions('LeaveOneOut', options, []);
  }

  /**
   * The `[train, test]` pairs, test sample 0 first.
   *
   * @throws {ValidationError} with fewer than 2 samples.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'LeaveOneOut.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    if (n <= 1) {
      throw dataError(owner, 'X', `Cannot perform LeaveOneOut with nSamples=${n}.`, X, 'at least 2 samples');
    }
    return subsetSplits(n, 1);
  }

  /**
   * The number of splits: the number of samples.
   *
   * @throws {ValidationError} when X is not given.
   */
  getNSplits(X?: SampleSource): number {
    return requireX('LeaveOneOut.getNSplits', X);
  }
}

/** Options of {@link LeavePOut}. */
export interface LeavePOutOptions {
  /** The size of each test set; at least 1 and less than the number of samples. Required. */
  readonly p: number;
}

/**
 * Leave-p-out cross-validation: every subset of `p` samples is a test set once
 * (C(nSamples, p) splits, in lexicographic order), the other samples train. Test
 * sets overlap for `p > 1`, unlike `KFold({ nSplits: nSamples / p })`.
 *
 * Equal to scikit-learn's LeavePOut index for index.
 *
 * @throws {InvalidParameterError} when `p` is not an int >= 1.
 * @example
 * ```ts
 * const cv = new LeavePOut({ p: 2 });
 * cv.getNSplits({ length: 4 }); // 6
 * for (const [, test] of cv.split({ length: 4 })) console.log(test);
 * // [0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]
 * ```
 */
export class LeavePOut implements Splitter {
  readonly p: number;

  constructor(options: LeavePOutOptions) {
    checkOptions('LeavePOut', options, ['p']);
    this.p = checkInteger('LeavePOut', 'p', (options as Partial<LeavePOutOptions> | undefined)?.p, { min: 1 });
  }

  /**
   * The `[train, test]` pairs.
   *
   * @throws {ValidationError} when `p` is not less than the number of samples.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'LeavePOut.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    if (n <= this.p) {
      throw optionDataConflict('LeavePOut', 'p', `less than the number of samples (${n})`, this.p);
    }
    return subsetSplits(n, this.p);
  }

  /**
   * The number of splits: C(nSamples, p).
   *
   * @throws {ValidationError} when X is not given.
   */
  getNSplits(X?: SampleSource): number {
    return binomial(requireX('LeavePOut.getNSplits', X), this.p);
  }
}

/**
 * Leave-one-group-out cross-validation: each distinct group (in sorted order) is the
 * test set once, all other groups train.
 *
 * Equal to scikit-learn's LeaveOneGroupOut index for index.
 *
 * @example
 * ```ts
 * const groups = ['b', 'a', 'b', 'c'];
 * for (const [, test] of new LeaveOneGroupOut().split({ length: 4 }, undefined, groups)) console.log(test);
 * // Int32Array [1]  ('a'), Int32Array [0, 2]  ('b'), Int32Array [3]  ('c')
 * ```
 */
export class LeaveOneGroupOut implements Splitter {
  /** @param options LeaveOneGroupOut takes no options. */
  constructor(options: Record<string, never> = {}) {
    checkOptions('LeaveOneGroupOut', options, []);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @throws {ValidationError} when `groups` is missing or holds fewer than 2 groups.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'LeaveOneGroupOut.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    const encoded = encodeGroups(owner, groups, n);
    if (encoded.groups.length < 2) {
      throw invalidArgument(owner, 'groups', 'an array with at least 2 distinct groups', groups, {
        shown: `1 distinct group (${formatValue(encoded.groups[0])})`,
      });
    }
    return splitsFromFoldIds(encoded.codes, arange(encoded.groups.length));
  }

  /**
   * The number of splits: the number of distinct groups.
   *
   * @throws {ValidationError} when `groups` is missing.
   */
  getNSplits(_X?: SampleSource, _y?: TargetLike, groups?: Vector): number {
    return encodeGroups('LeaveOneGroupOut.getNSplits', groups, groups?.length ?? 0).groups.length;
  }
}

/** Options of {@link LeavePGroupsOut}. */
export interface LeavePGroupsOutOptions {
  /** The number of groups in each test set; at least 1. Required. */
  readonly nGroups: number;
}

/**
 * Leave-p-groups-out cross-validation: every combination of `nGroups` distinct groups
 * (in sorted group order) is the test set once, the other groups train.
 *
 * Equal to scikit-learn's LeavePGroupsOut index for index.
 *
 * @throws {InvalidParameterError} when `nGroups` is not an int >= 1.
 * @example
 * ```ts
 * const cv = new LeavePGroupsOut({ nGroups: 2 });
 * cv.getNSplits(undefined, undefined, [1, 1, 2, 3]); // 3
 * ```
 */
export class LeavePGroupsOut implements Splitter {
  readonly nGroups: number;

  constructor(options: LeavePGroupsOutOptions) {
    checkOptions('LeavePGroupsOut', options, ['nGroups']);
    this.nGroups = checkInteger(
      'LeavePGroupsOut',
      'nGroups',
      (options as Partial<LeavePGroupsOutOptions> | undefined)?.nGroups,
      { min: 1 },
    );
  }

  /**
   * The `[train, test]` pairs.
   *
   * @throws {ValidationError} when `groups` is missing or holds `nGroups` or fewer
   *   distinct groups.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'LeavePGroupsOut.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    const encoded = encodeGroups(owner, groups, n);
    const nUnique = encoded.groups.length;
    if (this.nGroups >= nUnique) {
      throw optionDataConflict(
        'LeavePGroupsOut',
        'nGroups',
        `less than the number of distinct groups (${nUnique})`,
        this.nGroups,
      );
    }
    return this.generate(encoded.codes, nUnique);
  }

  private *generate(codes: Int32Array, nUnique: number): Generator<SplitPair, void, undefined> {
    const mask = new Uint8Array(codes.length);
    const chosen = new Uint8Array(nUnique);
    for (const combo of combinations(nUnique, this.nGroups)) {
      chosen.fill(0);
      for (const g of combo) chosen[g] = 1;
      for (let i = 0; i < codes.length; i++) mask[i] = chosen[codes[i]!]!;
      yield pairFromMask(mask);
    }
  }

  /**
   * The number of splits: C(number of distinct groups, nGroups).
   *
   * @throws {ValidationError} when `groups` is missing.
   */
  getNSplits(_X?: SampleSource, _y?: TargetLike, groups?: Vector): number {
    const encoded = encodeGroups('LeavePGroupsOut.getNSplits', groups, groups?.length ?? 0);
    return binomial(encoded.groups.length, this.nGroups);
  }
}

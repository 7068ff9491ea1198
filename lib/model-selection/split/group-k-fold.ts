/**
 * GroupKFold: k folds that never split a group (scikit-learn 1.2's `GroupKFold`).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import {
  arange,
  checkOptionalLength,
  checkOptions,
  DEFAULT_N_SPLITS,
  encodeGroups,
  numSamples,
  splitsFromFoldIds,
  tooFewGroups,
  tooManySplits,
} from './base.js';
import { checkInteger } from '../../core/validate.js';
import { argsortQuick } from './numpy-compat.js';

/** Options of {@link GroupKFold}. */
export interface GroupKFoldOptions {
  /** The number of folds; at least 2 and at most the number of distinct groups. @default 5 */
  readonly nSplits?: number | undefined;
}

/**
 * The fold of each group: groups are taken largest first and each goes to the fold
 * with the fewest samples so far (the first such fold on ties). The order among
 * groups of equal size is numpy's `argsort(sizes)[::-1]`, reproduced exactly.
 */
export function assignGroupsToFolds(groupSizes: ArrayLike<number>, nSplits: number): Int32Array {
  const ascending = argsortQuick(groupSizes);
  const foldWeight = new Float64Array(nSplits);
  const groupFold = new Int32Array(groupSizes.length);
  for (let r = ascending.length - 1; r >= 0; r--) {
    const g = ascending[r]!;
    let lightest = 0;
    for (let f = 1; f < nSplits; f++) if (foldWeight[f]! < foldWeight[lightest]!) lightest = f;
    foldWeight[lightest]! += groupSizes[g]!;
    groupFold[g] = lightest;
  }
  return groupFold;
}

/**
 * K-fold cross-validation with non-overlapping groups: all rows of a group fall in
 * the same test fold, and folds are balanced by number of rows.
 *
 * Equal to scikit-learn 1.2's GroupKFold index for index, including the order in
 * which groups of the same size are placed. Test indices are increasing.
 *
 * @throws {InvalidParameterError} for `nSplits < 2`.
 * @example
 * ```ts
 * const cv = new GroupKFold({ nSplits: 2 });
 * const groups = ['a', 'a', 'a', 'b', 'c', 'c'];
 * for (const [train, test] of cv.split({ length: 6 }, undefined, groups)) console.log(test);
 * // Int32Array [0, 1, 2]
 * // Int32Array [3, 4, 5]
 * ```
 */
export class GroupKFold implements Splitter {
  readonly nSplits: number;

  constructor(options: GroupKFoldOptions = {}) {
    checkOptions('GroupKFold', options, ['nSplits']);
    this.nSplits = checkInteger('GroupKFold', 'nSplits', options.nSplits ?? DEFAULT_N_SPLITS, { min: 2 });
  }

  /**
   * The `[train, test]` pairs.
   *
   * @param X the samples (only their number is used)
   * @param y ignored; checked to hold one entry per sample when given
   * @param groups one group label per sample (required)
   * @throws {ValidationError} when `groups` is missing, or there are fewer samples
   *   or fewer distinct groups than `nSplits`.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'GroupKFold.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    const encoded = encodeGroups(owner, groups, n);
    if (this.nSplits > n) throw tooManySplits(owner, this.nSplits, n);
    const nGroups = encoded.groups.length;
    if (this.nSplits > nGroups) throw tooFewGroups(owner, this.nSplits, nGroups, groups);

    const sizes = new Float64Array(nGroups);
    for (let i = 0; i < n; i++) sizes[encoded.codes[i]!]! += 1;
    const groupFold = assignGroupsToFolds(sizes, this.nSplits);
    const foldOf = new Int32Array(n);
    for (let i = 0; i < n; i++) foldOf[i] = groupFold[encoded.codes[i]!]!;
    return splitsFromFoldIds(foldOf, arange(this.nSplits));
  }

  /** The number of splits: `nSplits`. */
  getNSplits(): number {
    return this.nSplits;
  }
}

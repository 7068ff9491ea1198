/**
 * StratifiedGroupKFold: k folds that never split a group and keep class shares as
 * well as the groups allow (scikit-learn's `StratifiedGroupKFold`).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import { encodeLabels } from '../../core/data.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import type { SampleSource, SplitPair } from './base.js';
import {
  arange,
  BaseKFold,
  encodeGroups,
  lazySplits,
  numSamples,
  splitsFromFoldIds,
  tooFewGroups,
  tooManySplits,
} from './base.js';
import { pairwiseSum, stdContiguous, stdOverRows } from './numpy-compat.js';
import { checkClassLabels, checkClassSizes } from './stratified-k-fold.js';

/** Options of {@link StratifiedGroupKFold}. */
export interface StratifiedGroupKFoldOptions {
  /** The number of folds; at least 2 and at most the number of distinct groups. @default 5 */
  readonly nSplits?: number | undefined;
  /**
   * Shuffle the order in which groups with the same class spread are placed.
   * @default false
   */
  readonly shuffle?: boolean | undefined;
  /**
   * Seed of the shuffle (numpy's `RandomState(seed)`), or a {@link RandomState}
   * that advances at every call; only allowed with `shuffle: true`. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/** numpy's `isclose(a, b)` with its default tolerances (asymmetric in `b`). */
function isClose(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/**
 * The fold that, given `groupCounts` added to it, leaves the per-class fold shares
 * least spread (mean over classes of the std over folds of count / class size);
 * near ties go to the fold with fewer samples, then to the first fold.
 */
function bestFold(
  foldCounts: Float64Array,
  nSplits: number,
  classSizes: Float64Array,
  groupCounts: Float64Array,
): number {
  const nClasses = classSizes.length;
  const shares = new Float64Array(nSplits * nClasses);
  let best = -1;
  let minEval = Infinity;
  let minSamples = Infinity;
  for (let i = 0; i < nSplits; i++) {
    for (let f = 0; f < nSplits; f++) {
      for (let c = 0; c < nClasses; c++) {
        const count = foldCounts[f * nClasses + c]! + (f === i ? groupCounts[c]! : 0);
        shares[f * nClasses + c] = count / classSizes[c]!;
      }
    }
    const stdPerClass = stdOverRows(shares, nSplits, nClasses);
    const foldEval = pairwiseSum(stdPerClass) / nClasses;
    const samplesInFold = pairwiseSum(foldCounts, i * nClasses, nClasses);
    if (foldEval < minEval || (isClose(foldEval, minEval) && samplesInFold < minSamples)) {
      minEval = foldEval;
      minSamples = samplesInFold;
      best = i;
    }
  }
  return best;
}

/**
 * Stratified k-fold cross-validation with non-overlapping groups: all rows of a
 * group fall in the same test fold, and each fold keeps the class proportions of `y`
 * as well as the groups allow.
 *
 * Groups are placed one by one, those whose class counts are most uneven first, each
 * into the fold that keeps the per-class shares most even. Without shuffling the
 * splits equal scikit-learn's index for index.
 *
 * Two deviations from scikit-learn 1.2: with `shuffle: true`, scikit-learn 1.2
 * permutes the class-count rows without the group ids that go with them, so folds
 * get effectively random groups (fixed upstream in scikit-learn PR #32540, released
 * in 1.8); here the groups are permuted together with their counts, as in the fix.
 * The permutation is the one scikit-learn draws (numpy's `RandomState(randomState)`
 * shuffling the group rows), so the splits equal the fixed scikit-learn's index for
 * index. And fewer distinct groups than `nSplits` is an error (scikit-learn yields
 * empty test folds).
 *
 * @throws {InvalidParameterError} for `nSplits < 2` or a `randomState` without `shuffle`.
 * @example
 * ```ts
 * const cv = new StratifiedGroupKFold({ nSplits: 2 });
 * const y = [0, 0, 1, 1, 0, 1, 0, 1];
 * const groups = [1, 1, 2, 2, 3, 3, 4, 4];
 * for (const [train, test] of cv.split({ length: 8 }, y, groups)) console.log(test);
 * // Int32Array [0, 1, 4, 5]  (groups 1 and 3: two 0s, two 1s)
 * // Int32Array [2, 3, 6, 7]  (groups 2 and 4: two 0s, two 1s)
 * ```
 */
export class StratifiedGroupKFold extends BaseKFold {
  constructor(options: StratifiedGroupKFoldOptions = {}) {
    super('StratifiedGroupKFold', options);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @param X the samples (only their number is used)
   * @param y class labels, one per sample (required)
   * @param groups one group label per sample (required)
   * @throws {ValidationError} when `y` or `groups` is missing or invalid, when there
   *   are fewer samples or distinct groups than `nSplits`, or every class has fewer
   *   than `nSplits` members.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'StratifiedGroupKFold.split';
    const k = this.nSplits;
    const n = numSamples(owner, X);
    const labels = checkClassLabels(owner, y, n);
    const encodedGroups = encodeGroups(owner, groups, n);
    if (k > n) throw tooManySplits(owner, k, n);

    const { classes, codes: yCodes } = encodeLabels(labels);
    const nClasses = classes.length;
    const classSizes = new Float64Array(nClasses);
    for (let i = 0; i < n; i++) classSizes[yCodes[i]!]! += 1;
    checkClassSizes(owner, k, Array.from(classSizes), labels);
    const nGroups = encodedGroups.groups.length;
    if (k > nGroups) throw tooFewGroups(owner, k, nGroups, groups);

    return lazySplits(() => this.place(n, k, nClasses, yCodes, classSizes, encodedGroups.codes, nGroups));
  }

  /** Places the groups into folds (the shuffle, if any, drawn now). */
  private place(
    n: number,
    k: number,
    nClasses: number,
    yCodes: Int32Array,
    classSizes: Float64Array,
    groupCodes: Int32Array,
    nGroups: number,
  ): Iterable<SplitPair> {
    // class counts of each group, one row per group (rows in placement-candidate order)
    const order = arange(nGroups);
    if (this.shuffle) resolveRandomState(this.randomState).shuffle(order);
    const position = new Int32Array(nGroups);
    for (let r = 0; r < nGroups; r++) position[order[r]!] = r;
    const groupCounts = new Float64Array(nGroups * nClasses);
    for (let i = 0; i < n; i++) groupCounts[position[groupCodes[i]!]! * nClasses + yCodes[i]!]! += 1;

    // most uneven groups first; a stable sort keeps the (shuffled) order on ties
    const spread = new Float64Array(nGroups);
    for (let r = 0; r < nGroups; r++) spread[r] = -stdContiguous(groupCounts, r * nClasses, nClasses);
    const byspread = Array.from(arange(nGroups)).sort((a, b) => spread[a]! - spread[b]! || a - b);

    const foldCounts = new Float64Array(k * nClasses);
    const rowFold = new Int32Array(nGroups);
    for (const r of byspread) {
      const counts = groupCounts.subarray(r * nClasses, (r + 1) * nClasses);
      const f = bestFold(foldCounts, k, classSizes, counts);
      for (let c = 0; c < nClasses; c++) foldCounts[f * nClasses + c]! += counts[c]!;
      rowFold[r] = f;
    }
    const foldOf = new Int32Array(n);
    for (let i = 0; i < n; i++) foldOf[i] = rowFold[position[groupCodes[i]!]!]!;
    return splitsFromFoldIds(foldOf, arange(k));
  }
}

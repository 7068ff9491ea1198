/**
 * PredefinedSplit: folds given by the caller (scikit-learn's `PredefinedSplit`).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import { checkParam, satisfies } from '../../core/validate.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import { checkOptionalLength, checkOptions, inconsistentLength, numSamples, splitsFromFoldIds } from './base.js';

/** Options of {@link PredefinedSplit}. */
export interface PredefinedSplitOptions {
  /**
   * The test fold of each sample: samples with the same integer are tested together;
   * -1 puts a sample in every training set and no test set. Required.
   */
  readonly testFold: readonly number[] | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array;
}

function isFoldArray(value: unknown): boolean {
  const isList = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isList) return false;
  const items = value as ArrayLike<unknown>;
  let hasFold = false;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) return false;
    if (v !== -1) hasFold = true;
  }
  return hasFold;
}

/**
 * Cross-validation over folds fixed in advance, e.g. a validation set chosen by
 * hand: `testFold[i]` is the fold in which sample i is tested, or -1 to always train
 * on it. There is one split per distinct fold value (other than -1), in increasing
 * order.
 *
 * Equal to scikit-learn's PredefinedSplit index for index. Two checks scikit-learn
 * does not make: `testFold` must hold at least one fold (all -1 would give no split),
 * and when X is given it must have one row per entry of `testFold`.
 *
 * @throws {InvalidParameterError} when `testFold` is not an array of ints with at
 *   least one value other than -1.
 * @example
 * ```ts
 * const cv = new PredefinedSplit({ testFold: [0, 1, -1, 1] });
 * for (const [train, test] of cv.split()) console.log(train, test);
 * // Int32Array [1, 2, 3]  Int32Array [0]
 * // Int32Array [0, 2]     Int32Array [1, 3]
 * ```
 */
export class PredefinedSplit implements Splitter {
  /** A copy of the test fold of each sample. */
  readonly testFold: Int32Array;
  /** The distinct folds, sorted (-1 excluded). */
  readonly uniqueFolds: readonly number[];

  constructor(options: PredefinedSplitOptions) {
    checkOptions('PredefinedSplit', options, ['testFold']);
    const testFold = checkParam<ArrayLike<number>>(
      'PredefinedSplit',
      'testFold',
      (options as Partial<PredefinedSplitOptions> | undefined)?.testFold,
      satisfies('an array of ints (the test fold of each sample, -1 for none) with at least one fold', isFoldArray),
      { kind: 'option' },
    );
    this.testFold = Int32Array.from(testFold);
    const folds = new Set<number>();
    for (const f of this.testFold) if (f !== -1) folds.add(f);
    this.uniqueFolds = Object.freeze(Array.from(folds).sort((a, b) => a - b));
  }

  /**
   * The `[train, test]` pairs, one per fold.
   *
   * @param X optional; when given, must have one row per entry of `testFold`
   * @throws {ValidationError} when X, y or groups has a different length than `testFold`.
   */
  split(X?: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'PredefinedSplit.split';
    const n = this.testFold.length;
    if (X !== undefined && X !== null) {
      const nX = numSamples(owner, X);
      if (nX !== n) throw inconsistentLength(owner, 'testFold', nX, n, this.testFold);
    }
    checkOptionalLength(owner, 'y', y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    return splitsFromFoldIds(this.testFold, this.uniqueFolds);
  }

  /** The number of splits: the number of distinct folds. */
  getNSplits(): number {
    return this.uniqueFolds.length;
  }
}

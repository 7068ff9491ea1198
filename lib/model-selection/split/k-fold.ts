/**
 * KFold: consecutive folds, optionally over shuffled rows (scikit-learn's `KFold`).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import type { SampleSource, SplitPair } from './base.js';
import { arange, BaseKFold, checkOptionalLength, lazySplits, numSamples, splitsFromFoldIds, tooManySplits } from './base.js';

/** Options of {@link KFold}. */
export interface KFoldOptions {
  /** The number of folds; at least 2. @default 5 */
  readonly nSplits?: number | undefined;
  /** Shuffle the rows before cutting them into folds. @default false */
  readonly shuffle?: boolean | undefined;
  /**
   * Seed of the shuffle (numpy's `RandomState(seed)`, as scikit-learn), or a
   * {@link RandomState} that advances at every call to `split`; only allowed with
   * `shuffle: true`. Left undefined, every call to `split` shuffles differently.
   * @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/**
 * Test-fold sizes of k-fold cross-validation: the first `n % k` folds hold one
 * sample more than the others.
 */
export function kFoldSizes(n: number, k: number): Int32Array {
  const sizes = new Int32Array(k).fill(Math.floor(n / k));
  for (let f = 0; f < n % k; f++) sizes[f]! += 1;
  return sizes;
}

/**
 * K-fold cross-validation: splits the rows into `nSplits` consecutive folds (shuffled
 * first if asked); each fold is the test set once while the others train.
 *
 * Indices in each pair are increasing. The first `nSamples % nSplits` folds hold one
 * sample more, as in scikit-learn. The splits equal scikit-learn's index for index,
 * with shuffling too: the rows are shuffled by numpy's `RandomState(randomState)`.
 *
 * @throws {InvalidParameterError} for `nSplits < 2` or a `randomState` without `shuffle`.
 * @example
 * ```ts
 * const cv = new KFold({ nSplits: 3 });
 * for (const [train, test] of cv.split({ length: 7 })) console.log(train, test);
 * // Int32Array [3, 4, 5, 6]     Int32Array [0, 1, 2]
 * // Int32Array [0, 1, 2, 5, 6]  Int32Array [3, 4]
 * // Int32Array [0, 1, 2, 3, 4]  Int32Array [5, 6]
 * ```
 */
export class KFold extends BaseKFold {
  constructor(options: KFoldOptions = {}) {
    super('KFold', options);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @param X the samples (only their number is used)
   * @param y ignored; checked to hold one entry per sample when given
   * @param groups ignored; checked to hold one entry per sample when given
   * @throws {ValidationError} when `nSplits` exceeds the number of samples.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'KFold.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    if (this.nSplits > n) throw tooManySplits(owner, this.nSplits, n);
    return lazySplits(() => {
      const order = arange(n);
      if (this.shuffle) resolveRandomState(this.randomState).shuffle(order);
      const foldOf = new Int32Array(n);
      const sizes = kFoldSizes(n, this.nSplits);
      let pos = 0;
      for (let f = 0; f < this.nSplits; f++) {
        for (let s = 0; s < sizes[f]!; s++) foldOf[order[pos++]!] = f;
      }
      return splitsFromFoldIds(foldOf, arange(this.nSplits));
    });
  }
}

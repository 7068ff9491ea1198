/**
 * StratifiedShuffleSplit: random train/test sets that keep class shares
 * (scikit-learn's `StratifiedShuffleSplit`). The draws themselves (and the
 * per-class allocation rule, `approximateMode`) are in `core/random-splits.ts`,
 * shared with HistGradientBoosting's early-stopping split.
 */
import type { TargetLike, Vector } from '../../core/data.js';
import { encodeLabels, isMultiOutput, validateTarget } from '../../core/data.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import type { ClassMembers } from '../../core/random-splits.js';
import { classMembers, stratifiedSplit } from '../../core/random-splits.js';
import type { SampleSource, SplitPair } from './base.js';
import { checkOptionalLength, dataError, numSamples, requireLabels } from './base.js';
import type { ShuffleSplitOptions } from './shuffle-split.js';
import { BaseShuffleSplit } from './shuffle-split.js';

/** Options of {@link StratifiedShuffleSplit}. */
export type StratifiedShuffleSplitOptions = ShuffleSplitOptions;

/** scikit-learn's `_approximate_mode` (see `core/random-splits.ts`). */
export { approximateMode } from '../../core/random-splits.js';

/** Per-sample class codes for stratification; a 2-D target's rows are its classes. */
export function stratificationCodes(
  owner: string,
  argument: string,
  y: TargetLike,
  n: number,
): { codes: Int32Array; counts: number[] } {
  validateTarget(y, { owner, argument, nSamples: n, allowMultiOutput: true });
  const flat: Vector = isMultiOutput(y) ? y.map((row) => Array.from(row).join(' ')) : (y as Vector);
  const { classes, codes } = encodeLabels(flat);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < codes.length; i++) counts[codes[i]!]! += 1;
  return { codes, counts };
}

/**
 * Checks that stratified sets of `nTrain` and `nTest` rows can be drawn, and returns
 * a generator of `nSplits` of them.
 */
export function stratifiedShuffleSplits(
  owner: string,
  argument: string,
  y: TargetLike,
  sizes: { nTrain: number; nTest: number; testSize: number | undefined; trainSize: number | undefined },
  nSplits: number,
  randomState: RandomStateLike | undefined,
): Generator<SplitPair, void, undefined> {
  const { codes, counts } = stratificationCodes(owner, argument, y, y.length);
  const nClasses = counts.length;
  if (Math.min(...counts) < 2) {
    throw dataError(
      owner,
      argument,
      'The least populated class in y has only 1 member, which is too few. ' +
        'The minimum number of groups for any class cannot be less than 2.',
      y,
      'at least 2 members in every class',
    );
  }
  const { nTrain, nTest } = sizes;
  for (const [set, size, fix] of [
    ['train', nTrain, 'Increase trainSize or reduce testSize.'],
    ['test', nTest, 'Increase testSize.'],
  ] as const) {
    if (size < nClasses) {
      throw dataError(
        owner,
        set === 'train' ? 'trainSize' : 'testSize',
        `The ${set} set of ${owner} would hold ${size} sample${size === 1 ? '' : 's'}, fewer than the ` +
          `${nClasses} classes: every class needs a member in it. ${fix}`,
        set === 'train' ? sizes.trainSize : sizes.testSize,
        `a ${set} set of at least ${nClasses} samples`,
      );
    }
  }
  return draw(classMembers(codes), nTrain, nTest, nSplits, randomState);
}

function* draw(classes: ClassMembers, nTrain: number, nTest: number, nSplits: number, randomState: RandomStateLike | undefined): Generator<SplitPair, void, undefined> {
  const rng = resolveRandomState(randomState);
  for (let s = 0; s < nSplits; s++) yield stratifiedSplit(classes, nTrain, nTest, rng);
}

/**
 * Stratified random permutation cross-validation: each split draws random train and
 * test sets whose class counts follow the class proportions of `y` (a merge of
 * StratifiedKFold and ShuffleSplit). A 2-D `y` stratifies on its distinct rows.
 *
 * The splits equal scikit-learn's index for index for the same seed (numpy's
 * `RandomState(randomState)` breaks the allocation's ties and draws the members,
 * in scikit-learn's order). Indices are in random order.
 *
 * @throws {InvalidParameterError} for `nSplits < 1`, a size that is neither a
 *   fraction in (0, 1) nor a count >= 1, or two fractions adding up to more than 1.
 * @example
 * ```ts
 * const cv = new StratifiedShuffleSplit({ nSplits: 2, testSize: 0.5, randomState: 0 });
 * const y = [0, 0, 0, 0, 1, 1];
 * for (const [train, test] of cv.split({ length: 6 }, y)) console.log(test.map((i) => y[i]!));
 * // two 0s and one 1 in each test set, e.g. Int32Array [0, 1, 0]
 * ```
 */
export class StratifiedShuffleSplit extends BaseShuffleSplit {
  protected readonly defaultTestSize: number = 0.1;

  constructor(options: StratifiedShuffleSplitOptions = {}) {
    super('StratifiedShuffleSplit', options, 10);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @param X the samples (only their number is used)
   * @param y class labels, one per sample (required)
   * @param groups ignored; checked to hold one entry per sample when given
   * @throws {ValidationError} when `y` is missing, a class has a single member, the
   *   sizes do not fit the number of samples, or a set is smaller than the number of
   *   classes.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'StratifiedShuffleSplit.split';
    const n = numSamples(owner, X);
    const labels = requireLabels(owner, y);
    validateTarget(labels, { owner, nSamples: n, allowMultiOutput: true });
    checkOptionalLength(owner, 'groups', groups, n);
    const sizes = this.sizesFor(n);
    return stratifiedShuffleSplits(
      this.owner,
      'y',
      labels,
      { ...sizes, testSize: this.testSize, trainSize: this.trainSize },
      this.nSplits,
      this.randomState,
    );
  }
}

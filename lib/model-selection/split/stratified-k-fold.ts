/**
 * StratifiedKFold: k folds that keep each class's share (scikit-learn's
 * `StratifiedKFold`), and the label checks the stratified splitters share.
 */
import type { Label, TargetLike, Vector } from '../../core/data.js';
import { isMultiOutput, typeOfTarget, validateTarget } from '../../core/data.js';
import type { ValidationError } from '../../core/errors.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import { invalidArgument } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { SampleSource, SplitPair } from './base.js';
import {
  arange,
  BaseKFold,
  checkOptionalLength,
  dataError,
  lazySplits,
  numSamples,
  requireLabels,
  splitsFromFoldIds,
  tooManySplits,
} from './base.js';

/** Options of {@link StratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** The number of folds; at least 2. @default 5 */
  readonly nSplits?: number | undefined;
  /** Shuffle each class's rows before assigning them to folds. @default false */
  readonly shuffle?: boolean | undefined;
  /**
   * Seed of the shuffle (numpy's `RandomState(seed)`), or a {@link RandomState}
   * that advances at every call; only allowed with `shuffle: true`. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/**
 * Checks that `y` holds class labels (binary or multiclass, one per sample) and
 * returns it as a 1-D vector.
 */
export function checkClassLabels(owner: string, y: TargetLike | undefined, n: number): Vector {
  const labels = requireLabels(owner, y);
  validateTarget(labels, { owner, nSamples: n, allowMultiOutput: true });
  const kind = isMultiOutput(labels) ? 'multiclass-multioutput' : typeOfTarget(labels);
  if (kind !== 'binary' && kind !== 'multiclass') {
    throw invalidArgument(owner, 'y', 'a binary or multiclass target (class labels)', labels, {
      shown: `a ${kind} target`,
      hint: kind === 'continuous' ? 'Stratification needs classes; for a regression target use KFold.' : undefined,
    });
  }
  return labels as Vector;
}

/** Labels coded 0..k-1 by order of first appearance (how StratifiedKFold numbers classes). */
export function encodeByAppearance(y: Vector): { codes: Int32Array; counts: number[] } {
  const index = new Map<Label, number>();
  const codes = new Int32Array(y.length);
  const counts: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as Label;
    let code = index.get(label);
    if (code === undefined) {
      code = counts.length;
      index.set(label, code);
      counts.push(0);
    }
    codes[i] = code;
    counts[code]! += 1;
  }
  return { codes, counts };
}

/** "nSplits=5 cannot be greater than the number of members in each class." */
export function classesTooSmall(owner: string, nSplits: number, y: unknown): ValidationError {
  return dataError(
    owner,
    'y',
    `nSplits=${nSplits} cannot be greater than the number of members in each class.`,
    y,
    `at least one class with ${nSplits} members or more`,
  );
}

/** Warns when the smallest class has fewer members than there are folds. */
export function warnSmallClass(nSplits: number, counts: readonly number[]): void {
  const smallest = Math.min(...counts);
  if (nSplits > smallest) {
    warn(
      `The least populated class in y has only ${smallest} members, which is less than nSplits=${nSplits}.`,
      'UserWarning',
    );
  }
}

/**
 * Checks the class sizes against the number of folds: an error when every class has
 * fewer than `nSplits` members, a warning when the smallest one has.
 */
export function checkClassSizes(owner: string, nSplits: number, counts: readonly number[], y: unknown): void {
  if (counts.every((c) => nSplits > c)) throw classesTooSmall(owner, nSplits, y);
  warnSmallClass(nSplits, counts);
}

/**
 * How many members of each class each fold receives: deal the class-sorted samples
 * round robin over the folds. `allocation[f * nClasses + k]` is class k's count in
 * fold f. It depends only on the class counts, so it is the same with or without
 * shuffling.
 */
export function stratifiedAllocation(counts: readonly number[], nSplits: number): Int32Array {
  const nClasses = counts.length;
  const allocation = new Int32Array(nSplits * nClasses);
  let pos = 0;
  for (let k = 0; k < nClasses; k++) {
    for (let m = 0; m < counts[k]!; m++) {
      allocation[(pos % nSplits) * nClasses + k]! += 1;
      pos++;
    }
  }
  return allocation;
}

/**
 * Stratified k-fold cross-validation: each fold keeps, as nearly as possible, the
 * class proportions of `y`.
 *
 * Classes are numbered by first appearance, and each class's rows are dealt to the
 * folds in blocks (rows keep their order within a class), as scikit-learn does; with
 * shuffling, each class's fold labels are shuffled by numpy's
 * `RandomState(randomState)`. The splits equal scikit-learn's index for index,
 * shuffled or not.
 *
 * Warns (`UserWarning`) when the smallest class has fewer members than `nSplits`.
 *
 * @throws {InvalidParameterError} for `nSplits < 2` or a `randomState` without `shuffle`.
 * @example
 * ```ts
 * const cv = new StratifiedKFold({ nSplits: 2 });
 * const y = ['a', 'a', 'b', 'b', 'a', 'b'];
 * for (const [train, test] of cv.split({ length: 6 }, y)) console.log(test);
 * // Int32Array [0, 1, 2]
 * // Int32Array [3, 4, 5]
 * ```
 */
export class StratifiedKFold extends BaseKFold {
  constructor(options: StratifiedKFoldOptions = {}) {
    super('StratifiedKFold', options);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @param X the samples (only their number is used)
   * @param y class labels, one per sample (required)
   * @param groups ignored; checked to hold one entry per sample when given
   * @throws {ValidationError} when `y` is missing or not class labels, when `nSplits`
   *   exceeds the number of samples, or every class has fewer than `nSplits` members.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'StratifiedKFold.split';
    const n = numSamples(owner, X);
    const labels = checkClassLabels(owner, y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    if (this.nSplits > n) throw tooManySplits(owner, this.nSplits, n);

    const { codes, counts } = encodeByAppearance(labels);
    checkClassSizes(owner, this.nSplits, counts, labels);

    const nClasses = counts.length;
    const allocation = stratifiedAllocation(counts, this.nSplits);
    return lazySplits(() => {
      const rng = this.shuffle ? resolveRandomState(this.randomState) : undefined;
      const foldOf = new Int32Array(n);
      for (let k = 0; k < nClasses; k++) {
        const foldsForClass = new Int32Array(counts[k]!);
        let pos = 0;
        for (let f = 0; f < this.nSplits; f++) {
          for (let m = 0; m < allocation[f * nClasses + k]!; m++) foldsForClass[pos++] = f;
        }
        if (rng) rng.shuffle(foldsForClass);
        pos = 0;
        for (let i = 0; i < n; i++) if (codes[i] === k) foldOf[i] = foldsForClass[pos++]!;
      }
      return splitsFromFoldIds(foldOf, arange(this.nSplits));
    });
  }
}

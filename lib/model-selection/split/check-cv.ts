/**
 * checkCv: turns the `cv` option of the searches and of crossValidate into a
 * splitter (scikit-learn's `check_cv`), and FixedSplits, the splitter over a list of
 * `[train, test]` pairs given by the caller; checkSplits: the splits a `cv` gave
 * are usable (none empty). Their errors name the function the user called.
 */
import type { TargetLike, Vector } from '../../core/data.js';
import { isMultiOutput, typeOfTarget } from '../../core/data.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkBoolean, invalidParameter } from '../../core/validate.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import { checkOptionalLength, checkOptions, dataError, isSplitter, numSamples } from './base.js';
import { KFold } from './k-fold.js';
import { StratifiedKFold } from './stratified-k-fold.js';

/** A `[train, test]` pair as a caller may give it. */
export type IndexPair = readonly [train: ArrayLike<number>, test: ArrayLike<number>];

/**
 * What `cv` may be: a number of folds, a {@link Splitter}, or an iterable of
 * `[train, test]` index pairs. `undefined` and `null` mean 5 folds.
 */
export type CvLike = number | Splitter | Iterable<IndexPair>;

/** Options of {@link checkCv}. */
export interface CheckCvOptions {
  /**
   * The estimator is a classifier: a number of folds then stratifies when y holds
   * class labels (binary or multiclass). @default false
   */
  readonly classifier?: boolean | undefined;
  /**
   * The function the user called (`GridSearchCV`, `crossValidate`): its `cv`
   * option is what the errors name. @default 'checkCv' (whose `cv` argument they name)
   */
  readonly owner?: string | undefined;
}

/** The default number of folds when `cv` is not given. */
export const DEFAULT_CV = 5;

const CV_EXPECTED =
  'an int in the range [2, inf), a splitter (an object with split and getNSplits methods) ' +
  'or an iterable of [train, test] index arrays';

function isIndexArray(value: unknown): value is ArrayLike<number> {
  const isList = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isList) return false;
  const items = value as ArrayLike<unknown>;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return false;
  }
  return true;
}

/** Options of {@link FixedSplits}. */
export interface FixedSplitsOptions {
  /** The `[train, test]` pairs, as arrays or typed arrays of row indices. Required. */
  readonly splits: Iterable<IndexPair>;
}

/** Validates and copies `[train, test]` pairs. */
function toPairs(owner: string, argument: string, splits: unknown, kind: 'argument' | 'option' = 'argument'): SplitPair[] {
  const expected = 'an iterable of [train, test] pairs of non-negative integer index arrays';
  if (typeof splits !== 'object' || splits === null || !(Symbol.iterator in splits)) {
    throw invalidParameter(owner, argument, expected, splits, { kind });
  }
  const pairs: SplitPair[] = [];
  for (const item of splits as Iterable<unknown>) {
    const ok = Array.isArray(item) && item.length === 2 && isIndexArray(item[0]) && isIndexArray(item[1]);
    if (!ok) {
      throw invalidParameter(owner, argument, expected, item, {
        kind,
        hint: `The item at position ${pairs.length} is not one.`,
      });
    }
    const [train, test] = item as unknown as [ArrayLike<number>, ArrayLike<number>];
    pairs.push([Int32Array.from(train), Int32Array.from(test)]);
  }
  return pairs;
}

/**
 * A splitter over fixed `[train, test]` pairs (scikit-learn's `_CVIterableWrapper`):
 * `split` yields copies of the pairs, whatever the data, so the caller's arrays are
 * never exposed to changes.
 *
 * @example
 * ```ts
 * const cv = new FixedSplits({ splits: [[[0, 1], [2, 3]], [[2, 3], [0, 1]]] });
 * cv.getNSplits(); // 2
 * ```
 */
export class FixedSplits implements Splitter {
  private readonly pairs: readonly SplitPair[];
  private readonly owner: string;

  /**
   * @param options.splits the pairs; each index array holds non-negative integers
   * @param owner the function whose `cv` option the pairs are, for the errors of `split` @default 'FixedSplits.split'
   * @throws {InvalidParameterError} when `splits` is not an iterable of pairs of index arrays.
   */
  constructor(options: FixedSplitsOptions, owner = 'FixedSplits.split') {
    checkOptions('FixedSplits', options, ['splits']);
    this.pairs = toPairs('FixedSplits', 'splits', (options as Partial<FixedSplitsOptions> | undefined)?.splits);
    this.owner = owner;
  }

  /**
   * Copies of the pairs.
   *
   * @param X optional; when given, every index must be below its number of samples
   * @throws {ValidationError} when an index is out of range for X.
   */
  split(X?: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = this.owner;
    if (X !== undefined && X !== null) {
      const n = numSamples(owner, X);
      checkOptionalLength(owner, 'y', y, n);
      checkOptionalLength(owner, 'groups', groups, n);
      this.pairs.forEach(([train, test], k) => {
        for (const i of [...train, ...test]) {
          if (i >= n) {
            throw dataError(
              owner,
              'cv',
              `Split ${k} holds index ${i}, out of range for ${n} samples.`,
              i,
              `indices below ${n}`,
            );
          }
        }
      });
    }
    return this.copies();
  }

  private *copies(): Generator<SplitPair, void, undefined> {
    for (const [train, test] of this.pairs) yield [train.slice(), test.slice()];
  }

  /** The number of pairs. */
  getNSplits(): number {
    return this.pairs.length;
  }
}

/**
 * Turns a `cv` value into a splitter, as the searches and crossValidate do:
 *
 * - a number k (or undefined/null, meaning 5): `StratifiedKFold({ nSplits: k })` when
 *   `classifier` is true and y holds binary or multiclass labels, else
 *   `KFold({ nSplits: k })`;
 * - a splitter: returned as is;
 * - an iterable of `[train, test]` index pairs: a {@link FixedSplits} over them.
 *
 * @param cv the `cv` value
 * @param y the targets, to choose stratification
 * @param options `classifier`: whether the estimator is a classifier
 * @throws {InvalidParameterError} for any other `cv`.
 * @example
 * ```ts
 * checkCv(3, ['a', 'b', 'a', 'b', 'a', 'b'], { classifier: true }); // StratifiedKFold, 3 folds
 * checkCv(3, [0.5, 1.5, 2.5]);                                       // KFold, 3 folds
 * checkCv([[[0, 1], [2]], [[2], [0, 1]]]);                           // FixedSplits, 2 splits
 * ```
 */
export function checkCv(cv?: CvLike | null, y?: TargetLike, options: CheckCvOptions = {}): Splitter {
  checkOptions('checkCv', options, ['classifier', 'owner']);
  const classifier = checkBoolean('checkCv', 'classifier', options?.classifier ?? false);
  // the errors name the user's function and its `cv` option, or checkCv's own argument
  const owner = options.owner ?? 'checkCv';
  const kind = options.owner === undefined ? 'argument' : 'option';
  const value: unknown = cv ?? DEFAULT_CV;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 2) {
      throw invalidParameter(owner, 'cv', CV_EXPECTED, value, { kind });
    }
    const stratify =
      classifier &&
      y !== undefined &&
      y !== null &&
      y.length > 0 &&
      !isMultiOutput(y) &&
      ['binary', 'multiclass'].includes(typeOfTarget(y));
    return stratify ? new StratifiedKFold({ nSplits: value }) : new KFold({ nSplits: value });
  }
  if (isSplitter(value)) return value;
  if (typeof value === 'object' && value !== null && Symbol.iterator in value) {
    return new FixedSplits({ splits: toPairs(owner, 'cv', value, kind) }, options.owner ?? 'FixedSplits.split');
  }
  throw invalidParameter(owner, 'cv', CV_EXPECTED, value, {
    kind,
    hint: typeof value === 'string' && /^\d+$/.test(value) ? `Pass the number ${value}, not a string.` : undefined,
  });
}

/**
 * Checks the splits a `cv` gave before any fit: at least one split, and in
 * each, rows to fit on and rows to score on.
 * @param owner the function the user called (`GridSearchCV`, `crossValidate`)
 * @throws {InvalidParameterError} naming the split that is empty, and which side.
 * @example
 * ```ts
 * checkSplits('crossValidate', [[Int32Array.of(0, 1), Int32Array.of()]]);
 * // InvalidParameterError: The "cv" option of crossValidate gave an empty test set in split 0 (2 training rows, 0 test rows): ...
 * ```
 */
export function checkSplits(owner: string, splits: readonly SplitPair[]): void {
  if (splits.length === 0) {
    throw new InvalidParameterError(`The "cv" option of ${owner} gave no splits; there is nothing to evaluate.`, {
      owner,
      argument: 'cv',
      value: splits,
      expected: 'a splitter yielding at least one split',
    });
  }
  splits.forEach(([train, test], k) => {
    if (train.length > 0 && test.length > 0) return;
    const side = test.length === 0 ? 'test' : 'training';
    throw new InvalidParameterError(
      `The "cv" option of ${owner} gave an empty ${side} set in split ${k} (${train.length} training rows, ${test.length} test rows): ` +
        'every split needs rows to fit on and rows to score on.',
      { owner, argument: 'cv', value: `split ${k}`, expected: 'splits with at least one training row and one test row' },
    );
  });
}

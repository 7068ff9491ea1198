/**
 * trainTestSplit: one random train/test split of X and y (scikit-learn's
 * `train_test_split`).
 */
import { AbstractMatrix, type Matrix } from 'ml-matrix';
import type { MatrixLike, NumericArray, TargetLike } from '../../core/data.js';
import { DenseMatrix, isMultiOutput, takeTarget } from '../../core/data.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { checkRandomStateOption, resolveRandomState } from '../../core/check-random-state.js';
import { permutationSplit } from '../../core/random-splits.js';
import { checkBoolean, invalidArgument, invalidParameter } from '../../core/validate.js';
import type { SplitPair } from './base.js';
import { arange, checkOptionalLength, checkOptions, rejectUnusedSeed } from './base.js';
import { checkSizeOptions, resolveSplitSizes } from './shuffle-split.js';
import { stratifiedShuffleSplits } from './stratified-shuffle-split.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /**
   * The test set: a fraction in (0, 1) of the samples (rounded up) or a count (an
   * int >= 1). Undefined: the complement of `trainSize`, or 0.25 when both sizes are
   * undefined. @default undefined
   */
  readonly testSize?: number | undefined;
  /**
   * The train set: a fraction in (0, 1) of the samples (rounded down) or a count.
   * Undefined: the complement of the test set. @default undefined
   */
  readonly trainSize?: number | undefined;
  /**
   * Seed of the shuffle (numpy's `RandomState(seed)`, as scikit-learn), or a
   * {@link RandomState} that advances; only allowed with `shuffle: true`.
   * @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
  /** Shuffle before splitting; without it, the first rows train and the next ones test. @default true */
  readonly shuffle?: boolean | undefined;
  /**
   * Labels to stratify on (usually y): both sets then keep their class proportions.
   * Needs `shuffle: true`. @default undefined
   */
  readonly stratify?: TargetLike | undefined;
}

/** The rows accepted as X by {@link trainTestSplit}: any matrix form or any array of rows. */
export type SplittableRows = MatrixLike | readonly unknown[];

/** What taking rows of `X` gives: the same form as `X`, with fresh rows. */
export type TakenRows<X> = X extends DenseMatrix
  ? DenseMatrix
  : X extends AbstractMatrix
    ? Matrix
    : X extends readonly (infer Row)[]
      ? Row[]
      : never;

/** What taking entries of `y` gives: an array for an array, the same typed array for a typed array. */
export type TakenTarget<Y> = Y extends readonly (infer E)[] ? E[] : Y;

/** The result of {@link trainTestSplit} without y. */
export interface TrainTestSplitX<X> {
  readonly XTrain: TakenRows<X>;
  readonly XTest: TakenRows<X>;
}

/** The result of {@link trainTestSplit} with y. */
export interface TrainTestSplitResult<X, Y> extends TrainTestSplitX<X> {
  readonly yTrain: TakenTarget<Y>;
  readonly yTest: TakenTarget<Y>;
}

const DEFAULT_TEST_SIZE = 0.25;
const OWNER = 'trainTestSplit';

function copyRow(row: unknown): unknown {
  if (Array.isArray(row)) return row.slice();
  if (ArrayBuffer.isView(row) && !(row instanceof DataView)) return (row as NumericArray).slice();
  return row;
}

function takeRows(X: SplittableRows, indices: Int32Array): unknown {
  if (X instanceof DenseMatrix) return X.takeRows(indices);
  if (X instanceof AbstractMatrix) return X.subMatrixRow(Array.from(indices));
  const rows = X as readonly unknown[];
  return Array.from(indices, (i) => copyRow(rows[i]));
}

function sampleCount(X: unknown): number {
  if (X instanceof DenseMatrix || X instanceof AbstractMatrix) return X.rows;
  if (Array.isArray(X)) return X.length;
  throw invalidArgument(OWNER, 'X', 'a matrix (number[][], an array of rows, a DenseMatrix or an ml-matrix Matrix)', X);
}

/**
 * Splits X (and y) into one random train set and one test set.
 *
 * X keeps its form: an array of rows gives arrays of rows (rows that are arrays or
 * typed arrays are copied, so the results never share memory with X), a
 * `DenseMatrix` gives `DenseMatrix`es, an ml-matrix `Matrix` gives `Matrix`es. y
 * keeps its form too (array or typed array). Rows come in the split's order: random
 * when shuffling, increasing otherwise.
 *
 * The split equals scikit-learn's index for index for the same seed, with
 * `stratify` too (the first split of ShuffleSplit or StratifiedShuffleSplit, as in
 * scikit-learn). One deviation: a `randomState` with `shuffle: false` is rejected
 * (scikit-learn ignores it), as for KFold, since the seed would have no effect.
 *
 * @param X the samples
 * @param y the targets, one per sample
 * @param options sizes, seed, shuffling and stratification
 * @returns `{ XTrain, XTest }`, plus `{ yTrain, yTest }` when y is given
 * @throws {InvalidParameterError} for bad sizes, a seed or `stratify` without
 *   shuffling.
 * @throws {ValidationError} when y or `stratify` does not have one entry per row, or
 *   the sizes do not fit the data.
 * @example
 * ```ts
 * const X = [[1], [2], [3], [4], [5], [6], [7], [8]];
 * const y = [0, 0, 0, 0, 1, 1, 1, 1];
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, randomState: 0, stratify: y });
 * // XTrain: 6 rows, XTest: 2 rows; yTest holds one 0 and one 1
 * ```
 */
export function trainTestSplit<X extends SplittableRows>(
  X: X,
  y?: undefined,
  options?: TrainTestSplitOptions,
): TrainTestSplitX<X>;
export function trainTestSplit<X extends SplittableRows, Y extends TargetLike>(
  X: X,
  y: Y,
  options?: TrainTestSplitOptions,
): TrainTestSplitResult<X, Y>;
export function trainTestSplit(
  X: SplittableRows,
  y?: TargetLike,
  options: TrainTestSplitOptions = {},
): TrainTestSplitX<SplittableRows> | TrainTestSplitResult<SplittableRows, TargetLike> {
  checkOptions(OWNER, options, ['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify']);
  const opts = options ?? {};
  const n = sampleCount(X);
  checkOptionalLength(OWNER, 'y', y, n);
  checkOptionalLength(OWNER, 'stratify', opts.stratify, n);
  const { testSize, trainSize } = checkSizeOptions(OWNER, opts.testSize, opts.trainSize);
  const shuffle = checkBoolean(OWNER, 'shuffle', opts.shuffle ?? true);
  const randomState = checkRandomStateOption(OWNER, opts.randomState);
  rejectUnusedSeed(OWNER, shuffle, randomState);
  const stratify = opts.stratify ?? undefined;
  if (!shuffle && stratify !== undefined) {
    throw invalidParameter(OWNER, 'stratify', 'undefined when "shuffle" is false', stratify, {
      kind: 'option',
      hint: 'A stratified split needs shuffling: set shuffle: true or leave stratify unset.',
    });
  }
  const { nTrain, nTest } = resolveSplitSizes(OWNER, n, testSize, trainSize, DEFAULT_TEST_SIZE);

  let pair: SplitPair;
  if (!shuffle) {
    pair = [arange(nTrain), arange(nTest, nTrain)];
  } else if (stratify !== undefined) {
    const sizes = { nTrain, nTest, testSize, trainSize };
    pair = stratifiedShuffleSplits(OWNER, 'stratify', stratify, sizes, 1, randomState).next().value as SplitPair;
  } else {
    pair = permutationSplit(n, nTrain, nTest, resolveRandomState(randomState));
  }
  const [train, test] = pair;
  const XTrain = takeRows(X, train);
  const XTest = takeRows(X, test);
  if (y === undefined || y === null) return { XTrain, XTest } as TrainTestSplitX<SplittableRows>;
  const takeY = (indices: Int32Array): TargetLike =>
    isMultiOutput(y) ? (Array.from(indices, (i) => copyRow(y[i])) as number[][]) : takeTarget(y, indices);
  return { XTrain, XTest, yTrain: takeY(train), yTest: takeY(test) } as TrainTestSplitResult<SplittableRows, TargetLike>;
}

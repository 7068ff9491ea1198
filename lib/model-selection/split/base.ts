/**
 * The splitter contract and the helpers every splitter shares.
 *
 * A splitter turns a number of samples (and, for some, labels or groups) into
 * `[train, test]` pairs of `Int32Array` row indices. It never copies or reads X: it
 * only needs the sample count, so X may be any matrix form, a target, or anything
 * with a numeric `length` or `rows`.
 *
 * Messages that scikit-learn words in its own shape (too many splits, too few
 * groups) are built here, once, so every splitter says them the same way.
 */
import type { Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { encodeLabels, validateTarget } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { checkRandomStateOption } from '../../core/check-random-state.js';
import {
  checkBoolean,
  checkInteger,
  checkKnownKeys,
  invalidArgument,
  invalidParameter,
  parameterMessage,
} from '../../core/validate.js';

/** One split: the training rows and the test rows, as 0-based indices. */
export type SplitPair = [train: Int32Array, test: Int32Array];

/**
 * What a splitter accepts as X: any matrix form, a target, or any object with a
 * numeric `length` or `rows` (`{ length: 100 }`). Only the sample count is read.
 */
export type SampleSource = MatrixLike | TargetLike | { readonly length: number } | { readonly rows: number };

/**
 * A cross-validation splitter (scikit-learn's `BaseCrossValidator` and
 * `BaseShuffleSplit`).
 *
 * `split` validates its inputs at once (errors and warnings are raised by the call,
 * not on the first iteration) and returns an iterator over the splits.
 */
export interface Splitter {
  /**
   * The `[train, test]` index pairs.
   *
   * @param X the samples (only their number is used)
   * @param y the targets, needed by stratified splitters
   * @param groups one group label per sample, needed by group splitters
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): Iterable<SplitPair>;
  /** The number of pairs `split` yields for these inputs. */
  getNSplits(X?: SampleSource, y?: TargetLike, groups?: Vector): number;
}

/** True for objects that implement the {@link Splitter} contract. */
export function isSplitter(value: unknown): value is Splitter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Splitter>).split === 'function' &&
    typeof (value as Partial<Splitter>).getNSplits === 'function'
  );
}

/**
 * True when calling `split` twice on the same data yields the same splits: the
 * splitter does not shuffle, or it shuffles with an integer `randomState`
 * (scikit-learn's `_yields_constant_splits`; a `RandomState` object advances, so
 * it does not count). Splitters without a `shuffle` field are taken to shuffle;
 * those without a `randomState` field are taken to be fixed.
 */
export function yieldsConstantSplits(splitter: Splitter): boolean {
  const s = splitter as { shuffle?: unknown; randomState?: unknown };
  const shuffle = 'shuffle' in s ? s.shuffle : true;
  const randomState = 'randomState' in s ? s.randomState : 0;
  return typeof randomState === 'number' || shuffle === false;
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

const SAMPLES_EXPECTED = 'a matrix, an array or an object with a numeric "length" or "rows" (the number of samples)';

/** The number of samples of X (its `rows`, else its `length`). */
export function numSamples(owner: string, X: unknown, argument = 'X'): number {
  let n: unknown;
  if (typeof X === 'object' && X !== null) {
    const rows = (X as { rows?: unknown }).rows;
    n = typeof rows === 'number' ? rows : (X as { length?: unknown }).length;
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidArgument(owner, argument, SAMPLES_EXPECTED, X);
  }
  return n;
}

/** The same message `validateTarget` gives when a per-sample array has the wrong length. */
export function inconsistentLength(owner: string, argument: string, n: number, got: number, value: unknown): ValidationError {
  return new ValidationError(
    `Found input variables with inconsistent numbers of samples: X has ${n} rows and ${argument} has ${got} entries (in ${owner}).`,
    { owner, argument, value, expected: `an array of length ${n}` },
  );
}

/** Checks that an optional per-sample array (y, groups) has one entry per sample. */
export function checkOptionalLength(owner: string, argument: string, value: unknown, n: number): void {
  if (value === undefined || value === null) return;
  const length = (value as { length?: unknown }).length;
  if (typeof length !== 'number') {
    throw invalidArgument(owner, argument, 'an array with one entry per sample', value);
  }
  if (length !== n) throw inconsistentLength(owner, argument, n, length, value);
}

/** Group labels encoded into their sorted distinct values (numpy's `np.unique`). */
export interface EncodedGroups {
  readonly groups: readonly Label[];
  readonly codes: Int32Array;
}

/** Requires and validates `groups` (one label per sample) and encodes it. */
export function encodeGroups(owner: string, groups: Vector | undefined, n: number): EncodedGroups {
  if (groups === undefined || groups === null) {
    throw invalidArgument(owner, 'groups', 'an array of group labels (one per sample)', groups);
  }
  validateTarget(groups, { owner, argument: 'groups', nSamples: n });
  const { classes, codes } = encodeLabels(groups);
  return { groups: classes, codes };
}

/** Requires `y` for a splitter that needs labels. */
export function requireLabels<T extends TargetLike>(owner: string, y: T | undefined): T {
  if (y === undefined || y === null) {
    throw invalidArgument(owner, 'y', 'an array of class labels (one per sample)', y);
  }
  return y;
}

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/** Rejects unknown option names (with a "did you mean" for typos like `n_splits`). */
export function checkOptions(owner: string, options: object | undefined, valid: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') {
    throw invalidParameter(owner, 'options', 'an object', options, { kind: 'argument' });
  }
  checkKnownKeys(owner, options, valid, 'option');
}

/** A `randomState` without `shuffle` has no effect: scikit-learn rejects it, and so do we. */
export function rejectUnusedSeed(owner: string, shuffle: boolean, randomState: RandomStateLike | undefined): void {
  if (!shuffle && randomState !== undefined) {
    throw invalidParameter(
      owner,
      'randomState',
      'undefined when "shuffle" is false (a seed has no effect without shuffling)',
      randomState,
      { kind: 'option', hint: 'Leave randomState unset, or set shuffle: true.' },
    );
  }
}

/**
 * The splits of `make()`, made when the first one is asked for: scikit-learn's
 * `split` is a generator, so a shared `RandomState` is drawn from at the first
 * iteration, not at the call. Inputs are still checked by the call.
 */
export function* lazySplits(make: () => Iterable<SplitPair>): Generator<SplitPair, void, undefined> {
  yield* make();
}

// ---------------------------------------------------------------------------
// K-fold splitters
// ---------------------------------------------------------------------------

/** The default number of folds of the k-fold splitters. */
export const DEFAULT_N_SPLITS = 5;

/** The options every shuffling k-fold splitter takes (each class documents its own). */
export interface BaseKFoldOptions {
  readonly nSplits?: number | undefined;
  readonly shuffle?: boolean | undefined;
  readonly randomState?: RandomStateLike | undefined;
}

/**
 * What KFold, StratifiedKFold and StratifiedGroupKFold share (scikit-learn's
 * `_BaseKFold`): the options `nSplits` (at least 2, default 5), `shuffle` (default
 * false) and `randomState` (only with `shuffle: true`), checked in that order, and
 * `getNSplits`. Subclasses implement `split`.
 */
export abstract class BaseKFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomStateLike | undefined;

  /** @param owner the class name, for messages */
  protected constructor(owner: string, options: BaseKFoldOptions) {
    checkOptions(owner, options, ['nSplits', 'shuffle', 'randomState']);
    this.nSplits = checkInteger(owner, 'nSplits', options.nSplits ?? DEFAULT_N_SPLITS, { min: 2 });
    this.shuffle = checkBoolean(owner, 'shuffle', options.shuffle ?? false);
    this.randomState = checkRandomStateOption(owner, options.randomState);
    rejectUnusedSeed(owner, this.shuffle, this.randomState);
  }

  abstract split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair>;

  /** The number of splits: `nSplits`. */
  getNSplits(): number {
    return this.nSplits;
  }
}

// ---------------------------------------------------------------------------
// Messages in scikit-learn's shape
// ---------------------------------------------------------------------------

/** "Cannot have number of splits nSplits=6 greater than the number of samples: nSamples=5." */
export function tooManySplits(owner: string, nSplits: number, n: number): ValidationError {
  return new ValidationError(
    `Cannot have number of splits nSplits=${nSplits} greater than the number of samples: nSamples=${n}.`,
    { owner, argument: 'nSplits', value: nSplits, expected: `at most nSamples=${n}` },
  );
}

/** "Cannot have number of splits nSplits=4 greater than the number of groups: nGroups=3." */
export function tooFewGroups(owner: string, nSplits: number, nGroups: number, groups: unknown): ValidationError {
  return new ValidationError(
    `Cannot have number of splits nSplits=${nSplits} greater than the number of groups: nGroups=${nGroups}.`,
    { owner, argument: 'groups', value: groups, expected: `at least ${nSplits} distinct groups` },
  );
}

/**
 * An option whose value does not fit the data it is applied to (a count larger
 * than the number of samples): the standard message, as a {@link ValidationError}.
 */
export function optionDataConflict(
  owner: string,
  name: string,
  expected: string,
  value: unknown,
  hint?: string,
): ValidationError {
  return new ValidationError(parameterMessage(owner, name, 'option', expected, value, hint), {
    owner,
    argument: name,
    value,
    expected,
  });
}

/** A data error with a free-form message (scikit-learn's wording, in camelCase). */
export function dataError(owner: string, argument: string, message: string, value: unknown, expected: string): ValidationError {
  return new ValidationError(message, { owner, argument, value, expected });
}

// ---------------------------------------------------------------------------
// Building splits
// ---------------------------------------------------------------------------

/** 0..n-1. */
export function arange(n: number, start = 0): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i;
  return out;
}

/**
 * The split whose test set is the rows marked in `mask` (train: the others), both
 * in increasing order, as scikit-learn builds them from boolean masks.
 */
export function pairFromMask(mask: Uint8Array): SplitPair {
  let nTest = 0;
  for (let i = 0; i < mask.length; i++) nTest += mask[i]!;
  const train = new Int32Array(mask.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) test[b++] = i;
    else train[a++] = i;
  }
  return [train, test];
}

/**
 * One split per fold id in `folds`: the test set holds the rows whose `foldOf` is
 * that id, the train set every other row (rows with an id not in `folds`, such as
 * PredefinedSplit's -1, are always in train).
 */
export function* splitsFromFoldIds(foldOf: Int32Array, folds: Iterable<number>): Generator<SplitPair, void, undefined> {
  const mask = new Uint8Array(foldOf.length);
  for (const f of folds) {
    for (let i = 0; i < foldOf.length; i++) mask[i] = foldOf[i] === f ? 1 : 0;
    yield pairFromMask(mask);
  }
}

/** n choose k, exactly while it fits in a double's integer range. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let result = 1n;
  for (let i = 1; i <= kk; i++) result = (result * BigInt(n - kk + i)) / BigInt(i);
  return Number(result);
}

/** The k-subsets of 0..n-1 in lexicographic order (Python's `itertools.combinations`). */
export function* combinations(n: number, k: number): Generator<Int32Array, void, undefined> {
  if (k > n || k < 0) return;
  const idx = arange(k);
  for (;;) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === i + n - k) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

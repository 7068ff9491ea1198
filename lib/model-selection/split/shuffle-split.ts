/**
 * Random permutation splitters: ShuffleSplit and GroupShuffleSplit (scikit-learn's
 * classes of the same names), and the train/test size rules they share with
 * StratifiedShuffleSplit and trainTestSplit.
 */
import type { TargetLike, Vector } from '../../core/data.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { checkRandomStateOption, resolveRandomState } from '../../core/check-random-state.js';
import { permutationSplit } from '../../core/random-splits.js';
import {
  checkInteger,
  checkParam,
  integerIn,
  invalidParameter,
  realIn,
  undefinedValue,
} from '../../core/validate.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import {
  checkOptionalLength,
  checkOptions,
  dataError,
  encodeGroups,
  numSamples,
  optionDataConflict,
} from './base.js';

/** Options shared by {@link ShuffleSplit}, GroupShuffleSplit and StratifiedShuffleSplit. */
export interface ShuffleSplitOptions {
  /** The number of re-shuffling and splitting iterations; at least 1. @default 10 */
  readonly nSplits?: number | undefined;
  /**
   * The test set: a fraction in (0, 1) of the samples (rounded up), or a count
   * (an int >= 1). Undefined: the complement of `trainSize`, or 0.1 when both
   * sizes are undefined. @default undefined
   */
  readonly testSize?: number | undefined;
  /**
   * The train set: a fraction in (0, 1) of the samples (rounded down), or a count
   * (an int >= 1). Undefined: the complement of the test set. @default undefined
   */
  readonly trainSize?: number | undefined;
  /**
   * Seed of the permutations (numpy's `RandomState(seed)`, as scikit-learn), or a
   * {@link RandomState} that advances at every call; undefined shuffles differently
   * on every call. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/** Options of {@link GroupShuffleSplit}: sizes count groups, not samples. */
export interface GroupShuffleSplitOptions extends ShuffleSplitOptions {
  /** The number of splits; at least 1. @default 5 */
  readonly nSplits?: number | undefined;
  /** The test groups, as a fraction or a count; 0.2 when both sizes are undefined. @default undefined */
  readonly testSize?: number | undefined;
}

const SIZE_CONSTRAINTS = [
  realIn({ min: 0, max: 1, minInclusive: false, maxInclusive: false }),
  integerIn({ min: 1 }),
  undefinedValue,
];

const isFraction = (v: number | undefined): v is number => v !== undefined && v < 1;

/**
 * Checks `testSize` and `trainSize` on their own (a fraction in (0, 1), a count
 * >= 1 or undefined; two fractions adding up to at most 1). A number below 1 is a
 * fraction and an integer from 1 up is a count: JavaScript has no separate int type,
 * so `1` means one sample where scikit-learn would read `1.0` as a (rejected)
 * fraction.
 */
export function checkSizeOptions(
  owner: string,
  testSize: unknown,
  trainSize: unknown,
): { testSize: number | undefined; trainSize: number | undefined } {
  const test = checkParam<number | undefined>(owner, 'testSize', testSize, SIZE_CONSTRAINTS, { kind: 'option' });
  const train = checkParam<number | undefined>(owner, 'trainSize', trainSize, SIZE_CONSTRAINTS, { kind: 'option' });
  if (isFraction(test) && isFraction(train) && test + train > 1) {
    throw invalidParameter(owner, 'testSize', `a fraction with testSize + trainSize <= 1 (trainSize is ${train})`, test, {
      kind: 'option',
      hint: 'Reduce testSize and/or trainSize.',
    });
  }
  return { testSize: test, trainSize: train };
}

/**
 * The train and test set sizes for `n` samples (scikit-learn's
 * `_validate_shuffle_split`): a test fraction is rounded up, a train fraction down,
 * and an undefined size is the complement of the other.
 *
 * @throws {ValidationError} when a count is not below `n`, the two sets need more
 *   than `n` samples, or the train set would be empty.
 */
export function resolveSplitSizes(
  owner: string,
  n: number,
  testSize: number | undefined,
  trainSize: number | undefined,
  defaultTestSize: number,
): { nTrain: number; nTest: number } {
  const test = testSize === undefined && trainSize === undefined ? defaultTestSize : testSize;
  for (const [name, value] of [
    ['testSize', test],
    ['trainSize', trainSize],
  ] as const) {
    if (value !== undefined && !isFraction(value) && value >= n) {
      throw optionDataConflict(owner, name, `a fraction in (0, 1) or a count less than the number of samples (${n})`, value);
    }
  }
  let nTest = test === undefined ? undefined : isFraction(test) ? Math.ceil(test * n) : test;
  let nTrain = trainSize === undefined ? undefined : isFraction(trainSize) ? Math.floor(trainSize * n) : trainSize;
  if (nTrain === undefined) nTrain = n - nTest!;
  else if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest! > n) {
    throw dataError(
      owner,
      'testSize',
      `The "testSize" and "trainSize" options of ${owner} ask for nTrain + nTest = ${nTrain + nTest!} samples, ` +
        `more than the ${n} available. Reduce testSize and/or trainSize.`,
      testSize,
      `nTrain + nTest <= ${n}`,
    );
  }
  if (nTrain === 0) {
    throw dataError(
      owner,
      'testSize',
      `With nSamples=${n}, testSize=${String(test)} and trainSize=${String(trainSize)}, the resulting train set ` +
        'will be empty. Adjust testSize or trainSize.',
      testSize,
      'a non-empty train set',
    );
  }
  return { nTrain, nTest: nTest! };
}

/**
 * What the shuffle splitters share: the options, their checks, and drawing random
 * disjoint index sets. Subclasses implement `split`.
 */
export abstract class BaseShuffleSplit implements Splitter {
  readonly nSplits: number;
  readonly testSize: number | undefined;
  readonly trainSize: number | undefined;
  readonly randomState: RandomStateLike | undefined;
  /** The test size used when neither size is set. */
  protected abstract readonly defaultTestSize: number;
  /** The class name, for messages. */
  protected readonly owner: string;

  protected constructor(owner: string, options: ShuffleSplitOptions, defaultNSplits: number) {
    checkOptions(owner, options, ['nSplits', 'testSize', 'trainSize', 'randomState']);
    const opts = options ?? {};
    this.owner = owner;
    this.nSplits = checkInteger(owner, 'nSplits', opts.nSplits ?? defaultNSplits, { min: 1 });
    const sizes = checkSizeOptions(owner, opts.testSize, opts.trainSize);
    this.testSize = sizes.testSize;
    this.trainSize = sizes.trainSize;
    this.randomState = checkRandomStateOption(owner, opts.randomState);
  }

  abstract split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair>;

  /** The train and test sizes for `n` items. */
  protected sizesFor(n: number): { nTrain: number; nTest: number } {
    return resolveSplitSizes(this.owner, n, this.testSize, this.trainSize, this.defaultTestSize);
  }

  /**
   * `nSplits` random disjoint `[train, test]` index sets over 0..n-1, as
   * scikit-learn draws them: each split permutes 0..n-1 (numpy's `permutation`),
   * the first `nTest` are the test set and the next `nTrain` the train set, in
   * that random order.
   */
  protected *permutations(n: number, nTrain: number, nTest: number): Generator<SplitPair, void, undefined> {
    const rng = resolveRandomState(this.randomState);
    for (let s = 0; s < this.nSplits; s++) yield permutationSplit(n, nTrain, nTest, rng);
  }

  /** The number of splits: `nSplits`. */
  getNSplits(): number {
    return this.nSplits;
  }
}

/**
 * Random permutation cross-validation: each split draws a fresh random test set
 * and a disjoint train set. Splits may overlap from one iteration to the next, and
 * the two sets need not cover all samples.
 *
 * The splits equal scikit-learn's index for index for the same seed (numpy's
 * `RandomState(randomState)` draws the permutations). Indices are in random order.
 *
 * @throws {InvalidParameterError} for `nSplits < 1`, a size that is neither a
 *   fraction in (0, 1) nor a count >= 1, or two fractions adding up to more than 1.
 * @example
 * ```ts
 * const cv = new ShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 });
 * for (const [train, test] of cv.split({ length: 8 })) console.log(train.length, test.length);
 * // 6 2 (three times)
 * ```
 */
export class ShuffleSplit extends BaseShuffleSplit {
  protected readonly defaultTestSize: number = 0.1;

  constructor(options: ShuffleSplitOptions = {}) {
    super('ShuffleSplit', options, 10);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @param X the samples (only their number is used)
   * @param y ignored; checked to hold one entry per sample when given
   * @param groups ignored; checked to hold one entry per sample when given
   * @throws {ValidationError} when the sizes do not fit the number of samples.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'ShuffleSplit.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    const { nTrain, nTest } = this.sizesFor(n);
    return this.permutations(n, nTrain, nTest);
  }
}

/**
 * Random permutation cross-validation over groups: each split draws random test
 * groups and disjoint train groups, and every row goes with its group. `testSize`
 * and `trainSize` count (or take a fraction of) distinct groups, not rows.
 *
 * The splits equal scikit-learn's index for index for the same seed. Indices are
 * increasing.
 *
 * @example
 * ```ts
 * const cv = new GroupShuffleSplit({ nSplits: 2, testSize: 1, randomState: 0 });
 * const groups = ['a', 'a', 'b', 'c', 'c'];
 * for (const [train, test] of cv.split({ length: 5 }, undefined, groups)) console.log(test);
 * // the rows of one random group per split, e.g. Int32Array [2]
 * ```
 */
export class GroupShuffleSplit extends BaseShuffleSplit {
  protected readonly defaultTestSize: number = 0.2;

  constructor(options: GroupShuffleSplitOptions = {}) {
    super('GroupShuffleSplit', options, 5);
  }

  /**
   * The `[train, test]` pairs.
   *
   * @throws {ValidationError} when `groups` is missing or the sizes do not fit the
   *   number of distinct groups.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'GroupShuffleSplit.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    const encoded = encodeGroups(owner, groups, n);
    const nGroups = encoded.groups.length;
    const { nTrain, nTest } = this.sizesFor(nGroups);
    return this.groupSplits(encoded.codes, nGroups, nTrain, nTest);
  }

  private *groupSplits(codes: Int32Array, nGroups: number, nTrain: number, nTest: number): Generator<SplitPair> {
    const side = new Int8Array(nGroups);
    for (const [groupTrain, groupTest] of this.permutations(nGroups, nTrain, nTest)) {
      side.fill(0);
      for (const g of groupTrain) side[g] = 1;
      for (const g of groupTest) side[g] = 2;
      let a = 0;
      let b = 0;
      for (let i = 0; i < codes.length; i++) {
        if (side[codes[i]!] === 1) a++;
        else if (side[codes[i]!] === 2) b++;
      }
      const train = new Int32Array(a);
      const test = new Int32Array(b);
      a = 0;
      b = 0;
      for (let i = 0; i < codes.length; i++) {
        if (side[codes[i]!] === 1) train[a++] = i;
        else if (side[codes[i]!] === 2) test[b++] = i;
      }
      yield [train, test];
    }
  }
}

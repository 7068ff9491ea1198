/**
 * TimeSeriesSplit: expanding-window splits of ordered data (scikit-learn's
 * `TimeSeriesSplit`).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import { checkInteger, checkParam, integerIn, undefinedValue } from '../../core/validate.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import { arange, checkOptionalLength, checkOptions, dataError, DEFAULT_N_SPLITS, numSamples } from './base.js';

/** Options of {@link TimeSeriesSplit}. */
export interface TimeSeriesSplitOptions {
  /** The number of splits; at least 2. @default 5 */
  readonly nSplits?: number | undefined;
  /** The most rows a training set may hold (the latest ones are kept); undefined for no limit. @default undefined */
  readonly maxTrainSize?: number | undefined;
  /** The rows in each test set; undefined for `floor(nSamples / (nSplits + 1))`. @default undefined */
  readonly testSize?: number | undefined;
  /** Rows left out between the end of each training set and its test set. @default 0 */
  readonly gap?: number | undefined;
}

/**
 * Time-series cross-validation: split `i` tests on a block of consecutive rows and
 * trains on the rows before it (less `gap` rows, at most `maxTrainSize` of them).
 * Test blocks are the last `nSplits * testSize` rows; training sets grow, so unlike
 * k-fold the training sets are not complements of the test sets. Rows must be in
 * time order.
 *
 * Equal to scikit-learn's TimeSeriesSplit index for index.
 *
 * @throws {InvalidParameterError} for `nSplits < 2`, a `maxTrainSize` or `testSize`
 *   below 1, or a negative `gap`.
 * @example
 * ```ts
 * const cv = new TimeSeriesSplit({ nSplits: 3 });
 * for (const [train, test] of cv.split({ length: 6 })) console.log(train, test);
 * // Int32Array [0, 1, 2]        Int32Array [3]
 * // Int32Array [0, 1, 2, 3]     Int32Array [4]
 * // Int32Array [0, 1, 2, 3, 4]  Int32Array [5]
 * ```
 */
export class TimeSeriesSplit implements Splitter {
  readonly nSplits: number;
  readonly maxTrainSize: number | undefined;
  readonly testSize: number | undefined;
  readonly gap: number;

  constructor(options: TimeSeriesSplitOptions = {}) {
    const owner = 'TimeSeriesSplit';
    checkOptions(owner, options, ['nSplits', 'maxTrainSize', 'testSize', 'gap']);
    this.nSplits = checkInteger(owner, 'nSplits', options.nSplits ?? DEFAULT_N_SPLITS, { min: 2 });
    const positiveOrUnset = [integerIn({ min: 1 }), undefinedValue];
    this.maxTrainSize = checkParam<number | undefined>(owner, 'maxTrainSize', options.maxTrainSize, positiveOrUnset, {
      kind: 'option',
    });
    this.testSize = checkParam<number | undefined>(owner, 'testSize', options.testSize, positiveOrUnset, {
      kind: 'option',
    });
    this.gap = checkInteger(owner, 'gap', options.gap ?? 0, { min: 0 });
  }

  /**
   * The `[train, test]` pairs, oldest test block first.
   *
   * @param X the samples, in time order (only their number is used)
   * @param y ignored; checked to hold one entry per sample when given
   * @param groups ignored; checked to hold one entry per sample when given
   * @throws {ValidationError} when there are not enough samples for `nSplits`,
   *   `testSize` and `gap`.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    const owner = 'TimeSeriesSplit.split';
    const n = numSamples(owner, X);
    checkOptionalLength(owner, 'y', y, n);
    checkOptionalLength(owner, 'groups', groups, n);
    const nSplits = this.nSplits;
    const nFolds = nSplits + 1;
    const gap = this.gap;
    const testSize = this.testSize ?? Math.floor(n / nFolds);
    if (nFolds > n) {
      throw dataError(
        owner,
        'nSplits',
        `Cannot have number of folds nSplits + 1 = ${nFolds} greater than the number of samples: nSamples=${n}.`,
        nSplits,
        `at most nSamples - 1 = ${n - 1}`,
      );
    }
    if (n - gap - testSize * nSplits <= 0) {
      throw dataError(
        owner,
        'nSplits',
        `Too many splits nSplits=${nSplits} for number of samples nSamples=${n} with testSize=${testSize} and gap=${gap}.`,
        nSplits,
        'nSplits * testSize + gap < nSamples',
      );
    }
    return this.generate(n, testSize);
  }

  private *generate(n: number, testSize: number): Generator<SplitPair, void, undefined> {
    for (let testStart = n - this.nSplits * testSize; testStart < n; testStart += testSize) {
      const trainEnd = testStart - this.gap;
      const trainStart =
        this.maxTrainSize !== undefined && this.maxTrainSize < trainEnd ? trainEnd - this.maxTrainSize : 0;
      const testEnd = Math.min(testStart + testSize, n);
      yield [arange(trainEnd - trainStart, trainStart), arange(testEnd - testStart, testStart)];
    }
  }

  /** The number of splits: `nSplits`. */
  getNSplits(): number {
    return this.nSplits;
  }
}

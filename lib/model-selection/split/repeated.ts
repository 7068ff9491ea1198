/**
 * Repeated k-fold: RepeatedKFold and RepeatedStratifiedKFold (scikit-learn's
 * classes of the same names).
 */
import type { TargetLike, Vector } from '../../core/data.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { checkRandomStateOption, resolveRandomState } from '../../core/check-random-state.js';
import { checkInteger } from '../../core/validate.js';
import { captureWarningsSync } from '../../core/warnings.js';
import type { SampleSource, SplitPair, Splitter } from './base.js';
import { checkOptions, DEFAULT_N_SPLITS } from './base.js';
import { KFold } from './k-fold.js';
import { StratifiedKFold } from './stratified-k-fold.js';

/** Options of {@link RepeatedKFold} and {@link RepeatedStratifiedKFold}. */
export interface RepeatedKFoldOptions {
  /** The number of folds in each repetition; at least 2. @default 5 */
  readonly nSplits?: number | undefined;
  /** The number of repetitions, each with a different shuffle; at least 1. @default 10 */
  readonly nRepeats?: number | undefined;
  /**
   * Seed of the repetitions' shuffles (one numpy `RandomState(seed)` shared by the
   * repetitions, as in scikit-learn), or a {@link RandomState} that advances at
   * every call; undefined shuffles differently on every call. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/** The default number of repetitions. */
export const DEFAULT_N_REPEATS = 10;

type ShuffledKFold = (nSplits: number, randomState: RandomStateLike | undefined) => Splitter & {
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair>;
};

/**
 * What the repeated splitters share (scikit-learn's `_RepeatedSplits`): `nRepeats`
 * shuffled k-fold runs, all drawing from one `RandomState`, one after the other.
 */
abstract class RepeatedSplits implements Splitter {
  readonly nSplits: number;
  readonly nRepeats: number;
  readonly randomState: RandomStateLike | undefined;
  private readonly make: ShuffledKFold;

  protected constructor(owner: string, options: RepeatedKFoldOptions, make: ShuffledKFold) {
    checkOptions(owner, options, ['nSplits', 'nRepeats', 'randomState']);
    const opts = options ?? {};
    this.nSplits = checkInteger(owner, 'nSplits', opts.nSplits ?? DEFAULT_N_SPLITS, { min: 2 });
    this.nRepeats = checkInteger(owner, 'nRepeats', opts.nRepeats ?? DEFAULT_N_REPEATS, { min: 1 });
    this.randomState = checkRandomStateOption(owner, opts.randomState);
    this.make = make;
  }

  /**
   * The `[train, test]` pairs: all folds of the first repetition, then the second...
   *
   * Inputs are checked (and warnings emitted) once, by this call; the shuffles are
   * drawn as the splits are iterated.
   */
  split(X: SampleSource, y?: TargetLike, groups?: Vector): IterableIterator<SplitPair> {
    // checks the inputs and warns now; nothing is drawn until iteration
    this.make(this.nSplits, undefined).split(X, y, groups);
    return this.repeat(X, y, groups);
  }

  private *repeat(X: SampleSource, y: TargetLike | undefined, groups: Vector | undefined): Generator<SplitPair, void, undefined> {
    const rng = resolveRandomState(this.randomState);
    for (let r = 0; r < this.nRepeats; r++) {
      // already checked and warned about by split()
      const { result } = captureWarningsSync(() => this.make(this.nSplits, rng).split(X, y, groups));
      yield* result;
    }
  }

  /** The number of splits: `nSplits * nRepeats`. */
  getNSplits(): number {
    return this.nSplits * this.nRepeats;
  }
}

/**
 * Repeated k-fold cross-validation: KFold with shuffling, `nRepeats` times, each
 * repetition shuffled differently.
 *
 * The splits equal scikit-learn's index for index for the same seed.
 *
 * @throws {InvalidParameterError} for `nSplits < 2` or `nRepeats < 1`.
 * @example
 * ```ts
 * const cv = new RepeatedKFold({ nSplits: 2, nRepeats: 3, randomState: 0 });
 * cv.getNSplits(); // 6
 * for (const [train, test] of cv.split({ length: 4 })) console.log(test.length); // 2, six times
 * ```
 */
export class RepeatedKFold extends RepeatedSplits {
  constructor(options: RepeatedKFoldOptions = {}) {
    super('RepeatedKFold', options, (nSplits, randomState) => new KFold({ nSplits, shuffle: true, randomState }));
  }
}

/**
 * Repeated stratified k-fold cross-validation: StratifiedKFold with shuffling,
 * `nRepeats` times, each repetition shuffled differently.
 *
 * The splits equal scikit-learn's index for index for the same seed. Warns once
 * per `split` call when the smallest class has fewer members than `nSplits`.
 *
 * @throws {InvalidParameterError} for `nSplits < 2` or `nRepeats < 1`.
 * @example
 * ```ts
 * const cv = new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 2, randomState: 0 });
 * const y = [0, 0, 1, 1];
 * for (const [, test] of cv.split({ length: 4 }, y)) console.log(test.map((i) => y[i]!));
 * // one 0 and one 1 in each of the 4 test folds
 * ```
 */
export class RepeatedStratifiedKFold extends RepeatedSplits {
  constructor(options: RepeatedKFoldOptions = {}) {
    super(
      'RepeatedStratifiedKFold',
      options,
      (nSplits, randomState) => new StratifiedKFold({ nSplits, shuffle: true, randomState }),
    );
  }
}

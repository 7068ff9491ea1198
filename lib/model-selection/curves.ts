/**
 * The manual-tuning tools: `learningCurve` and `validationCurve` (scikit-learn's
 * `learning_curve` and `validation_curve`).
 */
import type { MatrixLike, TargetLike, Vector } from '../core/data.js';
import { InvalidParameterError } from '../core/errors.js';
import type { AnyEstimator, FitOptions } from '../core/estimator.js';
import { clone } from '../core/estimator.js';
import type { RandomStateLike } from '../core/check-random-state.js';
import { checkRandomStateOption, resolveRandomState } from '../core/check-random-state.js';
import { booleanValue, checkKnownKeys, checkParam, formatValue, oneOf, satisfies } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { Scorer, Scoring } from '../metrics/scorer.js';
import { checkScoring } from '../metrics/scorer.js';
import type { FitAndScoreContext, FitAndScoreTask } from './fit-and-score.js';
import type { CvLike } from './split/index.js';
import { prepareCrossValidation, runSplitTasks } from './validation.js';

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions {
  /**
   * Training set sizes: fractions of the largest training split in (0, 1], or
   * absolute counts (integers, at least one of them > 1).
   * @default [0.1, 0.325, 0.55, 0.775, 1]
   */
  readonly trainSizes?: readonly number[] | undefined;
  readonly cv?: CvLike | undefined;
  /** One scorer name or scorer. @default the estimator's `score` */
  readonly scoring?: Scoring | undefined;
  readonly groups?: Vector | undefined;
  /** Shuffle each training split before taking its first n rows. @default false */
  readonly shuffle?: boolean | undefined;
  /**
   * Seed of the shuffling (numpy's `RandomState(seed)`: scikit-learn's rows for the
   * same seed), or a {@link RandomState} that each call draws from (it advances).
   * @default undefined (fresh seed)
   */
  readonly randomState?: RandomStateLike | undefined;
  readonly errorScore?: number | 'raise' | undefined;
  readonly fitOptions?: FitOptions | undefined;
  readonly nJobs?: number | undefined;
}

/** What {@link learningCurve} returns: score arrays are nSizes × nSplits. */
export interface LearningCurveResult {
  /** The distinct absolute training sizes used. */
  readonly trainSizesAbs: number[];
  readonly trainScores: number[][];
  readonly testScores: number[][];
  /** Fit times in seconds, nSizes × nSplits. */
  readonly fitTimes: number[][];
  /** Score times in seconds, nSizes × nSplits. */
  readonly scoreTimes: number[][];
}

/** The default training sizes (scikit-learn's `np.linspace(0.1, 1.0, 5)`). */
export const DEFAULT_TRAIN_SIZES: readonly number[] = [0.1, 0.325, 0.55, 0.775, 1.0];

function singleScorer(owner: string, scoring: Scoring | undefined, estimator: AnyEstimator): Scorer {
  if (Array.isArray(scoring) || (typeof scoring === 'object' && scoring !== null)) {
    throw new InvalidParameterError(`The "scoring" option of ${owner} must be a single scorer name or scorer. Got ${formatValue(scoring)} instead.`, {
      owner,
      argument: 'scoring',
      value: scoring,
      expected: 'a scorer name or a scorer',
    });
  }
  return checkScoring(scoring, { owner, estimator }).scorers.score as Scorer;
}

/**
 * Converts fractions or counts into distinct absolute sizes (scikit-learn's
 * `_translate_train_sizes`). In JavaScript 1 and 1.0 are the same number: a list
 * of integers is read as counts when one of them is above 1, as fractions otherwise.
 */
export function translateTrainSizes(trainSizes: readonly number[], nMax: number, owner = 'learningCurve'): number[] {
  if (!Array.isArray(trainSizes) || trainSizes.length === 0 || trainSizes.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new InvalidParameterError(
      `The "trainSizes" option of ${owner} must be a non-empty array of numbers. Got ${formatValue(trainSizes)} instead.`,
      { owner, argument: 'trainSizes', value: trainSizes, expected: 'a non-empty array of numbers' },
    );
  }
  const lo = Math.min(...trainSizes);
  const hi = Math.max(...trainSizes);
  const counts = trainSizes.every((v) => Number.isInteger(v)) && hi > 1;
  let abs: number[];
  if (!counts) {
    if (lo <= 0 || hi > 1) {
      throw new InvalidParameterError(
        `The "trainSizes" option of ${owner} was read as fractions of the largest training split and must be within (0, 1]. Got values within [${lo}, ${hi}] instead.`,
        { owner, argument: 'trainSizes', value: trainSizes, expected: 'fractions in (0, 1]' },
      );
    }
    abs = trainSizes.map((f) => Math.min(nMax, Math.max(1, Math.trunc(f * nMax))));
  } else {
    if (lo <= 0 || hi > nMax) {
      throw new InvalidParameterError(
        `The "trainSizes" option of ${owner} was read as absolute numbers of training samples and must be within (0, ${nMax}]. Got values within [${lo}, ${hi}] instead.`,
        { owner, argument: 'trainSizes', value: trainSizes, expected: `counts in (0, ${nMax}]` },
      );
    }
    abs = [...trainSizes];
  }
  const unique = [...new Set(abs)].sort((a, b) => a - b);
  if (unique.length !== abs.length) {
    warn(
      `Removed duplicate entries from "trainSizes". Number of ticks will be less than the size of "trainSizes": ${unique.length} instead of ${abs.length}.`,
      'UserWarning',
    );
  }
  return unique;
}

function reshape(values: readonly number[], nRows: number, nCols: number, splitMajor: boolean): number[][] {
  return Array.from({ length: nRows }, (_, r) => Array.from({ length: nCols }, (_, c) => values[splitMajor ? c * nRows + r : r * nCols + c] as number));
}

/** The options both curves take with the same meaning. */
type SharedCurveOptions = Pick<LearningCurveOptions, 'cv' | 'scoring' | 'groups' | 'errorScore' | 'fitOptions' | 'nJobs'>;

function checkErrorScore(owner: string, errorScore: unknown): void {
  if (errorScore !== undefined) {
    checkParam(owner, 'errorScore', errorScore, [oneOf(['raise']), satisfies('a number', (v) => typeof v === 'number')], { kind: 'option' });
  }
}

/**
 * What both curves do once their own options are checked: pick the single scorer,
 * validate the data and resolve the splits; `run` then fits and scores tasks on them
 * (train scores included) and returns nRows × nSplits arrays (tasks split-major).
 */
function prepareCurve(owner: string, estimator: AnyEstimator, X: MatrixLike, y: TargetLike | undefined, options: SharedCurveOptions) {
  const scorer = singleScorer(owner, options.scoring, estimator);
  const prepared = prepareCrossValidation(owner, estimator, X, y, options.cv, options.groups);
  const context: FitAndScoreContext = {
    estimator,
    X: prepared.X,
    y: prepared.y,
    groups: prepared.groups,
    scorers: { score: scorer },
    errorScore: options.errorScore ?? NaN,
    returnTrainScore: true,
    fitOptions: options.fitOptions,
  };
  const run = async (tasks: FitAndScoreTask[], nRows: number): Promise<Omit<LearningCurveResult, 'trainSizesAbs'>> => {
    const results = await runSplitTasks(context, tasks, { owner, nJobs: options.nJobs, scoring: options.scoring });
    const pick = (f: (r: (typeof results)[number]) => number) => reshape(results.map(f), nRows, prepared.splits.length, true);
    return {
      trainScores: pick((r) => r.trainScores?.score ?? NaN),
      testScores: pick((r) => r.testScores.score ?? NaN),
      fitTimes: pick((r) => r.fitTime),
      scoreTimes: pick((r) => r.scoreTime),
    };
  };
  return { splits: prepared.splits, run };
}

/**
 * Scores on training subsets of growing size (scikit-learn's `learning_curve`):
 * for each split and size n, fits on the first n rows of the training split and
 * scores on those rows and on the test split. With `shuffle`, each training split
 * is first permuted as scikit-learn permutes it for the same `randomState`.
 *
 * @example
 * ```ts
 * const { trainSizesAbs, testScores } = await learningCurve(new Ridge(), data, target, { cv: 5 });
 * ```
 */
export async function learningCurve(estimator: AnyEstimator, X: MatrixLike, y?: TargetLike, options: LearningCurveOptions = {}): Promise<LearningCurveResult> {
  const owner = 'learningCurve';
  checkKnownKeys(owner, options, ['trainSizes', 'cv', 'scoring', 'groups', 'shuffle', 'randomState', 'errorScore', 'fitOptions', 'nJobs'], 'option');
  if (options.shuffle !== undefined) checkParam(owner, 'shuffle', options.shuffle, booleanValue, { kind: 'option' });
  checkErrorScore(owner, options.errorScore);
  const randomState = checkRandomStateOption(owner, options.randomState);
  const curve = prepareCurve(owner, estimator, X, y, options);
  const nMax = Math.min(...curve.splits.map(([train]) => train.length));
  const sizes = translateTrainSizes(options.trainSizes ?? DEFAULT_TRAIN_SIZES, nMax, owner);
  // scikit-learn: rng = check_random_state(random_state); [(rng.permutation(train), test) for train, test in cv_iter]
  const rng = options.shuffle ? resolveRandomState(randomState) : undefined;
  const splits = curve.splits.map(([train, test]) => [rng ? rng.permutation(train) : train, test] as const);
  const tasks: FitAndScoreTask[] = [];
  splits.forEach(([train, test], split) => {
    sizes.forEach((n, s) => tasks.push({ candidate: s, split, params: {}, train: train.subarray(0, n), test }));
  });
  return { trainSizesAbs: sizes, ...(await curve.run(tasks, sizes.length)) };
}

/** Options of {@link validationCurve}. */
export interface ValidationCurveOptions {
  /** The parameter to vary (nested names as `step__param`). Required. */
  readonly paramName: string;
  /** The values to try. Required. */
  readonly paramRange: readonly unknown[];
  readonly cv?: CvLike | undefined;
  readonly scoring?: Scoring | undefined;
  readonly groups?: Vector | undefined;
  readonly errorScore?: number | 'raise' | undefined;
  readonly fitOptions?: FitOptions | undefined;
  readonly nJobs?: number | undefined;
}

/** What {@link validationCurve} returns: score arrays are nValues × nSplits. */
export interface ValidationCurveResult {
  readonly trainScores: number[][];
  readonly testScores: number[][];
}

/**
 * Train and test scores for each value of one parameter (scikit-learn's
 * `validation_curve`).
 *
 * @example
 * ```ts
 * const { testScores } = await validationCurve(new Ridge(), data, target, { paramName: 'alpha', paramRange: [0.01, 0.1, 1, 10] });
 * ```
 */
export async function validationCurve(
  estimator: AnyEstimator,
  X: MatrixLike,
  y: TargetLike | undefined,
  options: ValidationCurveOptions,
): Promise<ValidationCurveResult> {
  const owner = 'validationCurve';
  checkKnownKeys(owner, options, ['paramName', 'paramRange', 'cv', 'scoring', 'groups', 'errorScore', 'fitOptions', 'nJobs'], 'option');
  checkParam(owner, 'paramName', options.paramName, satisfies('a parameter name', (v) => typeof v === 'string' && v.length > 0), { kind: 'option' });
  checkParam(owner, 'paramRange', options.paramRange, satisfies('a non-empty array', (v) => Array.isArray(v) && v.length > 0), { kind: 'option' });
  checkErrorScore(owner, options.errorScore);
  // an unknown parameter name fails now, before any fit
  for (const value of options.paramRange) clone(estimator).setParams({ [options.paramName]: value });
  const curve = prepareCurve(owner, estimator, X, y, options);
  const tasks: FitAndScoreTask[] = [];
  curve.splits.forEach(([train, test], split) => {
    options.paramRange.forEach((value, p) => tasks.push({ candidate: p, split, params: { [options.paramName]: value }, train, test }));
  });
  const { trainScores, testScores } = await curve.run(tasks, options.paramRange.length);
  return { trainScores, testScores };
}

/**
 * The first steps of a cross-validated search run (scikit-learn's
 * `BaseSearchCV.fit` before `evaluate_candidates`): validate the data once,
 * resolve the scoring (and the metric the best candidate is chosen by), and
 * resolve the CV splits.
 */
import type { DenseMatrix, MatrixLike, TargetLike, Vector } from '../core/data.js';
import { validateMatrix, validateTarget } from '../core/data.js';
import { InvalidParameterError } from '../core/errors.js';
import type { AnyEstimator, FitOptions } from '../core/estimator.js';
import { clone, isClassifier } from '../core/estimator.js';
import { toTransferable } from '../core/transfer.js';
import { formatValue } from '../core/validate.js';
import type { Scorer, Scoring } from '../metrics/scorer.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import { checkScoring } from '../metrics/scorer.js';
import type { RefitSpec } from './results.js';
import type { CvLike, SplitPair } from './split/index.js';
import { checkCv, checkSplits } from './split/index.js';

/** The data of one search run, validated once. */
export interface SearchInputs {
  readonly X: DenseMatrix;
  readonly y: TargetLike | undefined;
  readonly groups: Vector | undefined;
  /** Options passed to every estimator fit. */
  readonly fitOptions: FitOptions | undefined;
}

/** How a search run scores its candidates and chooses the best. */
export interface SearchScoring {
  readonly multimetric: boolean;
  /** Scorers by metric name (`score` in single-metric mode). */
  readonly scorers: Readonly<Record<string, Scorer>>;
  readonly metrics: readonly string[];
  readonly refit: RefitSpec;
  /** The metric the best candidate is chosen by (undefined for a refit function, or refit: false with several metrics). */
  readonly refitMetric: string | undefined;
  /** The metric a trial's value is: the refit metric, else the first. */
  readonly primary: string;
}

/** Validates X, y and groups (`owner` is the method, for messages). */
export function validateSearchData(owner: string, X: MatrixLike, y: TargetLike | undefined, groups: Vector | undefined, fitOptions: FitOptions | undefined): SearchInputs {
  const matrix = validateMatrix(X, { owner });
  return {
    X: matrix,
    y: y === undefined ? undefined : validateTarget(y, { owner, nSamples: matrix.rows, allowMultiOutput: true }),
    groups: groups === undefined ? undefined : validateTarget(groups, { owner, argument: 'groups', nSamples: matrix.rows }),
    fitOptions,
  };
}

/** The scorers and the refit metric of a search (`owner`: the search's class name). */
export function resolveScoring(owner: string, estimator: AnyEstimator, options: { readonly scoring?: Scoring | undefined; readonly refit?: RefitSpec | undefined }): SearchScoring {
  const { multimetric, scorers } = checkScoring(options.scoring, { owner, estimator });
  const metrics = Object.keys(scorers);
  const refit = options.refit ?? true;
  const refitMetric = checkRefit(owner, refit, multimetric, metrics, options.scoring);
  return { multimetric, scorers, metrics, refit, refitMetric, primary: refitMetric ?? (metrics[0] as string) };
}

/** The metric the best candidate is chosen by (undefined for a refit function). */
function checkRefit(owner: string, refit: RefitSpec, multimetric: boolean, metrics: readonly string[], scoring: unknown): string | undefined {
  if (typeof refit === 'function') return undefined;
  if (!multimetric) {
    if (typeof refit === 'string' && refit !== 'score' && refit !== scoring) {
      throw new InvalidParameterError(
        `The "refit" option of ${owner} names the metric ${formatValue(refit)}, but the search scores a single metric. Use refit: true.`,
        { owner, argument: 'refit', value: refit, expected: 'true, false or a function' },
      );
    }
    return 'score';
  }
  if (refit === true) {
    throw new InvalidParameterError(
      `For multi-metric scoring, the "refit" option of ${owner} must be a metric name or a function choosing the best index, ` +
        `so that the best candidate and its refit are defined; use refit: false if they are not needed. Got true instead. Valid metric names: ${metrics.map((m) => `"${m}"`).join(', ')}.`,
      { owner, argument: 'refit', value: refit, expected: 'a metric name, a function or false' },
    );
  }
  if (refit === false) return undefined;
  if (!metrics.includes(refit)) {
    throw new InvalidParameterError(
      `The "refit" option of ${owner} must name one of the scored metrics (${metrics.map((m) => `"${m}"`).join(', ')}). Got ${formatValue(refit)} instead.`,
      { owner, argument: 'refit', value: refit, expected: `one of ${metrics.join(', ')}` },
    );
  }
  return refit;
}

/**
 * The CV splits (an int means `StratifiedKFold` for classifiers with class
 * labels, else `KFold`), materialized once.
 * @throws {InvalidParameterError} when the splitter gives no split.
 */
export function resolveSplits(owner: string, cv: CvLike | undefined, data: SearchInputs, estimator: AnyEstimator): SplitPair[] {
  const splitter = checkCv(cv, data.y, { classifier: isClassifier(estimator), owner });
  const splits: SplitPair[] = [...splitter.split(data.X, data.y, data.groups)];
  checkSplits(owner, splits);
  return splits;
}

/** The number of distinct labels of y for a classifier with one target column; undefined otherwise. */
export function classCount(estimator: AnyEstimator, y: TargetLike | undefined): number | undefined {
  if (!isClassifier(estimator) || y === undefined || Array.isArray((y as ArrayLike<unknown>)[0])) return undefined;
  return new Set(Array.from(y as ArrayLike<unknown>)).size;
}

/**
 * Applies every candidate of a fixed-list sampler to a clone of the estimator
 * (and, for pool workers, checks that its params can travel), so that an
 * unknown or invalid param fails before any fit.
 * @throws {InvalidParameterError} naming the candidate and the estimator.
 */
export function checkCandidates(owner: string, estimator: AnyEstimator, candidates: readonly ParamSet[] | undefined, parallel: boolean): void {
  if (candidates === undefined) return;
  if (parallel) candidates.forEach((params, i) => toTransferable(params, `candidate ${i} params`));
  const seenKeySets = new Set<string>();
  for (const params of candidates) {
    const keys = Object.keys(params).sort().join('\u0000');
    try {
      clone(estimator).setParams(params);
    } catch (error) {
      if (error instanceof InvalidParameterError && !seenKeySets.has(keys)) {
        throw new InvalidParameterError(`${owner}: the candidate ${formatValue(params)} cannot be set on ${estimator.constructor.name}. ${error.message}`, {
          owner,
          argument: error.argument,
          value: error.value,
          expected: error.expected,
        });
      }
      throw error;
    }
    seenKeySets.add(keys);
  }
}

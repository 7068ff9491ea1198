/**
 * Regression metrics, with scikit-learn's definitions (`sklearn.metrics._regression`).
 *
 * Every metric takes `(yTrue, yPred, options?)`. A target is one number per sample,
 * or one row of outputs per sample (multi-output); `multioutput` says how the
 * per-output values are combined: `'uniform_average'` (the default), `'raw_values'`
 * (one value per output, returned as an array) or an array of output weights.
 */
import type { NumericArray, NumericVector } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { booleanValue, checkKnownKeys, nullValue, oneOf, satisfies } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { RegressionTargets, SampleWeight } from './_checks.js';
import { checkOption, checkRegressionTargets, checkSampleWeight, checkWeightSum } from './_checks.js';
import { average, columnAverages, columnSums, median, pairwiseSum, weightedPercentile } from './_numeric.js';

/** A regression target: one number per sample, or one row of outputs per sample. */
export type RegressionTarget = NumericVector | readonly (readonly number[])[] | readonly NumericArray[];

/**
 * How a multi-output metric combines its outputs: the plain mean
 * (`'uniform_average'`), one value per output (`'raw_values'`) or a weighted mean
 * with one weight per output.
 */
export type MultiOutput = 'raw_values' | 'uniform_average' | readonly number[];

/** The return type of a regression metric: an array for `multioutput: 'raw_values'`. */
export type RegressionResult<O> = O extends { readonly multioutput: 'raw_values' } ? number[] : number;

/** Options shared by the regression metrics. */
export interface RegressionMetricOptions {
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** How outputs are combined for a multi-output target. @default 'uniform_average' */
  readonly multioutput?: MultiOutput | undefined;
}

/** Options of {@link meanAbsoluteError}. */
export type MeanAbsoluteErrorOptions = RegressionMetricOptions;
/** Options of {@link medianAbsoluteError}. */
export type MedianAbsoluteErrorOptions = RegressionMetricOptions;
/** Options of {@link meanAbsolutePercentageError}. */
export type MeanAbsolutePercentageErrorOptions = RegressionMetricOptions;
/** Options of {@link rootMeanSquaredError}. */
export type RootMeanSquaredErrorOptions = RegressionMetricOptions;
/** Options of {@link rootMeanSquaredLogError}. */
export type RootMeanSquaredLogErrorOptions = RegressionMetricOptions;

/** Options of {@link meanSquaredError}. */
export interface MeanSquaredErrorOptions extends RegressionMetricOptions {
  /** Return the mean squared error (true) or its square root, per output (false). @default true */
  readonly squared?: boolean | undefined;
}

/** Options of {@link meanSquaredLogError}. */
export interface MeanSquaredLogErrorOptions extends RegressionMetricOptions {
  /** Return the mean squared log error (true) or its square root, per output (false). @default true */
  readonly squared?: boolean | undefined;
}

/** Options of {@link r2Score} and {@link explainedVarianceScore}. */
export interface R2ScoreOptions extends Omit<RegressionMetricOptions, 'multioutput'> {
  /**
   * How outputs are combined; `'variance_weighted'` weights each output by the
   * variance of its true values. @default 'uniform_average'
   */
  readonly multioutput?: MultiOutput | 'variance_weighted' | undefined;
  /**
   * Replace the NaN or -Infinity of a constant yTrue by 1 (perfect prediction) or
   * 0 (imperfect). @default true
   */
  readonly forceFinite?: boolean | undefined;
}

/** Options of {@link explainedVarianceScore}. */
export type ExplainedVarianceScoreOptions = R2ScoreOptions;

const BASE_KEYS = ['sampleWeight', 'multioutput'] as const;

const OUTPUT_WEIGHTS = satisfies(
  'a non-empty array of output weights (finite numbers)',
  (v) => Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'number' && Number.isFinite(w)),
);

interface Prepared {
  readonly t: RegressionTargets;
  readonly weights: Float64Array | undefined;
  readonly multioutput: MultiOutput | 'variance_weighted';
}

function prepare(
  owner: string,
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options: object | undefined,
  extraKeys: readonly string[] = [],
  varianceWeighted = false,
): Prepared {
  const o = (options ?? {}) as R2ScoreOptions;
  checkKnownKeys(owner, o, [...BASE_KEYS, ...extraKeys], 'option');
  const t = checkRegressionTargets(owner, yTrue, yPred);
  const named = varianceWeighted ? ['raw_values', 'uniform_average', 'variance_weighted'] : ['raw_values', 'uniform_average'];
  const multioutput =
    checkOption<MultiOutput | 'variance_weighted'>(owner, 'multioutput', o.multioutput, [oneOf(named), OUTPUT_WEIGHTS]) ?? 'uniform_average';
  if (typeof multioutput !== 'string') {
    if (t.nOutputs === 1) {
      throw new ValidationError(`Custom weights are useful only in multi-output cases (in ${owner}). Got multioutput=${JSON.stringify(multioutput)} for a single output.`, {
        owner,
        argument: 'multioutput',
        value: multioutput,
        expected: "'uniform_average' or 'raw_values'",
      });
    }
    if (multioutput.length !== t.nOutputs) {
      throw new ValidationError(
        `There must be equally many custom weights (${multioutput.length}) as outputs (${t.nOutputs}) (in ${owner}).`,
        { owner, argument: 'multioutput', value: multioutput, expected: `${t.nOutputs} weights` },
      );
    }
  }
  const weights = checkSampleWeight(owner, o.sampleWeight, t.nSamples);
  if (weights !== undefined) checkWeightSum(owner, weights, pairwiseSum(weights));
  return { t, weights, multioutput };
}

function combine(owner: string, values: number[], multioutput: MultiOutput | 'variance_weighted', variances?: number[]): number | number[] {
  if (multioutput === 'raw_values') return values;
  if (multioutput === 'uniform_average') return average(values);
  let weights: readonly number[] | undefined = multioutput === 'variance_weighted' ? variances : multioutput;
  if (multioutput === 'variance_weighted' && variances!.every((v) => v === 0)) weights = undefined;
  if (weights !== undefined && pairwiseSum(weights) === 0) {
    throw new ValidationError(`The output weights sum to zero, so the weighted average can't be normalized (in ${owner}).`, {
      owner,
      argument: 'multioutput',
      value: multioutput,
      expected: 'weights with a non-zero sum',
    });
  }
  return average(values, weights);
}

/** Applies `f` to every (true, predicted) pair, output by output. */
function mapPairs(t: RegressionTargets, f: (yt: number, yp: number) => number): Float64Array[] {
  return t.yTrue.map((col, j) => {
    const pred = t.yPred[j]!;
    const out = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) out[i] = f(col[i]!, pred[i]!);
    return out;
  });
}

function meanOfLoss(
  owner: string,
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options: MeanSquaredErrorOptions | undefined,
  loss: (yt: number, yp: number) => number,
  extraKeys: readonly string[] = [],
  root = false,
): number | number[] {
  const { t, weights, multioutput } = prepare(owner, yTrue, yPred, options, extraKeys);
  let errors = columnAverages(mapPairs(t, loss), weights);
  if (root) errors = errors.map(Math.sqrt);
  return combine(owner, errors, multioutput);
}

function checkSquared(owner: string, options: MeanSquaredErrorOptions | undefined): boolean {
  return checkOption<boolean>(owner, 'squared', options?.squared, [booleanValue]) ?? true;
}

/**
 * Mean absolute error: the (weighted) mean of |yTrue - yPred|.
 *
 * @throws {ValidationError} for empty, non-finite or mismatched inputs.
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 * ```
 */
export function meanAbsoluteError<O extends MeanAbsoluteErrorOptions = MeanAbsoluteErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  return meanOfLoss('meanAbsoluteError', yTrue, yPred, options, (t, p) => Math.abs(p - t)) as RegressionResult<O>;
}

/**
 * Mean squared error: the (weighted) mean of (yTrue - yPred)²; with
 * `squared: false`, its square root per output (the RMSE).
 *
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 * meanSquaredError([[0.5, 1], [-1, 1]], [[0, 2], [-1, 2]], { multioutput: 'raw_values' }); // [0.125, 1]
 * ```
 */
export function meanSquaredError<O extends MeanSquaredErrorOptions = MeanSquaredErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  const owner = 'meanSquaredError';
  const root = !checkSquared(owner, options);
  return meanOfLoss(owner, yTrue, yPred, options, (t, p) => (t - p) ** 2, ['squared'], root) as RegressionResult<O>;
}

/**
 * Root mean squared error: `meanSquaredError(yTrue, yPred, { squared: false })`.
 *
 * @example
 * ```ts
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123724356957945
 * ```
 */
export function rootMeanSquaredError<O extends RootMeanSquaredErrorOptions = RootMeanSquaredErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  return meanOfLoss('rootMeanSquaredError', yTrue, yPred, options, (t, p) => (t - p) ** 2, [], true) as RegressionResult<O>;
}

function logTargets(owner: string, yTrue: RegressionTarget, yPred: RegressionTarget): [number[][], number[][]] {
  const t = checkRegressionTargets(owner, yTrue, yPred);
  for (const cols of [t.yTrue, t.yPred]) {
    if (cols.some((c) => c.some((v) => v < 0))) {
      throw new ValidationError(
        `Mean Squared Logarithmic Error cannot be used when targets contain negative values (in ${owner}).`,
        { owner, argument: cols === t.yTrue ? 'yTrue' : 'yPred', value: cols, expected: 'non-negative numbers' },
      );
    }
  }
  const toRows = (cols: Float64Array[]): number[][] =>
    Array.from({ length: t.nSamples }, (_, i) => cols.map((c) => Math.log1p(c[i]!)));
  return [toRows(t.yTrue), toRows(t.yPred)];
}

/**
 * Mean squared logarithmic error: the mean of (log(1 + yTrue) - log(1 + yPred))².
 *
 * @throws {ValidationError} when yTrue or yPred holds a negative value.
 * @example
 * ```ts
 * meanSquaredLogError([3, 5, 2.5, 7], [2.5, 5, 4, 8]); // 0.03973012298459379
 * ```
 */
export function meanSquaredLogError<O extends MeanSquaredLogErrorOptions = MeanSquaredLogErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  const owner = 'meanSquaredLogError';
  checkKnownKeys(owner, options ?? {}, [...BASE_KEYS, 'squared'], 'option');
  const root = !checkSquared(owner, options);
  const [lt, lp] = logTargets(owner, yTrue, yPred);
  return meanOfLoss(owner, lt, lp, options, (t, p) => (t - p) ** 2, ['squared'], root) as RegressionResult<O>;
}

/**
 * Root mean squared logarithmic error: `meanSquaredLogError(..., { squared: false })`.
 *
 * @example
 * ```ts
 * rootMeanSquaredLogError([3, 5, 2.5, 7], [2.5, 5, 4, 8]); // 0.19932416558108
 * ```
 */
export function rootMeanSquaredLogError<O extends RootMeanSquaredLogErrorOptions = RootMeanSquaredLogErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  const owner = 'rootMeanSquaredLogError';
  checkKnownKeys(owner, options ?? {}, BASE_KEYS, 'option');
  const [lt, lp] = logTargets(owner, yTrue, yPred);
  return meanOfLoss(owner, lt, lp, options, (t, p) => (t - p) ** 2, [], true) as RegressionResult<O>;
}

/**
 * Mean absolute percentage error: the mean of |yTrue - yPred| / max(|yTrue|, ε),
 * as a fraction (not a percentage). Large when yTrue is near zero.
 *
 * @example
 * ```ts
 * meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.3273809523809524
 * ```
 */
export function meanAbsolutePercentageError<O extends MeanAbsolutePercentageErrorOptions = MeanAbsolutePercentageErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  return meanOfLoss(
    'meanAbsolutePercentageError',
    yTrue,
    yPred,
    options,
    (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), Number.EPSILON),
  ) as RegressionResult<O>;
}

/**
 * Median absolute error: the median of |yTrue - yPred| (with sample weights, the
 * lower weighted median, as scikit-learn's `_weighted_percentile`).
 *
 * @example
 * ```ts
 * medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 * ```
 */
export function medianAbsoluteError<O extends MedianAbsoluteErrorOptions = MedianAbsoluteErrorOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  const owner = 'medianAbsoluteError';
  const { t, weights, multioutput } = prepare(owner, yTrue, yPred, options);
  const errors = mapPairs(t, (a, b) => Math.abs(b - a)).map((col) => (weights === undefined ? median(col) : weightedPercentile(col, weights)));
  return combine(owner, errors, multioutput) as RegressionResult<O>;
}

/**
 * Max error: the largest |yTrue - yPred|. Single output only.
 *
 * @throws {ValidationError} for a multi-output target.
 * @example
 * ```ts
 * maxError([3, 2, 7, 1], [4, 2, 7, 1]); // 1
 * ```
 */
export function maxError(yTrue: RegressionTarget, yPred: RegressionTarget): number {
  const owner = 'maxError';
  const t = checkRegressionTargets(owner, yTrue, yPred);
  if (t.nOutputs > 1) {
    throw new ValidationError(`Multioutput not supported in ${owner}: yTrue has ${t.nOutputs} outputs.`, {
      owner,
      argument: 'yTrue',
      value: t.nOutputs,
      expected: 'a 1-D target',
    });
  }
  let best = 0;
  const a = t.yTrue[0]!;
  const b = t.yPred[0]!;
  for (let i = 0; i < a.length; i++) best = Math.max(best, Math.abs(a[i]! - b[i]!));
  return best;
}

function assembleR2(
  owner: string,
  numerator: number[],
  denominator: number[],
  multioutput: MultiOutput | 'variance_weighted',
  forceFinite: boolean,
): number | number[] {
  const scores = numerator.map((num, j) => {
    const den = denominator[j]!;
    if (!forceFinite) return 1 - num / den;
    if (num === 0) return 1;
    return den === 0 ? 0 : 1 - num / den;
  });
  return combine(owner, scores, multioutput, denominator);
}

function checkForceFinite(owner: string, options: R2ScoreOptions | undefined): boolean {
  return checkOption<boolean>(owner, 'forceFinite', options?.forceFinite, [nullValue, booleanValue]) ?? true;
}

/**
 * R² (coefficient of determination): 1 - SS_res / SS_tot. A constant yTrue gives 1
 * when predicted exactly and 0 otherwise (scikit-learn's `force_finite`); fewer than
 * two samples give NaN with an UndefinedMetricWarning.
 *
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486081370449679
 * r2Score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], { multioutput: 'variance_weighted' }); // 0.9382566585956417
 * ```
 */
export function r2Score<O extends R2ScoreOptions = R2ScoreOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  const owner = 'r2Score';
  const { t, weights, multioutput } = prepare(owner, yTrue, yPred, options, ['forceFinite'], true);
  const forceFinite = checkForceFinite(owner, options);
  if (t.nSamples < 2) {
    warn('R^2 score is not well-defined with less than two samples.', 'UndefinedMetricWarning');
    return (multioutput === 'raw_values' ? t.yTrue.map(() => NaN) : NaN) as RegressionResult<O>;
  }
  const means = columnAverages(t.yTrue, weights);
  const numerator = columnSums(mapPairs(t, (a, b) => (a - b) ** 2), weights);
  const denominator = columnSums(
    t.yTrue.map((col, j) => col.map((v) => (v - means[j]!) ** 2)),
    weights,
  );
  return assembleR2(owner, numerator, denominator, multioutput, forceFinite) as RegressionResult<O>;
}

/**
 * Explained variance: 1 - Var(yTrue - yPred) / Var(yTrue). Unlike R², a constant
 * bias in the predictions is not penalised. Constant yTrue as in {@link r2Score}.
 *
 * @example
 * ```ts
 * explainedVarianceScore([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9571734475374732
 * ```
 */
export function explainedVarianceScore<O extends ExplainedVarianceScoreOptions = ExplainedVarianceScoreOptions>(
  yTrue: RegressionTarget,
  yPred: RegressionTarget,
  options?: O,
): RegressionResult<O> {
  const owner = 'explainedVarianceScore';
  const { t, weights, multioutput } = prepare(owner, yTrue, yPred, options, ['forceFinite'], true);
  const forceFinite = checkForceFinite(owner, options);
  const diffs = mapPairs(t, (a, b) => a - b);
  const diffMeans = columnAverages(diffs, weights);
  const numerator = columnAverages(
    diffs.map((col, j) => col.map((v) => (v - diffMeans[j]!) ** 2)),
    weights,
  );
  const means = columnAverages(t.yTrue, weights);
  const denominator = columnAverages(
    t.yTrue.map((col, j) => col.map((v) => (v - means[j]!) ** 2)),
    weights,
  );
  return assembleR2(owner, numerator, denominator, multioutput, forceFinite) as RegressionResult<O>;
}

/**
 * HistGradientBoostingRegressor: scikit-learn's histogram-based gradient boosting for
 * regression (`sklearn.ensemble.HistGradientBoostingRegressor`).
 */
import type { ContinuesTraining } from '../../../core/continuation.js';
import type { DenseMatrix, MatrixLike, NumericVector, TargetLike } from '../../../core/data.js';
import { requireTarget, validateTarget } from '../../../core/data.js';
import type { FitOptions, ParamSchema, Predictor } from '../../../core/estimator.js';
import { registerTransferable } from '../../../core/transfer.js';
import { invalidArgument, oneOf } from '../../../core/validate.js';
import { BaseRegressor } from '../../base.js';
import { fitBoosting } from './boosting.js';
import type { RegressionLossName } from './losses.js';
import { regressionLoss } from './losses.js';
import type { HistGradientBoostingState } from './model.js';
import { boostingSettings, continueBoosting, createWorkspace, featureOptions, rawPredict, toState, validateFeatures, warmStartOf } from './model.js';
import type { HistGradientBoostingParamValues } from './params.js';
import { sharedParamsSchema } from './params.js';

/** Parameters of {@link HistGradientBoostingRegressor}. */
export interface HistGradientBoostingRegressorParams extends HistGradientBoostingParamValues {
  /**
   * The loss: `'squared_error'`, `'absolute_error'` (leaf values are median residuals)
   * or `'poisson'` (log link; y >= 0 with a positive sum). @default 'squared_error'
   */
  loss: RegressionLossName;
}

const SCHEMA: ParamSchema<HistGradientBoostingRegressorParams> = {
  loss: { default: 'squared_error', constraints: oneOf(['squared_error', 'absolute_error', 'poisson']) },
  ...sharedParamsSchema(),
};

/**
 * Histogram-based gradient boosting for regression, after scikit-learn's
 * `HistGradientBoostingRegressor`: features binned into at most 255 bins, trees grown
 * leaf-wise on gradient histograms, missing values (NaN) sent to the side learned at
 * each split, optional categorical features, monotonic constraints and early stopping.
 *
 * With the same data the trees and predictions equal scikit-learn's, and so do the random
 * steps for the same `randomState` (the early-stopping split, the binning subsample
 * above 200 000 rows, the rows a scorer sees above 10 000): numpy's draws.
 *
 * @example
 * ```ts
 * const X = Array.from({ length: 200 }, (_, i) => [i / 20, (i % 7) - 3]);
 * const y = X.map(([a, b]) => Math.sin(a) + 0.1 * b);
 * const model = await new HistGradientBoostingRegressor({ maxIter: 50 }).fit(X, y);
 * await model.predict([[1.5, 0], [7.5, NaN]]); // Float64Array of 2 predictions
 * model.nIter; // 50
 * ```
 */
export class HistGradientBoostingRegressor extends BaseRegressor<HistGradientBoostingRegressorParams> implements ContinuesTraining {
  private fitted: HistGradientBoostingState | undefined;

  constructor(params: Partial<HistGradientBoostingRegressorParams> = {}) {
    super('HistGradientBoostingRegressor', SCHEMA, params);
  }

  /**
   * Boosts trees on X (NaN allowed) and y. `options.signal` stops the fit between
   * iterations (an `AbortError`); `options.report` receives `trainScore` (and
   * `validationScore`) after each iteration and stops the fit when it returns true.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const previous = this.fitted;
    const seen = { nFeatures: this.nFeaturesSeen ?? 0, nTreesPerIteration: previous?.nTreesPerIteration ?? 1 };
    this.fitted = undefined;
    const owner = `${this.owner}.fit`;
    const matrix = validateFeatures(owner, X);
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowStrings: false });
    const target = Float64Array.from(y as NumericVector);
    const params = this.params;
    if (params.loss === 'poisson') {
      let sum = 0;
      for (let i = 0; i < target.length; i++) {
        if ((target[i] as number) < 0) throw invalidArgument(owner, 'y', "non-negative values for loss='poisson'", target[i], { shown: `${target[i]} at index ${i}` });
        sum += target[i] as number;
      }
      if (!(sum > 0)) throw invalidArgument(owner, 'y', "values with a positive sum for loss='poisson'", y, { shown: 'all zeros' });
    }
    this.nFeaturesSeen = matrix.columns;
    const loss = regressionLoss(params.loss);
    const problem = {
      X: matrix,
      y: target,
      classCodes: undefined,
      loss,
      ...featureOptions(this.owner, params, matrix, loss),
      defaultScorer: 'r2' as const,
      targetsOf: (rows: Int32Array | undefined) => (rows === undefined ? target : Float64Array.from(rows, (r) => target[r] as number)),
      scoringView: (raw: Float64Array) => this.scoringView(raw),
    };
    const warm = warmStartOf(this.owner, params, previous, seen, { nFeatures: matrix.columns, nTreesPerIteration: loss.nTreesPerIteration });
    this.fitted = toState(await fitBoosting(problem, boostingSettings(this.owner, params), createWorkspace, options, warm));
    return this;
  }

  /** Searches continue a fitted model along `maxIter` (adding iterations). */
  continuableParams(): readonly string[] {
    return ['maxIter'];
  }

  /** Adds iterations up to `maxIter: value` through the `warmStart` path: the model a single fit with `value` iterations boosts. */
  continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void> {
    return continueBoosting(this, X, y, param, value, options);
  }


  /** Predictions: the sum of the trees' values plus the baseline, through the inverse link (exp for Poisson). */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const state = this.requireFitted(this.fitted, 'predict');
    const matrix = validateFeatures(`${this.owner}.predict`, X);
    this.checkFeatureCount(matrix, 'predict');
    return this.inverseLink(rawPredict(state, matrix));
  }

  private inverseLink(raw: Float64Array): Float64Array {
    if (this.params.loss === 'poisson') for (let i = 0; i < raw.length; i++) raw[i] = Math.exp(raw[i] as number);
    return raw;
  }

  /** A predictor of the rows whose raw predictions are given (what early-stopping scorers call). */
  private scoringView(raw: Float64Array): Predictor {
    const view = { estimatorType: 'regressor', predict: async () => this.inverseLink(raw.slice()) };
    return view as unknown as Predictor;
  }

  /** The number of boosting iterations done (fewer than `maxIter` when early stopping stopped the fit). */
  get nIter(): number {
    return this.requireFitted(this.fitted, 'nIter').predictors.length;
  }

  /** Trees per iteration: 1 for a regressor. */
  get nTreesPerIteration(): number {
    return this.requireFitted(this.fitted, 'nTreesPerIteration').nTreesPerIteration;
  }

  /** Whether early stopping was used (`earlyStopping: 'auto'` turns it on above 10 000 rows). */
  get doEarlyStopping(): boolean {
    return this.requireFitted(this.fitted, 'doEarlyStopping').doEarlyStopping;
  }

  /**
   * The scores on the training rows at each iteration (the first before any tree):
   * the negative loss or the scorer's value. Empty without early stopping.
   */
  get trainScore(): Float64Array {
    return this.requireFitted(this.fitted, 'trainScore').trainScore.slice();
  }

  /** The scores on the validation rows at each iteration; empty without early stopping or validation rows. */
  get validationScore(): Float64Array {
    return this.requireFitted(this.fitted, 'validationScore').validationScore.slice();
  }
}

registerTransferable(HistGradientBoostingRegressor, import.meta.url);

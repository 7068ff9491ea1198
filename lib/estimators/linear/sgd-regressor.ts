/**
 * Linear regression trained by stochastic gradient descent: scikit-learn's
 * `SGDRegressor`, with `partialFit` for learning batch by batch.
 */
import { resolveRandomState } from '../../core/check-random-state.js';
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import type { ContinuesTraining } from '../../core/continuation.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { invalidArgument, invalidParameter, oneOf } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { r2Score } from '../../metrics/regression.js';
import { BaseRegressor } from '../base.js';
import { linearScores } from './linear-classifier-scores.js';
import { throwIfAborted } from './linear-model.js';
import type { SgdLoopState } from './plain-sgd.js';
import { plainSgd } from './plain-sgd.js';
import type { SgdSharedParams } from './sgd-base.js';
import { averageStart, baseSettings, checkSgdParams, MAX_INT, maskedRows, sharedSchema, validationSplit } from './sgd-base.js';
import { SgdKernelRows } from './sgd-kernel.js';
import type { SgdRegressorLoss } from './sgd-loss.js';
import { REGRESSOR_LOSSES, sgdLoss } from './sgd-loss.js';
import { fitRandomState } from './sgd-one-vs-rest.js';

/** Parameters of {@link SGDRegressor}. */
export interface SGDRegressorParams extends SgdSharedParams {
  /**
   * 'squared_error' (least squares), 'huber' (quadratic within `epsilon`, linear
   * beyond), 'epsilon_insensitive' (errors below `epsilon` ignored, as in SVR) or
   * 'squared_epsilon_insensitive'.
   * @default 'squared_error'
   */
  loss: SgdRegressorLoss;
}

const SCHEMA: ParamSchema<SGDRegressorParams> = {
  loss: { default: 'squared_error', constraints: oneOf(REGRESSOR_LOSSES) },
  ...sharedSchema({ learningRate: 'invscaling', eta0: 0.01, powerT: 0.25 }),
};

/** scikit-learn's `np.iinfo(np.int32).max`, the bound of the dataset seed. */
const INT32_MAX = 2147483647;

interface RegressorWeights {
  coef: Float64Array;
  intercept: number;
  standardCoef: Float64Array;
  standardIntercept: number;
  averageCoef: Float64Array | undefined;
  averageIntercept: number;
  t: number;
  nIter: number;
  /** Where the epoch loop stood after the last batch; set by `fit` only (more epochs can then follow exactly). */
  loop: SgdLoopState | undefined;
}

/**
 * A linear regression trained one sample at a time by stochastic gradient descent,
 * with an L2, L1 or elastic-net penalty.
 *
 * Follows scikit-learn 1.2 step for step (schedules, truncated-gradient L1 step,
 * averaging, early stopping on a held-out share, and the seeded visiting order), so the
 * same `randomState` gives scikit-learn's weights to rounding. Standardize the
 * features first.
 *
 * @example
 * ```ts
 * const X = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 3]];
 * const model = await new SGDRegressor({ randomState: 0, maxIter: 2000, tol: null }).fit(X, [1, 2, 6, 7, 11]);
 * await model.predict([[5, 5]]); // ≈ [15]
 * ```
 */
export class SGDRegressor extends BaseRegressor<SGDRegressorParams> implements ContinuesTraining {
  private weights: RegressorWeights | undefined;

  constructor(params: Partial<SGDRegressorParams> = {}) {
    super('SGDRegressor', SCHEMA, params);
  }

  /** The weights, one per feature. @throws {NotFittedError} before fit. */
  get coef(): number[] {
    return Array.from(this.requireFitted(this.weights, 'coef').coef);
  }

  /** The intercept, as a one-element array (scikit-learn's shape). @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    return [this.requireFitted(this.weights, 'intercept').intercept];
  }

  /** Epochs of the last fit or batch. @throws {NotFittedError} before fit. */
  get nIter(): number {
    return this.requireFitted(this.weights, 'nIter').nIter;
  }

  /** Weight updates so far plus one (scikit-learn's `t_`). @throws {NotFittedError} before fit. */
  get tUpdates(): number {
    return this.requireFitted(this.weights, 'tUpdates').t;
  }

  /**
   * Fits from scratch (or from the last weights with `warmStart`); warns
   * (`ConvergenceWarning`) when `maxIter` epochs run. After each epoch,
   * `options.report(epoch, values)` receives the mean training loss (`loss`), or with
   * early stopping the validation score (`validation_score`); returning `true` stops the fit.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    throwIfAborted(options?.signal, `${this.owner}.fit`);
    checkSgdParams(this.owner, this.params, false);
    const previous = this.params.warmStart ? this.weights : undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    if (previous !== undefined && previous.coef.length !== matrix.columns) {
      throw invalidArgument(`${this.owner}.fit`, 'X', `${previous.coef.length} columns (the warm start's weights)`, `${matrix.columns} columns`, {
        hint: 'With warmStart, fit again on the same features, or set warmStart: false.',
      });
    }
    this.weights = undefined;
    const weights = allocate(matrix.columns, averageStart(this.params.average), previous);
    weights.loop = await this.runBatch(weights, matrix, target, this.params.maxIter, options);
    this.weights = weights;
    this.warnIfNotConverged(weights);
    return this;
  }

  continuableParams(): readonly string[] {
    return ['maxIter'];
  }

  /**
   * Runs more epochs on the same rows, up to `maxIter: value` in all, from where the
   * fit's epoch loop stopped (its weights, sample order, learning rate and stopping
   * counters): the model a fit with `maxIter: value` gives, exactly. A fit that ended
   * on its stopping rule stays as it is. After `partialFit` (or with a smaller
   * `value`) it fits again.
   */
  async continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void> {
    const owner = `${this.owner}.continueFit`;
    if (param !== 'maxIter') throw invalidParameter(owner, 'param', "'maxIter'", param);
    const weights = this.weights;
    const loop = weights?.loop;
    if (weights === undefined || loop === undefined || value < this.params.maxIter || weights.coef.length !== X.columns) {
      this.setParams({ maxIter: value });
      await this.fit(X, y, options);
      return;
    }
    throwIfAborted(options?.signal, owner);
    this.setParams({ maxIter: value });
    const { X: matrix, y: target } = this.prepareFit(X, y);
    weights.loop = undefined;
    // the batch starts again from its first update count, on the standard weights
    weights.t -= weights.nIter * matrix.rows;
    weights.loop = await this.runBatch(weights, matrix, target, value, options, loop);
    this.warnIfNotConverged(weights);
  }

  private warnIfNotConverged(weights: RegressorWeights): void {
    if (this.params.tol !== null && weights.nIter === this.params.maxIter) {
      warn('Maximum number of iteration reached before convergence. Consider increasing maxIter to improve the fit.', 'ConvergenceWarning');
    }
  }

  /**
   * One epoch over a batch, continuing from the current weights.
   *
   * @throws {ValidationError} for a batch with another number of features.
   * @throws {InvalidParameterError} with `earlyStopping`.
   */
  async partialFit(X: MatrixLike, y: TargetLike): Promise<this> {
    if (this.weights === undefined) checkSgdParams(this.owner, this.params, true);
    const previous = this.weights;
    const { X: matrix, y: target } = this.prepareFit(X, y, 'partialFit');
    if (previous !== undefined && previous.coef.length !== matrix.columns) {
      this.nFeaturesSeen = previous.coef.length;
      this.checkFeatureCount(matrix, 'partialFit');
    }
    const weights = previous ?? allocate(matrix.columns, averageStart(this.params.average), undefined);
    weights.loop = undefined;
    await this.runBatch(weights, matrix, target, 1, undefined);
    this.weights = weights;
    return this;
  }

  /** scikit-learn's `_fit_regressor` (with `resume`, the epochs after that loop's, up to `maxIter`); returns where the loop stopped. */
  private async runBatch(weights: RegressorWeights, X: DenseMatrix, y: Float64Array, maxIter: number, options: FitOptions | undefined, resume?: SgdLoopState): Promise<SgdLoopState> {
    const p = this.params;
    const n = X.rows;
    let validation: Uint8Array;
    let seed = 0;
    if (resume === undefined) {
      const randomState = fitRandomState(p.randomState);
      validation = validationSplit(p, randomState, Array.from(y), false);
      const rng = resolveRandomState(randomState);
      seed = rng.randint(0, MAX_INT);
      rng.randint(1, INT32_MAX); // make_dataset's (unused) seed
    } else {
      validation = resume.validation;
    }
    const averaging = averageStart(p.average) > 0;
    const kernel = SgdKernelRows.tryFrom(X);
    try {
      const result = await plainSgd(
        { X: X.values, n, p: X.columns, kernel },
        { y, sampleWeight: new Float64Array(n).fill(1), validation },
        { w: weights.standardCoef, aw: weights.averageCoef, q: p.penalty === 'l1' || p.penalty === 'elasticnet' ? new Float64Array(X.columns) : undefined },
        { intercept: weights.standardIntercept, averageIntercept: weights.averageIntercept },
        {
          ...baseSettings(this.owner, p, sgdLoss(p.loss, p.epsilon), maxIter),
          seed,
          t: weights.t,
          weightPos: 1,
          weightNeg: 1,
          validationScore: p.earlyStopping ? r2Scorer(X, y, validation) : undefined,
          signal: options?.signal,
          report: options?.report,
        },
        resume,
      );
      weights.t += result.nIter * n;
      weights.nIter = result.nIter;
      weights.standardIntercept = result.intercept;
      weights.averageIntercept = result.averageIntercept;
      const useAverage = averaging && averageStart(p.average) <= weights.t - 1;
      weights.coef = useAverage ? (weights.averageCoef as Float64Array) : weights.standardCoef;
      weights.intercept = useAverage ? result.averageIntercept : result.intercept;
      return result.loop;
    } finally {
      kernel?.dispose();
    }
  }

  /** Predicted values, `X · coef + intercept`. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.weights, X, 'predict');
    return linearScores(matrix, state.coef, Float64Array.of(state.intercept));
  }
}

/** scikit-learn's `_allocate_parameter_mem` for one output, from zero or a warm start. */
function allocate(p: number, average: number, init: RegressorWeights | undefined): RegressorWeights {
  const coef = init === undefined ? new Float64Array(p) : init.coef.slice();
  const intercept = init === undefined ? 0 : init.intercept;
  return {
    coef,
    intercept,
    standardCoef: coef,
    standardIntercept: intercept,
    averageCoef: average > 0 ? new Float64Array(p) : undefined,
    averageIntercept: 0,
    t: 1,
    nIter: 0,
    loop: undefined,
  };
}

/** The validation score of scikit-learn's early stopping: R² of `x · w + b` on the validation rows. */
function r2Scorer(X: DenseMatrix, y: Float64Array, validation: Uint8Array): (w: Float64Array, b: number) => number {
  const { values, rows } = maskedRows(X, validation);
  const p = X.columns;
  const truth = rows.map((i) => y[i]);
  return (w, b) => {
    const predicted = rows.map((_, k) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += values[k * p + j] * w[j];
      return s + b;
    });
    return r2Score(truth, predicted) as number;
  };
}

registerTransferable(SGDRegressor, import.meta.url);

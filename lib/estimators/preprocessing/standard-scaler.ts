/**
 * StandardScaler: scikit-learn's `sklearn.preprocessing.StandardScaler`.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import { validateMatrix } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { booleanValue } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { multiplyThenAdd, subtractThenDivide } from './column-scaling.js';
import { FLOAT64_EPS, handleZerosInScale } from './column-statistics.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link StandardScaler}. */
export interface StandardScalerParams {
  /** Subtract each feature's mean. @default true */
  withMean: boolean;
  /** Divide by each feature's (population) standard deviation. @default true */
  withStd: boolean;
}

interface FittedScaler {
  readonly mean: Float64Array | null;
  readonly variance: Float64Array | null;
  readonly scale: Float64Array | null;
  readonly nSamples: number;
}

/**
 * Standardizes features: `(x - mean) / std`, after scikit-learn's `StandardScaler`.
 *
 * The standard deviation is the population one (divided by n). Constant features,
 * and features whose variance is within float64 rounding noise of zero, get a
 * scale of 1, as in scikit-learn. The mean and variance are computed with
 * scikit-learn's corrected two-pass formula, in the same order, so they match
 * its `mean_` and `var_`.
 *
 * @example
 * ```ts
 * const scaler = new StandardScaler();
 * const Z = await scaler.fitTransform([[0, 10], [2, 10], [4, 10]]);
 * Z.toArray(); // [[-1.2247…, 0], [0, 0], [1.2247…, 0]]
 * scaler.scale; // Float64Array [1.6329…, 1] (the constant feature keeps scale 1)
 * ```
 */
export class StandardScaler extends BaseTransformer<StandardScalerParams> {
  private fitted: FittedScaler | undefined;

  constructor(params: Partial<StandardScalerParams> = {}) {
    super(
      'StandardScaler',
      { withMean: { default: true, constraints: booleanValue }, withStd: { default: true, constraints: booleanValue } },
      params,
    );
  }

  /** Computes each feature's mean and standard deviation. */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const matrix = validateMatrix(X, { owner: `${this.owner}.fit` });
    const { withMean, withStd } = this.params;
    const n = matrix.rows;
    const d = matrix.columns;
    const v = matrix.values;
    this.nFeaturesSeen = d;
    if (!withMean && !withStd) {
      this.fitted = { mean: null, variance: null, scale: null, nSamples: n };
      return this;
    }
    // scikit-learn's _incremental_mean_and_var from an empty start
    const sum = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) + (v[i * d + j] as number);
    const mean = new Float64Array(d);
    for (let j = 0; j < d; j++) mean[j] = (sum[j] as number) / n;
    if (!withStd) {
      this.fitted = { mean, variance: null, scale: null, nSamples: n };
      return this;
    }
    const correction = new Float64Array(d);
    const squares = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const t = (v[i * d + j] as number) - (mean[j] as number);
        correction[j] = (correction[j] as number) + t;
        squares[j] = (squares[j] as number) + t * t;
      }
    }
    const variance = new Float64Array(d);
    const scale = new Float64Array(d);
    const constant = new Array<boolean>(d);
    for (let j = 0; j < d; j++) {
      const c = correction[j] as number;
      const variance_j = ((squares[j] as number) - (c * c) / n) / n;
      variance[j] = variance_j;
      // _is_constant_feature: the variance is within the error bound of the two-pass algorithm
      const bound = n * FLOAT64_EPS * variance_j + (n * (mean[j] as number) * FLOAT64_EPS) ** 2;
      constant[j] = variance_j <= bound;
      scale[j] = Math.sqrt(variance_j);
    }
    handleZerosInScale(scale, constant);
    this.fitted = { mean, variance, scale, nSamples: n };
    return this;
  }

  /** Centers and scales X with the fitted statistics. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'transform');
    const { withMean, withStd } = this.params;
    return subtractThenDivide(matrix, withMean ? state.mean : null, withStd ? state.scale : null);
  }

  /** Undoes {@link StandardScaler.transform}: `x * std + mean`. */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'inverseTransform');
    const { withMean, withStd } = this.params;
    return multiplyThenAdd(matrix, withStd ? state.scale : null, withMean ? state.mean : null);
  }

  /** Each feature's mean (null when neither `withMean` nor `withStd`). */
  get mean(): Float64Array | null {
    return this.requireFitted(this.fitted, 'mean').mean?.slice() ?? null;
  }

  /** Each feature's population variance (null without `withStd`). */
  get variance(): Float64Array | null {
    return this.requireFitted(this.fitted, 'variance').variance?.slice() ?? null;
  }

  /** Each feature's scale: its standard deviation, or 1 for a constant feature (null without `withStd`). */
  get scale(): Float64Array | null {
    return this.requireFitted(this.fitted, 'scale').scale?.slice() ?? null;
  }

  /** The number of samples seen in fit. */
  get nSamplesSeen(): number {
    return this.requireFitted(this.fitted, 'nSamplesSeen').nSamples;
  }

  private prepare(X: MatrixLike, method: string): { state: FittedScaler; matrix: DenseMatrix } {
    const state = this.requireFitted(this.fitted, method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    return { state, matrix };
  }
}

registerTransferable(StandardScaler, import.meta.url);

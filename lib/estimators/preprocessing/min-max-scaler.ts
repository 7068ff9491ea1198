/**
 * MinMaxScaler: scikit-learn's `sklearn.preprocessing.MinMaxScaler`.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import { validateMatrix } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { booleanValue, satisfies } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { multiplyThenAdd, subtractThenDivide } from './column-scaling.js';
import { handleZerosInScale } from './column-statistics.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link MinMaxScaler}. */
export interface MinMaxScalerParams {
  /** The range `[min, max]` the training data is mapped to (min < max). @default [0, 1] */
  featureRange: readonly [number, number];
  /** Clip transformed values to `featureRange` (for data outside the training range). @default false */
  clip: boolean;
}

interface FittedScaler {
  readonly dataMin: Float64Array;
  readonly dataMax: Float64Array;
  readonly dataRange: Float64Array;
  readonly scale: Float64Array;
  readonly min: Float64Array;
}

const FEATURE_RANGE = satisfies(
  'an array [min, max] of two finite numbers with min < max',
  (v) =>
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    (v[0] as number) < (v[1] as number),
);

/**
 * Scales each feature to a range: `x * scale + min`, with `scale = (hi - lo) /
 * (dataMax - dataMin)` and `min = lo - dataMin * scale`, after scikit-learn's
 * `MinMaxScaler`. A constant feature gets `scale = hi - lo` (its range counts
 * as 1), so it maps to `lo`.
 *
 * @example
 * ```ts
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
 * (await scaler.fitTransform([[0], [5], [10]])).toArray(); // [[-1], [0], [1]]
 * ```
 */
export class MinMaxScaler extends BaseTransformer<MinMaxScalerParams> {
  private fitted: FittedScaler | undefined;

  constructor(params: Partial<MinMaxScalerParams> = {}) {
    super(
      'MinMaxScaler',
      { featureRange: { default: [0, 1], constraints: FEATURE_RANGE }, clip: { default: false, constraints: booleanValue } },
      params,
    );
  }

  /** Records each feature's minimum and maximum. */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const matrix = validateMatrix(X, { owner: `${this.owner}.fit` });
    const d = matrix.columns;
    const v = matrix.values;
    const [lo, hi] = this.params.featureRange;
    const dataMin = new Float64Array(d).fill(Infinity);
    const dataMax = new Float64Array(d).fill(-Infinity);
    for (let k = 0; k < v.length; k++) {
      const j = k % d;
      const x = v[k] as number;
      if (x < (dataMin[j] as number)) dataMin[j] = x;
      if (x > (dataMax[j] as number)) dataMax[j] = x;
    }
    const dataRange = new Float64Array(d);
    for (let j = 0; j < d; j++) dataRange[j] = (dataMax[j] as number) - (dataMin[j] as number);
    const scale = handleZerosInScale(dataRange.slice());
    const min = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      scale[j] = (hi - lo) / (scale[j] as number);
      min[j] = lo - (dataMin[j] as number) * (scale[j] as number);
    }
    this.nFeaturesSeen = d;
    this.fitted = { dataMin, dataMax, dataRange, scale, min };
    return this;
  }

  /** Maps X to `featureRange` (clipping when `clip`). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'transform');
    const { featureRange, clip } = this.params;
    return multiplyThenAdd(matrix, state.scale, state.min, clip ? featureRange : null);
  }

  /** Undoes {@link MinMaxScaler.transform}: `(x - min) / scale`. */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'inverseTransform');
    return subtractThenDivide(matrix, state.min, state.scale);
  }

  /** Each feature's minimum in the training data. */
  get dataMin(): Float64Array {
    return this.requireFitted(this.fitted, 'dataMin').dataMin.slice();
  }

  /** Each feature's maximum in the training data. */
  get dataMax(): Float64Array {
    return this.requireFitted(this.fitted, 'dataMax').dataMax.slice();
  }

  /** Each feature's range (`dataMax - dataMin`) in the training data. */
  get dataRange(): Float64Array {
    return this.requireFitted(this.fitted, 'dataRange').dataRange.slice();
  }

  /** Each feature's multiplier. */
  get scale(): Float64Array {
    return this.requireFitted(this.fitted, 'scale').scale.slice();
  }

  /** Each feature's offset, added after scaling. */
  get min(): Float64Array {
    return this.requireFitted(this.fitted, 'min').min.slice();
  }

  private prepare(X: MatrixLike, method: string): { state: FittedScaler; matrix: DenseMatrix } {
    const state = this.requireFitted(this.fitted, method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    return { state, matrix };
  }
}

registerTransferable(MinMaxScaler, import.meta.url);

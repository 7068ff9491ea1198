/**
 * RobustScaler: scikit-learn's `sklearn.preprocessing.RobustScaler`.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import { validateMatrix } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { booleanValue, satisfies } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { multiplyThenAdd, subtractThenDivide } from './column-scaling.js';
import { handleZerosInScale, medianSorted, normalPpf, percentileSorted, sortedColumn } from './column-statistics.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link RobustScaler}. */
export interface RobustScalerParams {
  /** Subtract each feature's median. @default true */
  withCentering: boolean;
  /** Divide by each feature's interquantile range. @default true */
  withScaling: boolean;
  /** The percentiles `[qMin, qMax]` whose difference is the scale (0 <= qMin <= qMax <= 100). @default [25, 75] */
  quantileRange: readonly [number, number];
  /**
   * Divide the scale further by the same range of the standard normal, so that
   * normally distributed features get unit variance. @default false
   */
  unitVariance: boolean;
}

interface FittedScaler {
  readonly center: Float64Array | null;
  readonly scale: Float64Array | null;
}

const QUANTILE_RANGE = satisfies(
  'an array [qMin, qMax] of numbers with 0 <= qMin <= qMax <= 100',
  (v) =>
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    0 <= (v[0] as number) &&
    (v[0] as number) <= (v[1] as number) &&
    (v[1] as number) <= 100,
);

/**
 * Scales features with statistics that outliers barely move: `(x - median) / IQR`,
 * after scikit-learn's `RobustScaler`. Percentiles use numpy's default linear
 * interpolation; a zero range counts as 1.
 *
 * @example
 * ```ts
 * const scaler = new RobustScaler();
 * (await scaler.fitTransform([[1], [2], [3], [4], [100]])).toArray(); // [[-1], [-0.5], [0], [0.5], [48.5]]
 * ```
 */
export class RobustScaler extends BaseTransformer<RobustScalerParams> {
  private fitted: FittedScaler | undefined;

  constructor(params: Partial<RobustScalerParams> = {}) {
    super(
      'RobustScaler',
      {
        withCentering: { default: true, constraints: booleanValue },
        withScaling: { default: true, constraints: booleanValue },
        quantileRange: { default: [25, 75], constraints: QUANTILE_RANGE },
        unitVariance: { default: false, constraints: booleanValue },
      },
      params,
    );
  }

  /** Computes each feature's median and interquantile range. */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const matrix = validateMatrix(X, { owner: `${this.owner}.fit` });
    const { withCentering, withScaling, quantileRange, unitVariance } = this.params;
    const d = matrix.columns;
    const center = withCentering ? new Float64Array(d) : null;
    const scale = withScaling ? new Float64Array(d) : null;
    for (let j = 0; j < d; j++) {
      const sorted = sortedColumn(matrix, j);
      if (center !== null) center[j] = medianSorted(sorted);
      if (scale !== null) scale[j] = percentileSorted(sorted, quantileRange[1]) - percentileSorted(sorted, quantileRange[0]);
    }
    if (scale !== null) {
      handleZerosInScale(scale);
      if (unitVariance) {
        const adjust = normalPpf(quantileRange[1] / 100) - normalPpf(quantileRange[0] / 100);
        for (let j = 0; j < d; j++) scale[j] = (scale[j] as number) / adjust;
      }
    }
    this.nFeaturesSeen = d;
    this.fitted = { center, scale };
    return this;
  }

  /** Centers and scales X with the fitted statistics. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'transform');
    return subtractThenDivide(matrix, state.center, state.scale);
  }

  /** Undoes {@link RobustScaler.transform}: `x * scale + center`. */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'inverseTransform');
    return multiplyThenAdd(matrix, state.scale, state.center);
  }

  /** Each feature's median (null without `withCentering`). */
  get center(): Float64Array | null {
    return this.requireFitted(this.fitted, 'center').center?.slice() ?? null;
  }

  /** Each feature's scale (null without `withScaling`). */
  get scale(): Float64Array | null {
    return this.requireFitted(this.fitted, 'scale').scale?.slice() ?? null;
  }

  private prepare(X: MatrixLike, method: string): { state: FittedScaler; matrix: DenseMatrix } {
    const state = this.requireFitted(this.fitted, method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    return { state, matrix };
  }
}

registerTransferable(RobustScaler, import.meta.url);

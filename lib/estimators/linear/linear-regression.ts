/**
 * Ordinary least squares: scikit-learn's `LinearRegression`.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { booleanValue } from '../../core/validate.js';
import { backSubstitute, lstsq, lstsqFromParts, rankOf, svdSolvePartsFromR } from './least-squares.js';
import { singularValues } from './singular-values.js';
import { leastSquaresFactor } from './qr-kernel.js';
import { BaseLinearRegressor, centerData, interceptFor, throwIfAborted } from './linear-model.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link LinearRegression}. */
export interface LinearRegressionParams {
  /**
   * Fit an intercept (X and y are centred first). Without one the data are
   * expected to be centred already.
   * @default true
   */
  fitIntercept: boolean;
}

const SCHEMA: ParamSchema<LinearRegressionParams> = {
  fitIntercept: { default: true, constraints: booleanValue },
};

/**
 * Relative cutoff below which singular values count as zero. scipy's `lstsq` uses
 * machine epsilon; `max(n, p) · eps` (numpy's `lstsq` and `matrix_rank` default) is
 * used instead, because an exactly rank-deficient X has computed singular values of
 * a few eps that machine epsilon alone may or may not catch.
 */
function rcondFor(n: number, p: number): number {
  return Math.max(n, p) * Number.EPSILON;
}

/** Values beyond these powers of two are rescaled before the solve: their squares would overflow or vanish. */
const SAFE_EXPONENT = 400;

/**
 * The power of two that brings the largest magnitude of `values` near 1 when
 * it lies outside [2⁻⁴⁰⁰, 2⁴⁰⁰] (where the squares a QR sums overflow or
 * underflow), else 1. Scaling by a power of two is exact, so data in the safe
 * range are solved exactly as before; this is what LAPACK's `gelsd` (scipy's
 * `lstsq`) does with its `dlascl` before the SVD.
 */
export function balancingScale(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  if (max === 0 || (max >= 2 ** -SAFE_EXPONENT && max <= 2 ** SAFE_EXPONENT)) return 1;
  return 2 ** -Math.ceil(Math.log2(max));
}

/**
 * Ordinary least squares linear regression: minimizes `‖y - Xw - b‖²`.
 *
 * Solved like scipy's `lstsq` (an SVD): when X is rank deficient (collinear
 * columns, more features than samples) the solution of minimum norm is returned.
 *
 * @example
 * ```ts
 * const model = await new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
 * model.coef; // [2]
 * model.intercept; // 1
 * await model.predict([[3]]); // Float64Array [7]
 * ```
 */
export class LinearRegression extends BaseLinearRegressor<LinearRegressionParams> {
  private rankSeen: number | undefined;
  private singularSeen: Float64Array | undefined;

  constructor(params: Partial<LinearRegressionParams> = {}) {
    super('LinearRegression', SCHEMA, params);
  }

  /** The rank of the (centred) X seen in fit. @throws {NotFittedError} before fit. */
  get rank(): number {
    return this.requireFitted(this.rankSeen, 'rank');
  }

  /** The singular values of the (centred) X seen in fit, descending. @throws {NotFittedError} before fit. */
  get singular(): number[] {
    return Array.from(this.requireFitted(this.singularSeen, 'singular'));
  }

  /** Fits the least-squares solution. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    throwIfAborted(options?.signal, `${this.owner}.fit`);
    const given = this.prepareFit(X, y);
    // huge or tiny values (a column of about 1e300) are brought near 1 by powers of two, and the solution scaled back
    const sx = balancingScale(given.X.values);
    const sy = balancingScale(given.y);
    const prepared = {
      X: sx === 1 ? given.X : new DenseMatrix(given.X.values.map((v) => v * sx), given.X.rows, given.X.columns),
      y: sy === 1 ? given.y : given.y.map((v) => v * sy),
    };
    const { fitIntercept } = this.params;
    const n = prepared.X.rows;
    const p = prepared.X.columns;
    const rcond = rcondFor(n, p);
    let solution: { coef: Float64Array; rank: number; singular: Float64Array };
    let intercept: number;
    if (n >= p) {
      // a streaming QR on the kernels, then the singular values of its small triangular
      // factor: at full rank the solution is R⁻¹Qᵀy, else the SVD's minimum-norm one
      const factor = leastSquaresFactor(prepared.X, prepared.y, fitIntercept);
      const singular = singularValues(factor.R, p);
      const rank = rankOf(singular, rcond);
      solution =
        rank === p
          ? { coef: backSubstitute(factor.R, factor.qty, p), rank, singular }
          : lstsqFromParts(svdSolvePartsFromR(factor.R, p, factor.qty, rcond), p, rcond);
      intercept = interceptFor(factor, solution.coef);
    } else {
      const data = centerData(prepared.X, prepared.y, fitIntercept);
      solution = lstsq(data.X, n, p, data.y, rcond);
      intercept = interceptFor(data, solution.coef);
    }
    if (sx !== 1 || sy !== 1) {
      solution = { ...solution, coef: solution.coef.map((c) => (c * sx) / sy), singular: solution.singular.map((v) => v / sx) };
      intercept /= sy;
    }
    this.fitted = { coef: solution.coef, intercept };
    this.rankSeen = solution.rank;
    this.singularSeen = solution.singular;
    return this;
  }
}

registerTransferable(LinearRegression, import.meta.url);

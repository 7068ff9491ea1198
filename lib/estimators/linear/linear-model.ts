/**
 * What the linear regressors share (scikit-learn's `LinearModel`): centring of X
 * and y when an intercept is fitted, the intercept recovered from the means, and
 * `predict` as `X · coef + intercept`.
 */
import type { DenseMatrix, MatrixLike } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import { BaseRegressor } from '../base.js';
import { kernelLinearPredict } from './linear-kernels.js';

/** The fitted state of a single-output linear regressor. */
export interface LinearFit {
  readonly coef: Float64Array;
  readonly intercept: number;
}

/** X and y, centred when an intercept is fitted (scikit-learn's `_preprocess_data`). */
export interface CenteredData {
  /** X (centred or not), row-major, `rows × columns`. Never the caller's buffer when centred. */
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly rows: number;
  readonly columns: number;
  /** Column means of X (zeros without an intercept). */
  readonly xMean: Float64Array;
  /** Mean of y (0 without an intercept). */
  readonly yMean: number;
}

/**
 * Centres X and y on their means when `fitIntercept`; otherwise returns them as
 * they are (X's buffer is shared, read-only).
 */
export function centerData(X: DenseMatrix, y: Float64Array, fitIntercept: boolean): CenteredData {
  const n = X.rows;
  const p = X.columns;
  const xMean = new Float64Array(p);
  if (!fitIntercept) return { X: X.values, y, rows: n, columns: p, xMean, yMean: 0 };
  const src = X.values;
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) xMean[j] += src[o + j];
  }
  for (let j = 0; j < p; j++) xMean[j] /= n;
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) Xc[o + j] = src[o + j] - xMean[j];
  }
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = y[i] - yMean;
  return { X: Xc, y: yc, rows: n, columns: p, xMean, yMean };
}

/** The intercept that goes with `coef` on centred data: `yMean - xMean · coef`. */
export function interceptFor(data: Pick<CenteredData, 'xMean' | 'yMean'>, coef: Float64Array): number {
  let dot = 0;
  for (let j = 0; j < coef.length; j++) dot += data.xMean[j] * coef[j];
  return data.yMean - dot;
}

/** `X · coef + intercept` for a row-major matrix. */
export function linearPredict(X: DenseMatrix, coef: Float64Array, intercept: number): Float64Array {
  const n = X.rows;
  const p = X.columns;
  const v = X.values;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    let s = intercept;
    for (let j = 0; j < p; j++) s += v[o + j] * coef[j];
    out[i] = s;
  }
  return out;
}

/** Matrices with at least this many values are predicted on the kernels. */
const PREDICT_KERNEL_MIN_VALUES = 4096;

/**
 * Throws, as scipy's solvers do for scikit-learn ("array must not contain infs
 * or NaNs"), when a fit's coefficients or intercept are not finite: the squares
 * of huge values overflowed.
 * @throws {ValidationError} naming the fit and the fix.
 */
export function checkFiniteSolution(owner: string, X: DenseMatrix, coef: ArrayLike<number>, intercept: number): void {
  let finite = Number.isFinite(intercept);
  for (let j = 0; finite && j < coef.length; j++) finite = Number.isFinite(coef[j]!);
  if (finite) return;
  throw new ValidationError(
    `${owner}: the solution holds infs or NaNs (the squares of X's values overflow). The input data may contain large values and need to be preprocessed (e.g. with StandardScaler).`,
    { owner, argument: 'X', value: `${X.rows}×${X.columns} matrix`, expected: 'values small enough for finite coefficients' },
  );
}

// the linear estimators' abort check lives in core (every estimator uses it)
export { throwIfAborted } from '../../core/checkpoint.js';

/**
 * A single-output linear regressor: `coef`, `intercept` and `predict` from a
 * {@link LinearFit} that the subclass's `fit` stores in `fitted`.
 */
export abstract class BaseLinearRegressor<P extends object> extends BaseRegressor<P> {
  protected fitted: LinearFit | undefined;

  /** The weights, one per feature (scikit-learn's `coef_`). @throws {NotFittedError} before fit. */
  get coef(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'coef').coef);
  }

  /** The intercept (0 when `fitIntercept` is false). @throws {NotFittedError} before fit. */
  get intercept(): number {
    return this.requireFitted(this.fitted, 'intercept').intercept;
  }

  /** Predicted values, `X · coef + intercept`. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    // the kernels pay off once the copy in is amortized over enough products
    if (matrix.rows * matrix.columns >= PREDICT_KERNEL_MIN_VALUES) return kernelLinearPredict(matrix, state.coef, state.intercept);
    return linearPredict(matrix, state.coef, state.intercept);
  }
}

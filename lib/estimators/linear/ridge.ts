/**
 * Linear least squares with an L2 penalty: scikit-learn's `Ridge` with its default
 * ('cholesky') solver on dense data.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { booleanValue, realIn } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { GramEquations } from './gram-kernel.js';
import { gramEquations } from './gram-kernel.js';
import { choleskySolve, lstsq, svdCombine, svdSolveParts, transposeTimes } from './least-squares.js';
import { BaseLinearRegressor, centerData, checkFiniteSolution, interceptFor, throwIfAborted } from './linear-model.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { RidgeState } from './ridge-shared.js';
import { ridgeSharedWork, solveRidgeState } from './ridge-shared.js';

/** Parameters of {@link Ridge}. */
export interface RidgeParams {
  /**
   * The strength of the L2 penalty `alpha · ‖w‖²` (the intercept is not penalized).
   * 0 gives ordinary least squares.
   * @default 1
   */
  alpha: number;
  /**
   * Fit an intercept (X and y are centred first).
   * @default true
   */
  fitIntercept: boolean;
}

const SCHEMA: ParamSchema<RidgeParams> = {
  alpha: { default: 1, constraints: realIn({ min: 0 }) },
  fitIntercept: { default: true, constraints: booleanValue },
};

/** scikit-learn's `_solve_svd` drops singular values at or below this (scipy's `pinv` default). */
const SVD_CUTOFF = 1e-15;

/**
 * Ridge regression: minimizes `‖y - Xw - b‖² + alpha · ‖w‖²`.
 *
 * Solved exactly like scikit-learn's 'cholesky' solver: `(XᵀX + αI) w = Xᵀy` on
 * centred data, or its dual `(XXᵀ + αI) c = y, w = Xᵀc` when there are more
 * features than samples. A matrix that is not positive definite (alpha 0 on
 * collinear data) falls back to the SVD solution, as scikit-learn does.
 *
 * @example
 * ```ts
 * const model = await new Ridge({ alpha: 0.5 }).fit([[0, 1], [1, 0], [2, 2], [3, 1]], [1, 2, 5, 6]);
 * const predicted = await model.predict([[1, 1]]); // Float64Array [≈ 2.735]
 * ```
 */
export class Ridge extends BaseLinearRegressor<RidgeParams> {
  /** A split's state that the next fit solves from (shared work, see {@link Ridge.sharedWork}). */
  private primed: RidgeState | undefined;

  constructor(params: Partial<RidgeParams> = {}) {
    super('Ridge', SCHEMA, params);
  }

  /**
   * Shares a split's normal equations among the candidates of a search that
   * differ in alpha (see `SharedWork`): coefficients equal a plain fit's.
   */
  sharedWork(): SharedWork<RidgeState> {
    return ridgeSharedWork(this.params.fitIntercept, (state) => (this.primed = state), (rows) => this.fit(rows.XTrain, rows.yTrain));
  }

  /** Fits the penalized least-squares solution. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const primed = this.primed;
    this.primed = undefined;
    throwIfAborted(options?.signal, `${this.owner}.fit`);
    const { X: matrix, y: target } = this.prepareFit(X, y);
    const { alpha, fitIntercept } = this.params;
    if (primed !== undefined) {
      this.fitted = solveRidgeState(primed, alpha);
      return this;
    }
    const n = matrix.rows;
    const p = matrix.columns;
    if (p > n) {
      const data = centerData(matrix, target, fitIntercept);
      const coef = solveDual(data.X, n, p, data.y, alpha);
      const intercept = interceptFor(data, coef);
      checkFiniteSolution(`${this.owner}.fit`, matrix, coef, intercept);
      this.fitted = { coef, intercept };
      return this;
    }
    // primal: the normal equations in one pass over X on the kernels, without a centred copy
    const eq = gramEquations(matrix, target, fitIntercept);
    let coef = ridgeFromEquations(eq, alpha);
    if (coef === undefined) {
      // not positive definite (alpha 0 on collinear columns): scikit-learn's SVD solver
      const data = centerData(matrix, target, fitIntercept);
      const parts = svdSolveParts(data.X, n, p, data.y, 0);
      coef = svdCombine(parts, p, (s) => (s > SVD_CUTOFF ? s / (s * s + alpha) : 0));
    }
    const intercept = interceptFor(eq, coef);
    checkFiniteSolution(`${this.owner}.fit`, matrix, coef, intercept);
    this.fitted = { coef, intercept };
    return this;
  }
}

/**
 * The ridge weights from the normal equations of centred data, `(XcᵀXc + αI) w = Xcᵀyc`,
 * by Cholesky (`eq` is not modified, so one set of equations serves many alphas); undefined
 * when the matrix is not positive definite (alpha 0 on collinear columns).
 */
export function ridgeFromEquations(eq: GramEquations, alpha: number): Float64Array | undefined {
  const p = eq.b.length;
  const A = eq.A.slice();
  for (let j = 0; j < p; j++) A[j * p + j] = (A[j * p + j] as number) + alpha;
  return choleskySolve(A, eq.b, p);
}

function solveDual(X: Float64Array, n: number, p: number, y: Float64Array, alpha: number): Float64Array {
  // K = X Xᵀ: the Gram matrix of Xᵀ's columns, on the kernels
  const Xt = new Float64Array(p * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xt[j * n + i] = X[i * p + j] as number;
  const K = gramEquations(new DenseMatrix(Xt, p, n), new Float64Array(p), false).A;
  for (let i = 0; i < n; i++) K[i * n + i] = (K[i * n + i] as number) + alpha;
  const Kcopy = K.slice();
  let dual = choleskySolve(K, y, n);
  if (dual === undefined) {
    warn('Singular matrix in solving dual problem. Using least-squares solution instead.', 'UserWarning');
    dual = lstsq(Kcopy, n, n, y, Number.EPSILON).coef;
  }
  return transposeTimes(X, n, p, dual);
}

registerTransferable(Ridge, import.meta.url);

/**
 * Ridge's shared work across the candidates of a search: the normal equations
 * of a split (or, with more features than samples, the dual's `X Xᵀ`) depend on
 * `fitIntercept` only, so every alpha of a grid solves from one set of them.
 *
 * Up to {@link CHOLESKY_MAX} unknowns each alpha is solved as a plain fit solves
 * it (Cholesky of the shared matrix plus `alpha·I`, with the same fallbacks), so
 * the coefficients are the plain fit's to the last bit. Past it, the matrix is
 * decomposed once per split (`A = V Λ Vᵀ`) and each alpha costs a product with
 * `V`: `w = V (Λ + αI)⁻¹ Vᵀ b`, O(p²) (O(n·p) for the dual), equal to the
 * Cholesky solution up to rounding.
 */
import { DenseMatrix } from '../../core/data.js';
import type { BuiltState, SharedWork, SplitRows } from '../../core/shared-state.js';
import { stateKey } from '../../core/shared-state.js';
import { warn } from '../../core/warnings.js';
import { symmetricEigen } from '../decomposition/symmetric-eigen.js';
import type { GramEquations } from './gram-kernel.js';
import { gramEquations } from './gram-kernel.js';
import { choleskySolve, lstsq, svdCombine, svdSolveParts, transposeTimes } from './least-squares.js';
import type { CenteredData, LinearFit } from './linear-model.js';
import { centerData, interceptFor } from './linear-model.js';

/** Past this many unknowns (features, or samples for the dual), alphas are solved from one eigendecomposition per split. */
export const CHOLESKY_MAX = 256;

/** scikit-learn's `_solve_svd` drops singular values at or below this (scipy's `pinv` default). */
const SVD_CUTOFF = 1e-15;

/** The Gram matrix's eigendecomposition and `Vᵀ b`, made once per split. */
interface Eigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
  readonly projected: Float64Array;
}

/** One split's state: the primal normal equations, or the dual's centred data and `X Xᵀ`. */
export type RidgeState =
  | { readonly kind: 'primal'; readonly eq: GramEquations; readonly XTrain: DenseMatrix; readonly y: Float64Array; readonly fitIntercept: boolean; eigen: Eigen | undefined }
  | { readonly kind: 'dual'; readonly data: CenteredData; readonly K: Float64Array; eigen: Eigen | undefined };

/** The state of one split's training rows. */
export function ridgeState(X: DenseMatrix, y: Float64Array, fitIntercept: boolean): RidgeState {
  const n = X.rows;
  const p = X.columns;
  if (p <= n) return { kind: 'primal', eq: gramEquations(X, y, fitIntercept), XTrain: X, y, fitIntercept, eigen: undefined };
  const data = centerData(X, y, fitIntercept);
  // K = X Xᵀ: the Gram matrix of Xᵀ's columns, on the kernels (as the plain fit builds it)
  const Xt = new Float64Array(p * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xt[j * n + i] = data.X[i * p + j] as number;
  const K = gramEquations(new DenseMatrix(Xt, p, n), new Float64Array(p), false).A;
  return { kind: 'dual', data, K, eigen: undefined };
}

/** The size of a state in bytes. */
function stateBytes(state: RidgeState): number {
  if (state.kind === 'primal') return (state.eq.A.length + 3 * state.eq.b.length) * 8;
  return (state.K.length + state.data.X.length + state.data.y.length) * 8;
}

/** The ridge solution for `alpha` from a split's state. */
export function solveRidgeState(state: RidgeState, alpha: number): LinearFit {
  if (state.kind === 'dual') {
    const { data, K } = state;
    const n = data.rows;
    const dual = n > CHOLESKY_MAX ? eigenSolve(state, K, data.y, n, alpha) : dualCholesky(K, data.y, n, alpha);
    const coef = transposeTimes(data.X, n, data.columns, dual);
    return { coef, intercept: interceptFor(data, coef) };
  }
  const { eq } = state;
  const p = eq.b.length;
  let coef = p > CHOLESKY_MAX ? eigenSolve(state, eq.A, eq.b, p, alpha) : primalCholesky(eq, alpha);
  if (coef === undefined) {
    // not positive definite (alpha 0 on collinear columns): scikit-learn's SVD solver, as a plain fit
    const data = centerData(state.XTrain, state.y, state.fitIntercept);
    const parts = svdSolveParts(data.X, data.rows, p, data.y, 0);
    coef = svdCombine(parts, p, (s) => (s > SVD_CUTOFF ? s / (s * s + alpha) : 0));
  }
  return { coef, intercept: interceptFor(eq, coef) };
}

function primalCholesky(eq: GramEquations, alpha: number): Float64Array | undefined {
  const p = eq.b.length;
  const A = eq.A.slice();
  for (let j = 0; j < p; j++) A[j * p + j] = (A[j * p + j] as number) + alpha;
  return choleskySolve(A, eq.b, p);
}

function dualCholesky(K: Float64Array, y: Float64Array, n: number, alpha: number): Float64Array {
  const A = K.slice();
  for (let i = 0; i < n; i++) A[i * n + i] = (A[i * n + i] as number) + alpha;
  const copy = A.slice();
  const dual = choleskySolve(A, y, n);
  if (dual !== undefined) return dual;
  warn('Singular matrix in solving dual problem. Using least-squares solution instead.', 'UserWarning');
  return lstsq(copy, n, n, y, Number.EPSILON).coef;
}

/** `V (Λ + αI)⁻¹ Vᵀ b`, the decomposition made at the first alpha; components with `λ + α` at rounding level are dropped (a pseudo-inverse). */
function eigenSolve(state: RidgeState, A: Float64Array, b: Float64Array, m: number, alpha: number): Float64Array {
  if (state.eigen === undefined) {
    const { values, vectors } = symmetricEigen(A, m);
    const projected = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += (vectors[k * m + j] as number) * (b[j] as number);
      projected[k] = s;
    }
    state.eigen = { values, vectors, projected };
  }
  const { values, vectors, projected } = state.eigen;
  const floor = Math.max(Math.abs(values[0] as number), 0) * m * Number.EPSILON;
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const d = (values[k] as number) + alpha;
    if (!(d > floor)) continue;
    const c = (projected[k] as number) / d;
    const row = k * m;
    for (let j = 0; j < m; j++) out[j] = (out[j] as number) + c * (vectors[row + j] as number);
  }
  return out;
}

/**
 * Ridge's shared work for its current params: the state depends on
 * `fitIntercept` only.
 *
 * @param prime - makes the estimator's next `fit` take its solution from the state.
 * @param fit - the estimator's `fit` on the training rows.
 */
export function ridgeSharedWork(
  fitIntercept: boolean,
  prime: (state: RidgeState) => void,
  fit: (rows: SplitRows) => Promise<unknown>,
): SharedWork<RidgeState> {
  return {
    key: stateKey({ fitIntercept }) as string,
    build: async (rows: SplitRows): Promise<BuiltState<RidgeState>> => {
      const y = Float64Array.from(rows.yTrain as ArrayLike<number>);
      const state = ridgeState(rows.XTrain, y, fitIntercept);
      return { value: state, bytes: stateBytes(state) };
    },
    fit: async (state, rows) => {
      prime(state);
      await fit(rows);
      return undefined;
    },
  };
}

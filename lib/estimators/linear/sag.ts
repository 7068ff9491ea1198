/**
 * scikit-learn's `sag_solver` for LogisticRegression's 'sag' and 'saga' solvers: the
 * step size from the largest squared row norm, the dataset's seed drawn from
 * `randomState`, the epochs (on the WebAssembly kernel, or in JavaScript), and the
 * stopping rule on the largest change of the weights relative to the largest weight.
 */
import { ValidationError } from '../../core/errors.js';
import type { DenseMatrix } from '../../core/data.js';
import { warn } from '../../core/warnings.js';
import { throwIfAborted } from './linear-model.js';
import type { SagConfig, SagData, SagState } from './sag-epoch.js';
import { sagEpoch, sagState } from './sag-epoch.js';
import type { SagKernelRows } from './sag-kernel.js';

/** Options of {@link sagSolver}. */
export interface SagSolverOptions {
  readonly multinomial: boolean;
  /** Classes of the multinomial loss (ignored for the binary loss). */
  readonly nClasses: number;
  /** L2 strength (`(1 - l1Ratio) / C`), before the division by n. */
  readonly alpha: number;
  /** L1 strength (`l1Ratio / C`), before the division by n; SAGA only. */
  readonly beta: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly fitIntercept: boolean;
  readonly saga: boolean;
  /** The dataset's seed (`random_state.randint(1, 2³¹ - 1)`). */
  readonly seed: number;
  /** The largest squared row norm of X (scikit-learn computes it once per fit). */
  readonly maxSquaredSum: number;
  readonly signal?: AbortSignal | undefined;
  readonly owner: string;
}

/** What {@link sagSolver} returns. */
export interface SagResult {
  /** `k × p`, row-major (k = 1 for the binary loss). */
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
  readonly nIter: number;
}

/** scikit-learn's `get_auto_step_size` for the logistic losses. */
export function sagStepSize(maxSquaredSum: number, alphaScaled: number, fitIntercept: boolean, n: number, saga: boolean): number {
  const L = 0.25 * (maxSquaredSum + (fitIntercept ? 1 : 0)) + alphaScaled;
  if (!saga) return 1 / L;
  const mun = Math.min(2 * n * alphaScaled, L);
  return 1 / (2 * L + mun);
}

/** The largest squared norm of a row (scikit-learn's `row_norms(X, squared=True).max()`). */
export function maxSquaredRowNorm(X: DenseMatrix): number {
  const p = X.columns;
  const v = X.values;
  let best = 0;
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += v[i * p + j] * v[i * p + j];
    if (s > best) best = s;
  }
  return best;
}

/**
 * Fits the logistic loss (targets ±1, or class codes for the multinomial loss) by SAG or
 * SAGA from zero. Warns (`ConvergenceWarning`) when `maxIter` epochs run.
 *
 * @throws {ValidationError} when the weights overflow (scikit-learn's message).
 */
export function sagSolver(X: DenseMatrix, y: Float64Array, sampleWeight: Float64Array, rows: SagKernelRows | undefined, o: SagSolverOptions): SagResult {
  const n = X.rows;
  const p = X.columns;
  const k = o.multinomial ? o.nClasses : 1;
  const alpha = o.alpha / n;
  const beta = o.beta / n;
  const stepSize = sagStepSize(o.maxSquaredSum, alpha, o.fitIntercept, n, o.saga);
  if (stepSize * alpha === 1) {
    throw new ValidationError('Current sag implementation does not handle the case step_size * alpha_scaled == 1', {
      owner: o.owner,
      argument: 'C',
      value: 1 / o.alpha,
      expected: 'a penalty for which the step size times alpha differs from 1',
    });
  }
  const config: SagConfig = { nClasses: k, multinomial: o.multinomial, stepSize, alpha, beta, fitIntercept: o.fitIntercept, saga: o.saga };
  const state: SagState = sagState(n, p, k, o.seed);
  const data: SagData = { X: X.values, n, p, y, sampleWeight };
  const epochs = rows?.epochRunner(data, state, config);
  const previous = new Float64Array(p * k);
  let nIter = 0;
  try {
    for (nIter = 0; nIter < o.maxIter; nIter++) {
      throwIfAborted(o.signal, o.owner);
      const ok = epochs === undefined ? sagEpoch(data, state, config) : epochs.run(state);
      if (!ok) {
        throw new ValidationError(
          `Floating-point under-/overflow occurred at epoch #${nIter + 1}. Scaling input data with StandardScaler or MinMaxScaler might help.`,
          { owner: o.owner, argument: 'X', value: `${n}×${p} matrix`, expected: 'values small enough for finite weights' },
        );
      }
      let maxChange = 0;
      let maxWeight = 0;
      const w = state.weights;
      for (let idx = 0; idx < p * k; idx++) {
        maxWeight = Math.max(maxWeight, Math.abs(w[idx]));
        maxChange = Math.max(maxChange, Math.abs(w[idx] - previous[idx]));
        previous[idx] = w[idx];
      }
      if ((maxWeight !== 0 && maxChange / maxWeight <= o.tol) || (maxWeight === 0 && maxChange === 0)) break;
    }
    if (nIter === o.maxIter) nIter = o.maxIter - 1;
  } finally {
    epochs?.dispose();
  }
  nIter += 1;
  if (nIter === o.maxIter) warn('The max_iter was reached which means the coef_ did not converge', 'ConvergenceWarning');
  // scikit-learn's weights are p × k; the coefficients k × p
  const coef = new Float64Array(k * p);
  for (let j = 0; j < p; j++) for (let c = 0; c < k; c++) coef[c * p + j] = state.weights[j * k + c];
  return { coef, intercept: state.intercept.slice(), nIter };
}

/**
 * The linear support vector regressor: scikit-learn's `LinearSVR` on its liblinear.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../core/check-random-state.js';
import type { MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { booleanValue, integerIn, nullValue, oneOf, realIn, satisfies } from '../../core/validate.js';
import { BaseRegressor } from '../base.js';
import { linearScores } from '../linear/linear-classifier-scores.js';
import { throwIfAborted } from '../linear/linear-model.js';
import { fitLiblinear, liblinearSolverType } from './fit-liblinear.js';

/** Parameters of {@link LinearSVR}. */
export interface LinearSVRParams {
  /**
   * The width of the insensitive tube: errors below `epsilon` cost nothing. Its scale
   * is the target's.
   * @default 0
   */
  epsilon: number;
  /**
   * The stopping tolerance (liblinear's `eps`).
   * @default 1e-4
   */
  tol: number;
  /**
   * The inverse of the penalty strength: the objective is `‖w‖²/2 + C Σ loss`.
   * @default 1
   */
  C: number;
  /**
   * 'epsilon_insensitive' (the L1 loss of the standard SVR; needs `dual: true`) or
   * 'squared_epsilon_insensitive' (the L2 loss).
   * @default 'epsilon_insensitive'
   */
  loss: 'epsilon_insensitive' | 'squared_epsilon_insensitive';
  /**
   * Fit an intercept, as the weight of a constant feature `interceptScaling` (so it is
   * penalized like the weights).
   * @default true
   */
  fitIntercept: boolean;
  /**
   * The value of the constant feature that carries the intercept.
   * @default 1
   */
  interceptScaling: number;
  /**
   * Solve the dual problem (coordinate descent, Ho and Lin 2012) or the primal one
   * (trust-region Newton; squared loss only).
   * @default true
   */
  dual: boolean;
  /**
   * Seeds liblinear's random visiting order as scikit-learn seeds it; `null` draws a seed.
   * @default null
   */
  randomState: RandomStateLike | null;
  /**
   * The most passes of the solver.
   * @default 1000
   */
  maxIter: number;
}

const SCHEMA: ParamSchema<LinearSVRParams> = {
  epsilon: { default: 0, constraints: satisfies('a finite number', (v) => typeof v === 'number' && Number.isFinite(v)) },
  tol: { default: 1e-4, constraints: realIn({ min: 0, minInclusive: false }) },
  C: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  loss: { default: 'epsilon_insensitive', constraints: oneOf(['epsilon_insensitive', 'squared_epsilon_insensitive']) },
  fitIntercept: { default: true, constraints: booleanValue },
  interceptScaling: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  dual: { default: true, constraints: booleanValue },
  randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
  maxIter: { default: 1000, constraints: integerIn({ min: 0 }) },
};

interface LinearSVRFit {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly nIter: number;
}

/**
 * A linear support vector regression trained by liblinear, as scikit-learn's
 * `LinearSVR`: dual coordinate descent by default, the primal trust-region Newton method
 * for the squared loss with `dual: false`. The same `randomState` gives scikit-learn's
 * weights. Standardize the features first.
 *
 * @example
 * ```ts
 * const X = [[0], [1], [2], [3], [4]];
 * const model = await new LinearSVR({ C: 10, randomState: 0 }).fit(X, [1, 3, 5, 7, 9]);
 * await model.predict([[5]]); // ≈ [11]
 * ```
 */
export class LinearSVR extends BaseRegressor<LinearSVRParams> {
  private fitted: LinearSVRFit | undefined;

  constructor(params: Partial<LinearSVRParams> = {}) {
    super('LinearSVR', SCHEMA, params);
  }

  /** The weights, one per feature. @throws {NotFittedError} before fit. */
  get coef(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'coef').coef);
  }

  /** The intercept as a one-element array (scikit-learn's shape); `[0]` without `fitIntercept`. @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    return [this.requireFitted(this.fitted, 'intercept').intercept];
  }

  /** The passes the solver ran. @throws {NotFittedError} before fit. */
  get nIter(): number {
    return this.requireFitted(this.fitted, 'nIter').nIter;
  }

  /** Fits liblinear's model; warns (`ConvergenceWarning`) when it reaches `maxIter`. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    throwIfAborted(options?.signal, `${this.owner}.fit`);
    const p = this.params;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    const solverType = liblinearSolverType(this.owner, 'ovr', 'l2', p.loss, p.dual);
    const result = fitLiblinear(matrix, { values: target }, {
      C: p.C,
      fitIntercept: p.fitIntercept,
      interceptScaling: p.interceptScaling,
      solverType,
      maxIter: p.maxIter,
      tol: p.tol,
      randomState: p.randomState,
      epsilon: p.epsilon,
      signal: options?.signal,
    });
    this.fitted = { coef: result.coef, intercept: result.intercept[0], nIter: result.nIter[0] };
    return this;
  }

  /** Predicted values, `X · coef + intercept`. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    return linearScores(matrix, state.coef, Float64Array.of(state.intercept));
  }
}

registerTransferable(LinearSVR, import.meta.url);

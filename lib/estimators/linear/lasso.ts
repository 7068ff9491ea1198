/**
 * Linear regression with an L1 penalty: scikit-learn's `Lasso`.
 */
import type { ParamSchema } from '../../core/estimator.js';
import { booleanValue, integerIn, oneOf, realIn, undefinedValue } from '../../core/validate.js';
import type { CoordinateSelection } from './coordinate-descent.js';
import { BaseCoordinateDescentRegressor } from './coordinate-descent-regressor.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link Lasso}. */
export interface LassoParams {
  /**
   * The strength of the L1 penalty `alpha · ‖w‖₁` (against the mean squared error
   * halved). 0 is ordinary least squares, better fitted with `LinearRegression`.
   * @default 1
   */
  alpha: number;
  /**
   * Fit an intercept (X and y are centred first).
   * @default true
   */
  fitIntercept: boolean;
  /**
   * The most coordinate-descent sweeps.
   * @default 1000
   */
  maxIter: number;
  /**
   * Stops when the largest update is below `tol` times the largest coefficient and
   * the duality gap is below `tol · ‖y - ȳ‖²`.
   * @default 1e-4
   */
  tol: number;
  /**
   * Seeds the visiting order when `selection` is 'random', as scikit-learn seeds its
   * coordinate descent (`rand_int` of a `rand_r` generator seeded with
   * `RandomState(randomState).randint(0, 2³¹ - 1)`), so the same seed visits the same
   * coordinates as scikit-learn; `undefined` draws a seed.
   * @default undefined
   */
  randomState: number | undefined;
  /**
   * 'cyclic' visits the features in order; 'random' picks one at random at each
   * step, which often converges faster when `tol` is above 1e-4.
   * @default 'cyclic'
   */
  selection: CoordinateSelection;
}

/** The schema shared by {@link Lasso} and `ElasticNet` (which adds `l1Ratio`). */
export const COORDINATE_DESCENT_SCHEMA: ParamSchema<LassoParams> = {
  alpha: { default: 1, constraints: realIn({ min: 0 }) },
  fitIntercept: { default: true, constraints: booleanValue },
  maxIter: { default: 1000, constraints: integerIn({ min: 1 }) },
  tol: { default: 1e-4, constraints: realIn({ min: 0 }) },
  randomState: { default: undefined, constraints: [undefinedValue, integerIn({ min: 0, max: 2 ** 32 - 1 })] },
  selection: { default: 'cyclic', constraints: oneOf(['cyclic', 'random']) },
};

/**
 * Lasso: minimizes `1/(2n) ‖y - Xw - b‖² + alpha · ‖w‖₁` by coordinate descent,
 * which sets many weights exactly to zero.
 *
 * Follows scikit-learn's coordinate descent step for step (same sweep order, same
 * duality-gap stopping rule), so cyclic fits agree with it to rounding. Emits a
 * `ConvergenceWarning` with the final gap when `maxIter` sweeps are not enough.
 *
 * @example
 * ```ts
 * const model = await new Lasso({ alpha: 0.1 }).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 2]);
 * model.coef; // [0.85, 0]: one of the two equal features is dropped
 * ```
 */
export class Lasso extends BaseCoordinateDescentRegressor<LassoParams> {
  constructor(params: Partial<LassoParams> = {}) {
    super('Lasso', COORDINATE_DESCENT_SCHEMA, params);
  }

  protected l1RatioValue(): number {
    return 1;
  }
}

registerTransferable(Lasso, import.meta.url);

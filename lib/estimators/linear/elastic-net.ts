/**
 * Linear regression with combined L1 and L2 penalties: scikit-learn's `ElasticNet`.
 */
import type { ParamSchema } from '../../core/estimator.js';
import { realIn } from '../../core/validate.js';
import { BaseCoordinateDescentRegressor } from './coordinate-descent-regressor.js';
import type { LassoParams } from './lasso.js';
import { COORDINATE_DESCENT_SCHEMA } from './lasso.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link ElasticNet}. */
export interface ElasticNetParams extends LassoParams {
  /**
   * The overall penalty strength: `alpha · l1Ratio · ‖w‖₁ + ½ alpha (1 - l1Ratio) ‖w‖²`.
   * @default 1
   */
  alpha: number;
  /**
   * The L1 share of the penalty, in [0, 1]: 1 is the lasso, 0 a ridge penalty
   * (better fitted with `Ridge`: coordinate descent's stopping rule needs some L1).
   * @default 0.5
   */
  l1Ratio: number;
}

const SCHEMA: ParamSchema<ElasticNetParams> = {
  alpha: COORDINATE_DESCENT_SCHEMA.alpha,
  l1Ratio: { default: 0.5, constraints: realIn({ min: 0, max: 1 }) },
  fitIntercept: COORDINATE_DESCENT_SCHEMA.fitIntercept,
  maxIter: COORDINATE_DESCENT_SCHEMA.maxIter,
  tol: COORDINATE_DESCENT_SCHEMA.tol,
  randomState: COORDINATE_DESCENT_SCHEMA.randomState,
  selection: COORDINATE_DESCENT_SCHEMA.selection,
};

/**
 * Elastic net: minimizes `1/(2n) ‖y - Xw - b‖² + alpha · l1Ratio · ‖w‖₁ +
 * ½ alpha (1 - l1Ratio) ‖w‖²` by coordinate descent.
 *
 * Follows scikit-learn's coordinate descent step for step, with its duality-gap
 * stopping rule and its `ConvergenceWarning`.
 *
 * @example
 * ```ts
 * const model = await new ElasticNet({ alpha: 0.1, l1Ratio: 0.7 }).fit([[0, 1], [1, 0], [2, 2], [3, 1]], [1, 2, 5, 6]);
 * const predicted = await model.predict([[1, 1]]);
 * ```
 */
export class ElasticNet extends BaseCoordinateDescentRegressor<ElasticNetParams> {
  constructor(params: Partial<ElasticNetParams> = {}) {
    super('ElasticNet', SCHEMA, params);
  }

  protected l1RatioValue(): number {
    return this.params.l1Ratio;
  }
}

registerTransferable(ElasticNet, import.meta.url);

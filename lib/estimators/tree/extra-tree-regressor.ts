/**
 * ExtraTreeRegressor: scikit-learn's extremely randomized regression tree
 * (`sklearn.tree.ExtraTreeRegressor`, the random splitter).
 */
import { registerTransferable } from '../../core/transfer.js';
import { BaseTreeRegressor } from './base-tree.js';
import type { DecisionTreeRegressorParams } from './decision-tree-regressor.js';
import { decisionTreeParamsSchema, REGRESSION_CRITERION } from './tree-params.js';

/**
 * Parameters of {@link ExtraTreeRegressor}: those of {@link DecisionTreeRegressor}
 * with `splitter: 'random'` by default (`maxFeatures` null: every feature, as
 * scikit-learn 1.2's `1.0`).
 */
export type ExtraTreeRegressorParams = DecisionTreeRegressorParams;

/**
 * An extremely randomized tree regressor, after scikit-learn's
 * `ExtraTreeRegressor`: at each node, each drawn feature gets one threshold drawn
 * uniformly between its minimum and maximum in the node, and the split that most
 * reduces the squared error among those is kept. Usually grown many at a time in
 * {@link ExtraTreesRegressor}.
 *
 * The features and thresholds come from scikit-learn's tree generator seeded as
 * scikit-learn seeds it, so the same `randomState` grows scikit-learn's tree.
 *
 * @example
 * ```ts
 * const tree = new ExtraTreeRegressor({ randomState: 0 });
 * await tree.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
 * await tree.predict([[1], [6]]); // Float64Array [1, 5]
 * ```
 */
export class ExtraTreeRegressor extends BaseTreeRegressor<ExtraTreeRegressorParams> {
  constructor(params: Partial<ExtraTreeRegressorParams> = {}) {
    super('ExtraTreeRegressor', decisionTreeParamsSchema(REGRESSION_CRITERION, 'random'), params);
  }
}

registerTransferable(ExtraTreeRegressor, import.meta.url);

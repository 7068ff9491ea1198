/**
 * ExtraTreesRegressor: scikit-learn's forest of extremely randomized regression
 * trees (`sklearn.ensemble.ExtraTreesRegressor`).
 */
import { registerTransferable } from '../../core/transfer.js';
import { BaseForestRegressor } from './base-forest.js';
import type { RandomForestRegressorParams } from './random-forest-regressor.js';
import { forestParamsSchema, REGRESSION_CRITERION } from './tree-params.js';

/**
 * Parameters of {@link ExtraTreesRegressor}: those of {@link RandomForestRegressor}
 * with scikit-learn's other default `bootstrap: false` (`maxFeatures` null: every
 * feature, scikit-learn 1.2's `1.0`).
 */
export type ExtraTreesRegressorParams = RandomForestRegressorParams;

/**
 * A forest of extremely randomized regression trees, after scikit-learn's
 * `ExtraTreesRegressor`: each tree is an {@link ExtraTreeRegressor} (one random
 * threshold per feature at each node), grown on every sample unless `bootstrap`;
 * the prediction is the mean of the trees'.
 *
 * The random draws are scikit-learn's, so the same `randomState` gives
 * scikit-learn's forest, tree for tree, and its predictions.
 *
 * @example
 * ```ts
 * const forest = new ExtraTreesRegressor({ nEstimators: 20, randomState: 0 });
 * await forest.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
 * await forest.predict([[1], [6]]); // Float64Array [1, 5]
 * ```
 */
export class ExtraTreesRegressor extends BaseForestRegressor<ExtraTreesRegressorParams> {
  protected readonly splitter = 'random';

  constructor(params: Partial<ExtraTreesRegressorParams> = {}) {
    super('ExtraTreesRegressor', forestParamsSchema(REGRESSION_CRITERION, null, false), params);
  }
}

registerTransferable(ExtraTreesRegressor, import.meta.url);

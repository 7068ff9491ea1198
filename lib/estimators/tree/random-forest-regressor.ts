/**
 * RandomForestRegressor: scikit-learn's random forest of CART regressors
 * (`sklearn.ensemble.RandomForestRegressor`).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { registerTransferable } from '../../core/transfer.js';
import { BaseForestRegressor } from './base-forest.js';
import type { RegressionCriterion, MaxFeatures } from './tree-params.js';
import { REGRESSION_CRITERION, forestParamsSchema } from './tree-params.js';

/** Parameters of {@link RandomForestRegressor}. */
export interface RandomForestRegressorParams {
  /** The number of trees. @default 100 */
  nEstimators: number;
  /** How a split is scored: the reduction of the squared error. @default 'squared_error' */
  criterion: RegressionCriterion;
  /** The deepest a node may be (the root is depth 0); null grows until the leaves are pure or too small. @default null */
  maxDepth: number | null;
  /** The fewest samples a node needs to be split: an int >= 2, or a fraction in (0, 1) of the samples (rounded up). @default 2 */
  minSamplesSplit: number;
  /** The fewest samples each child of a split must keep: an int >= 1, or a fraction in (0, 1) of the samples (rounded up). @default 1 */
  minSamplesLeaf: number;
  /**
   * How many features each split considers, drawn at random: null (all, scikit-learn's
   * default `1.0`), `'sqrt'`, `'log2'`, a count (an int >= 1) or a fraction in (0, 1)
   * of the features. @default null
   */
  maxFeatures: MaxFeatures;
  /** Grow each tree on a bootstrap sample (n draws with replacement); false uses every sample. @default true */
  bootstrap: boolean;
  /**
   * Seeds the trees' seeds, bootstrap samples and feature draws as scikit-learn's
   * `random_state` does; a `RandomState` advances at every fit; null draws a fresh
   * seed. @default null
   */
  randomState: RandomStateLike | null;
  /**
   * Keep the fitted trees on the next fit and add trees up to `nEstimators`
   * (scikit-learn's `warm_start`): with the same data and an int `randomState`,
   * the forest is the one a single fit with `nEstimators` grows. @default false
   */
  warmStart: boolean;
}

/**
 * A random forest regressor, after scikit-learn's `RandomForestRegressor`: trees
 * grown on bootstrap samples; the prediction is the mean of the trees'.
 *
 * scikit-learn 1.2's default `max_features=1.0` (every feature at every split) is
 * written `null` here: JavaScript cannot tell `1.0` from `1`, which means one
 * feature. The random draws are scikit-learn's (each tree's seed, its bootstrap
 * rows and its feature order), so the same `randomState` draws scikit-learn's
 * bootstrap samples and feature orders.
 *
 * @example
 * ```ts
 * const forest = new RandomForestRegressor({ nEstimators: 20, randomState: 0 });
 * await forest.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
 * await forest.predict([[1.5], [5.5]]); // Float64Array, close to [1, 5]
 * ```
 */
export class RandomForestRegressor extends BaseForestRegressor<RandomForestRegressorParams> {
  protected readonly splitter = 'best';

  constructor(params: Partial<RandomForestRegressorParams> = {}) {
    super('RandomForestRegressor', forestParamsSchema(REGRESSION_CRITERION, null), params);
  }
}

registerTransferable(RandomForestRegressor, import.meta.url);

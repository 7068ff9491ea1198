/**
 * DecisionTreeRegressor: scikit-learn's CART regressor
 * (`sklearn.tree.DecisionTreeRegressor`, squared error).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { registerTransferable } from '../../core/transfer.js';
import { BaseTreeRegressor } from './base-tree.js';
import type { SplitterKind } from './cart-builder.js';
import type { MaxFeatures, RegressionCriterion } from './tree-params.js';
import { decisionTreeParamsSchema, REGRESSION_CRITERION } from './tree-params.js';

export type { RegressionCriterion } from './tree-params.js';

/** Parameters of {@link DecisionTreeRegressor}. */
export interface DecisionTreeRegressorParams {
  /** How a split is scored: the reduction of the squared error (variance). @default 'squared_error' */
  criterion: RegressionCriterion;
  /**
   * How a node's split is chosen: `'best'` tries every threshold of each drawn
   * feature, `'random'` one threshold drawn uniformly between the feature's
   * minimum and maximum in the node (an extremely randomized tree, as
   * {@link ExtraTreeRegressor}). @default 'best'
   */
  splitter: SplitterKind;
  /** The deepest a node may be (the root is depth 0); null grows until the leaves are pure or too small. @default null */
  maxDepth: number | null;
  /** The fewest samples a node needs to be split: an int >= 2, or a fraction in (0, 1) of the samples (rounded up). @default 2 */
  minSamplesSplit: number;
  /** The fewest samples each child of a split must keep: an int >= 1, or a fraction in (0, 1) of the samples (rounded up). @default 1 */
  minSamplesLeaf: number;
  /**
   * How many features each split considers, drawn at random: null (all), `'sqrt'`,
   * `'log2'`, a count (an int >= 1) or a fraction in (0, 1) of the features. @default null
   */
  maxFeatures: MaxFeatures;
  /**
   * Seeds the feature order (which also breaks ties between equally good splits) as
   * scikit-learn's `random_state` does; a `RandomState` advances at every fit; null
   * draws a fresh seed. @default null
   */
  randomState: RandomStateLike | null;
}

/**
 * A decision tree regressor (CART), after scikit-learn's `DecisionTreeRegressor`.
 *
 * Each split is the threshold, halfway between two consecutive distinct values of
 * a feature, that most reduces the squared error; a leaf predicts the mean of its
 * samples. X is compared in float32 as in scikit-learn. When two splits tie
 * exactly, the one kept depends on the random feature order (set `randomState`).
 * With `splitter: 'random'` each drawn feature gets one threshold drawn at random,
 * as scikit-learn's random splitter draws it.
 *
 * @example
 * ```ts
 * const tree = new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 });
 * await tree.fit([[1], [2], [3], [4]], [1, 1, 5, 5]);
 * await tree.predict([[3.5]]); // Float64Array [5]
 * ```
 */
export class DecisionTreeRegressor extends BaseTreeRegressor<DecisionTreeRegressorParams> {
  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    super('DecisionTreeRegressor', decisionTreeParamsSchema(REGRESSION_CRITERION, 'best'), params);
  }
}

registerTransferable(DecisionTreeRegressor, import.meta.url);

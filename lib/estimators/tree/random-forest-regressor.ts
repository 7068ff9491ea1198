/**
 * RandomForestRegressor: scikit-learn's random forest of CART regressors
 * (`sklearn.ensemble.RandomForestRegressor`).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import type { MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { BaseRegressor } from '../base.js';
import { forestFeatureImportances } from './forest.js';
import type { FittedForest } from './tree-estimator.js';
import { fitForest, meanTreeValues } from './tree-estimator.js';
import type { MaxFeatures, RegressionCriterion } from './tree-params.js';
import { forestParamsSchema, REGRESSION_CRITERION } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { copyTree } from './tree-structure.js';
import { registerTransferable } from '../../core/transfer.js';

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
export class RandomForestRegressor extends BaseRegressor<RandomForestRegressorParams> {
  private fitted: FittedForest | undefined;

  constructor(params: Partial<RandomForestRegressorParams> = {}) {
    super('RandomForestRegressor', forestParamsSchema(REGRESSION_CRITERION, null), params);
  }

  /**
   * Grows the forest on X and the real targets y. With `options.signal`, the fit
   * stops between two trees when the signal aborts (throwing an `AbortError`).
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    this.fitted = await fitForest(this.owner, this.params, matrix, { kind: 'regression', y: target }, options?.signal);
    return this;
  }

  /** The mean of the trees' predictions. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    return meanTreeValues(this.owner, state.trees, matrix);
  }

  /** Impurity-based feature importances: the mean over the trees, normalized to sum to one. */
  get featureImportances(): Float64Array {
    const state = this.requireFitted(this.fitted, 'featureImportances');
    return forestFeatureImportances(state.trees, state.nFeatures);
  }

  /** A copy of each fitted tree's arrays, in order (scikit-learn's `estimators_[i].tree_`). */
  get trees(): TreeStructure[] {
    return this.requireFitted(this.fitted, 'trees').trees.map(copyTree);
  }
}

registerTransferable(RandomForestRegressor, import.meta.url);

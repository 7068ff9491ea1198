/**
 * DecisionTreeRegressor: scikit-learn's CART regressor
 * (`sklearn.tree.DecisionTreeRegressor`, squared error, best splitter).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import type { MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { BaseRegressor } from '../base.js';
import type { FittedTree } from './tree-estimator.js';
import { fitTree, meanTreeValues } from './tree-estimator.js';
import type { MaxFeatures, RegressionCriterion } from './tree-params.js';
import { REGRESSION_CRITERION, treeParamsSchema } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { copyTree, countLeaves, treeFeatureImportances } from './tree-structure.js';
import { registerTransferable } from '../../core/transfer.js';

export type { RegressionCriterion } from './tree-params.js';

/** Parameters of {@link DecisionTreeRegressor}. */
export interface DecisionTreeRegressorParams {
  /** How a split is scored: the reduction of the squared error (variance). @default 'squared_error' */
  criterion: RegressionCriterion;
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
 *
 * @example
 * ```ts
 * const tree = new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 });
 * await tree.fit([[1], [2], [3], [4]], [1, 1, 5, 5]);
 * await tree.predict([[3.5]]); // Float64Array [5]
 * ```
 */
export class DecisionTreeRegressor extends BaseRegressor<DecisionTreeRegressorParams> {
  private fitted: FittedTree | undefined;

  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    super('DecisionTreeRegressor', treeParamsSchema(REGRESSION_CRITERION), params);
  }

  /** Grows the tree on X and the real targets y. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    this.fitted = fitTree(this.owner, this.params, matrix, { kind: 'regression', y: target }, options?.signal);
    return this;
  }

  /** The mean target of each sample's leaf. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    return meanTreeValues(this.owner, [state.tree], matrix);
  }

  /** Impurity-based feature importances, summing to one (all zeros for a single-leaf tree). */
  get featureImportances(): Float64Array {
    const state = this.requireFitted(this.fitted, 'featureImportances');
    return treeFeatureImportances(state.tree, state.nFeatures);
  }

  /** A copy of the fitted tree's arrays (scikit-learn's `tree_`). */
  get tree(): TreeStructure {
    return copyTree(this.requireFitted(this.fitted, 'tree').tree);
  }

  /** The depth of the tree (0 for a single leaf). */
  getDepth(): number {
    return this.requireFitted(this.fitted, 'getDepth').tree.maxDepth;
  }

  /** The number of leaves. */
  getNLeaves(): number {
    return countLeaves(this.requireFitted(this.fitted, 'getNLeaves').tree);
  }
}

registerTransferable(DecisionTreeRegressor, import.meta.url);

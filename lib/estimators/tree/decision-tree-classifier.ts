/**
 * DecisionTreeClassifier: scikit-learn's CART classifier
 * (`sklearn.tree.DecisionTreeClassifier`, best splitter, depth-first growth).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import type { Label, MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { BaseClassifier } from '../base.js';
import type { FittedTree } from './tree-estimator.js';
import { fitTree, meanTreeProba } from './tree-estimator.js';
import type { ClassificationCriterion, MaxFeatures } from './tree-params.js';
import { CLASSIFICATION_CRITERION, treeParamsSchema } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { argmax, copyTree, countLeaves, treeFeatureImportances } from './tree-structure.js';
import { registerTransferable } from '../../core/transfer.js';

export type { ClassificationCriterion } from './tree-params.js';

/** Parameters of {@link DecisionTreeClassifier}. */
export interface DecisionTreeClassifierParams {
  /** How a split is scored: Gini impurity or Shannon entropy (`'log_loss'` is the same as `'entropy'`). @default 'gini' */
  criterion: ClassificationCriterion;
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
   * scikit-learn's `random_state` does, so a seed gives scikit-learn's tree; a
   * `RandomState` advances at every fit; null draws a fresh seed. @default null
   */
  randomState: RandomStateLike | null;
}

/**
 * A decision tree classifier (CART), after scikit-learn's `DecisionTreeClassifier`.
 *
 * At each node every candidate feature is sorted and the threshold halfway between
 * two consecutive distinct values that most reduces the weighted impurity is kept.
 * X is compared in float32 as in scikit-learn, and the features are visited in the
 * order scikit-learn's own generator draws for the same `randomState`, so the tree,
 * its predictions and its feature importances are scikit-learn's, ties between
 * equally good splits included (the first split found wins, as there). Without a
 * `randomState`, ties go one way or another from fit to fit.
 *
 * @example
 * ```ts
 * const tree = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 });
 * await tree.fit([[0, 0], [1, 1], [0, 1], [1, 0]], ['a', 'b', 'a', 'b']);
 * await tree.predict([[0.9, 0.2]]); // ['b']
 * tree.featureImportances; // Float64Array [1, 0]
 * ```
 */
export class DecisionTreeClassifier extends BaseClassifier<DecisionTreeClassifierParams> {
  private fitted: FittedTree | undefined;

  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    super('DecisionTreeClassifier', treeParamsSchema(CLASSIFICATION_CRITERION), params);
  }

  /** Grows the tree on X and the class labels y. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    this.fitted = fitTree(this.owner, this.params, matrix, { kind: 'classification', codes, nClasses: classes.length }, options?.signal);
    return this;
  }

  /** Class probabilities: the class fractions of each sample's leaf, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predictProba');
    return meanTreeProba(this.owner, [state.tree], matrix, state.tree.nValues);
  }

  /** The most probable class of each sample (the first in `classes` order on ties). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const proba = await this.predictProba(X);
    return this.decodeLabels(proba.map(argmax));
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

registerTransferable(DecisionTreeClassifier, import.meta.url);

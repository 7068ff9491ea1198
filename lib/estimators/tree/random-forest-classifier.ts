/**
 * RandomForestClassifier: scikit-learn's random forest of CART classifiers
 * (`sklearn.ensemble.RandomForestClassifier`).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import type { Label, MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { BaseClassifier } from '../base.js';
import { forestFeatureImportances } from './forest.js';
import type { FittedForest } from './tree-estimator.js';
import { fitForest, meanTreeProba } from './tree-estimator.js';
import type { ClassificationCriterion, MaxFeatures } from './tree-params.js';
import { CLASSIFICATION_CRITERION, forestParamsSchema } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { argmax, copyTree } from './tree-structure.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link RandomForestClassifier}. */
export interface RandomForestClassifierParams {
  /** The number of trees. @default 100 */
  nEstimators: number;
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
   * `'log2'`, a count (an int >= 1) or a fraction in (0, 1) of the features. @default 'sqrt'
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
 * A random forest classifier, after scikit-learn's `RandomForestClassifier`: trees
 * grown on bootstrap samples with a random subset of features tried at each split;
 * the class probabilities are the mean of the trees' probabilities.
 *
 * The trees are grown exactly like {@link DecisionTreeClassifier}'s, and the
 * random draws are scikit-learn's (each tree's seed, its bootstrap rows and its
 * feature order, from numpy's `RandomState`), so the same `randomState` gives
 * scikit-learn's forest, tree for tree, and its predictions.
 *
 * @example
 * ```ts
 * const forest = new RandomForestClassifier({ nEstimators: 20, randomState: 0 });
 * await forest.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
 * await forest.predict([[0.5, 0.5], [5.5, 5.5]]); // [0, 1]
 * await forest.predictProba([[5.5, 5.5]]); // [[p0, p1]], columns in forest.classes order
 * ```
 */
export class RandomForestClassifier extends BaseClassifier<RandomForestClassifierParams> {
  private fitted: FittedForest | undefined;

  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super('RandomForestClassifier', forestParamsSchema(CLASSIFICATION_CRITERION, 'sqrt'), params);
  }

  /**
   * Grows the forest on X and the class labels y. With `options.signal`, the fit
   * stops between two trees when the signal aborts (throwing an `AbortError`).
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    const target = { kind: 'classification', codes, nClasses: classes.length } as const;
    this.fitted = await fitForest(this.owner, this.params, matrix, target, options?.signal);
    return this;
  }

  /** Class probabilities: the mean of the trees' leaf class fractions, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predictProba');
    return meanTreeProba(this.owner, state.trees, matrix, this.classes.length);
  }

  /** The class with the highest mean probability (the first in `classes` order on ties). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const proba = await this.predictProba(X);
    return this.decodeLabels(proba.map(argmax));
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

registerTransferable(RandomForestClassifier, import.meta.url);

/**
 * RandomForestClassifier: scikit-learn's random forest of CART classifiers
 * (`sklearn.ensemble.RandomForestClassifier`).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { registerTransferable } from '../../core/transfer.js';
import { BaseForestClassifier } from './base-forest.js';
import type { ClassificationCriterion, MaxFeatures } from './tree-params.js';
import { CLASSIFICATION_CRITERION, forestParamsSchema } from './tree-params.js';

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
  /**
   * Keep the fitted trees on the next fit and add trees up to `nEstimators`
   * (scikit-learn's `warm_start`): with the same data and an int `randomState`,
   * the forest is the one a single fit with `nEstimators` grows. @default false
   */
  warmStart: boolean;
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
export class RandomForestClassifier extends BaseForestClassifier<RandomForestClassifierParams> {
  protected readonly splitter = 'best';

  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super('RandomForestClassifier', forestParamsSchema(CLASSIFICATION_CRITERION, 'sqrt'), params);
  }
}

registerTransferable(RandomForestClassifier, import.meta.url);

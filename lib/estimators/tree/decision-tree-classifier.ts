/**
 * DecisionTreeClassifier: scikit-learn's CART classifier
 * (`sklearn.tree.DecisionTreeClassifier`, depth-first growth).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { registerTransferable } from '../../core/transfer.js';
import { BaseTreeClassifier } from './base-tree.js';
import type { SplitterKind } from './cart-builder.js';
import type { ClassificationCriterion, MaxFeatures } from './tree-params.js';
import { CLASSIFICATION_CRITERION, decisionTreeParamsSchema } from './tree-params.js';

export type { ClassificationCriterion } from './tree-params.js';
export type { SplitterKind } from './cart-builder.js';

/** Parameters of {@link DecisionTreeClassifier}. */
export interface DecisionTreeClassifierParams {
  /** How a split is scored: Gini impurity or Shannon entropy (`'log_loss'` is the same as `'entropy'`). @default 'gini' */
  criterion: ClassificationCriterion;
  /**
   * How a node's split is chosen: `'best'` tries every threshold of each drawn
   * feature, `'random'` one threshold drawn uniformly between the feature's
   * minimum and maximum in the node (an extremely randomized tree, as
   * {@link ExtraTreeClassifier}). @default 'best'
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
 * `randomState`, ties go one way or another from fit to fit. With `splitter:
 * 'random'` each drawn feature gets one threshold drawn at random instead, from the
 * same generator, as scikit-learn's random splitter draws it.
 *
 * @example
 * ```ts
 * const tree = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 });
 * await tree.fit([[0, 0], [1, 1], [0, 1], [1, 0]], ['a', 'b', 'a', 'b']);
 * await tree.predict([[0.9, 0.2]]); // ['b']
 * tree.featureImportances; // Float64Array [1, 0]
 * ```
 */
export class DecisionTreeClassifier extends BaseTreeClassifier<DecisionTreeClassifierParams> {
  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    super('DecisionTreeClassifier', decisionTreeParamsSchema(CLASSIFICATION_CRITERION, 'best'), params);
  }
}

registerTransferable(DecisionTreeClassifier, import.meta.url);

/**
 * ExtraTreesClassifier: scikit-learn's forest of extremely randomized trees
 * (`sklearn.ensemble.ExtraTreesClassifier`).
 */
import { registerTransferable } from '../../core/transfer.js';
import { BaseForestClassifier } from './base-forest.js';
import type { RandomForestClassifierParams } from './random-forest-classifier.js';
import { CLASSIFICATION_CRITERION, forestParamsSchema } from './tree-params.js';

/**
 * Parameters of {@link ExtraTreesClassifier}: those of {@link RandomForestClassifier}
 * with scikit-learn's other default `bootstrap: false` (every tree sees every
 * sample; `maxFeatures` is `'sqrt'` as in scikit-learn 1.2).
 */
export type ExtraTreesClassifierParams = RandomForestClassifierParams;

/**
 * A forest of extremely randomized trees, after scikit-learn's
 * `ExtraTreesClassifier`: each tree is an {@link ExtraTreeClassifier} (one random
 * threshold per drawn feature at each node), grown on every sample unless
 * `bootstrap`; the class probabilities are the mean of the trees'. No sorting, so
 * a forest fits several times faster than a random forest of as many trees.
 *
 * The random draws are scikit-learn's (each tree's seed from numpy's
 * `RandomState`, then its features and thresholds from scikit-learn's tree
 * generator), so the same `randomState` gives scikit-learn's forest, tree for
 * tree, and its predictions.
 *
 * @example
 * ```ts
 * const forest = new ExtraTreesClassifier({ nEstimators: 20, randomState: 0 });
 * await forest.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
 * await forest.predict([[0.5, 0.5], [5.5, 5.5]]); // [0, 1]
 * forest.featureImportances; // Float64Array of 2, summing to 1
 * ```
 */
export class ExtraTreesClassifier extends BaseForestClassifier<ExtraTreesClassifierParams> {
  protected readonly splitter = 'random';

  constructor(params: Partial<ExtraTreesClassifierParams> = {}) {
    super('ExtraTreesClassifier', forestParamsSchema(CLASSIFICATION_CRITERION, 'sqrt', false), params);
  }
}

registerTransferable(ExtraTreesClassifier, import.meta.url);

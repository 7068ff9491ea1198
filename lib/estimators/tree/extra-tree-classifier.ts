/**
 * ExtraTreeClassifier: scikit-learn's extremely randomized classification tree
 * (`sklearn.tree.ExtraTreeClassifier`, the random splitter).
 */
import { registerTransferable } from '../../core/transfer.js';
import { BaseTreeClassifier } from './base-tree.js';
import type { DecisionTreeClassifierParams } from './decision-tree-classifier.js';
import { CLASSIFICATION_CRITERION, decisionTreeParamsSchema } from './tree-params.js';

/**
 * Parameters of {@link ExtraTreeClassifier}: those of {@link DecisionTreeClassifier}
 * with scikit-learn 1.2's other defaults, `splitter: 'random'` and `maxFeatures: 'sqrt'`.
 */
export type ExtraTreeClassifierParams = DecisionTreeClassifierParams;

/**
 * An extremely randomized tree classifier, after scikit-learn's
 * `ExtraTreeClassifier`: at each node, `maxFeatures` features are drawn and each
 * gets one threshold drawn uniformly between its minimum and maximum in the node;
 * the best of those splits is kept. Usually grown many at a time in
 * {@link ExtraTreesClassifier}.
 *
 * The features and thresholds come from scikit-learn's tree generator seeded as
 * scikit-learn seeds it, so the same `randomState` grows scikit-learn's tree.
 *
 * @example
 * ```ts
 * const tree = new ExtraTreeClassifier({ randomState: 0 });
 * await tree.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
 * await tree.predict([[0.5, 0.5], [5.5, 5.5]]); // [0, 1]
 * tree.getParams().splitter; // 'random'
 * ```
 */
export class ExtraTreeClassifier extends BaseTreeClassifier<ExtraTreeClassifierParams> {
  constructor(params: Partial<ExtraTreeClassifierParams> = {}) {
    super('ExtraTreeClassifier', decisionTreeParamsSchema(CLASSIFICATION_CRITERION, 'random', 'sqrt'), params);
  }
}

registerTransferable(ExtraTreeClassifier, import.meta.url);

/** Decision trees, extra trees and the forests of both (scikit-learn's `sklearn.tree` and forests of `sklearn.ensemble`). */
export * from './decision-tree-classifier.js';
export * from './decision-tree-regressor.js';
export * from './extra-tree-classifier.js';
export * from './extra-tree-regressor.js';
export * from './random-forest-classifier.js';
export * from './random-forest-regressor.js';
export * from './extra-trees-classifier.js';
export * from './extra-trees-regressor.js';
export type { MaxFeatures } from './tree-params.js';
export type { TreeStructure } from './tree-structure.js';

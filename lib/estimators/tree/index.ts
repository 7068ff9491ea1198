/** Decision trees and random forests (scikit-learn's `sklearn.tree` and forests of `sklearn.ensemble`). */
export * from './decision-tree-classifier.js';
export * from './decision-tree-regressor.js';
export * from './random-forest-classifier.js';
export * from './random-forest-regressor.js';
export type { MaxFeatures } from './tree-params.js';
export type { TreeStructure } from './tree-structure.js';

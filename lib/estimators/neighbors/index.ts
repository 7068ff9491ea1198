export { KNeighborsClassifier } from './k-neighbors-classifier.js';
export type { KNeighborsClassifierParams } from './k-neighbors-classifier.js';
export { KNeighborsRegressor } from './k-neighbors-regressor.js';
export type { KNeighborsRegressorParams } from './k-neighbors-regressor.js';
export type { KNeighborsParams, KNeighborsResult, NeighborWeights } from './neighbors-base.js';
export type { NeighborAlgorithm } from './neighbor-search.js';

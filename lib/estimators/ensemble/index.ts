export * from './voting-and-stacking-base.js';
export * from './voting-classifier.js';
export * from './voting-regressor.js';
export * from './stacking-base.js';
export * from './stacking-classifier.js';
export * from './stacking-regressor.js';

export * from './univariate-scores.js';
export * from './feature-selector.js';
export * from './select-k-best.js';
export * from './variance-threshold.js';

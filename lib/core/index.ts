export * from './errors.js';
export * from './warnings.js';
export * from './validate.js';
export * from './rng.js';
export * from './random-state.js';
export * from './data.js';
export * from './estimator.js';
export * from './transfer.js';

/**
 * tunekit: scikit-learn's model selection and Keras Tuner's tuners for TypeScript.
 *
 * This file only re-exports; every name is defined in its own module.
 * TensorFlow.js is never loaded by importing this module: the Keras wrappers
 * import it lazily when a network is first built.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './datasets/index.js';
export * from './metrics/index.js';
export * from './estimators/index.js';
export * from './search/index.js';
export * from './model-selection/index.js';
export * from './keras/index.js';
export * from './tuner/index.js';

/**
 * tunekit: scikit-learn's model selection and Keras Tuner's tuners for TypeScript.
 *
 * This file only re-exports; every name is defined in its own module.
 * @packageDocumentation
 */
export * from './core/index.js';

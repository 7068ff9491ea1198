export { BaseNaiveBayes } from './naive-bayes-base.js';
export type { JointLogLikelihood, NaiveBayesPartialFitOptions } from './naive-bayes-base.js';
export * from './gaussian-nb.js';
export { BaseDiscreteNB } from './discrete-naive-bayes.js';
export type { DiscreteNBParams } from './discrete-naive-bayes.js';
export * from './multinomial-nb.js';
export * from './bernoulli-nb.js';

export * from './naive-bayes-base.js';
export * from './gaussian-nb.js';
export * from './discrete-naive-bayes.js';
export * from './multinomial-nb.js';
export * from './bernoulli-nb.js';

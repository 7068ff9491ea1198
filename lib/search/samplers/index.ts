export * from './list-sampler.js';
export * from './gp/index.js';
export * from './tpe/index.js';

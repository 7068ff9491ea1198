export * from './list-sampler.js';

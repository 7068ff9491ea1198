export * from './parzen-estimator.js';
export * from './tpe-sampler.js';

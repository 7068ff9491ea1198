export * from './space/index.js';
export * from './samplers/index.js';
export * from './schedulers/index.js';
export * from './storage/index.js';
export * from './executor/index.js';
export * from './sampler.js';
export * from './trial.js';
export * from './study.js';

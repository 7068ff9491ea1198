export * from './active-trial.js';
export * from './create-study.js';
export * from './dynamic-sampler.js';
export * from './search-spaces.js';
export * from './start-trial.js';
export * from './trial-record.js';

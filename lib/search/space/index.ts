export * from './distributions.js';
export * from './parameter-grid.js';
export * from './parameter-sampler.js';
export * from './dimensions.js';
export * from './search-space.js';
export * from './dimension-json.js';

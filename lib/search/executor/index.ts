export * from './executor.js';
export * from './serial-executor.js';
export * from './thread-pool-executor.js';
export * from './process-pool-executor.js';

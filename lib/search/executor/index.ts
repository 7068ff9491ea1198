export * from './executor.js';
export * from './serial-executor.js';

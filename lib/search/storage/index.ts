export * from './storage.js';
export * from './memory-storage.js';

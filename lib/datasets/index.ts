export * from './csv.js';
export * from './generators.js';
export * from './idx.js';
export * from './shipped.js';

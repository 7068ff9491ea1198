export * from './successive-halving.js';
export * from './hyperband.js';
export * from './median-pruner.js';
export * from './successive-halving-pruner.js';
export * from './ordered-pruning.js';
export { pyFloorDiv, pyLog } from './py-float.js';

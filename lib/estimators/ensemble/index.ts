export type { EnsembleEntries, EnsembleEntry, EnsembleMember } from './voting-and-stacking-base.js';
export type { StackMethod, StackingCv } from './stacking-base.js';
export * from './voting-classifier.js';
export * from './voting-regressor.js';
export * from './stacking-classifier.js';
export * from './stacking-regressor.js';

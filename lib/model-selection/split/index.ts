/**
 * Cross-validation splitters and trainTestSplit (scikit-learn's
 * `sklearn.model_selection._split`).
 *
 * This file only re-exports; every name is defined in its own module.
 */
export type { EncodedGroups, SampleSource, SplitPair, Splitter } from './base.js';
export { DEFAULT_N_SPLITS, isSplitter, yieldsConstantSplits } from './base.js';
export type { KFoldOptions } from './k-fold.js';
export { KFold, kFoldSizes } from './k-fold.js';
export type { StratifiedKFoldOptions } from './stratified-k-fold.js';
export { StratifiedKFold, stratifiedAllocation } from './stratified-k-fold.js';
export type { GroupKFoldOptions } from './group-k-fold.js';
export { GroupKFold } from './group-k-fold.js';
export type { StratifiedGroupKFoldOptions } from './stratified-group-k-fold.js';
export { StratifiedGroupKFold } from './stratified-group-k-fold.js';
export type { GroupShuffleSplitOptions, ShuffleSplitOptions } from './shuffle-split.js';
export { BaseShuffleSplit, GroupShuffleSplit, ShuffleSplit } from './shuffle-split.js';
export type { StratifiedShuffleSplitOptions } from './stratified-shuffle-split.js';
export { approximateMode, StratifiedShuffleSplit } from './stratified-shuffle-split.js';
export type { TimeSeriesSplitOptions } from './time-series-split.js';
export { TimeSeriesSplit } from './time-series-split.js';
export type { LeavePGroupsOutOptions, LeavePOutOptions } from './leave-out.js';
export { LeaveOneGroupOut, LeaveOneOut, LeavePGroupsOut, LeavePOut } from './leave-out.js';
export type { RepeatedKFoldOptions } from './repeated.js';
export { DEFAULT_N_REPEATS, RepeatedKFold, RepeatedStratifiedKFold } from './repeated.js';
export type { PredefinedSplitOptions } from './predefined-split.js';
export { PredefinedSplit } from './predefined-split.js';
export type {
  SplittableRows,
  TakenRows,
  TakenTarget,
  TrainTestSplitOptions,
  TrainTestSplitResult,
  TrainTestSplitX,
} from './train-test-split.js';
export { trainTestSplit } from './train-test-split.js';
export type { CheckCvOptions, CvLike, FixedSplitsOptions, IndexPair } from './check-cv.js';
export { checkCv, checkSplits, DEFAULT_CV, FixedSplits } from './check-cv.js';

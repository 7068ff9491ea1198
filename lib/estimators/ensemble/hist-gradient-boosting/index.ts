export { HistGradientBoostingClassifier } from './hist-gradient-boosting-classifier.js';
export type { HistGradientBoostingClassifierParams } from './hist-gradient-boosting-classifier.js';
export { HistGradientBoostingRegressor } from './hist-gradient-boosting-regressor.js';
export type { HistGradientBoostingRegressorParams } from './hist-gradient-boosting-regressor.js';
export type { HistGradientBoostingParamValues } from './params.js';
export type { RegressionLossName } from './losses.js';
export { binData, binMatrix, fitBinMapper, findBinningThresholds } from './binning.js';
export type { BinMapper, BinMapperOptions, BinnedData, BinnedMatrix } from './binning.js';

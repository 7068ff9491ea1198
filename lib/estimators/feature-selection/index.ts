export { chi2, fClassif, fRegression, rRegression } from './univariate-scores.js';
export type { RegressionScoreOptions, ScoreFunction, UnivariateScores } from './univariate-scores.js';
export * from './feature-selector.js';
export * from './select-k-best.js';
export * from './variance-threshold.js';

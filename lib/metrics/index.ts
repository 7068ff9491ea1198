/**
 * Metrics and scorers: scikit-learn's `sklearn.metrics` for the model selection
 * tools. This file only re-exports.
 */
export type { SampleWeight, ScoresLike } from './_checks.js';
export * from './regression.js';
export * from './classification.js';
export * from './precision-recall.js';
export * from './probabilistic.js';
export { auc, precisionRecallCurve, rocCurve } from './curves.js';
export type { PrecisionRecallCurve, PrecisionRecallCurveOptions, RocCurve, RocCurveOptions } from './curves.js';
export * from './ranking.js';
export * from './top-k-accuracy.js';
export * from './dcg.js';
export * from './scorer.js';
export { classificationReport } from './classification-report.js';
export type { ClassificationReportDict, ClassificationReportOptions, ClassificationReportRow } from './classification-report.js';

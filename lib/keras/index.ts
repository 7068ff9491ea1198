export { KerasClassifier } from './keras-classifier.js';
export type { KerasClassifierParams } from './keras-classifier.js';
export { KerasRegressor } from './keras-regressor.js';
export type { KerasRegressorParams } from './keras-regressor.js';
export { BaseKeras } from './base-keras.js';
export type { PreparedTarget } from './base-keras.js';
export { EarlyStopping, KerasCallback } from './callbacks.js';
export type { CallbackLike, CallbackSession, EarlyStoppingOptions, TfCallbackLike, TrainingRun } from './callbacks.js';
export { BACKEND_ENV, BACKEND_NAMES, availableBackends, getBackendName, loadTensorFlow, setBackend } from './backend.js';
export type { BackendName, Tf } from './backend.js';
export { OPTIMIZER_NAMES } from './optimizers.js';
export type { OptimizerName } from './optimizers.js';
export { LOSS_NAMES, METRIC_NAMES } from './losses.js';
export { kerasSchema } from './params.js';
export type { LossName, LossOrMetricFunction, MetricName, MetricSpec } from './losses.js';
export type {
  BuildFunction,
  FitParams,
  KerasCoreParams,
  KerasInit,
  KerasMeta,
  KerasParams,
  ModelParams,
  OptimizerParams,
  YieldEvery,
} from './params.js';

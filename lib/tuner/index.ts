// Hyperparameters: the define-by-run space
export {
  BooleanHyperParameter,
  ChoiceHyperParameter,
  FixedHyperParameter,
  FloatHyperParameter,
  HyperParameter,
  IntHyperParameter,
  NumericHyperParameter,
  hyperParameterFromConfig,
} from './hp-types.js';
export type {
  AnyHyperParameter,
  ChoiceOptions,
  Condition,
  Conditions,
  HpValue,
  HyperParameterConfig,
  HyperParameterType,
  NumericOptions,
  Sampling,
} from './hp-types.js';
export { HyperParameters, RESERVED_PREFIX } from './hyperparameters.js';
export type { HyperParametersConfig, NewEntryHook, ParentOptions } from './hyperparameters.js';
export { TunerObjective, inferDirection } from './objective.js';
export type { ObjectiveDirection, ObjectiveOptions, ObjectiveSpec } from './objective.js';

// Oracles: what to try next
export { Oracle } from './oracle.js';
export type { OracleDefaults, OracleObservation, OracleOptions, OracleState, Population, TunerTrial } from './oracle.js';
export { RandomSearch, RandomSearchOracle } from './random-search.js';
export { GridSearch, GridSearchOracle } from './grid-search.js';
export { BayesianOptimization, BayesianOptimizationOracle } from './bayesian-optimization.js';
export type { BayesianOptimizationOptions } from './bayesian-optimization.js';
export { Hyperband, HyperbandOracle } from './hyperband.js';
export type { HyperbandOptions } from './hyperband.js';

// Tuners: the work
export { HyperModel } from './hypermodel.js';
export type { BuildModelFunction, FitResult, HyperModelFitOptions, HyperModelLike } from './hypermodel.js';
export { BaseTuner } from './base-tuner.js';
export type { BaseTunerOptions, RunOptions, TrialResult } from './base-tuner.js';
export { Tuner } from './tuner.js';
export type { SearchOptions, TunerOptions } from './tuner.js';
export { SklearnTuner } from './sklearn-tuner.js';
export type { SklearnSearchOptions, SklearnTunerOptions } from './sklearn-tuner.js';
export { fitModel } from './fit-model.js';
export type { ModelFitOptions, ModelFitResult } from './fit-model.js';
export { ObjectiveTracker, captureWeights, restoreWeights } from './checkpoint.js';

// The project directory
export { Project } from './project.js';
export type { ProjectOptions, ReloadReport, SavedWeights } from './project.js';
export { ProjectError } from './project-files.js';
export * from './tuner-trial.js';

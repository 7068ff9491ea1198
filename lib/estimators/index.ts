export * from './base.js';
export * from './linear/index.js';
export * from './neighbors/index.js';
export * from './svm/index.js';
export * from './svm-linear/index.js';
export * from './tree/index.js';
export * from './naive-bayes/index.js';
export * from './decomposition/index.js';
export * from './cluster/index.js';
export * from './feature-selection/index.js';
export * from './ensemble/index.js';
export * from './preprocessing/index.js';
export { Pipeline, makePipeline, nameEstimators } from './pipeline.js';
export type {
  DelegatedMethod,
  PipelineOptions,
  PipelineOwnParams,
  PipelineParams,
  PipelineStep,
  PipelineSteps,
  StepEstimator,
  StepOf,
} from './pipeline.js';
export type { NestedParams } from './pipeline.js';
export * from './column-transformer.js';
export * from './dummy.js';
export * from './ensemble/hist-gradient-boosting/index.js';
export * from './incremental.js';

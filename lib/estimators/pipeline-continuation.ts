/**
 * Continued training of a pipeline: along a param of its final step
 * (`'<step name>__<param>'`, such as `'sgdclassifier__maxIter'` or
 * `'kerasclassifier__epochs'`), a fitted pipeline trains its final step on, on
 * the same rows run through its fitted transformers, when that step continues
 * training (`ContinuesTraining`, `core/continuation.ts`).
 */
import type { ContinuesTraining } from '../core/continuation.js';
import { continuableParamsOf, continuationOf } from '../core/continuation.js';
import type { AnyEstimator } from '../core/estimator.js';
import { isEstimator } from '../core/estimator.js';
import type { PipelineStep } from './pipeline-types.js';

/** The final step's continuable params, prefixed with its name (none when it does not continue). */
export function pipelineContinuableParams(steps: readonly PipelineStep[]): string[] {
  const [name, estimator] = steps[steps.length - 1] ?? [];
  if (name === undefined || !isEstimator(estimator)) return [];
  return continuableParamsOf(estimator).map((param) => `${name}__${param}`);
}

/**
 * How a fitted pipeline continues along `param`: the fitted final step and its own
 * param, or undefined when `param` is not one of its final step's continuable
 * params (or the pipeline is not fitted).
 */
export function finalStepContinuation(
  fitted: readonly PipelineStep[] | undefined,
  param: string,
): { readonly step: AnyEstimator & ContinuesTraining; readonly param: string } | undefined {
  const [name, estimator] = fitted?.[fitted.length - 1] ?? [];
  if (name === undefined || !isEstimator(estimator) || !param.startsWith(`${name}__`)) return undefined;
  const own = param.slice(name.length + 2);
  const step = continuationOf(estimator, own);
  return step === undefined ? undefined : { step: step as AnyEstimator & ContinuesTraining, param: own };
}

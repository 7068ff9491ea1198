/**
 * Continued training: the contract between an estimator and the multi-fidelity
 * searches (successive halving, Hyperband).
 *
 * When such a search promotes a candidate from a budget `b` of an iteration
 * param (`epochs`, `nEstimators`, `maxIter`) to a larger budget `B`, the model
 * it fitted on each split at `b` can train on instead of a new one training
 * from nothing. An estimator that implements {@link ContinuesTraining} says
 * along which params it can do that (`continuableParams`) and does it
 * (`continueFit`). The search keeps the fitted models of a round within a
 * memory budget (`fittedBytes`, else {@link estimateFittedBytes}).
 *
 * What `continueFit` must give: the estimator as a `fit` with the param set to
 * `B` would leave it, exactly where the estimator's training allows it (a forest
 * adding trees, boosting adding iterations, with the same seed), else as close as
 * training on allows (a network trained on for `B - b` more epochs, with its
 * weights and optimizer state kept).
 */
import type { DenseMatrix, TargetLike } from './data.js';
import type { AnyEstimator, FitOptions } from './estimator.js';

/** An estimator that can train a fitted model further along an iteration param. */
export interface ContinuesTraining {
  /** The integer params along which a fitted model can train further (`['epochs']`, `['nEstimators']`). */
  continuableParams(): readonly string[];
  /**
   * Trains this fitted estimator further on the same training rows, until
   * `param` reaches `value` (larger than or equal to the value it was fitted
   * with). Afterwards `getParams()[param]` is `value` and every other param is as
   * it was. Called only on an estimator fitted by `fit` or `continueFit`.
   */
  continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void>;
  /** Roughly what the fitted model holds, in bytes (weights, trees, optimizer state). @default {@link estimateFittedBytes} */
  fittedBytes?(): number;
}

/** The params along which `estimator` continues training (none when it does not implement {@link ContinuesTraining}). */
export function continuableParamsOf(estimator: AnyEstimator): readonly string[] {
  const candidate = estimator as Partial<ContinuesTraining>;
  if (typeof candidate.continueFit !== 'function' || typeof candidate.continuableParams !== 'function') return [];
  return candidate.continuableParams.call(estimator);
}

/** The estimator as one that continues training along `param`, or undefined when it cannot. */
export function continuationOf(estimator: AnyEstimator, param: string): ContinuesTraining | undefined {
  return continuableParamsOf(estimator).includes(param) ? (estimator as unknown as ContinuesTraining) : undefined;
}

/**
 * A rough size of a fitted estimator: the bytes of the typed arrays reachable
 * from it (objects and arrays walked, each once), plus 8 bytes per number in a
 * plain array. What lives outside the JavaScript heap (tensors, wasm memory) is
 * not seen: such estimators implement `fittedBytes`.
 */
export function estimateFittedBytes(estimator: object): number {
  if (typeof (estimator as Partial<ContinuesTraining>).fittedBytes === 'function') return (estimator as ContinuesTraining).fittedBytes?.() ?? 0;
  const seen = new Set<object>();
  const stack: unknown[] = [estimator];
  let bytes = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      bytes += value.byteLength;
      continue;
    }
    if (value instanceof ArrayBuffer) {
      bytes += value.byteLength;
      continue;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'number') bytes += 8;
        else stack.push(item);
      }
      continue;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) stack.push(k, v);
      continue;
    }
    for (const item of Object.values(value)) stack.push(item);
  }
  return bytes;
}

/**
 * `continueFit` for an estimator with a scikit-learn `warmStart` param whose
 * iteration param counts in total (`nEstimators`, `maxIter`): sets the param to
 * `value` and `warmStart` to true, fits, and puts `warmStart` back.
 */
export async function continueWithWarmStart(
  estimator: AnyEstimator,
  X: DenseMatrix,
  y: TargetLike | undefined,
  param: string,
  value: number,
  options?: FitOptions,
): Promise<void> {
  const before = (estimator.getParams(false) as Record<string, unknown>).warmStart;
  estimator.setParams({ [param]: value, warmStart: true });
  try {
    await estimator.fit(X, y, options);
  } finally {
    estimator.setParams({ warmStart: before });
  }
}

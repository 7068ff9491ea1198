/**
 * `HyperModel`: what a tuner builds and trains (Keras Tuner's `HyperModel`). A
 * plain build function `(hp) => model` is enough; a class also lets `fit` ask
 * `hp` for training arguments (`batchSize`, preprocessing).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { DenseMatrix } from '../core/data.js';
import { invalidParameter } from '../core/validate.js';
import type { ModelFitOptions, ModelFitResult } from './fit-model.js';
import { fitModel } from './fit-model.js';
import type { HyperParameters } from './hyperparameters.js';

/** Builds a model (or estimator) from the hyperparameters. */
export type BuildModelFunction<M = LayersModel> = (hp: HyperParameters) => M | Promise<M>;

/**
 * What a hypermodel's `fit` may return: the history (`{ history }`, as
 * {@link fitModel} and `model.fit` give), per-epoch values, final metrics, or
 * the objective value itself.
 */
export type FitResult =
  | ModelFitResult
  | { readonly history: Readonly<Record<string, readonly number[]>> }
  | Readonly<Record<string, number>>
  | Readonly<Record<string, readonly number[]>>
  | number;

/** What `HyperModel.fit` receives besides the model: the search's arguments, Hyperband's epochs, the seed and signal of the trial. */
export type HyperModelFitOptions = ModelFitOptions;

/**
 * A model to tune: `build(hp)` returns a compiled `tf.LayersModel`; override
 * `fit` to tune training arguments. The default `fit` trains with
 * {@link fitModel} on the search's data.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 *
 * class MyHyperModel extends HyperModel {
 *   build(hp: HyperParameters): tf.LayersModel {
 *     const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [64], units: hp.int('units', { min: 16, max: 128, step: 16 }), activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
 *     model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 *     return model;
 *   }
 *   override fit(hp: HyperParameters, model: tf.LayersModel, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions) {
 *     return super.fit(hp, model, x, y, { ...options, batchSize: hp.choice('batch_size', [16, 32, 64]) });
 *   }
 * }
 * ```
 */
export abstract class HyperModel<M = LayersModel> {
  /** Builds (and compiles) a model from the hyperparameters. */
  abstract build(hp: HyperParameters): M | Promise<M>;

  /**
   * Trains the model (Keras tuners only). `x` and `y` are the search's data
   * (`y` one column for labels or values).
   */
  fit(_hp: HyperParameters, model: M, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions): Promise<FitResult> {
    return fitModel(model as unknown as LayersModel, x, y, options, 'HyperModel.fit');
  }
}

/** A {@link HyperModel} or a build function. */
export type HyperModelLike<M = LayersModel> = HyperModel<M> | BuildModelFunction<M>;

class FunctionHyperModel<M> extends HyperModel<M> {
  constructor(private readonly fn: BuildModelFunction<M>) {
    super();
  }

  build(hp: HyperParameters): M | Promise<M> {
    return this.fn(hp);
  }
}

/** A hypermodel from a {@link HyperModel} or a build function. @throws {InvalidParameterError} for anything else. */
export function toHyperModel<M>(owner: string, value: unknown): HyperModel<M> {
  if (value instanceof HyperModel) return value as HyperModel<M>;
  if (typeof value === 'object' && value !== null && typeof (value as { build?: unknown }).build === 'function') {
    const o = value as HyperModel<M>;
    const fit = (o as { fit?: unknown }).fit;
    return new (class extends HyperModel<M> {
      build(hp: HyperParameters): M | Promise<M> {
        return o.build(hp);
      }
      override fit(hp: HyperParameters, model: M, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions): Promise<FitResult> {
        return typeof fit === 'function' ? (fit as HyperModel<M>['fit']).call(o, hp, model, x, y, options) : super.fit(hp, model, x, y, options);
      }
    })();
  }
  if (typeof value === 'function') return new FunctionHyperModel(value as BuildModelFunction<M>);
  throw invalidParameter(owner, 'hypermodel', 'a build function (hp) => model or a HyperModel', value, { kind: 'argument' });
}

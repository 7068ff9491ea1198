/**
 * KerasRegressor: a TensorFlow.js network as a tunekit regressor (SciKeras's
 * `KerasRegressor`).
 */
import { registerTransferable } from '../core/transfer.js';
import type { MatrixLike, NumericVector, TargetLike } from '../core/data.js';
import { isMultiOutput, requireTarget, validateTarget } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import type { Regressor } from '../core/estimator.js';
import type { RegressionTarget } from '../metrics/regression.js';
import { r2Score } from '../metrics/regression.js';
import type { PreparedTarget } from './base-keras.js';
import { BaseKeras } from './base-keras.js';
import type { KerasInit, KerasMeta, KerasParams } from './params.js';
import { kerasSchema } from './params.js';

const SCHEMA = kerasSchema([]);

/** The params of a {@link KerasRegressor} whose build function takes `M`. */
export type KerasRegressorParams<M extends object = Record<never, never>> = KerasParams<M>;

/**
 * A regressor backed by a TensorFlow.js model, tunable by every search.
 *
 * The target is one value per sample, or one row of values per sample
 * (multi-output); the model's output layer should have `meta.nOutputs` linear
 * units. The default loss is mean squared error. Targets are used as given: scale
 * them yourself when their range is large. `predict` returns a `Float64Array`
 * (one output) or rows (several), `score` the R² (averaged over outputs).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { KerasRegressor, crossValScore } from 'tunekit';
 *
 * const build = ({ hidden = 32 }: { hidden?: number }, meta: KerasMeta) => {
 *   const model = tf.sequential();
 *   model.add(tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [meta.nFeaturesIn] }));
 *   model.add(tf.layers.dense({ units: meta.nOutputs }));
 *   return model;
 * };
 * const reg = new KerasRegressor({ model: build, model__hidden: 16, optimizer: 'adam', optimizer__learningRate: 0.01, epochs: 50 });
 * const scores = await crossValScore(reg, X, y, { cv: 5 }); // R² per fold
 * ```
 */
export class KerasRegressor<M extends object = Record<never, never>> extends BaseKeras<KerasParams<M>> implements Regressor<KerasParams<M>> {
  override readonly estimatorType = 'regressor' as const;

  constructor(params: KerasInit<M> = {}) {
    super('KerasRegressor', SCHEMA, params);
  }

  protected prepareTarget(y: TargetLike | undefined, nRows: number, owner: string): PreparedTarget {
    validateTarget(requireTarget(y, owner), { owner, nSamples: nRows, allowMultiOutput: true, allowStrings: false });
    const multi = isMultiOutput(y as TargetLike);
    const width = multi ? (y as readonly (readonly number[])[])[0]!.length : 1;
    const values = new Float32Array(nRows * width);
    if (multi) (y as readonly (readonly number[])[]).forEach((row, i) => values.set(row, i * width));
    else values.set(y as NumericVector);
    return {
      meta: { nOutputs: width, classes: [], nClasses: 0, targetType: multi ? 'continuous-multioutput' : 'continuous', outputActivation: 'linear' },
      encode: () => ({ values, width }),
    };
  }

  protected defaultLoss(): string {
    return 'meanSquaredError';
  }

  protected checkOutputUnits(meta: KerasMeta, outputUnits: number): void {
    if (outputUnits === meta.nOutputs) return;
    const expected = `an output layer of ${meta.nOutputs} unit${meta.nOutputs === 1 ? '' : 's'}, one per target column (meta.nOutputs)`;
    throw new ValidationError(`The model built for KerasRegressor must have ${expected}. Got ${outputUnits} units instead.`, {
      owner: 'KerasRegressor.fit',
      argument: 'model',
      value: outputUnits,
      expected,
    });
  }

  /** Predictions: a `Float64Array` for a single-output target, rows for a multi-output one. */
  async predict(X: MatrixLike): Promise<Float64Array | number[][]> {
    const { values, rows, units } = await this.predictRaw(X, 'predict');
    if (this.fittedMeta('predict').targetType === 'continuous') return Float64Array.from(values);
    const out: number[][] = [];
    for (let i = 0; i < rows; i++) out.push(Array.from(values.subarray(i * units, (i + 1) * units)));
    return out;
  }

  /** R² on the given data (averaged uniformly over outputs for multi-output targets). */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return r2Score(y as RegressionTarget, await this.predict(X));
  }
}

registerTransferable(KerasRegressor, import.meta.url);

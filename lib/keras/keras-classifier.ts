/**
 * KerasClassifier: a TensorFlow.js network as a tunekit classifier (SciKeras's
 * `KerasClassifier`).
 */
import { registerTransferable } from '../core/transfer.js';
import type { Label, MatrixLike, TargetLike, Vector } from '../core/data.js';
import { encodeLabels, requireTarget, validateTarget } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import type { Classifier } from '../core/estimator.js';
import { formatValue } from '../core/validate.js';
import { accuracyScore } from '../metrics/classification.js';
import type { PreparedTarget } from './base-keras.js';
import { BaseKeras } from './base-keras.js';
import type { KerasInit, KerasMeta, KerasParams } from './params.js';
import { kerasSchema } from './params.js';

const SCHEMA = kerasSchema(['accuracy']);

/** The params of a {@link KerasClassifier} whose build function takes `M`. */
export type KerasClassifierParams<M extends object = Record<never, never>> = KerasParams<M>;

/**
 * A classifier backed by a TensorFlow.js model, tunable by every search.
 *
 * Labels (numbers or strings) are encoded as indices into the sorted `classes`.
 * The model's output layer should have `meta.nOutputs` units with
 * `meta.outputActivation`: one sigmoid unit for a binary target, one softmax unit
 * per class otherwise (two softmax units also work for binary targets). With
 * `loss: null` the loss is binary cross-entropy for one output unit and sparse
 * categorical cross-entropy for more; `categoricalCrossentropy` and other losses
 * get one-hot targets.
 *
 * `predict` returns the original labels, `predictProba` one column per class in
 * `classes` order (two for a single sigmoid unit), `score` the accuracy.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { KerasClassifier, GridSearchCV, loadDigits } from 'tunekit';
 *
 * function build({ hidden = 64 }: { hidden?: number }, meta: KerasMeta): tf.LayersModel {
 *   const model = tf.sequential();
 *   model.add(tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [meta.nFeaturesIn] }));
 *   model.add(tf.layers.dense({ units: meta.nOutputs, activation: meta.outputActivation }));
 *   return model;
 * }
 *
 * const { data, target } = await loadDigits();
 * const clf = new KerasClassifier({ model: build, optimizer: 'adam', epochs: 10, randomState: 0 });
 * const search = await new GridSearchCV(clf, { model__hidden: [32, 64], optimizer__learningRate: [1e-3, 1e-2] }, { cv: 3 }).fit(data, target);
 * search.bestParams; // e.g. { model__hidden: 64, optimizer__learningRate: 0.01 }
 * ```
 */
export class KerasClassifier<M extends object = Record<never, never>> extends BaseKeras<KerasParams<M>> implements Classifier<KerasParams<M>> {
  override readonly estimatorType = 'classifier' as const;

  constructor(params: KerasInit<M> = {}) {
    super('KerasClassifier', SCHEMA, params);
  }

  /** The class labels seen in fit, sorted. @throws {NotFittedError} before fit. */
  get classes(): readonly Label[] {
    return this.fittedMeta('classes').classes;
  }

  protected prepareTarget(y: TargetLike | undefined, nRows: number, owner: string): PreparedTarget {
    validateTarget(requireTarget(y, owner), { owner, nSamples: nRows });
    const { classes, codes } = encodeLabels(y as Vector);
    const k = classes.length;
    if (k < 2) {
      throw new ValidationError(`${owner} needs samples of at least 2 classes in y. Got only the class ${formatValue(classes[0])}.`, {
        owner,
        argument: 'y',
        value: classes,
        expected: 'at least 2 classes',
      });
    }
    const binary = k === 2;
    return {
      meta: {
        nOutputs: binary ? 1 : k,
        classes,
        nClasses: k,
        targetType: binary ? 'binary' : 'multiclass',
        outputActivation: binary ? 'sigmoid' : 'softmax',
      },
      strata: codes,
      encode: (units, loss) => {
        if (units === 1 || loss === 'sparseCategoricalCrossentropy') return { values: Float32Array.from(codes), width: 1 };
        const oneHot = new Float32Array(codes.length * k);
        for (let i = 0; i < codes.length; i++) oneHot[i * k + (codes[i] as number)] = 1;
        return { values: oneHot, width: k };
      },
    };
  }

  protected defaultLoss(_meta: KerasMeta, outputUnits: number): string {
    return outputUnits === 1 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';
  }

  protected checkOutputUnits(meta: KerasMeta, outputUnits: number): void {
    if (outputUnits === meta.nClasses || (outputUnits === 1 && meta.nClasses === 2)) return;
    const expected =
      meta.nClasses === 2 ? 'an output layer of 1 unit (sigmoid) or 2 units (softmax) for 2 classes' : `an output layer of ${meta.nClasses} units (softmax), one per class`;
    throw new ValidationError(`The model built for KerasClassifier must have ${expected} (meta.nOutputs). Got ${outputUnits} units instead.`, {
      owner: 'KerasClassifier.fit',
      argument: 'model',
      value: outputUnits,
      expected,
    });
  }

  /** Class probabilities: one row per sample, one column per class in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { values, rows, units } = await this.predictRaw(X, 'predictProba');
    const out: number[][] = [];
    for (let i = 0; i < rows; i++) {
      if (units === 1) {
        const p = values[i] as number;
        out.push([1 - p, p]);
      } else {
        out.push(Array.from(values.subarray(i * units, (i + 1) * units)));
      }
    }
    return out;
  }

  /** The most probable class of each sample, as the original labels. */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { values, rows, units } = await this.predictRaw(X, 'predict');
    const classes = this.classes;
    const out = new Array<Label>(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      if (units === 1) best = (values[i] as number) > 0.5 ? 1 : 0;
      else for (let j = 1; j < units; j++) if ((values[i * units + j] as number) > (values[i * units + best] as number)) best = j;
      out[i] = classes[best] as Label;
    }
    return out;
  }

  /** Mean accuracy on the given data. */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return accuracyScore(y as Vector, await this.predict(X));
  }
}

registerTransferable(KerasClassifier, import.meta.url);

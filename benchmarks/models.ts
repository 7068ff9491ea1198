/**
 * Build functions shared by the benchmarks, registered so that worker threads
 * (nJobs > 1) can import them by module.
 */
import * as tf from '@tensorflow/tfjs';
import type { KerasMeta } from '../lib/index.js';
import { registerTransferable } from '../lib/index.js';

/** Hidden-layer settings of {@link mlp}. */
export interface MlpParams {
  layers?: number;
  units?: number;
}

/** A ReLU multi-layer perceptron sized from the data. */
export function mlp({ layers = 1, units = 64 }: MlpParams, meta: KerasMeta): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [meta.nFeaturesIn] }));
  for (let i = 0; i < layers; i++) model.add(tf.layers.dense({ units, activation: 'relu' }));
  model.add(tf.layers.dense({ units: meta.nOutputs, activation: meta.outputActivation }));
  return model;
}
registerTransferable(mlp, import.meta.url);

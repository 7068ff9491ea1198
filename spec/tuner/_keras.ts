/**
 * Tiny networks and data for the Keras tuner specs (not a spec itself).
 */
import * as tf from '@tensorflow/tfjs';
import type { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import { blobs } from '../keras/_models.js';

/** 90 rows of 3 well-separated classes in 4 dimensions. */
export const data = blobs(90, 4, 0);

/** A 4-feature, 3-class MLP: 1–2 hidden layers (the second conditional), an optimizer and a log-scaled learning rate. */
export function buildMlp(hp: HyperParameters, metrics: string[] = ['accuracy']): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [4] }));
  hp.int('num_layers', { min: 1, max: 2 });
  for (let i = 0; i < 2; i++) {
    hp.conditionalScope('num_layers', [1, 2].filter((n) => n > i), () => {
      model.add(tf.layers.dense({ units: hp.int(`units_${i}`, { min: 4, max: 12, step: 4 }), activation: 'relu' }));
    });
  }
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  const lr = hp.float('lr', { min: 1e-2, max: 1e-1, sampling: 'log' });
  const optimizer = hp.choice('optimizer', ['adam', 'sgd']) === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics });
  return model;
}

/** Predictions of a model on the first rows, as plain numbers. */
export function predictRows(model: tf.LayersModel, rows = 5): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.tensor2d(data.X.slice(0, rows))) as tf.Tensor).dataSync()));
}

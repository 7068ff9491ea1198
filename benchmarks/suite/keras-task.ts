/**
 * The Keras task of the suite: a one-hidden-layer MLP on digits (pixels scaled
 * to [0, 1]), trained with Adam; the value is the validation accuracy after the
 * last epoch, on a stratified 25% of the rows held out by the run's seed (the
 * same rows, and the same initial-weight seed, for every strategy on a seed).
 * The fidelity is the number of epochs (R = 9, η = 3: 1, 3 and 9 epochs).
 * TensorFlow.js loads when a run of this task starts, never on import.
 */
import type { Dataset } from '../../lib/datasets/shipped.js';
import { loadDigits } from '../../lib/datasets/shipped.js';
import { getBackendName, loadTensorFlow } from '../../lib/keras/backend.js';
import { KerasClassifier } from '../../lib/keras/keras-classifier.js';
import type { KerasMeta } from '../../lib/keras/params.js';
import { choice, logUniform, randInt, uniform } from '../../lib/search/space/distributions.js';
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import type { Fidelity, TaskDef, TaskRunner } from './tasks.js';

const EPOCHS: Fidelity = { resource: 'training epochs (1 to 9)', maxResource: 9, minResource: 1 };

let digits: Promise<{ X: number[][]; y: number[] }> | undefined;

function scaledDigits(): Promise<{ X: number[][]; y: number[] }> {
  digits ??= loadDigits().then((d: Dataset) => ({ X: (d.data as number[][]).map((r) => r.map((v) => v / 16)), y: d.target as number[] }));
  return digits;
}

/** The TensorFlow.js backend the Keras task ran on (undefined when it did not run). */
export function kerasBackend(): string | undefined {
  return getBackendName();
}

async function kerasRunner(seed: number): Promise<TaskRunner> {
  const tf = await loadTensorFlow();
  const { X, y } = await scaledDigits();
  const mlp = ({ units = 64, dropout = 0 }: { units?: number; dropout?: number }, meta: KerasMeta) => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units, activation: 'relu', inputShape: [meta.nFeaturesIn] }));
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
    model.add(tf.layers.dense({ units: meta.nOutputs, activation: meta.outputActivation }));
    return model;
  };
  return {
    evaluate: async (params: ParamSet, resource: number | undefined) => {
      const epochs = resource ?? EPOCHS.maxResource;
      const net = new KerasClassifier({
        model: mlp,
        epochs,
        batchSize: params.batchSize as number,
        optimizer: 'adam',
        optimizer__learningRate: params.learningRate as number,
        model__units: params.units as number,
        model__dropout: params.dropout as number,
        validationSplit: 0.25,
        randomState: seed,
      } as never);
      try {
        await net.fit(X, y);
        const history = Object.fromEntries(Object.entries(net.history).map(([k, v]) => [k, [...v]]));
        const acc = history.val_accuracy ?? [];
        return { value: acc.length === 0 ? NaN : (acc[acc.length - 1] as number), history };
      } finally {
        net.dispose();
      }
    },
  };
}

/** The Keras MLP task. */
export const kerasMlpTask: TaskDef = {
  name: 'keras_mlp_digits',
  label: 'Keras MLP on digits',
  kind: 'ml',
  direction: 'maximize',
  metric: 'validation accuracy',
  description:
    'A Dense(units, relu) → Dropout → softmax network (TensorFlow.js) on digits scaled to [0, 1], Adam: units integer in [16, 256), learningRate log-uniform in [1e-4, 3e-2], dropout uniform in [0, 0.5], batchSize in {16, 32, 64}; validation accuracy after 9 epochs on a stratified 25% held out by the seed.',
  budgets: { quick: 0, full: 20 },
  maxSeeds: { full: 5 },
  space: { units: randInt(16, 256), learningRate: logUniform(1e-4, 3e-2), dropout: uniform(0, 0.5), batchSize: choice([16, 32, 64]) },
  fidelity: EPOCHS,
  prepare: kerasRunner,
};

/**
 * Keras Tuner's introductory example in TypeScript: a build function asks `hp`
 * for the number of hidden layers (1–5), the units of each layer that exists
 * (32–512, step 32), the optimizer and a log-scaled learning rate; RandomSearch
 * tries 10 networks, keeping every trial in a project directory; the best
 * network, rebuilt with its best epoch's weights, is then evaluated on a test
 * split the search never saw.
 *
 *   npx tsx examples/tuner-mnist.ts               # shipped 8×8 digits (about a minute)
 *   npx tsx examples/tuner-mnist.ts --fashion     # Fashion-MNIST, when its files are present
 *   npx tsx examples/tuner-mnist.ts --mnist       # MNIST, when its files are present
 *   npx tsx examples/tuner-mnist.ts --trials 20 --epochs 8 --rows 20000 --dir runs --overwrite
 *
 * Run it twice: the second run reloads the project ("Reloading Tuner from ...")
 * and runs no trial again. Stop it mid-search (Ctrl-C, or kill it) and run it
 * again: it resumes. `--overwrite` starts afresh.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { HyperParameters } from '../lib/index.js';
import { RandomSearch, getBackendName, trainTestSplit } from '../lib/index.js';
import { loadImageData, option } from './image-data.js';

const { id: name, X, y } = await loadImageData();
const nFeatures = X[0]!.length;
const nClasses = 10;

/** The search space is defined as the network is built. */
function buildModel(hp: HyperParameters): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [nFeatures] }));
  hp.int('num_layers', { min: 1, max: 5 });
  for (let i = 0; i < 5; i++) {
    // units_i exists only when there are more than i layers
    hp.conditionalScope('num_layers', [1, 2, 3, 4, 5].filter((n) => n > i), () => {
      model.add(tf.layers.dense({ units: hp.int(`units_${i}`, { min: 32, max: 512, step: 32 }), activation: 'relu' }));
    });
  }
  model.add(tf.layers.dense({ units: nClasses, activation: 'softmax' }));
  const learningRate = hp.float('learning_rate', { min: 1e-4, max: 1e-2, sampling: 'log' });
  const optimizers = { adam: tf.train.adam, sgd: tf.train.sgd, rmsprop: tf.train.rmsprop };
  const optimizer = optimizers[hp.choice('optimizer', ['adam', 'sgd', 'rmsprop'])](learningRate);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

// a test split the search never sees
const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 0, stratify: y });
console.log(`${name}: ${XTrain.length} rows to search on, ${XTest.length} held out for the final test, ${nFeatures} features\n`);

const tuner = new RandomSearch(buildModel, {
  objective: 'val_accuracy',
  maxTrials: option('trials', 10),
  seed: 0,
  directory: process.argv.includes('--dir') ? String(process.argv[process.argv.indexOf('--dir') + 1]) : join(tmpdir(), 'tunekit-examples'),
  projectName: `tuner-${name}`,
  overwrite: process.argv.includes('--overwrite'),
});
console.log(await tuner.searchSpaceSummary());

const started = performance.now();
// each trial trains on 80% of the search rows and is scored on the other 20% (its best epoch's val_accuracy)
await tuner.search(XTrain, yTrain as number[], { epochs: option('epochs', 5), batchSize: 64, validationSplit: 0.2 });
console.log(`\nSearch: ${((performance.now() - started) / 1000).toFixed(1)}s on the ${getBackendName() ?? 'default'} backend\n`);
console.log(tuner.resultsSummary(3));

const [best] = tuner.getBestHyperparameters(1);
console.log(`\nBest hyperparameters: ${JSON.stringify(best!.values)}`);
const [model] = await tuner.getBestModels(1);
const [loss, accuracy] = tf.tidy(() =>
  (model!.evaluate(tf.tensor2d(XTest), tf.tensor1d(yTest as number[]), { batchSize: 512 }) as tf.Scalar[]).map((s) => s.dataSync()[0] as number),
);
console.log(`Held-out test split: accuracy ${accuracy!.toFixed(3)}, loss ${loss!.toFixed(3)}`);
model!.dispose();
model!.optimizer.dispose(); // compiled with an optimizer instance, which model.dispose() leaves alive

/**
 * Tuning a multi-layer perceptron with RandomizedSearchCV: the number of hidden
 * layers, the units per layer, the optimizer and its learning rate, each fit
 * early-stopped on a validation split carved from its own training rows. The best
 * network is then evaluated on a held-out test split it never saw.
 *
 *   npx tsx examples/mnist-mlp.ts              # shipped 8×8 digits (under a minute)
 *   npx tsx examples/mnist-mlp.ts --fashion    # Fashion-MNIST, when its files are present
 *   npx tsx examples/mnist-mlp.ts --mnist      # MNIST, when its files are present
 *   npx tsx examples/mnist-mlp.ts --fashion --rows 20000 --iter 10
 *
 * MNIST-format files are read from the cache folder (`~/.cache/tunekit/<name>`),
 * or for Fashion-MNIST from Debian's `/usr/share/datasets/fashion-mnist`; this
 * example never downloads (it falls back to digits with a note).
 */
import * as tf from '@tensorflow/tfjs';
import type { KerasMeta } from '../lib/index.js';
import {
  EarlyStopping,
  KerasClassifier,
  RandomizedSearchCV,
  choice,
  getBackendName,
  logUniform,
  trainTestSplit,
} from '../lib/index.js';
import { loadImageData, option } from './image-data.js';

/** The hyperparameters of the network, as the build function receives them (`model__<name>`). */
interface MlpParams {
  /** Hidden layers. */
  layers?: number;
  /** Units per hidden layer. */
  units?: number;
  /** Dropout after each hidden layer. */
  dropout?: number;
}

/** Builds an MLP sized from the data: `meta.nFeaturesIn` inputs, `meta.nOutputs` softmax outputs. */
function mlp({ layers = 1, units = 64, dropout = 0 }: MlpParams, meta: KerasMeta): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [meta.nFeaturesIn] }));
  for (let i = 0; i < layers; i++) {
    model.add(tf.layers.dense({ units, activation: 'relu' }));
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
  }
  model.add(tf.layers.dense({ units: meta.nOutputs, activation: meta.outputActivation }));
  return model;
}

const { label: name, X, y } = await loadImageData();
const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 0, stratify: y });
console.log(`${name}: ${XTrain.length} training rows, ${XTest.length} held out for the final test, ${X[0]!.length} features\n`);

const network = new KerasClassifier({
  model: mlp,
  epochs: option('epochs', 15),
  batchSize: 64,
  validationSplit: 0.1,
  callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })],
  randomState: 0,
});

const search = new RandomizedSearchCV(
  network,
  {
    model__layers: choice([1, 2, 3]),
    model__units: choice([32, 64, 128]),
    optimizer: choice(['adam', 'rmsprop', 'sgd'] as const),
    optimizer__learningRate: logUniform(1e-3, 3e-2),
  },
  { nIter: option('iter', 6), cv: 3, randomState: 0, verbose: 2 },
);

const started = performance.now();
await search.fit(XTrain, yTrain);
const seconds = (performance.now() - started) / 1000;

const r = search.cvResults;
const order = r.params.map((_, i) => i).sort((a, b) => (r.rank_test_score[a] as number) - (r.rank_test_score[b] as number));
console.log(`\nSearch on the ${getBackendName()} backend: ${r.params.length} candidates × ${search.nSplits} folds in ${seconds.toFixed(1)} s\n`);
console.log('rank  accuracy        layers units optimizer lr       best epochs');
for (const i of order) {
  const p = r.params[i] as { model__layers: number; model__units: number; optimizer: string; optimizer__learningRate: number };
  const mean = (r.mean_test_score[i] as number).toFixed(3);
  const std = (r.std_test_score[i] as number).toFixed(3);
  const epochs = [0, 1, 2].map((k) => r[`split${k}_best_epoch`]?.[i] ?? '-').join('/');
  console.log(
    `${String(r.rank_test_score[i]).padStart(4)}  ${mean} ± ${std}   ${String(p.model__layers).padStart(6)} ${String(p.model__units).padStart(5)} ${p.optimizer.padEnd(9)} ${p.optimizer__learningRate.toExponential(1).padEnd(8)} ${epochs}`,
  );
}

const best = search.bestEstimator!;
const testAccuracy = await best.score(XTest, yTest);
console.log(`\nBest params: ${JSON.stringify(search.bestParams)}`);
console.log(`Cross-validated accuracy ${search.bestScore!.toFixed(3)}; accuracy on the held-out test split ${testAccuracy.toFixed(3)}`);
console.log(`The refitted network trained ${best.history.loss!.length} epochs (best: ${best.splitExtras()?.best_epoch ?? '-'}).`);
best.dispose(); // frees the network and its optimizer

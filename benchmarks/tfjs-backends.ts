/**
 * TensorFlow.js backends: the time of one training epoch of a 784-128-10 MLP
 * (MNIST-sized rows, Adam, sparse categorical cross-entropy) on every backend
 * this machine has (tfjs-node's `tensorflow` when installed, `wasm`, `cpu`), and
 * the speed-up over `cpu`.
 *
 *     npx tsx benchmarks/tfjs-backends.ts [--rows 2048] [--epochs 2] [--batches 32,128]
 *
 * Per backend and batch size: `model.fit` epochs timed one by one after a warm-up
 * epoch (median), then the same network through `KerasClassifier.fit` (our
 * seeded per-epoch shuffling and callbacks included), its epochs timed by a
 * callback, the first one (warm-up) left out. Rows are random (timing does not
 * depend on the values). Writes benchmarks/results/tfjs-backends.json.
 */
import * as tf from '@tensorflow/tfjs';
import type { CallbackSession, KerasMeta } from '../lib/index.js';
import { KerasCallback, KerasClassifier, availableBackends, getBackendName, setBackend } from '../lib/index.js';
import { Rng } from '../lib/core/rng.js';
import { args, machine, median, table, writeResults } from './common.js';

const opts = args();
const rows = Number(opts.get('rows') ?? 2048);
const epochs = Number(opts.get('epochs') ?? 2);
const batches = String(opts.get('batches') ?? '32,128')
  .split(',')
  .map(Number);

function mlp(_params: object, meta: KerasMeta): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 128, activation: 'relu', inputShape: [meta.nFeaturesIn] }));
  model.add(tf.layers.dense({ units: meta.nOutputs, activation: 'softmax' }));
  return model;
}

const rng = new Rng(0);
const X = Array.from({ length: rows }, () => Array.from({ length: 784 }, () => rng.random()));
const y = Array.from({ length: rows }, () => rng.integer(0, 10));
const meta: KerasMeta = { nFeaturesIn: 784, nOutputs: 10, classes: [], nClasses: 10, targetType: 'multiclass', outputActivation: 'softmax' };

/** Median seconds of one `model.fit` epoch, after one warm-up epoch. */
async function rawEpoch(batchSize: number): Promise<number> {
  const model = mlp({}, meta);
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor2d(X);
  const ys = tf.tensor2d(y, [rows, 1]);
  const times: number[] = [];
  for (let e = 0; e <= epochs; e++) {
    const t0 = performance.now();
    await model.fit(xs, ys, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
    if (e > 0) times.push((performance.now() - t0) / 1000);
  }
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return median(times);
}

/** Records the wall time of every epoch of a fit. */
class EpochTimer extends KerasCallback {
  readonly seconds: number[] = [];
  begin(): CallbackSession {
    let last = performance.now();
    return {
      onEpochEnd: () => {
        const now = performance.now();
        this.seconds.push((now - last) / 1000);
        last = now;
      },
    };
  }
}

/** Median seconds of one epoch through KerasClassifier, after one warm-up epoch. */
async function wrapperEpoch(batchSize: number): Promise<number> {
  const timer = new EpochTimer();
  const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', epochs: 1 + epochs, batchSize, randomState: 0, callbacks: [timer] });
  await clf.fit(X, y);
  clf.dispose();
  return median(timer.seconds.slice(1));
}

const results: Record<string, unknown>[] = [];
for (const backend of await availableBackends()) {
  await setBackend(backend);
  for (const batchSize of batches) {
    const raw = await rawEpoch(batchSize);
    const wrapped = await wrapperEpoch(batchSize);
    results.push({ backend: getBackendName(), batch: batchSize, 'ms/epoch': raw * 1000, 'rows/s': Math.round(rows / raw), 'KerasClassifier ms/epoch': wrapped * 1000 });
    console.error(`${backend} batch ${batchSize}: ${(raw * 1000).toFixed(0)} ms/epoch`);
  }
}
for (const row of results) {
  const cpu = results.find((r) => r.backend === 'cpu' && r.batch === row.batch);
  row['speed-up vs cpu'] = cpu ? (cpu['ms/epoch'] as number) / (row['ms/epoch'] as number) : NaN;
}

console.log(`\nOne epoch of a 784-128-10 MLP (Adam) on ${rows} rows, median of ${epochs} epochs, TensorFlow.js ${tf.version.tfjs}\n`);
console.log(table(results, ['backend', 'batch', 'ms/epoch', 'rows/s', 'speed-up vs cpu', 'KerasClassifier ms/epoch']));
const file = writeResults('tfjs-backends.json', { machine: machine(), rows, epochs, tfjs: tf.version.tfjs, results });
console.log(`\nwritten to ${file}`);

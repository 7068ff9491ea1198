import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '../../lib/keras/backend.js';
import { captureWeights, restoreWeights } from '../../lib/tuner/checkpoint.js';
import { fitModel, targetMatrix } from '../../lib/tuner/fit-model.js';
import { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import { TunerObjective } from '../../lib/tuner/objective.js';
import { readFitResult } from '../../lib/tuner/tuner.js';
import { buildMlp, data, predictRows } from './_keras.js';

beforeAll(async () => {
  await setBackend('wasm');
});

const model = (): tf.LayersModel => buildMlp(new HyperParameters());

describe('fitModel', () => {
  it('trains a compiled model and returns the history by Keras names', async () => {
    const m = model();
    const { history, epochsRun } = await fitModel(m, data.X, data.y, { epochs: 3, validationSplit: 0.2, randomState: 0 });
    expect(epochsRun).toBe(3);
    expect(Object.keys(history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    expect(history.val_accuracy).toHaveLength(3);
    m.dispose();
  });

  it('runs epochs - initialEpoch epochs, and takes validationData', async () => {
    const m = model();
    const { history } = await fitModel(m, data.X.slice(30), data.y.slice(30), { epochs: 3, initialEpoch: 1, validationData: [data.X.slice(0, 30), data.y.slice(0, 30)], randomState: 0 });
    expect(history.val_loss).toHaveLength(2);
    m.dispose();
  });

  it('is seeded: the same randomState gives the same history', async () => {
    const run = async (): Promise<number[]> => {
      const m = model();
      const out = await fitModel(m, data.X, data.y, { epochs: 2, validationSplit: 0.2, randomState: 3 });
      m.dispose();
      return out.history.val_loss as number[];
    };
    const { withSeededRandom } = await import('../../lib/keras/seeded-random.js');
    const { Rng } = await import('../../lib/core/rng.js');
    const a = await withSeededRandom(new Rng(1), run);
    const b = await withSeededRandom(new Rng(1), run);
    expect(a).toEqual(b);
  });

  it('refuses an uncompiled model and string labels', async () => {
    const raw = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
    await expect(fitModel(raw, data.X, data.y)).rejects.toThrow('The model given to fitModel must be compiled.');
    raw.dispose();
    expect(() => targetMatrix(['a', 'b'], 'RandomSearch.search')).toThrow(
      'The "y" argument of RandomSearch.search must hold numbers. Got string labels ("a"...) instead. Encode them as indices 0..k-1 (sparseCategoricalCrossentropy) or one-hot rows.',
    );
    expect(targetMatrix([[0, 1], [1, 0]], 'o').columns).toBe(2);
  });
});

describe('reading what fit returned', () => {
  const min = new TunerObjective('val_loss', 'min');

  it('takes the best epoch of a history (Keras names, tfjs aliases accepted)', () => {
    const read = readFitResult({ history: { loss: [3, 2, 1], val_loss: [2, 1, 1.5], val_acc: [0.1, 0.2, 0.3] } }, min, 'RandomSearch', 0);
    expect(read).toMatchObject({ score: 1, bestStep: 2, metrics: { loss: 2, val_loss: 1, val_accuracy: 0.2 } });
    expect(readFitResult({ val_loss: [2, 1] }, min, 'RandomSearch', 4).bestStep).toBe(6);
  });

  it('takes final metrics or a number', () => {
    expect(readFitResult({ val_loss: 0.5, loss: 0.4 }, min, 'RandomSearch', 0)).toMatchObject({ score: 0.5, bestStep: undefined, metrics: { val_loss: 0.5, loss: 0.4 } });
    expect(readFitResult(0.25, min, 'RandomSearch', 0)).toMatchObject({ score: 0.25, metrics: { val_loss: 0.25 } });
  });

  it('names what was reported when the objective is missing', () => {
    expect(() => readFitResult({ loss: [1] }, min, 'Hyperband', 0)).toThrow(
      'The objective "val_loss" of Hyperband is not a metric the model reports. It reports: "loss". Give search() validation data (validationSplit or validationData) to get val_ metrics, or choose one of those.',
    );
    expect(() => readFitResult('done' as never, min, 'Hyperband', 0)).toThrow('The fit method of the hypermodel of Hyperband must return { history }, per-epoch values, a record of metrics or a number. Got "done" instead.');
  });
});

describe('checkpoints', () => {
  it('capture the weights through a save handler and restore them into a rebuilt model', async () => {
    const a = model();
    await fitModel(a, data.X, data.y, { epochs: 1, randomState: 0 });
    const saved = await captureWeights(tf, a, { epoch: 1 });
    expect(saved.weightSpecs.map((s) => s.shape)).toEqual([[4, 4], [4], [4, 3], [3]]);
    const b = model();
    restoreWeights(tf, b, saved, 'trial 0');
    expect(predictRows(b)).toEqual(predictRows(a));
    const other = buildMlp(new HyperParameters().forTrial({ num_layers: 2, units_0: 4, units_1: 8 }, {}, (d) => d.default));
    expect(() => restoreWeights(tf, other, saved, 'trial 0')).toThrow(
      'The saved weights of trial 0 do not fit the model built from its hyperparameters (4 weights saved, 6 in the model, or other shapes). Was the build function changed since the search?',
    );
    for (const m of [a, b, other]) m.dispose();
  });
});

describe('the validation split of a search', () => {
  it('is seeded by validationSeed alone, so every trial is scored on the same rows', async () => {
    // learning rate 0: the weights never change, so val_loss depends only on which rows are held out
    const frozen = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] });
    frozen.compile({ optimizer: tf.train.sgd(0), loss: 'sparseCategoricalCrossentropy' });
    const valLoss = async (randomState: number, validationSeed: number): Promise<number> =>
      ((await fitModel(frozen, data.X, data.y, { epochs: 1, validationSplit: 0.2, randomState, validationSeed })).history.val_loss as number[])[0] as number;
    const a = await valLoss(1, 5);
    expect(await valLoss(2, 5)).toBe(a);
    expect(await valLoss(1, 6)).not.toBe(a);
    frozen.dispose();
  });
});

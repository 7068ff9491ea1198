import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../lib/core/data.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { setBackend } from '../../lib/keras/backend.js';
import { BayesianOptimization } from '../../lib/tuner/bayesian-optimization.js';
import { GridSearch } from '../../lib/tuner/grid-search.js';
import { Hyperband } from '../../lib/tuner/hyperband.js';
import type { FitResult, HyperModelFitOptions } from '../../lib/tuner/hypermodel.js';
import { HyperModel } from '../../lib/tuner/hypermodel.js';
import type { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import { RandomSearch } from '../../lib/tuner/random-search.js';
import { buildMlp, data, predictRows } from './_keras.js';

beforeAll(async () => {
  await setBackend('wasm');
});

const quiet = { verbose: 0 } as const;

/** Records, per trial, the predictions on a few rows after every epoch. */
class RecordingModel extends HyperModel {
  readonly predictions = new Map<string, number[][]>();
  readonly startWeights = new Map<string, number[]>();
  build(hp: HyperParameters): tf.LayersModel {
    return buildMlp(hp);
  }
  override fit(hp: HyperParameters, model: tf.LayersModel, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions): Promise<FitResult> {
    const key = JSON.stringify(hp.values);
    const perEpoch: number[][] = [];
    this.predictions.set(key, perEpoch);
    this.startWeights.set(key, model.getWeights().flatMap((w) => Array.from(w.dataSync())));
    const record = { onEpochEnd: async () => void perEpoch.push(predictRows(model)) };
    return super.fit(hp, model, x, y, { ...options, callbacks: [...(options.callbacks ?? []), record] });
  }
}

describe('RandomSearch', () => {
  it('runs to maxTrials; the best models, rebuilt with the saved weights, predict as the trained models did at their best epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunekit-rs-'));
    const hm = new RecordingModel();
    const tuner = new RandomSearch(hm, { objective: 'val_accuracy', maxTrials: 4, seed: 0, directory: dir, projectName: 'rs', ...quiet });
    await tuner.search(data.X, data.y, { epochs: 3, validationSplit: 0.2 });
    expect(tuner.oracle.trials).toHaveLength(4);
    expect(readdirSync(join(dir, 'rs', 'trial_0002')).sort()).toEqual(['checkpoint.json', 'checkpoint.weights.bin', 'trial.json']);
    const best = tuner.oracle.getBestTrials(2);
    const models = await tuner.getBestModels(2);
    expect(models).toHaveLength(2);
    best.forEach((trial, i) => {
      const recorded = hm.predictions.get(JSON.stringify(trial.hyperparameters.values)) as number[][];
      expect(predictRows(models[i] as tf.LayersModel)).toEqual(recorded[(trial.bestStep as number) - 1]);
    });
    // a new tuner on the same project loads the same weights from disk
    const reloaded = new RandomSearch(hm, { objective: 'val_accuracy', maxTrials: 4, directory: dir, projectName: 'rs', ...quiet });
    const [again] = await reloaded.getBestModels(1);
    expect(predictRows(again as tf.LayersModel)).toEqual(predictRows(models[0] as tf.LayersModel));
    for (const m of [...models, again as tf.LayersModel]) m.dispose();
  });

  it('gives the same trials and scores for the same seed', async () => {
    const run = async (): Promise<unknown[]> => {
      const tuner = new RandomSearch((hp) => buildMlp(hp), { objective: 'val_loss', maxTrials: 3, seed: 7, ...quiet });
      await tuner.search(data.X, data.y, { epochs: 2, validationSplit: 0.2 });
      return tuner.oracle.trials.map((t) => [t.hyperparameters.values, t.score]);
    };
    expect(await run()).toEqual(await run());
  });

  it.each([
    ['val_loss', 'min'],
    ['val_accuracy', 'max'],
  ] as const)('honours the direction of %s', async (objective, direction) => {
    const tuner = new RandomSearch((hp) => buildMlp(hp), { objective, maxTrials: 4, seed: 1, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 2, validationSplit: 0.2 });
    const scores = tuner.oracle.trials.map((t) => t.score as number);
    expect(tuner.oracle.objective.direction).toBe(direction);
    expect(tuner.oracle.getBestTrials(1)[0]?.score).toBe(direction === 'min' ? Math.min(...scores) : Math.max(...scores));
    for (const t of tuner.oracle.trials) {
      const series = (t.record.attrs.executions as { history: Record<string, number[]> }[])[0]!.history[objective] as number[];
      expect(t.score).toBe(direction === 'min' ? Math.min(...series) : Math.max(...series));
    }
  });

  it('honours { name, direction }', async () => {
    const tuner = new RandomSearch((hp) => buildMlp(hp), { objective: { name: 'loss', direction: 'max' }, maxTrials: 3, seed: 1, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 2 });
    const scores = tuner.oracle.trials.map((t) => t.score as number);
    expect(tuner.oracle.getBestTrials(1)[0]?.score).toBe(Math.max(...scores));
  });

  it('averages executionsPerTrial executions', async () => {
    const tuner = new RandomSearch((hp) => buildMlp(hp), { objective: 'val_loss', maxTrials: 2, executionsPerTrial: 3, seed: 2, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 2, validationSplit: 0.2 });
    for (const t of tuner.oracle.trials) {
      const executions = t.record.attrs.executions as { score: number }[];
      expect(executions).toHaveLength(3);
      expect(new Set(executions.map((e) => e.score)).size).toBe(3);
      expect(t.score).toBeCloseTo(executions.reduce((s, e) => s + e.score, 0) / 3, 12);
    }
  });

  it('retries a trial whose fit threw, then records it', async () => {
    let fits = 0;
    class Flaky extends HyperModel {
      build(hp: HyperParameters): tf.LayersModel {
        return buildMlp(hp);
      }
      override fit(hp: HyperParameters, model: tf.LayersModel, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions): Promise<FitResult> {
        fits++;
        if (fits % 2 === 1) throw new Error('NaN loss');
        return super.fit(hp, model, x, y, options);
      }
    }
    const tuner = new RandomSearch(new Flaky(), { objective: 'val_loss', maxTrials: 2, maxRetriesPerTrial: 1, seed: 0, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 1, validationSplit: 0.2 });
    expect(tuner.oracle.trials.map((t) => [t.status, t.record.attrs.retries])).toEqual([['complete', 1], ['complete', 1]]);
  });

  it('lets fit tune training arguments, which join the search space', async () => {
    class Batches extends HyperModel {
      build(hp: HyperParameters): tf.LayersModel {
        return buildMlp(hp);
      }
      override fit(hp: HyperParameters, model: tf.LayersModel, x: DenseMatrix, y: DenseMatrix, options: HyperModelFitOptions): Promise<FitResult> {
        return super.fit(hp, model, x, y, { ...options, batchSize: hp.choice('batch_size', [8, 16, 32]) });
      }
    }
    const tuner = new RandomSearch(new Batches(), { objective: 'val_loss', maxTrials: 3, seed: 0, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 1, validationData: [data.X.slice(0, 30), data.y.slice(0, 30)] });
    expect(tuner.oracle.hyperparameters.getHyperParameter('batch_size')?.type).toBe('choice');
    for (const t of tuner.oracle.trials) expect([8, 16, 32]).toContain(t.hyperparameters.values.batch_size);
  });
});

describe('memory', () => {
  it('leaves no tensor behind: models, optimizers, snapshots and checkpoints are freed', async () => {
    const tfjs = await import('@tensorflow/tfjs');
    const before = tfjs.memory().numTensors;
    const tuner = new RandomSearch((hp) => buildMlp(hp), { objective: 'val_loss', maxTrials: 2, executionsPerTrial: 2, seed: 0, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 2, validationSplit: 0.2 });
    expect(tfjs.memory().numTensors).toBe(before);
    const [model] = await tuner.getBestModels(1);
    model!.dispose();
    model!.optimizer.dispose();
    expect(tfjs.memory().numTensors).toBe(before);
  });
});

describe('errors in a Keras search', () => {
  it('names what the model reports when it does not report the objective', async () => {
    const noMetric = new RandomSearch((hp) => buildMlp(hp, []), { objective: 'val_accuracy', maxTrials: 1, ...quiet });
    const error = await noMetric.search(data.X, data.y, { epochs: 1, validationSplit: 0.2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe(
      'The objective "val_accuracy" of RandomSearch is not a metric the model reports. It reports: "loss", "val_loss". Add the metric to model.compile({ metrics: [...] }), or choose one of those.',
    );
    const noValidation = new RandomSearch((hp) => buildMlp(hp), { objective: 'val_loss', maxTrials: 1, ...quiet });
    await expect(noValidation.search(data.X, data.y, { epochs: 1 })).rejects.toThrow(
      'The objective "val_loss" of RandomSearch is not a metric the model reports. It reports: "loss", "accuracy". Give search() validation data (validationSplit or validationData) to get val_ metrics, or choose one of those.',
    );
  });

  it('refuses a build function that returns no model, or an uncompiled one', async () => {
    const notAModel = new RandomSearch((() => 42) as never, { maxTrials: 1, ...quiet });
    await expect(notAModel.search(data.X, data.y)).rejects.toThrow('The build function of RandomSearch must return a compiled tf.LayersModel. Got 42 instead.');
    const tfjs = await import('@tensorflow/tfjs');
    const uncompiled = new RandomSearch(() => tfjs.sequential({ layers: [tfjs.layers.dense({ inputShape: [4], units: 3 })] }), { maxTrials: 1, ...quiet });
    await expect(uncompiled.search(data.X, data.y, { validationSplit: 0.2 })).rejects.toThrow(
      "The build function of RandomSearch must return a compiled tf.LayersModel. Compile it before returning it, e.g. model.compile({ optimizer: tf.train.adam(hp.float('lr', { min: 1e-4, max: 1e-2, sampling: 'log' })), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }).",
    );
  });
});

describe('GridSearch, BayesianOptimization and Hyperband', () => {
  it('GridSearch runs every combination of a finite space once', async () => {
    const tfjs = await import('@tensorflow/tfjs');
    const build = (hp: HyperParameters): tf.LayersModel => {
      const model = tfjs.sequential();
      model.add(tfjs.layers.dense({ inputShape: [4], units: hp.choice('units', [4, 8]), activation: 'relu' }));
      hp.boolean('wide');
      hp.conditionalScope('wide', true, () => model.add(tfjs.layers.dense({ units: hp.int('extra', { min: 4, max: 8, step: 4 }), activation: 'relu' })));
      model.add(tfjs.layers.dense({ units: 3, activation: 'softmax' }));
      model.compile({ optimizer: hp.choice('optimizer', ['adam', 'sgd']), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    const tuner = new GridSearch(build, { objective: 'val_accuracy', ...quiet });
    await tuner.search(data.X, data.y, { epochs: 1, validationSplit: 0.2 });
    // units × (wide false | wide true × extra) × optimizer = 2 × 3 × 2
    expect(tuner.oracle.trials).toHaveLength(12);
    expect(new Set(tuner.oracle.trials.map((t) => JSON.stringify(t.hyperparameters.values))).size).toBe(12);
  });

  it('BayesianOptimization runs to maxTrials', async () => {
    const tuner = new BayesianOptimization((hp) => buildMlp(hp), { objective: 'val_loss', maxTrials: 5, numInitialPoints: 3, seed: 0, ...quiet });
    await tuner.search(data.X, data.y, { epochs: 1, validationSplit: 0.2 });
    expect(tuner.oracle.trials.map((t) => t.status)).toEqual(['complete', 'complete', 'complete', 'complete', 'complete']);
  });

  it('Hyperband runs its schedule; a continued trial starts from its parent\'s checkpoint and trains the extra epochs', async () => {
    const hm = new RecordingModel();
    const tuner = new Hyperband(hm, { objective: 'val_loss', maxEpochs: 3, factor: 3, seed: 0, ...quiet });
    await tuner.search(data.X, data.y, { validationSplit: 0.2 });
    const trials = tuner.oracle.trials;
    expect(trials.map((t) => [t.hyperparameters.values['tuner/epochs'], t.hyperparameters.values['tuner/initial_epoch']])).toEqual([
      [1, 0], [1, 0], [1, 0], [3, 1], [3, 0], [3, 0],
    ]);
    const continued = trials[3]!;
    const parent = trials[continued.hyperparameters.values['tuner/trial_id'] as number]!;
    expect(parent.score).toBe(Math.min(...trials.slice(0, 3).map((t) => t.score as number)));
    const history = (continued.record.attrs.executions as { history: Record<string, number[]> }[])[0]!.history;
    expect(history.val_loss).toHaveLength(2);
    expect([2, 3]).toContain(continued.bestStep);
    const [parentModel] = [await tuner.loadModel(parent)];
    expect(hm.startWeights.get(JSON.stringify(continued.hyperparameters.values))).toEqual(parentModel!.getWeights().flatMap((w) => Array.from(w.dataSync())));
    parentModel!.dispose();
  });
});

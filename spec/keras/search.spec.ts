/**
 * Keras wrappers inside searches and cross-validation: complete results, the
 * tensor leak guard, validation carved from training rows, the per-epoch report
 * hook and aborting.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../lib/core/errors.js';
import type { FitOptions } from '../../lib/core/estimator.js';
import { readResourceProbes } from '../../lib/core/estimator.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { EarlyStopping, KerasClassifier, loadTensorFlow } from '../../lib/keras/index.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { crossValidate } from '../../lib/model-selection/validation.js';
import { blobs, mlp } from './_models.js';

describe('GridSearchCV over a KerasClassifier', () => {
  it('runs every candidate and split with complete cvResults, best epochs included', async () => {
    const { X, y } = blobs(60);
    const clf = new KerasClassifier({
      model: mlp,
      optimizer: 'adam',
      batchSize: 16,
      validationSplit: 0.2,
      callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 1 })],
      randomState: 0,
    });
    const grid = { model__hidden: [4, 8], optimizer__learningRate: [0.01, 0.05], epochs: [2, 3] };
    const { result: search, warnings } = await captureWarnings(() => new GridSearchCV(clf, grid, { cv: 3, returnTrainScore: true }).fit(X, y));
    expect(warnings).toEqual([]);
    const r = search.cvResults;
    expect(r.params.length).toBe(8);
    expect(r.param_model__hidden).toEqual([4, 4, 8, 8, 4, 4, 8, 8]); // keys in sorted order: epochs first
    for (const column of ['mean_test_score', 'std_test_score', 'mean_train_score', 'mean_fit_time', 'split0_test_score', 'split1_test_score', 'split2_test_score']) {
      expect((r[column] as number[]).every((v) => Number.isFinite(v))).toBe(true);
    }
    expect([...(r.rank_test_score as number[])].sort((a, b) => a - b)[0]).toBe(1);
    for (let k = 0; k < 3; k++) {
      const best = r[`split${k}_best_epoch`] as number[];
      const trained = r[`split${k}_epochs_trained`] as number[];
      best.forEach((b, i) => {
        expect(b).toBeGreaterThanOrEqual(1);
        expect(b).toBeLessThanOrEqual(trained[i]!);
        expect(trained[i]).toBeLessThanOrEqual((r.params[i] as { epochs: number }).epochs);
      });
    }
    expect(Object.keys(r).some((c) => c.endsWith('tensors_growth'))).toBe(false);
    const best = search.bestEstimator!;
    expect(best.getParams()).toMatchObject(search.bestParams!);
    expect((await best.predict(X)).length).toBe(60);
    best.dispose();
  });

  it('returns tf.memory().numTensors to its baseline after 50 fit/predict/score cycles', async () => {
    await loadTensorFlow();
    const { X, y } = blobs(40, 3);
    const clf = new KerasClassifier({ model: mlp, epochs: 2, batchSize: 8, validationSplit: 0.25, callbacks: [new EarlyStopping({ patience: 0, restoreBestWeights: true })], randomState: 0 });
    const baseline = tf.memory().numTensors;
    const grid = { model__hidden: [2, 3, 4, 5, 6], optimizer: ['adam', 'sgd'] as ('adam' | 'sgd')[] };
    const { result: search, warnings } = await captureWarnings(() => new GridSearchCV(clf, grid, { cv: 5, returnTrainScore: true }).fit(X, y));
    expect(search.cvResults.params.length * search.nSplits).toBe(50);
    expect(warnings.filter((w) => w.category === 'ResourceLeakWarning')).toEqual([]);
    expect(tf.memory().numTensors).toBeGreaterThan(baseline); // the refitted best estimator
    search.bestEstimator!.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('has its leak guard report tensors a fit leaves behind', async () => {
    class LeakyClassifier extends KerasClassifier<{ hidden?: number }> {
      override async fit(X: number[][], y?: number[], options?: FitOptions): Promise<this> {
        await super.fit(X, y, options);
        tf.ones([2]); // never disposed
        return this;
      }
    }
    const { X, y } = blobs(30, 3);
    await loadTensorFlow();
    const before = tf.memory().numTensors;
    const { result: search, warnings } = await captureWarnings(() =>
      new GridSearchCV(new LeakyClassifier({ model: mlp, randomState: 0 }), { model__hidden: [3] }, { cv: 2, refit: false }).fit(X, y),
    );
    expect(search.cvResults.split0_tensors_growth).toEqual([1]);
    expect(warnings.filter((w) => w.category === 'ResourceLeakWarning').length).toBe(2);
    expect(readResourceProbes().tensors).toBe(before + 2);
  });
});

describe('KerasClassifier in cross-validation', () => {
  it('carves its validation rows from the training split only', async () => {
    const { X, y } = blobs(60);
    const result = await crossValidate(new KerasClassifier({ model: mlp, epochs: 1, validationSplit: 0.2, randomState: 0 }), X, y, {
      cv: 3,
      returnEstimator: true,
      returnIndices: true,
    });
    result.estimator!.forEach((est, k) => {
      const train = result.indices!.train[k]!;
      const test = new Set(result.indices!.test[k]!);
      const held = [...est.validationRows!].map((i) => train[i]!);
      expect(held.length).toBe(Math.round(train.length * 0.2));
      for (const row of held) expect(test.has(row)).toBe(false);
      // stratified: each class keeps its share, to within one row
      for (const c of [0, 1, 2]) {
        const share = train.filter((row) => y[row] === c).length * 0.2;
        const got = held.filter((row) => y[row] === c).length;
        expect(got === Math.floor(share) || got === Math.ceil(share)).toBe(true);
      }
      est.dispose();
    });
  });
});

describe('KerasClassifier fit options', () => {
  it('reports each epoch (1-based) to options.report and stops when it answers true', async () => {
    const { X, y } = blobs(30);
    const steps: [number, string[]][] = [];
    const clf = new KerasClassifier({ model: mlp, epochs: 10, validationSplit: 0.2, randomState: 0 });
    await clf.fit(X, y, {
      report: (step, values) => {
        steps.push([step, Object.keys(values).sort()]);
        return step === 3;
      },
    });
    expect(steps).toEqual([1, 2, 3].map((s) => [s, ['accuracy', 'loss', 'val_accuracy', 'val_loss']]));
    expect(clf.history.loss!.length).toBe(3);
    expect(clf.splitExtras()).toEqual({ epochs_trained: 3 });
    clf.dispose();
  });

  it('stops between batches when the signal aborts, frees every tensor and stays unfitted', async () => {
    const { X, y } = blobs(60);
    await loadTensorFlow();
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batches = 0;
    const clf = new KerasClassifier({
      model: mlp,
      epochs: 5,
      batchSize: 4,
      randomState: 0,
      callbacks: [{ onBatchEnd: () => void (++batches === 3 && controller.abort()) }],
    });
    await expect(clf.fit(X, y, { signal: controller.signal })).rejects.toThrow(new AbortError('KerasClassifier.fit was aborted after 0 epochs.'));
    expect(batches).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    expect(clf.splitExtras()).toBeUndefined();
    await expect(clf.fit(X, y, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('frees every tensor when a callback throws mid-training', async () => {
    const { X, y } = blobs(30);
    await loadTensorFlow();
    const before = tf.memory().numTensors;
    const clf = new KerasClassifier({
      model: mlp,
      optimizer: 'adam',
      epochs: 5,
      validationSplit: 0.2,
      callbacks: [
        new EarlyStopping({ restoreBestWeights: true, patience: 5 }),
        {
          onEpochEnd: (epoch: number) => {
            if (epoch === 1) throw new Error('callback failed');
          },
        },
      ],
      randomState: 0,
    });
    await expect(clf.fit(X, y)).rejects.toThrow('callback failed');
    expect(tf.memory().numTensors).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { EarlyStopping, KerasClassifier } from '../../lib/keras/index.js';
import { loadIris } from '../../lib/datasets/index.js';
import { MedianPruner } from '../../lib/search/schedulers/median-pruner.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import type { CvResults } from '../../lib/model-selection/results.js';
import { tinyMlp } from '../fixtures/parallel/keras-models.js';
import { blobs } from './_models.js';

const strip = (cv: CvResults) => Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('_time')));

describe('Keras wrappers on worker threads', () => {
  it('give the same cvResults with nJobs 1 and 2 (each worker loads its own wasm backend)', async () => {
    const { X, y } = blobs(90, 4, 3);
    const make = (nJobs: number) =>
      new GridSearchCV(
        new KerasClassifier({
          model: tinyMlp,
          epochs: 4,
          optimizer: 'adam',
          validationSplit: 0.2,
          callbacks: [new EarlyStopping({ patience: 2 })],
          randomState: 0,
        }),
        { model__units: [4, 8], optimizer__learningRate: [0.01, 0.05] },
        { cv: 3, nJobs, refit: false },
      ).fit(X, y);
    const serial = await make(1);
    const parallel = await make(2);
    expect(strip(parallel.cvResults)).toEqual(strip(serial.cvResults));
    expect(serial.cvResults.split0_best_epoch).toBeDefined();
  });
  it('prune inside their fits on worker threads as in this thread (pruneOn: val_accuracy)', async () => {
    const { data, target } = await loadIris();
    const run = (nJobs: number) =>
      new GridSearchCV(
        new KerasClassifier({ model: tinyMlp, epochs: 8, validationSplit: 0.2, verbose: 0, randomState: 0 }),
        { optimizer__learningRate: [0.1, 0.05, 0.001, 0.0005, 0.02, 0.0001] },
        { cv: 2, nJobs, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 1 }), pruneOn: 'val_accuracy', refit: false },
      ).fit(data, target);
    const [serial, threads] = [await run(1), await run(2)];
    expect(threads.trials.map((t) => t.state)).toEqual(serial.trials.map((t) => t.state));
    expect(threads.trials.some((t) => t.state === 'pruned')).toBe(true);
    expect(threads.cvResults.split0_pruned_at_step).toEqual(serial.cvResults.split0_pruned_at_step);
    expect(threads.cvResults.split0_epochs).toEqual(serial.cvResults.split0_epochs);
  });

  it('accept a { module, export } reference as the model', async () => {
    const { X, y } = blobs(60, 4, 4);
    const ref = { module: new URL('../fixtures/parallel/keras-models.ts', import.meta.url).href, export: 'tinyMlp' };
    const search = await new GridSearchCV(new KerasClassifier<{ units?: number }>({ model: ref, epochs: 2, randomState: 0 }), { model__units: [4] }, { cv: 2, nJobs: 2, refit: false }).fit(X, y);
    expect(search.cvResults.split0_status).toEqual(['ok']);
  });
});

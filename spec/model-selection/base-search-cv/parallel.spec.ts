import { describe, expect, it } from 'vitest';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { loadDiabetes, loadDigits } from '../../../lib/datasets/index.js';
import { KNeighborsClassifier } from '../../../lib/estimators/neighbors/index.js';
import { Pipeline } from '../../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../../lib/estimators/preprocessing/index.js';
import { SVC } from '../../../lib/estimators/svm/index.js';
import { Ridge } from '../../../lib/estimators/linear/index.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { RandomizedSearchCV } from '../../../lib/model-selection/randomized-search-cv.js';
import type { CvResults } from '../../../lib/model-selection/results.js';
import { crossValidate } from '../../../lib/model-selection/validation.js';
import { logUniform, randInt } from '../../../lib/search/space/distributions.js';
import { ChaosRegressor, UnregisteredRegressor } from '../../fixtures/parallel/estimators.js';

const digits = await loadDigits();
const Xd = digits.data.slice(0, 300);
const yd = digits.target.slice(0, 300);
const diabetes = await loadDiabetes();
const Xr = diabetes.data.slice(0, 200);
const yr = diabetes.target.slice(0, 200);

/** cvResults without the timing columns (which differ run to run). */
function withoutTimes(cv: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('_time')));
}

describe('nJobs: parallel fits on worker threads', () => {
  it('gives the same cvResults with 1 and 2 jobs for a grid search (Pipeline + SVC, multi-metric)', async () => {
    const make = (nJobs: number) =>
      new GridSearchCV(
        new Pipeline([
          ['scale', new StandardScaler()],
          ['svc', new SVC()],
        ]),
        { svc__C: [0.1, 1, 10], svc__gamma: [0.001, 0.01] },
        { cv: 3, scoring: ['accuracy', 'f1_macro'], refit: 'accuracy', nJobs },
      ).fit(Xd, yd);
    const [serial, parallel] = [await make(1), await make(2)];
    expect(withoutTimes(parallel.cvResults)).toEqual(withoutTimes(serial.cvResults));
    expect(parallel.bestParams).toEqual(serial.bestParams);
  });

  it('gives the same cvResults with 1 and 2 jobs for a randomized search', async () => {
    const make = (nJobs: number) =>
      new RandomizedSearchCV(new KNeighborsClassifier(), { nNeighbors: randInt(1, 20), weights: ['uniform', 'distance'] }, { nIter: 6, cv: 3, randomState: 7, nJobs }).fit(Xd, yd);
    expect(withoutTimes((await make(2)).cvResults)).toEqual(withoutTimes((await make(1)).cvResults));
  });

  it('runs crossValidate on workers with the same scores', async () => {
    const a = await crossValidate(new Ridge({ alpha: 0.3 }), Xr, yr, { cv: 4, scoring: ['r2', 'neg_mean_absolute_error'] });
    const b = await crossValidate(new Ridge({ alpha: 0.3 }), Xr, yr, { cv: 4, scoring: ['r2', 'neg_mean_absolute_error'], nJobs: 2 });
    expect(b.test_r2).toEqual(a.test_r2);
    expect(b.test_neg_mean_absolute_error).toEqual(a.test_neg_mean_absolute_error);
  });

  it('loads a user estimator from its module in the workers', async () => {
    const make = (nJobs: number) => new GridSearchCV(new ChaosRegressor(), { shift: [0, 5, 50] }, { cv: 3, scoring: 'neg_mean_absolute_error', nJobs }).fit(Xr, yr);
    const parallel = await make(2);
    expect(withoutTimes(parallel.cvResults)).toEqual(withoutTimes((await make(1)).cvResults));
    expect(parallel.bestParams).toEqual({ shift: 0 });
  });

  it('explains how to register an estimator that cannot travel, before any fit', async () => {
    const run = new GridSearchCV(new UnregisteredRegressor(), { shift: [0, 1] }, { cv: 3, nJobs: 2 }).fit(Xr, yr);
    await expect(run).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(new GridSearchCV(new UnregisteredRegressor(), { shift: [0, 1] }, { cv: 3, nJobs: 2 }).fit(Xr, yr)).rejects.toThrow(
      'Cannot send UnregisteredRegressor (at estimator) to a worker: its class is not registered. Worker threads (nJobs > 1) receive estimators and functions by module: call registerTransferable(Thing, import.meta.url) in the module that exports it',
    );
  });

  it('survives a worker that dies mid-task: that split fails with the cause, the search goes on', async () => {
    const { result: search, warnings } = await captureWarnings(() =>
      new GridSearchCV(new ChaosRegressor(), { mode: ['ok', 'exit'], shift: [0, 1] }, { cv: 2, nJobs: 2, refit: false }).fit(Xr, yr),
    );
    const modes = search.cvResults.param_mode as string[];
    const status = search.cvResults.split0_status as string[];
    modes.forEach((m, i) => expect(status[i]).toBe(m === 'exit' ? 'failed' : 'ok'));
    const errors = search.cvResults.split0_error as (string | undefined)[];
    expect(errors[modes.indexOf('exit')]).toMatch(/^WorkerCrashError: A worker died while running the task/);
    expect(warnings.some((w) => w.category === 'FitFailedWarning')).toBe(true);
  });

  it('records an ordinary error thrown in a worker as a failed split, and raises with errorScore: raise', async () => {
    const { result } = await captureWarnings(() => new GridSearchCV(new ChaosRegressor(), { mode: ['ok', 'throw'] }, { cv: 2, nJobs: 2 }).fit(Xr, yr));
    expect(result.cvResults.split1_error).toEqual([undefined, 'Error: chaos: fit threw']);
    await expect(new GridSearchCV(new ChaosRegressor(), { mode: ['ok', 'throw'] }, { cv: 2, nJobs: 2, errorScore: 'raise' }).fit(Xr, yr)).rejects.toThrow(
      /Fitting candidate 1 with params \{ mode: "throw" \} on split \d failed: Error: chaos: fit threw/,
    );
  });

  it('stops on timeout with running fits ended and finished candidates kept', async () => {
    // the timeout leaves room for the workers to start on a loaded machine (tsx compiles lib/ in each)
    const search = await new GridSearchCV(new ChaosRegressor({ mode: 'sleep' }), { ms: [0, 0, 60_000, 60_000, 0, 0] }, { cv: 2, nJobs: 2, timeout: 8, refit: false }).fit(Xr, yr);
    expect(search.stopReason).toBe('timeout');
    const status = search.cvResults.split0_status as string[];
    expect(status.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(status).toContain('timeout');
  });

  it('isolates a runaway allocation in a child process with maxMemoryMb', async () => {
    const { result: search } = await captureWarnings(() =>
      new GridSearchCV(new ChaosRegressor(), { mode: ['ok', 'hog'] }, { cv: 2, nJobs: 2, parallelBackend: 'processes', maxMemoryMb: 400, refit: false }).fit(Xr, yr),
    );
    expect(search.cvResults.split0_status).toEqual(['ok', 'failed']);
    expect((search.cvResults.split0_error as string[])[1]).toMatch(/exceeded maxMemoryMb=400/);
  });

  it('rejects bad parallel options', () => {
    expect(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { nJobs: -2 })).toThrow('The "nJobs" option of GridSearchCV must be an int in the range [1, inf) or -1. Got -2 instead.');
    expect(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { parallelBackend: 'gpu' as never })).toThrow(
      'The "parallelBackend" option of GridSearchCV must be one of "threads", "processes". Got "gpu" instead.',
    );
  });
});

describe('randomized search with distributions on workers', () => {
  it('draws the same candidates in the parent, whatever nJobs is', async () => {
    const make = (nJobs: number) => new RandomizedSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e3) }, { nIter: 5, cv: 3, randomState: 1, nJobs }).fit(Xr, yr);
    expect((await make(2)).cvResults.params).toEqual((await make(1)).cvResults.params);
  });
});

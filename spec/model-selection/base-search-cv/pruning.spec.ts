import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { BayesSearchCV } from '../../../lib/model-selection/bayes-search-cv.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { RandomizedSearchCV } from '../../../lib/model-selection/randomized-search-cv.js';
import { minimizedValue } from '../../../lib/model-selection/split-pruning.js';
import { MedianPruner } from '../../../lib/search/schedulers/median-pruner.js';
import { SuccessiveHalvingPruner } from '../../../lib/search/schedulers/successive-halving-pruner.js';
import { logUniform } from '../../../lib/search/space/distributions.js';
import { SteadyLearner } from '../../fixtures/parallel/estimators.js';

const diabetes = JSON.parse(readFileSync(new URL('../../fixtures/halving/ridge_diabetes.json', import.meta.url), 'utf8')) as { X: number[][]; y: number[] };
const { X, y } = diabetes;
const alphas = [0.001, 0.01, 0.1, 1, 3, 10, 30, 100, 1000, 1e4];

describe('pruning between splits', () => {
  it('stops weak candidates after a split, records the rest as pruned, and keeps the best', async () => {
    const plain = await new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: 5 }).fit(X, y);
    const { result: pruned, warnings } = await captureWarnings(() =>
      new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: 5, pruner: new MedianPruner({ nStartupTrials: 3 }) }).fit(X, y),
    );
    expect(warnings).toEqual([]);
    expect(pruned.bestParams).toEqual(plain.bestParams);
    const states = pruned.trials.map((t) => t.state);
    expect(states.slice(0, 3)).toEqual(['complete', 'complete', 'complete']);
    expect(states.filter((s) => s === 'pruned').length).toBeGreaterThan(0);
    const cv = pruned.cvResults;
    pruned.trials.forEach((t, i) => {
      if (t.state !== 'pruned') {
        expect(cv.mean_test_score[i]).toBe(plain.cvResults.mean_test_score[i]);
        return;
      }
      const ran = t.intermediate.length;
      expect(cv.mean_test_score[i]).toBeNaN();
      expect(cv.rank_test_score[i]).toBe(states.filter((s) => s !== 'pruned').length + 1);
      for (let k = 0; k < 5; k++) {
        expect(cv[`split${k}_status`]?.[i]).toBe(k < ran ? 'ok' : 'pruned');
        if (k < ran) expect(cv[`split${k}_test_score`]?.[i]).toBe(plain.cvResults[`split${k}_test_score`]?.[i]);
        else expect(cv[`split${k}_test_score`]?.[i]).toBeNaN();
      }
      // the pruned trial keeps its last value: the running mean test score when it stopped
      const scores = Array.from({ length: ran }, (_, k) => plain.cvResults[`split${k}_test_score`]?.[i] as number);
      expect(t.state === 'pruned' && t.lastValue).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / ran, 12);
    });
  });

  it('makes the same decisions with nJobs: 2 as with nJobs: 1', async () => {
    const options = { cv: 5, pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }) } as const;
    const one = await new GridSearchCV(new Ridge(), { alpha: alphas }, options).fit(X, y);
    const two = await new GridSearchCV(new Ridge(), { alpha: alphas }, { ...options, pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), nJobs: 2 }).fit(X, y);
    expect(two.trials.map((t) => t.state)).toEqual(one.trials.map((t) => t.state));
    for (const column of ['mean_test_score', 'split0_status', 'split3_status', 'rank_test_score']) expect(two.cvResults[column], column).toEqual(one.cvResults[column]);
  }, 60_000);

  it('works in RandomizedSearchCV and BayesSearchCV too', async () => {
    const random = await new RandomizedSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e4) }, { nIter: 12, cv: 4, randomState: 0, pruner: new MedianPruner({ nStartupTrials: 2 }) }).fit(X, y);
    expect(random.trials.some((t) => t.state === 'pruned')).toBe(true);
    const bayes = await new BayesSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e4) }, {
      nIter: 10, cv: 4, randomState: 0, optimizer: { surrogate: 'tpe', nInitialPoints: 4 }, pruner: new MedianPruner({ nStartupTrials: 2 }),
    }).fit(X, y);
    expect(bayes.trials).toHaveLength(10);
    expect(bayes.bestIndex === undefined ? undefined : bayes.trials[bayes.bestIndex]?.state).toBe('complete');
  });
});

describe('pruning inside fits (pruneOn)', () => {
  const rates = [0.5, 0.4, 0.46, 0.1, 0.2, 0.48, 0.05];

  it('stops a trailing learning curve during the first split and skips the other splits', async () => {
    const search = await new GridSearchCV(new SteadyLearner(), { rate: rates }, { cv: 3, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 2 }), pruneOn: 'val_score' }).fit(X, y);
    const cv = search.cvResults;
    expect(search.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'pruned', 'pruned', 'complete', 'pruned']);
    const i = 3;
    expect([cv.split0_status?.[i], cv.split1_status?.[i], cv.split2_status?.[i]]).toEqual(['pruned', 'pruned', 'pruned']);
    expect(cv.split0_pruned_at_step?.[i]).toBe(2);
    expect(cv.split0_epochs_trained?.[i]).toBe(2);
    expect(cv.mean_test_score[i]).toBeNaN();
    const t = search.trials[i];
    expect(t?.state === 'pruned' && t.lastValue).toBeCloseTo(0.2, 12);
    expect(search.bestParams).toEqual({ rate: 0.5 });
  });

  it('minimizes values named like a loss', async () => {
    expect([minimizedValue('val_loss'), minimizedValue('mean_squared_error'), minimizedValue('val_accuracy')]).toEqual([true, true, false]);
    const search = await new GridSearchCV(new SteadyLearner(), { rate: rates }, { cv: 2, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 2 }), pruneOn: 'loss' }).fit(X, y);
    expect(search.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'pruned', 'pruned', 'complete', 'pruned']);
  });

  it('names the values an estimator reports when pruneOn names another', async () => {
    await expect(new GridSearchCV(new SteadyLearner(), { rate: [0.1] }, { cv: 2, pruner: new MedianPruner(), pruneOn: 'val_accuracy' }).fit(X, y)).rejects.toThrow(
      'The "pruneOn" option names "val_accuracy", which the estimator does not report; it reports "val_score", "loss".',
    );
  });

  it('prunes inside fits on worker threads as in this thread (nJobs: 2): the same trials pruned at the same steps', async () => {
    const options = { cv: 3, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 2 }), pruneOn: 'val_score' } as const;
    const serial = await new GridSearchCV(new SteadyLearner(), { rate: rates }, options).fit(X, y);
    const threads = await new GridSearchCV(new SteadyLearner(), { rate: rates }, { ...options, nJobs: 2 }).fit(X, y);
    expect(threads.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'pruned', 'pruned', 'complete', 'pruned']);
    expect(threads.trials.map((t) => t.state)).toEqual(serial.trials.map((t) => t.state));
    for (const column of ['split0_status', 'split0_pruned_at_step', 'split0_epochs_trained', 'mean_test_score']) {
      expect(threads.cvResults[column], column).toEqual(serial.cvResults[column]);
    }
    // the pruned fits stopped on their worker at step 2
    expect(threads.cvResults.split0_epochs_trained?.[3]).toBe(2);
    expect(threads.bestParams).toEqual({ rate: 0.5 });
  });

  it('names the values an estimator reports from a worker thread too', async () => {
    await expect(new GridSearchCV(new SteadyLearner(), { rate: [0.1] }, { cv: 2, nJobs: 2, pruner: new MedianPruner(), pruneOn: 'val_accuracy' }).fit(X, y)).rejects.toThrow(
      'The "pruneOn" option names "val_accuracy", which the estimator does not report; it reports "val_score", "loss".',
    );
  });

  it('prunes inside fits in child processes as in this thread (parallelBackend: processes): reports over IPC', async () => {
    const options = { cv: 3, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 2 }), pruneOn: 'val_score' } as const;
    const serial = await new GridSearchCV(new SteadyLearner(), { rate: rates }, options).fit(X, y);
    const processes = await new GridSearchCV(new SteadyLearner(), { rate: rates }, { ...options, nJobs: 2, parallelBackend: 'processes' }).fit(X, y);
    expect(processes.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'pruned', 'pruned', 'complete', 'pruned']);
    for (const column of ['split0_status', 'split0_pruned_at_step', 'split0_epochs_trained', 'mean_test_score']) {
      expect(processes.cvResults[column], column).toEqual(serial.cvResults[column]);
    }
    // the pruned fits stopped in their process at step 2
    expect(processes.cvResults.split0_epochs_trained?.[3]).toBe(2);
    expect(processes.bestParams).toEqual({ rate: 0.5 });
  }, 60_000);

  it('names the values an estimator reports from a child process too', async () => {
    await expect(
      new GridSearchCV(new SteadyLearner(), { rate: [0.1] }, { cv: 2, nJobs: 2, parallelBackend: 'processes', pruner: new MedianPruner(), pruneOn: 'val_accuracy' }).fit(X, y),
    ).rejects.toThrow('The "pruneOn" option names "val_accuracy", which the estimator does not report; it reports "val_score", "loss".');
  }, 60_000);

  it('rejects a pruner that is not one', () => {
    expect(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { pruner: 'median' as never })).toThrow(InvalidParameterError);
    expect(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { pruner: 'median' as never })).toThrow(
      'The "pruner" option of GridSearchCV must be a pruner (an object with a shouldPrune method, such as MedianPruner). Got "median" instead.',
    );
  });
});

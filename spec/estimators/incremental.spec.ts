import { describe, expect, it, vi } from 'vitest';
import { validateMatrix } from '../../lib/core/data.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { RandomState } from '../../lib/core/random-state.js';
import { makeClassification } from '../../lib/datasets/index.js';
import { Incremental } from '../../lib/estimators/incremental.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { SGDClassifier } from '../../lib/estimators/linear/sgd-classifier.js';
import { GaussianNB } from '../../lib/estimators/naive-bayes/gaussian-nb.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { HyperbandSearchCV } from '../../lib/model-selection/hyperband-search-cv.js';
import { MedianPruner } from '../../lib/search/schedulers/median-pruner.js';
import { logUniform } from '../../lib/search/space/distributions.js';

const { X, y } = makeClassification({ nSamples: 240, nFeatures: 6, nInformative: 4, nRedundant: 0, nClasses: 3, randomState: 2 });
const matrix = validateMatrix(X, { owner: 'spec' });

describe('Incremental (partialFit for a number of passes)', () => {
  it('makes `epochs` passes in the orders its generator draws, the first naming the classes', async () => {
    const model = await new Incremental({ estimator: new SGDClassifier({ randomState: 0 }), epochs: 3, batchSize: 50, randomState: 7 }).fit(X, y);
    // the same passes by hand
    const manual = new SGDClassifier({ randomState: 0 });
    const rng = new RandomState(7);
    const all = Int32Array.from({ length: X.length }, (_, i) => i);
    for (let epoch = 0; epoch < 3; epoch++) {
      const order = rng.permutation(all);
      for (let start = 0; start < order.length; start += 50) {
        const rows = Array.from(order.subarray(start, start + 50));
        await manual.partialFit(rows.map((i) => X[i]!), rows.map((i) => y[i]!), epoch === 0 && start === 0 ? { classes: [0, 1, 2] } : undefined);
      }
    }
    expect(model.fittedEstimator.coef).toEqual(manual.coef);
    expect(model.epochsTrained).toBe(3);
    expect(model.classes).toEqual([0, 1, 2]);
    expect(model.estimatorType).toBe('classifier');
    expect(await model.predict(X.slice(0, 5))).toEqual(await manual.predict(X.slice(0, 5)));
    expect(await model.score(X, y)).toBe(await manual.score(X, y));
  });

  it('one pass of GaussianNB in batches is the model of one fit', async () => {
    const model = await new Incremental({ estimator: new GaussianNB(), epochs: 1, batchSize: 37, shuffle: false }).fit(X, y);
    const once = await new GaussianNB().fit(X, y);
    const a = (await model.predictProba(X)).flat();
    const b = (await once.predictProba(X)).flat();
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 8));
  });

  it('continues along epochs: the new passes only, as a longer fit makes them', async () => {
    const make = (epochs: number) => new Incremental({ estimator: new SGDClassifier({ randomState: 1 }), epochs, batchSize: 64, validationFraction: 0.2, randomState: 3 });
    const model = await make(2).fit(X, y);
    const refit = vi.spyOn(model, 'fit');
    await model.continueFit(matrix, y, 'epochs', 5);
    expect(refit).not.toHaveBeenCalled();
    const once = await make(5).fit(X, y);
    expect(model.fittedEstimator.coef).toEqual(once.fittedEstimator.coef);
    expect(model.epochsTrained).toBe(5);
    expect(model.getParams().epochs).toBe(5);
    await expect(model.continueFit(matrix, y, 'batchSize', 9)).rejects.toThrow(InvalidParameterError);
  });

  it('reports after each pass (val_score on the held-out share, else score) and stops when told', async () => {
    const seen: [number, Record<string, number>][] = [];
    const model = await new Incremental({ estimator: new SGDClassifier({ randomState: 0 }), epochs: 6, validationFraction: 0.25, randomState: 0 }).fit(X, y, {
      report: (step, values) => {
        seen.push([step, { ...values }]);
        return step === 4;
      },
    });
    expect(seen.map(([s]) => s)).toEqual([1, 2, 3, 4]);
    expect(Object.keys(seen[0]![1])).toEqual(['val_score']);
    expect(model.epochsTrained).toBe(4);
    const plain: string[] = [];
    await new Incremental({ estimator: new SGDClassifier({ randomState: 0 }), epochs: 1, randomState: 0 }).fit(X, y, { report: (_, values) => { plain.push(...Object.keys(values)); return false; } });
    expect(plain).toEqual(['score']);
  });

  it('Hyperband over epochs continues each promotion: the scores of longer fits', async () => {
    const space = { estimator__alpha: logUniform(1e-5, 1e-1) };
    const run = (continueTraining: boolean) =>
      new HyperbandSearchCV(new Incremental({ estimator: new SGDClassifier({ randomState: 0 }), batchSize: 40, randomState: 0 }), space, {
        resource: 'epochs', maxResource: 9, factor: 3, cv: 3, randomState: 5, continueTraining,
      }).fit(X, y);
    const fresh = await run(false);
    const continued = await run(true);
    expect(continued.cvResults.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    const rounds = continued.cvResults.round as number[];
    expect(rounds.some((r) => r > 0)).toBe(true);
    (continued.cvResults.continued_from as number[]).forEach((from, i) => (rounds[i] === 0 ? expect(from).toBeNaN() : expect(from).toBeGreaterThan(0)));
  });

  it('a pruner stops trailing candidates after a pass (pruneOn: val_score), in this thread and on worker threads', async () => {
    const grid = { estimator__alpha: [1e-4, 10, 3e-4, 30, 1e-3, 100, 3e-3] };
    const make = () => new Incremental({ estimator: new SGDClassifier({ randomState: 0 }), epochs: 8, validationFraction: 0.2, randomState: 0 });
    const options = { cv: 3, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 1 }), pruneOn: 'val_score' } as const;
    const serial = await new GridSearchCV(make(), grid, options).fit(X, y);
    expect(serial.trials.some((t) => t.state === 'pruned')).toBe(true);
    expect([1e-4, 3e-4, 1e-3, 3e-3]).toContain(serial.bestParams?.estimator__alpha);
    const threads = await new GridSearchCV(make(), grid, { ...options, pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 1 }), nJobs: 2 }).fit(X, y);
    expect(threads.trials.map((t) => t.state)).toEqual(serial.trials.map((t) => t.state));
    expect(threads.cvResults.mean_test_score).toEqual(serial.cvResults.mean_test_score);
  }, 60_000);

  it('refuses an estimator without partialFit, when built', () => {
    expect(() => new Incremental({ estimator: new Ridge() as never })).toThrow(InvalidParameterError);
    expect(() => new Incremental({ estimator: new GaussianNB(), epochs: 0 })).toThrow(/epochs/);
  });
});

import { describe, expect, it } from 'vitest';
import * as tunekit from '../../lib/index.js';

describe('the seeded estimators of issue 20 in the public API', () => {
  it('exports them from lib/index.ts', () => {
    for (const name of ['ExtraTreesClassifier', 'ExtraTreesRegressor', 'ExtraTreeClassifier', 'ExtraTreeRegressor', 'KMeans']) {
      expect(typeof (tunekit as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('runs them in worker threads (nJobs 2) with the results of a serial search', async () => {
    const { data, target } = await tunekit.loadIris();
    const pipe = new tunekit.Pipeline([
      ['pca', new tunekit.PCA({ nComponents: 3, svdSolver: 'randomized', randomState: 0 })],
      ['forest', new tunekit.ExtraTreesClassifier({ nEstimators: 10, randomState: 0 })],
    ]);
    const grid = { forest__maxFeatures: [1, 2], forest__bootstrap: [false, true] };
    const parallel = await new tunekit.GridSearchCV(pipe, grid, { cv: 3, nJobs: 2 }).fit(data, target);
    const serial = await new tunekit.GridSearchCV(pipe, grid, { cv: 3 }).fit(data, target);
    expect(parallel.cvResults.mean_test_score).toEqual(serial.cvResults.mean_test_score);
  });

  it('clusters in a pipeline, KMeans distances feeding a classifier', async () => {
    const { data, target } = await tunekit.loadIris();
    const pipe = new tunekit.Pipeline([
      ['kmeans', new tunekit.KMeans({ nClusters: 6, randomState: 0 })],
      ['tree', new tunekit.ExtraTreeClassifier({ randomState: 0 })],
    ]);
    const scores = await tunekit.crossValScore(pipe, data, target, { cv: 3 });
    expect(Math.min(...scores)).toBeGreaterThan(0.7);
  });
});

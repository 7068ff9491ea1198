import { describe, expect, it } from 'vitest';
import * as tunekit from '../../lib/index.js';

describe('the linear estimators of issue 20 in the public API', () => {
  it('exports them from lib/index.ts', () => {
    for (const name of ['SGDClassifier', 'SGDRegressor', 'LinearSVC', 'LinearSVR', 'LogisticRegression']) {
      expect(typeof (tunekit as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('runs them in worker threads (nJobs 2) with the results of a serial search', async () => {
    const { data, target } = await tunekit.loadIris();
    const grid = {
      model: [
        new tunekit.SGDClassifier({ randomState: 0 }),
        new tunekit.LinearSVC({ randomState: 0 }),
        new tunekit.LogisticRegression({ solver: 'saga', penalty: 'l1', randomState: 0, maxIter: 500 }),
      ],
    };
    const pipe = (): tunekit.Pipeline<[['scale', tunekit.StandardScaler], ['model', tunekit.SGDClassifier]]> =>
      new tunekit.Pipeline([['scale', new tunekit.StandardScaler()], ['model', new tunekit.SGDClassifier()]]);
    const parallel = await tunekit.captureWarnings(() => new tunekit.GridSearchCV(pipe(), grid as never, { cv: 3, nJobs: 2 }).fit(data, target));
    const serial = await tunekit.captureWarnings(() => new tunekit.GridSearchCV(pipe(), grid as never, { cv: 3 }).fit(data, target));
    expect(parallel.result.cvResults.mean_test_score).toEqual(serial.result.cvResults.mean_test_score);
    expect((parallel.result.cvResults.mean_test_score as number[]).every((s) => s > 0.8)).toBe(true);
  });
});

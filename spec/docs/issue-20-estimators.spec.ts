import { describe, expect, it } from 'vitest';
import * as tunekit from '../../lib/index.js';

describe('the estimators of issue 20 in the public API', () => {
  it('exports them from lib/index.ts', () => {
    for (const name of [
      'GaussianNB',
      'MultinomialNB',
      'BernoulliNB',
      'PCA',
      'TruncatedSVD',
      'SelectKBest',
      'VarianceThreshold',
      'fClassif',
      'fRegression',
      'rRegression',
      'chi2',
      'VotingClassifier',
      'VotingRegressor',
      'StackingClassifier',
      'StackingRegressor',
      'classificationReport',
      'linspace',
      'logspace',
      'geomspace',
    ]) {
      expect(typeof (tunekit as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('runs them in worker threads (nJobs 2): estimators, nested members and score functions travel', async () => {
    const { data, target } = await tunekit.loadIris();
    const pipe = new tunekit.Pipeline([
      ['select', new tunekit.SelectKBest({ scoreFunc: tunekit.chi2 })],
      ['vote', new tunekit.VotingClassifier([['nb', new tunekit.GaussianNB()], ['mnb', new tunekit.MultinomialNB()]], { voting: 'soft' })],
    ]);
    const search = await new tunekit.GridSearchCV(pipe, { select__k: [2, 'all'], vote__nb__varSmoothing: [1e-9, 1e-3] }, { cv: 3, nJobs: 2 }).fit(data, target);
    const serial = await new tunekit.GridSearchCV(pipe, { select__k: [2, 'all'], vote__nb__varSmoothing: [1e-9, 1e-3] }, { cv: 3 }).fit(data, target);
    expect(search.cvResults.mean_test_score).toEqual(serial.cvResults.mean_test_score);
  });
});

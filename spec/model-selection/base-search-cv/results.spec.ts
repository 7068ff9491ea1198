/**
 * BaseSearchCV results: scikit-learn's columns, refit and delegation, export, and inputs left as they were.
 */
import { describe, expect, it } from 'vitest';
import { NotFittedError } from '../../../lib/core/errors.js';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { ridge } from './_fixtures.js';

describe('GridSearchCV results', () => {
  const X = ridge.X.slice(0, 120);
  const y = ridge.y.slice(0, 120);

  it('has scikit-learn’s columns in scikit-learn’s order, plus split status columns', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3, returnTrainScore: true }).fit(X, y);
    expect(Object.keys(search.cvResults)).toEqual([
      'mean_fit_time', 'std_fit_time', 'mean_score_time', 'std_score_time',
      'param_alpha', 'params',
      'split0_test_score', 'split1_test_score', 'split2_test_score', 'mean_test_score', 'std_test_score', 'rank_test_score',
      'split0_train_score', 'split1_train_score', 'split2_train_score', 'mean_train_score', 'std_train_score',
      'split0_status', 'split1_status', 'split2_status', 'split0_error', 'split1_error', 'split2_error',
    ]);
    expect(search.cvResults.split0_status).toEqual(['ok', 'ok']);
    expect(Object.isFrozen(search.cvResults)).toBe(true);
  });

  it('refits the best candidate and delegates predict and score', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.001, 100] }, { cv: 3 }).fit(X, y);
    const direct = await new Ridge({ alpha: search.bestParams!.alpha! }).fit(X, y);
    expect(Array.from((await search.predict(X)) as Float64Array)).toEqual(Array.from(await direct.predict(X)));
    expect(await search.score(X, y)).toBeCloseTo(await direct.score(X, y), 12);
    expect(search.refitTime).toBeGreaterThanOrEqual(0);
    expect(search.bestEstimator).toBeInstanceOf(Ridge);
  });

  it('does not refit with refit: false but still names the best candidate in single-metric mode', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3, refit: false }).fit(X, y);
    expect(search.bestIndex).toBeDefined();
    expect(search.bestEstimator).toBeUndefined();
    await expect(search.predict(X)).rejects.toBeInstanceOf(NotFittedError);
  });

  it('accepts a refit function returning an index', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, {
      cv: 3,
      scoring: ['r2', 'neg_mean_squared_error'],
      refit: (cv) => (cv.mean_test_r2 as number[]).length - 1,
    }).fit(X, y);
    expect(search.bestIndex).toBe(2);
    expect(search.bestScore).toBeUndefined();
  });

  it('exports CSV and JSON and rows', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.5] }, { cv: 2 }).fit(X, y);
    const csv = search.toCSV().split('\n');
    expect(csv[0]!.startsWith('mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_alpha,params,')).toBe(true);
    expect(csv[1]).toContain('"{""alpha"":0.5}"');
    expect(JSON.parse(search.toJSON()).params).toEqual([{ alpha: 0.5 }]);
    expect(search.resultsTable()[0]!.param_alpha).toBe(0.5);
  });

  it('does not mutate the grid, X or y', async () => {
    const grid = { alpha: [1, 0.1] };
    const Xc = X.map((r) => [...r]);
    const yc = [...y];
    await new GridSearchCV(new Ridge(), grid, { cv: 2 }).fit(Xc, yc);
    expect(grid).toEqual({ alpha: [1, 0.1] });
    expect(Xc).toEqual(X);
    expect(yc).toEqual(y);
  });

});

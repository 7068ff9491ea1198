import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { KFold } from '../../lib/model-selection/split/index.js';

interface SearchFixture {
  param_grid: Record<string, unknown[]>;
  cv_results: Record<string, (number | null)[]>;
  best_index: number;
  best_params: Record<string, unknown>;
  best_score: number;
}
const ridge = JSON.parse(readFileSync(new URL('../fixtures/search/ridge_diabetes.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  single: SearchFixture;
  multi: SearchFixture;
};

function expectClose(actual: readonly unknown[], expected: readonly (number | null)[], tol: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (e === null) expect(a, `${label}[${i}]`).toBeNaN();
    else expect(Math.abs(a - e), `${label}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}

function compareColumns(cv: Record<string, readonly unknown[]>, fixture: SearchFixture, tol: number): void {
  for (const [column, expected] of Object.entries(fixture.cv_results)) {
    if (column.startsWith('param_')) continue;
    if (column === 'params') expect(cv.params, column).toEqual(expected);
    else if (column.startsWith('rank_')) expect(cv[column], column).toEqual(expected);
    else expectClose(cv[column] as unknown[], expected, tol, column);
  }
}

describe('GridSearchCV parity with scikit-learn', () => {
  it('Ridge on diabetes, alpha grid, KFold(5), train scores', async () => {
    const f = ridge.single;
    const search = await new GridSearchCV(new Ridge(), { alpha: f.param_grid.alpha as number[] }, {
      cv: new KFold({ nSplits: 5 }),
      returnTrainScore: true,
    }).fit(ridge.X, ridge.y);
    compareColumns(search.cvResults, f, 1e-8);
    expect(search.bestIndex).toBe(f.best_index);
    expect(search.bestParams).toEqual(f.best_params);
    expect(Math.abs(search.bestScore! - f.best_score)).toBeLessThan(1e-10);
    expect(search.nSplits).toBe(5);
    expect(search.multimetric).toBe(false);
  });

  it('Ridge on diabetes, multi-metric with refit on neg_mean_squared_error', async () => {
    const f = ridge.multi;
    const search = await new GridSearchCV(new Ridge(), { alpha: f.param_grid.alpha as number[] }, {
      cv: 5,
      scoring: ['neg_mean_squared_error', 'r2', 'neg_mean_absolute_error'],
      refit: 'neg_mean_squared_error',
    }).fit(ridge.X, ridge.y);
    compareColumns(search.cvResults, f, 1e-8);
    expect(search.bestIndex).toBe(f.best_index);
    expect(search.bestParams).toEqual(f.best_params);
    expect(search.multimetric).toBe(true);
  });
});

describe('GridSearchCV bad input', () => {
  it('rejects an empty grid list and empty or non-array values', () => {
    expect(() => new GridSearchCV(new Ridge(), [])).toThrow('The parameter grid of GridSearchCV must hold at least one grid. Got [] instead.');
    expect(() => new GridSearchCV(new Ridge(), { alpha: [] })).toThrow('The grid value for parameter "alpha" of GridSearchCV must be a non-empty array. Got [] instead.');
    expect(() => new GridSearchCV(new Ridge(), { alpha: 1 } as never)).toThrow(
      'The grid value for parameter "alpha" of GridSearchCV must be an array of candidate values. Got 1 instead. Single values need to be wrapped in an array with one element.',
    );
  });
});

/**
 * GridSearchCV against scikit-learn on the fixtures of spec/fixtures/search/generate.py:
 * a Pipeline(StandardScaler, SVC) with three metrics and refit on f1, and lists of
 * grids for LogisticRegression and KNN on wine. Parameter names are mapped from
 * scikit-learn's snake_case to ours.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNeighborsClassifier } from '../../lib/estimators/neighbors/index.js';
import { LogisticRegression } from '../../lib/estimators/linear/index.js';
import { Pipeline } from '../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/index.js';
import { SVC } from '../../lib/estimators/svm/index.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import type { CvResults } from '../../lib/model-selection/results.js';
import { KFold, StratifiedKFold } from '../../lib/model-selection/split/index.js';

type Grid = Record<string, unknown[]>;
interface Case {
  param_grid: Grid | Grid[];
  cv_results: Record<string, unknown[]>;
  best_index: number;
  best_params: Record<string, unknown>;
  best_score: number;
}
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/search/${name}`, import.meta.url), 'utf8')) as T;

const camel = (name: string): string => name.split('__').map((part) => part.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).join('__');
const renameKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
const renameGrid = (g: Grid | Grid[]): Grid | Grid[] => (Array.isArray(g) ? g.map(renameKeys) : renameKeys(g));

function compare(cv: CvResults, f: Case, tol: number): void {
  for (const [column, expected] of Object.entries(f.cv_results)) {
    if (column.startsWith('param_')) {
      expect(cv[`param_${camel(column.slice(6))}`], column).toEqual(expected.map((v) => (v === null ? undefined : v)));
    } else if (column === 'params') {
      expect(cv.params, column).toEqual((expected as Record<string, unknown>[]).map(renameKeys));
    } else if (column.startsWith('rank_')) {
      expect(cv[column], column).toEqual(expected);
    } else {
      (expected as (number | null)[]).forEach((e, i) => {
        const a = (cv[column] as number[])[i]!;
        if (e === null) expect(a, `${column}[${i}]`).toBeNaN();
        else expect(Math.abs(a - e), `${column}[${i}] ${a} vs ${e}`).toBeLessThanOrEqual(tol);
      });
    }
  }
  expect(cv.params.length).toBe(f.best_index >= 0 ? (f.cv_results.params as unknown[]).length : 0);
}

describe('GridSearchCV parity: Pipeline(StandardScaler, SVC) on a breast-cancer subset', () => {
  const f = load<Case & { X: number[][]; y: number[]; scoring: string[] }>('pipeline_svc_breast_cancer.json');
  it('equals scikit-learn with accuracy, f1 and roc_auc and refit on f1', async () => {
    const pipe = new Pipeline([
      ['scaler', new StandardScaler()],
      ['svc', new SVC()],
    ]);
    const search = await new GridSearchCV(pipe, renameGrid(f.param_grid) as never, {
      cv: new StratifiedKFold({ nSplits: 5 }),
      scoring: ['accuracy', 'f1', 'roc_auc'],
      refit: 'f1',
    }).fit(f.X, f.y);
    compare(search.cvResults, f, 1e-8);
    expect(search.bestIndex).toBe(f.best_index);
    expect(search.bestParams).toEqual(renameKeys(f.best_params));
    expect(Math.abs(search.bestScore! - f.best_score)).toBeLessThan(1e-8);
  });
});

describe('GridSearchCV parity: lists of grids on wine', () => {
  const f = load<{ X: number[][]; y: number[]; logreg: Case; knn: Case }>('wine_list_of_grids.json');
  it('LogisticRegression in a scaled pipeline, two grids', async () => {
    const pipe = new Pipeline([
      ['scaler', new StandardScaler()],
      ['clf', new LogisticRegression({ maxIter: 1000 })],
    ]);
    const search = await new GridSearchCV(pipe, renameGrid(f.logreg.param_grid) as never, { cv: 5 }).fit(f.X, f.y);
    compare(search.cvResults, f.logreg, 1e-5);
    expect(search.bestIndex).toBe(f.logreg.best_index);
    expect(search.bestParams).toEqual(renameKeys(f.logreg.best_params));
  });
  it('KNeighborsClassifier, uniform and distance grids', async () => {
    const search = await new GridSearchCV(new KNeighborsClassifier(), renameGrid(f.knn.param_grid) as never, { cv: 5 }).fit(f.X, f.y);
    compare(search.cvResults, f.knn, 1e-12);
    expect(search.bestIndex).toBe(f.knn.best_index);
    expect(search.bestParams).toEqual(renameKeys(f.knn.best_params));
  });
  it('uses stratified folds for a classifier given cv: 5, like scikit-learn', async () => {
    const a = await new GridSearchCV(new KNeighborsClassifier(), { nNeighbors: [5] }, { cv: 5 }).fit(f.X, f.y);
    const b = await new GridSearchCV(new KNeighborsClassifier(), { nNeighbors: [5] }, { cv: new KFold({ nSplits: 5 }) }).fit(f.X, f.y);
    expect(a.cvResults.mean_test_score[0]).not.toEqual(b.cvResults.mean_test_score[0]);
  });
});

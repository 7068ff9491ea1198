/**
 * Every built-in case of shared work run both ways, `shareWork` on and off, on
 * the same folds: the same cvResults, bit for bit where the algorithm is the
 * same (Ridge, KNN, SVC/SVR and pipelines without a warm start), within the
 * solver's tolerance where a warm start changes the path:
 *
 * - Lasso, ElasticNet, SVR: each split's R² within 1e-5 (the warm and the cold
 *   solution both stop at the duality gap / maximal violation `tol`);
 * - SVC, LogisticRegression: each split's accuracy within 2 test rows (rows
 *   within the solver's tolerance of the decision boundary may change side);
 *
 * and the same best params.
 */
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../../lib/core/data.js';
import type { FitOptions } from '../../../lib/core/estimator.js';
import { makeClassification, makeRegression } from '../../../lib/datasets/index.js';
import { ElasticNet, Lasso, LogisticRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../../../lib/estimators/neighbors/index.js';
import { Pipeline } from '../../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../../lib/estimators/preprocessing/index.js';
import { SVC, SVR } from '../../../lib/estimators/svm/index.js';
import type { AnyEstimator } from '../../../lib/core/estimator.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import type { SearchCVOptions } from '../../../lib/model-selection/search-options.js';
import type { CvResults } from '../../../lib/model-selection/results.js';
import { logspace } from '../../../lib/core/spacing.js';

const clf = makeClassification({ nSamples: 300, nFeatures: 10, nInformative: 5, nClasses: 3, randomState: 0 });
const bin = makeClassification({ nSamples: 300, nFeatures: 10, nInformative: 5, randomState: 1 });
const reg = makeRegression({ nSamples: 240, nFeatures: 12, nInformative: 6, noise: 5, randomState: 2 });
const low = makeClassification({ nSamples: 300, nFeatures: 3, nInformative: 3, nRedundant: 0, nClasses: 2, randomState: 3 });
const wide = makeRegression({ nSamples: 40, nFeatures: 60, nInformative: 10, noise: 1, randomState: 4 });

/** The search run both ways. */
async function bothWays(estimator: AnyEstimator, grid: Record<string, unknown[]>, X: MatrixLike, y: TargetLike, options: SearchCVOptions = {}) {
  const run = (shareWork: boolean) => new GridSearchCV(estimator, grid, { cv: 4, handleSigint: false, shareWork, ...options }).fit(X, y);
  const shared = await run(true);
  const alone = await run(false);
  expect(shared.sharedWork!.statesBuilt).toBeGreaterThan(0);
  expect(shared.bestParams).toEqual(alone.bestParams);
  return { shared: shared.cvResults, alone: alone.cvResults };
}

/** The score columns (test, and train when returned) of cvResults. */
function scoreColumns(cv: CvResults): Record<string, number[]> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => /^(split\d+|mean|std)_(test|train)_/.test(k))) as Record<string, number[]>;
}

function expectWithin(shared: CvResults, alone: CvResults, tolerance: (column: string) => number): void {
  const a = scoreColumns(shared);
  const b = scoreColumns(alone);
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const [name, values] of Object.entries(a)) {
    if (name.startsWith('std_')) continue;
    values.forEach((v, i) => expect(Math.abs(v - b[name]![i]!), `${name}[${i}]`).toBeLessThanOrEqual(tolerance(name)));
  }
}

/** The first candidate of each warm-start path starts cold: its scores are the unshared ones, bit for bit. */
function expectColdEqual(shared: CvResults, alone: CvResults, first: (params: Record<string, unknown>) => boolean): void {
  const a = scoreColumns(shared);
  const b = scoreColumns(alone);
  const cold = shared.params.flatMap((p, i) => (first(p as Record<string, unknown>) ? [i] : []));
  expect(cold.length).toBeGreaterThan(0);
  for (const name of Object.keys(a)) if (name.startsWith('split')) for (const i of cold) expect(a[name]![i], `${name}[${i}]`).toBe(b[name]![i]);
}

/** Two test rows of a split, in accuracy. */
const twoRows = (n: number, cv = 4) => 2 / Math.floor(n / cv);

describe('built-in shared work gives the cvResults of unshared fits', () => {
  it('Ridge over alpha: bit for bit (primal)', async () => {
    const { shared, alone } = await bothWays(new Ridge(), { alpha: logspace(-3, 3, 9), fitIntercept: [true, false] }, reg.X, reg.y, { returnTrainScore: true });
    expect(scoreColumns(shared)).toEqual(scoreColumns(alone));
  });

  it('Ridge over alpha with more features than samples: bit for bit (dual)', async () => {
    const { shared, alone } = await bothWays(new Ridge(), { alpha: [0.01, 1, 100] }, wide.X, wide.y);
    expect(scoreColumns(shared)).toEqual(scoreColumns(alone));
  });

  it('KNeighborsClassifier over k and weights: bit for bit, multi-metric and train scores', async () => {
    const grid = { nNeighbors: [1, 3, 5, 8, 13], weights: ['uniform', 'distance'] };
    const { shared, alone } = await bothWays(new KNeighborsClassifier(), grid, clf.X, clf.y, { scoring: ['accuracy', 'f1_macro'], refit: 'accuracy', returnTrainScore: true });
    expect(scoreColumns(shared)).toEqual(scoreColumns(alone));
  });

  it('KNeighborsClassifier on 3 features (a k-d tree) and KNeighborsRegressor: bit for bit', async () => {
    const a = await bothWays(new KNeighborsClassifier({ algorithm: 'kd_tree' }), { nNeighbors: [2, 7, 11], weights: ['uniform', 'distance'], p: [1, 2] }, low.X, low.y);
    expect(scoreColumns(a.shared)).toEqual(scoreColumns(a.alone));
    const b = await bothWays(new KNeighborsRegressor(), { nNeighbors: [1, 4, 9], weights: ['uniform', 'distance'] }, reg.X, reg.y);
    expect(scoreColumns(b.shared)).toEqual(scoreColumns(b.alone));
  });

  it('SVC over gamma and kernel (no warm start): bit for bit', async () => {
    const { shared, alone } = await bothWays(new SVC({ C: 3 }), { gamma: [0.01, 0.1, 'scale'], kernel: ['rbf', 'sigmoid'] }, clf.X, clf.y, { returnTrainScore: true });
    expect(scoreColumns(shared)).toEqual(scoreColumns(alone));
  });

  it('SVC over gamma with a budget too small for the kernel matrix (a row cache): bit for bit', async () => {
    const { shared, alone } = await bothWays(new SVC({ C: 3 }), { gamma: [0.01, 0.1] }, clf.X, clf.y, { cacheMemoryMb: 0.05 });
    expect(scoreColumns(shared)).toEqual(scoreColumns(alone));
  });

  it('SVC over C x gamma (warm along C), multi-class and binary: within two test rows', async () => {
    for (const data of [clf, bin]) {
      const { shared, alone } = await bothWays(new SVC(), { C: [0.1, 1, 10, 100], gamma: [0.01, 0.1] }, data.X, data.y);
      expectWithin(shared, alone, () => twoRows(300));
      expectColdEqual(shared, alone, (p) => p.C === 0.1);
    }
  });

  it('SVR over C x gamma (warm along C): R² within 1e-5', async () => {
    const { shared, alone } = await bothWays(new SVR(), { C: [0.1, 1, 10, 100], gamma: [0.01, 0.1] }, reg.X, reg.y);
    expectWithin(shared, alone, () => 1e-5);
    expectColdEqual(shared, alone, (p) => p.C === 0.1);
  });

  it('Lasso and ElasticNet over alpha (warm, strongest first): R² within 1e-5', async () => {
    const a = await bothWays(new Lasso(), { alpha: logspace(-3, 1, 10) }, reg.X, reg.y);
    expectWithin(a.shared, a.alone, () => 1e-5);
    expectColdEqual(a.shared, a.alone, (p) => p.alpha === 10);
    const b = await bothWays(new ElasticNet(), { alpha: logspace(-3, 1, 6), l1Ratio: [0.2, 0.8] }, reg.X, reg.y);
    expectWithin(b.shared, b.alone, () => 1e-5);
  });

  it('LogisticRegression over C (warm, smallest first), lbfgs and newton-cg: within two test rows', async () => {
    for (const solver of ['lbfgs', 'newton-cg'] as const) {
      const { shared, alone } = await bothWays(new LogisticRegression({ maxIter: 1000, solver }), { C: logspace(-3, 3, 8) }, bin.X, bin.y);
      expectWithin(shared, alone, () => twoRows(300));
      expectColdEqual(shared, alone, (p) => p.C === 0.001);
    }
    const multi = await bothWays(new LogisticRegression({ maxIter: 1000 }), { C: logspace(-3, 3, 8) }, clf.X, clf.y);
    expectWithin(multi.shared, multi.alone, () => twoRows(300));
  });

  it('Pipeline(StandardScaler, KNN) and Pipeline(StandardScaler, SVC over gamma): bit for bit', async () => {
    const knn = await bothWays(new Pipeline([['scale', new StandardScaler()], ['knn', new KNeighborsClassifier()]]), { knn__nNeighbors: [1, 5, 9] }, clf.X, clf.y);
    expect(scoreColumns(knn.shared)).toEqual(scoreColumns(knn.alone));
    const svc = await bothWays(new Pipeline([['scale', new StandardScaler()], ['svc', new SVC()]]), { svc__gamma: [0.01, 0.1] }, clf.X, clf.y, { returnTrainScore: true });
    expect(scoreColumns(svc.shared)).toEqual(scoreColumns(svc.alone));
  });

  it('Pipeline(StandardScaler, SVC) over C x gamma: within two test rows', async () => {
    const { shared, alone } = await bothWays(new Pipeline([['scale', new StandardScaler()], ['svc', new SVC()]]), { svc__C: [0.1, 1, 10], svc__gamma: [0.01, 0.1] }, clf.X, clf.y);
    expectWithin(shared, alone, () => twoRows(300));
  });
});

/** A StandardScaler that counts its fits. */
class CountingScaler extends StandardScaler {
  static fits = 0;

  override async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    CountingScaler.fits++;
    return super.fit(X, y, options);
  }
}

describe('a pipeline shares its transformers', () => {
  it('fits a prefix whose params do not vary once per split, for every key of the final step', async () => {
    CountingScaler.fits = 0;
    const pipe = new Pipeline([['scale', new CountingScaler()], ['svc', new SVC()]]);
    await new GridSearchCV(pipe, { svc__C: [0.1, 1, 10, 100], svc__gamma: [0.01, 0.03, 0.1, 0.3] }, { cv: 5, handleSigint: false }).fit(clf.X, clf.y);
    expect(CountingScaler.fits).toBe(5 + 1); // one per split, and the refit
    CountingScaler.fits = 0;
    await new GridSearchCV(pipe, { svc__C: [0.1, 1, 10, 100], svc__gamma: [0.01, 0.03, 0.1, 0.3] }, { cv: 5, handleSigint: false, shareWork: false }).fit(clf.X, clf.y);
    expect(CountingScaler.fits).toBe(5 * 16 + 1);
  });

  it('fits a prefix once per split and params when its params vary', async () => {
    CountingScaler.fits = 0;
    const pipe = new Pipeline([['scale', new CountingScaler()], ['knn', new KNeighborsClassifier()]]);
    await new GridSearchCV(pipe, { scale__withMean: [true, false], knn__nNeighbors: [1, 3, 5] }, { cv: 3, handleSigint: false, refit: false }).fit(clf.X, clf.y);
    expect(CountingScaler.fits).toBe(3 * 2);
  });
});

/**
 * The iterative built-in solvers stop inside their loops when the fit's signal
 * carries a deadline that passes (a search's timeout), without returning to
 * the event loop: each asks a `Checkpoint`, which reads the clock. The clock is
 * faked here (each read advances it by 1 ms), so that the deadline passes
 * after a known number of reads, deterministically: a fit that checked only on
 * entry would finish instead.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDeadline } from '../../lib/core/checkpoint.js';
import { AbortError } from '../../lib/core/errors.js';
import type { AnyEstimator } from '../../lib/core/estimator.js';
import { loadBreastCancer, loadDiabetes, loadDigits } from '../../lib/datasets/index.js';
import { HistGradientBoostingClassifier } from '../../lib/estimators/ensemble/hist-gradient-boosting/index.js';
import { ElasticNet, Lasso, LogisticRegression, SGDClassifier } from '../../lib/estimators/linear/index.js';
import { LinearSVC } from '../../lib/estimators/svm-linear/index.js';
import { KMeans } from '../../lib/estimators/cluster/index.js';
import { SVC, SVR } from '../../lib/estimators/svm/index.js';
import { DecisionTreeClassifier, RandomForestClassifier } from '../../lib/estimators/tree/index.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Fits with a signal whose deadline passes at the `reads`-th clock read after
 * the fit starts; returns how many reads the fit made and what it threw.
 */
async function fitPastDeadline(estimator: AnyEstimator, X: number[][], y: readonly (number | string)[], reads: number): Promise<{ reads: number; error: unknown }> {
  let clock = 1_000_000;
  const now = vi.spyOn(Date, 'now').mockImplementation(() => clock++);
  const controller = new AbortController();
  setDeadline(controller.signal, clock + reads, () => controller.abort());
  const before = now.mock.calls.length;
  const error = await estimator.fit(X, y, { signal: controller.signal }).then(() => undefined, (e: unknown) => e);
  const made = now.mock.calls.length - before;
  vi.restoreAllMocks();
  return { reads: made, error };
}

describe('solvers stop at the deadline of their signal', async () => {
  const diabetes = await loadDiabetes();
  const cancer = await loadBreastCancer();
  const scaledCancer = (await new StandardScaler().fitTransform(cancer.data)).toArray();
  const digits = await loadDigits();
  // more columns than rows: coordinate descent on the columns (not on the Gram matrix)
  const wide = Array.from({ length: 40 }, (_, i) => Array.from({ length: 120 }, (_, j) => Math.sin(i * 1.3 + j * 0.7) + ((i * j) % 5) / 5));
  const wideY = wide.map((row) => row[0]! - 2 * row[3]! + 0.5 * row[7]!);

  const cases: [string, () => AnyEstimator, () => [number[][], readonly (number | string)[]]][] = [
    ['Lasso (coordinate descent on the Gram matrix)', () => new Lasso({ alpha: 1e-4, tol: 1e-12, maxIter: 100_000 }), () => [diabetes.data, diabetes.target]],
    ['ElasticNet (coordinate descent on the columns)', () => new ElasticNet({ alpha: 1e-4, tol: 1e-12, maxIter: 100_000 }), () => [wide, wideY]],
    ['LogisticRegression (L-BFGS)', () => new LogisticRegression({ maxIter: 10_000, tol: 1e-12 }), () => [scaledCancer, cancer.target]],
    ['LogisticRegression (Newton-CG)', () => new LogisticRegression({ solver: 'newton-cg', maxIter: 10_000, tol: 1e-12 }), () => [scaledCancer, cancer.target]],
    ['SVC (SMO, inside one binary problem)', () => new SVC({ C: 1000, tol: 1e-8 }), () => [scaledCancer, cancer.target]],
    ['SVR (SMO)', () => new SVR({ C: 1000, epsilon: 0.01, tol: 1e-8 }), () => [diabetes.data, diabetes.target]],
    ['DecisionTreeClassifier (tree growth)', () => new DecisionTreeClassifier({ randomState: 0 }), () => [digits.data, digits.target]],
    ['RandomForestClassifier (trees and their growth)', () => new RandomForestClassifier({ nEstimators: 50, randomState: 0 }), () => [digits.data, digits.target]],
    ['HistGradientBoostingClassifier (the boosting loop)', () => new HistGradientBoostingClassifier({ maxIter: 200, earlyStopping: false }), () => [scaledCancer, cancer.target]],
  ];

  it.each(cases)('%s', async (_name, make, data) => {
    const [X, y] = data();
    const { reads, error } = await fitPastDeadline(make(), X, y, 5);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toMatch(/\.fit was aborted (before it finished|after \d+ of \d+ (trees|iterations))\.$/);
    expect(reads).toBeGreaterThanOrEqual(5);
  });

  // solvers that ask between epochs, passes or runs (their messages name the solver or the estimator)
  const coarse: [string, () => AnyEstimator, () => [number[][], readonly (number | string)[]]][] = [
    ['SGDClassifier (epochs)', () => new SGDClassifier({ maxIter: 100_000, tol: null, randomState: 0 }), () => [scaledCancer, cancer.target]],
    ['LogisticRegression (saga epochs)', () => new LogisticRegression({ solver: 'saga', maxIter: 100_000, tol: 1e-15 }), () => [scaledCancer, cancer.target]],
    ['LinearSVC (liblinear dual coordinate descent)', () => new LinearSVC({ C: 1000, maxIter: 1_000_000, tol: 1e-15 }), () => [scaledCancer, cancer.target]],
    ['KMeans (between runs)', () => new KMeans({ nClusters: 10, nInit: 50, randomState: 0 }), () => [digits.data, digits.target]],
  ];

  it.each(coarse)('%s', async (_name, make, data) => {
    const [X, y] = data();
    const { reads, error } = await fitPastDeadline(make(), X, y, 5);
    expect(error).toBeInstanceOf(AbortError);
    expect(reads).toBeGreaterThanOrEqual(5);
  });

  it('the same fits run to the end when the deadline is far', async () => {
    for (const [, make, data] of cases.slice(0, 2)) {
      const [X, y] = data();
      const { error } = await fitPastDeadline(make(), X, y, 1e12);
      expect(error).toBeUndefined();
    }
  });
});

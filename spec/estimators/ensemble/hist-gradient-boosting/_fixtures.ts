/**
 * What the HistGradientBoosting specs share: the scikit-learn fixtures of
 * `spec/fixtures/hist-gradient-boosting/` (missing values are stored as null) and the
 * translation of scikit-learn's parameter names.
 */
import { readFileSync } from 'node:fs';
import type { HistGradientBoostingClassifier } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-classifier.js';
import type { HistGradientBoostingRegressor } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { RandomState } from '../../../../lib/core/random-state.js';
import type { HistGradientBoostingState } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/model.js';

/** Reads `spec/fixtures/hist-gradient-boosting/<name>.json`. */
export function readFixture<T>(name: 'binning' | 'models' | 'numpy' | 'seeded'): T {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/hist-gradient-boosting/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** A matrix of the fixtures, null (missing) back to NaN. */
export function matrix(rows: readonly (readonly (number | null)[])[]): number[][] {
  return rows.map((row) => row.map((v) => (v === null ? NaN : v)));
}

/** A column of the fixtures, null back to NaN. */
export function column(values: readonly (number | null)[]): number[] {
  return values.map((v) => (v === null ? NaN : v));
}

const NAMES: Record<string, string> = {
  loss: 'loss',
  learning_rate: 'learningRate',
  max_iter: 'maxIter',
  max_leaf_nodes: 'maxLeafNodes',
  max_depth: 'maxDepth',
  min_samples_leaf: 'minSamplesLeaf',
  l2_regularization: 'l2Regularization',
  max_bins: 'maxBins',
  categorical_features: 'categoricalFeatures',
  monotonic_cst: 'monotonicCst',
  early_stopping: 'earlyStopping',
  scoring: 'scoring',
  validation_fraction: 'validationFraction',
  n_iter_no_change: 'nIterNoChange',
  tol: 'tol',
  random_state: 'randomState',
};

/** scikit-learn's parameters with our names. */
export function camelParams<P>(params: Record<string, unknown>): Partial<P> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = NAMES[key];
    if (name === undefined) throw new Error(`no camelCase name for ${key}`);
    out[name] = value;
  }
  return out as Partial<P>;
}

/** The fitted state of an estimator (private; the specs read the trees). */
export function stateOf(model: HistGradientBoostingClassifier | HistGradientBoostingRegressor): HistGradientBoostingState {
  return (model as unknown as { fitted: HistGradientBoostingState }).fitted;
}

/** The largest absolute difference, relative to max(1, |expected|). */
export function maxRelativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} !== ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}

/** A case of `models.json`: a deterministic fit and its outputs on the test rows. */
export interface ModelCase {
  name: string;
  kind: 'classifier' | 'regressor';
  params: Record<string, unknown>;
  XTrain: (number | null)[][];
  yTrain: number[];
  XTest: (number | null)[][];
  baseline: number[];
  nIter: number;
  rawTest: number[][];
  firstTree: { feature: number[]; isLeaf: number[]; binThreshold: number[]; missingGoToLeft: number[]; value: number[]; count: number[] };
  predictTest: number[];
  probaTest?: number[][];
  trainScore: number[];
  validationScore: number[];
}

/** How `seeded.py` builds a dataset from numpy draws (see its docstring). */
export interface DataRecipe {
  seed: number;
  n: number;
  p: number;
  kind: 'classifier' | 'regressor';
  classes?: 2 | 3;
}

/**
 * The data of a recipe, bit for bit as `seeded.py` builds them: X from
 * `RandomState(seed).random_sample((n, p))`, u the next n draws, and y from X and u
 * with +, -, * and comparisons only, in numpy's order.
 */
export function recipeData(recipe: DataRecipe): { X: number[][]; y: number[] } {
  const rs = new RandomState(recipe.seed);
  const { n, p } = recipe;
  const flat = rs.randomSample(n * p);
  const u = rs.randomSample(n);
  const X = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * p, (i + 1) * p)));
  const y = X.map((x, i) => {
    const [x0, x1, x2, x3] = x as [number, number, number, number];
    if (recipe.kind === 'regressor') return 3 * x0 + x1 * x1 - 2 * x2 + ((u[i] as number) - 0.5);
    const s = x0 + x1 * x2 - x3;
    const k = recipe.classes as number;
    const label = k === 2 ? Number(s > 0.6) : Number(s > 0.6) + Number(s > 1.0);
    return (u[i] as number) < 0.1 ? (label + 1) % k : label;
  });
  return { X, y };
}

/** One fit of a seeded model case. */
export interface SeededFit {
  seed: number;
  nIter: number;
  trainScore: number[];
  validationScore: number[];
  /** Raw predictions on the held-out rows, class-major. */
  raw: number[][];
  /** A classifier's labels on the held-out rows. */
  predict?: number[];
}

/** A model case of `seeded.json`: fits with early stopping for integer seeds, or successive fits sharing a RandomState. */
export interface SeededModelCase {
  name: string;
  recipe: DataRecipe;
  nTrain: number;
  params: Record<string, unknown>;
  randomState: { seeds: number[] } | { shared: number; fits: number };
  fits: SeededFit[];
}

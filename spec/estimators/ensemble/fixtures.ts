/**
 * The scikit-learn parity fixtures of the voting and stacking ensembles
 * (spec/fixtures/voting-stacking/generate.py), typed, with the members and data
 * they use.
 */
import { readFileSync } from 'node:fs';
import type { AnyEstimator } from '../../../lib/core/estimator.js';
import { loadDiabetes, loadIris, loadWine } from '../../../lib/datasets/index.js';
import type { EnsembleEntry } from '../../../lib/estimators/ensemble/index.js';
import { LinearRegression, LogisticRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { GaussianNB, MultinomialNB } from '../../../lib/estimators/naive-bayes/index.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../../../lib/estimators/neighbors/index.js';

export interface EnsembleCase {
  readonly kind: 'VotingClassifier' | 'VotingRegressor' | 'StackingClassifier' | 'StackingRegressor';
  readonly dataset: 'iris' | 'binaryIris' | 'wine' | 'diabetes';
  /** Member names ("drop:name" for a dropped member). */
  readonly members: string[];
  readonly final?: string | null;
  /** scikit-learn's keyword arguments (snake_case as written). */
  readonly params: Record<string, unknown>;
  readonly tolerance: number;
  readonly stackMethods?: string[];
  readonly predictions: number[];
  readonly proba?: number[][];
  readonly transform: number[][];
}

export function ensembleCases(): EnsembleCase[] {
  const url = new URL('../../fixtures/voting-stacking/voting-stacking.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: EnsembleCase[] }).cases;
}

/** The members generate.py names. */
export const MEMBERS: Record<string, () => AnyEstimator> = {
  nb: () => new GaussianNB(),
  mnb: () => new MultinomialNB(),
  knn: () => new KNeighborsClassifier({ nNeighbors: 5 }),
  knn7d: () => new KNeighborsClassifier({ nNeighbors: 7, weights: 'distance' }),
  lr: () => new LogisticRegression({ maxIter: 1000 }),
  ridge: () => new Ridge({ alpha: 1 }),
  ridge10: () => new Ridge({ alpha: 10 }),
  linear: () => new LinearRegression(),
  knnr: () => new KNeighborsRegressor({ nNeighbors: 5 }),
};

export function entries(names: readonly string[]): EnsembleEntry[] {
  return names.map((n) => (n.startsWith('drop:') ? [n.slice(5), 'drop'] : [n, MEMBERS[n]!()]) as EnsembleEntry);
}

/** The dataset split as generate.py splits it (index % 4 == 0: test); binaryIris is iris without class 0. */
export async function splitData(name: EnsembleCase['dataset']): Promise<{ Xtrain: number[][]; ytrain: number[]; Xtest: number[][]; ytest: number[] }> {
  const loaded = name === 'diabetes' ? await loadDiabetes() : name === 'wine' ? await loadWine() : await loadIris();
  let X = loaded.data;
  let y = loaded.target;
  if (name === 'binaryIris') {
    X = X.filter((_, i) => y[i]! > 0);
    y = y.filter((v) => v > 0);
  }
  const pick = <T>(items: T[], test: boolean): T[] => items.filter((_, i) => (i % 4 === 0) === test);
  return { Xtrain: pick(X, false), ytrain: pick(y, false), Xtest: pick(X, true), ytest: pick(y, true) };
}

/** max |a − b| / max(|b|, 1) over two equally shaped arrays. */
export function maxError(a: readonly unknown[], b: readonly unknown[]): number {
  const fa = a.flat(2) as number[];
  const fb = b.flat(2) as number[];
  if (fa.length !== fb.length) throw new Error(`lengths differ: ${fa.length} vs ${fb.length}`);
  let worst = 0;
  for (let i = 0; i < fa.length; i++) worst = Math.max(worst, Math.abs(fa[i]! - fb[i]!) / Math.max(Math.abs(fb[i]!), 1));
  return worst;
}

/**
 * The scikit-learn parity fixtures of the nearest-neighbour estimators
 * (spec/fixtures/neighbors/generate.py), typed, and a naive reference search.
 */
import { readFileSync } from 'node:fs';
import type { KNeighborsParams } from '../../../lib/estimators/neighbors/index.js';

export interface SplitDataset {
  readonly Xtrain: number[][];
  readonly ytrain: number[];
  readonly Xtest: number[][];
  readonly ytest: number[];
}

interface NeighborsCase {
  readonly dataset: string;
  /** algorithm and leafSize only for the cases run with scikit-learn's tree or 'auto' (else 'brute'). */
  readonly params: Pick<KNeighborsParams, 'nNeighbors' | 'weights' | 'p'> & Partial<Pick<KNeighborsParams, 'algorithm' | 'leafSize'>>;
  /** kneighbors of the first test rows. */
  readonly distances: number[][];
  readonly indices: number[][];
  /** Test rows whose k-th and (k+1)-th nearest points are tied. */
  readonly boundaryTie: number[];
}

export interface ClassifierCase extends NeighborsCase {
  readonly classes: number[];
  readonly predictions: number[];
  readonly proba: number[][];
}

export interface RegressorCase extends NeighborsCase {
  readonly predictions: number[];
}

export interface TrainQueryCase {
  readonly dataset: string;
  readonly nNeighbors: number;
  readonly distances: number[][];
  readonly indices: number[][];
}

export interface NeighborsFixtures {
  readonly sklearnVersion: string;
  readonly datasets: Record<string, SplitDataset>;
  readonly classifier: ClassifierCase[];
  readonly regressor: RegressorCase[];
  readonly trainQueries: TrainQueryCase[];
}

let cached: NeighborsFixtures | undefined;

export function neighborsFixtures(): NeighborsFixtures {
  cached ??= JSON.parse(readFileSync(new URL('../../fixtures/neighbors/neighbors.json', import.meta.url), 'utf8')) as NeighborsFixtures;
  return cached;
}

export function caseName(c: NeighborsCase): string {
  const { nNeighbors, weights, p, algorithm, leafSize } = c.params;
  const tree = algorithm === undefined ? '' : `, algorithm=${algorithm}, leafSize=${leafSize}`;
  return `${c.dataset}, k=${nNeighbors}, ${weights}, p=${p}${tree}`;
}

/** Reduced Minkowski distance summed in feature order (as the implementation does). */
function reduced(a: readonly number[], b: readonly number[], p: number): number {
  let s = 0;
  for (let f = 0; f < a.length; f++) {
    const d = Math.abs(a[f]! - b[f]!);
    s = p === Infinity ? Math.max(s, d) : s + (p === 2 ? d * d : p === 1 ? d : d ** p);
  }
  return s;
}

/**
 * All training rows ordered by (distance, index), by a full sort: the documented
 * order the heap selection must reproduce.
 */
export function referenceOrder(train: readonly (readonly number[])[], query: readonly number[], p: number): number[] {
  const d = train.map((row) => reduced(row, query, p));
  return d.map((_, i) => i).sort((a, b) => d[a]! - d[b]! || a - b);
}

/** True when the k-th and (k+1)-th reference distances tie (within 1e-9, relative). */
export function tiesAtBoundary(train: readonly (readonly number[])[], query: readonly number[], k: number, p: number, exclude = -1): boolean {
  const d = train.map((row) => reduced(row, query, p)).filter((_, i) => i !== exclude).sort((a, b) => a - b);
  if (k >= d.length) return false;
  const a = d[k - 1]!;
  const b = d[k]!;
  return b - a <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** The largest |a − b| / max(|b|, floor). */
export function maxRelativeError(a: readonly number[], b: readonly number[], floor = 1): number {
  let worst = 0;
  a.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  });
  return worst;
}

/** Sorted copy (to compare neighbour sets). */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * scikit-learn's liblinear results (spec/fixtures/linear/generate_liblinear.py), typed.
 */
import { readFileSync } from 'node:fs';
import type { Label } from '../../../lib/core/data.js';
import type { Dataset } from '../linear/fixtures.js';

export interface LiblinearCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly coef: number[] | number[][];
  readonly intercept: number[];
  readonly nIter: number | number[];
  readonly convergenceWarning: boolean;
  /** The first rows only. */
  readonly decision?: number[] | number[][];
  readonly predictions: (Label | number)[];
}

export interface LiblinearFixtures {
  readonly sklearn: string;
  readonly datasets: Record<string, Dataset>;
  readonly linearSVC: LiblinearCase[];
  readonly linearSVR: LiblinearCase[];
  readonly logisticRegression: LiblinearCase[];
  readonly randomNumbers: { seed: number; ranges: number[]; draws: number[] }[];
}

let cached: LiblinearFixtures | undefined;

export function liblinearFixtures(): LiblinearFixtures {
  cached ??= JSON.parse(readFileSync(new URL('../../fixtures/linear/liblinear.json', import.meta.url), 'utf8')) as LiblinearFixtures;
  return cached;
}

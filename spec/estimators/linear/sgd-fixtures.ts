/**
 * scikit-learn's SGDClassifier and SGDRegressor results (spec/fixtures/linear/generate_sgd.py),
 * typed, and a runner that replays a case's calls (fit, partialFit batches) on tunekit's
 * estimator.
 */
import { readFileSync } from 'node:fs';
import type { Label } from '../../../lib/core/data.js';
import type { TunekitWarning } from '../../../lib/core/warnings.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { Dataset } from './fixtures.js';

/** scikit-learn's attributes after one call. */
export interface SgdStep {
  readonly call: 'fit' | 'partial_fit';
  readonly rows?: [number, number];
  readonly coef: number[] | number[][];
  readonly intercept: number[];
  readonly nIter: number;
  readonly t: number;
  /** The first rows only. */
  readonly decision?: number[] | number[][];
  readonly predictions: (Label | number)[];
  readonly proba?: number[][];
  readonly convergenceWarning: boolean;
}

export interface SgdCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly steps: SgdStep[];
}

export interface SgdRandomStateCase extends SgdCase {
  readonly estimator: 'SGDClassifier' | 'SGDRegressor';
  readonly seed: number;
}

export interface SgdFixtures {
  readonly sklearn: string;
  readonly datasets: Record<string, Dataset>;
  readonly classifier: SgdCase[];
  readonly regressor: SgdCase[];
  readonly randomStateObject: SgdRandomStateCase[];
}

let cached: SgdFixtures | undefined;

export function sgdFixtures(): SgdFixtures {
  cached ??= JSON.parse(readFileSync(new URL('../../fixtures/linear/sgd.json', import.meta.url), 'utf8')) as SgdFixtures;
  return cached;
}

/** The estimator surface the replay needs. */
export interface SgdModel {
  fit(X: number[][], y: number[]): Promise<unknown>;
  partialFit(X: number[][], y: number[], options?: { classes: Label[] }): Promise<unknown>;
}

/** Replays the calls of a case and yields the model and the warnings after each. */
export async function replay<M extends SgdModel>(
  c: SgdCase,
  data: Dataset,
  model: M,
  classes: Label[] | undefined,
  after: (step: SgdStep, warnings: TunekitWarning[]) => Promise<void> | void,
): Promise<void> {
  for (const step of c.steps) {
    const { warnings } = await captureWarnings(async () => {
      if (step.call === 'fit') await model.fit(data.X, data.y);
      else {
        const [a, b] = step.rows!;
        await model.partialFit(data.X.slice(a, b), data.y.slice(a, b), classes === undefined ? undefined : { classes });
      }
    });
    await after(step, warnings);
  }
}

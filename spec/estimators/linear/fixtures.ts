/**
 * The scikit-learn parity fixtures of the linear models
 * (spec/fixtures/linear/generate.py), typed, and the comparisons the specs use.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Label } from '../../../lib/core/data.js';
import type { TunekitWarning } from '../../../lib/core/warnings.js';

export interface Dataset {
  readonly X: number[][];
  readonly y: number[];
}

export interface RegressionCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly coef: number[];
  readonly intercept: number;
  readonly predictions: number[];
  readonly rank?: number;
  readonly singular?: number[];
  readonly nIter?: number;
  readonly dualGap?: number;
}

export interface WarningCase {
  readonly estimator: 'Lasso' | 'ElasticNet';
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly warnings: TunekitWarning[];
  readonly coef: number[];
  readonly nIter: number;
}

export interface RegressionFixtures {
  readonly sklearn: string;
  readonly datasets: Record<string, Dataset>;
  readonly linearRegression: RegressionCase[];
  readonly ridge: RegressionCase[];
  readonly lasso: RegressionCase[];
  readonly elasticNet: RegressionCase[];
  readonly warnings: WarningCase[];
}

export interface LogisticCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly classes: Label[];
  readonly coef: number[][];
  readonly intercept: number[];
  readonly nIter: number[];
  readonly proba: number[][];
  /** The first rows only. */
  readonly decision: number[] | number[][];
  readonly predictions: Label[];
  /** How far scikit-learn's own probabilities are from the exact optimum. */
  readonly sklearnOptimumGap: number;
}

export interface ClassificationFixtures {
  readonly sklearn: string;
  readonly datasets: Record<string, Dataset>;
  readonly logisticRegression: LogisticCase[];
  readonly oneClassMessage: string;
}

export interface IterationCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly nIter: number[];
  /** The first rows only. */
  readonly proba: number[][];
}

/** scikit-learn's LogisticRegression iteration counts on make_classification data. */
export interface IterationFixtures {
  readonly sklearn: string;
  readonly datasets: Record<string, Dataset>;
  readonly cases: IterationCase[];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/linear/${name}`, import.meta.url), 'utf8')) as T;
}

let regression: RegressionFixtures | undefined;
let classification: ClassificationFixtures | undefined;

export function regressionFixtures(): RegressionFixtures {
  regression ??= load<RegressionFixtures>('regression.json');
  return regression;
}

export function classificationFixtures(): ClassificationFixtures {
  classification ??= load<ClassificationFixtures>('classification.json');
  return classification;
}

let iterations: IterationFixtures | undefined;

export function iterationFixtures(): IterationFixtures {
  iterations ??= load<IterationFixtures>('logistic-iterations.json');
  return iterations;
}

/** A short name for a fixture case, for test titles. */
export function caseName(c: { dataset: string; params: Record<string, unknown> }): string {
  return `${c.dataset} ${JSON.stringify(c.params)}`;
}

/** The largest |a - b| / max(1, |b|): absolute for small values, relative for large ones. */
export function maxScaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const err = Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e));
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

/** The largest |a - b|. */
export function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs((actual[i] as number) - (expected[i] as number));
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

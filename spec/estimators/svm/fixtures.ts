/**
 * The scikit-learn parity fixtures of the support vector machines
 * (spec/fixtures/svm/generate.py), typed, and the comparisons the specs use.
 */
import { readFileSync } from 'node:fs';

export interface SplitDataset {
  readonly Xtrain: number[][];
  readonly ytrain: number[];
  readonly Xtest: number[][];
  readonly ytest: number[];
}

export interface SvcCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly classes: number[];
  readonly predictions: number[];
  /** decision_function of the first test rows. */
  readonly decision: number[] | number[][];
  readonly support: number[];
  readonly nSupport: number[];
  readonly intercept: number[];
  readonly dualCoef?: number[][];
  /** scikit-learn's resolved gamma (`_gamma`). */
  readonly gamma: number;
  readonly proba?: number[][];
  readonly probA?: number[];
  readonly probB?: number[];
}

export interface SvrCase {
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly predictions: number[];
  readonly support: number[];
  readonly intercept: number[];
  readonly dualCoef: number[][];
}

export interface SvmFixtures {
  readonly sklearnVersion: string;
  readonly datasets: Record<string, SplitDataset>;
  readonly svc: SvcCase[];
  readonly svr: SvrCase[];
  readonly numpySeeds: { libsvmSeed: Record<string, number>; mt19937: Record<string, number[]> };
}

let cached: SvmFixtures | undefined;

export function svmFixtures(): SvmFixtures {
  cached ??= JSON.parse(readFileSync(new URL('../../fixtures/svm/svm.json', import.meta.url), 'utf8')) as SvmFixtures;
  return cached;
}

export function caseName(c: { dataset: string; params: Record<string, unknown> }): string {
  return `${c.dataset} ${JSON.stringify(c.params)}`;
}

/** The largest |a − b| / max(|b|, 1). */
export function maxScaledError(a: readonly number[], b: readonly number[]): number {
  expectSameLength(a, b);
  let worst = 0;
  a.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - b[i]!) / Math.max(Math.abs(b[i]!), 1));
  });
  return worst;
}

function expectSameLength(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} differs from ${b.length}`);
}

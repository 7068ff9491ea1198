/**
 * The scikit-learn parity fixtures of PCA and TruncatedSVD
 * (spec/fixtures/decomposition/generate.py), typed, with the data they use.
 */
import { readFileSync } from 'node:fs';
import { loadBreastCancer, loadDigits, loadIris, loadWine } from '../../../lib/datasets/index.js';

export interface DecompositionCase {
  readonly estimator: 'PCA' | 'TruncatedSVD';
  readonly dataset: 'iris' | 'wine' | 'breastCancer' | 'digits';
  readonly nTrain: number;
  readonly nTest: number;
  readonly params: Record<string, unknown>;
  readonly nComponents: number;
  readonly components: number[][];
  readonly explainedVariance: number[];
  readonly explainedVarianceRatio: number[];
  readonly singularValues: number[];
  /** Of the first training rows. */
  readonly fitTransform: number[][];
  /** Of the first test rows. */
  readonly transform: number[][];
  /** Of the first transformed test rows. */
  readonly inverseTransform: number[][];
  readonly mean?: number[];
  readonly noiseVariance?: number;
  readonly scoreSamples?: number[];
  readonly score?: number;
  /** log det of the precision: scikit-learn's LU determinant, and from the spectrum (tunekit's). */
  readonly logdetLu?: number;
  readonly logdetExact?: number;
  readonly covariance?: number[][];
  readonly precision?: number[][];
}

export function decompositionCases(): DecompositionCase[] {
  const url = new URL('../../fixtures/decomposition/decomposition.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: DecompositionCase[] }).cases;
}

const LOADERS = { iris: loadIris, wine: loadWine, breastCancer: loadBreastCancer, digits: loadDigits };

/** The first nTrain rows, and the nTest rows after them. */
export async function caseData(c: DecompositionCase): Promise<{ Xtrain: number[][]; Xtest: number[][] }> {
  const { data } = await LOADERS[c.dataset]();
  return { Xtrain: data.slice(0, c.nTrain), Xtest: data.slice(c.nTrain, c.nTrain + c.nTest) };
}

/** max |a − b| / scale over two equally shaped arrays. */
export function maxError(a: readonly unknown[], b: readonly unknown[], scale = 1): number {
  const fa = a.flat(2) as number[];
  const fb = b.flat(2) as number[];
  if (fa.length !== fb.length) throw new Error(`lengths differ: ${fa.length} vs ${fb.length}`);
  let worst = 0;
  for (let i = 0; i < fa.length; i++) worst = Math.max(worst, Math.abs(fa[i]! - fb[i]!) / scale);
  return worst;
}

/** The largest absolute value of an array (a scale for absolute comparisons). */
export function largest(a: readonly unknown[]): number {
  return Math.max(...(a.flat(2) as number[]).map(Math.abs), Number.MIN_VALUE);
}

export function caseTitle(c: DecompositionCase): string {
  return `${c.dataset} (${c.nTrain} × train), ${JSON.stringify(c.params)}`;
}

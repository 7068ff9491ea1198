/**
 * The scikit-learn parity fixtures of the feature selectors
 * (spec/fixtures/feature-selection/generate.py), typed, with the datasets they use.
 */
import { readFileSync } from 'node:fs';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from '../../../lib/datasets/index.js';

export type DatasetName = 'iris' | 'wine' | 'breastCancer' | 'digits' | 'diabetes';

export interface FeatureSelectionFixtures {
  readonly scores: {
    readonly function: 'fClassif' | 'chi2' | 'fRegression';
    readonly dataset: DatasetName;
    readonly options: { center?: boolean; forceFinite?: boolean };
    readonly scores: (number | string | null)[];
    readonly pValues: (number | string | null)[];
    readonly warnings: string[];
  }[];
  readonly regressionEdges: {
    readonly options: { center?: boolean; forceFinite?: boolean };
    readonly scores: (number | string | null)[];
    readonly pValues: (number | string | null)[];
    readonly r: (number | string | null)[];
  }[];
  readonly select: {
    readonly dataset: DatasetName;
    readonly scoreFunc: 'fClassif' | 'chi2' | 'fRegression';
    readonly k: number | 'all';
    readonly support: number[];
    readonly transformed: number[][];
    readonly inverse: number[][] | null;
  }[];
  readonly ties: { readonly X: number[][]; readonly y: number[]; readonly k: number[]; readonly support: number[][] };
  readonly variance: {
    readonly data: DatasetName | 'embedded';
    readonly X: (number | string | null)[][] | null;
    readonly threshold: number;
    readonly variances: (number | string | null)[];
    readonly support: number[];
  }[];
  readonly distributions: {
    readonly kind: 'f' | 'chi2' | 'logGamma' | 'incompleteBeta' | 'upperIncompleteGamma';
    readonly x: number;
    readonly a: number;
    readonly b: number;
    readonly value: number;
  }[];
}

export function featureSelectionFixtures(): FeatureSelectionFixtures {
  const url = new URL('../../fixtures/feature-selection/feature-selection.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as FeatureSelectionFixtures;
}

const LOADERS = { iris: loadIris, wine: loadWine, breastCancer: loadBreastCancer, digits: loadDigits, diabetes: loadDiabetes };

export async function dataset(name: DatasetName): Promise<{ X: number[][]; y: number[] }> {
  const { data, target } = await LOADERS[name]();
  return { X: data, y: target };
}

/** The fixture's null and "Infinity" strings back to NaN and infinities. */
export function withNaN(values: readonly (number | string | null)[]): number[] {
  return values.map((v) => (v === null ? NaN : typeof v === 'string' ? Number(v) : v));
}

/** The largest relative difference (NaN and ±Infinity must match exactly). */
export function maxRelativeError(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    if (Object.is(x, y) || x === y) return;
    if (!Number.isFinite(x) || !Number.isFinite(y)) worst = Infinity;
    else worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300));
  });
  return worst;
}

/**
 * The scikit-learn parity fixtures of the naive Bayes classifiers
 * (spec/fixtures/naive-bayes/generate.py), typed, with the datasets they use.
 */
import { readFileSync } from 'node:fs';
import { loadBreastCancer, loadDigits, loadIris, loadWine } from '../../../lib/datasets/index.js';

export interface NaiveBayesCase {
  readonly estimator: 'GaussianNB' | 'MultinomialNB' | 'BernoulliNB';
  readonly dataset: 'iris' | 'wine' | 'breastCancer' | 'digits';
  readonly params: Record<string, unknown>;
  /** Binarize X at this threshold before anything (data given to the model already binary). */
  readonly binarizeInput: number | null;
  /** `[start, end)` batches of the training rows for partialFit; null: one fit. */
  readonly partial: [number, number][] | null;
  readonly classes: number[];
  readonly classCount: number[];
  readonly predictions: number[];
  /** Of the first test rows. */
  readonly proba: number[][];
  readonly logProba: number[][];
  readonly jointLogProba: number[][];
  readonly warnings: string[];
  readonly theta?: number[][];
  readonly var?: number[][];
  readonly classPrior?: number[];
  readonly epsilon?: number;
  readonly featureCount?: number[][];
  readonly featureLogProb?: number[][];
  readonly classLogPrior?: number[];
}

export interface SplitData {
  readonly Xtrain: number[][];
  readonly ytrain: number[];
  readonly Xtest: number[][];
  readonly ytest: number[];
}

export function naiveBayesCases(): NaiveBayesCase[] {
  const url = new URL('../../fixtures/naive-bayes/naive-bayes.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: NaiveBayesCase[] }).cases;
}

const LOADERS = { iris: loadIris, wine: loadWine, breastCancer: loadBreastCancer, digits: loadDigits };

/** The dataset split as generate.py splits it: rows with index % 4 == 0 are the test rows. */
export async function splitDataset(name: NaiveBayesCase['dataset'], binarizeAt: number | null = null): Promise<SplitData> {
  const { data, target } = await LOADERS[name]();
  const X = binarizeAt === null ? data : data.map((row) => row.map((v) => (v > binarizeAt ? 1 : 0)));
  const pick = <T>(items: T[], test: boolean): T[] => items.filter((_, i) => (i % 4 === 0) === test);
  return { Xtrain: pick(X, false), ytrain: pick(target, false), Xtest: pick(X, true), ytest: pick(target, true) };
}

/** The largest |a − b| / max(|b|, floor) over two equally long lists (±Infinity must match exactly). */
export function maxRelativeError(a: readonly number[], b: readonly number[], floor = 1e-300): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), floor));
  }
  return worst;
}

/** A readable title for a case. */
export function caseTitle(c: NaiveBayesCase): string {
  const mode = c.partial === null ? 'fit' : `partialFit in ${c.partial.length} batches`;
  return `${c.dataset}, ${JSON.stringify(c.params)}, ${mode}`;
}

/**
 * The randomized-solver fixtures of spec/fixtures/decomposition/randomized.py, their
 * data (shipped datasets through tunekit's loaders) and the fit each case makes.
 */
import { readFileSync } from 'node:fs';
import { loadBreastCancer, loadDigits, loadIris, loadWine } from '../../../lib/datasets/index.js';
import { PCA, TruncatedSVD } from '../../../lib/estimators/decomposition/index.js';

export interface RandomizedCase {
  estimator: 'PCA' | 'TruncatedSVD';
  data: string;
  params: Record<string, unknown>;
  seed: number;
  components: number[][];
  singularValues: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  fitTransform: number[][];
  transform: number[][];
  exactSingularValues: number[];
  noiseVariance?: number;
  fitSvdSolver?: string;
}

type Stored = { XTrain: number[][]; XTest: number[][] } | { loader: 'digits' | 'cancer' | 'wine' | 'iris'; nTrain: number };

export interface RandomizedFixture {
  datasets: Record<string, Stored>;
  cases: RandomizedCase[];
}

export function loadRandomizedFixture(file: string): RandomizedFixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/decomposition/${file}`, import.meta.url), 'utf8')) as RandomizedFixture;
}

const LOADERS = { digits: loadDigits, cancer: loadBreastCancer, wine: loadWine, iris: loadIris };
const ROWS = 12;

export async function randomizedData(fixture: RandomizedFixture, name: string): Promise<{ XTrain: number[][]; XTest: number[][] }> {
  const stored = fixture.datasets[name]!;
  if ('XTrain' in stored) return stored;
  const { data } = await LOADERS[stored.loader]();
  return { XTrain: data.slice(0, stored.nTrain), XTest: data.slice(stored.nTrain, stored.nTrain + ROWS) };
}

export function randomizedTitle(c: RandomizedCase): string {
  return `${c.estimator}(${JSON.stringify(c.params)}) on ${c.data}, randomState ${c.seed}`;
}

/** The case's estimator fitted on its training rows, with what scikit-learn stored. */
export async function fitRandomizedCase(fixture: RandomizedFixture, c: RandomizedCase) {
  const { XTrain, XTest } = await randomizedData(fixture, c.data);
  const model = c.estimator === 'PCA' ? new PCA({ ...c.params, randomState: c.seed }) : new TruncatedSVD({ ...c.params, randomState: c.seed });
  const fitTransform = (await model.fitTransform(XTrain)).toArray().slice(0, c.fitTransform.length);
  const transform = (await model.transform(XTest)).toArray();
  return { model, fitTransform, transform };
}

/** max |a − b| / scale over equally shaped nested arrays. */
export function relativeError(a: readonly unknown[], b: readonly unknown[], scale: number): number {
  const fa = a.flat(2) as number[];
  const fb = b.flat(2) as number[];
  if (fa.length !== fb.length) throw new Error(`lengths differ: ${fa.length} vs ${fb.length}`);
  let worst = 0;
  for (let i = 0; i < fa.length; i++) worst = Math.max(worst, Math.abs(fa[i]! - fb[i]!) / scale);
  return worst;
}

export function scaleOf(a: readonly unknown[]): number {
  return Math.max(...(a.flat(2) as number[]).map(Math.abs), Number.MIN_VALUE);
}

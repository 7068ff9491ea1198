/** The KMeans fixtures of spec/fixtures/cluster (scikit-learn 1.2.1), and their check. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { KMeansParams } from '../../../lib/estimators/cluster/k-means.js';
import { KMeans } from '../../../lib/estimators/cluster/k-means.js';

export interface KMeansCase {
  data: string;
  params: Partial<KMeansParams>;
  seed: number;
  sampleWeight: number[] | null;
  clusterCenters: number[][];
  labels: number[];
  inertia: number;
  nIter: number;
  predict: number[];
  transform: number[][];
  score: number;
  warnings: string[];
  /** Fewer distinct points than clusters: see generate.py; only what such a clustering must be is checked. */
  degenerate?: boolean;
}

export interface KMeansFixture {
  datasets: Record<string, { XTrain: number[][]; XTest: number[][] }>;
  cases: KMeansCase[];
  plusplus?: { data: string; nClusters: number; seed: number; indices: number[] }[];
}

export function loadKMeansFixture(file: string): KMeansFixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/cluster/${file}`, import.meta.url), 'utf8')) as KMeansFixture;
}

export function caseTitle(c: KMeansCase): string {
  const { init, ...rest } = c.params;
  const shown = { ...rest, ...(init === undefined ? {} : { init: typeof init === 'string' ? init : 'array' }) };
  return `${JSON.stringify(shown)} on ${c.data}${c.sampleWeight ? ' (weighted)' : ''}, randomState ${c.seed}`;
}

/** The largest |a − b| over nested arrays, relative to `scale`. */
function maxError(a: readonly unknown[], b: readonly unknown[], scale: number): number {
  const fa = (a as unknown[]).flat(2) as number[];
  const fb = (b as unknown[]).flat(2) as number[];
  expect(fa.length).toBe(fb.length);
  let max = 0;
  fa.forEach((v, i) => (max = Math.max(max, Math.abs(v - (fb[i] as number)))));
  return max / scale;
}

/**
 * Fits the case and checks it against scikit-learn: labels, predictions, iteration
 * count and warnings exactly; centers, inertia, distances and score to `tolerance`
 * relative (scikit-learn's distances go through BLAS, which sums in another order).
 */
export async function expectKMeansCase(fixture: KMeansFixture, c: KMeansCase, tolerance = 1e-9): Promise<void> {
  const d = fixture.datasets[c.data]!;
  const model = new KMeans({ ...c.params, randomState: c.seed });
  const { warnings } = await captureWarnings(() => model.fit(d.XTrain, undefined, c.sampleWeight ? { sampleWeight: c.sampleWeight } : undefined));
  if (c.degenerate === true) {
    // every distinct point is a center, so the inertia is (rounding) zero and the warning is scikit-learn's
    expect(warnings.map((w) => w.message)).toEqual(c.warnings);
    expect(model.inertia).toBeLessThan(1e-20);
    expect(new Set(model.labels).size).toBe(new Set(c.labels).size);
    const points = new Set(d.XTrain.map((row) => JSON.stringify(row)));
    const labels = model.labels;
    d.XTrain.forEach((row, i) => expect(model.clusterCenters[labels[i]!]!.map((v, j) => Math.abs(v - row[j]!)).every((e) => e < 1e-12)).toBe(true));
    expect(points.size).toBeLessThan(c.params.nClusters!);
    return;
  }
  expect(Array.from(model.labels)).toEqual(c.labels);
  expect(model.nIter).toBe(c.nIter);
  expect(warnings.map((w) => w.message)).toEqual(c.warnings);
  const scale = Math.max(...(c.clusterCenters.flat() as number[]).map(Math.abs), 1);
  expect(maxError(model.clusterCenters, c.clusterCenters, scale)).toBeLessThan(tolerance);
  expect(Math.abs(model.inertia - c.inertia) / Math.max(Math.abs(c.inertia), 1e-300)).toBeLessThan(tolerance);
  expect(Array.from(await model.predict(d.XTest))).toEqual(c.predict);
  const transform = (await model.transform(d.XTest)).toArray();
  expect(maxError(transform, c.transform, Math.max(...(c.transform.flat() as number[]), 1))).toBeLessThan(tolerance);
  expect(Math.abs((await model.score(d.XTest)) - c.score) / Math.max(Math.abs(c.score), 1)).toBeLessThan(tolerance);
}

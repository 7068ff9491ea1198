/**
 * What the tree and forest specs share: the scikit-learn fixtures of
 * `spec/fixtures/tree/`, the check of a fitted tree against scikit-learn's, and
 * the parity suite of the forests.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TreeStructure } from '../../../lib/estimators/tree/tree-structure.js';

/** A train/test split of a fixture dataset. */
export interface Dataset {
  XTrain: number[][];
  yTrain: number[];
  XTest: number[][];
  yTest: number[];
}

/** A case of `trees.json`: scikit-learn's tree for `params`, in full when it is unambiguous. */
export interface TreeCase<P> {
  kind: 'classifier' | 'regressor';
  data: string;
  params: P;
  unambiguous: boolean;
  samePredictions: boolean;
  testScores: number[];
  predictions?: number[];
  proba?: number[][];
  structure?: { childrenLeft: number[]; childrenRight: number[]; feature: number[]; threshold: number[]; nNodeSamples: number[]; impurity: number[] };
  depth?: number;
  nLeaves?: number;
  featureImportances?: number[];
}

/** A case of `forests.json`: scikit-learn's test scores over its seeds 0..9. */
export interface ForestCase<P> {
  kind: 'classifier' | 'regressor';
  data: string;
  params: Partial<P>;
  testScores: number[];
}

/** Reads `spec/fixtures/tree/<name>.json`. */
export function readTreeFixture<C>(name: 'trees' | 'forests'): { datasets: Record<string, Dataset>; cases: C[] } {
  return JSON.parse(readFileSync(new URL(`../../fixtures/tree/${name}.json`, import.meta.url), 'utf8')) as {
    datasets: Record<string, Dataset>;
    cases: C[];
  };
}

/** The title of a fixture case: its dataset and params. */
export function label(c: { data: string; params: object }): string {
  return `${c.data} ${JSON.stringify(c.params)}`;
}

export const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

/** An estimator that can be fitted and scored on a {@link Dataset}. */
interface Scored {
  fit(X: number[][], y: number[]): Promise<{ score(X: number[][], y: number[]): Promise<number> }>;
}

/** The test scores of the estimators `make(0)` .. `make(nSeeds - 1)`, each fitted on the training split. */
export async function scoresOverSeeds(nSeeds: number, make: (seed: number) => Scored, d: Dataset): Promise<number[]> {
  const scores: number[] = [];
  for (let seed = 0; seed < nSeeds; seed++) scores.push(await (await make(seed).fit(d.XTrain, d.yTrain)).score(d.XTest, d.yTest));
  return scores;
}

/**
 * Checks a fitted tree against scikit-learn's unambiguous tree: the node arrays
 * exactly; the impurities and feature importances with `close`; depth and leaves.
 */
export function expectSklearnTree(
  fitted: { readonly tree: TreeStructure; readonly featureImportances: Float64Array; getDepth(): number; getNLeaves(): number },
  c: TreeCase<unknown>,
  close: (actual: number, expected: number) => void,
): void {
  const s = c.structure!;
  const t = fitted.tree;
  expect(Array.from(t.childrenLeft)).toEqual(s.childrenLeft);
  expect(Array.from(t.childrenRight)).toEqual(s.childrenRight);
  expect(Array.from(t.feature)).toEqual(s.feature);
  expect(Array.from(t.threshold)).toEqual(s.threshold);
  expect(Array.from(t.nNodeSamples)).toEqual(s.nNodeSamples);
  Array.from(t.impurity).forEach((v, i) => close(v, s.impurity[i]!));
  expect(fitted.getDepth()).toBe(c.depth);
  expect(fitted.getNLeaves()).toBe(c.nLeaves);
  Array.from(fitted.featureImportances).forEach((v, i) => close(v, c.featureImportances![i]!));
}

/**
 * The forests' parity suite: their random generator is not scikit-learn's, so the
 * mean test score of 10 forests (seeds 0..9) of each `kind` case is compared with
 * scikit-learn's over its seeds 0..9, to within `tolerance`.
 */
export function describeForestParity<P>(
  title: string,
  kind: 'classifier' | 'regressor',
  make: (params: Partial<P>) => Scored,
  tolerance: number,
): void {
  const fixture = readTreeFixture<ForestCase<P>>('forests');
  describe(title, () => {
    for (const c of fixture.cases.filter((x) => x.kind === kind)) {
      it(label(c), async () => {
        const scores = await scoresOverSeeds(10, (seed) => make({ ...c.params, randomState: seed }), fixture.datasets[c.data]!);
        expect(Math.abs(mean(scores) - mean(c.testScores))).toBeLessThanOrEqual(tolerance);
      });
    }
  });
}

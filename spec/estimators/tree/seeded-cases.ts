/**
 * Replays spec/fixtures/tree/seeded.py and extra.py: scikit-learn 1.2.1's seeded
 * trees and forests (extra trees too), tree for tree and prediction for prediction.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DecisionTreeClassifier } from '../../../lib/estimators/tree/decision-tree-classifier.js';
import { DecisionTreeRegressor } from '../../../lib/estimators/tree/decision-tree-regressor.js';
import { ExtraTreeClassifier } from '../../../lib/estimators/tree/extra-tree-classifier.js';
import { ExtraTreeRegressor } from '../../../lib/estimators/tree/extra-tree-regressor.js';
import { ExtraTreesClassifier } from '../../../lib/estimators/tree/extra-trees-classifier.js';
import { ExtraTreesRegressor } from '../../../lib/estimators/tree/extra-trees-regressor.js';
import { RandomForestClassifier } from '../../../lib/estimators/tree/random-forest-classifier.js';
import { RandomForestRegressor } from '../../../lib/estimators/tree/random-forest-regressor.js';
import type { TreeStructure } from '../../../lib/estimators/tree/tree-structure.js';

interface Dataset {
  XTrain: number[][];
  yTrain: number[];
  XTest: number[][];
  yTest: number[];
}
interface TreeArrays {
  feature: number[];
  threshold: number[];
  childrenLeft: number[];
  childrenRight: number[];
  nNodeSamples: number[];
}
export interface TreeCase {
  estimator:
    | 'DecisionTreeClassifier'
    | 'DecisionTreeRegressor'
    | 'RandomForestClassifier'
    | 'RandomForestRegressor'
    | 'ExtraTreeClassifier'
    | 'ExtraTreeRegressor'
    | 'ExtraTreesClassifier'
    | 'ExtraTreesRegressor';
  data: string;
  params: Record<string, unknown>;
  seed: number;
  predictions: number[];
  proba?: number[][];
  /** The structure of the first trees only (extra.json keeps 3 of a forest's): then the forest's size. */
  trees?: TreeArrays[];
  nTrees?: number;
}
export interface SearchRuns {
  X: number[][];
  y: number[];
  runs: { estimator: 'DecisionTreeClassifier' | 'RandomForestClassifier'; params: Record<string, unknown>; seed: number; maxDepth: (number | null)[]; splitScores: number[][] }[];
}
export interface TreeFixture {
  datasets: Record<string, Dataset>;
  cases: TreeCase[];
  searches?: SearchRuns;
}

export function loadTreeFixture(file: string): TreeFixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/tree/${file}`, import.meta.url), 'utf8')) as TreeFixture;
}

export function caseTitle(c: TreeCase): string {
  return `${c.estimator}(${JSON.stringify(c.params)}) on ${c.data}, randomState ${c.seed}`;
}

function arraysOf(t: TreeStructure): TreeArrays {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    childrenLeft: Array.from(t.childrenLeft),
    childrenRight: Array.from(t.childrenRight),
    nNodeSamples: Array.from(t.nNodeSamples),
  };
}

const CLASSIFIERS = { DecisionTreeClassifier, ExtraTreeClassifier, RandomForestClassifier, ExtraTreesClassifier };
const REGRESSORS = { DecisionTreeRegressor, ExtraTreeRegressor, RandomForestRegressor, ExtraTreesRegressor };

function fittedTrees(est: { tree: TreeStructure } | { trees: TreeStructure[] }): TreeStructure[] {
  return 'trees' in est ? est.trees : [est.tree];
}

/** Fits the case's estimator and checks its trees, predictions and probabilities against scikit-learn's. */
export async function expectTreeCase(fixture: TreeFixture, c: TreeCase): Promise<void> {
  const d = fixture.datasets[c.data]!;
  const params = { ...c.params, randomState: c.seed };
  let trees: TreeStructure[];
  let predictions: ArrayLike<number>;
  let proba: number[][] | undefined;
  if (c.estimator in CLASSIFIERS) {
    const est = await new CLASSIFIERS[c.estimator as keyof typeof CLASSIFIERS](params).fit(d.XTrain, d.yTrain);
    [trees, predictions, proba] = [fittedTrees(est), (await est.predict(d.XTest)) as number[], await est.predictProba(d.XTest)];
  } else {
    const est = await new REGRESSORS[c.estimator as keyof typeof REGRESSORS](params).fit(d.XTrain, d.yTrain);
    [trees, predictions] = [fittedTrees(est), await est.predict(d.XTest)];
  }
  if (c.trees) {
    expect(trees.length, 'number of trees').toBe(c.nTrees ?? c.trees.length);
    c.trees.forEach((expected, i) => expect(arraysOf(trees[i]!), `tree ${i}`).toEqual(expected));
  }
  if (c.estimator.endsWith('Classifier')) {
    expect(Array.from(predictions)).toEqual(c.predictions);
    proba!.forEach((row, i) => row.forEach((p, k) => expect(p).toBeCloseTo(c.proba![i]![k]!, 12)));
  } else {
    Array.from(predictions).forEach((p, i) => expect(p).toBeCloseTo(c.predictions[i]!, 9));
  }
}

/**
 * Replays spec/fixtures/tree/seeded.py: scikit-learn 1.2.1's seeded trees and
 * forests, tree for tree and prediction for prediction.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DecisionTreeClassifier } from '../../../lib/estimators/tree/decision-tree-classifier.js';
import { DecisionTreeRegressor } from '../../../lib/estimators/tree/decision-tree-regressor.js';
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
  estimator: 'DecisionTreeClassifier' | 'DecisionTreeRegressor' | 'RandomForestClassifier' | 'RandomForestRegressor';
  data: string;
  params: Record<string, unknown>;
  seed: number;
  predictions: number[];
  proba?: number[][];
  trees?: TreeArrays[];
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

/** Fits the case's estimator and checks its trees, predictions and probabilities against scikit-learn's. */
export async function expectTreeCase(fixture: TreeFixture, c: TreeCase): Promise<void> {
  const d = fixture.datasets[c.data]!;
  const params = { ...c.params, randomState: c.seed };
  let trees: TreeStructure[];
  let predictions: ArrayLike<number>;
  let proba: number[][] | undefined;
  switch (c.estimator) {
    case 'DecisionTreeClassifier': {
      const est = await new DecisionTreeClassifier(params).fit(d.XTrain, d.yTrain);
      [trees, predictions, proba] = [[est.tree], (await est.predict(d.XTest)) as number[], await est.predictProba(d.XTest)];
      break;
    }
    case 'RandomForestClassifier': {
      const est = await new RandomForestClassifier(params).fit(d.XTrain, d.yTrain);
      [trees, predictions, proba] = [est.trees, (await est.predict(d.XTest)) as number[], await est.predictProba(d.XTest)];
      break;
    }
    case 'DecisionTreeRegressor': {
      const est = await new DecisionTreeRegressor(params).fit(d.XTrain, d.yTrain);
      [trees, predictions] = [[est.tree], await est.predict(d.XTest)];
      break;
    }
    case 'RandomForestRegressor': {
      const est = await new RandomForestRegressor(params).fit(d.XTrain, d.yTrain);
      [trees, predictions] = [est.trees, await est.predict(d.XTest)];
      break;
    }
  }
  if (c.trees) {
    expect(trees.length, 'number of trees').toBe(c.trees.length);
    trees.forEach((t, i) => expect(arraysOf(t), `tree ${i}`).toEqual(c.trees![i]));
  }
  if (c.estimator.endsWith('Classifier')) {
    expect(Array.from(predictions)).toEqual(c.predictions);
    proba!.forEach((row, i) => row.forEach((p, k) => expect(p).toBeCloseTo(c.proba![i]![k]!, 12)));
  } else {
    Array.from(predictions).forEach((p, i) => expect(p).toBeCloseTo(c.predictions[i]!, 9));
  }
}

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../lib/core/errors.js';
import { Rng } from '../../../../lib/core/rng.js';
import type { HistGradientBoostingClassifierParams } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-classifier.js';
import { HistGradientBoostingClassifier } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-classifier.js';
import { checkEstimator } from '../../../contracts/estimator.contract.js';
import type { ModelCase } from './_fixtures.js';
import { camelParams, column, matrix, maxRelativeDifference, readFixture, stateOf } from './_fixtures.js';

const models = readFixture<{ cases: ModelCase[] }>('models').cases.filter((c) => c.kind === 'classifier');

checkEstimator('HistGradientBoostingClassifier', () => new HistGradientBoostingClassifier({ maxIter: 10 }), { kind: 'classifier', allowNaN: true });

describe('HistGradientBoostingClassifier against scikit-learn 1.2 (deterministic fits)', () => {
  for (const c of models) {
    it(c.name, async () => {
      const model = await new HistGradientBoostingClassifier(camelParams<HistGradientBoostingClassifierParams>(c.params)).fit(matrix(c.XTrain), column(c.yTrain));
      const state = stateOf(model);
      expect(maxRelativeDifference(state.baseline, c.baseline)).toBeLessThan(1e-15);
      expect(model.nIter).toBe(c.nIter);
      expect(maxRelativeDifference(model.trainScore, c.trainScore)).toBeLessThan(1e-12);
      expect(model.validationScore.length).toBe(c.validationScore.length);
      const tree = state.predictors[0]![0]!;
      expect(Array.from(tree.feature)).toEqual(c.firstTree.feature);
      expect(Array.from(tree.binThreshold)).toEqual(c.firstTree.binThreshold);
      expect(Array.from(tree.missingGoToLeft)).toEqual(c.firstTree.missingGoToLeft);
      expect(Array.from(tree.count)).toEqual(c.firstTree.count);
      const XTest = matrix(c.XTest);
      const decision = await model.decisionFunction(XTest);
      const raw = decision instanceof Float64Array ? Array.from(decision) : decision[0]!.map((_, k) => decision.map((row) => row[k]!)).flat();
      expect(maxRelativeDifference(raw, c.rawTest.flat())).toBeLessThan(1e-10);
      expect(maxRelativeDifference((await model.predictProba(XTest)).flat(), c.probaTest!.flat())).toBeLessThan(1e-10);
      expect(await model.predict(XTest)).toEqual(c.predictTest);
    });
  }
});

function blobs(n: number, nClasses: number, seed = 0): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % nClasses;
    X.push([rng.normal(c, 0.8), rng.normal(-c, 0.8), rng.normal()]);
    y.push(c);
  }
  return { X, y };
}

describe('HistGradientBoostingClassifier', () => {
  it('runs its TSDoc example', async () => {
    const X = Array.from({ length: 100 }, (_, i) => [i % 10, Math.floor(i / 10)]);
    const y = X.map(([a, b]) => (a! + b! > 9 ? 'high' : 'low'));
    const model = await new HistGradientBoostingClassifier({ maxIter: 20, minSamplesLeaf: 5 }).fit(X, y);
    expect(await model.predict([[9, 9], [0, 1]])).toEqual(['high', 'low']);
    const [proba] = await model.predictProba([[9, 9]]);
    expect(model.classes).toEqual(['high', 'low']);
    expect(proba![0]).toBeGreaterThan(0.5);
  });

  it('grows one tree per class per iteration for more than two classes', async () => {
    const { X, y } = blobs(300, 3, 1);
    const model = await new HistGradientBoostingClassifier({ maxIter: 4 }).fit(X, y);
    expect(model.nTreesPerIteration).toBe(3);
    expect(stateOf(model).predictors.map((trees) => trees.length)).toEqual([3, 3, 3, 3]);
    const decision = (await model.decisionFunction(X.slice(0, 2))) as number[][];
    expect(decision[0]!.length).toBe(3);
    const binary = await new HistGradientBoostingClassifier({ maxIter: 4 }).fit(X, y.map((c) => (c === 0 ? 'a' : 'b')));
    expect(binary.nTreesPerIteration).toBe(1);
    expect((await binary.decisionFunction(X.slice(0, 2))) instanceof Float64Array).toBe(true);
  });

  it('gives probabilities that are the expit (two classes) or softmax (more) of the decision function', async () => {
    const { X, y } = blobs(200, 3, 2);
    const multi = await new HistGradientBoostingClassifier({ maxIter: 5 }).fit(X, y);
    const raw = (await multi.decisionFunction(X)) as number[][];
    const proba = await multi.predictProba(X);
    raw.forEach((row, i) => {
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, k) => expect(proba[i]![k]).toBeCloseTo(v / s, 14));
    });
    const binary = await new HistGradientBoostingClassifier({ maxIter: 5 }).fit(X, y.map((c) => (c === 2 ? 1 : 0)));
    const d = (await binary.decisionFunction(X)) as Float64Array;
    const p = await binary.predictProba(X);
    d.forEach((v, i) => expect(p[i]![1]).toBeCloseTo(1 / (1 + Math.exp(-v)), 14));
  });

  it('stratifies the early-stopping split and scores it with a scorer name', async () => {
    const { X, y } = blobs(600, 3, 3);
    const model = await new HistGradientBoostingClassifier({ earlyStopping: true, scoring: 'accuracy', maxIter: 30, randomState: 0 }).fit(X, y);
    expect(model.validationScore.length).toBe(model.nIter + 1);
    for (const v of model.validationScore) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // 60 validation rows, 20 per class: accuracies are multiples of 1/60
    for (const v of model.validationScore) expect(Math.abs(v * 60 - Math.round(v * 60))).toBeLessThan(1e-9);
  });

  it('scores the negative log loss with scoring "loss" (equal to neg_log_loss on the same rows)', async () => {
    const { X, y } = blobs(400, 2, 4);
    const byLoss = await new HistGradientBoostingClassifier({ earlyStopping: true, validationFraction: null, maxIter: 5 }).fit(X, y);
    const byScorer = await new HistGradientBoostingClassifier({ earlyStopping: true, validationFraction: null, scoring: 'neg_log_loss', maxIter: 5 }).fit(X, y);
    expect(maxRelativeDifference(byLoss.trainScore, byScorer.trainScore)).toBeLessThan(1e-12);
  });

  it('treats unknown categories at predict time as missing values', async () => {
    const rng = new Rng(5);
    const X = Array.from({ length: 300 }, (_, i) => [i % 4, rng.normal()]);
    const y = X.map(([c]) => (c === 1 || c === 3 ? 1 : 0));
    const missing = X.map((r, i) => (i % 10 === 0 ? [NaN, r[1]!] : r));
    const model = await new HistGradientBoostingClassifier({ maxIter: 10, categoricalFeatures: [0] }).fit(missing, y);
    const [unknown, nan, negative] = await model.predictProba([[7, 0], [NaN, 0], [-2, 0]]);
    expect(unknown).toEqual(nan);
    expect(negative).toEqual(nan);
    expect(await model.predict([[1, 0], [2, 0]])).toEqual([1, 0]);
  });

  it('needs at least two classes', async () => {
    await expect(new HistGradientBoostingClassifier().fit([[1], [2]], [3, 3])).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses monotonic constraints for more than two classes', async () => {
    const { X, y } = blobs(90, 3, 6);
    await expect(new HistGradientBoostingClassifier({ monotonicCst: [1, 0, 0] }).fit(X, y)).rejects.toThrow(/not supported/);
  });

  it('predicts the class with the highest probability', async () => {
    const { X, y } = blobs(300, 4, 7);
    const model = await new HistGradientBoostingClassifier({ maxIter: 10 }).fit(X, y);
    const proba = await model.predictProba(X);
    const pred = await model.predict(X);
    proba.forEach((row, i) => expect(model.classes[row.indexOf(Math.max(...row))]).toBe(pred[i]));
  });
});

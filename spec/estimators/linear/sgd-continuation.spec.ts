import { describe, expect, it, vi } from 'vitest';
import type { DenseMatrix } from '../../../lib/core/data.js';
import { validateMatrix } from '../../../lib/core/data.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { makeClassification, makeRegression } from '../../../lib/datasets/index.js';
import { SGDClassifier, SGDRegressor } from '../../../lib/estimators/linear/index.js';
import type { SGDClassifierParams, SGDRegressorParams } from '../../../lib/estimators/linear/index.js';

const binary = makeClassification({ nSamples: 240, nFeatures: 6, nInformative: 4, nRedundant: 0, randomState: 3 });
const multi = makeClassification({ nSamples: 300, nFeatures: 6, nInformative: 4, nRedundant: 0, nClasses: 3, randomState: 4 });
const regression = makeRegression({ nSamples: 240, nFeatures: 5, noise: 3, randomState: 5 });

const asMatrix = (X: number[][]): DenseMatrix => validateMatrix(X, { owner: 'spec' });

/** Fits with maxIter `from`, continues to `to`, and returns it next to a fit with maxIter `to` in one go. */
async function classifiers(X: number[][], y: number[], params: Partial<SGDClassifierParams>, from: number, to: number) {
  const continued = await new SGDClassifier({ ...params, maxIter: from }).fit(X, y);
  // it continues the loop: no new fit
  const refit = vi.spyOn(continued, 'fit');
  await captureWarnings(() => continued.continueFit(asMatrix(X), y, 'maxIter', to));
  expect(refit).not.toHaveBeenCalled();
  const once = await captureWarnings(() => new SGDClassifier({ ...params, maxIter: to }).fit(X, y));
  return { continued, once: once.result };
}

describe('SGDClassifier.continueFit (more epochs along maxIter)', () => {
  const cases: [string, { X: number[][]; y: number[] }, Partial<SGDClassifierParams>][] = [
    ['two classes, hinge', binary, { randomState: 0, tol: null }],
    ['two classes, log loss, tol (stops by itself)', binary, { loss: 'log_loss', randomState: 1 }],
    ['three classes, modified huber, elastic net', multi, { loss: 'modified_huber', penalty: 'elasticnet', l1Ratio: 0.3, randomState: 2, tol: null }],
    ['three classes, averaged, l1', multi, { penalty: 'l1', average: true, randomState: 3, tol: null }],
    ['two classes, averaged from update 100', binary, { average: 100, randomState: 4, tol: null }],
    ['two classes, adaptive rate, early stopping', binary, { learningRate: 'adaptive', eta0: 0.05, earlyStopping: true, nIterNoChange: 2, randomState: 5 }],
    ['three classes, invscaling, early stopping', multi, { learningRate: 'invscaling', eta0: 0.1, earlyStopping: true, randomState: 6 }],
  ];
  for (const [name, data, params] of cases) {
    it(`gives the model of one longer fit, exactly: ${name}`, async () => {
      for (const [from, to] of [[1, 3], [3, 12], [2, 40]] as const) {
        const { continued, once } = await classifiers(data.X, data.y, params, from, to);
        expect(continued.coef).toEqual(once.coef);
        expect(continued.intercept).toEqual(once.intercept);
        expect(continued.nIter).toBe(once.nIter);
        expect(continued.tUpdates).toBe(once.tUpdates);
        expect(continued.getParams().maxIter).toBe(to);
        expect(await continued.decisionFunction(data.X.slice(0, 20))).toEqual(await once.decisionFunction(data.X.slice(0, 20)));
      }
    });
  }

  it('resumes the stopping rule where it was (from every epoch before the stop)', async () => {
    const params = { loss: 'log_loss', tol: 0.05, nIterNoChange: 3, randomState: 8 } as const;
    const once = await captureWarnings(() => new SGDClassifier({ ...params, maxIter: 50 }).fit(binary.X, binary.y));
    const stop = once.result.nIter;
    expect(stop).toBeGreaterThan(4);
    expect(stop).toBeLessThan(50);
    for (let from = 1; from <= stop; from++) {
      const { continued } = await classifiers(binary.X, binary.y, params, from, 50);
      expect(continued.nIter).toBe(stop);
      expect(continued.coef).toEqual(once.result.coef);
    }
  });

  it('continues a continued model again (1 -> 3 -> 9 equals 9)', async () => {
    const params = { randomState: 7, tol: null, average: 50 } as const;
    const model = await new SGDClassifier({ ...params, maxIter: 1 }).fit(multi.X, multi.y);
    const refit = vi.spyOn(model, 'fit');
    await captureWarnings(async () => {
      await model.continueFit(asMatrix(multi.X), multi.y, 'maxIter', 3);
      await model.continueFit(asMatrix(multi.X), multi.y, 'maxIter', 9);
    });
    expect(refit).not.toHaveBeenCalled();
    const once = await captureWarnings(() => new SGDClassifier({ ...params, maxIter: 9 }).fit(multi.X, multi.y));
    expect(model.coef).toEqual(once.result.coef);
    expect(model.intercept).toEqual(once.result.intercept);
    expect(model.tUpdates).toBe(once.result.tUpdates);
  });

  it('fits again after partialFit, and refuses another param', async () => {
    const model = new SGDClassifier({ randomState: 0, tol: null, maxIter: 2 });
    await model.partialFit(binary.X, binary.y, { classes: [0, 1] });
    const refit = vi.spyOn(model, 'fit');
    await captureWarnings(() => model.continueFit(asMatrix(binary.X), binary.y, 'maxIter', 4));
    expect(refit).toHaveBeenCalledTimes(1);
    const once = await captureWarnings(() => new SGDClassifier({ randomState: 0, tol: null, maxIter: 4 }).fit(binary.X, binary.y));
    expect(model.coef).toEqual(once.result.coef);
    await expect(model.continueFit(asMatrix(binary.X), binary.y, 'alpha', 4)).rejects.toThrow(/param/);
    expect(model.continuableParams()).toEqual(['maxIter']);
  });
});

describe('SGDRegressor.continueFit (more epochs along maxIter)', () => {
  const cases: [string, Partial<SGDRegressorParams>][] = [
    ['squared error', { randomState: 0, tol: null }],
    ['huber, elastic net, tol', { loss: 'huber', penalty: 'elasticnet', randomState: 1 }],
    ['averaged, l1', { average: true, penalty: 'l1', randomState: 2, tol: null }],
    ['adaptive, early stopping', { learningRate: 'adaptive', earlyStopping: true, nIterNoChange: 2, randomState: 3 }],
  ];
  for (const [name, params] of cases) {
    it(`gives the model of one longer fit, exactly: ${name}`, async () => {
      for (const [from, to] of [[1, 4], [5, 30]] as const) {
        const continued = await captureWarnings(() => new SGDRegressor({ ...params, maxIter: from }).fit(regression.X, regression.y));
        const refit = vi.spyOn(continued.result, 'fit');
        await captureWarnings(() => continued.result.continueFit(asMatrix(regression.X), regression.y, 'maxIter', to));
        expect(refit).not.toHaveBeenCalled();
        const once = await captureWarnings(() => new SGDRegressor({ ...params, maxIter: to }).fit(regression.X, regression.y));
        expect(continued.result.coef).toEqual(once.result.coef);
        expect(continued.result.intercept).toEqual(once.result.intercept);
        expect(continued.result.nIter).toBe(once.result.nIter);
        expect(continued.result.tUpdates).toBe(once.result.tUpdates);
      }
    });
  }
});

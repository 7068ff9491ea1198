/**
 * Keras wrappers in multi-fidelity searches that continue training: a promoted
 * candidate trains the extra epochs only, through the warmStart path (weights,
 * optimizer state and history continue).
 */
import { describe, expect, it } from 'vitest';
import { validateMatrix } from '../../lib/core/data.js';
import { continuationOf } from '../../lib/core/continuation.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { readResourceProbes } from '../../lib/core/estimator.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { KerasClassifier } from '../../lib/keras/index.js';
import { HalvingGridSearchCV } from '../../lib/model-selection/halving-search-cv.js';
import { blobs, mlp } from './_models.js';

/** Epochs trained by every network whose callbacks hold {@link countEpochs}. */
let epochsTrained = 0;
const countEpochs = { onEpochEnd: () => void epochsTrained++ };

const network = (params: Record<string, unknown> = {}) =>
  new KerasClassifier({ model: mlp, model__hidden: 8, optimizer: 'adam', batchSize: 16, randomState: 0, callbacks: [countEpochs], ...params });

describe('KerasClassifier.continueFit', () => {
  it('trains the extra epochs through the warmStart path: the same history as a warm-started fit, 9 entries', async () => {
    const { X, y } = blobs(48);
    const matrix = validateMatrix(X, { owner: 'spec' });
    expect(continuationOf(network(), 'epochs')).toBeDefined();
    const continued = await network({ epochs: 3 }).fit(X, y);
    epochsTrained = 0;
    await continued.continueFit(matrix, y, 'epochs', 9);
    expect(epochsTrained).toBe(6);
    expect(continued.history.loss).toHaveLength(9);
    expect(continued.getParams().epochs).toBe(9);
    expect(continued.getParams().warmStart).toBe(false);
    expect(continued.splitExtras()?.epochs_trained).toBe(9);

    const warm = await network({ epochs: 3 }).fit(X, y);
    await warm.setParams({ warmStart: true, epochs: 6 }).fit(X, y);
    expect(continued.history).toEqual(warm.history);
    expect(await continued.predictProba(X)).toEqual(await warm.predictProba(X));
    continued.dispose();
    warm.dispose();
  });

  it('without shuffling, continuing 1 -> 3 -> 9 epochs gives the weights and history of one 9-epoch fit (Adam moments and step count continue)', async () => {
    const { X, y } = blobs(48);
    const matrix = validateMatrix(X, { owner: 'spec' });
    const oneGo = await network({ epochs: 9, shuffle: false }).fit(X, y);
    const continued = await network({ epochs: 1, shuffle: false }).fit(X, y);
    await continued.continueFit(matrix, y, 'epochs', 3);
    await continued.continueFit(matrix, y, 'epochs', 9);
    expect(continued.history).toEqual(oneGo.history);
    const weights = (net: typeof oneGo) => net.fittedModel.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(continued)).toEqual(weights(oneGo));
    // with shuffling the extra epochs draw their own orders: not the same weights (the shuffles are not replayed)
    const shuffled = await network({ epochs: 9 }).fit(X, y);
    const shuffledContinued = await network({ epochs: 1 }).fit(X, y);
    await shuffledContinued.continueFit(matrix, y, 'epochs', 9);
    expect(shuffledContinued.history.loss?.[0]).toBe(shuffled.history.loss?.[0]);
    expect(weights(shuffledContinued)).not.toEqual(weights(shuffled));
    for (const net of [oneGo, continued, shuffled, shuffledContinued]) net.dispose();
  });

  it('refuses another param or fewer epochs, and does nothing for the same epochs', async () => {
    const { X, y } = blobs(30);
    const net = await network({ epochs: 2 }).fit(X, y);
    const matrix = validateMatrix(X, { owner: 'spec' });
    await expect(net.continueFit(matrix, y, 'batchSize', 4)).rejects.toThrow(InvalidParameterError);
    await expect(net.continueFit(matrix, y, 'epochs', 1)).rejects.toThrow(/at least the current epochs \(2\)/);
    epochsTrained = 0;
    await net.continueFit(matrix, y, 'epochs', 2);
    expect(epochsTrained).toBe(0);
    expect(net.history.loss).toHaveLength(2);
    net.dispose();
  });
});

describe('a halving search over epochs continues the promoted networks', () => {
  it('a candidate promoted 3 -> 9 epochs trains 6 more per split; the search trains fewer epochs in all', async () => {
    const { X, y } = blobs(60);
    const grid = { model__hidden: [2, 4, 8] };
    const run = async (continueTraining: boolean) => {
      epochsTrained = 0;
      const { result: search, warnings } = await captureWarnings(() =>
        new HalvingGridSearchCV(network(), grid, { resource: 'epochs', minResources: 3, maxResources: 9, factor: 3, cv: 2, continueTraining }).fit(X, y),
      );
      // the kept networks are not taken for leaks, and none is left behind
      expect(warnings).toEqual([]);
      return { search, epochs: epochsTrained };
    };
    const fresh = await run(false);
    fresh.search.bestEstimator?.dispose();
    const tensors = readResourceProbes().tensors as number;
    const continued = await run(true);
    const cv = continued.search.cvResults;
    expect(cv.n_resources).toEqual([3, 3, 3, 9]);
    expect(cv.continued_from).toEqual([NaN, NaN, NaN, 3]);
    // the promoted row's networks have trained 9 epochs in all (its history has 9 entries)
    expect(cv.split0_epochs_trained).toEqual([3, 3, 3, 9]);
    expect(cv.split1_epochs_trained).toEqual([3, 3, 3, 9]);
    expect('continued_from' in fresh.search.cvResults).toBe(false);
    // 2 splits × (3 × 3 + 9) and the refit's 9, against 2 × (3 × 3 + 6) + 9
    expect(fresh.epochs).toBe(45);
    expect(continued.epochs).toBe(39);
    expect(continued.epochs).toBeLessThan(fresh.epochs);
    // every network kept between rounds was disposed by the end of the search
    continued.search.bestEstimator?.dispose();
    expect(readResourceProbes().tensors).toBe(tensors);
  });
});

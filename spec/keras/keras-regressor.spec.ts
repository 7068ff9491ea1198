import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/core/errors.js';
import { loadDiabetes } from '../../lib/datasets/shipped.js';
import { KerasRegressor } from '../../lib/keras/index.js';
import type { KerasMeta } from '../../lib/keras/index.js';
import { checkEstimator } from '../contracts/estimator.contract.js';
import { holdout, mlp, standardize } from './_models.js';

checkEstimator('KerasRegressor', () => new KerasRegressor({ model: mlp, model__hidden: 8, optimizer: 'adam', optimizer__learningRate: 0.05, epochs: 3, randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 1 },
});

describe('KerasRegressor', () => {
  it('reaches an R² above 0.4 on held-out diabetes', async () => {
    const { data, target } = await loadDiabetes();
    const X = standardize(data.map((r) => [...r]));
    const [train, test] = holdout(X.length, 0.25, 0);
    const reg = new KerasRegressor({ model: mlp, model__hidden: 16, optimizer: 'adam', optimizer__learningRate: 0.05, loss: 'mse', epochs: 60, batchSize: 32, randomState: 0 });
    await reg.fit(train.map((i) => X[i]!), train.map((i) => target[i]!));
    const r2 = await reg.score(test.map((i) => X[i]!), test.map((i) => target[i]!));
    reg.dispose();
    expect(r2).toBeGreaterThan(0.4);
  });

  it('fits a multi-output target and predicts rows', async () => {
    const X = Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 7) / 7]);
    const y = X.map(([a, b, c]) => [a! + b!, 2 * c! - a!]);
    const reg = new KerasRegressor({ model: mlp, model__hidden: 16, optimizer: 'adam', optimizer__learningRate: 0.03, epochs: 60, batchSize: 8, randomState: 0 });
    await reg.fit(X, y);
    expect(reg.meta).toMatchObject({ nOutputs: 2, targetType: 'continuous-multioutput', outputActivation: 'linear', nClasses: 0 });
    const pred = (await reg.predict(X)) as number[][];
    expect(pred.length).toBe(60);
    expect(pred[0]!.length).toBe(2);
    expect(await reg.score(X, y)).toBeGreaterThan(0.8);
    reg.dispose();
  });

  it('returns a Float64Array for a single-output target', async () => {
    const X = Array.from({ length: 20 }, (_, i) => [i / 20]);
    const reg = new KerasRegressor({ model: mlp, epochs: 1, randomState: 0 });
    await reg.fit(X, X.map(([v]) => 2 * v!));
    expect(await reg.predict(X)).toBeInstanceOf(Float64Array);
    reg.dispose();
  });

  it('rejects string targets and a model whose outputs do not match the target', async () => {
    const X = [[0], [1], [2], [3]];
    await expect(new KerasRegressor({ model: mlp }).fit(X, ['a', 'b', 'c', 'd'])).rejects.toBeInstanceOf(ValidationError);
    const threeOutputs = (_p: object, meta: KerasMeta): tf.LayersModel => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 3, inputShape: [meta.nFeaturesIn] }));
      return m;
    };
    await expect(new KerasRegressor({ model: threeOutputs }).fit(X, [1, 2, 3, 4])).rejects.toThrow(
      'The model built for KerasRegressor must have an output layer of 1 unit, one per target column (meta.nOutputs). Got 3 units instead.',
    );
  });
});

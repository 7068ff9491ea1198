import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/core/errors.js';
import { KerasClassifier, KerasRegressor } from '../../lib/keras/index.js';
import type { KerasMeta } from '../../lib/keras/index.js';
import { lossTargetProblem } from '../../lib/keras/losses.js';

/** One dense layer of `units` units with `activation`, whatever the target. */
function dense(units: number, activation: 'sigmoid' | 'softmax' | 'linear') {
  return (_params: object, meta: KerasMeta): tf.LayersModel => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units, activation, inputShape: [meta.nFeaturesIn] }));
    return model;
  };
}

const X = [[0], [1], [2], [3], [4], [5]];

describe('lossTargetProblem', () => {
  it('accepts the usual pairs', () => {
    expect(lossTargetProblem('binaryCrossentropy', { targetType: 'binary', nClasses: 2, outputUnits: 1 })).toBeUndefined();
    expect(lossTargetProblem('sparseCategoricalCrossentropy', { targetType: 'binary', nClasses: 2, outputUnits: 2 })).toBeUndefined();
    expect(lossTargetProblem('sparseCategoricalCrossentropy', { targetType: 'multiclass', nClasses: 3, outputUnits: 3 })).toBeUndefined();
    expect(lossTargetProblem('categoricalCrossentropy', { targetType: 'multiclass', nClasses: 3, outputUnits: 3 })).toBeUndefined();
    expect(lossTargetProblem('meanSquaredError', { targetType: 'continuous', nClasses: 0, outputUnits: 1 })).toBeUndefined();
  });

  it('rejects sparse categorical cross-entropy on a continuous target or a single unit', () => {
    expect(lossTargetProblem('sparseCategoricalCrossentropy', { targetType: 'continuous', nClasses: 0, outputUnits: 1 })).toMatch(/needs class labels, but the target is continuous/);
    expect(lossTargetProblem('sparseCategoricalCrossentropy', { targetType: 'binary', nClasses: 2, outputUnits: 1 })).toMatch(/one output unit per class .* 1 output unit for 2 classes/);
  });

  it('rejects categorical cross-entropy on one unit and binary cross-entropy on too few units for many classes', () => {
    expect(lossTargetProblem('categoricalCrossentropy', { targetType: 'binary', nClasses: 2, outputUnits: 1 })).toMatch(/it is 0 whatever the model predicts/);
    expect(lossTargetProblem('binaryCrossentropy', { targetType: 'multiclass', nClasses: 3, outputUnits: 1 })).toMatch(/cannot score 3 classes/);
  });
});

describe('the Keras wrappers check the loss against the target and the output before training', () => {
  it('KerasClassifier: sparse categorical cross-entropy on one sigmoid unit', async () => {
    const clf = new KerasClassifier({ model: dense(1, 'sigmoid'), loss: 'sparseCategoricalCrossentropy', epochs: 1 });
    const fit = clf.fit(X, [0, 1, 0, 1, 0, 1]);
    await expect(fit).rejects.toThrow(ValidationError);
    await expect(clf.fit(X, [0, 1, 0, 1, 0, 1])).rejects.toThrow(
      "The loss 'sparseCategoricalCrossentropy' of KerasClassifier needs one output unit per class (softmax), but the model has 1 output unit for 2 classes. Use an output layer of 2 units with softmax, or loss 'binaryCrossentropy' with 1 sigmoid unit.",
    );
  });

  it('KerasClassifier: categorical cross-entropy on a binary sigmoid output', async () => {
    const clf = new KerasClassifier({ model: dense(1, 'sigmoid'), loss: 'categorical_crossentropy', epochs: 1 });
    await expect(clf.fit(X, ['a', 'b', 'a', 'b', 'a', 'b'])).rejects.toThrow(/The loss 'categoricalCrossentropy' of KerasClassifier normalizes the output over its units, so with 1 output unit it is 0 whatever the model predicts \(target binary\)\. Use loss 'binaryCrossentropy'/);
  });

  it('KerasRegressor: sparse categorical cross-entropy on a continuous target', async () => {
    const reg = new KerasRegressor({ model: dense(1, 'linear'), loss: 'sparseCategoricalCrossentropy', epochs: 1 });
    const error = await reg.fit(X, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe('loss');
    expect((error as ValidationError).message).toMatch(/needs class labels, but the target is continuous\. Use KerasClassifier/);
  });

  it('a model compiled by its build function is checked too', async () => {
    const build = (_p: object, meta: KerasMeta): tf.LayersModel => {
      const model = dense(1, 'sigmoid')(_p, meta);
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      return model;
    };
    await expect(new KerasClassifier({ model: build, epochs: 1 }).fit(X, [0, 1, 0, 1, 0, 1])).rejects.toThrow(/needs one output unit per class/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../lib/core/errors.js';
import { clone } from '../../lib/core/estimator.js';
import { loadDigits } from '../../lib/datasets/shipped.js';
import { KerasClassifier } from '../../lib/keras/index.js';
import type { KerasMeta } from '../../lib/keras/index.js';
import { checkEstimator } from '../contracts/estimator.contract.js';
import { blobs, holdout, mlp } from './_models.js';

checkEstimator('KerasClassifier', () => new KerasClassifier({ model: mlp, model__hidden: 8, optimizer: 'adam', optimizer__learningRate: 0.05, epochs: 3, randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 1 },
});

describe('KerasClassifier', () => {
  it('reaches more than 90% accuracy on held-out digits', async () => {
    const { data, target } = await loadDigits();
    const X = data.map((r) => r.map((v) => v / 16));
    const [train, test] = holdout(X.length, 0.25, 0, target);
    const clf = new KerasClassifier({ model: mlp, model__hidden: 64, optimizer: 'adam', optimizer__learningRate: 0.01, epochs: 8, batchSize: 64, randomState: 0 });
    await clf.fit(train.map((i) => X[i]!), train.map((i) => target[i]!));
    const accuracy = await clf.score(test.map((i) => X[i]!), test.map((i) => target[i]!));
    clf.dispose();
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('round-trips string labels through predict and orders predictProba by classes', async () => {
    const { X, y } = blobs(60);
    const names = ['cat', 'ant', 'bee'];
    const labels = y.map((v) => names[v]!);
    const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', optimizer__learningRate: 0.05, epochs: 20, batchSize: 16, randomState: 0 });
    await clf.fit(X, labels);
    expect(clf.classes).toEqual(['ant', 'bee', 'cat']);
    const pred = await clf.predict(X);
    expect(new Set(pred)).toEqual(new Set(names));
    expect(pred.filter((p, i) => p === labels[i]).length / pred.length).toBeGreaterThan(0.9);
    const proba = await clf.predictProba(X);
    proba.forEach((row, i) => expect(clf.classes[row.indexOf(Math.max(...row))]).toBe(pred[i]));
    clf.dispose();
  });

  it('gives one sigmoid unit to a binary target and two probability columns', async () => {
    const { X, y } = blobs(40);
    const labels = y.map((v) => (v === 0 ? 'no' : 'yes'));
    const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', optimizer__learningRate: 0.05, epochs: 15, batchSize: 8, randomState: 0 });
    await clf.fit(X, labels);
    expect(clf.meta).toMatchObject({ nOutputs: 1, nClasses: 2, targetType: 'binary', outputActivation: 'sigmoid', classes: ['no', 'yes'] });
    expect(clf.fittedModel.outputs[0]!.shape).toEqual([null, 1]);
    const proba = await clf.predictProba(X);
    expect(proba[0]!.length).toBe(2);
    for (const row of proba) expect(row[0]! + row[1]!).toBeCloseTo(1, 6);
    expect(await clf.score(X, labels)).toBeGreaterThan(0.9);
    clf.dispose();
  });

  it('trains a two-unit softmax binary model and one-hot targets for categorical cross-entropy', async () => {
    const { X, y } = blobs(45);
    const twoUnits = (_p: object, meta: KerasMeta): tf.LayersModel => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [meta.nFeaturesIn] }));
      return m;
    };
    const binary = new KerasClassifier({ model: twoUnits, epochs: 2, randomState: 0 });
    await binary.fit(X, y.map((v) => (v === 0 ? 0 : 1)));
    expect((await binary.predictProba(X))[0]!.length).toBe(2);
    binary.dispose();
    const categorical = new KerasClassifier({ model: mlp, loss: 'categorical_crossentropy', metrics: ['accuracy', 'mse'], optimizer: 'adam', optimizer__learningRate: 0.05, epochs: 10, batchSize: 9, randomState: 0 });
    await categorical.fit(X, y);
    expect(Object.keys(categorical.history).sort()).toEqual(['accuracy', 'loss', 'mse']);
    expect(await categorical.score(X, y)).toBeGreaterThan(0.9);
    categorical.dispose();
  });

  it('gives identical predictions for the same randomState on the same backend, dropout included', async () => {
    const { X, y } = blobs(60);
    const make = (): KerasClassifier<{ dropout?: number; hidden?: number }> =>
      new KerasClassifier({ model: mlp, model__dropout: 0.3, model__hidden: 12, optimizer: 'adam', epochs: 4, batchSize: 8, validationSplit: 0.2, randomState: 7 });
    const a = make();
    const b = make();
    await a.fit(X, y);
    await b.fit(X, y);
    expect(await a.predictProba(X)).toEqual(await b.predictProba(X));
    expect(a.history).toEqual(b.history);
    const c = make().setParams({ randomState: 8 });
    await c.fit(X, y);
    expect(await c.predictProba(X)).not.toEqual(await a.predictProba(X));
    [a, b, c].forEach((e) => e.dispose());
  });

  it('keeps per-epoch metrics in history, with val_ metrics under validationSplit', async () => {
    const { X, y } = blobs(60);
    const clf = new KerasClassifier({ model: mlp, epochs: 3, validationSplit: 0.25, randomState: 0 });
    await clf.fit(X, y);
    expect(Object.keys(clf.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    for (const values of Object.values(clf.history)) expect(values.length).toBe(3);
    expect(clf.validationRows!.length).toBe(15);
    expect(clf.splitExtras()).toEqual({ epochs_trained: 3 });
    clf.dispose();
  });

  it('continues training the fitted model with warmStart and appends to history', async () => {
    const { X, y } = blobs(30);
    const clf = new KerasClassifier({ model: mlp, epochs: 2, warmStart: true, randomState: 0 });
    await clf.fit(X, y);
    const model = clf.fittedModel;
    await clf.fit(X, y);
    expect(clf.fittedModel).toBe(model);
    expect(clf.history.loss!.length).toBe(4);
    expect(clf.splitExtras()).toEqual({ epochs_trained: 4 });
    clf.setParams({ warmStart: false });
    await clf.fit(X, y);
    expect(clf.fittedModel).not.toBe(model);
    expect(clf.history.loss!.length).toBe(2);
    clf.dispose();
  });

  it('copies a model instance (architecture and weights) instead of training it', async () => {
    const { X, y } = blobs(30);
    const template = mlp({ hidden: 6 }, { nFeaturesIn: 4, nOutputs: 3, classes: [0, 1, 2], nClasses: 3, targetType: 'multiclass', outputActivation: 'softmax' });
    const before = template.getWeights().map((w) => w.arraySync());
    const clf = new KerasClassifier({ model: template, epochs: 2, randomState: 0 });
    await clf.fit(X, y);
    expect(clf.fittedModel).not.toBe(template);
    expect(template.getWeights().map((w) => w.arraySync())).toEqual(before);
    expect(clone(clf).getParams(false).model).toBe(template);
    clf.dispose();
    template.dispose();
  });

  it('keeps the compilation of a model the build function compiled, and frees its optimizer', async () => {
    const { X, y } = blobs(30);
    const compiled = (p: object, meta: KerasMeta): tf.LayersModel => {
      const m = mlp(p, meta);
      m.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy', metrics: ['acc'] });
      return m;
    };
    const start = tf.memory().numTensors;
    const clf = new KerasClassifier({ model: compiled, epochs: 5, randomState: 0 });
    await clf.fit(X, y);
    expect(Object.keys(clf.history).sort()).toEqual(['accuracy', 'loss']);
    expect(await clf.score(X, y)).toBeGreaterThan(0.9);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(start);
    await expect(new KerasClassifier({ model: compiled, optimizer: 'sgd' }).fit(X, y)).rejects.toThrow(
      'The model returned by the build function of KerasClassifier is already compiled, so the "optimizer", "optimizer__*", "loss" and "metrics" parameters cannot apply.',
    );
    expect(tf.memory().numTensors).toBe(start);
  });

  it('frees the model and the optimizer on dispose, and is unfitted after', async () => {
    const { X, y } = blobs(30);
    const start = tf.memory().numTensors;
    const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', epochs: 2, randomState: 0 });
    await clf.fit(X, y);
    await clf.predict(X);
    await clf.fit(X, y); // the first model and its optimizer are replaced
    expect(tf.memory().numTensors).toBeGreaterThan(start);
    clf.dispose();
    clf.dispose();
    expect(tf.memory().numTensors).toBe(start);
    await expect(clf.predict(X)).rejects.toBeInstanceOf(NotFittedError);
  });
});

describe('KerasClassifier params', () => {
  it('round-trips core and routed params through getParams, setParams and clone', () => {
    const clf = new KerasClassifier({ model: mlp, model__hidden: 32, optimizer: 'sgd', optimizer__learningRate: 0.1, optimizer__momentum: 0.9, fit__yieldEvery: 'never', epochs: 5 });
    const params = clf.getParams();
    expect(params).toMatchObject({ model: mlp, model__hidden: 32, optimizer: 'sgd', optimizer__learningRate: 0.1, optimizer__momentum: 0.9, fit__yieldEvery: 'never', epochs: 5, batchSize: 32 });
    const copy = clone(clf);
    expect(copy.getParams()).toEqual(params);
    copy.setParams({ model__hidden: 64, model__layers: 2, epochs: 7 });
    expect(copy.getParams()).toMatchObject({ model__hidden: 64, model__layers: 2, epochs: 7 });
    expect(clf.getParams().model__hidden).toBe(32);
    copy.setParams({ model__layers: undefined });
    expect('model__layers' in copy.getParams()).toBe(false);
  });

  it('rejects an unknown key with the valid names and the routing prefixes', () => {
    expect(() => new KerasClassifier({ epochz: 3 } as never)).toThrow(
      'Unknown parameter "epochz" for KerasClassifier. Valid parameters are: "model", "epochs", "batchSize", "optimizer", "loss", "metrics", "validationSplit", "callbacks", "shuffle", "verbose", "randomState", "warmStart". Did you mean "epochs"? Routed parameters are also accepted: model__<name> (to the build function), optimizer__<name> (to the optimizer) and fit__<name> (to model.fit).',
    );
    expect(() => new KerasClassifier().setParams({ loss__x: 1 } as never)).toThrow(InvalidParameterError);
  });

  it('rejects bad values when set, with the standard message', () => {
    expect(() => new KerasClassifier({ optimizer: 'adamw' as never })).toThrow(
      'The "optimizer" parameter of KerasClassifier must be one of "sgd", "momentum", "adam", "adamax", "rmsprop", "adagrad", "adadelta" or a tf.train optimizer instance. Got "adamw" instead.',
    );
    expect(() => new KerasClassifier({ epochs: -1 })).toThrow('The "epochs" parameter of KerasClassifier must be an int in the range [1, inf). Got -1 instead.');
    expect(() => new KerasClassifier({ epochs: 2.5 })).toThrow('The "epochs" parameter of KerasClassifier must be an int in the range [1, inf). Got 2.5 instead.');
    expect(() => new KerasClassifier({ batchSize: 0 })).toThrow('The "batchSize" parameter of KerasClassifier must be an int in the range [1, inf). Got 0 instead.');
    expect(() => new KerasClassifier({ validationSplit: 1 })).toThrow('The "validationSplit" parameter of KerasClassifier must be a number in the range [0, 1). Got 1 instead.');
    expect(() => new KerasClassifier({ loss: 'huber' as never })).toThrow(InvalidParameterError);
    expect(() => new KerasClassifier({ metrics: ['f1'] as never })).toThrow(InvalidParameterError);
    expect(() => new KerasClassifier({ model: 42 as never })).toThrow(InvalidParameterError);
  });
});

describe('KerasClassifier fails before training', () => {
  const { X, y } = blobs(30);

  it('without a model', async () => {
    await expect(new KerasClassifier().fit(X, y)).rejects.toThrow(
      'The "model" parameter of KerasClassifier must be a build function (params, meta) => tf.LayersModel or a tf.LayersModel. Got null instead. Pass one to the constructor, e.g. new KerasClassifier({ model: build }).',
    );
  });

  it('when the build function returns something else than a model', async () => {
    const notAModel = (): tf.LayersModel => ({ layers: [] }) as unknown as tf.LayersModel;
    await expect(new KerasClassifier({ model: notAModel }).fit(X, y)).rejects.toThrow(
      'The "model" parameter of KerasClassifier must be a build function returning a tf.LayersModel (tf.sequential() or tf.model()). Got a function (notAModel) returning { layers: [] } instead.',
    );
  });

  it('when an optimizer__ argument does not apply to the optimizer', async () => {
    const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', optimizer__momentum: 0.9 });
    await expect(clf.fit(X, y)).rejects.toThrow(
      'The "optimizer__momentum" parameter of KerasClassifier must be an argument of the "adam" optimizer ("learningRate", "beta1", "beta2", "epsilon"). Got "momentum" instead. Remove it, or choose an optimizer that takes it.',
    );
    await expect(new KerasClassifier({ model: mlp, optimizer__learningRate: -1 }).fit(X, y)).rejects.toThrow(
      'The "optimizer__learningRate" parameter of KerasClassifier must be a number in the range (0, inf). Got -1 instead.',
    );
  });

  it('when a fit__ argument is one the wrapper manages', async () => {
    await expect(new KerasClassifier({ model: mlp, fit__epochs: 3 } as never).fit(X, y)).rejects.toThrow(
      'The "fit__epochs" parameter of KerasClassifier cannot be routed to model.fit: KerasClassifier manages it through its "epochs" parameter. Got 3 instead.',
    );
    await expect(new KerasClassifier({ model: mlp, fit__foo: 1 } as never).fit(X, y)).rejects.toThrow(InvalidParameterError);
  });

  it('when the output layer does not fit the classes', async () => {
    const wrong = (_p: object, meta: KerasMeta): tf.LayersModel => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 5, activation: 'softmax', inputShape: [meta.nFeaturesIn] }));
      return m;
    };
    const start = tf.memory().numTensors;
    await expect(new KerasClassifier({ model: wrong }).fit(X, y)).rejects.toThrow(
      'The model built for KerasClassifier must have an output layer of 3 units (softmax), one per class (meta.nOutputs). Got 5 units instead.',
    );
    expect(tf.memory().numTensors).toBe(start);
  });

  it('when the input does not fit X', async () => {
    const wrong = (): tf.LayersModel => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 3, inputShape: [7] }));
      return m;
    };
    await expect(new KerasClassifier({ model: wrong }).fit(X, y)).rejects.toBeInstanceOf(ValidationError);
  });

  it('when model__ params are routed to a model instance', async () => {
    const template = mlp({}, { nFeaturesIn: 4, nOutputs: 3, classes: [0, 1, 2], nClasses: 3, targetType: 'multiclass', outputActivation: 'softmax' });
    await expect(new KerasClassifier({ model: template, model__hidden: 3 } as never).fit(X, y)).rejects.toThrow(InvalidParameterError);
    template.dispose();
  });

  it('when y has a single class', async () => {
    await expect(new KerasClassifier({ model: mlp }).fit(X, y.map(() => 1))).rejects.toThrow('KerasClassifier.fit needs samples of at least 2 classes in y. Got only the class 1.');
  });
});

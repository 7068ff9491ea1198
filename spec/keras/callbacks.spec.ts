import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { EarlyStopping, KerasClassifier, KerasRegressor, loadTensorFlow } from '../../lib/keras/index.js';
import { blobs, mlp } from './_models.js';

const { X, y } = blobs(45);

describe('EarlyStopping', () => {
  it('validates its options with the standard messages', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow('The "patience" option of EarlyStopping must be an int in the range [0, inf). Got -1 instead.');
    expect(() => new EarlyStopping({ mode: 'up' as never })).toThrow('The "mode" option of EarlyStopping must be one of "auto", "min", "max". Got "up" instead.');
    expect(() => new EarlyStopping({ monitor: '' })).toThrow(InvalidParameterError);
    expect(() => new EarlyStopping({ patiense: 2 } as never)).toThrow('Unknown option "patiense" for EarlyStopping.');
  });

  it('guesses the direction from the monitored name in auto mode', () => {
    expect(new EarlyStopping({ monitor: 'val_loss' }).higherIsBetter).toBe(false);
    expect(new EarlyStopping({ monitor: 'val_accuracy' }).higherIsBetter).toBe(true);
    expect(new EarlyStopping({ monitor: 'val_acc' }).higherIsBetter).toBe(true);
    expect(new EarlyStopping({ monitor: 'val_loss', mode: 'max' }).higherIsBetter).toBe(true);
  });

  it('stops after patience epochs without improvement and keeps the best epoch', async () => {
    // the training loss falls every epoch, so in 'max' mode only epoch 1 is an improvement
    const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', epochs: 10, randomState: 0, callbacks: [new EarlyStopping({ monitor: 'loss', mode: 'max', patience: 2 })] });
    await clf.fit(X, y);
    expect(clf.history.loss!.length).toBe(3);
    expect(clf.splitExtras()).toEqual({ best_epoch: 1, stopped_epoch: 3, epochs_trained: 3 });
    clf.dispose();
  });

  it('restores the weights of the best epoch, also when training ran to the end', async () => {
    let model: tf.LayersModel | undefined;
    const build = (p: object, meta: Parameters<typeof mlp>[1]): tf.LayersModel => (model = mlp(p, meta));
    const weights = (): number[][] => model!.getWeights().map((w) => Array.from(w.dataSync()));
    const seen: number[][][] = [];
    const clf = new KerasClassifier({
      model: build,
      optimizer: 'adam',
      epochs: 4,
      randomState: 0,
      callbacks: [new EarlyStopping({ monitor: 'loss', mode: 'max', patience: 10, restoreBestWeights: true }), { onEpochEnd: () => void seen.push(weights()) }],
    });
    await clf.fit(X, y);
    expect(clf.history.loss!.length).toBe(4);
    expect(weights()).toEqual(seen[0]);
    expect(weights()).not.toEqual(seen[3]);
    clf.dispose();
  });

  it('accepts Keras and tfjs metric aliases in monitor', async () => {
    const clf = new KerasClassifier({ model: mlp, epochs: 2, validationSplit: 0.2, randomState: 0, callbacks: [new EarlyStopping({ monitor: 'val_acc', patience: 3 })] });
    await clf.fit(X, y);
    expect(clf.splitExtras()!.best_epoch).toBeGreaterThanOrEqual(1);
    clf.dispose();
  });

  it('stops when the baseline is never beaten', async () => {
    const reg = new KerasRegressor({ model: mlp, epochs: 10, randomState: 0, callbacks: [new EarlyStopping({ monitor: 'loss', baseline: 0, patience: 1 })] });
    await reg.fit(X, y);
    expect(reg.history.loss!.length).toBe(2);
    reg.dispose();
  });

  it('waits startFromEpoch epochs before watching', async () => {
    const clf = new KerasClassifier({ model: mlp, epochs: 10, randomState: 0, callbacks: [new EarlyStopping({ monitor: 'loss', mode: 'max', patience: 0, startFromEpoch: 3 })] });
    await clf.fit(X, y);
    expect(clf.history.loss!.length).toBe(5);
    clf.dispose();
  });

  it('refuses, before training, to monitor a value the fit does not log', async () => {
    await loadTensorFlow();
    const before = tf.memory().numTensors;
    let trained = false;
    const clf = new KerasClassifier({ model: mlp, epochs: 3, callbacks: [new EarlyStopping(), { onTrainBegin: () => void (trained = true) }] });
    await expect(clf.fit(X, y)).rejects.toThrow(
      'The "monitor" option of EarlyStopping must be a value KerasClassifier.fit logs ("loss", "accuracy"). Got "val_loss" instead. Set validationSplit on KerasClassifier (e.g. 0.1) to log val_ metrics, or monitor "loss".',
    );
    expect(trained).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('TensorFlow.js callbacks', () => {
  it('get train, epoch and batch events with tfjs log names', async () => {
    const events: string[] = [];
    const clf = new KerasClassifier({
      model: mlp,
      epochs: 2,
      batchSize: 45,
      validationSplit: 0.2,
      randomState: 0,
      callbacks: [
        {
          onTrainBegin: () => void events.push('train'),
          onEpochBegin: (epoch: number) => void events.push(`epoch ${epoch}`),
          onBatchEnd: (batch: number) => void events.push(`batch ${batch}`),
          onEpochEnd: (epoch: number, logs?: tf.Logs) => void events.push(`end ${epoch} ${Object.keys(logs ?? {}).sort().join(',')}`),
          onTrainEnd: () => void events.push('done'),
        },
      ],
    });
    await clf.fit(X, y);
    expect(events).toEqual(['train', 'epoch 0', 'batch 0', 'end 0 acc,loss,val_acc,val_loss', 'epoch 1', 'batch 0', 'end 1 acc,loss,val_acc,val_loss', 'done']);
    clf.dispose();
  });

  it('stop training through model.stopTraining (tf.callbacks.earlyStopping)', async () => {
    const clf = new KerasClassifier({ model: mlp, optimizer: 'adam', epochs: 10, randomState: 0, callbacks: [tf.callbacks.earlyStopping({ monitor: 'loss', mode: 'max', patience: 1 })] });
    await clf.fit(X, y);
    expect(clf.history.loss!.length).toBe(2);
    clf.dispose();
  });
});

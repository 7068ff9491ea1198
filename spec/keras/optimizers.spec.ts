import { describe, expect, it } from 'vitest';
import { loadTensorFlow } from '../../lib/keras/backend.js';
import { OPTIMIZER_NAMES, checkOptimizer, createOptimizer } from '../../lib/keras/optimizers.js';

describe('createOptimizer', () => {
  it('builds every named optimizer with Keras defaults and routed arguments', async () => {
    const tf = await loadTensorFlow();
    const classes = OPTIMIZER_NAMES.map((name) => {
      const opt = createOptimizer(tf, 'T', name, { learningRate: 0.5 });
      const out = [opt.getClassName(), (opt.getConfig() as { learningRate: number }).learningRate];
      opt.dispose();
      return out;
    });
    expect(classes).toEqual([
      ['SGD', 0.5],
      ['Momentum', 0.5],
      ['Adam', 0.5],
      ['Adamax', 0.5],
      ['RMSProp', 0.5],
      ['Adagrad', 0.5],
      ['Adadelta', 0.5],
    ]);
    const rms = createOptimizer(tf, 'T', 'rmsprop', {});
    expect(rms.getConfig()).toEqual({ learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    rms.dispose();
    const nesterov = createOptimizer(tf, 'T', 'sgd', { momentum: 0.9, useNesterov: true });
    expect(nesterov.getClassName()).toBe('Momentum');
    expect(nesterov.getConfig()).toEqual({ learningRate: 0.01, momentum: 0.9, useNesterov: true });
    nesterov.dispose();
  });

  it('copies an optimizer instance with routed arguments over its config', async () => {
    const tf = await loadTensorFlow();
    const template = tf.train.adam(0.01, 0.8);
    const copy = createOptimizer(tf, 'T', template, { learningRate: 0.1 });
    expect(copy).not.toBe(template);
    expect(copy.getConfig()).toEqual({ learningRate: 0.1, beta1: 0.8, beta2: 0.999, epsilon: 1e-7 });
    expect(() => checkOptimizer('T', template, { momentum: 0.5 })).toThrow(
      'The "optimizer__momentum" parameter of T must be an argument of the Adam optimizer ("learningRate", "beta1", "beta2", "epsilon"). Got "momentum" instead.',
    );
    copy.dispose();
    template.dispose();
  });

  it('checks argument values', () => {
    expect(() => checkOptimizer('T', 'sgd', { momentum: -0.1 })).toThrow('The "optimizer__momentum" parameter of T must be a number in the range [0, inf). Got -0.1 instead.');
    expect(() => checkOptimizer('T', 'rmsprop', { centered: 1 })).toThrow('The "optimizer__centered" parameter of T must be a boolean. Got 1 instead.');
    expect(() => checkOptimizer('T', 'adam', { learningRate: 0 })).toThrow('The "optimizer__learningRate" parameter of T must be a number in the range (0, inf). Got 0 instead.');
  });
});

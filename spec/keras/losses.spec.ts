import { describe, expect, it } from 'vitest';
import { canonicalLogName, canonicalLoss, logNameMap } from '../../lib/keras/losses.js';

describe('loss and metric names', () => {
  it('maps Keras aliases to TensorFlow.js loss names', () => {
    expect(canonicalLoss('mse')).toBe('meanSquaredError');
    expect(canonicalLoss('sparse_categorical_crossentropy')).toBe('sparseCategoricalCrossentropy');
    expect(canonicalLoss('binaryCrossentropy')).toBe('binaryCrossentropy');
  });

  it("logs tfjs's acc and ce as accuracy and crossentropy, val_ included", () => {
    const map = logNameMap(['loss', 'acc', 'mse'], [
      { compile: 'accuracy', logged: 'accuracy' },
      { compile: 'mse', logged: 'mse' },
    ]);
    expect(Object.fromEntries(map)).toEqual({ loss: 'loss', val_loss: 'val_loss', acc: 'accuracy', val_acc: 'val_accuracy', mse: 'mse', val_mse: 'val_mse' });
    expect(canonicalLogName('val_acc')).toBe('val_accuracy');
    expect(canonicalLogName('ce')).toBe('crossentropy');
    expect(canonicalLogName('val_loss')).toBe('val_loss');
  });
});

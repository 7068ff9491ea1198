import { describe, expect, it, vi } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { FatalError } from '../../../lib/core/errors.js';
import { readResourceProbes } from '../../../lib/core/estimator.js';
import { loadLibsvm } from '../../../lib/estimators/svm/libsvm-loader.js';

describe('loadLibsvm', () => {
  it('loads quietly, without leaving a process-exiting unhandledRejection handler', async () => {
    const listeners = process.listeners('unhandledRejection').length;
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    try {
      await loadLibsvm();
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
    expect(process.listeners('unhandledRejection').length).toBe(listeners);
  });

  it('loads the WebAssembly build once, reading models exactly', async () => {
    const libsvm = await loadLibsvm();
    expect(await loadLibsvm()).toBe(libsvm);
    expect(libsvm.build).toBe('wasm');
    expect(libsvm.exact).toBe(true);
  });
});

describe('Libsvm.train', () => {
  const X = DenseMatrix.fromRows([[0, 0], [1, 1], [9, 9], [0, 1], [1, 0], [5, 5]]);

  it('trains on the given rows, in the given order, and copies the model out', async () => {
    const libsvm = await loadLibsvm();
    // rows 1, 0, 3, 4 (labels 1, 0, 0, 1: label 1 appears first)
    const model = libsvm.train(X, [1, 0, 3, 4], [1, 0, 0, 1], '-s 0 -t 0 -c 10');
    expect(Array.from(model.labels)).toEqual([1, 0]);
    expect(model.rho.length).toBe(1);
    expect(model.coef.length).toBe(1);
    expect(model.coef[0]!.length).toBe(model.svIndices.length);
    expect(Array.from(model.nSV).reduce((a, b) => a + b, 0)).toBe(model.svIndices.length);
    for (const s of model.svIndices) expect(s >= 0 && s < 4).toBe(true);
    expect(readResourceProbes().libsvmAllocations).toBe(0);
  });

  it('trains regression on real-valued targets', async () => {
    const libsvm = await loadLibsvm();
    const model = libsvm.train(X, [0, 1, 2, 5], [0, 1, 9, 5], '-s 3 -t 0 -c 100 -p 0.01');
    expect(model.labels.length).toBe(0);
    expect(model.rho.length).toBe(1);
  });

  it('refuses an option string libsvm-js would overflow', async () => {
    const libsvm = await loadLibsvm();
    expect(() => libsvm.train(X, [0, 1], [0, 1], `-s 0 ${'-c 1 '.repeat(60)}`)).toThrow(FatalError);
  });
});

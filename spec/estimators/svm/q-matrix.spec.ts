import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { ClassificationQ, RegressionQ } from '../../../lib/estimators/svm/q-matrix.js';
import { TrainingKernel } from '../../../lib/estimators/svm/training-kernel.js';
import { heapViews } from '../../../lib/estimators/svm/wasm-kernels.js';
import { randomMatrix } from './reference.js';

const kernel: Kernel = { kernel: 'rbf', gamma: 0.5, degree: 3, coef0: 0 };
const X = randomMatrix(5, 3, 2);
const rows = Int32Array.of(0, 1, 2, 3, 4);
const column = (address: number, len: number): number[] => Array.from(heapViews().f32.subarray(address >> 2, (address >> 2) + len));

describe('RegressionQ', () => {
  it('serves the 2l × 2l matrix s_a s_b K(x_row(a), x_row(b)), in the swapped order', () => {
    const k = new TrainingKernel(X, rows, kernel);
    const reference = new TrainingKernel(X, rows, kernel);
    const Q = new RegressionQ(k, 1);
    const K = new ClassificationQ(reference, 1);
    try {
      const Krow = (r: number): number[] => column(K.column(r, 5), 5);
      expect(Array.from(Q.diagonal())).toEqual([...reference.diagonal(), ...reference.diagonal()]);
      // variables: α_0 … α_4, α*_0 … α*_4; swap α_1 with α*_3, then α_0 with α_4
      Q.swap(1, 8);
      Q.swap(0, 4);
      const order = [4, 8, 2, 3, 0, 5, 6, 7, 1, 9];
      const row = (v: number): number => v % 5;
      const sign = (v: number): number => (v < 5 ? 1 : -1);
      for (const a of [0, 1, 7]) {
        const va = order[a]!;
        const want = order.map((vb) => sign(va) * sign(vb) * Krow(row(va))[row(vb)]!);
        expect(column(Q.column(a, 10), 10)).toEqual(want);
      }
      // a prefix, and two columns alive at once (alternating buffers)
      const first = Q.column(2, 4);
      const second = Q.column(3, 4);
      expect(first).not.toBe(second);
      expect(column(first, 4)).toEqual(order.slice(0, 4).map((vb) => sign(2) * sign(vb) * Krow(2)[row(vb)]!));
      // asked again: the same buffer, unless a swap happened since
      expect(Q.column(2, 4)).toBe(first);
      expect(Q.column(3, 3)).toBe(second);
      Q.swap(0, 3);
      [order[0], order[3]] = [order[3]!, order[0]!];
      expect(column(Q.column(3, 10), 10)).toEqual(order.map((vb) => sign(order[3]!) * sign(vb) * Krow(row(order[3]!))[row(vb)]!));
    } finally {
      Q.dispose();
      K.dispose();
      k.dispose();
      reference.dispose();
    }
  });
});

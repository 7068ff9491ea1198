import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { SharedKernel, TrainingKernel } from '../../../lib/estimators/svm/training-kernel.js';
import type { ProblemKernel } from '../../../lib/estimators/svm/training-kernel.js';
import { heapViews, svmKernels } from '../../../lib/estimators/svm/wasm-kernels.js';
import { randomMatrix, trainingKernel } from './reference.js';

/** Row i against rows [start, end) as the kernel writes them (float32). */
function rowOf(kernel: ProblemKernel, i: number, start: number, end: number): number[] {
  const out = svmKernels.alloc(kernel.size * 4 + 16);
  try {
    heapViews().f32.fill(NaN, out >> 2, (out >> 2) + kernel.size);
    kernel.row(i, start, end, out);
    return Array.from(heapViews().f32.subarray((out >> 2) + start, (out >> 2) + end));
  } finally {
    svmKernels.release(out);
  }
}

/** float32 values equal, or one float32 step apart (the exp or tanh may differ in the last bit of the double). */
function expectFloat32Close(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    const w = Math.fround(want[k]!);
    expect(Math.abs(g - w)).toBeLessThanOrEqual(Math.abs(w) * 2 ** -23 + 1e-45);
  });
}

const kernels: Kernel[] = [
  { kernel: 'linear', gamma: 1, degree: 3, coef0: 0 },
  { kernel: 'poly', gamma: 0.2, degree: 3, coef0: 1 },
  { kernel: 'rbf', gamma: 0.3, degree: 3, coef0: 0 },
  { kernel: 'sigmoid', gamma: 0.1, degree: 3, coef0: -0.5 },
];

describe('TrainingKernel', () => {
  for (const kernel of kernels) {
    for (const [l, d] of [[1, 1], [2, 3], [9, 1], [19, 7], [40, 20]] as const) {
      it(`computes libsvm's y_i y_j K(x_i, x_j) as float32 for ${l} rows of ${d} features (${kernel.kernel})`, () => {
        const X = randomMatrix(l + 3, d, l * 31 + d);
        const rows = Int32Array.from({ length: l }, (_, j) => (j * 7 + 2) % (l + 3));
        const signs = Int8Array.from({ length: l }, (_, j) => (j % 3 === 0 ? -1 : 1));
        const k = new TrainingKernel(X, rows, kernel, signs);
        try {
          for (const i of new Set([0, l - 1, l >> 1])) {
            for (const [start, end] of [[0, l], [Math.min(1, l), l], [0, Math.max(0, l - 1)], [l >> 1, l]] as const) {
              const want = Array.from({ length: end - start }, (_, t) => signs[i]! * signs[start + t]! * trainingKernel(kernel, X.row(rows[i]!), X.row(rows[start + t]!)));
              expectFloat32Close(rowOf(k, i, start, end), want);
            }
          }
          const diagonal = k.diagonal();
          rows.forEach((r, i) => expect(Math.abs(diagonal[i]! - trainingKernel(kernel, X.row(r), X.row(r)))).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(diagonal[i]!))));
        } finally {
          k.dispose();
        }
      });
    }
  }

  it('gives the linear and poly kernels exactly (the dot products summed in libsvm\'s order)', () => {
    const X = randomMatrix(13, 9, 3);
    const rows = Int32Array.from({ length: 13 }, (_, j) => j);
    for (const kernel of kernels.slice(0, 2)) {
      const k = new TrainingKernel(X, rows, kernel);
      try {
        expect(rowOf(k, 4, 0, 13)).toEqual(Array.from(rows, (r) => Math.fround(trainingKernel(kernel, X.row(4), X.row(r)))));
      } finally {
        k.dispose();
      }
    }
  });

  it('skips the zero features of a row without changing a bit', () => {
    const X = randomMatrix(21, 11, 8);
    X.values.forEach((v, k) => {
      if (v < 0.3 || k % 11 === 0) X.values[k] = 0;
    });
    X.values.fill(0, 5 * 11, 6 * 11); // an all-zero row
    const rows = Int32Array.from({ length: 21 }, (_, j) => j);
    for (const kernel of kernels.slice(0, 2)) {
      const k = new TrainingKernel(X, rows, kernel);
      try {
        for (const i of [0, 5, 20]) expect(rowOf(k, i, 0, 21)).toEqual(Array.from(rows, (r) => Math.fround(trainingKernel(kernel, X.row(i), X.row(r)))));
      } finally {
        k.dispose();
      }
    }
  });

  it('gives rbf exactly 1 on the diagonal', () => {
    const k = new TrainingKernel(randomMatrix(5, 3, 1, 100), Int32Array.of(0, 1, 2, 3, 4), kernels[2]!);
    try {
      expect(Array.from(k.diagonal())).toEqual([1, 1, 1, 1, 1]);
      expect(rowOf(k, 3, 3, 4)).toEqual([1]);
    } finally {
      k.dispose();
    }
  });

  it('swaps rows with their signs', () => {
    const X = randomMatrix(6, 4, 9);
    const rows = Int32Array.of(0, 1, 2, 3, 4, 5);
    const signs = Int8Array.of(1, -1, 1, 1, -1, 1);
    const k = new TrainingKernel(X, rows, kernels[2]!, signs);
    try {
      const before = rowOf(k, 1, 0, 6);
      k.swap(1, 4);
      k.swap(0, 2);
      const after = rowOf(k, 4, 0, 6);
      expect(after).toEqual([before[2], before[4], before[0], before[3], before[1], before[5]]);
    } finally {
      k.dispose();
    }
  });
});

describe('SharedKernel', () => {
  const X = randomMatrix(30, 5, 4);
  const codes = Int32Array.from({ length: 30 }, (_, r) => (r * 7) % 3);
  const rowsOf = [0, 1, 2].map((c) => Int32Array.from({ length: 30 }, (_, r) => r).filter((r) => codes[r] === c));

  it('serves any subset of its rows with the bits of TrainingKernel, through swaps', () => {
    for (const kernel of kernels) {
      const shared = new SharedKernel(X, rowsOf, kernel);
      const rows = Int32Array.from([...rowsOf[2]!, ...rowsOf[0]!.slice(0, 6)]);
      const signs = Int8Array.from(rows, (r) => (codes[r] === 2 ? 1 : -1));
      const a = shared.problem(rows, signs);
      const b = new TrainingKernel(X, rows, kernel, signs);
      try {
        expect(Array.from(a.diagonal())).toEqual(Array.from(b.diagonal()));
        for (const [i, j] of [[0, 5], [3, 12], [12, 1]]) {
          a.swap(i!, j!);
          b.swap(i!, j!);
        }
        for (const i of [0, 4, 12]) expect(rowOf(a, i, 2, rows.length)).toEqual(rowOf(b, i, 2, rows.length));
      } finally {
        a.dispose();
        b.dispose();
        shared.dispose();
      }
    }
  });

  it('fits when the matrix is within the cache size', () => {
    expect(SharedKernel.fits(1024, 4)).toBe(true);
    expect(SharedKernel.fits(1025, 4)).toBe(false);
  });

  it('frees its memory', () => {
    const before = svmKernels.bytesInUse;
    const shared = new SharedKernel(X, rowsOf, kernels[2]!);
    shared.problem(rowsOf[1]!, new Int8Array(rowsOf[1]!.length).fill(1)).dispose();
    shared.dispose();
    expect(svmKernels.bytesInUse).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { KernelMatrix, denseKernels, gramMatrix } from '../../../lib/core/kernels/dense.js';
import { Rng } from '../../../lib/core/rng.js';

function randomMatrix(rows: number, cols: number, seed: number, offset = 0): DenseMatrix {
  const rng = new Rng(seed);
  const values = new Float64Array(rows * cols);
  for (let k = 0; k < values.length; k++) values[k] = offset + rng.normal();
  return new DenseMatrix(values, rows, cols);
}

/** The slow, obvious XᵀX the kernel is held to. */
function referenceGram(X: DenseMatrix, rows: ArrayLike<number>, center: boolean): Float64Array {
  const p = X.columns;
  const means = new Float64Array(p);
  if (center) {
    for (let k = 0; k < rows.length; k++) for (let j = 0; j < p; j++) means[j]! += X.get(rows[k]!, j);
    for (let j = 0; j < p; j++) means[j]! /= rows.length;
  }
  const out = new Float64Array(p * p);
  for (let k = 0; k < rows.length; k++) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) out[i * p + j]! += (X.get(rows[k]!, i) - means[i]!) * (X.get(rows[k]!, j) - means[j]!);
    }
  }
  return out;
}

const allRows = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('gramMatrix (wasm SIMD kernel)', () => {
  for (const [n, p] of [[1, 1], [3, 2], [7, 5], [130, 3], [257, 50], [300, 64], [50, 9]] as const) {
    it(`equals the reference XᵀX for ${n} x ${p}, plain and centred`, () => {
      const X = randomMatrix(n, p, n * 100 + p, 3);
      for (const center of [false, true]) {
        const { gram, means } = gramMatrix(X, { center });
        const ref = referenceGram(X, allRows(n), center);
        for (let k = 0; k < ref.length; k++) expect(gram[k]).toBeCloseTo(ref[k]!, 9);
        expect(means === undefined).toBe(!center);
      }
    });
  }

  it('uses only the rows listed, in any order', () => {
    const X = randomMatrix(40, 7, 5);
    const rows = [39, 3, 3, 17, 0, 22, 8];
    const { gram } = gramMatrix(X, { rows, center: true });
    const ref = referenceGram(X, rows, true);
    for (let k = 0; k < ref.length; k++) expect(gram[k]).toBeCloseTo(ref[k]!, 10);
  });

  it('is symmetric and leaves no kernel memory in use', () => {
    const before = denseKernels.bytesInUse;
    const { gram } = gramMatrix(randomMatrix(33, 6, 1));
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(gram[i * 6 + j]).toBe(gram[j * 6 + i]);
    expect(denseKernels.bytesInUse).toBe(before);
  });
});

describe('KernelMatrix products', () => {
  for (const p of [1, 2, 3, 8, 13]) {
    it(`X w and Xᵀ v equal the reference for ${p} columns`, () => {
      const X = randomMatrix(21, p, p);
      const w = Float64Array.from({ length: p }, (_, j) => j - 1.5);
      const v = Float64Array.from({ length: 21 }, (_, i) => Math.sin(i));
      const m = KernelMatrix.from(X);
      try {
        const y = m.multiply(w);
        const z = m.multiplyTransposed(v);
        for (let i = 0; i < 21; i++) {
          let s = 0;
          for (let j = 0; j < p; j++) s += X.get(i, j) * w[j]!;
          expect(y[i]).toBeCloseTo(s, 12);
        }
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let i = 0; i < 21; i++) s += X.get(i, j) * v[i]!;
          expect(z[j]).toBeCloseTo(s, 12);
        }
      } finally {
        m.dispose();
      }
    });
  }

  it('subtracts column means in place for an odd column count without touching the next row', () => {
    const X = randomMatrix(5, 3, 9, 10);
    const m = KernelMatrix.from(X);
    try {
      const means = m.columnMeans();
      m.subtractFromRows(means);
      const view = m.view();
      for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) expect(view[i * 3 + j]).toBeCloseTo(X.get(i, j) - means[j]!, 12);
    } finally {
      m.dispose();
    }
  });
});

describe('WasmKernelModule allocator', () => {
  it('reuses freed blocks, merges neighbours and grows the memory when needed', () => {
    const k = denseKernels;
    const before = k.bytesInUse;
    const a = k.alloc(100);
    const b = k.alloc(1000);
    const c = k.alloc(10);
    expect(a % 16).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 100);
    k.release(a);
    k.release(b);
    const d = k.alloc(1100); // fits in the merged a+b hole
    expect(d).toBe(a);
    const big = k.alloc(8 * 1024 * 1024); // grows the memory
    expect(k.memoryBytes).toBeGreaterThanOrEqual(big + 8 * 1024 * 1024);
    for (const p of [big, c, d]) k.release(p);
    expect(k.bytesInUse).toBe(before);
    expect(() => k.release(a + 1)).toThrow(/unknown block/);
  });

  it('releases scoped blocks when the body throws', () => {
    const before = denseKernels.bytesInUse;
    expect(() =>
      denseKernels.scoped((alloc) => {
        alloc(64);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(denseKernels.bytesInUse).toBe(before);
  });
});

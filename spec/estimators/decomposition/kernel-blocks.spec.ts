import { describe, expect, it } from 'vitest';
import { denseKernels } from '../../../lib/core/kernels/dense.js';
import { Rng } from '../../../lib/core/rng.js';
import { centerColumns, KernelBlock, productTN, projectOnKernels, transposed } from '../../../lib/estimators/decomposition/kernel-blocks.js';

function random(rows: number, cols: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.normal());
}

/** PᵀQ in plain JavaScript. */
function referenceTN(P: Float64Array, Q: Float64Array, rows: number, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += P[r * m + i]! * Q[r * n + j]!;
  return out;
}

const SHAPES: [rows: number, m: number, n: number][] = [
  [1, 1, 1],
  [1, 5, 3],
  [7, 1, 6],
  [9, 5, 7],
  [130, 13, 4],
  [300, 8, 9],
];

describe('productTN', () => {
  it.each(SHAPES)('%i rows: %i × %i, as the reference (to rounding), upper mirrored', (rows, m, n) => {
    const P = random(rows, m, rows + m);
    const Q = random(rows, n, rows + n + 1);
    const before = denseKernels.bytesInUse;
    const Pb = KernelBlock.from(P, rows, m);
    const Qb = KernelBlock.from(Q, rows, n);
    try {
      const C = productTN(Pb, Qb);
      const expected = referenceTN(P, Q, rows, m, n);
      Array.from(C.toArray()).forEach((v, t) => expect(Math.abs(v - expected[t]!)).toBeLessThan(1e-12 * rows));
      C.dispose();
      const G = productTN(Pb, Pb, true);
      const gram = referenceTN(P, P, rows, m, m);
      Array.from(G.toArray()).forEach((v, t) => expect(Math.abs(v - gram[t]!)).toBeLessThan(1e-12 * rows));
      G.dispose();
    } finally {
      Pb.dispose();
      Qb.dispose();
    }
    expect(denseKernels.bytesInUse).toBe(before);
  });
});

describe('transposed, centerColumns and projectOnKernels', () => {
  it.each(SHAPES)('%i × %i (and %i components)', (rows, cols, k) => {
    const X = random(rows, cols, 3 * rows + cols);
    const block = KernelBlock.from(X, rows, cols);
    const T = transposed(block);
    try {
      const t = T.toArray();
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(t[j * rows + i]).toBe(X[i * cols + j]);
      const mean = centerColumns(block);
      const centred = block.toArray();
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let i = 0; i < rows; i++) sum += X[i * cols + j]!;
        expect(mean[j]).toBe(sum / rows);
        for (let i = 0; i < rows; i++) expect(centred[i * cols + j]).toBe(X[i * cols + j]! - mean[j]!);
      }
      const components = random(k, cols, k);
      const projected = projectOnKernels(X, rows, cols, mean, components, k);
      for (let i = 0; i < rows; i++) {
        for (let c = 0; c < k; c++) {
          let dot = 0;
          for (let j = 0; j < cols; j++) dot += (X[i * cols + j]! - mean[j]!) * components[c * cols + j]!;
          expect(Math.abs(projected[i * k + c]! - dot)).toBeLessThan(1e-12 * cols);
        }
      }
    } finally {
      T.dispose();
      block.dispose();
    }
  });
});

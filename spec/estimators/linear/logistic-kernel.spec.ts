import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { KernelRows, linearKernels } from '../../../lib/estimators/linear/linear-kernels.js';
import { BinaryLogisticKernel, MultinomialLogisticKernel } from '../../../lib/estimators/linear/logistic-kernel.js';
import type { KernelObjective } from '../../../lib/estimators/linear/logistic-kernel.js';
import { BinaryLogisticLoss, MultinomialLogisticLoss } from '../../../lib/estimators/linear/logistic-loss.js';

/** A random n × p matrix with entries of a few units, and weights of scale `w`. */
function problem(seed: number, n: number, p: number, scale = 1): { X: DenseMatrix; sw: Float64Array; rng: Rng } {
  const rng = new Rng(seed);
  const X = new DenseMatrix(Float64Array.from({ length: n * p }, () => scale * rng.normal()), n, p);
  const sw = Float64Array.from({ length: n }, () => 0.5 + rng.random());
  return { X, sw, rng };
}

/** The kernel's value and gradient next to the reference's, at a few points. */
function compare(kernel: KernelObjective, reference: { valueAndGradient(w: Float64Array, g: Float64Array): number }, rng: Rng, spread: number): void {
  const dim = kernel.dim;
  for (let trial = 0; trial < 4; trial++) {
    const w = Float64Array.from({ length: dim }, () => spread * rng.normal());
    const gk = new Float64Array(dim);
    const gr = new Float64Array(dim);
    const fk = kernel.valueAndGradient(w, gk);
    const fr = reference.valueAndGradient(w, gr);
    expect(Math.abs(fk - fr)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(fr)));
    let gScale = 1;
    for (const v of gr) gScale = Math.max(gScale, Math.abs(v));
    for (let i = 0; i < dim; i++) expect(Math.abs(gk[i]! - gr[i]!)).toBeLessThanOrEqual(1e-12 * gScale);
  }
}

describe('BinaryLogisticKernel against BinaryLogisticLoss', () => {
  // odd sizes: one row, one column, row counts around the 4-row blocks and the 64-row chunks
  for (const [n, p] of [[1, 1], [1, 4], [3, 1], [5, 2], [7, 3], [64, 5], [67, 7], [130, 2], [200, 9]] as const) {
    for (const fitIntercept of [true, false]) {
      it(`gives the same value and gradient on ${n} × ${p} (fitIntercept ${fitIntercept})`, () => {
        const { X, sw, rng } = problem(n * 31 + p, n, p);
        const y = Float64Array.from({ length: n }, () => (rng.random() < 0.4 ? 1 : 0));
        const rows = KernelRows.from(X);
        const kernel = new BinaryLogisticKernel(rows, y, sw, 0.7, fitIntercept);
        try {
          compare(kernel, new BinaryLogisticLoss(X, y, sw, 0.7, fitIntercept), rng, 1);
        } finally {
          kernel.dispose();
          rows.dispose();
        }
      });
    }
  }

  it('stays finite and exact where the raw predictions overflow exp', () => {
    const { X, sw, rng } = problem(5, 37, 3, 50);
    const y = Float64Array.from({ length: 37 }, () => (rng.random() < 0.5 ? 1 : 0));
    const rows = KernelRows.from(X);
    const kernel = new BinaryLogisticKernel(rows, y, sw, 0.1, true);
    try {
      compare(kernel, new BinaryLogisticLoss(X, y, sw, 0.1, true), rng, 20);
    } finally {
      kernel.dispose();
      rows.dispose();
    }
  });

  it('reads gathered rows', () => {
    const { X, sw, rng } = problem(9, 40, 3);
    const pick = [39, 3, 3, 17, 0, 25, 11];
    const sub = DenseMatrix.fromRows(pick.map((i) => X.values.subarray(i * 3, i * 3 + 3)), 3);
    const y = Float64Array.from(pick, (_, k) => k % 2);
    const w = Float64Array.from(pick, (i) => sw[i]!);
    const rows = KernelRows.from(X, pick);
    const kernel = new BinaryLogisticKernel(rows, y, w, 1, true);
    try {
      compare(kernel, new BinaryLogisticLoss(sub, y, w, 1, true), rng, 1);
    } finally {
      kernel.dispose();
      rows.dispose();
    }
  });

  it('frees its kernel memory', () => {
    const before = linearKernels.bytesInUse;
    const { X, sw } = problem(1, 10, 2);
    const rows = KernelRows.from(X);
    new BinaryLogisticKernel(rows, new Float64Array(10), sw, 1, true).dispose();
    rows.dispose();
    expect(linearKernels.bytesInUse).toBe(before);
  });
});

describe('MultinomialLogisticKernel against MultinomialLogisticLoss', () => {
  for (const [n, p, K] of [[1, 1, 2], [2, 3, 3], [9, 1, 4], [33, 4, 3], [70, 5, 5], [129, 3, 2]] as const) {
    for (const fitIntercept of [true, false]) {
      it(`gives the same value and gradient on ${n} × ${p}, ${K} classes (fitIntercept ${fitIntercept})`, () => {
        const { X, sw, rng } = problem(n * 7 + p * 3 + K, n, p);
        const codes = Int32Array.from({ length: n }, () => rng.integer(0, K));
        const rows = KernelRows.from(X);
        const kernel = new MultinomialLogisticKernel(rows, codes, K, sw, 0.3, fitIntercept);
        try {
          compare(kernel, new MultinomialLogisticLoss(X, codes, K, sw, 0.3, fitIntercept), rng, 1);
        } finally {
          kernel.dispose();
          rows.dispose();
        }
      });
    }
  }

  it('stays finite where the raw predictions are large', () => {
    const { X, sw, rng } = problem(3, 21, 2, 40);
    const codes = Int32Array.from({ length: 21 }, () => rng.integer(0, 3));
    const rows = KernelRows.from(X);
    const kernel = new MultinomialLogisticKernel(rows, codes, 3, sw, 0.3, true);
    try {
      compare(kernel, new MultinomialLogisticLoss(X, codes, 3, sw, 0.3, true), rng, 20);
    } finally {
      kernel.dispose();
      rows.dispose();
    }
  });
});

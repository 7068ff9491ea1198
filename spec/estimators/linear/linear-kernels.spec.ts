import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { copyRows, kernelLinearPredict, kernelLinearScores, KernelRows, linearKernels } from '../../../lib/estimators/linear/linear-kernels.js';
import { linearPredict } from '../../../lib/estimators/linear/linear-model.js';

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('KernelRows', () => {
  const X = new DenseMatrix(Float64Array.from({ length: 15 }, (_, k) => k * 1.5 - 3), 5, 3);

  it('copies every row into the kernel memory and frees it', () => {
    const before = linearKernels.bytesInUse;
    const rows = KernelRows.from(X);
    expect([rows.rows, rows.columns]).toEqual([5, 3]);
    expect(Array.from(linearKernels.f64(rows.ptr, 15))).toEqual(Array.from(X.values));
    rows.dispose();
    rows.dispose();
    expect(linearKernels.bytesInUse).toBe(before);
  });

  it('gathers the rows listed, in their order, repeats included', () => {
    const rows = KernelRows.from(X, [4, 0, 4]);
    expect(rows.rows).toBe(3);
    expect(Array.from(linearKernels.f64(rows.ptr, 9))).toEqual([...X.values.slice(12, 15), ...X.values.slice(0, 3), ...X.values.slice(12, 15)]);
    rows.dispose();
  });

  it('copyRows copies a range of the listed rows to the start of the output', () => {
    const out = new Float64Array(6);
    copyRows(X.values, 3, [3, 1, 2], out, 1, 3);
    expect(Array.from(out)).toEqual([...X.values.slice(3, 6), ...X.values.slice(6, 9)]);
  });
});

describe('the SIMD exp and log1p of the logistic kernels', () => {
  it('exp(t) for t <= 0 is within 2 ulp of Math.exp down to -708', () => {
    const { exp_nonpositive } = linearKernels.exports;
    let worst = 0;
    for (let k = 0; k <= 20000; k++) {
      const t = -708 * (k / 20000) ** 2;
      worst = Math.max(worst, ulps(exp_nonpositive(t), Math.exp(t)));
    }
    for (const t of [0, -0, -1e-300, -5e-324, -1e-17, -0.5 * Math.LN2, -Math.LN2, -1]) worst = Math.max(worst, ulps(exp_nonpositive(t), Math.exp(t)));
    expect(worst).toBeLessThanOrEqual(2);
    expect(exp_nonpositive(0)).toBe(1);
  });

  it('clamps below -708, where e^t is negligible next to 1', () => {
    const { exp_nonpositive } = linearKernels.exports;
    expect(exp_nonpositive(-1000)).toBe(exp_nonpositive(-708));
    expect(exp_nonpositive(-Infinity)).toBe(exp_nonpositive(-708));
    expect(exp_nonpositive(-708)).toBeGreaterThan(0);
  });

  it('log(1 + u) for 0 <= u <= 1 is within 2 ulp of Math.log1p', () => {
    const { log1p_unit } = linearKernels.exports;
    let worst = 0;
    for (let k = 0; k <= 20000; k++) {
      const u = k / 20000;
      worst = Math.max(worst, ulps(log1p_unit(u), Math.log1p(u)));
    }
    for (let e = -320; e <= 0; e++) {
      const u = 10 ** e;
      worst = Math.max(worst, ulps(log1p_unit(u), Math.log1p(u)));
    }
    for (const u of [Math.SQRT2 - 1, Math.SQRT2 - 1 + 1e-16, Number.EPSILON, Number.EPSILON / 2, 1 - 1e-16]) worst = Math.max(worst, ulps(log1p_unit(u), Math.log1p(u)));
    expect(worst).toBeLessThanOrEqual(2);
    expect(log1p_unit(0)).toBe(0);
  });

  it('propagates NaN', () => {
    expect(linearKernels.exports.exp_nonpositive(NaN)).toBeNaN();
    expect(linearKernels.exports.log1p_unit(NaN)).toBeNaN();
  });
});

describe('kernelLinearPredict and kernelLinearScores', () => {
  // odd sizes: one row, one column, rows around the 4-row blocks and the 1024-row chunks
  for (const [n, p] of [[1, 1], [1, 5], [3, 1], [6, 3], [1023, 2], [1025, 7], [2100, 4]] as const) {
    it(`equal the plain X · w + b on ${n} × ${p}`, () => {
      const rng = new Rng(n + p);
      const X = new DenseMatrix(Float64Array.from({ length: n * p }, () => rng.normal()), n, p);
      const coefs = [0, 1, 2].map(() => Float64Array.from({ length: p }, () => rng.normal()));
      const intercepts = [0.5, -1, 2];
      const plain = coefs.map((w, c) => linearPredict(X, w, intercepts[c]!));
      const one = kernelLinearPredict(X, coefs[0]!, 0.5);
      const all = kernelLinearScores(X, coefs, intercepts);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(one[i]! - plain[0]![i]!)).toBeLessThan(1e-13 * (1 + Math.abs(plain[0]![i]!)));
        for (let c = 0; c < 3; c++) expect(Math.abs(all[i * 3 + c]! - plain[c]![i]!)).toBeLessThan(1e-13 * (1 + Math.abs(plain[c]![i]!)));
      }
    });
  }
});

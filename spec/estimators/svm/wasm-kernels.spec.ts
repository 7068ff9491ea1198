import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { decisionValues, kernelExp, svmKernels } from '../../../lib/estimators/svm/wasm-kernels.js';
import { predictionKernel, randomMatrix } from './reference.js';

const base = { gamma: 0.5, degree: 3, coef0: 1 };
const kernelOf = (name: Kernel['kernel'], extra: Partial<Kernel> = {}): Kernel => ({ ...base, kernel: name, ...extra });

/** The value of K(A_a, B_b) for every pair, through decisionValues with one machine per row of B. */
function kernelValues(kernel: Kernel, A: DenseMatrix, B: DenseMatrix): number[][] {
  const machines = Array.from({ length: B.rows }, (_, b) => ({ rows: Int32Array.of(b), coef: Float64Array.of(1), rho: 0 }));
  const out = decisionValues(kernel, B, machines, A);
  return Array.from({ length: A.rows }, (_, a) => Array.from(out.subarray(a * B.rows, (a + 1) * B.rows)));
}

describe('decisionValues: the kernel formulas', () => {
  const A = DenseMatrix.fromRows([[1, 2], [0, -1]]);
  const B = DenseMatrix.fromRows([[3, 1], [1, 1], [0, 0]]);
  const dots = [[5, 3, 0], [-1, -1, 0]];

  it('is a·b for the linear kernel', () => {
    expect(kernelValues(kernelOf('linear'), A, B)).toEqual(dots);
  });

  it('is exp(−γ‖a − b‖²) for rbf', () => {
    const squared = [[5, 1, 5], [13, 5, 1]];
    const values = kernelValues(kernelOf('rbf'), A, B).flat();
    squared.flat().forEach((s, k) => expect(values[k]).toBeCloseTo(Math.exp(-0.5 * s), 15));
  });

  it('is (γ a·b + coef0)^degree for poly', () => {
    expect(kernelValues(kernelOf('poly'), A, B)).toEqual(dots.map((row) => row.map((d) => (0.5 * d + 1) ** 3)));
    expect(kernelValues(kernelOf('poly', { degree: 0 }), A, B)).toEqual(dots.map((row) => row.map(() => 1)));
  });

  it('is tanh(γ a·b + coef0) for sigmoid', () => {
    const values = kernelValues(kernelOf('sigmoid'), A, B).flat();
    dots.flat().forEach((d, k) => expect(values[k]).toBeCloseTo(Math.tanh(0.5 * d + 1), 15));
  });
});

describe('decisionValues (wasm SIMD kernel)', () => {
  /** Σ coef·K(x, sv[rows]) − rho in libsvm's order, with libsvm's prediction kernel. */
  function reference(kernel: Kernel, SV: DenseMatrix, machines: { rows: Int32Array; coef: Float64Array; rho: number }[], X: DenseMatrix): number[] {
    const out: number[] = [];
    for (let q = 0; q < X.rows; q++) {
      for (const m of machines) {
        let sum = 0;
        m.rows.forEach((r, t) => {
          sum += m.coef[t]! * predictionKernel(kernel, X.row(q), SV.row(r));
        });
        out.push(sum - m.rho);
      }
    }
    return out;
  }

  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 3, 5],
    [7, 1, 3],
    [9, 5, 17],
    [33, 64, 10],
    [130, 20, 41],
  ];
  for (const [nSV, d, n] of shapes) {
    for (const name of ['linear', 'poly', 'rbf', 'sigmoid'] as const) {
      it(`matches the reference for ${nSV} support vectors, ${d} features, ${n} queries (${name})`, () => {
        const kernel = kernelOf(name, { gamma: 0.7 / d, coef0: 0.3 });
        const SV = randomMatrix(nSV, d, nSV * 7 + d);
        const X = randomMatrix(n, d, n * 13 + d);
        const rng = randomMatrix(3, nSV, 5).values;
        const machines = [0, 1, 2].map((m) => {
          const rows = Int32Array.from({ length: nSV }, (_, t) => t).filter((t) => (t + m) % (m + 1) === 0);
          return { rows, coef: Float64Array.from(rows, (t) => rng[m * nSV + t]!), rho: 0.25 * m };
        });
        const got = decisionValues(kernel, SV, machines, X);
        const want = reference(kernel, SV, machines, X);
        want.forEach((w, k) => expect(Math.abs(got[k]! - w)).toBeLessThan(1e-12 * Math.max(1, Math.abs(w))));
      });
    }
  }

  it('matches the reference on sparse rows (zero features skipped)', () => {
    const sparse = (rows: number, seed: number): DenseMatrix => {
      const M = randomMatrix(rows, 12, seed);
      M.values.forEach((v, k) => {
        if (v < 0.4 || k % 3 === 0) M.values[k] = 0;
      });
      return M;
    };
    const SV = sparse(11, 1);
    const X = sparse(9, 2);
    const machines = [{ rows: Int32Array.from({ length: 11 }, (_, t) => t), coef: Float64Array.from({ length: 11 }, (_, t) => t - 5), rho: 0.5 }];
    for (const name of ['linear', 'poly', 'rbf'] as const) {
      const kernel = kernelOf(name, { gamma: 0.1 });
      const got = decisionValues(kernel, SV, machines, X);
      const want = reference(kernel, SV, machines, X);
      want.forEach((w, k) => expect(Math.abs(got[k]! - w)).toBeLessThan(1e-12 * Math.max(1, Math.abs(w))));
    }
  });

  it('takes rbf distances by differences where the squared norms would cancel', () => {
    for (const [nSV, n] of [[7, 9], [1, 1], [4, 8]] as const) {
      const shift = (M: DenseMatrix): DenseMatrix => new DenseMatrix(M.values.map((v) => 1e6 + v), M.rows, M.columns);
      const SV = shift(randomMatrix(nSV, 3, 4));
      const X = shift(randomMatrix(n, 3, 5));
      const kernel = kernelOf('rbf', { gamma: 0.2 });
      const machines = [{ rows: Int32Array.from({ length: nSV }, (_, t) => t), coef: Float64Array.from({ length: nSV }, (_, t) => 1 + t), rho: 0 }];
      const got = decisionValues(kernel, SV, machines, X);
      const want = reference(kernel, SV, machines, X);
      want.forEach((w, k) => expect(Math.abs(got[k]! - w)).toBeLessThan(1e-13 * Math.max(1, Math.abs(w))));
    }
  });

  it('gives −rho without support vectors and an empty result without queries', () => {
    const machines = [{ rows: new Int32Array(0), coef: new Float64Array(0), rho: 1.5 }];
    expect(Array.from(decisionValues(kernelOf('rbf'), DenseMatrix.zeros(0, 2), machines, randomMatrix(3, 2, 1)))).toEqual([-1.5, -1.5, -1.5]);
    expect(decisionValues(kernelOf('rbf'), randomMatrix(2, 2, 1), machines, DenseMatrix.zeros(0, 2)).length).toBe(0);
  });

  it('leaves no kernel memory in use', () => {
    const before = svmKernels.bytesInUse;
    decisionValues(kernelOf('rbf'), randomMatrix(20, 4, 1), [{ rows: Int32Array.of(0, 5), coef: Float64Array.of(1, -1), rho: 0 }], randomMatrix(50, 4, 2));
    expect(svmKernels.bytesInUse).toBe(before);
  });
});

describe('kernelExp (the kernels\' SIMD exp)', () => {
  /** |a − b| in units in the last place of b. */
  const ulps = (a: number, b: number): number => {
    if (a === b) return 0;
    const scale = 2 ** (Math.floor(Math.log2(Math.abs(b))) - 52);
    return Math.abs(a - b) / scale;
  };

  it('is within 1.5 ulp of Math.exp from −708 to 709, odd counts included', () => {
    for (const n of [1, 2, 3, 1001]) {
      const x = Float64Array.from({ length: n }, (_, k) => -708 + (1417 * (k + 0.37)) / n);
      const y = kernelExp(x);
      x.forEach((v, k) => expect(ulps(y[k]!, Math.exp(v))).toBeLessThanOrEqual(1.5));
    }
    const small = Float64Array.from({ length: 2000 }, (_, k) => -2 + k / 1000);
    const y = kernelExp(small);
    small.forEach((v, k) => expect(ulps(y[k]!, Math.exp(v))).toBeLessThanOrEqual(1.5));
  });

  it('is exact at 0 and follows Math.exp outside the fast range, lane by lane', () => {
    const x = Float64Array.of(0, -0, -709.5, -745.2, -800, -Infinity, 710, Infinity, NaN, -1e-300);
    const y = kernelExp(x);
    expect(y[0]).toBe(1);
    expect(y[1]).toBe(1);
    for (let k = 2; k < x.length - 1; k++) expect(Object.is(y[k], Math.exp(x[k]!)) || ulps(y[k]!, Math.exp(x[k]!)) <= 1).toBe(true);
    expect(y[9]).toBe(1);
  });

  it('gives the same value whatever the neighbouring lane holds', () => {
    const alone = kernelExp(Float64Array.of(-3.7));
    expect(kernelExp(Float64Array.of(-800, -3.7))[1]).toBe(alone[0]);
    expect(kernelExp(Float64Array.of(-3.7, NaN))[0]).toBe(alone[0]);
  });
});

/**
 * The kernels of libsvm, evaluated in JavaScript exactly as libsvm's
 * `Kernel::k_function` does at prediction time, and scikit-learn's resolution of
 * `gamma: 'scale' | 'auto'`.
 */
import type { DenseMatrix } from '../../core/data.js';

/** The kernel function. */
export type SvmKernel = 'linear' | 'poly' | 'rbf' | 'sigmoid';

/** `gamma`: a positive number, or 'scale' / 'auto' to derive it from the training data. */
export type SvmGamma = 'scale' | 'auto' | number;

/** A kernel with its coefficients resolved. */
export interface Kernel {
  readonly kernel: SvmKernel;
  /** Resolved gamma (unused by the linear kernel). */
  readonly gamma: number;
  /** Degree of the polynomial kernel. */
  readonly degree: number;
  /** Independent term of the polynomial and sigmoid kernels. */
  readonly coef0: number;
}

/** libsvm's kernel codes (`-t`). */
export const LIBSVM_KERNEL_CODES: Readonly<Record<SvmKernel, number>> = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 };

/**
 * The numeric gamma: 'scale' is `1 / (nFeatures · X.var())` (1 when X is constant),
 * 'auto' is `1 / nFeatures`, a number is kept (scikit-learn's `_gamma`).
 *
 * @example
 * ```ts
 * resolveGamma('auto', DenseMatrix.fromRows([[0, 1], [2, 3]])); // 0.5
 * resolveGamma('scale', DenseMatrix.fromRows([[0, 1], [2, 3]])); // 1 / (2 · 1.25) = 0.4
 * ```
 */
export function resolveGamma(gamma: SvmGamma, X: DenseMatrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.columns;
  const v = X.values;
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let variance = 0;
  for (let i = 0; i < v.length; i++) variance += (v[i] - mean) * (v[i] - mean);
  variance /= v.length;
  return variance !== 0 ? 1 / (X.columns * variance) : 1;
}

/** libsvm's `powi`: `base^times` by repeated squaring. */
function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/**
 * The kernel values between every row of `A` and every row of `B`: an
 * `A.rows × B.rows` row-major matrix (`out[a · B.rows + b] = K(A_a, B_b)`).
 *
 * Four rows of B are summed side by side (four independent sums run faster than
 * one); each sum still adds its terms in feature order, as libsvm does.
 */
export function kernelMatrix(kernel: Kernel, A: DenseMatrix, B: DenseMatrix): Float64Array {
  const d = A.columns;
  const na = A.rows;
  const nb = B.rows;
  const a = A.values;
  const b = B.values;
  const out = new Float64Array(na * nb);
  const rbf = kernel.kernel === 'rbf';
  for (let i = 0; i < na; i++) {
    const ao = i * d;
    const row = i * nb;
    let j = 0;
    for (; j + 4 <= nb; j += 4) {
      const b0 = j * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      if (rbf) {
        for (let f = 0; f < d; f++) {
          const v = a[ao + f];
          const e0 = v - b[b0 + f];
          const e1 = v - b[b1 + f];
          const e2 = v - b[b2 + f];
          const e3 = v - b[b3 + f];
          s0 += e0 * e0;
          s1 += e1 * e1;
          s2 += e2 * e2;
          s3 += e3 * e3;
        }
      } else {
        for (let f = 0; f < d; f++) {
          const v = a[ao + f];
          s0 += v * b[b0 + f];
          s1 += v * b[b1 + f];
          s2 += v * b[b2 + f];
          s3 += v * b[b3 + f];
        }
      }
      out[row + j] = s0;
      out[row + j + 1] = s1;
      out[row + j + 2] = s2;
      out[row + j + 3] = s3;
    }
    for (; j < nb; j++) {
      const bo = j * d;
      let s = 0;
      if (rbf) {
        for (let f = 0; f < d; f++) {
          const e = a[ao + f] - b[bo + f];
          s += e * e;
        }
      } else {
        for (let f = 0; f < d; f++) s += a[ao + f] * b[bo + f];
      }
      out[row + j] = s;
    }
  }
  applyKernel(kernel, out);
  return out;
}

/** Turns squared distances (rbf) or dot products (the others) into kernel values, in place. */
function applyKernel(kernel: Kernel, values: Float64Array): void {
  const { gamma, degree, coef0 } = kernel;
  switch (kernel.kernel) {
    case 'linear':
      return;
    case 'rbf':
      for (let i = 0; i < values.length; i++) values[i] = Math.exp(-gamma * values[i]);
      return;
    case 'poly':
      for (let i = 0; i < values.length; i++) values[i] = powi(gamma * values[i] + coef0, degree);
      return;
    case 'sigmoid':
      for (let i = 0; i < values.length; i++) values[i] = Math.tanh(gamma * values[i] + coef0);
      return;
  }
}

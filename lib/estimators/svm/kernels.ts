/**
 * The kernels of libsvm (their values are computed by the WebAssembly kernels, see
 * `wasm-kernels.ts` and `training-kernel.ts`) and scikit-learn's resolution of
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

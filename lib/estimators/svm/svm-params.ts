/**
 * The parameters SVC and SVR share (the kernel and libsvm's solver settings) and their
 * declarations.
 */
import type { ParamDeclaration } from '../../core/estimator.js';
import { booleanValue, integerIn, oneOf, realIn } from '../../core/validate.js';
import type { SvmGamma, SvmKernel } from './kernels.js';

/** Kernel and solver parameters of the libsvm estimators. */
export interface LibsvmParams {
  /**
   * Regularization: the penalty on margin violations (larger fits the training
   * data more closely). Must be positive.
   * @default 1
   */
  C: number;
  /**
   * The kernel: 'rbf' `exp(−γ‖x−x′‖²)`, 'linear' `x·x′`, 'poly' `(γ x·x′ + coef0)^degree`
   * or 'sigmoid' `tanh(γ x·x′ + coef0)`.
   * @default 'rbf'
   */
  kernel: SvmKernel;
  /**
   * The kernel coefficient γ of 'rbf', 'poly' and 'sigmoid': 'scale' is
   * `1 / (nFeatures · X.var())`, 'auto' is `1 / nFeatures`, or a positive number.
   * @default 'scale'
   */
  gamma: SvmGamma;
  /**
   * The degree of the 'poly' kernel.
   * @default 3
   */
  degree: number;
  /**
   * The independent term of the 'poly' and 'sigmoid' kernels.
   * @default 0
   */
  coef0: number;
  /**
   * The solver's stopping tolerance (libsvm's `-e`).
   * @default 1e-3
   */
  tol: number;
  /**
   * Use libsvm's shrinking heuristic (faster; the same solution to within `tol`).
   * @default true
   */
  shrinking: boolean;
  /**
   * The solver's kernel cache, in MB (libsvm's `-m`): the float32 kernel columns kept
   * between iterations. A multi-class or probability fit whose whole kernel matrix
   * (n² float32) fits in it computes that matrix once, lazily, and shares it among its
   * problems. The memory lives in WebAssembly memory, which grows to what a fit uses
   * and is reused (never returned to the system) by later fits.
   * @default 200
   */
  cacheSize: number;
}

/** The default kernel. */
export const DEFAULT_KERNEL: SvmKernel = 'rbf';
/** The default gamma. */
export const DEFAULT_GAMMA: SvmGamma = 'scale';
/** The default tolerance (libsvm's and scikit-learn's). */
export const DEFAULT_TOL = 1e-3;
/** scikit-learn's default cache size, in MB. */
export const DEFAULT_CACHE_SIZE = 200;

const positive = realIn({ min: 0, minInclusive: false });

/** The declarations of {@link LibsvmParams}. */
export const LIBSVM_PARAMS_SCHEMA: { readonly [K in keyof LibsvmParams]: ParamDeclaration<LibsvmParams[K]> } = {
  C: { default: 1, constraints: positive },
  kernel: { default: DEFAULT_KERNEL, constraints: oneOf(['linear', 'poly', 'rbf', 'sigmoid']) },
  // a gamma of 0 would make every kernel constant: not accepted
  gamma: { default: DEFAULT_GAMMA, constraints: [oneOf(['scale', 'auto']), positive] },
  degree: { default: 3, constraints: integerIn({ min: 0 }) },
  coef0: { default: 0, constraints: realIn() },
  tol: { default: DEFAULT_TOL, constraints: positive },
  shrinking: { default: true, constraints: booleanValue },
  cacheSize: { default: DEFAULT_CACHE_SIZE, constraints: positive },
};

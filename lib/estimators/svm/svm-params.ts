/**
 * The parameters SVC and SVR share (the kernel and libsvm's solver settings), their
 * declarations, and the libsvm command line built from them.
 */
import type { ParamDeclaration } from '../../core/estimator.js';
import { booleanValue, integerIn, oneOf, realIn } from '../../core/validate.js';
import type { Kernel, SvmGamma, SvmKernel } from './kernels.js';
import { LIBSVM_KERNEL_CODES } from './kernels.js';

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
   * libsvm's kernel cache, in MB. WebAssembly memory grows to what a fit uses and is
   * reused (never returned to the system) by later fits.
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
  // a gamma of 0 would make every kernel constant (and libsvm-js replaces it): not accepted
  gamma: { default: DEFAULT_GAMMA, constraints: [oneOf(['scale', 'auto']), positive] },
  degree: { default: 3, constraints: integerIn({ min: 0 }) },
  coef0: { default: 0, constraints: realIn() },
  tol: { default: DEFAULT_TOL, constraints: positive },
  shrinking: { default: true, constraints: booleanValue },
  cacheSize: { default: DEFAULT_CACHE_SIZE, constraints: positive },
};

/** libsvm's C-support vector classification (`-s 0`). */
export const C_SVC = 0;
/** libsvm's epsilon-support vector regression (`-s 3`). */
export const EPSILON_SVR = 3;

/** What goes on a libsvm command line besides the kernel. */
export interface CommandOptions {
  readonly svmType: typeof C_SVC | typeof EPSILON_SVR;
  readonly tol: number;
  readonly shrinking: boolean;
  readonly cacheSize: number;
  /** C for SVR (classification passes per-class `weights` instead). */
  readonly C?: number;
  /** SVR's epsilon. */
  readonly epsilon?: number;
  /** C-SVC: the C of label 0 and of label 1 (`-c 1 -w0 C0 -w1 C1`, libsvm's weighted C). */
  readonly weights?: readonly [number, number];
}

/** The libsvm command line for a kernel and solver settings (numbers in their shortest exact form). */
export function libsvmCommand(kernel: Kernel, options: CommandOptions): string {
  const parts = [`-s ${options.svmType}`, `-t ${LIBSVM_KERNEL_CODES[kernel.kernel]}`];
  if (kernel.kernel !== 'linear') parts.push(`-g ${kernel.gamma}`);
  if (kernel.kernel === 'poly') parts.push(`-d ${kernel.degree}`);
  if (kernel.kernel === 'poly' || kernel.kernel === 'sigmoid') parts.push(`-r ${kernel.coef0}`);
  parts.push(`-e ${options.tol}`, `-h ${options.shrinking ? 1 : 0}`, `-m ${options.cacheSize}`);
  if (options.C !== undefined) parts.push(`-c ${options.C}`);
  if (options.epsilon !== undefined) parts.push(`-p ${options.epsilon}`);
  if (options.weights) parts.push(`-w0 ${options.weights[0]}`, `-w1 ${options.weights[1]}`);
  return parts.join(' ');
}

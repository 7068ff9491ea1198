/**
 * Epsilon-support vector regression: scikit-learn's `SVR`, trained by our SMO solver
 * with libsvm's algorithm.
 */
import { Checkpoint } from '../../core/checkpoint.js';
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import { AbortError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { realIn } from '../../core/validate.js';
import { BaseRegressor } from '../base.js';
import type { Kernel } from './kernels.js';
import { resolveGamma } from './kernels.js';
import type { LibsvmParams } from './svm-params.js';
import { LIBSVM_PARAMS_SCHEMA } from './svm-params.js';
import { SMO_CHECK_STRIDE, checkFiniteMachine, trainRegressor } from './svm-train.js';
import { decisionValues } from './wasm-kernels.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { SvmStart, SvmState, WarmDual } from './svm-shared.js';
import { svmSharedWork } from './svm-shared.js';
import type { QueryKernel } from './query-kernel.js';

/** Parameters of {@link SVR}. */
export interface SVRParams extends LibsvmParams {
  /**
   * The half-width of the tube within which errors cost nothing.
   * @default 0.1
   */
  epsilon: number;
}

const SCHEMA: ParamSchema<SVRParams> = {
  kernel: LIBSVM_PARAMS_SCHEMA.kernel,
  degree: LIBSVM_PARAMS_SCHEMA.degree,
  gamma: LIBSVM_PARAMS_SCHEMA.gamma,
  coef0: LIBSVM_PARAMS_SCHEMA.coef0,
  tol: LIBSVM_PARAMS_SCHEMA.tol,
  C: LIBSVM_PARAMS_SCHEMA.C,
  epsilon: { default: 0.1, constraints: realIn({ min: 0 }) },
  shrinking: LIBSVM_PARAMS_SCHEMA.shrinking,
  cacheSize: LIBSVM_PARAMS_SCHEMA.cacheSize,
};

interface SvrModel {
  readonly kernel: Kernel;
  readonly support: Int32Array;
  readonly supportVectors: DenseMatrix;
  readonly coef: Float64Array;
  readonly rho: number;
  /** The kernel values of the training rows against a search's test rows, shared by the candidates (see `svm-shared.ts`). */
  readonly queryKernel?: QueryKernel | undefined;
}

/**
 * Support vector regression with a kernel (epsilon-SVR), trained with libsvm's
 * algorithm.
 *
 * Fitting solves libsvm's 2l-variable problem with its SMO algorithm (second-order
 * working-set selection, shrinking, an LRU cache of kernel columns of `cacheSize`
 * MB), the kernel values computed by WebAssembly SIMD kernels.
 *
 * @example
 * ```ts
 * const X = [[0], [1], [2], [3], [4]];
 * const svr = await new SVR({ kernel: 'linear', C: 100, epsilon: 0.01 }).fit(X, [1, 3, 5, 7, 9]);
 * await svr.predict([[5]]); // Float64Array [≈10.985] (the line 2x + 1, within the epsilon tube)
 * ```
 */
export class SVR extends BaseRegressor<SVRParams> {
  private fitted: SvrModel | undefined;
  /** What the next fit starts from, and where its dual solution goes (shared work, see {@link SVR.sharedWork}). */
  private start: { readonly from: SvmStart; readonly solved: Float64Array[] } | undefined;

  constructor(params: Partial<SVRParams> = {}) {
    super('SVR', SCHEMA, params);
  }

  /**
   * Shares a split's kernel matrix among the candidates of a search with the
   * same kernel, and fits the candidates that differ only in C along a
   * warm-start path (see `svm-shared.ts`).
   */
  sharedWork(): SharedWork<SvmState, WarmDual> | undefined {
    return svmSharedWork(this.params as unknown as SVRParams & Record<string, unknown>, false, async (from, rows) => {
      const solved: Float64Array[] = [];
      this.start = { from, solved };
      await this.fit(rows.XTrain, rows.yTrain);
      return solved;
    });
  }

  /** Training-row index of each support vector (scikit-learn's `support_`). @throws {NotFittedError} before fit. */
  get support(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'support').support);
  }

  /** The support vectors, one row each (`support_vectors_`). @throws {NotFittedError} before fit. */
  get supportVectors(): number[][] {
    return this.requireFitted(this.fitted, 'supportVectors').supportVectors.toArray();
  }

  /** The dual coefficients αᵢ − αᵢ* (`dual_coef_`): one row of one value per support vector. @throws {NotFittedError} before fit. */
  get dualCoef(): number[][] {
    return [Array.from(this.requireFitted(this.fitted, 'dualCoef').coef)];
  }

  /** The intercept, −rho (`intercept_`). @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    return [-this.requireFitted(this.fitted, 'intercept').rho];
  }

  /**
   * Trains libsvm's epsilon-SVR.
   *
   * @throws {ValidationError} for invalid data or a non-numeric target.
   * @throws {AbortError} when `options.signal` is already aborted.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const start = this.start;
    this.start = undefined;
    const owner = `${this.owner}.fit`;
    if (options?.signal?.aborted) throw new AbortError(`${owner} was aborted before it finished.`);
    this.fitted = undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    const p = this.params;
    const kernel: Kernel = { kernel: p.kernel, gamma: resolveGamma(p.gamma, matrix), degree: p.degree, coef0: p.coef0 };
    const rows = Int32Array.from({ length: matrix.rows }, (_, i) => i);
    const from = start?.from;
    const shared =
      start !== undefined && from !== undefined && from.state.X === matrix
        ? { shared: from.state.shared, alpha: from.alphas?.[0], previousC: from.previousC, solved: start.solved }
        : undefined;
    const checkpoint = Checkpoint.of(options?.signal, owner, { stride: SMO_CHECK_STRIDE });
    const machine = trainRegressor(matrix, rows, target, p.C, p.epsilon, { kernel, tol: p.tol, shrinking: p.shrinking, cacheSize: p.cacheSize, checkpoint }, shared);
    checkFiniteMachine(owner, machine.coef, machine.rho);
    const support: number[] = [];
    for (let i = 0; i < machine.coef.length; i++) if (machine.coef[i] !== 0) support.push(i);
    const supportRows = Int32Array.from(support);
    this.fitted = {
      kernel,
      support: supportRows,
      supportVectors: matrix.takeRows(supportRows),
      coef: Float64Array.from(support, (i) => machine.coef[i]!),
      rho: machine.rho,
      queryKernel: shared === undefined ? undefined : start?.from.state.test,
    };
    return this;
  }

  /** Σ (αᵢ − αᵢ*)·K(x, svᵢ) − rho for every row of `X`. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    const shared = state.queryKernel?.queries === matrix ? state.queryKernel.decisions([{ rows: state.support, coef: state.coef, rho: state.rho }]) : undefined;
    if (shared !== undefined) return shared;
    const positions = Int32Array.from({ length: state.support.length }, (_, s) => s);
    const out = decisionValues(state.kernel, state.supportVectors, [{ rows: positions, coef: state.coef, rho: state.rho }], matrix);
    return out;
  }
}

registerTransferable(SVR, import.meta.url);

/**
 * Logistic regression: scikit-learn's `LogisticRegression` with its 'lbfgs',
 * 'newton-cg', 'liblinear', 'sag' and 'saga' solvers and its L2, L1 and elastic-net
 * penalties.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { typeOfTarget } from '../../core/data.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions } from '../../core/estimator.js';
import { RandomState } from '../../core/random-state.js';
import { invalidArgument } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseClassifier } from '../base.js';
import { fitLiblinear, liblinearSolverType } from '../svm-linear/fit-liblinear.js';
import { computeClassWeight, pythonRepr } from './class-weight.js';
import { minimizeLbfgs } from './lbfgs.js';
import { throwIfAborted } from './linear-model.js';
import { BinaryLogisticLoss, expit, MultinomialLogisticLoss } from './logistic-loss.js';
import type { TwiceDifferentiable } from './newton-cg.js';
import { kernelLinearScores, KernelRows } from './linear-kernels.js';
import type { KernelObjective } from './logistic-kernel.js';
import { BinaryLogisticKernel, MultinomialLogisticKernel } from './logistic-kernel.js';
import type { LogisticRegressionParams } from './logistic-params.js';
import { checkLogisticSolver, l1RatioIgnoredMessage, LOGISTIC_SCHEMA, resolveMultiClass } from './logistic-params.js';
import { newtonCg } from './newton-cg.js';
import { maxSquaredRowNorm, sagSolver } from './sag.js';
import { SagKernelRows } from './sag-kernel.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { LogisticSolutions } from './logistic-shared.js';
import { logisticSharedWork, startingPoint } from './logistic-shared.js';

export type { LogisticMultiClass, LogisticPenalty, LogisticRegressionParams, LogisticSolver } from './logistic-params.js';

/** scikit-learn's `np.iinfo(np.int32).max`, the bound of the SAG dataset's seed. */
const INT32_MAX = 2147483647;

const CONVERGENCE_HINT =
  'Increase the number of iterations (maxIter) or scale the data as shown in:\n' +
  '    https://scikit-learn.org/stable/modules/preprocessing.html\n' +
  'Please also refer to the documentation for alternative solver options:\n' +
  '    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression';

interface LogisticFit {
  /** One row per fitted model (1 for two classes), `p` weights each. */
  readonly coef: readonly Float64Array[];
  readonly intercept: Float64Array;
  readonly multinomial: boolean;
  readonly nIter: readonly number[];
}

/**
 * Logistic regression (a linear classifier with calibrated probabilities).
 *
 * Minimizes `Σᵢ swᵢ · logloss(yᵢ, xᵢ·w + b)` plus the penalty over `C` like
 * scikit-learn 1.2: one binary model for two classes, a multinomial (softmax) model for
 * more (`multiClass: 'auto'`), the intercept unpenalized (but by 'liblinear'),
 * `classWeight` scaling the sample weights. The L1 and elastic-net penalties take
 * `solver: 'saga'` (scikit-learn's SAGA: the same seeded sample order, step size and
 * stopping rule) or, for L1, `solver: 'liblinear'` (newGLMNET, with liblinear's seeded
 * coordinate order). Warns with a `ConvergenceWarning` when `maxIter` is reached.
 *
 * @example
 * ```ts
 * const X = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0], [5, 1]];
 * const model = await new LogisticRegression({ C: 10 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
 * await model.predict([[0.5, 0], [4.5, 1]]); // ['a', 'b']
 * const proba = await model.predictProba([[2.5, 0.5]]); // [[≈0.5, ≈0.5]]
 *
 * // sparse weights: an L1 penalty by SAGA, seeded
 * const sparse = await new LogisticRegression({ penalty: 'l1', solver: 'saga', C: 0.5, randomState: 0 }).fit(X, [0, 0, 0, 1, 1, 1]);
 * sparse.coef; // [[w₀, 0]]: the second feature is dropped
 * ```
 */
export class LogisticRegression extends BaseClassifier<LogisticRegressionParams> {
  private fitted: LogisticFit | undefined;
  /** Where the next fit's solver runs start (shared work); zeros when undefined. */
  private startFrom: LogisticSolutions | undefined;
  /** The last fit's solver solutions (for the next fit of a warm-start path). */
  private solutions: LogisticSolutions = [];

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super('LogisticRegression', LOGISTIC_SCHEMA, params);
  }

  /**
   * Fits the candidates of a search that differ only in C along a warm-start
   * path, from the smallest C (see `logistic-shared.ts`).
   */
  sharedWork(): SharedWork<null, LogisticSolutions> | undefined {
    return logisticSharedWork(this.params as unknown as { C: number; solver: unknown; penalty: unknown } & Record<string, unknown>, async (start, rows) => {
      this.startFrom = start;
      await this.fit(rows.XTrain, rows.yTrain);
      return this.solutions;
    });
  }

  /** Weights: `1 × nFeatures` for two classes, `nClasses × nFeatures` otherwise. @throws {NotFittedError} before fit. */
  get coef(): number[][] {
    return this.requireFitted(this.fitted, 'coef').coef.map((row) => Array.from(row));
  }

  /** Intercepts: one for two classes, one per class otherwise. @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'intercept').intercept);
  }

  /** Solver iterations: one entry, or one per class for 'ovr' with more than two classes. @throws {NotFittedError} before fit. */
  get nIter(): number[] {
    return [...this.requireFitted(this.fitted, 'nIter').nIter];
  }

  /** Fits the model; warns (`ConvergenceWarning`) when the solver stops at `maxIter`. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const start = this.startFrom;
    this.startFrom = undefined;
    const owner = `${this.owner}.fit`;
    throwIfAborted(options?.signal, owner);
    const { C, penalty, fitIntercept, classWeight, solver } = this.params;
    checkLogisticSolver(this.owner, this.params);
    if (penalty !== 'elasticnet' && this.params.l1Ratio !== null) warn(l1RatioIgnoredMessage(penalty), 'UserWarning');
    const unpenalized = penalty === 'none' || penalty === null;
    if (unpenalized && C !== 1) warn('Setting penalty=None will ignore the C and l1_ratio parameters', 'UserWarning');
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    if (typeOfTarget(y as Vector) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, {
        shown: 'continuous values',
        hint: 'Use a regressor for a continuous target.',
      });
    }
    const k = classes.length;
    if (k < 2) {
      throw new ValidationError(
        `This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${pythonRepr(classes[0] as Label)}`,
        { owner, argument: 'y', value: classes[0], expected: 'at least 2 classes' },
      );
    }
    const multinomial = resolveMultiClass(this.owner, this.params, k) === 'multinomial';
    if (solver === 'liblinear') {
      this.fitted = this.fitLiblinear(matrix, codes, classes, options);
      return this;
    }
    const n = matrix.rows;
    const p = matrix.columns;
    const block = p + (fitIntercept ? 1 : 0);
    const sampleWeight = new Float64Array(n).fill(1);
    if (multinomial || (classWeight !== null && classWeight !== 'balanced')) {
      const perClass = computeClassWeight(classWeight, classes, codes, owner);
      for (let i = 0; i < n; i++) sampleWeight[i] *= perClass[codes[i]];
    }

    const coef: Float64Array[] = [];
    const intercept: number[] = [];
    const nIter: number[] = [];
    const take = (w: Float64Array, offset: number): void => {
      coef.push(w.slice(offset, offset + p));
      intercept.push(fitIntercept ? w[offset + p] : 0);
    };
    const sag = solver === 'sag' || solver === 'saga';
    // L-BFGS evaluates the objective on the kernels, from one copy of the rows per fit
    // (the plain loops when the kernels' memory cannot hold them); SAG has its own copy
    const kernelRows = solver === 'lbfgs' ? copyToKernels(matrix) : undefined;
    const sagRows = sag ? SagKernelRows.tryFrom(matrix) : undefined;
    const sagRun = sag ? this.sagRunner(matrix, sagRows, options) : undefined;
    const l2 = unpenalized ? 0 : 1 / C;
    // each solver run's solution: the warm start of the next candidate on a shared path
    const solutions: Float64Array[] = [];
    const solve = (
      reference: () => TwiceDifferentiable & { readonly dim: number },
      kernel: (rows: KernelRows) => KernelObjective,
      target: () => Float64Array,
      weights: Float64Array,
    ): Float64Array => {
      if (sagRun !== undefined) return sagRun(target(), weights, multinomial ? k : 1, nIter);
      const { x, iterations } = solver === 'newton-cg'
        ? this.solveNewtonCg(reference(), options, start, solutions.length)
        : this.solveLbfgs(kernelRows === undefined ? reference() : kernel(kernelRows), options, start, solutions.length);
      nIter.push(iterations);
      solutions.push(x);
      return x;
    };
    try {
      if (multinomial) {
        const x = solve(
          () => new MultinomialLogisticLoss(matrix, codes, k, sampleWeight, l2, fitIntercept),
          (rows) => new MultinomialLogisticKernel(rows, codes, k, sampleWeight, l2, fitIntercept),
          () => Float64Array.from(codes),
          sampleWeight,
        );
        if (k === 2) take(x, block);
        else for (let c = 0; c < k; c++) take(x, c * block);
      } else {
        for (const positive of k === 2 ? [1] : classes.map((_, c) => c)) {
          const y01 = new Float64Array(n);
          for (let i = 0; i < n; i++) y01[i] = codes[i] === positive ? 1 : 0;
          const weights = sampleWeight.slice();
          if (classWeight === 'balanced') {
            const binary = Int32Array.from(y01);
            const perClass = computeClassWeight('balanced', [0, 1], binary, owner);
            for (let i = 0; i < n; i++) weights[i] *= perClass[binary[i]];
          }
          const x = solve(
            () => new BinaryLogisticLoss(matrix, y01, weights, l2, fitIntercept),
            (rows) => new BinaryLogisticKernel(rows, y01, weights, l2, fitIntercept),
            // SAG's binary loss takes labels in {-1, +1}
            () => y01.map((v) => (v === 1 ? 1 : -1)),
            weights,
          );
          take(x, 0);
        }
      }
    } finally {
      kernelRows?.dispose();
      sagRows?.dispose();
    }
    this.fitted = { coef, intercept: Float64Array.from(intercept), multinomial, nIter };
    this.solutions = solutions;
    return this;
  }

  /**
   * The SAG/SAGA fit of one problem (scikit-learn's `sag_solver` from
   * `_logistic_regression_path`): the penalty split between its L2 and L1 parts, the
   * dataset's seed drawn from `randomState` (a fresh generator per problem for a seed,
   * as scikit-learn's `check_random_state`), the weights laid out as the other solvers'.
   */
  private sagRunner(X: DenseMatrix, rows: SagKernelRows | undefined, options: FitOptions | undefined): (y: Float64Array, sw: Float64Array, k: number, nIter: number[]) => Float64Array {
    const { C, penalty, fitIntercept, maxIter, tol, solver } = this.params;
    const inverseC = penalty === 'none' || penalty === null ? 0 : 1 / C;
    const l1Ratio = penalty === 'l1' ? 1 : penalty === 'elasticnet' ? (this.params.l1Ratio as number) : 0;
    const randomState: RandomStateLike = this.params.randomState ?? new RandomState();
    const maxSquaredSum = maxSquaredRowNorm(X);
    const p = X.columns;
    const block = p + (fitIntercept ? 1 : 0);
    return (y, sw, k, nIter) => {
      const result = sagSolver(X, y, sw, rows, {
        multinomial: k > 1,
        nClasses: k,
        alpha: penalty === 'l1' ? 0 : inverseC * (1 - l1Ratio),
        beta: penalty === 'l1' ? inverseC : penalty === 'elasticnet' ? inverseC * l1Ratio : 0,
        maxIter,
        tol,
        fitIntercept,
        saga: solver === 'saga',
        seed: resolveRandomState(randomState).randint(1, INT32_MAX),
        maxSquaredSum,
        signal: options?.signal,
        owner: `${this.owner}.fit`,
      });
      nIter.push(result.nIter);
      const x = new Float64Array(k * block);
      for (let c = 0; c < k; c++) {
        x.set(result.coef.subarray(c * p, (c + 1) * p), c * block);
        if (fitIntercept) x[c * block + p] = result.intercept[c];
      }
      return x;
    };
  }

  /** scikit-learn's `_fit_liblinear` with the logistic loss: newGLMNET for 'l1', TRON or the dual for 'l2'. */
  private fitLiblinear(X: DenseMatrix, codes: Int32Array, classes: readonly Label[], options: FitOptions | undefined): LogisticFit {
    const p = this.params;
    const solverType = liblinearSolverType(this.owner, 'ovr', p.penalty === 'l1' ? 'l1' : 'l2', 'logistic_regression', p.dual);
    const result = fitLiblinear(X, { codes, nClasses: classes.length }, {
      C: p.C,
      fitIntercept: p.fitIntercept,
      interceptScaling: p.interceptScaling,
      classWeight: computeClassWeight(p.classWeight, classes, codes, `${this.owner}.fit`),
      solverType,
      maxIter: p.maxIter,
      tol: p.tol,
      randomState: p.randomState,
      signal: options?.signal,
    });
    const cols = X.columns;
    const coef = Array.from({ length: result.rows }, (_, c) => result.coef.slice(c * cols, (c + 1) * cols));
    return { coef, intercept: result.intercept, multinomial: false, nIter: Array.from(result.nIter) };
  }

  private solveNewtonCg(loss: TwiceDifferentiable & { readonly dim: number }, options: FitOptions | undefined, start?: LogisticSolutions, k = 0): { x: Float64Array; iterations: number } {
    const { maxIter, tol } = this.params;
    const { x, nIter } = newtonCg(loss, startingPoint(start, k, loss.dim), { tol, maxIter, signal: options?.signal, owner: `${this.owner}.fit` });
    return { x, iterations: nIter };
  }

  private solveLbfgs(
    objective: Pick<KernelObjective, 'dim' | 'valueAndGradient'> & { dispose?(): void },
    options: FitOptions | undefined,
    start?: LogisticSolutions,
    k = 0,
  ): { x: Float64Array; iterations: number } {
    const { maxIter, tol } = this.params;
    try {
      const result = minimizeLbfgs((w, g) => objective.valueAndGradient(w, g), startingPoint(start, k, objective.dim), {
        // scikit-learn 1.2 passes only gtol and maxiter: scipy's defaults decide the rest
        // (ftol 2.2e-9, 10 corrections, 20 evaluations per line search)
        gtol: tol,
        maxIter,
        signal: options?.signal,
        owner: `${this.owner}.fit`,
      });
      if (result.status.code !== 0) {
        warn(`lbfgs failed to converge (status=${result.status.code}):\n${result.status.message}.\n\n${CONVERGENCE_HINT}`, 'ConvergenceWarning');
      }
      return { x: result.x, iterations: Math.min(result.nIter, maxIter) };
    } finally {
      objective.dispose?.();
    }
  }

  /** `X · coefᵀ + intercept`, row-major `n × rows`. */
  private scores(X: MatrixLike, method: string): { scores: Float64Array; rows: number; n: number; fit: LogisticFit } {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, method);
    return { ...linearScores(matrix, state), fit: state };
  }

  /**
   * Signed distances to the decision boundary: one per sample for two classes
   * (positive means `classes[1]`), one row of `nClasses` per sample otherwise.
   */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    const { scores, rows, n } = this.scores(X, 'decisionFunction');
    if (rows === 1) return scores;
    return Array.from({ length: n }, (_, i) => Array.from(scores.subarray(i * rows, (i + 1) * rows)));
  }

  /** Class probabilities, one row per sample, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { scores, rows, n, fit } = this.scores(X, 'predictProba');
    const out: number[][] = new Array(n);
    if (rows === 1) {
      for (let i = 0; i < n; i++) {
        const d = scores[i];
        // multinomial on two classes: softmax of [-d, d]
        out[i] = fit.multinomial ? [expit(-2 * d), expit(2 * d)] : [1 - expit(d), expit(d)];
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      const row = scores.subarray(i * rows, (i + 1) * rows);
      const probs = new Array<number>(rows);
      let sum = 0;
      if (fit.multinomial) {
        let max = -Infinity;
        for (let c = 0; c < rows; c++) max = Math.max(max, row[c]);
        for (let c = 0; c < rows; c++) sum += probs[c] = Math.exp(row[c] - max);
      } else {
        for (let c = 0; c < rows; c++) sum += probs[c] = expit(row[c]);
      }
      for (let c = 0; c < rows; c++) probs[c] = (probs[c] as number) / sum;
      out[i] = probs;
    }
    return out;
  }

  /** The most likely class of each sample. */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { scores, rows, n } = this.scores(X, 'predict');
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (rows === 1) {
        codes[i] = scores[i] > 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let c = 1; c < rows; c++) if (scores[i * rows + c] > scores[i * rows + best]) best = c;
      codes[i] = best;
    }
    return this.decodeLabels(codes);
  }
}

/** The rows in the kernels' memory, or undefined when it cannot grow enough for them. */
function copyToKernels(X: DenseMatrix): KernelRows | undefined {
  try {
    return KernelRows.from(X);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function linearScores(X: DenseMatrix, fit: LogisticFit): { scores: Float64Array; rows: number; n: number } {
  const n = X.rows;
  const p = X.columns;
  const rows = fit.coef.length;
  // the kernels pay off once the copy in is amortized over enough products
  if (n * p >= SCORES_KERNEL_MIN_VALUES) return { scores: kernelLinearScores(X, fit.coef, fit.intercept), rows, n };
  const v = X.values;
  const scores = new Float64Array(n * rows);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let c = 0; c < rows; c++) {
      const w = fit.coef[c] as Float64Array;
      let s = fit.intercept[c];
      for (let j = 0; j < p; j++) s += v[o + j] * w[j];
      scores[i * rows + c] = s;
    }
  }
  return { scores, rows, n };
}

/** Matrices with at least this many values are scored on the kernels. */
const SCORES_KERNEL_MIN_VALUES = 4096;

registerTransferable(LogisticRegression, import.meta.url);

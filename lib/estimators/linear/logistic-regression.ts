/**
 * Logistic regression with an L2 penalty (or none): scikit-learn's
 * `LogisticRegression` with its 'lbfgs' and 'newton-cg' solvers.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { typeOfTarget } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { booleanValue, integerIn, invalidArgument, nullValue, oneOf, realIn } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseClassifier } from '../base.js';
import type { ClassWeight } from './class-weight.js';
import { classWeightObject, computeClassWeight, pythonRepr } from './class-weight.js';
import { minimizeLbfgs } from './lbfgs.js';
import { throwIfAborted } from './linear-model.js';
import { BinaryLogisticLoss, expit, MultinomialLogisticLoss } from './logistic-loss.js';
import type { TwiceDifferentiable } from './newton-cg.js';
import { kernelLinearScores, KernelRows } from './linear-kernels.js';
import type { KernelObjective } from './logistic-kernel.js';
import { BinaryLogisticKernel, MultinomialLogisticKernel } from './logistic-kernel.js';
import { newtonCg } from './newton-cg.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { LogisticSolutions } from './logistic-shared.js';
import { logisticSharedWork, startingPoint } from './logistic-shared.js';

/** The penalty: 'l2', or none ('none' and `null` both mean scikit-learn's `None`). */
export type LogisticPenalty = 'l2' | 'none' | null;
/** The optimizer. */
export type LogisticSolver = 'lbfgs' | 'newton-cg';
/** How more than two classes are fitted. */
export type LogisticMultiClass = 'auto' | 'ovr' | 'multinomial';

/** Parameters of {@link LogisticRegression}. */
export interface LogisticRegressionParams {
  /**
   * Inverse of the penalty strength: the objective is the (weighted) sum of the
   * log-losses plus `‖w‖² / (2C)`. Smaller is stronger.
   * @default 1
   */
  C: number;
  /**
   * 'l2', or 'none'/`null` for no penalty (then `C` is ignored).
   * @default 'l2'
   */
  penalty: LogisticPenalty;
  /**
   * Fit an intercept (never penalized).
   * @default true
   */
  fitIntercept: boolean;
  /**
   * The most solver iterations.
   * @default 100
   */
  maxIter: number;
  /**
   * Stops when the largest gradient component is at most `tol`. 'lbfgs' also stops, as
   * scipy's L-BFGS-B does for scikit-learn, once an iteration lowers the objective by
   * less than 2.2e-9 of its value, which often comes first.
   * @default 1e-4
   */
  tol: number;
  /**
   * 'lbfgs' (limited-memory BFGS) or 'newton-cg' (Newton with conjugate gradients).
   * @default 'lbfgs'
   */
  solver: LogisticSolver;
  /**
   * Class weights: `null`, 'balanced' or `{ label: weight }` (see {@link ClassWeight}).
   * @default null
   */
  classWeight: ClassWeight;
  /**
   * 'multinomial' fits one softmax model; 'ovr' one binary model per class; 'auto'
   * is 'ovr' for two classes and 'multinomial' for more.
   * @default 'auto'
   */
  multiClass: LogisticMultiClass;
}

const SCHEMA: ParamSchema<LogisticRegressionParams> = {
  C: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  penalty: { default: 'l2', constraints: oneOf(['l2', 'none', null]) },
  fitIntercept: { default: true, constraints: booleanValue },
  maxIter: { default: 100, constraints: integerIn({ min: 1 }) },
  tol: { default: 1e-4, constraints: realIn({ min: 0 }) },
  solver: { default: 'lbfgs', constraints: oneOf(['lbfgs', 'newton-cg']) },
  classWeight: { default: null, constraints: [nullValue, oneOf(['balanced']), classWeightObject] },
  multiClass: { default: 'auto', constraints: oneOf(['auto', 'ovr', 'multinomial']) },
};

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
 * Minimizes `Σᵢ swᵢ · logloss(yᵢ, xᵢ·w + b) + ‖w‖² / (2C)` like scikit-learn
 * 1.2: one binary model for two classes, a multinomial (softmax) model for more
 * (`multiClass: 'auto'`), the intercept unpenalized, `classWeight` scaling the
 * sample weights. Warns with a `ConvergenceWarning` when `maxIter` is reached.
 *
 * @example
 * ```ts
 * const X = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0], [5, 1]];
 * const model = await new LogisticRegression({ C: 10 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
 * await model.predict([[0.5, 0], [4.5, 1]]); // ['a', 'b']
 * const proba = await model.predictProba([[2.5, 0.5]]); // [[≈0.5, ≈0.5]]
 * ```
 */
export class LogisticRegression extends BaseClassifier<LogisticRegressionParams> {
  private fitted: LogisticFit | undefined;
  /** Where the next fit's solver runs start (shared work); zeros when undefined. */
  private startFrom: LogisticSolutions | undefined;
  /** The last fit's solver solutions (for the next fit of a warm-start path). */
  private solutions: LogisticSolutions = [];

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super('LogisticRegression', SCHEMA, params);
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
    const { C, penalty, fitIntercept, classWeight, multiClass } = this.params;
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
    const multinomial = multiClass === 'multinomial' || (multiClass === 'auto' && k > 2);
    const l2 = unpenalized ? 0 : 1 / C;
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
    // L-BFGS evaluates the objective on the kernels, from one copy of the rows per fit
    // (the plain loops when the kernels' memory cannot hold them)
    const lbfgs = this.params.solver === 'lbfgs';
    const kernelRows = lbfgs ? copyToKernels(matrix) : undefined;
    const solutions: Float64Array[] = [];
    const solve = (reference: () => TwiceDifferentiable & { readonly dim: number }, kernel: (rows: KernelRows) => KernelObjective): Float64Array => {
      const { x, iterations } = !lbfgs
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
          );
          take(x, 0);
        }
      }
    } finally {
      kernelRows?.dispose();
    }
    this.fitted = { coef, intercept: Float64Array.from(intercept), multinomial, nIter };
    this.solutions = solutions;
    return this;
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

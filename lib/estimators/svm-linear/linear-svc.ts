/**
 * The linear support vector classifier: scikit-learn's `LinearSVC` on its liblinear.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../core/check-random-state.js';
import type { Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { typeOfTarget } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { booleanValue, integerIn, invalidArgument, nullValue, oneOf, realIn } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';
import type { ClassWeight } from '../linear/class-weight.js';
import { classWeightObject, computeClassWeight, pythonRepr } from '../linear/class-weight.js';
import { decisionOutput, linearScores, predictedCodes } from '../linear/linear-classifier-scores.js';
import { throwIfAborted } from '../linear/linear-model.js';
import { fitLiblinear, liblinearSolverType } from './fit-liblinear.js';

/** Parameters of {@link LinearSVC}. */
export interface LinearSVCParams {
  /**
   * 'l2' (the standard SVM) or 'l1' (sparse weights; needs loss 'squared_hinge' and
   * `dual: false`).
   * @default 'l2'
   */
  penalty: 'l1' | 'l2';
  /**
   * 'squared_hinge' (the L2-loss SVM) or 'hinge' (the standard SVM loss; needs penalty
   * 'l2' and `dual: true`).
   * @default 'squared_hinge'
   */
  loss: 'hinge' | 'squared_hinge';
  /**
   * Solve the dual problem (coordinate descent on the dual variables, Hsieh et al. 2008)
   * or the primal one (trust-region Newton for 'l2', coordinate descent for 'l1').
   * Prefer the dual when there are more features than samples.
   * @default true
   */
  dual: boolean;
  /**
   * The stopping tolerance (liblinear's `eps`).
   * @default 1e-4
   */
  tol: number;
  /**
   * The inverse of the penalty strength: the objective is `‖w‖²/2 + C Σ loss` (L2) or
   * `‖w‖₁ + C Σ loss` (L1).
   * @default 1
   */
  C: number;
  /**
   * 'ovr' fits one binary model per class against the rest; 'crammer_singer' one joint
   * multi-class model (Crammer and Singer's formulation).
   * @default 'ovr'
   */
  multiClass: 'ovr' | 'crammer_singer';
  /**
   * Fit an intercept: liblinear appends a constant feature `interceptScaling` to each
   * row, so the intercept is penalized like the weights.
   * @default true
   */
  fitIntercept: boolean;
  /**
   * The value of the constant feature that carries the intercept; raise it to weaken
   * the penalty on the intercept.
   * @default 1
   */
  interceptScaling: number;
  /**
   * Class weights: `null`, 'balanced' or `{ label: weight }`; they multiply C for the
   * samples of each class.
   * @default null
   */
  classWeight: ClassWeight;
  /**
   * Seeds liblinear's random visiting order, as scikit-learn seeds it
   * (`RandomState(randomState).randint(2³¹ - 1)` for liblinear's `set_seed`), so the
   * same seed gives scikit-learn's weights; `null` draws a seed.
   * @default null
   */
  randomState: RandomStateLike | null;
  /**
   * The most passes of the solver (Crammer–Singer runs up to liblinear's own 100000,
   * as in scikit-learn: `maxIter` only decides its warning).
   * @default 1000
   */
  maxIter: number;
}

const SCHEMA: ParamSchema<LinearSVCParams> = {
  penalty: { default: 'l2', constraints: oneOf(['l1', 'l2']) },
  loss: { default: 'squared_hinge', constraints: oneOf(['hinge', 'squared_hinge']) },
  dual: { default: true, constraints: booleanValue },
  tol: { default: 1e-4, constraints: realIn({ min: 0, minInclusive: false }) },
  C: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  multiClass: { default: 'ovr', constraints: oneOf(['ovr', 'crammer_singer']) },
  fitIntercept: { default: true, constraints: booleanValue },
  interceptScaling: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  classWeight: { default: null, constraints: [nullValue, oneOf(['balanced']), classWeightObject] },
  randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
  maxIter: { default: 1000, constraints: integerIn({ min: 0 }) },
};

interface LinearSVCFit {
  /** `rows × p`, row-major (one row for two classes). */
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
  readonly rows: number;
  readonly p: number;
  readonly nIter: number;
}

/**
 * A linear SVM classifier trained by liblinear, as scikit-learn's `LinearSVC`: the dual
 * coordinate descent of Hsieh et al. (2008) by default (L2-loss, L2 penalty), the
 * standard hinge loss, an L1 penalty through primal coordinate descent, or the primal
 * trust-region Newton method; one model per class against the rest, or Crammer and
 * Singer's joint model. Warns (`ConvergenceWarning`) when `maxIter` passes are reached.
 *
 * The solvers are liblinear's, step for step, and draw their random visiting order
 * from scikit-learn's generator seeded from `randomState` as scikit-learn seeds it, so
 * the same seed gives scikit-learn's weights. Standardize the features first.
 *
 * @example
 * ```ts
 * const X = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0], [5, 1]];
 * const model = await new LinearSVC({ randomState: 0 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
 * await model.predict([[0.5, 0], [4.5, 1]]); // ['a', 'b']
 * await model.decisionFunction([[2.5, 0.5]]); // ≈ [0]: on the boundary
 * ```
 */
export class LinearSVC extends BaseClassifier<LinearSVCParams> {
  private fitted: LinearSVCFit | undefined;

  constructor(params: Partial<LinearSVCParams> = {}) {
    super('LinearSVC', SCHEMA, params);
  }

  /** Weights: `1 × nFeatures` for two classes, `nClasses × nFeatures` otherwise. @throws {NotFittedError} before fit. */
  get coef(): number[][] {
    const f = this.requireFitted(this.fitted, 'coef');
    return Array.from({ length: f.rows }, (_, c) => Array.from(f.coef.subarray(c * f.p, (c + 1) * f.p)));
  }

  /** Intercepts (`interceptScaling` times the weight of the constant feature). @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'intercept').intercept);
  }

  /** The most passes any binary fit took. @throws {NotFittedError} before fit. */
  get nIter(): number {
    return this.requireFitted(this.fitted, 'nIter').nIter;
  }

  /** Fits liblinear's model; warns (`ConvergenceWarning`) when a fit reaches `maxIter`. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const owner = `${this.owner}.fit`;
    throwIfAborted(options?.signal, owner);
    const p = this.params;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    if (typeOfTarget(y as Vector) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, { shown: 'continuous values', hint: 'Use LinearSVR for a continuous target.' });
    }
    if (classes.length < 2) {
      throw new ValidationError(
        `This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${pythonRepr(classes[0] as Label)}`,
        { owner, argument: 'y', value: classes[0], expected: 'at least 2 classes' },
      );
    }
    const classWeight = computeClassWeight(p.classWeight, classes, codes, owner);
    const solverType = liblinearSolverType(this.owner, p.multiClass, p.penalty, p.loss, p.dual);
    const result = fitLiblinear(matrix, { codes, nClasses: classes.length }, {
      C: p.C,
      fitIntercept: p.fitIntercept,
      interceptScaling: p.interceptScaling,
      classWeight,
      solverType,
      maxIter: p.maxIter,
      tol: p.tol,
      randomState: p.randomState,
      signal: options?.signal,
    });
    let { coef, intercept, rows } = result;
    const cols = matrix.columns;
    if (p.multiClass === 'crammer_singer' && classes.length === 2) {
      // scikit-learn keeps one model for two classes: the second minus the first
      coef = Float64Array.from({ length: cols }, (_, j) => result.coef[cols + j] - result.coef[j]);
      intercept = Float64Array.of(result.intercept[1] - result.intercept[0]);
      rows = 1;
    }
    let nIter = 0;
    for (const k of result.nIter) nIter = Math.max(nIter, k);
    this.fitted = { coef, intercept, rows, p: cols, nIter };
    return this;
  }

  private scores(X: MatrixLike, method: string): { scores: Float64Array; k: number } {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, method);
    return { scores: linearScores(matrix, state.coef, state.intercept), k: state.rows };
  }

  /**
   * Signed distances to the decision boundary: one per sample for two classes
   * (positive means `classes[1]`), one row of `nClasses` per sample otherwise.
   */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    const { scores, k } = this.scores(X, 'decisionFunction');
    return decisionOutput(scores, k);
  }

  /** The class of each sample: the sign of the decision value, or the largest one. */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { scores, k } = this.scores(X, 'predict');
    return this.decodeLabels(predictedCodes(scores, k));
  }
}

registerTransferable(LinearSVC, import.meta.url);

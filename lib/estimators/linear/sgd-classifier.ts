/**
 * Linear classifiers trained by stochastic gradient descent: scikit-learn's
 * `SGDClassifier`, with `partialFit` for learning batch by batch.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { requireTarget, typeOfTarget, uniqueLabels, validateMatrix, validateTarget } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { ContinuesTraining } from '../../core/continuation.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { checkKnownKeys, formatValue, invalidArgument, invalidParameter, nullValue, oneOf } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseClassifier } from '../base.js';
import type { ClassWeight } from './class-weight.js';
import { classWeightObject, computeClassWeight, pythonRepr } from './class-weight.js';
import { decisionOutput, linearScores, ovrLogisticProbabilities, predictedCodes } from './linear-classifier-scores.js';
import { throwIfAborted } from './linear-model.js';
import type { SgdSharedParams } from './sgd-base.js';
import { averageStart, baseSettings, checkSgdParams, sharedSchema } from './sgd-base.js';
import { SgdKernelRows } from './sgd-kernel.js';
import type { SgdClassifierLoss } from './sgd-loss.js';
import { CLASSIFIER_LOSSES, sgdLoss } from './sgd-loss.js';
import { fitRandomState, SgdClassifierWeights } from './sgd-one-vs-rest.js';

/** Parameters of {@link SGDClassifier}. */
export interface SGDClassifierParams extends SgdSharedParams {
  /**
   * 'hinge' (a linear SVM), 'log_loss' (logistic regression, with probabilities),
   * 'modified_huber' (smooth, with probabilities), 'squared_hinge', 'perceptron', or a
   * regression loss ('squared_error', 'huber', 'epsilon_insensitive',
   * 'squared_epsilon_insensitive') on the ±1 targets.
   * @default 'hinge'
   */
  loss: SgdClassifierLoss;
  /**
   * Class weights: `null`, 'balanced' (not with `partialFit`) or `{ label: weight }`;
   * they multiply the step of each sample of the class.
   * @default null
   */
  classWeight: ClassWeight;
}

const SCHEMA: ParamSchema<SGDClassifierParams> = {
  loss: { default: 'hinge', constraints: oneOf(CLASSIFIER_LOSSES) },
  ...sharedSchema({ learningRate: 'optimal', eta0: 0, powerT: 0.5 }),
  classWeight: { default: null, constraints: [nullValue, oneOf(['balanced']), classWeightObject] },
};

/** Options of {@link SGDClassifier.partialFit}. */
export interface SGDPartialFitOptions {
  /**
   * Every class any batch may hold. Required on the first call (unless `fit` was
   * called before); later calls may repeat the same classes or omit them.
   * @default undefined
   */
  readonly classes?: readonly Label[] | undefined;
}

const MAX_ITER_HINT = 'Consider increasing maxIter to improve the fit.';

/**
 * A linear classifier (an SVM, logistic regression, ...) trained one sample at a time
 * by stochastic gradient descent, with an L2, L1 or elastic-net penalty. Several
 * classes are fitted one against the rest.
 *
 * Follows scikit-learn 1.2 step for step: the same learning-rate schedules ('optimal'
 * with Bottou's initial rate, 'constant', 'invscaling', 'adaptive'), the same
 * truncated-gradient L1 step and averaging, and the same seeded visiting order
 * (each epoch shuffles the rows with scikit-learn's generator, seeded from
 * `randomState` as scikit-learn seeds it), so the same `randomState` gives
 * scikit-learn's weights to rounding. Standardize the features first (see
 * `StandardScaler`): the default schedule expects unit variance.
 *
 * @example
 * ```ts
 * const X = [[-1, -1], [-2, -1], [1, 1], [2, 1]];
 * const model = await new SGDClassifier({ randomState: 0 }).fit(X, [1, 1, 2, 2]);
 * await model.predict([[-0.8, -1]]); // [1]
 *
 * // learning batch by batch: the first call names every class
 * const online = new SGDClassifier({ loss: 'log_loss', randomState: 0 });
 * await online.partialFit(X.slice(0, 2), [1, 1], { classes: [1, 2] });
 * await online.partialFit(X.slice(2), [2, 2]);
 * await online.predictProba([[0, 0]]);
 * ```
 */
export class SGDClassifier extends BaseClassifier<SGDClassifierParams> implements ContinuesTraining {
  private weights: SgdClassifierWeights | undefined;
  /** True when the weights come from `fit` (or `continueFit`): more epochs can then follow exactly. */
  private continuable = false;

  constructor(params: Partial<SGDClassifierParams> = {}) {
    super('SGDClassifier', SCHEMA, params);
  }

  /** Weights: `1 × nFeatures` for two classes, `nClasses × nFeatures` otherwise. @throws {NotFittedError} before fit. */
  get coef(): number[][] {
    const w = this.requireFitted(this.weights, 'coef');
    return Array.from({ length: w.rows }, (_, c) => Array.from(w.coef.subarray(c * w.p, (c + 1) * w.p)));
  }

  /** Intercepts: one for two classes, one per class otherwise. @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    return Array.from(this.requireFitted(this.weights, 'intercept').intercept);
  }

  /** Epochs of the last fit or batch (the most over the classes). @throws {NotFittedError} before fit. */
  get nIter(): number {
    return this.requireFitted(this.weights, 'nIter').nIter;
  }

  /** Weight updates so far plus one (scikit-learn's `t_`: `nIter · nSamples + 1` after one fit). @throws {NotFittedError} before fit. */
  get tUpdates(): number {
    return this.requireFitted(this.weights, 'tUpdates').t;
  }

  /**
   * Fits from scratch (or from the last weights with `warmStart`); warns
   * (`ConvergenceWarning`) when `maxIter` epochs run. After each epoch (of a two-class fit; one-vs-rest fits run one problem per class and do not report),
   * `options.report(epoch, values)` receives the mean training loss (`loss`), or with
   * early stopping the validation score (`validation_score`); returning `true` stops the fit.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    throwIfAborted(options?.signal, `${this.owner}.fit`);
    checkSgdParams(this.owner, this.params, false);
    const previous = this.params.warmStart ? this.weights : undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    this.checkTarget(y as Vector, classes, 'fit');
    const rows = classes.length > 2 ? classes.length : 1;
    if (previous !== undefined && (previous.rows !== rows || previous.p !== matrix.columns)) {
      throw invalidArgument(`${this.owner}.fit`, 'X', `data of the shape of the warm start (${previous.rows} × ${previous.p} weights)`, `${rows} × ${matrix.columns}`, {
        hint: 'With warmStart, fit again on the same features and classes, or set warmStart: false.',
      });
    }
    const init = previous === undefined ? undefined : { coef: previous.coef, intercept: previous.intercept };
    this.weights = undefined;
    this.continuable = false;
    const weights = new SgdClassifierWeights(rows, matrix.columns, averageStart(this.params.average), init);
    await this.runBatch(weights, matrix, codes, classes, this.params.maxIter, options);
    this.weights = weights;
    this.continuable = true;
    this.warnIfNotConverged(weights);
    return this;
  }

  continuableParams(): readonly string[] {
    return ['maxIter'];
  }

  /**
   * Runs more epochs on the same rows, up to `maxIter: value` in all, from where the
   * fit's epoch loop stopped (its weights, sample order, learning rate and stopping
   * counters): the model a fit with `maxIter: value` gives, exactly. A fit that ended
   * on its stopping rule (`tol`, early stopping) stays as it is, as the longer fit
   * would have. After `partialFit` (or with a smaller `value`) it fits again.
   */
  async continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void> {
    const owner = `${this.owner}.continueFit`;
    if (param !== 'maxIter') throw invalidParameter(owner, 'param', "'maxIter'", param);
    const weights = this.weights;
    if (weights === undefined || !this.continuable || value < this.params.maxIter || weights.p !== X.columns || weights.loops.length !== weights.rows) {
      this.setParams({ maxIter: value });
      await this.fit(X, y, options);
      return;
    }
    throwIfAborted(options?.signal, owner);
    this.setParams({ maxIter: value });
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    this.continuable = false;
    await this.runBatch(weights, matrix, codes, classes, value, options, weights.loops);
    this.continuable = true;
    this.warnIfNotConverged(weights);
  }

  private warnIfNotConverged(weights: SgdClassifierWeights): void {
    if (this.params.tol !== null && weights.nIter === this.params.maxIter) {
      warn(`Maximum number of iteration reached before convergence. ${MAX_ITER_HINT}`, 'ConvergenceWarning');
    }
  }

  /**
   * One epoch over a batch, continuing from the current weights. The first call needs
   * `classes`: every label any batch may hold.
   *
   * @throws {ValidationError} without `classes` on the first call, for labels outside the
   *   classes, or a batch with another number of features.
   * @throws {InvalidParameterError} for `classWeight: 'balanced'` or `earlyStopping`.
   */
  async partialFit(X: MatrixLike, y: TargetLike, options?: SGDPartialFitOptions): Promise<this> {
    const owner = `${this.owner}.partialFit`;
    checkKnownKeys(owner, options ?? {}, ['classes'], 'option');
    const first = this.weights === undefined;
    if (first) {
      checkSgdParams(this.owner, this.params, true);
      if (this.params.classWeight === 'balanced') {
        throw invalidParameter(this.owner, 'classWeight', "null or an object of weights with partialFit (not 'balanced')", 'balanced', {
          hint: 'Compute the weights from a large enough sample of the labels with computeClassWeight and pass them as an object.',
        });
      }
    }
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    const classes = this.partialFitClasses(owner, options?.classes);
    if (!first) this.checkFeatureCount(matrix, 'partialFit');
    if (first) this.checkTarget(classes as Vector, classes, 'partialFit');
    const codes = encodeWithin(owner, y as Vector, classes);
    const weights = this.weights ?? new SgdClassifierWeights(classes.length > 2 ? classes.length : 1, matrix.columns, averageStart(this.params.average));
    this.continuable = false;
    await this.runBatch(weights, matrix, codes, classes, 1, undefined);
    this.classesSeen = classes;
    this.nFeaturesSeen = matrix.columns;
    this.weights = weights;
    return this;
  }

  private partialFitClasses(owner: string, given: readonly Label[] | undefined): readonly Label[] {
    const known = this.weights === undefined ? undefined : this.classesSeen;
    if (known === undefined) {
      if (given === undefined) {
        throw invalidArgument(owner, 'classes', 'the list of every class (needed on the first call to partialFit)', undefined, {
          hint: 'Pass partialFit(X, y, { classes: [...] }) with all the labels any batch may hold.',
        });
      }
      validateTarget(given as Vector, { owner, argument: 'classes' });
      return uniqueLabels(given as Vector);
    }
    if (given !== undefined) {
      const sorted = uniqueLabels(given as Vector);
      if (sorted.length !== known.length || sorted.some((c, i) => c !== known[i])) {
        throw invalidArgument(owner, 'classes', `the classes of the first call (${formatValue(known)})`, given);
      }
    }
    return known;
  }

  private checkTarget(y: Vector, classes: readonly Label[], method: string): void {
    const owner = `${this.owner}.${method}`;
    if (typeOfTarget(y) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, { shown: 'continuous values', hint: 'Use SGDRegressor for a continuous target.' });
    }
    if (classes.length < 2) {
      throw new ValidationError(`The number of classes has to be greater than one; got ${classes.length} class: ${classes.map(pythonRepr).join(', ')}`, {
        owner,
        argument: 'y',
        value: classes,
        expected: 'at least 2 classes',
      });
    }
  }

  /** scikit-learn's `_partial_fit` after validation: class weights, the kernels' copy of X, the binary problems. */
  private async runBatch(
    weights: SgdClassifierWeights,
    X: DenseMatrix,
    codes: Int32Array,
    classes: readonly Label[],
    maxIter: number,
    options: FitOptions | undefined,
    resume?: SgdClassifierWeights['loops'],
  ): Promise<void> {
    const p = this.params;
    const classWeight = computeClassWeight(p.classWeight, classes, codes, `${this.owner}.fit`);
    const kernel = SgdKernelRows.tryFrom(X);
    try {
      await weights.fitBatch(X, { X: X.values, n: X.rows, p: X.columns, kernel }, codes, classes.length, {
        base: baseSettings(this.owner, p, sgdLoss(p.loss, p.epsilon), maxIter),
        params: p,
        randomState: fitRandomState(p.randomState),
        classWeight,
        signal: options?.signal,
        report: options?.report,
      }, resume);
    } finally {
      kernel?.dispose();
    }
  }

  private scores(X: MatrixLike, method: string): { scores: Float64Array; k: number } {
    const { state, X: matrix } = this.preparePredict(this.weights, X, method);
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

  /**
   * Class probabilities (loss 'log_loss' or 'modified_huber'): the logistic function
   * of the decision values, or `(clip(d, -1, 1) + 1) / 2`, normalized over the
   * classes when there are more than two.
   *
   * @throws {InvalidParameterError} for other losses.
   */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const loss = this.params.loss;
    if (loss !== 'log_loss' && loss !== 'modified_huber') {
      throw invalidParameter(this.owner, 'loss', "'log_loss' or 'modified_huber' to use predictProba", loss, {
        hint: 'Other losses give no probability estimates; calibrate the decision values instead.',
      });
    }
    const { scores, k } = this.scores(X, 'predictProba');
    if (loss === 'log_loss') return ovrLogisticProbabilities(scores, k);
    return modifiedHuberProbabilities(scores, k);
  }

  /** The logarithm of {@link predictProba}. */
  async predictLogProba(X: MatrixLike): Promise<number[][]> {
    return (await this.predictProba(X)).map((row) => row.map(Math.log));
  }
}

/** scikit-learn's modified-Huber probabilities (uniform where every class scores at most -1). */
function modifiedHuberProbabilities(scores: Float64Array, k: number): number[][] {
  const n = scores.length / k;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      const prob = (Math.min(Math.max(scores[i], -1), 1) + 1) / 2;
      out[i] = [1 - prob, prob];
      continue;
    }
    const row = new Array<number>(k);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += row[c] = (Math.min(Math.max(scores[i * k + c], -1), 1) + 1) / 2;
    if (sum === 0) out[i] = row.fill(1 / k);
    else out[i] = row.map((v) => v / sum);
  }
  return out;
}

/** Class codes of `y` within `classes`; labels outside them are an error. */
function encodeWithin(owner: string, y: Vector, classes: readonly Label[]): Int32Array {
  const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(y.length);
  const unknown = new Set<Label>();
  for (let i = 0; i < y.length; i++) {
    const code = index.get(y[i] as Label);
    if (code === undefined) unknown.add(y[i] as Label);
    else codes[i] = code;
  }
  if (unknown.size > 0) {
    throw invalidArgument(owner, 'y', `labels among the classes ${formatValue(classes)}`, y, {
      shown: `labels ${formatValue(uniqueLabels([...unknown]))} that are not among them`,
    });
  }
  return codes;
}

registerTransferable(SGDClassifier, import.meta.url);

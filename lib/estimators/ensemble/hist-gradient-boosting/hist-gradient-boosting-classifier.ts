/**
 * HistGradientBoostingClassifier: scikit-learn's histogram-based gradient boosting for
 * classification (`sklearn.ensemble.HistGradientBoostingClassifier`).
 */
import type { ContinuesTraining } from '../../../core/continuation.js';
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../../core/data.js';
import { ValidationError } from '../../../core/errors.js';
import { encodeLabels, requireTarget, validateTarget } from '../../../core/data.js';
import type { FitOptions, ParamSchema, Predictor } from '../../../core/estimator.js';
import { registerTransferable } from '../../../core/transfer.js';
import { invalidArgument, oneOf } from '../../../core/validate.js';
import { BaseClassifier } from '../../base.js';
import { fitBoosting } from './boosting.js';
import { classificationLoss, probabilities } from './losses.js';
import type { HistGradientBoostingState } from './model.js';
import { boostingSettings, continueBoosting, createWorkspace, featureOptions, rawPredict, toState, validateFeatures, warmStartOf } from './model.js';
import type { HistGradientBoostingParamValues } from './params.js';
import { sharedParamsSchema } from './params.js';

/** Parameters of {@link HistGradientBoostingClassifier}. */
export interface HistGradientBoostingClassifierParams extends HistGradientBoostingParamValues {
  /** The loss: log loss (binomial for two classes, multinomial, one tree per class, for more). @default 'log_loss' */
  loss: 'log_loss';
}

const SCHEMA: ParamSchema<HistGradientBoostingClassifierParams> = {
  loss: { default: 'log_loss', constraints: oneOf(['log_loss']) },
  ...sharedParamsSchema(),
};

/** Rows of a class-major raw array (for multiclass decision functions). */
function rowsOf(raw: Float64Array, n: number, K: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(K);
    for (let k = 0; k < K; k++) row[k] = raw[k * n + i] as number;
    out[i] = row;
  }
  return out;
}

/** The index of the largest value (the first of ties), as numpy's argmax. */
function argmax(row: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < row.length; k++) if ((row[k] as number) > (row[best] as number)) best = k;
  return best;
}

/**
 * Histogram-based gradient boosting for classification, after scikit-learn's
 * `HistGradientBoostingClassifier`: log loss, one tree per iteration for two classes
 * and one per class for more; features binned into at most 255 bins, trees grown
 * leaf-wise on gradient histograms, missing values (NaN) sent to the side learned at
 * each split, optional categorical features, monotonic constraints (two classes) and
 * early stopping.
 *
 * With the same data the trees and probabilities equal scikit-learn's, and so do the random
 * steps for the same `randomState` (the early-stopping split, the binning subsample
 * above 200 000 rows, the rows a scorer sees above 10 000): numpy's draws.
 *
 * @example
 * ```ts
 * const X = Array.from({ length: 100 }, (_, i) => [i % 10, Math.floor(i / 10)]);
 * const y = X.map(([a, b]) => (a + b > 9 ? 'high' : 'low'));
 * const model = await new HistGradientBoostingClassifier({ maxIter: 20, minSamplesLeaf: 5 }).fit(X, y);
 * await model.predict([[9, 9], [0, 1]]); // ['high', 'low']
 * await model.predictProba([[9, 9]]); // [[p_high, p_low]], columns in model.classes order
 * ```
 */
export class HistGradientBoostingClassifier extends BaseClassifier<HistGradientBoostingClassifierParams> implements ContinuesTraining {
  private fitted: HistGradientBoostingState | undefined;

  constructor(params: Partial<HistGradientBoostingClassifierParams> = {}) {
    super('HistGradientBoostingClassifier', SCHEMA, params);
  }

  /**
   * Boosts trees on X (NaN allowed) and the class labels y. `options.signal` stops the
   * fit between iterations (an `AbortError`); `options.report` receives `trainScore`
   * (and `validationScore`) after each iteration and stops the fit when it returns true.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const previous = this.fitted;
    const seen = { nFeatures: this.nFeaturesSeen ?? 0, nTreesPerIteration: previous?.nTreesPerIteration ?? 1, classes: JSON.stringify(this.classesSeen) };
    this.fitted = undefined;
    const owner = `${this.owner}.fit`;
    const matrix = validateFeatures(owner, X);
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    const labels = y as Vector;
    const { classes, codes } = encodeLabels(labels);
    if (classes.length < 2) {
      throw invalidArgument(owner, 'y', 'labels of at least 2 classes', labels, { shown: `only the class ${String(classes[0])}` });
    }
    this.nFeaturesSeen = matrix.columns;
    this.classesSeen = classes;
    const loss = classificationLoss(classes.length);
    const problem = {
      X: matrix,
      y: Float64Array.from(codes),
      classCodes: codes,
      loss,
      ...featureOptions(this.owner, this.params, matrix, loss),
      defaultScorer: 'accuracy' as const,
      targetsOf: (rows: Int32Array | undefined) => (rows === undefined ? labels : Array.from(rows, (r) => labels[r] as Label)),
      scoringView: (raw: Float64Array, n: number) => this.scoringView(raw, n),
    };
    const warm = warmStartOf(this.owner, this.params, previous, seen, { nFeatures: matrix.columns, nTreesPerIteration: loss.nTreesPerIteration });
    if (warm !== undefined && seen.classes !== JSON.stringify(classes)) {
      throw new ValidationError(`${owner} with warmStart got the classes ${JSON.stringify(classes)}, but the model was fitted for ${seen.classes}.`, {
        owner, argument: 'y', value: classes, expected: `the classes ${seen.classes} (warmStart)`,
      });
    }
    this.fitted = toState(await fitBoosting(problem, boostingSettings(this.owner, this.params), createWorkspace, options, warm));
    return this;
  }

  /** Searches continue a fitted model along `maxIter` (adding iterations). */
  continuableParams(): readonly string[] {
    return ['maxIter'];
  }

  /** Adds iterations up to `maxIter: value` through the `warmStart` path: the model a single fit with `value` iterations boosts. */
  continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void> {
    return continueBoosting(this, X, y, param, value, options);
  }


  private raw(X: MatrixLike, method: string): { raw: Float64Array; n: number; K: number } {
    const state = this.requireFitted(this.fitted, method);
    const matrix = validateFeatures(`${this.owner}.${method}`, X);
    this.checkFeatureCount(matrix, method);
    return { raw: rawPredict(state, matrix), n: matrix.rows, K: state.nTreesPerIteration };
  }

  /** Class probabilities (expit of the raw prediction for two classes, softmax for more), columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { raw, n, K } = this.raw(X, 'predictProba');
    return probabilities(raw, n, K);
  }

  /** The most probable class (the first in `classes` order on ties). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { raw, n, K } = this.raw(X, 'predict');
    return this.decodeLabels(probabilities(raw, n, K).map(argmax));
  }

  /** The raw predictions: one value per row for two classes (positive for `classes[1]`), one per class for more. */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    const { raw, n, K } = this.raw(X, 'decisionFunction');
    return K === 1 ? raw : rowsOf(raw, n, K);
  }

  /** A predictor of the rows whose raw predictions are given (what early-stopping scorers call). */
  private scoringView(raw: Float64Array, n: number): Predictor {
    const K = raw.length / n;
    const classes = [...this.classes];
    const view = {
      estimatorType: 'classifier',
      classes,
      predict: async () => probabilities(raw, n, K).map((row) => classes[argmax(row)] as Label),
      predictProba: async () => probabilities(raw, n, K),
      decisionFunction: async () => (K === 1 ? raw.slice() : rowsOf(raw, n, K)),
    };
    return view as unknown as Predictor;
  }

  /** The number of boosting iterations done (fewer than `maxIter` when early stopping stopped the fit). */
  get nIter(): number {
    return this.requireFitted(this.fitted, 'nIter').predictors.length;
  }

  /** Trees per iteration: 1 for two classes, the number of classes for more. */
  get nTreesPerIteration(): number {
    return this.requireFitted(this.fitted, 'nTreesPerIteration').nTreesPerIteration;
  }

  /** Whether early stopping was used (`earlyStopping: 'auto'` turns it on above 10 000 rows). */
  get doEarlyStopping(): boolean {
    return this.requireFitted(this.fitted, 'doEarlyStopping').doEarlyStopping;
  }

  /**
   * The scores on the training rows at each iteration (the first before any tree):
   * the negative loss or the scorer's value. Empty without early stopping.
   */
  get trainScore(): Float64Array {
    return this.requireFitted(this.fitted, 'trainScore').trainScore.slice();
  }

  /** The scores on the validation rows at each iteration; empty without early stopping or validation rows. */
  get validationScore(): Float64Array {
    return this.requireFitted(this.fitted, 'validationScore').validationScore.slice();
  }
}

registerTransferable(HistGradientBoostingClassifier, import.meta.url);

/**
 * What MultinomialNB and BernoulliNB share (scikit-learn's `_BaseDiscreteNB`):
 * per-class feature counts summed over the rows of each class, additive
 * (Laplace/Lidstone) smoothing with `alpha`, and the class log-priors.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import type { Constraint } from '../../core/validate.js';
import { ValidationError } from '../../core/errors.js';
import { arrayOf, booleanValue, nullValue, parameterMessage, realIn } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { NaiveBayesPartialFitOptions } from './naive-bayes-base.js';
import { BaseNaiveBayes } from './naive-bayes-base.js';

/** Parameters every discrete naive Bayes classifier takes. */
export interface DiscreteNBParams {
  /**
   * Additive smoothing: a number, or one number per feature. With `forceAlpha`
   * false, values below 1e-10 are raised to 1e-10 (with a warning).
   * @default 1
   */
  alpha: number | readonly number[];
  /**
   * Keep `alpha` as given even below 1e-10 (0 means no smoothing, which may give
   * log(0) = -Infinity).
   * @default false
   */
  forceAlpha: boolean;
  /**
   * Learn the class priors from the class frequencies; false uses a uniform prior.
   * Ignored when `classPrior` is given.
   * @default true
   */
  fitPrior: boolean;
  /**
   * Prior probability of each class, in sorted class order; null follows `fitPrior`.
   * @default null
   */
  classPrior: readonly number[] | null;
}

/** Below this, `alpha` is raised unless `forceAlpha` (scikit-learn's `_ALPHA_MIN`). */
const ALPHA_MIN = 1e-10;

const nonNegative = realIn({ min: 0 });

/** The schema entries of {@link DiscreteNBParams}. */
export const DISCRETE_NB_SCHEMA: ParamSchema<DiscreteNBParams> = {
  alpha: { default: 1, constraints: [nonNegative, arrayOf(nonNegative, { minLength: 1 }) as Constraint] },
  forceAlpha: { default: false, constraints: booleanValue },
  fitPrior: { default: true, constraints: booleanValue },
  classPrior: { default: null, constraints: [nullValue, arrayOf(realIn(), { minLength: 1 })] },
};

/** The fitted counts and log-probabilities of a discrete naive Bayes model. */
export interface DiscreteState {
  /** Per class and feature (`classes × features`): the summed feature values. */
  readonly featureCount: Float64Array;
  readonly classCount: Float64Array;
  /** log P(feature | class), `classes × features`. */
  readonly featureLogProb: Float64Array;
  readonly classLogPrior: Float64Array;
}

/** A naive Bayes classifier on counts or binary features. */
export abstract class BaseDiscreteNB<P extends DiscreteNBParams> extends BaseNaiveBayes<P> {
  protected state: DiscreteState | undefined;

  protected fittedState(): unknown {
    return this.state;
  }

  /** Checks X for fit (MultinomialNB: no negative values) and returns the form the counts use. */
  protected abstract countInput(X: DenseMatrix, method: string): DenseMatrix;

  /** log P(feature | class) from the smoothed counts. */
  protected abstract computeFeatureLogProb(featureCount: Float64Array, classCount: Float64Array, alpha: Float64Array, p: number): Float64Array;

  /** Summed feature values of each class, `classes × features` (scikit-learn's `feature_count_`). @throws {NotFittedError} before fit. */
  get featureCount(): number[][] {
    const s = this.requireFitted(this.state, 'featureCount');
    return toRows(s.featureCount, s.classCount.length);
  }

  /** The number of training rows of each class. @throws {NotFittedError} before fit. */
  get classCount(): number[] {
    return Array.from(this.requireFitted(this.state, 'classCount').classCount);
  }

  /** log P(feature | class), `classes × features`. @throws {NotFittedError} before fit. */
  get featureLogProb(): number[][] {
    const s = this.requireFitted(this.state, 'featureLogProb');
    return toRows(s.featureLogProb, s.classCount.length);
  }

  /** The log prior of each class. @throws {NotFittedError} before fit. */
  get classLogPrior(): number[] {
    return Array.from(this.requireFitted(this.state, 'classLogPrior').classLogPrior);
  }

  /** Fits the model on all the data (forgetting earlier batches). */
  async fit(X: MatrixLike, y?: TargetLike, _options?: FitOptions): Promise<this> {
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    this.state = undefined;
    const counts = this.countInput(matrix, 'fit');
    this.state = this.update(undefined, counts, codes, classes.length, 'fit');
    return this;
  }

  /**
   * Adds one batch to the counts. The first call needs `classes` (every label any
   * batch may hold); after `fit`, batches add to the fitted counts.
   *
   * @throws {ValidationError} without `classes` on the first call, for labels outside
   *   the classes, or a batch with another number of features.
   */
  async partialFit(X: MatrixLike, y: TargetLike, options?: NaiveBayesPartialFitOptions): Promise<this> {
    const batch = this.preparePartialFit(X, y, options);
    const counts = this.countInput(batch.X, 'partialFit');
    this.state = this.update(batch.first ? undefined : this.state, counts, batch.codes, this.classes.length, 'partialFit');
    return this;
  }

  private update(previous: DiscreteState | undefined, X: DenseMatrix, codes: Int32Array, k: number, method: string): DiscreteState {
    const p = X.columns;
    const n = X.rows;
    const v = X.values;
    const alpha = this.checkAlpha(p, method);
    const classPrior = this.params.classPrior;
    if (classPrior !== null && classPrior.length !== k) {
      throw fitTimeError(`${this.owner}.${method}`, 'classPrior', `an array of ${k} numbers (one per class)`, classPrior, 'Number of priors must match number of classes.');
    }
    const featureCount = previous?.featureCount.slice() ?? new Float64Array(k * p);
    const classCount = previous?.classCount.slice() ?? new Float64Array(k);
    // scikit-learn's label binarizer gives a single class a column of ones: the same counts
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      classCount[c] += 1;
      const o = i * p;
      const m = c * p;
      for (let j = 0; j < p; j++) featureCount[m + j] += v[o + j];
    }
    const featureLogProb = this.computeFeatureLogProb(featureCount, classCount, alpha, p);
    let classLogPrior: Float64Array;
    if (classPrior !== null) {
      classLogPrior = Float64Array.from(classPrior, Math.log);
    } else if (this.params.fitPrior) {
      let total = 0;
      for (let c = 0; c < k; c++) total += classCount[c];
      const logTotal = Math.log(total);
      classLogPrior = classCount.map((count) => Math.log(count) - logTotal);
    } else {
      classLogPrior = new Float64Array(k).fill(-Math.log(k));
    }
    return { featureCount, classCount, featureLogProb, classLogPrior };
  }

  /** scikit-learn's `_check_alpha`: one value per feature, raised to 1e-10 unless forced. */
  private checkAlpha(p: number, method: string): Float64Array {
    const given = this.params.alpha;
    if (typeof given !== 'number' && given.length !== p) {
      throw fitTimeError(`${this.owner}.${method}`, 'alpha', `a number or an array of ${p} numbers (one per feature)`, given, `Got ${given.length} values for ${p} features.`);
    }
    const alpha = typeof given === 'number' ? new Float64Array(p).fill(given) : Float64Array.from(given);
    let min = Infinity;
    for (let j = 0; j < p; j++) min = Math.min(min, alpha[j]);
    if (min < ALPHA_MIN && !this.params.forceAlpha) {
      warn('alpha too small will result in numeric errors, setting alpha = 1.0e-10. Use `forceAlpha: true` to keep alpha unchanged.', 'UserWarning');
      for (let j = 0; j < p; j++) alpha[j] = Math.max(alpha[j], ALPHA_MIN);
    }
    return alpha;
  }
}

/**
 * A parameter that does not fit the data (a length that must match the classes or
 * features): a ValidationError, so a search records the candidate as failed.
 */
function fitTimeError(owner: string, name: string, expected: string, value: unknown, hint: string): ValidationError {
  return new ValidationError(parameterMessage(owner, name, 'parameter', expected, value, hint), { owner, argument: name, value, expected });
}

function toRows(values: Float64Array, k: number): number[][] {
  const p = values.length / k;
  return Array.from({ length: k }, (_, c) => Array.from(values.subarray(c * p, (c + 1) * p)));
}

/**
 * What the naive Bayes classifiers share (scikit-learn's `_BaseNB`): predictions
 * from a joint log-likelihood `log P(c) + log P(x | c)`, normalized with
 * logsumexp into log-probabilities, and the class bookkeeping of `partialFit`.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { requireTarget, uniqueLabels, validateMatrix, validateTarget } from '../../core/data.js';
import { checkKnownKeys, formatValue, invalidArgument } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';

/** Options of `partialFit`. */
export interface NaiveBayesPartialFitOptions {
  /**
   * Every class that may appear in any batch. Required on the first call (unless
   * `fit` was called before); later calls may repeat the same classes or omit them.
   * @default undefined
   */
  readonly classes?: readonly Label[] | undefined;
}

/** Joint log-likelihoods: `rows × classes`, row-major. */
export interface JointLogLikelihood {
  readonly values: Float64Array;
  readonly rows: number;
  readonly classes: number;
}

/**
 * log Σ exp(row) of each row of a row-major `rows × width` array, as scipy's
 * `logsumexp`: shifted by the row's maximum (0 when that is not finite).
 */
export function rowLogSumExp(values: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * width;
    let max = -Infinity;
    for (let c = 0; c < width; c++) if (values[o + c] > max) max = values[o + c];
    if (!Number.isFinite(max)) max = 0;
    let sum = 0;
    for (let c = 0; c < width; c++) sum += Math.exp(values[o + c] - max);
    out[i] = Math.log(sum) + max;
  }
  return out;
}

function toRows(values: Float64Array, rows: number, width: number): number[][] {
  const out = new Array<number[]>(rows);
  for (let i = 0; i < rows; i++) out[i] = Array.from(values.subarray(i * width, (i + 1) * width));
  return out;
}

/** The classes a batch of `partialFit` is fitted against, and its labels' codes. */
export interface PartialFitBatch {
  readonly X: DenseMatrix;
  readonly codes: Int32Array;
  /** True when this call starts the model (no classes were known before). */
  readonly first: boolean;
}

/** A naive Bayes classifier: predictions from the joint log-likelihood of each class. */
export abstract class BaseNaiveBayes<P extends object> extends BaseClassifier<P> {
  /** The fitted state the subclass holds (undefined before fit). */
  protected abstract fittedState(): unknown;

  /** The joint log-likelihood of each row of a validated X under each class. */
  protected abstract jointLogLikelihood(X: DenseMatrix): JointLogLikelihood;

  /** Validates X for a prediction method and returns its joint log-likelihood. */
  protected jllOf(X: MatrixLike, method: string): JointLogLikelihood {
    const { X: matrix } = this.preparePredict(this.fittedState(), X, method);
    return this.jointLogLikelihood(this.predictInput(matrix));
  }

  /** The form X takes before the likelihood (BernoulliNB binarizes it). */
  protected predictInput(X: DenseMatrix): DenseMatrix {
    return X;
  }

  /**
   * log P(x, c) = log P(c) + log P(x | c) for each row and class (scikit-learn's
   * `predict_joint_log_proba`): one row per sample, columns in `classes` order.
   */
  async predictJointLogProba(X: MatrixLike): Promise<number[][]> {
    const jll = this.jllOf(X, 'predictJointLogProba');
    return toRows(jll.values, jll.rows, jll.classes);
  }

  /** The class of highest joint log-likelihood for each row (ties: the class that sorts first). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { values, rows, classes } = this.jllOf(X, 'predict');
    const codes = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const o = i * classes;
      let best = 0;
      for (let c = 1; c < classes; c++) if (values[o + c] > values[o + best]) best = c;
      codes[i] = best;
    }
    return this.decodeLabels(codes);
  }

  /** log P(c | x): the joint log-likelihood minus its logsumexp over the classes. */
  async predictLogProba(X: MatrixLike): Promise<number[][]> {
    const jll = this.jllOf(X, 'predictLogProba');
    return toRows(this.normalized(jll), jll.rows, jll.classes);
  }

  /** P(c | x): the exponential of {@link predictLogProba}. Rows sum to one. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const jll = this.jllOf(X, 'predictProba');
    const values = this.normalized(jll);
    for (let k = 0; k < values.length; k++) values[k] = Math.exp(values[k]);
    return toRows(values, jll.rows, jll.classes);
  }

  private normalized(jll: JointLogLikelihood): Float64Array {
    const { rows, classes } = jll;
    const values = jll.values.slice();
    const norm = rowLogSumExp(values, rows, classes);
    for (let i = 0; i < rows; i++) for (let c = 0; c < classes; c++) values[i * classes + c] -= norm[i];
    return values;
  }

  /**
   * Validates a batch of `partialFit` (scikit-learn's `_check_partial_fit_first_call`):
   * classes required on the first call and equal to the known ones later, labels
   * within the classes, and the feature count of earlier batches.
   */
  protected preparePartialFit(X: MatrixLike, y: TargetLike | undefined, options: NaiveBayesPartialFitOptions | undefined): PartialFitBatch {
    const owner = `${this.owner}.partialFit`;
    checkKnownKeys(owner, options ?? {}, ['classes'], 'option');
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    const labels = y as Vector;
    const given = options?.classes;
    const known = this.fittedState() === undefined ? undefined : this.classesSeen;
    let classes: readonly Label[];
    if (known === undefined) {
      if (given === undefined) {
        throw invalidArgument(owner, 'classes', 'the list of every class (needed on the first call to partialFit)', undefined, {
          hint: 'Pass partialFit(X, y, { classes: [...] }) with all the labels any batch may hold.',
        });
      }
      validateTarget(given as Vector, { owner, argument: 'classes' });
      classes = uniqueLabels(given as Vector);
    } else {
      if (given !== undefined) {
        const sorted = uniqueLabels(given as Vector);
        if (sorted.length !== known.length || sorted.some((c, i) => c !== known[i])) {
          throw invalidArgument(owner, 'classes', `the classes of the first call (${formatValue(known)})`, given);
        }
      }
      classes = known;
      this.checkFeatureCount(matrix, 'partialFit');
    }
    const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
    const codes = new Int32Array(labels.length);
    const unknown: Label[] = [];
    for (let i = 0; i < labels.length; i++) {
      const code = index.get(labels[i] as Label);
      if (code === undefined) unknown.push(labels[i] as Label);
      else codes[i] = code;
    }
    if (unknown.length > 0) {
      throw invalidArgument(owner, 'y', `labels among the classes ${formatValue(classes)}`, y, {
        shown: `labels ${formatValue(uniqueLabels(unknown))} that are not among them`,
      });
    }
    if (known === undefined) {
      this.classesSeen = classes;
      this.nFeaturesSeen = matrix.columns;
    }
    return { X: matrix, codes, first: known === undefined };
  }
}

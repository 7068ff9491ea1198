/**
 * Metrics on predicted class probabilities: log loss (cross-entropy), with
 * scikit-learn 1.2's definition.
 */
import type { Label, Vector } from '../core/data.js';
import { uniqueLabels } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { booleanValue, checkKnownKeys, nullValue, oneOf, realIn } from '../core/validate.js';
import type { SampleWeight, ScoresLike } from './_checks.js';
import { checkLabelsOption, checkLabelVector, checkOption, checkSampleWeight, checkScores, checkWeightSum, formatLabels } from './_checks.js';
import { average, pairwiseSum } from './_numeric.js';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps] before the logarithm; `'auto'` is
   * the float64 machine epsilon (2.220446049250313e-16). @default 'auto'
   */
  readonly eps?: 'auto' | number | undefined;
  /** Return the mean loss per sample (true) or the (weighted) sum (false). @default true */
  readonly normalize?: boolean | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /**
   * All the class labels, when yTrue may miss some; the columns of yPred follow
   * their sorted order. null: the labels found in yTrue. @default null
   */
  readonly labels?: readonly Label[] | null | undefined;
}

/**
 * Log loss (logistic loss, cross-entropy): the mean of -log p(true class).
 *
 * `yPred` holds one row of class probabilities per sample, columns in sorted class
 * order; for two classes it may be the probability of the positive (larger) class
 * alone. As scikit-learn 1.2, probabilities are clipped to [eps, 1 - eps] and each
 * row is then divided by its sum (rows that do not sum to 1 are rescaled silently).
 *
 * @throws {ValidationError} when yTrue holds a single label and `labels` is not
 *   given, when the number of columns does not match the classes, or when yTrue
 *   holds a label missing from `labels`.
 * @example
 * ```ts
 * logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.21616187468057912
 * logLoss([0, 1, 1], [0.1, 0.8, 0.7]); // 0.22839300363692283
 * ```
 */
export function logLoss(yTrue: Vector, yPred: ScoresLike, options: LogLossOptions = {}): number {
  const owner = 'logLoss';
  checkKnownKeys(owner, options, ['eps', 'normalize', 'sampleWeight', 'labels'], 'option');
  const epsOption = checkOption<'auto' | number>(owner, 'eps', options.eps, [oneOf(['auto']), realIn({ min: 0, max: 0.5 })]);
  const eps = epsOption === undefined || epsOption === 'auto' ? Number.EPSILON : epsOption;
  const normalize = checkOption<boolean | null>(owner, 'normalize', options.normalize, [nullValue, booleanValue]) ?? true;
  checkLabelVector(owner, 'yTrue', yTrue);
  const n = yTrue.length;
  const scores = checkScores(owner, 'yPred', yPred, n);
  const weights = checkSampleWeight(owner, options.sampleWeight, n);

  const labelsGiven = options.labels !== undefined && options.labels !== null;
  const classes = labelsGiven ? uniqueLabels(checkLabelsOption(owner, options.labels, yTrue)) : uniqueLabels(yTrue);
  if (classes.length === 1) {
    const message = labelsGiven
      ? `The labels array needs to contain at least two labels for logLoss, got ${formatLabels(classes)}.`
      : `yTrue contains only one label (${JSON.stringify(classes[0])}). Please provide the true labels explicitly through the labels option.`;
    throw new ValidationError(message, { owner, argument: labelsGiven ? 'labels' : 'yTrue', value: classes, expected: 'at least two labels' });
  }
  const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const code = index.get(yTrue[i] as Label);
    if (code === undefined) {
      throw new ValidationError(
        `yTrue contains the label ${JSON.stringify(yTrue[i])} at index ${i}, which is not in labels ${formatLabels(classes)} (in ${owner}).`,
        { owner, argument: 'labels', value: options.labels, expected: 'every label of yTrue' },
      );
    }
    codes[i] = code;
  }

  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);
  let rows: number[][];
  if (scores.kind === 'vector' || scores.columns === 1) {
    const p = scores.kind === 'vector' ? scores.values : scores.rows.map((r) => r[0]!);
    rows = Array.from(p, (v) => {
      const c = clip(v);
      return [1 - c, c];
    });
  } else {
    rows = scores.rows.map((r) => Array.from(r, clip));
  }
  const nColumns = rows[0]!.length;
  if (nColumns !== classes.length) {
    const message = labelsGiven
      ? `The number of classes in labels is different from that in yPred. Classes found in labels: ${formatLabels(classes)}.`
      : `yTrue and yPred contain different number of classes ${classes.length}, ${nColumns}. Please provide the true labels explicitly through the labels option. Classes found in yTrue: ${formatLabels(classes)}.`;
    throw new ValidationError(message, { owner, argument: 'yPred', value: nColumns, expected: `${classes.length} columns` });
  }
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    losses[i] = -Math.log(row[codes[i]!]! / pairwiseSum(row));
  }
  if (normalize) {
    if (weights !== undefined) checkWeightSum(owner, weights, pairwiseSum(weights));
    return average(losses, weights);
  }
  return weights === undefined ? pairwiseSum(losses) : pairwiseSum(losses.map((l, i) => l * weights[i]!));
}

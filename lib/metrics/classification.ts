/**
 * Classification metrics on predicted labels, with scikit-learn's definitions
 * (`sklearn.metrics._classification`): accuracy, balanced accuracy, the confusion
 * matrix and the Matthews correlation coefficient. Precision, recall and F-scores
 * live in `precision-recall.ts`; log loss in `probabilistic.ts`; top-k accuracy in
 * `ranking.ts`.
 */
import type { Label, Vector } from '../core/data.js';
import { booleanValue, checkKnownKeys, invalidArgument, nullValue, oneOf } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { SampleWeight } from './_checks.js';
import { checkClassificationTargets, checkLabelsOption, checkOption, checkSampleWeight, checkWeightSum, formatLabels } from './_checks.js';
import { average, pairwiseSum } from './_numeric.js';

/** Options of {@link accuracyScore}. */
export interface AccuracyScoreOptions {
  /** Return the fraction of correct predictions (true) or their (weighted) count (false). @default true */
  readonly normalize?: boolean | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
}

/** How {@link confusionMatrix} normalizes its counts. */
export type ConfusionNormalize = 'true' | 'pred' | 'all';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The labels indexing the rows and columns, in this order; samples whose labels
   * are not listed are left out. null: the sorted labels of yTrue and yPred. @default null
   */
  readonly labels?: readonly Label[] | null | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /**
   * Divide by the row sums (`'true'`), the column sums (`'pred'`) or the total
   * (`'all'`); null keeps the counts. @default null
   */
  readonly normalize?: ConfusionNormalize | null | undefined;
}

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyScoreOptions {
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** Rescale so that random guessing scores 0 and perfect prediction 1. @default false */
  readonly adjusted?: boolean | undefined;
}

/** Options of {@link matthewsCorrcoef}. */
export interface MatthewsCorrcoefOptions {
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
}

function optionalBoolean(owner: string, name: string, value: unknown, fallback: boolean): boolean {
  return checkOption<boolean | null>(owner, name, value, [nullValue, booleanValue]) ?? fallback;
}

/**
 * Accuracy: the fraction (or, with `normalize: false`, the weighted count) of
 * labels predicted exactly.
 *
 * @throws {ValidationError} for empty or mismatched inputs, mixed label types, or
 *   non-integer numbers (probabilities passed instead of labels).
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * accuracyScore(['a', 'b', 'b'], ['a', 'b', 'a'], { normalize: false }); // 2
 * ```
 */
export function accuracyScore(yTrue: Vector, yPred: Vector, options: AccuracyScoreOptions = {}): number {
  const owner = 'accuracyScore';
  checkKnownKeys(owner, options, ['normalize', 'sampleWeight'], 'option');
  checkClassificationTargets(owner, yTrue, yPred);
  const normalize = optionalBoolean(owner, 'normalize', options.normalize, true);
  const weights = checkSampleWeight(owner, options.sampleWeight, yTrue.length);
  const hits = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) hits[i] = yTrue[i] === yPred[i] ? 1 : 0;
  if (normalize) {
    if (weights !== undefined) checkWeightSum(owner, weights, pairwiseSum(weights));
    return average(hits, weights);
  }
  return weights === undefined ? pairwiseSum(hits) : pairwiseSum(hits.map((h, i) => h * weights[i]!));
}

interface Confusion {
  readonly labels: readonly Label[];
  /** counts[i][j]: (weighted) number of samples of true label i predicted as j. */
  readonly counts: number[][];
}

/** The confusion counts over `labels` (samples with other labels left out). */
function confusionCounts(yTrue: Vector, yPred: Vector, labels: readonly Label[], weights: Float64Array | undefined): Confusion {
  const index = new Map<Label, number>();
  labels.forEach((l, i) => index.set(l, i)); // a repeated label keeps its last index, as scikit-learn
  const counts = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const a = index.get(yTrue[i] as Label);
    const b = index.get(yPred[i] as Label);
    if (a === undefined || b === undefined) continue;
    counts[a]![b]! += weights === undefined ? 1 : weights[i]!;
  }
  return { labels, counts };
}

function resolveLabels(owner: string, yTrue: Vector, labels: unknown, present: readonly Label[]): readonly Label[] {
  if (labels === undefined || labels === null) return present;
  const given = checkLabelsOption(owner, labels, yTrue);
  if (given.length === 0) throw invalidArgument(owner, 'labels', 'an array of at least one label', labels, { shown: '[]' });
  const inTrue = new Set(yTrue as readonly Label[]);
  if (!given.some((l) => inTrue.has(l))) {
    throw invalidArgument(owner, 'labels', 'an array holding at least one label of yTrue', labels, {
      hint: `yTrue holds ${formatLabels([...inTrue].slice(0, 8))}.`,
    });
  }
  return given;
}

/**
 * The confusion matrix C: `C[i][j]` is the (weighted) number of samples of true
 * label `labels[i]` predicted as `labels[j]`. Optionally normalized over rows,
 * columns or all entries (0/0 gives 0).
 *
 * @example
 * ```ts
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]); // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 * confusionMatrix(['cat', 'ant', 'cat'], ['ant', 'ant', 'cat'], { labels: ['cat', 'ant'] }); // [[1, 1], [0, 1]]
 * ```
 */
export function confusionMatrix(yTrue: Vector, yPred: Vector, options: ConfusionMatrixOptions = {}): number[][] {
  const owner = 'confusionMatrix';
  checkKnownKeys(owner, options, ['labels', 'sampleWeight', 'normalize'], 'option');
  const { present } = checkClassificationTargets(owner, yTrue, yPred);
  const labels = resolveLabels(owner, yTrue, options.labels, present);
  const weights = checkSampleWeight(owner, options.sampleWeight, yTrue.length);
  const normalize = checkOption<ConfusionNormalize | null>(owner, 'normalize', options.normalize, [nullValue, oneOf(['true', 'pred', 'all'])]);
  const { counts } = confusionCounts(yTrue, yPred, labels, weights);
  if (normalize === undefined || normalize === null) return counts;
  const n = labels.length;
  const divide = (v: number, d: number): number => (d === 0 ? 0 : v / d);
  if (normalize === 'true') {
    return counts.map((row) => {
      const s = pairwiseSum(row);
      return row.map((v) => divide(v, s));
    });
  }
  if (normalize === 'pred') {
    const colSums = Array.from({ length: n }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0));
    return counts.map((row) => row.map((v, j) => divide(v, colSums[j]!)));
  }
  const total = pairwiseSum(counts.flat());
  return counts.map((row) => row.map((v) => divide(v, total)));
}

/**
 * Balanced accuracy: the mean recall over classes, which makes a constant
 * majority-class prediction score 1 / nClasses. With `adjusted`, chance scores 0.
 * Classes that only occur in yPred are left out, with a UserWarning.
 *
 * @example
 * ```ts
 * balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 * ```
 */
export function balancedAccuracyScore(yTrue: Vector, yPred: Vector, options: BalancedAccuracyScoreOptions = {}): number {
  const owner = 'balancedAccuracyScore';
  checkKnownKeys(owner, options, ['sampleWeight', 'adjusted'], 'option');
  const { present } = checkClassificationTargets(owner, yTrue, yPred);
  const weights = checkSampleWeight(owner, options.sampleWeight, yTrue.length);
  const adjusted = optionalBoolean(owner, 'adjusted', options.adjusted, false);
  const { counts } = confusionCounts(yTrue, yPred, present, weights);
  const perClass: number[] = [];
  let dropped = false;
  counts.forEach((row, i) => {
    const s = pairwiseSum(row);
    const r = row[i]! / s;
    if (Number.isNaN(r)) dropped = true;
    else perClass.push(r);
  });
  if (dropped) warn('yPred contains classes not in yTrue', 'UserWarning');
  let score = average(perClass);
  if (adjusted) {
    const chance = 1 / perClass.length;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/**
 * Matthews correlation coefficient (multiclass R_K statistic): +1 for perfect
 * prediction, 0 for chance, -1 for total disagreement; 0 when undefined.
 *
 * @example
 * ```ts
 * matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1]); // -0.3333333333333333
 * ```
 */
export function matthewsCorrcoef(yTrue: Vector, yPred: Vector, options: MatthewsCorrcoefOptions = {}): number {
  const owner = 'matthewsCorrcoef';
  checkKnownKeys(owner, options, ['sampleWeight'], 'option');
  const { present } = checkClassificationTargets(owner, yTrue, yPred);
  const weights = checkSampleWeight(owner, options.sampleWeight, yTrue.length);
  const { counts } = confusionCounts(yTrue, yPred, present, weights);
  const k = present.length;
  const tSum = counts.map((row) => pairwiseSum(row));
  const pSum = Array.from({ length: k }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0));
  let nCorrect = 0;
  for (let i = 0; i < k; i++) nCorrect += counts[i]![i]!;
  const nSamples = pairwiseSum(pSum);
  const dot = (a: number[], b: number[]): number => pairwiseSum(a.map((v, i) => v * b[i]!));
  const covYtYp = nCorrect * nSamples - dot(tSum, pSum);
  const covYpYp = nSamples ** 2 - dot(pSum, pSum);
  const covYtYt = nSamples ** 2 - dot(tSum, tSum);
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/**
 * Top-k accuracy, with scikit-learn's definition (`top_k_accuracy_score`).
 */
import type { Label, Vector } from '../core/data.js';
import { uniqueLabels } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { booleanValue, checkKnownKeys, integerIn, nullValue } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { SampleWeight, ScoresLike } from './_checks.js';
import { checkLabelsOption, checkLabelVector, checkOption, checkSampleWeight, checkScores, checkWeightSum, formatLabels } from './_checks.js';
import { argsortDescending, average, pairwiseSum } from './_numeric.js';

/** Options of {@link topKAccuracyScore}. */
export interface TopKAccuracyScoreOptions {
  /** How many of the highest-scored classes may hold the true one. @default 2 */
  readonly k?: number | undefined;
  /** Return the fraction of hits (true) or their (weighted) count (false). @default true */
  readonly normalize?: boolean | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** All the class labels, sorted, one per column of yScore (when yTrue misses some). @default null */
  readonly labels?: readonly Label[] | null | undefined;
}

/**
 * Top-k accuracy: the fraction of samples whose true class is among the `k`
 * classes with the highest scores (ties broken towards the later class, as
 * scikit-learn). For binary targets with one score per sample and k = 1, the
 * prediction is score > 0.5 for probabilities and score > 0 otherwise.
 *
 * @throws {ValidationError} when the columns of yScore do not match the classes.
 * @example
 * ```ts
 * const scores = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]];
 * topKAccuracyScore([0, 1, 2, 2], scores, { k: 2 }); // 0.75
 * topKAccuracyScore([0, 1, 2, 2], scores, { k: 2, normalize: false }); // 3
 * ```
 */
export function topKAccuracyScore(yTrue: Vector, yScore: ScoresLike, options: TopKAccuracyScoreOptions = {}): number {
  const owner = 'topKAccuracyScore';
  checkKnownKeys(owner, options, ['k', 'normalize', 'sampleWeight', 'labels'], 'option');
  const k = checkOption<number>(owner, 'k', options.k, [integerIn({ min: 1 })]) ?? 2;
  const normalize = checkOption<boolean | null>(owner, 'normalize', options.normalize, [nullValue, booleanValue]) ?? true;
  checkLabelVector(owner, 'yTrue', yTrue);
  const fail = (message: string, argument: string, value: unknown): ValidationError =>
    new ValidationError(`${message} (in ${owner}).`, { owner, argument, value, expected: 'consistent labels and scores' });
  for (let i = 0; i < yTrue.length; i++) {
    const v = yTrue[i];
    if (typeof v === 'number' && !Number.isInteger(v)) throw fail(`y type must be 'binary' or 'multiclass', got 'continuous' instead`, 'yTrue', v);
  }
  const labelsGiven = options.labels !== undefined && options.labels !== null;
  let type: 'binary' | 'multiclass' = uniqueLabels(yTrue).length <= 2 ? 'binary' : 'multiclass';
  const given = labelsGiven ? checkLabelsOption(owner, options.labels, yTrue) : undefined;
  if (type === 'binary' && given !== undefined && given.length > 2) type = 'multiclass';
  const checked = checkScores(owner, 'yScore', yScore, yTrue.length);
  let vector: Float64Array | undefined;
  let rows: Float64Array[] | undefined;
  if (type === 'binary') {
    if (checked.kind === 'matrix' && checked.columns !== 1) {
      throw fail(
        `yTrue is binary while yScore is 2-D with ${checked.columns} classes. If yTrue does not contain all the labels, labels must be provided`,
        'yScore',
        checked.columns,
      );
    }
    vector = checked.kind === 'vector' ? checked.values : Float64Array.from(checked.rows, (r) => r[0]!);
  } else if (checked.kind === 'vector') {
    throw fail('yScore must hold one row of scores per sample for a multiclass target, got one score per sample', 'yScore', yScore);
  } else {
    rows = checked.rows;
  }
  const weights = checkSampleWeight(owner, options.sampleWeight, yTrue.length);
  const nScoreClasses = rows === undefined ? 2 : rows[0]!.length;

  let classes: Label[];
  if (given === undefined) {
    classes = uniqueLabels(yTrue);
    if (classes.length !== nScoreClasses) {
      throw fail(
        `Number of classes in 'yTrue' (${classes.length}) not equal to the number of classes in 'yScore' (${nScoreClasses}). ` +
          'You can provide a list of all known classes by assigning it to the labels option',
        'yScore',
        nScoreClasses,
      );
    }
  } else {
    classes = uniqueLabels(given);
    if (classes.length !== given.length) throw fail("Parameter 'labels' must be unique", 'labels', given);
    if (classes.some((c, i) => c !== given[i])) throw fail("Parameter 'labels' must be ordered", 'labels', given);
    if (classes.length !== nScoreClasses) {
      throw fail(`Number of given labels (${classes.length}) not equal to the number of classes in 'yScore' (${nScoreClasses})`, 'labels', given);
    }
    const missing = uniqueLabels(yTrue).filter((l) => !classes.includes(l));
    if (missing.length > 0) throw fail(`'yTrue' contains labels not in parameter 'labels': ${formatLabels(missing)}`, 'labels', given);
  }
  if (k >= classes.length) {
    warn(
      `'k' (${k}) greater than or equal to 'n_classes' (${classes.length}) will result in a perfect score and is therefore meaningless.`,
      'UndefinedMetricWarning',
    );
  }
  const code = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const encoded = Int32Array.from(yTrue as readonly Label[], (v) => code.get(v)!);
  const hits = new Float64Array(yTrue.length);
  if (vector !== undefined) {
    if (k === 1) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of vector) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const threshold = min >= 0 && max <= 1 ? 0.5 : 0;
      vector.forEach((v, i) => (hits[i] = (v > threshold ? 1 : 0) === encoded[i] ? 1 : 0));
    } else {
      hits.fill(1);
    }
  } else {
    rows!.forEach((row, i) => {
      hits[i] = argsortDescending(row).slice(0, k).includes(encoded[i]!) ? 1 : 0;
    });
  }
  if (normalize) {
    if (weights !== undefined) checkWeightSum(owner, weights, pairwiseSum(weights));
    return average(hits, weights);
  }
  return weights === undefined ? pairwiseSum(hits) : pairwiseSum(hits.map((h, i) => h * weights[i]!));
}

/**
 * Metrics on scores (decision values or probabilities), with scikit-learn 1.2's
 * definitions (`sklearn.metrics._ranking`): ROC AUC (binary, one-vs-rest,
 * one-vs-one) and average precision. The curves are in `curves.ts`, top-k accuracy
 * in `top-k-accuracy.ts`, DCG/NDCG in `dcg.ts`.
 */
import type { Label, Vector } from '../core/data.js';
import { uniqueLabels } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { checkKnownKeys, checkParam, nullValue, oneOf, realIn } from '../core/validate.js';
import type { SampleWeight, ScoresLike } from './_checks.js';
import { checkLabelVector, checkLabelsOption, checkOption, checkSampleWeight, checkScores, formatLabels } from './_checks.js';
import { average, isClose, pairwiseSum } from './_numeric.js';
import { auc, checkBinaryCurveInput, continuousType, curveCounts, formatNotSupported, labelValue, prFromCounts, rocFromCounts, toVector } from './curves.js';

/** Options of {@link rocAucScore}. */
export interface RocAucScoreOptions {
  /**
   * Multiclass averaging: `'macro'` (plain mean), `'weighted'` (by prevalence),
   * `'micro'` (one-vs-rest only: pooled) or null (one-vs-rest only: one AUC per
   * class). Ignored for binary targets. @default 'macro'
   */
  readonly average?: 'macro' | 'weighted' | 'micro' | null | undefined;
  /** One weight per sample; null means unweighted (not supported by 'ovo'). @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** Binary only: the standardized partial AUC over [0, maxFpr] (McClish). @default null */
  readonly maxFpr?: number | null | undefined;
  /**
   * Multiclass strategy: one-vs-rest (`'ovr'`), one-vs-one (`'ovo'`), or `'raise'`
   * to reject multiclass targets. @default 'raise'
   */
  readonly multiClass?: 'raise' | 'ovr' | 'ovo' | undefined;
  /** Multiclass: all the class labels, sorted, one per column of yScore. @default null */
  readonly labels?: readonly Label[] | null | undefined;
}

/** The result of {@link rocAucScore}: per-class AUCs for `average: null` on multiclass targets. */
export type RocAucResult<O> = O extends { readonly average: null } ? number | number[] : number;

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionScoreOptions {
  /** The positive class. @default 1 */
  readonly posLabel?: Label | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
}

function oneClassError(owner: string): ValidationError {
  return new ValidationError(`Only one class present in yTrue. ROC AUC score is not defined in that case (in ${owner}).`, {
    owner,
    argument: 'yTrue',
    value: 1,
    expected: 'two classes',
  });
}

/** `_binary_roc_auc_score` on a 0/1 target. */
function binaryRocAuc(owner: string, positive: Uint8Array, scores: Float64Array, weights: Float64Array | undefined, maxFpr: number | null): number {
  if (!(positive.includes(0) && positive.includes(1))) throw oneClassError(owner);
  const { fpr, tpr } = rocFromCounts(curveCounts(positive, scores, weights), true);
  if (maxFpr === null || maxFpr === 1) return auc(fpr, tpr);
  let stop = 0;
  while (stop < fpr.length && fpr[stop]! <= maxFpr) stop++;
  const x0 = fpr[stop - 1]!;
  const x1 = fpr[stop]!;
  const y0 = tpr[stop - 1]!;
  const y1 = tpr[stop]!;
  const slope = (y1 - y0) / (x1 - x0); // np.interp
  const yInterp = slope * (maxFpr - x0) + y0;
  const partial = auc([...fpr.slice(0, stop), maxFpr], [...tpr.slice(0, stop), yInterp]);
  const minArea = 0.5 * maxFpr ** 2;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

function multiclassRocAuc(
  owner: string,
  yTrue: Vector,
  rows: Float64Array[],
  columns: number,
  o: { average: 'macro' | 'weighted' | 'micro' | null; multiClass: 'raise' | 'ovr' | 'ovo'; labels: unknown; weights: Float64Array | undefined; maxFpr: number | null },
): number | number[] {
  const fail = (message: string, argument: string, value: unknown): ValidationError =>
    new ValidationError(`${message} (in ${owner}).`, { owner, argument, value, expected: 'valid multiclass input' });
  if (o.maxFpr !== null && o.maxFpr !== 1) {
    throw fail(`Partial AUC computation not available in multiclass setting, 'maxFpr' must be set to null, received maxFpr=${o.maxFpr} instead`, 'maxFpr', o.maxFpr);
  }
  if (o.multiClass === 'raise') {
    throw fail("multiClass must be in ('ovo', 'ovr') for a multiclass target. Pass multiClass: 'ovr' or 'ovo' (scorers roc_auc_ovr, roc_auc_ovo)", 'multiClass', 'raise');
  }
  if (!rows.every((r) => isClose(1, pairwiseSum(r)))) {
    throw fail('Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes', 'yScore', rows);
  }
  const allowed = o.multiClass === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted'];
  checkParam(owner, 'average', o.average, oneOf(allowed as ('micro' | 'macro' | 'weighted' | null)[]), {
    kind: 'option',
    hint: "With multiClass 'ovo' only 'macro' and 'weighted' are available; 'micro' and null need multiClass 'ovr'.",
  });
  let classes: Label[];
  if (o.labels !== undefined && o.labels !== null) {
    const given = checkLabelsOption(owner, o.labels, yTrue);
    classes = uniqueLabels(given);
    if (classes.length !== given.length) throw fail("Parameter 'labels' must be unique", 'labels', given);
    if (classes.some((c, i) => c !== given[i])) throw fail("Parameter 'labels' must be ordered", 'labels', given);
    if (classes.length !== columns) {
      throw fail(`Number of given labels, ${classes.length}, not equal to the number of columns in 'yScore', ${columns}`, 'labels', given);
    }
    const missing = uniqueLabels(yTrue).filter((l) => !classes.includes(l));
    if (missing.length > 0) throw fail(`'yTrue' contains labels not in parameter 'labels': ${formatLabels(missing)}`, 'labels', given);
  } else {
    classes = uniqueLabels(yTrue);
    if (classes.length !== columns) {
      throw fail(`Number of classes in yTrue (${classes.length}) not equal to the number of columns in 'yScore' (${columns})`, 'yScore', columns);
    }
  }
  const code = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const encoded = Int32Array.from(yTrue as readonly Label[], (v) => code.get(v)!);
  const column = (j: number, keep?: number[]): Float64Array =>
    keep === undefined ? Float64Array.from(rows, (r) => r[j]!) : Float64Array.from(keep, (i) => rows[i]![j]!);

  if (o.multiClass === 'ovo') {
    if (o.weights !== undefined) {
      throw fail("sampleWeight is not supported for multiclass one-vs-one ROC AUC, 'sampleWeight' must be null in this case", 'sampleWeight', o.weights);
    }
    const present = [...new Set(encoded)].sort((a, b) => a - b);
    const pairScores: number[] = [];
    const prevalence: number[] = [];
    for (let ai = 0; ai < present.length; ai++) {
      for (let bi = ai + 1; bi < present.length; bi++) {
        const a = present[ai]!;
        const b = present[bi]!;
        const keep = Array.from(encoded.keys()).filter((i) => encoded[i] === a || encoded[i] === b);
        prevalence.push(keep.length / encoded.length);
        const aTrue = Uint8Array.from(keep, (i) => (encoded[i] === a ? 1 : 0));
        const bTrue = Uint8Array.from(keep, (i) => (encoded[i] === b ? 1 : 0));
        const sa = binaryRocAuc(owner, aTrue, column(a, keep), undefined, null);
        const sb = binaryRocAuc(owner, bTrue, column(b, keep), undefined, null);
        pairScores.push((sa + sb) / 2);
      }
    }
    return average(pairScores, o.average === 'weighted' ? prevalence : undefined);
  }

  // one-vs-rest, as a multilabel-indicator target
  const n = encoded.length;
  const k = classes.length;
  if (o.average === 'micro') {
    const positive = new Uint8Array(n * k);
    const scores = new Float64Array(n * k);
    const weights = o.weights === undefined ? undefined : new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        positive[i * k + j] = encoded[i] === j ? 1 : 0;
        scores[i * k + j] = rows[i]![j]!;
        if (weights !== undefined) weights[i * k + j] = o.weights![i]!;
      }
    }
    return binaryRocAuc(owner, positive, scores, weights, null);
  }
  let averageWeight: number[] | undefined;
  if (o.average === 'weighted') {
    averageWeight = Array.from({ length: k }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) if (encoded[i] === j) s += o.weights === undefined ? 1 : o.weights[i]!;
      return s;
    });
    if (isClose(pairwiseSum(averageWeight), 0)) return 0;
  }
  const perClass = Array.from({ length: k }, (_, j) =>
    binaryRocAuc(owner, Uint8Array.from(encoded, (c) => (c === j ? 1 : 0)), column(j), o.weights, null),
  );
  if (o.average === null) return perClass;
  if (averageWeight !== undefined) averageWeight.forEach((w, j) => w === 0 && (perClass[j] = 0));
  return average(perClass, averageWeight);
}

/**
 * Area under the ROC curve. Binary targets take one score per sample (the
 * positive class is the larger label); multiclass targets take one row of class
 * probabilities per sample and `multiClass: 'ovr'` or `'ovo'`.
 *
 * @throws {ValidationError} when yTrue holds a single class ("Only one class
 *   present in yTrue..."), or a multiclass target comes without `multiClass`.
 * @example
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAucScore([0, 1, 2, 2], [[0.8, 0.1, 0.1], [0.3, 0.5, 0.2], [0.2, 0.2, 0.6], [0.1, 0.5, 0.4]], { multiClass: 'ovr' }); // 0.9444444444444445
 * ```
 */
export function rocAucScore<O extends RocAucScoreOptions = RocAucScoreOptions>(yTrue: Vector, yScore: ScoresLike, options?: O): RocAucResult<O> {
  const owner = 'rocAucScore';
  const o: RocAucScoreOptions = options ?? {};
  checkKnownKeys(owner, o, ['average', 'sampleWeight', 'maxFpr', 'multiClass', 'labels'], 'option');
  const avg = checkOption<'macro' | 'weighted' | 'micro' | null>(owner, 'average', o.average, [nullValue, oneOf(['macro', 'weighted', 'micro'])]);
  const multiClass = checkOption<'raise' | 'ovr' | 'ovo'>(owner, 'multiClass', o.multiClass, [oneOf(['raise', 'ovr', 'ovo'])]) ?? 'raise';
  const maxFpr = checkOption<number | null>(owner, 'maxFpr', o.maxFpr, [nullValue, realIn({ min: 0, max: 1, minInclusive: false })]) ?? null;
  checkLabelVector(owner, 'yTrue', yTrue);
  if (continuousType(yTrue)) throw formatNotSupported(owner, 'continuous', yTrue);
  const scores = checkScores(owner, 'yScore', yScore, yTrue.length);
  const weights = checkSampleWeight(owner, o.sampleWeight, yTrue.length);
  const classes = uniqueLabels(yTrue);
  if (classes.length > 2 || (scores.kind === 'matrix' && scores.columns > 2)) {
    if (scores.kind !== 'matrix') {
      throw new ValidationError(
        `yScore must hold one row of class probabilities per sample for a multiclass target, got one score per sample (in ${owner}).`,
        { owner, argument: 'yScore', value: yScore, expected: 'an array of rows' },
      );
    }
    const result = multiclassRocAuc(owner, yTrue, scores.rows, scores.columns, { average: avg === undefined ? 'macro' : avg, multiClass, labels: o.labels, weights, maxFpr });
    return result as RocAucResult<O>;
  }
  const values = toVector(owner, scores);
  const positive = Uint8Array.from(yTrue as readonly Label[], (v) => (classes.length === 2 && v === classes[1] ? 1 : 0));
  return binaryRocAuc(owner, positive, values, weights, maxFpr) as RocAucResult<O>;
}

/**
 * Average precision: the precision-recall curve summarised as Σ (Rₙ - Rₙ₋₁) Pₙ
 * (no interpolation). Binary targets only.
 *
 * @throws {ValidationError} for a multiclass target, or a `posLabel` that is not
 *   one of yTrue's two labels.
 * @example
 * ```ts
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333333333333333
 * averagePrecisionScore(['no', 'yes', 'yes'], [0.2, 0.9, 0.4], { posLabel: 'yes' }); // 1
 * ```
 */
export function averagePrecisionScore(yTrue: Vector, yScore: ScoresLike, options: AveragePrecisionScoreOptions = {}): number {
  const owner = 'averagePrecisionScore';
  checkKnownKeys(owner, options, ['posLabel', 'sampleWeight'], 'option');
  const pos = checkOption<Label>(owner, 'posLabel', options.posLabel, [labelValue]) ?? 1;
  checkLabelVector(owner, 'yTrue', yTrue);
  if (continuousType(yTrue)) throw formatNotSupported(owner, 'continuous', yTrue);
  const present = uniqueLabels(yTrue);
  if (present.length > 2) throw formatNotSupported(owner, 'multiclass', yTrue, ' Average precision needs a binary target.');
  if (present.length === 2 && !present.includes(pos)) {
    throw new ValidationError(`posLabel=${JSON.stringify(pos)} is not a valid label. It should be one of ${formatLabels(present)} (in ${owner}).`, {
      owner,
      argument: 'posLabel',
      value: pos,
      expected: `one of ${formatLabels(present)}`,
    });
  }
  const { positive, scores, weights } = checkBinaryCurveInput(owner, yTrue, yScore, pos, options.sampleWeight);
  const { precision, recall } = prFromCounts(curveCounts(positive, scores, weights));
  const terms = recall.slice(1).map((r, i) => (r - recall[i]!) * precision[i]!);
  return -pairwiseSum(terms);
}

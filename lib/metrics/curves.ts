/**
 * The ROC and precision-recall curves of a binary target, with scikit-learn 1.2's
 * definitions (`_binary_clf_curve`, `roc_curve`, `precision_recall_curve`, `auc`),
 * and the shared helpers of the score-based metrics in `ranking.ts`.
 */
import type { Label, Vector } from '../core/data.js';
import { uniqueLabels } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { booleanValue, checkKnownKeys, formatValue, nullValue, satisfies } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { SampleWeight, ScoresLike } from './_checks.js';
import { checkLabelVector, checkOption, checkSampleWeight, checkScores } from './_checks.js';
import { argsortDescending, pairwiseSum } from './_numeric.js';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** The positive class; null accepts labels {0, 1} or {-1, 1} with 1 positive. @default null */
  readonly posLabel?: Label | null | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** Drop thresholds whose point is collinear with its neighbours. @default true */
  readonly dropIntermediate?: boolean | undefined;
}

/** A ROC curve: false and true positive rates at decreasing thresholds. */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  /** Decreasing; the first is the largest score + 1 (scikit-learn 1.2). */
  readonly thresholds: number[];
}

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurveOptions {
  /** The positive class; null accepts labels {0, 1} or {-1, 1} with 1 positive. @default null */
  readonly posLabel?: Label | null | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
}

/** A precision-recall curve at increasing thresholds, ending at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  readonly precision: number[];
  readonly recall: number[];
  readonly thresholds: number[];
}

/** @internal A class label option. */
export const labelValue = satisfies('a label (number or string)', (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));

/** @internal */
export interface CurveCounts {
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: Float64Array;
}

/** `_binary_clf_curve` on validated input: counts at each distinct threshold, decreasing.
 * @internal
 */
export function curveCounts(positive: Uint8Array, scores: Float64Array, weights: Float64Array | undefined): CurveCounts {
  let y = positive;
  let s = scores;
  let w = weights;
  if (w !== undefined) {
    const keep = Array.from(w.keys()).filter((i) => w![i] !== 0);
    y = Uint8Array.from(keep, (i) => positive[i]!);
    s = Float64Array.from(keep, (i) => scores[i]!);
    w = Float64Array.from(keep, (i) => weights![i]!);
  }
  const n = s.length;
  const order = argsortDescending(s);
  const idx: number[] = [];
  for (let k = 0; k + 1 < n; k++) if (s[order[k + 1]!] !== s[order[k]!]) idx.push(k);
  idx.push(n - 1);
  // running sums of true (and, weighted, false) positives in decreasing score order
  const tpsAll = new Float64Array(n);
  const fpsAll = w === undefined ? undefined : new Float64Array(n);
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const weight = w === undefined ? 1 : w[i]!;
    tp += y[i]! * weight;
    tpsAll[k] = tp;
    if (fpsAll !== undefined) {
      fp += (1 - y[i]!) * weight;
      fpsAll[k] = fp;
    }
  }
  const tps = Float64Array.from(idx, (k) => tpsAll[k]!);
  const fps = fpsAll === undefined ? Float64Array.from(idx, (k, j) => 1 + k - tps[j]!) : Float64Array.from(idx, (k) => fpsAll[k]!);
  return { fps, tps, thresholds: Float64Array.from(idx, (k) => s[order[k]!]!) };
}

/** Validates the input of a binary curve and maps yTrue to 1 (positive) / 0.
 * @internal
 */
export function checkBinaryCurveInput(
  owner: string,
  yTrue: Vector,
  yScore: unknown,
  posLabel: unknown,
  sampleWeight: unknown,
): { positive: Uint8Array; scores: Float64Array; weights: Float64Array | undefined } {
  checkLabelVector(owner, 'yTrue', yTrue);
  const pos = checkOption<Label | null>(owner, 'posLabel', posLabel, [nullValue, labelValue]);
  const classes = uniqueLabels(yTrue);
  const type = continuousType(yTrue) ?? (classes.length <= 2 ? 'binary' : 'multiclass');
  if (!(type === 'binary' || (type === 'multiclass' && pos !== undefined && pos !== null))) throw formatNotSupported(owner, type, yTrue);
  const scores = toVector(owner, checkScores(owner, 'yScore', yScore, yTrue.length));
  const weights = checkSampleWeight(owner, sampleWeight, yTrue.length);
  let positiveLabel: Label = 1;
  if (pos === undefined || pos === null) {
    const ok = classes.every((c) => typeof c === 'number') && ['0,1', '-1,1', '0', '-1', '1'].includes(classes.join(','));
    if (!ok) {
      const shown = classes.map((c) => formatValue(c)).join(', ');
      throw new ValidationError(
        `yTrue takes value in {${shown}} and posLabel is not specified: either make yTrue take value in {0, 1} or {-1, 1} or pass posLabel explicitly (in ${owner}).`,
        { owner, argument: 'posLabel', value: pos, expected: 'the positive class label' },
      );
    }
  } else {
    positiveLabel = pos;
  }
  return { positive: Uint8Array.from(yTrue as readonly Label[], (v) => (v === positiveLabel ? 1 : 0)), scores, weights };
}

/** @internal */
export function continuousType(y: Vector): 'continuous' | undefined {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'number' && !Number.isInteger(v)) return 'continuous';
  }
  return undefined;
}

/** @internal */
export function formatNotSupported(owner: string, type: string, yTrue: Vector, hint = ''): ValidationError {
  const extra =
    type === 'continuous'
      ? ' yTrue must hold class labels, not continuous values.'
      : type === 'multiclass'
        ? ` yTrue holds ${uniqueLabels(yTrue).length} classes.${hint}`
        : '';
  return new ValidationError(`${type} format is not supported (in ${owner}).${extra}`, {
    owner,
    argument: 'yTrue',
    value: yTrue,
    expected: 'a binary target',
  });
}

/** @internal */
export function toVector(owner: string, scores: ReturnType<typeof checkScores>): Float64Array {
  if (scores.kind === 'vector') return scores.values;
  if (scores.columns === 1) return Float64Array.from(scores.rows, (r) => r[0]!);
  throw new ValidationError(
    `yScore must be 1-D for a binary target, got an array with ${scores.columns} columns (in ${owner}). Pass the score of the positive class, e.g. proba.map((row) => row[1]).`,
    { owner, argument: 'yScore', value: scores.columns, expected: 'one score per sample' },
  );
}

/** @internal */
export function rocFromCounts(counts: CurveCounts, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = counts;
  if (dropIntermediate && fps.length > 2) {
    const keep = [0];
    for (let i = 1; i + 1 < fps.length; i++) {
      const d2f = fps[i + 1]! - fps[i]! - (fps[i]! - fps[i - 1]!);
      const d2t = tps[i + 1]! - tps[i]! - (tps[i]! - tps[i - 1]!);
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => counts.fps[i]!);
    tps = Float64Array.from(keep, (i) => counts.tps[i]!);
    thresholds = Float64Array.from(keep, (i) => counts.thresholds[i]!);
  }
  const fpsAll = [0, ...fps];
  const tpsAll = [0, ...tps];
  const lastF = fpsAll[fpsAll.length - 1]!;
  const lastT = tpsAll[tpsAll.length - 1]!;
  let fpr: number[];
  let tpr: number[];
  if (lastF <= 0) {
    warn('No negative samples in yTrue, false positive value should be meaningless', 'UndefinedMetricWarning');
    fpr = fpsAll.map(() => NaN);
  } else {
    fpr = fpsAll.map((v) => v / lastF);
  }
  if (lastT <= 0) {
    warn('No positive samples in yTrue, true positive value should be meaningless', 'UndefinedMetricWarning');
    tpr = tpsAll.map(() => NaN);
  } else {
    tpr = tpsAll.map((v) => v / lastT);
  }
  return { fpr, tpr, thresholds: [thresholds[0]! + 1, ...thresholds] };
}

/**
 * The ROC curve of a binary target: false positive rate and true positive rate at
 * each distinct score threshold, starting at (0, 0).
 *
 * @example
 * ```ts
 * rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
 * // { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [1.8, 0.8, 0.4, 0.35, 0.1] }
 * ```
 */
export function rocCurve(yTrue: Vector, yScore: ScoresLike, options: RocCurveOptions = {}): RocCurve {
  const owner = 'rocCurve';
  checkKnownKeys(owner, options, ['posLabel', 'sampleWeight', 'dropIntermediate'], 'option');
  const drop = checkOption<boolean>(owner, 'dropIntermediate', options.dropIntermediate, [booleanValue]) ?? true;
  const { positive, scores, weights } = checkBinaryCurveInput(owner, yTrue, yScore, options.posLabel, options.sampleWeight);
  return rocFromCounts(curveCounts(positive, scores, weights), drop);
}

/** @internal */
export function prFromCounts(counts: CurveCounts): PrecisionRecallCurve {
  const { fps, tps, thresholds } = counts;
  const n = tps.length;
  const precision = Array.from(tps, (t, i) => (t + fps[i]! !== 0 ? t / (t + fps[i]!) : 0));
  let recall: number[];
  if (tps[n - 1] === 0) {
    warn('No positive class found in yTrue, recall is set to one for all thresholds.', 'UserWarning');
    recall = new Array<number>(n).fill(1);
  } else {
    recall = Array.from(tps, (t) => t / tps[n - 1]!);
  }
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: Array.from(thresholds).reverse(),
  };
}

/**
 * Precision and recall of a binary target at each distinct score threshold
 * (increasing), ending with precision 1 at recall 0.
 *
 * @example
 * ```ts
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { precision: [0.5, 0.6666666666666666, 0.5, 1, 1], recall: [1, 1, 0.5, 0.5, 0], thresholds: [0.1, 0.35, 0.4, 0.8] }
 * ```
 */
export function precisionRecallCurve(yTrue: Vector, probasPred: ScoresLike, options: PrecisionRecallCurveOptions = {}): PrecisionRecallCurve {
  const owner = 'precisionRecallCurve';
  checkKnownKeys(owner, options, ['posLabel', 'sampleWeight'], 'option');
  const { positive, scores, weights } = checkBinaryCurveInput(owner, yTrue, probasPred, options.posLabel, options.sampleWeight);
  return prFromCounts(curveCounts(positive, scores, weights));
}

/**
 * The area under a curve by the trapezoidal rule; x must be monotonic.
 *
 * @example
 * ```ts
 * auc([0, 0.5, 1], [0, 0.75, 1]); // 0.625
 * ```
 */
export function auc(x: readonly number[], y: readonly number[]): number {
  const owner = 'auc';
  if (x.length < 2) {
    throw new ValidationError(`At least 2 points are needed to compute area under curve, but x has ${x.length} (in ${owner}).`, {
      owner,
      argument: 'x',
      value: x,
      expected: 'at least 2 points',
    });
  }
  if (y.length !== x.length) throw new ValidationError(`x and y must have the same length (in ${owner}): ${x.length} and ${y.length}.`, { owner, argument: 'y', value: y.length, expected: `${x.length} points` });
  let direction = 1;
  const dx = x.slice(1).map((v, i) => v - x[i]!);
  if (dx.some((d) => d < 0)) {
    if (dx.every((d) => d <= 0)) direction = -1;
    else throw new ValidationError(`x is neither increasing nor decreasing: ${formatValue(x)} (in ${owner}).`, { owner, argument: 'x', value: x, expected: 'a monotonic array' });
  }
  return direction * pairwiseSum(dx.map((d, i) => (d * (y[i + 1]! + y[i]!)) / 2));
}

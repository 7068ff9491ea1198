/**
 * Precision, recall and F-scores on predicted labels, with scikit-learn's
 * definitions (`precision_recall_fscore_support` and friends).
 *
 * `average` picks what is returned: `'binary'` (the default of the single-score
 * functions) scores the `posLabel` class only; `'micro'` pools every label's counts;
 * `'macro'` is the plain mean over labels; `'weighted'` the mean weighted by each
 * label's support; `null` returns one value per label (in `labels` order, or sorted).
 */
import type { Label, Vector } from '../core/data.js';
import { uniqueLabels } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { checkKnownKeys, checkParam, nullValue, oneOf, realIn, satisfies } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { SampleWeight } from './_checks.js';
import { checkClassificationTargets, checkLabelsOption, checkOption, checkSampleWeight, formatLabels } from './_checks.js';
import { average, pairwiseSum } from './_numeric.js';

/** The averages of the precision/recall family (null: one value per label). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/**
 * What a ratio with a zero denominator (no predicted or no true samples of a
 * label) is set to: 0 with an UndefinedMetricWarning (`'warn'`), 0 or 1.
 */
export type ZeroDivision = 'warn' | 0 | 1;

/** Options of {@link precisionScore}, {@link recallScore} and {@link f1Score}. */
export interface PrecisionScoreOptions {
  /**
   * The labels to include (and their order when `average` is null). Labels absent
   * from the data score per `zeroDivision`. null: the sorted labels of yTrue and
   * yPred. Ignored for `average: 'binary'`. @default null
   */
  readonly labels?: readonly Label[] | null | undefined;
  /** The positive class for `average: 'binary'`. @default 1 */
  readonly posLabel?: Label | null | undefined;
  /** How per-label values are combined; null returns one value per label. @default 'binary' */
  readonly average?: Average | null | undefined;
  /** One weight per sample; null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** The value of an undefined ratio. @default 'warn' */
  readonly zeroDivision?: ZeroDivision | undefined;
}

/** Options of {@link recallScore}. */
export type RecallScoreOptions = PrecisionScoreOptions;
/** Options of {@link f1Score}. */
export type F1ScoreOptions = PrecisionScoreOptions;

/** Options of {@link fbetaScore}. */
export interface FbetaScoreOptions extends PrecisionScoreOptions {
  /** The weight of recall relative to precision (Infinity: recall only). */
  readonly beta: number;
}

/** Options of {@link precisionRecallFscoreSupport}. */
export interface PrecisionRecallFscoreSupportOptions extends Omit<PrecisionScoreOptions, 'average'> {
  /** The weight of recall in the F-score. @default 1 */
  readonly beta?: number | undefined;
  /** How per-label values are combined; null returns one value per label. @default null */
  readonly average?: Average | null | undefined;
}

/** Per-label precision, recall, F-score and support (the number of true samples). */
export interface PerLabelScores {
  readonly precision: number[];
  readonly recall: number[];
  readonly fScore: number[];
  readonly support: number[];
}

/** Averaged precision, recall and F-score (no support, as scikit-learn). */
export interface AveragedScores {
  readonly precision: number;
  readonly recall: number;
  readonly fScore: number;
  readonly support: null;
}

/** One value per label for `average: null`, a number otherwise. */
export type ScoreResult<O> = O extends { readonly average: null } ? number[] : number;

/** The result of {@link precisionRecallFscoreSupport} for the given options. */
export type PrecisionRecallFscoreSupportResult<O> = O extends { readonly average: Average } ? AveragedScores : PerLabelScores;

type Metric = 'precision' | 'recall' | 'f-score';

const KEYS = ['labels', 'posLabel', 'average', 'sampleWeight', 'zeroDivision'];

const labelValue = satisfies('a label (number or string)', (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));

function warnPrf(modifier: string, start: string, size: number): void {
  const where = size === 1 ? 'due to' : 'in labels with';
  warn(
    `${start} ill-defined and being set to 0.0 ${where} no ${modifier} samples. Use \`zeroDivision\` parameter to control this behavior.`,
    'UndefinedMetricWarning',
  );
}

/** `_prf_divide`: numerator / denominator, with zero denominators set per zeroDivision. */
function prfDivide(
  numerator: number[],
  denominator: number[],
  metric: Metric,
  modifier: string,
  warnFor: readonly Metric[],
  zeroDivision: ZeroDivision,
): number[] {
  let anyZero = false;
  const result = numerator.map((n, i) => {
    const d = denominator[i]!;
    if (d === 0) {
      anyZero = true;
      return zeroDivision === 1 ? 1 : 0;
    }
    return n / d;
  });
  if (!anyZero || zeroDivision !== 'warn' || !warnFor.includes(metric)) return result;
  const title = metric === 'precision' ? 'Precision' : metric === 'recall' ? 'Recall' : 'F-score';
  const start = warnFor.includes('f-score') && metric !== 'f-score' ? `${title} and F-score are` : `${title} is`;
  warnPrf(modifier, start, result.length);
  return result;
}

interface Resolved {
  readonly avg: Average | null;
  readonly zeroDivision: ZeroDivision;
  readonly beta: number;
}

function computePrfs(
  owner: string,
  yTrue: Vector,
  yPred: Vector,
  options: PrecisionRecallFscoreSupportOptions,
  defaults: { average: Average | null; beta: number; acceptsBeta: boolean },
  warnFor: readonly Metric[],
): PerLabelScores | AveragedScores {
  checkKnownKeys(owner, options, defaults.acceptsBeta ? [...KEYS, 'beta'] : KEYS, 'option');
  const o: Resolved = {
    zeroDivision: checkOption<ZeroDivision>(owner, 'zeroDivision', options.zeroDivision, [oneOf(['warn', 0, 1])]) ?? 'warn',
    beta: checkOption<number>(owner, 'beta', options.beta, [realIn({ min: 0, max: Infinity })]) ?? defaults.beta,
    avg: (() => {
      const hint = (options.average as unknown) === 'samples' ? "'samples' applies to multilabel targets, which tunekit does not support." : undefined;
      const v = checkOption<Average | null>(owner, 'average', options.average, [nullValue, oneOf(['binary', 'micro', 'macro', 'weighted'])], { hint });
      return v === undefined ? defaults.average : v;
    })(),
  };
  const posLabel = checkOption<Label | null>(owner, 'posLabel', options.posLabel, [nullValue, labelValue]);
  const pos: Label | null = posLabel === undefined ? 1 : posLabel;
  const { type, present } = checkClassificationTargets(owner, yTrue, yPred);
  let labels = options.labels === undefined || options.labels === null ? undefined : checkLabelsOption(owner, options.labels, yTrue);
  const weights = checkSampleWeight(owner, options.sampleWeight, yTrue.length);

  // _check_set_wise_labels
  if (o.avg === 'binary') {
    if (type !== 'binary') {
      throw new ValidationError(
        `Target is ${type} but average='binary'. Please choose another average setting, one of [null, 'micro', 'macro', 'weighted'] (in ${owner}).`,
        { owner, argument: 'average', value: 'binary', expected: "one of null, 'micro', 'macro', 'weighted'" },
      );
    }
    if (!present.includes(pos as Label) && present.length >= 2) {
      throw new ValidationError(
        `posLabel=${JSON.stringify(pos)} is not a valid label. It should be one of ${formatLabels(present)} (in ${owner}).`,
        { owner, argument: 'posLabel', value: pos, expected: `one of ${formatLabels(present)}` },
      );
    }
    labels = [pos as Label];
  } else if (pos !== null && pos !== 1) {
    warn(
      `Note that posLabel (set to ${JSON.stringify(pos)}) is ignored when average != 'binary' (got ${JSON.stringify(o.avg)}). ` +
        'You may use labels=[posLabel] to specify a single positive class.',
      'UserWarning',
    );
  }

  // multilabel_confusion_matrix (1-D case)
  const nLabels = labels === undefined ? present.length : labels.length;
  const ordered: Label[] = labels === undefined ? present : [...labels, ...present.filter((l) => !labels!.includes(l))];
  const sorted = uniqueLabels(ordered);
  const index = new Map<Label, number>(sorted.map((l, i) => [l, i]));
  const tpAll = new Array<number>(sorted.length).fill(0);
  const predAll = new Array<number>(sorted.length).fill(0);
  const trueAll = new Array<number>(sorted.length).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const t = index.get(yTrue[i] as Label)!;
    const p = index.get(yPred[i] as Label)!;
    predAll[p] += w;
    trueAll[t] += w;
    if (t === p) tpAll[t] += w;
  }
  const pick = ordered.slice(0, nLabels).map((l) => index.get(l)!);
  let tpSum = pick.map((i) => tpAll[i]!);
  let predSum = pick.map((i) => predAll[i]!);
  let trueSum = pick.map((i) => trueAll[i]!);
  if (o.avg === 'micro') {
    tpSum = [pairwiseSum(tpSum)];
    predSum = [pairwiseSum(predSum)];
    trueSum = [pairwiseSum(trueSum)];
  }

  const beta2 = o.beta ** 2;
  const precision = prfDivide(tpSum, predSum, 'precision', 'predicted', warnFor, o.zeroDivision);
  const recall = prfDivide(tpSum, trueSum, 'recall', 'true', warnFor, o.zeroDivision);
  if (o.zeroDivision === 'warn' && warnFor.length === 1 && warnFor[0] === 'f-score') {
    if (trueSum.some((t, i) => t === 0 && predSum[i] === 0)) warnPrf('true nor predicted', 'F-score is', trueSum.length);
  }
  const fScore =
    o.beta === Infinity
      ? recall.slice()
      : precision.map((p, i) => {
          const r = recall[i]!;
          let denom = beta2 * p + r;
          if (denom === 0) denom = 1;
          return ((1 + beta2) * p * r) / denom;
        });

  if (o.avg === null) return { precision, recall, fScore, support: trueSum };
  let avgWeights: number[] | undefined;
  if (o.avg === 'weighted') {
    avgWeights = trueSum;
    if (pairwiseSum(trueSum) === 0) {
      const z = o.zeroDivision === 1 ? 1 : 0;
      if (pairwiseSum(predSum) === 0) return { precision: z, recall: z, fScore: z, support: null };
      return { precision: 0, recall: z, fScore: 0, support: null };
    }
  }
  return {
    precision: average(precision, avgWeights),
    recall: average(recall, avgWeights),
    fScore: average(fScore, avgWeights),
    support: null,
  };
}

/**
 * Precision, recall, F-beta score and support for each label, or averaged.
 * precision = tp / (tp + fp); recall = tp / (tp + fn);
 * F-beta = (1 + β²) · precision · recall / (β² · precision + recall).
 *
 * @throws {ValidationError} when `average` is 'binary' on a multiclass target, or
 *   `posLabel` is not one of the labels.
 * @example
 * ```ts
 * const r = precisionRecallFscoreSupport(['cat', 'dog', 'pig', 'cat'], ['cat', 'pig', 'dog', 'cat']);
 * r.precision; // [1, 0, 0]
 * r.support;   // [2, 1, 1]
 * precisionRecallFscoreSupport([0, 1, 2, 0], [0, 2, 1, 0], { average: 'macro' }).fScore; // 0.3333333333333333
 * ```
 */
export function precisionRecallFscoreSupport<O extends PrecisionRecallFscoreSupportOptions = PrecisionRecallFscoreSupportOptions>(
  yTrue: Vector,
  yPred: Vector,
  options?: O,
): PrecisionRecallFscoreSupportResult<O> {
  return computePrfs('precisionRecallFscoreSupport', yTrue, yPred, options ?? {}, { average: null, beta: 1, acceptsBeta: true }, [
    'precision',
    'recall',
    'f-score',
  ]) as PrecisionRecallFscoreSupportResult<O>;
}

function pick<O>(scores: PerLabelScores | AveragedScores, key: 'precision' | 'recall' | 'fScore'): ScoreResult<O> {
  return scores[key] as ScoreResult<O>;
}

/**
 * Precision: tp / (tp + fp), the fraction of predicted positives that are right.
 *
 * @example
 * ```ts
 * precisionScore([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 * precisionScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: null }); // [0.6666666666666666, 0, 0]
 * ```
 */
export function precisionScore<O extends PrecisionScoreOptions = PrecisionScoreOptions>(yTrue: Vector, yPred: Vector, options?: O): ScoreResult<O> {
  return pick<O>(computePrfs('precisionScore', yTrue, yPred, options ?? {}, { average: 'binary', beta: 1, acceptsBeta: false }, ['precision']), 'precision');
}

/**
 * Recall: tp / (tp + fn), the fraction of true positives that are found.
 *
 * @example
 * ```ts
 * recallScore([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 * recallScore(['a', 'b', 'b'], ['a', 'b', 'a'], { posLabel: 'b' }); // 0.5
 * ```
 */
export function recallScore<O extends RecallScoreOptions = RecallScoreOptions>(yTrue: Vector, yPred: Vector, options?: O): ScoreResult<O> {
  return pick<O>(computePrfs('recallScore', yTrue, yPred, options ?? {}, { average: 'binary', beta: 1, acceptsBeta: false }, ['recall']), 'recall');
}

/**
 * F1 score: the harmonic mean of precision and recall.
 *
 * @example
 * ```ts
 * f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.26666666666666666
 * ```
 */
export function f1Score<O extends F1ScoreOptions = F1ScoreOptions>(yTrue: Vector, yPred: Vector, options?: O): ScoreResult<O> {
  return pick<O>(computePrfs('f1Score', yTrue, yPred, options ?? {}, { average: 'binary', beta: 1, acceptsBeta: false }, ['f-score']), 'fScore');
}

/**
 * F-beta score: the weighted harmonic mean of precision and recall, recall counting
 * β times as much as precision.
 *
 * @example
 * ```ts
 * fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { beta: 0.5, average: 'macro' }); // 0.23809523809523805
 * ```
 */
export function fbetaScore<O extends FbetaScoreOptions>(yTrue: Vector, yPred: Vector, options: O): ScoreResult<O> {
  const owner = 'fbetaScore';
  const beta = checkParam<number>(owner, 'beta', options?.beta, realIn({ min: 0, max: Infinity }), { kind: 'option' });
  return pick<O>(computePrfs(owner, yTrue, yPred, { ...options, beta }, { average: 'binary', beta, acceptsBeta: true }, ['f-score']), 'fScore');
}

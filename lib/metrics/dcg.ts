/**
 * Discounted cumulative gain (DCG) and its normalized form (NDCG), with
 * scikit-learn's definitions (`dcg_score`, `ndcg_score`).
 *
 * Both take one row per query (sample): `yTrue` holds the true relevance of each
 * item, `yScore` the predicted scores that rank them. Ties in `yScore` are averaged
 * over (the gain of a group of tied items is shared) unless `ignoreTies`.
 */
import type { NumericArray } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { booleanValue, checkKnownKeys, integerIn, invalidArgument, nullValue, realIn } from '../core/validate.js';
import type { SampleWeight } from './_checks.js';
import { checkOption, checkSampleWeight, checkScores, checkWeightSum } from './_checks.js';
import { argsortDescending, average, cumulativeSum, pairwiseSum } from './_numeric.js';

/** One row of values per query (sample), one column per item. */
export type RelevanceMatrix = readonly (readonly number[])[] | readonly NumericArray[];

/** Options of {@link dcgScore}. */
export interface DcgScoreOptions {
  /** Only the `k` highest-ranked items count; null: all. @default null */
  readonly k?: number | null | undefined;
  /** The base of the logarithm of the discount. @default 2 */
  readonly logBase?: number | undefined;
  /** One weight per query (row); null means unweighted. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** Rank tied scores in an arbitrary order instead of averaging over them (faster). @default false */
  readonly ignoreTies?: boolean | undefined;
}

/** Options of {@link ndcgScore}. */
export type NdcgScoreOptions = Omit<DcgScoreOptions, 'logBase'>;

interface Prepared {
  readonly yTrue: Float64Array[];
  readonly yScore: Float64Array[];
  readonly k: number | null;
  readonly logBase: number;
  readonly weights: Float64Array | undefined;
  readonly ignoreTies: boolean;
}

function targetType(rows: Float64Array[] | Float64Array): string {
  const values = rows instanceof Float64Array ? Array.from(rows) : rows.flatMap((r) => Array.from(r));
  if (values.some((v) => !Number.isInteger(v))) return 'continuous';
  return new Set(values).size <= 2 ? 'binary' : 'multiclass';
}

function prepare(owner: string, yTrue: unknown, yScore: unknown, options: DcgScoreOptions, keys: readonly string[]): Prepared {
  checkKnownKeys(owner, options, keys, 'option');
  const k = checkOption<number | null>(owner, 'k', options.k, [nullValue, integerIn({ min: 1 })]) ?? null;
  const logBase = checkOption<number>(owner, 'logBase', options.logBase, [realIn({ min: 1, minInclusive: false })]) ?? 2;
  const ignoreTies = checkOption<boolean | null>(owner, 'ignoreTies', options.ignoreTies, [nullValue, booleanValue]) ?? false;
  if (!Array.isArray(yTrue) || yTrue.length === 0) {
    throw invalidArgument(owner, 'yTrue', 'a non-empty 2-D array of relevance values (one row per query)', yTrue, {
      shown: Array.isArray(yTrue) ? 'an empty array' : undefined,
    });
  }
  const t = checkScores(owner, 'yTrue', yTrue, yTrue.length);
  const supported = "('multilabel-indicator', 'continuous-multioutput', 'multiclass-multioutput')";
  if (t.kind === 'vector' || t.columns < 2) {
    const type = targetType(t.kind === 'vector' ? t.values : t.rows);
    throw new ValidationError(
      `Only ${supported} formats are supported. Got ${type} instead (in ${owner}). Pass one row of relevance values per query, with at least 2 items.`,
      { owner, argument: 'yTrue', value: yTrue, expected: 'a 2-D array with at least 2 columns' },
    );
  }
  const s = checkScores(owner, 'yScore', yScore, t.rows.length);
  if (s.kind !== 'matrix' || s.columns !== t.columns) {
    throw new ValidationError(
      `yTrue and yScore must have the same shape (in ${owner}): yTrue has ${t.columns} columns and yScore has ${s.kind === 'matrix' ? s.columns : 1}.`,
      { owner, argument: 'yScore', value: yScore, expected: `rows of ${t.columns} scores` },
    );
  }
  const weights = checkSampleWeight(owner, options.sampleWeight, t.rows.length);
  if (weights !== undefined) checkWeightSum(owner, weights, pairwiseSum(weights));
  return { yTrue: t.rows, yScore: s.rows, k, logBase, weights, ignoreTies };
}

function discounts(n: number, k: number | null, logBase: number): Float64Array {
  const d = new Float64Array(n);
  const logB = Math.log(logBase);
  for (let i = 0; i < n; i++) d[i] = k !== null && i >= k ? 0 : 1 / (Math.log(i + 2) / logB);
  return d;
}

/** The DCG of one query, ties in `score` averaged (`_tie_averaged_dcg`). */
function tieAveragedDcg(truth: Float64Array, score: Float64Array, discountCumsum: Float64Array): number {
  const distinct = Array.from(new Set(score)).sort((a, b) => b - a);
  const group = new Map<number, number>(distinct.map((v, i) => [v, i]));
  const sums = new Float64Array(distinct.length);
  const counts = new Float64Array(distinct.length);
  score.forEach((v, i) => {
    const g = group.get(v)!;
    sums[g] += truth[i]!;
    counts[g]! += 1;
  });
  const ends = cumulativeSum(counts).map((c) => c - 1);
  const terms = new Float64Array(distinct.length);
  for (let g = 0; g < distinct.length; g++) {
    const discountSum = g === 0 ? discountCumsum[ends[0]!]! : discountCumsum[ends[g]!]! - discountCumsum[ends[g - 1]!]!;
    terms[g] = (sums[g]! / counts[g]!) * discountSum;
  }
  return pairwiseSum(terms);
}

function sampleDcg(yTrue: Float64Array[], yScore: Float64Array[], k: number | null, logBase: number, ignoreTies: boolean): Float64Array {
  const d = discounts(yTrue[0]!.length, k, logBase);
  const cum = cumulativeSum(d);
  return Float64Array.from(yTrue, (truth, q) => {
    const score = yScore[q]!;
    if (!ignoreTies) return tieAveragedDcg(truth, score, cum);
    const order = argsortDescending(score);
    let gain = 0;
    order.forEach((item, rank) => (gain += d[rank]! * truth[item]!));
    return gain;
  });
}

/**
 * Discounted cumulative gain: Σ relevance / log_base(rank + 1) over the items
 * ranked by yScore, averaged over queries.
 *
 * @example
 * ```ts
 * dcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]); // 9.499457825916874
 * dcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]], { k: 2 }); // 5.630929753571458
 * ```
 */
export function dcgScore(yTrue: RelevanceMatrix, yScore: RelevanceMatrix, options: DcgScoreOptions = {}): number {
  const p = prepare('dcgScore', yTrue, yScore, options, ['k', 'logBase', 'sampleWeight', 'ignoreTies']);
  return average(sampleDcg(p.yTrue, p.yScore, p.k, p.logBase, p.ignoreTies), p.weights);
}

/**
 * Normalized DCG: the DCG of the predicted ranking divided by the DCG of the ideal
 * ranking (1 is perfect; a query with no relevant item scores 0).
 *
 * @throws {ValidationError} when yTrue holds a negative relevance (scikit-learn 1.4
 *   behaviour; 1.2 only warns and can return values outside [0, 1]).
 * @example
 * ```ts
 * ndcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]); // 0.6956940443813076 (to 1e-15)
 * ndcgScore([[10, 0, 0, 1, 5]], [[1, 0, 0, 0, 1]], { k: 1 }); // 0.75
 * ```
 */
export function ndcgScore(yTrue: RelevanceMatrix, yScore: RelevanceMatrix, options: NdcgScoreOptions = {}): number {
  const owner = 'ndcgScore';
  const p = prepare(owner, yTrue, yScore, options, ['k', 'sampleWeight', 'ignoreTies']);
  p.yTrue.forEach((row, q) => {
    const j = row.findIndex((v) => v < 0);
    if (j >= 0) {
      throw new ValidationError(
        `ndcgScore should not be used on negative yTrue values: got ${row[j]} at row ${q}, column ${j} (in ${owner}).`,
        { owner, argument: 'yTrue', value: row[j], expected: 'non-negative relevance values' },
      );
    }
  });
  const gain = sampleDcg(p.yTrue, p.yScore, p.k, 2, p.ignoreTies);
  const ideal = sampleDcg(p.yTrue, p.yTrue, p.k, 2, true);
  const normalized = gain.map((g, q) => (ideal[q] === 0 ? 0 : g / ideal[q]!));
  return average(normalized, p.weights);
}

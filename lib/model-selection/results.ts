/**
 * `cvResults`: scikit-learn's result columns, assembled from the trial records of
 * a search, plus ranking, best-candidate selection and export.
 */
import { csvCell } from '../core/csv.js';
import { InvalidParameterError } from '../core/errors.js';
import { formatValue } from '../core/validate.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { SplitResult, SplitStatus } from './fit-and-score.js';

/**
 * The results of a search, one entry per evaluated candidate in every column, with
 * scikit-learn's column names: `mean_fit_time`, `std_fit_time`, `mean_score_time`,
 * `std_score_time`, `param_<name>` (undefined where a candidate lacks the param),
 * `params`, `split<k>_test_<metric>`, `mean_test_<metric>`, `std_test_<metric>`,
 * `rank_test_<metric>` and, with `returnTrainScore`, the `train` twins. The metric
 * name is `score` in single-metric mode. Beyond scikit-learn: `split<k>_status`
 * (`ok` | `failed` | `timeout` | `pruned` | `not_run`), `split<k>_error`, and
 * `split<k>_<key>` for per-split extras (an estimator's `splitExtras()`, such as
 * `best_epoch`, and `<probe>_growth` when a resource probe saw a leak).
 */
export interface CvResults {
  readonly mean_fit_time: readonly number[];
  readonly std_fit_time: readonly number[];
  readonly mean_score_time: readonly number[];
  readonly std_score_time: readonly number[];
  readonly params: readonly ParamSet[];
  readonly [column: string]: readonly unknown[];
}

/** The status of a split in `cvResults`, including splits that never ran. */
export type SplitColumnStatus = SplitStatus | 'not_run';

/** One row of the results: a candidate's params and its split results. */
export interface CandidateRecord {
  readonly params: ParamSet;
  /** Indexed by split; undefined where the split never ran. */
  readonly splits: readonly (SplitResult | undefined)[];
  /** Extra leading columns (e.g. `iter`, `n_resources` for halving searches). */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/** Options of {@link buildCvResults}. */
export interface BuildCvResultsOptions {
  readonly metrics: readonly string[];
  readonly nSplits: number;
  readonly returnTrainScore: boolean;
  /** Names of extra columns, in order (placed first, like scikit-learn's `iter`). */
  readonly extraColumns?: readonly string[] | undefined;
}

/** Arithmetic mean (NaN if any value is NaN), as numpy's `np.average`. */
export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Population standard deviation (ddof = 0), as numpy's `np.std`. */
export function std(values: readonly number[]): number {
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / values.length);
}

function nanMean(values: readonly number[]): number {
  const kept = values.filter((v) => !Number.isNaN(v));
  return kept.length === 0 ? NaN : mean(kept);
}

function nanStd(values: readonly number[]): number {
  const kept = values.filter((v) => !Number.isNaN(v));
  return kept.length === 0 ? NaN : std(kept);
}

/**
 * Min-rank of `scores` (1 = best, higher is better), NaN tied with each other after
 * every finite score (scikit-learn 1.2's `_store` rule; all NaN gives all 1).
 */
export function rankScores(scores: readonly number[]): number[] {
  const finite = scores.filter((s) => !Number.isNaN(s));
  if (finite.length === 0) return scores.map(() => 1);
  return scores.map((s) => {
    if (Number.isNaN(s)) return finite.length + 1;
    let better = 0;
    for (const other of finite) if (other > s) better++;
    return better + 1;
  });
}

/** Assembles `cvResults` from candidate records, in scikit-learn's column order. */
export function buildCvResults(records: readonly CandidateRecord[], options: BuildCvResultsOptions): CvResults {
  const { metrics, nSplits, returnTrainScore } = options;
  const out: Record<string, unknown[]> = {};
  for (const name of options.extraColumns ?? []) out[name] = records.map((r) => r.extra?.[name]);

  const splitOf = (r: CandidateRecord, k: number): SplitResult | undefined => r.splits[k];
  const times = (field: 'fitTime' | 'scoreTime') =>
    records.map((r) => Array.from({ length: nSplits }, (_, k) => splitOf(r, k)?.[field] ?? NaN));
  const fit = times('fitTime');
  const score = times('scoreTime');
  out.mean_fit_time = fit.map(nanMean);
  out.std_fit_time = fit.map(nanStd);
  out.mean_score_time = score.map(nanMean);
  out.std_score_time = score.map(nanStd);

  const paramNames: string[] = [];
  for (const r of records) for (const key of Object.keys(r.params)) if (!paramNames.includes(key)) paramNames.push(key);
  for (const name of paramNames) out[`param_${name}`] = records.map((r) => (name in r.params ? r.params[name] : undefined));
  out.params = records.map((r) => r.params);

  for (const metric of metrics) {
    const store = (kind: 'test' | 'train', rank: boolean): void => {
      const matrix = records.map((r) =>
        Array.from({ length: nSplits }, (_, k) => {
          const s = splitOf(r, k);
          const table = kind === 'test' ? s?.testScores : s?.trainScores;
          return table?.[metric] ?? NaN;
        }),
      );
      for (let k = 0; k < nSplits; k++) out[`split${k}_${kind}_${metric}`] = matrix.map((row) => row[k]);
      const means = matrix.map(mean);
      out[`mean_${kind}_${metric}`] = means;
      out[`std_${kind}_${metric}`] = matrix.map(std);
      if (rank) out[`rank_${kind}_${metric}`] = rankScores(means);
    };
    store('test', true);
    if (returnTrainScore) store('train', false);
  }
  const extraKeys: string[] = [];
  for (const r of records) {
    for (const s of r.splits) for (const key of Object.keys(s?.extras ?? {})) if (!extraKeys.includes(key)) extraKeys.push(key);
  }
  for (const key of extraKeys) {
    for (let k = 0; k < nSplits; k++) out[`split${k}_${key}`] = records.map((r) => splitOf(r, k)?.extras?.[key]);
  }
  for (let k = 0; k < nSplits; k++) out[`split${k}_status`] = records.map((r): SplitColumnStatus => splitOf(r, k)?.status ?? 'not_run');
  for (let k = 0; k < nSplits; k++) out[`split${k}_error`] = records.map((r) => splitOf(r, k)?.error);
  for (const column of Object.values(out)) Object.freeze(column);
  return Object.freeze(out) as unknown as CvResults;
}

/** How the best candidate is chosen (the `refit` option). */
export type RefitSpec = boolean | string | ((cvResults: CvResults) => number);

/**
 * The index of the best candidate: rank 1 of the refit metric (first of ties), or
 * what a refit function returns. Undefined when there is no finite score.
 */
export function selectBestIndex(cvResults: CvResults, refit: RefitSpec, refitMetric: string, owner: string): number | undefined {
  const n = cvResults.params.length;
  if (typeof refit === 'function') {
    const index = refit(cvResults);
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new InvalidParameterError(
        `The "refit" function of ${owner} must return an int in the range [0, ${n - 1}] (an index into cvResults). Got ${formatValue(index)} instead.`,
        { owner, argument: 'refit', value: index, expected: `an int in [0, ${n - 1}]` },
      );
    }
    return index;
  }
  const means = cvResults[`mean_test_${refitMetric}`] as readonly number[];
  let best: number | undefined;
  for (let i = 0; i < n; i++) {
    const v = means[i] as number;
    if (Number.isNaN(v)) continue;
    if (best === undefined || v > (means[best] as number)) best = i;
  }
  return best;
}

/** The results as rows: one object per candidate, with every column. */
export function resultsTable(cvResults: CvResults): Record<string, unknown>[] {
  const columns = Object.keys(cvResults);
  return cvResults.params.map((_, i) => Object.fromEntries(columns.map((c) => [c, (cvResults[c] as readonly unknown[])[i]])));
}

/** The results as CSV text (RFC 4180 quoting; `params` as JSON; NaN as `NaN`). */
export function toCSV(cvResults: CvResults): string {
  const columns = Object.keys(cvResults);
  const lines = [columns.map(csvCell).join(',')];
  for (let i = 0; i < cvResults.params.length; i++) {
    lines.push(columns.map((c) => csvCell((cvResults[c] as readonly unknown[])[i])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The results as JSON text (columns as arrays; NaN written as null). */
export function toJSON(cvResults: CvResults): string {
  return JSON.stringify(cvResults, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
}

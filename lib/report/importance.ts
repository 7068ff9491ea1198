/**
 * Parameter importance of a search: a random forest fitted on the complete
 * trials (parameters -> value), and the permutation importance of each
 * parameter: how much the forest's squared error grows when that parameter's
 * column is shuffled (Breiman 2001), averaged over shuffles and given as a share
 * of the total. Numbers spanning more than two decades are seen on a log scale;
 * other values (strings, booleans, null) as category codes.
 */
import { Rng } from '../core/rng.js';
import { RandomForestRegressor } from '../estimators/tree/random-forest-regressor.js';
import type { SearchRecord } from './search-record.js';
import { isLogSpread } from './plots/curve-plots.js';

/** One parameter's importance. */
export interface ParamImportance {
  readonly param: string;
  /** Mean increase of the forest's mean squared error when the parameter is shuffled. */
  readonly importance: number;
  /** Its standard deviation over the shuffles. */
  readonly std: number;
  /** `importance` over the sum of all importances (0 when the sum is 0). */
  readonly share: number;
}

/** Parameter importance with the method that produced it. */
export interface ImportanceResult {
  /** How it was computed, for the plot's label. */
  readonly method: string;
  readonly trials: number;
  /** R² of the forest on the trials it was fitted on (how much of the value it explains). */
  readonly r2: number;
  /** Largest share first. */
  readonly params: readonly ParamImportance[];
}

/** Options of {@link paramImportance}. */
export interface ImportanceOptions {
  /** Trees in the forest. @default 64 */
  readonly nEstimators?: number | undefined;
  /** Shuffles per parameter. @default 5 */
  readonly nRepeats?: number | undefined;
  /** Seed of the forest and the shuffles. @default 0 */
  readonly randomState?: number | undefined;
  /** Fewest complete trials needed. @default 8 */
  readonly minTrials?: number | undefined;
}

/**
 * The columns of the parameters that vary, encoded as numbers: log10 for
 * positive numbers over two decades, category codes for the rest, a value below
 * the range for a missing (conditional) parameter.
 * @example
 * ```ts
 * encodeParams([{ C: 0.001, kernel: 'rbf' }, { C: 10, kernel: 'linear' }]); // { names: ['C', 'kernel'], X: [[-3, 0], [1, 1]] }
 * ```
 */
export function encodeParams(rows: readonly Readonly<Record<string, unknown>>[]): { names: string[]; X: number[][] } {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  const columns: number[][] = [];
  const kept: string[] = [];
  for (const name of names) {
    const values = rows.map((r) => r[name]);
    const numeric = values.every((v) => v === undefined || (typeof v === 'number' && Number.isFinite(v)));
    let col: number[];
    if (numeric) {
      const nums = values.filter((v): v is number => v !== undefined);
      const log = isLogSpread(nums);
      const t = (v: number): number => (log ? Math.log10(v) : v);
      const lo = nums.length === 0 ? 0 : Math.min(...nums.map(t));
      const hi = nums.length === 0 ? 0 : Math.max(...nums.map(t));
      const missing = lo - Math.max(1, hi - lo) * 0.5;
      col = values.map((v) => (v === undefined ? missing : t(v as number)));
    } else {
      const codes = new Map<string, number>();
      col = values.map((v) => {
        const key = JSON.stringify(v ?? null);
        if (!codes.has(key)) codes.set(key, codes.size);
        return codes.get(key) as number;
      });
    }
    if (new Set(col).size < 2) continue;
    kept.push(name);
    columns.push(col);
  }
  return { names: kept, X: rows.map((_, i) => columns.map((c) => c[i] as number)) };
}

function mse(a: ArrayLike<number>, b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return s / b.length;
}

/**
 * Permutation importance of each varying parameter of a search's complete trials,
 * from a random forest; undefined (with the reason) when there are too few
 * trials or no parameter varies.
 * @example
 * ```ts
 * const result = await paramImportance(recordFromSearch(search));
 * if ('params' in result) result.params[0].param; // the most important parameter
 * ```
 */
export async function paramImportance(record: SearchRecord, options: ImportanceOptions = {}): Promise<ImportanceResult | { readonly reason: string }> {
  const nEstimators = options.nEstimators ?? 64;
  const nRepeats = options.nRepeats ?? 5;
  const seed = options.randomState ?? 0;
  const done = record.trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value));
  const minTrials = options.minTrials ?? 8;
  if (done.length < minTrials) return { reason: `parameter importance needs at least ${minTrials} complete trials with a finite value; this search has ${done.length}.` };
  const { names, X } = encodeParams(done.map((t) => t.params));
  if (names.length === 0) return { reason: 'no parameter takes more than one value among the complete trials.' };
  const y = done.map((t) => t.value);
  const forest = await new RandomForestRegressor({ nEstimators, randomState: seed }).fit(X, y);
  const base = mse(await forest.predict(X), y);
  const meanY = y.reduce((s, v) => s + v, 0) / y.length;
  const variance = y.reduce((s, v) => s + (v - meanY) ** 2, 0) / y.length;
  const rng = new Rng(seed);
  const raw: { param: string; importance: number; std: number }[] = [];
  for (let j = 0; j < names.length; j++) {
    const deltas: number[] = [];
    for (let r = 0; r < nRepeats; r++) {
      const perm = rng.permutation(X.length);
      const shuffled = X.map((row, i) => row.map((v, k) => (k === j ? ((X[perm[i] as number] as number[])[j] as number) : v)));
      deltas.push(mse(await forest.predict(shuffled), y) - base);
    }
    const m = deltas.reduce((s, v) => s + v, 0) / deltas.length;
    raw.push({ param: names[j] as string, importance: m, std: Math.sqrt(deltas.reduce((s, v) => s + (v - m) ** 2, 0) / deltas.length) });
  }
  const total = raw.reduce((s, p) => s + Math.max(0, p.importance), 0);
  const params = raw.map((p) => ({ ...p, share: total > 0 ? Math.max(0, p.importance) / total : 0 })).sort((a, b) => b.share - a.share || a.param.localeCompare(b.param));
  return {
    method: `random forest (${nEstimators} trees) fitted on ${done.length} complete trials; permutation importance = increase of its squared error when a parameter is shuffled (mean of ${nRepeats} shuffles), as a share of the total`,
    trials: done.length,
    r2: variance > 0 ? 1 - base / variance : NaN,
    params,
  };
}

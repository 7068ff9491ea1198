/**
 * The significance test of the strategy comparison: the Wilcoxon signed-rank test
 * on paired samples (scipy's `wilcoxon` with its defaults: zero differences
 * dropped, no continuity correction), average ranks, and Holm's step-down
 * correction for several comparisons.
 */
import { InvalidParameterError } from '../core/errors.js';
import { formatValue } from '../core/validate.js';
import { normalSf, rankData, signedRankPmf } from '../search/schedulers/signed-rank.js';

export { rankData } from '../search/schedulers/signed-rank.js';

/** Which difference the test looks for: x differs from y, x is larger, or x is smaller. */
export type Alternative = 'two-sided' | 'greater' | 'less';

/** Options of {@link wilcoxonSignedRank}. */
export interface WilcoxonOptions {
  /** The alternative hypothesis. @default 'two-sided' */
  readonly alternative?: Alternative | undefined;
}

/** What {@link wilcoxonSignedRank} returns. */
export interface WilcoxonResult {
  /** Two-sided: min(R+, R-); one-sided: R+ (the rank sum of positive differences), as scipy. */
  readonly statistic: number;
  readonly pValue: number;
  /** The number of non-zero differences the test used. */
  readonly n: number;
  /** `exact`: the null distribution of R+ enumerated; `approx`: the normal approximation with the tie correction. */
  readonly method: 'exact' | 'approx';
}

/**
 * The Wilcoxon signed-rank test of paired samples x and y (or of x against 0).
 *
 * Zero differences are dropped (scipy's `zero_method='wilcox'`). With at most 50
 * pairs, no zero and no tied |difference|, the p-value is exact (the null
 * distribution of R+ enumerated); otherwise the normal approximation with the
 * tie correction of the variance and no continuity correction. This equals
 * scipy 1.10's `wilcoxon(x, y)` except for tied differences among at most 50
 * pairs, where scipy keeps its exact table with a truncated rank sum and this
 * function uses the approximation instead.
 *
 * @throws {InvalidParameterError} when x and y differ in length, or every difference is zero.
 * @example
 * ```ts
 * wilcoxonSignedRank([1, 2, 3, 4, 5, 6.5], [0, 0, 0, 0, 0, 0]).pValue; // 0.03125
 * ```
 */
export function wilcoxonSignedRank(x: readonly number[], y?: readonly number[], options: WilcoxonOptions = {}): WilcoxonResult {
  const owner = 'wilcoxonSignedRank';
  if (y !== undefined && y.length !== x.length) {
    throw new InvalidParameterError(`The samples of ${owner} must be paired: x has ${x.length} values and y has ${y.length}.`, {
      owner,
      argument: 'y',
      value: y,
      expected: `${x.length} values`,
    });
  }
  const alternative = options.alternative ?? 'two-sided';
  const all = x.map((v, i) => v - (y === undefined ? 0 : (y[i] as number)));
  const d = all.filter((v) => v !== 0);
  if (d.length === 0) {
    throw new InvalidParameterError(`${owner} needs at least one non-zero difference; x - y is zero for all ${all.length} pairs. Got ${formatValue(all)} instead.`, {
      owner,
      argument: 'x',
      value: x,
      expected: 'a non-zero difference',
    });
  }
  const n = d.length;
  const abs = d.map(Math.abs);
  const ranks = rankData(abs);
  let rPlus = 0;
  let rMinus = 0;
  d.forEach((v, i) => {
    if (v > 0) rPlus += ranks[i] as number;
    else rMinus += ranks[i] as number;
  });
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  const tied = new Set(abs).size < n;
  if (all.length <= 50 && n === all.length && !tied) {
    const pmf = signedRankPmf(n);
    const r = Math.round(rPlus);
    const sum = (from: number, to: number): number => {
      let s = 0;
      for (let i = from; i <= to; i++) s += pmf[i] as number;
      return s;
    };
    const last = pmf.length - 1;
    let p: number;
    if (alternative === 'greater') p = sum(r, last);
    else if (alternative === 'less') p = sum(0, r);
    else p = r === Math.floor(last / 2) ? 1 : 2 * Math.min(sum(0, r), sum(r, last));
    return { statistic, pValue: Math.min(1, Math.max(0, p)), n, method: 'exact' };
  }
  const mean = (n * (n + 1)) / 4;
  let variance = n * (n + 1) * (2 * n + 1);
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  for (const t of counts.values()) if (t > 1) variance -= 0.5 * t * (t * t - 1);
  const se = Math.sqrt(variance / 24);
  const z = (statistic - mean) / se;
  const p = alternative === 'two-sided' ? 2 * normalSf(Math.abs(z)) : alternative === 'greater' ? normalSf(z) : 1 - normalSf(z);
  return { statistic, pValue: Math.min(1, Math.max(0, p)), n, method: 'approx' };
}

/**
 * Holm's step-down adjustment of p-values for multiple comparisons: the i-th
 * smallest is multiplied by (m - i + 1), made non-decreasing and capped at 1.
 * Controls the family-wise error rate without assuming independence.
 * @example
 * ```ts
 * holm([0.01, 0.04, 0.03, 0.005]); // [0.03, 0.06, 0.06, 0.02]
 * ```
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = Array.from(pValues.keys()).sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((j, i) => {
    running = Math.max(running, Math.min(1, (m - i) * (pValues[j] as number)));
    out[j] = running;
  });
  return out;
}

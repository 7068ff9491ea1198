/**
 * The one-sided Wilcoxon signed-rank test the Wilcoxon pruner uses: scipy
 * 1.10's `wilcoxon(d, alternative=..., zero_method='zsplit')` (zero
 * differences kept, their rank sum split between the two sides; an exact
 * p-value for at most 50 differences without zeros, else the normal
 * approximation with the tie correction). The rank and null-distribution
 * helpers are shared with the report's two-sided test.
 */
import { erfc } from '../samplers/gp/normal.js';

/**
 * Average ranks from 1 (ties share the mean of their ranks), as scipy's `rankdata`.
 * @example
 * ```ts
 * rankData([10, 20, 10]); // [1.5, 3, 1.5]
 * ```
 */
export function rankData(values: readonly number[]): number[] {
  const order = Array.from(values.keys()).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * P(R+ = r) for r = 0 .. n(n+1)/2 under the null, for n differences without ties.
 * @example
 * ```ts
 * signedRankPmf(2); // [0.25, 0.25, 0.25, 0.25]
 * ```
 */
export function signedRankPmf(n: number): Float64Array {
  let c = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = c.length;
    for (let i = 0; i < m; i++) {
      next[i] = (next[i] as number) + 0.5 * (c[i] as number);
      next[i + next.length - m] = (next[i + next.length - m] as number) + 0.5 * (c[i] as number);
    }
    c = next;
  }
  return c;
}

/** The standard normal survival function 1 − Φ(z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * The p-value of the one-sided signed-rank test of differences `d`
 * (`'greater'`: d tends to be positive; `'less'`: negative), zero
 * differences split (scipy 1.10's `zero_method='zsplit'`). NaN for no
 * differences.
 * @example
 * ```ts
 * signedRankPValue([1, 2, 3, 4, 5], 'greater'); // 0.03125 (exact: 1/32)
 * ```
 */
export function signedRankPValue(d: readonly number[], alternative: 'greater' | 'less'): number {
  const count = d.length;
  if (count === 0) return NaN;
  const ranks = rankData(d.map(Math.abs));
  let rPlus = 0;
  let rZero = 0;
  d.forEach((v, i) => {
    if (v > 0) rPlus += ranks[i] as number;
    else if (v === 0) rZero += ranks[i] as number;
  });
  rPlus += rZero / 2;
  const hasZero = d.some((v) => v === 0);
  let p: number;
  if (count <= 50 && !hasZero) {
    const pmf = signedRankPmf(count);
    // scipy 1.10 truncates a tied (x.5) rank sum
    const r = Math.trunc(rPlus);
    p = 0;
    if (alternative === 'greater') for (let i = r; i < pmf.length; i++) p += pmf[i] as number;
    else for (let i = 0; i <= r; i++) p += pmf[i] as number;
  } else {
    const mean = (count * (count + 1)) / 4;
    let variance = count * (count + 1) * (2 * count + 1);
    const repeats = new Map<number, number>();
    for (const r of ranks) repeats.set(r, (repeats.get(r) ?? 0) + 1);
    for (const t of repeats.values()) if (t > 1) variance -= 0.5 * t * (t * t - 1);
    const z = (rPlus - mean) / Math.sqrt(variance / 24);
    p = alternative === 'greater' ? normalSf(z) : 1 - normalSf(z);
  }
  return Math.min(1, Math.max(0, p));
}

/**
 * The rank-based comparison of strategies across seeds: on each seed the
 * strategies are ranked by their final value (1 = best, ties share the average
 * rank), the mean rank orders them, and each strategy is tested against the
 * best-ranked one with the Wilcoxon signed-rank test on the values paired by
 * seed, Holm-corrected over the comparisons of one task.
 */
import type { Direction } from '../search/trial.js';
import { median } from './statistics.js';
import { holm, rankData, wilcoxonSignedRank } from './wilcoxon.js';

/** The name of the test the comparison uses, as printed in reports. */
export const COMPARISON_TEST =
  'two-sided Wilcoxon signed-rank test on final values paired by seed, against the best mean rank ' +
  '(exact p-values for n <= 50 without ties or zeros, else the normal approximation), Holm-corrected within each task';

/** One strategy's line in a comparison. */
export interface StrategyComparison {
  readonly strategy: string;
  /** Seeds where every compared strategy has a finite final value. */
  readonly n: number;
  /** The mean over those seeds of the strategy's rank (1 = best). */
  readonly meanRank: number;
  /** The median final value over the strategy's own finite runs. */
  readonly medianFinal: number;
  /** True for the strategy every other is tested against. */
  readonly reference: boolean;
  /** The raw two-sided p-value against the reference (undefined for the reference, or when the test cannot run). */
  readonly pValue: number | undefined;
  /** The Holm-adjusted p-value. */
  readonly pAdjusted: number | undefined;
  /** True when `pAdjusted < alpha`: the reference is significantly better on these seeds. */
  readonly significant: boolean;
}

/** Options of {@link compareStrategies}. */
export interface CompareOptions {
  /** The family-wise significance level. @default 0.05 */
  readonly alpha?: number | undefined;
}

/**
 * Ranks strategies by their final values over seeds and tests each against the
 * best-ranked one.
 *
 * @param finals strategy -> final value per seed (the same seed order for every
 *   strategy; `finals[s][i]` is seed i). Seeds where a strategy has no finite
 *   value are left out of the ranks and tests.
 * @example
 * ```ts
 * const rows = compareStrategies({ random: [3, 4, 6, 5, 7, 9], tpe: [1, 1, 1, 1, 1, 1] }, 'minimize');
 * rows[0]; // { strategy: 'tpe', meanRank: 1, reference: true, ... }
 * rows[1].pValue; // 0.03125 (exact: tpe is better on all 6 seeds)
 * ```
 */
export function compareStrategies(
  finals: Readonly<Record<string, readonly number[]>>,
  direction: Direction,
  options: CompareOptions = {},
): StrategyComparison[] {
  const alpha = options.alpha ?? 0.05;
  const names = Object.keys(finals);
  const nSeeds = Math.max(0, ...names.map((s) => (finals[s] as readonly number[]).length));
  const complete: number[] = [];
  for (let i = 0; i < nSeeds; i++) {
    if (names.every((s) => Number.isFinite((finals[s] as readonly number[])[i]))) complete.push(i);
  }
  const rankSums = new Map<string, number>(names.map((s) => [s, 0]));
  for (const i of complete) {
    const vals = names.map((s) => {
      const v = (finals[s] as readonly number[])[i] as number;
      return direction === 'minimize' ? v : -v;
    });
    rankData(vals).forEach((r, k) => rankSums.set(names[k] as string, (rankSums.get(names[k] as string) as number) + r));
  }
  const meanRank = (s: string): number => (complete.length === 0 ? NaN : (rankSums.get(s) as number) / complete.length);
  const order = [...names].sort((a, b) => meanRank(a) - meanRank(b) || median(finals[a] as number[]) - median(finals[b] as number[]));
  const reference = order[0];
  const raw = new Map<string, number | undefined>();
  for (const s of order) {
    if (s === reference || complete.length === 0) {
      raw.set(s, undefined);
      continue;
    }
    const x = complete.map((i) => (finals[s] as readonly number[])[i] as number);
    const y = complete.map((i) => (finals[reference as string] as readonly number[])[i] as number);
    raw.set(s, x.every((v, k) => v === y[k]) ? 1 : wilcoxonSignedRank(x, y).pValue);
  }
  const tested = order.filter((s) => raw.get(s) !== undefined);
  const adjusted = holm(tested.map((s) => raw.get(s) as number));
  const adj = new Map(tested.map((s, k) => [s, adjusted[k] as number]));
  return order.map((s) => ({
    strategy: s,
    n: complete.length,
    meanRank: meanRank(s),
    medianFinal: median(finals[s] as number[]),
    reference: s === reference,
    pValue: raw.get(s),
    pAdjusted: adj.get(s),
    significant: adj.has(s) && (adj.get(s) as number) < alpha,
  }));
}

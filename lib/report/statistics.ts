/**
 * The descriptive statistics of the reports: quantiles (numpy's default linear
 * interpolation), quartiles, best-so-far traces, simple regret, the time a run
 * takes to reach a target, and median / interquartile bands over seeds, against
 * evaluations or against time.
 */
import { quantileSorted } from '../core/quantile.js';
import type { Direction } from '../search/trial.js';

/**
 * The `q`-quantile (q in [0, 1]) of the finite values, with numpy's default
 * linear interpolation (`np.percentile(v, 100 * q)`). NaN when no value is finite.
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  return quantileSorted(values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b), q);
}

/**
 * The median of the finite values (NaN when there is none).
 * @example
 * ```ts
 * median([3, 1, 2, 10]); // 2.5
 * ```
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Five-number summary of a sample. */
export interface Quartiles {
  readonly min: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly max: number;
  /** The number of finite values summarized. */
  readonly n: number;
}

/**
 * The minimum, quartiles and maximum of the finite values (numpy's percentiles).
 * @example
 * ```ts
 * quartiles([1, 2, 3, 4]); // { min: 1, q25: 1.75, median: 2.5, q75: 3.25, max: 4, n: 4 }
 * ```
 */
export function quartiles(values: readonly number[]): Quartiles {
  return {
    min: quantile(values, 0),
    q25: quantile(values, 0.25),
    median: quantile(values, 0.5),
    q75: quantile(values, 0.75),
    max: quantile(values, 1),
    n: values.filter((v) => Number.isFinite(v)).length,
  };
}

/**
 * True when `a` is better than `b` for the direction.
 * @example
 * ```ts
 * isBetter(1, 2, 'minimize'); // true
 * ```
 */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

/**
 * The best value seen after each evaluation. Non-finite values (failures) never
 * become the best; the trace is NaN until the first finite value.
 * @example
 * ```ts
 * bestSoFar([5, 3, NaN, 4, 1], 'minimize'); // [5, 3, 3, 3, 1]
 * ```
 */
export function bestSoFar(values: readonly number[], direction: Direction): number[] {
  let best = NaN;
  return values.map((v) => {
    if (Number.isFinite(v) && (Number.isNaN(best) || isBetter(v, best, direction))) best = v;
    return best;
  });
}

/**
 * Simple regret of each value against the known optimum: how far it is from the
 * optimum, in the objective's units (always >= 0 for a true optimum).
 * @example
 * ```ts
 * simpleRegret([0.5, 0.4], 0.397887, 'minimize'); // [0.102113, 0.002113]
 * ```
 */
export function simpleRegret(values: readonly number[], optimum: number, direction: Direction): number[] {
  return values.map((v) => (direction === 'minimize' ? v - optimum : optimum - v));
}

/**
 * The 1-based number of the first evaluation whose best-so-far reaches `target`
 * (<= for minimize, >= for maximize), or undefined when it never does.
 * @example
 * ```ts
 * evaluationsToTarget([5, 3, 3, 1], 3, 'minimize'); // 2
 * ```
 */
export function evaluationsToTarget(trace: readonly number[], target: number, direction: Direction): number | undefined {
  for (let i = 0; i < trace.length; i++) {
    const v = trace[i] as number;
    if (Number.isFinite(v) && (direction === 'minimize' ? v <= target : v >= target)) return i + 1;
  }
  return undefined;
}

/**
 * The value of a step function (value `ys[i]` from time `xs[i]` on) at `x`: the
 * last `ys[i]` with `xs[i] <= x`, or NaN before the first step. `xs` ascending.
 * @example
 * ```ts
 * stepValueAt([1, 2, 5], [10, 8, 3], 4); // 8
 * ```
 */
export function stepValueAt(xs: readonly number[], ys: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? NaN : (ys[lo - 1] as number);
}

/** One point of a median / interquartile band. */
export interface BandPoint {
  /** The x position (an evaluation number, or seconds). */
  readonly x: number;
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
  /** How many runs contribute. */
  readonly n: number;
}

/**
 * The median and interquartile range over runs at each evaluation number. Each
 * run is a best-so-far trace; a run shorter than the longest keeps its last value
 * (it stopped: its best stays). Points where a run has no finite value yet use
 * the runs that do.
 * @example
 * ```ts
 * bandByEvaluation([[3, 2, 1], [4, 4, 2], [5, 1, 1]]); // x = 1, 2, 3; median 4, 2, 1
 * ```
 */
export function bandByEvaluation(traces: readonly (readonly number[])[]): BandPoint[] {
  const length = Math.max(0, ...traces.map((t) => t.length));
  const out: BandPoint[] = [];
  for (let i = 0; i < length; i++) {
    const at = traces.map((t) => (t.length === 0 ? NaN : (t[Math.min(i, t.length - 1)] as number))).filter((v) => Number.isFinite(v));
    if (at.length === 0) continue;
    out.push({ x: i + 1, median: quantile(at, 0.5), q25: quantile(at, 0.25), q75: quantile(at, 0.75), n: at.length });
  }
  return out;
}

/** One run's best-so-far trace against time. */
export interface TimedTrace {
  /** Seconds since the run started, ascending, one per evaluation. */
  readonly times: readonly number[];
  /** The best-so-far value after each evaluation. */
  readonly values: readonly number[];
}

/**
 * `n` points from `start` to `end`, evenly spaced on a log scale (on a linear one
 * when `start <= 0`).
 * @example
 * ```ts
 * timeGrid(0.01, 1, 3); // [0.01, 0.1, 1]
 * ```
 */
export function timeGrid(start: number, end: number, n: number): number[] {
  if (n <= 1 || !(end > start)) return [end];
  if (start > 0) {
    const a = Math.log(start);
    const b = Math.log(end);
    return Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
  }
  return Array.from({ length: n }, (_, i) => start + ((end - start) * i) / (n - 1));
}

/**
 * The median and interquartile range over runs of the best-so-far value at each
 * time of `grid`. A run contributes once it has a finite value, and keeps its
 * final value after it ended; grid points where fewer than half the runs have a
 * value are left out (a median of a minority would flatter the early runs).
 * @example
 * ```ts
 * bandByTime([{ times: [0.1, 0.2], values: [3, 1] }], [0.15, 0.3]); // medians 3, 1
 * ```
 */
export function bandByTime(runs: readonly TimedTrace[], grid: readonly number[]): BandPoint[] {
  const out: BandPoint[] = [];
  for (const t of grid) {
    const at = runs.map((r) => stepValueAt(r.times, r.values, t)).filter((v) => Number.isFinite(v));
    if (at.length === 0 || at.length * 2 < runs.length) continue;
    out.push({ x: t, median: quantile(at, 0.5), q25: quantile(at, 0.25), q75: quantile(at, 0.75), n: at.length });
  }
  return out;
}

/**
 * The arithmetic mean of the finite values (NaN when there is none).
 * @example
 * ```ts
 * finiteMean([1, NaN, 3]); // 2
 * ```
 */
export function finiteMean(values: readonly number[]): number {
  const f = values.filter((v) => Number.isFinite(v));
  return f.length === 0 ? NaN : f.reduce((s, v) => s + v, 0) / f.length;
}

/**
 * Numeric helpers of the metric functions.
 *
 * Sums follow numpy's summation order so that results match scikit-learn to the
 * last bit where it matters (a constant target whose mean must be exact, sums of
 * many squared errors): a 1-D sum is numpy's pairwise summation
 * ({@link pairwiseSum}); a sum down the columns of a multi-output target is a plain
 * running sum, as numpy does for `axis=0` of a C-ordered 2-D array.
 */

const PAIRWISE_BLOCK = 128;

/**
 * numpy's pairwise summation (`pairwise_sum_DOUBLE`): plain loop below 8 values,
 * eight interleaved partial sums up to 128, halving above.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, length = values.length - start): number {
  if (length < 8) {
    let res = 0;
    for (let i = 0; i < length; i++) res += values[start + i] as number;
    return res;
  }
  if (length <= PAIRWISE_BLOCK) {
    const r0 = new Float64Array(8);
    for (let j = 0; j < 8; j++) r0[j] = values[start + j] as number;
    let i = 8;
    const end = length - (length % 8);
    for (; i < end; i += 8) {
      for (let j = 0; j < 8; j++) r0[j] = (r0[j] as number) + (values[start + i + j] as number);
    }
    let res = ((r0[0]! + r0[1]!) + (r0[2]! + r0[3]!)) + ((r0[4]! + r0[5]!) + (r0[6]! + r0[7]!));
    for (; i < length; i++) res += values[start + i] as number;
    return res;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, length - half);
}

/** `np.average(values, weights)`: the (weighted) mean, summed pairwise. */
export function average(values: ArrayLike<number>, weights?: ArrayLike<number> | undefined): number {
  if (weights === undefined) return pairwiseSum(values) / values.length;
  const products = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) products[i] = (values[i] as number) * (weights[i] as number);
  return pairwiseSum(products) / pairwiseSum(weights);
}

/**
 * Column means of a multi-output target, as numpy's `np.average(a, axis=0,
 * weights)`: one output is summed pairwise, several are summed row after row.
 */
export function columnAverages(columns: readonly Float64Array[], weights?: Float64Array | undefined): number[] {
  if (columns.length === 1) return [average(columns[0]!, weights)];
  const n = columns[0]!.length;
  const scale = weights === undefined ? n : pairwiseSum(weights);
  return columns.map((col) => {
    let s = 0;
    if (weights === undefined) for (let i = 0; i < n; i++) s += col[i]!;
    else for (let i = 0; i < n; i++) s += col[i]! * weights[i]!;
    return s / scale;
  });
}

/** Column sums of weighted values, in numpy's order (see {@link columnAverages}). */
export function columnSums(columns: readonly Float64Array[], weights?: Float64Array | undefined): number[] {
  return columns.map((col) => {
    const values = weights === undefined ? col : col.map((v, i) => v * weights[i]!);
    if (columns.length === 1) return pairwiseSum(values);
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i]!;
    return s;
  });
}

/** A running sum (numpy's `cumsum`, always sequential). */
export function cumulativeSum(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    s += values[i] as number;
    out[i] = s;
  }
  return out;
}

/** `np.median` of a copy of `values`. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * scikit-learn's `_weighted_percentile`: the lower weighted percentile, i.e. the
 * first sorted value whose cumulative weight reaches `percentile`% of the total.
 */
export function weightedPercentile(values: ArrayLike<number>, weights: ArrayLike<number>, percentile = 50): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const cdf = cumulativeSum(order.map((i) => weights[i] as number));
  let target = (percentile / 100) * cdf[n - 1]!;
  if (target === 0) target = Number.MIN_VALUE; // np.nextafter(0, 1): skip leading zero weights
  let idx = 0;
  while (idx < n && cdf[idx]! < target) idx++;
  idx = Math.min(idx, n - 1);
  return values[order[idx]!] as number;
}

/**
 * Indices that sort `scores` in decreasing order, ties broken by decreasing index
 * (numpy's `np.argsort(scores, kind="mergesort")[::-1]`).
 */
export function argsortDescending(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = n - 1 - i;
  // descending score; among ties the larger index first
  return idx.sort((a, b) => (scores[b] as number) - (scores[a] as number) || b - a);
}

/** `np.allclose(a, b)` for two numbers (rtol 1e-5, atol 1e-8). */
export function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

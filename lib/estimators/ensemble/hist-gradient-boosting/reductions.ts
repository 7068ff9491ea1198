/**
 * numpy's reductions as HistGradientBoosting uses them, to the last bit: the sum of
 * `np.add.reduce` (pairwise summation in blocks of 8), the mean and the median. The
 * baseline prediction and the early-stopping losses are computed with these, so they
 * equal scikit-learn's exactly.
 */

const BLOCK = 128;

/** numpy's pairwise sum of `values[start..start + n)`. */
function pairwise(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i] as number;
    return sum;
  }
  if (n <= BLOCK) {
    let r0 = values[start] as number;
    let r1 = values[start + 1] as number;
    let r2 = values[start + 2] as number;
    let r3 = values[start + 3] as number;
    let r4 = values[start + 4] as number;
    let r5 = values[start + 5] as number;
    let r6 = values[start + 6] as number;
    let r7 = values[start + 7] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = start + i;
      r0 += values[o] as number;
      r1 += values[o + 1] as number;
      r2 += values[o + 2] as number;
      r3 += values[o + 3] as number;
      r4 += values[o + 4] as number;
      r5 += values[o + 5] as number;
      r6 += values[o + 6] as number;
      r7 += values[o + 7] as number;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i] as number;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(values, start, half) + pairwise(values, start + half, n - half);
}

/** `np.sum` of a 1-D float64 array. */
export function numpySum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

/** `np.mean` of a 1-D float64 array. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}

/** `np.median`: the middle value, or the mean of the two middle values. Sorts a copy. */
export function numpyMedian(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mid = n >> 1;
  if (n % 2 === 1) return sorted[mid] as number;
  return (0 + (sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

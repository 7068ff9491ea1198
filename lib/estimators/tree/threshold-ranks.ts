/**
 * The rank of a threshold among a column's sorted distinct values (the last value
 * at most the threshold), found through a bucket table instead of a full binary
 * search: a binary search over thousands of values mispredicts a branch at most of
 * its steps, and the random splitter asks once per feature it tries.
 *
 * Each column's range is cut into as many equal buckets as it has distinct
 * values; a value's bucket, `floor((x - min) * scale)`, never decreases with x
 * (every step rounds monotonically), so the answer for a threshold lies between
 * the last value of an earlier bucket and the last value of the threshold's own
 * bucket: a range of a value or two for most data, searched by bisection.
 */
import type { TreeData } from './tree-data.js';

/** Bucket tables for every column of a ranked dataset. */
export class ThresholdRanks {
  private readonly values: readonly Float64Array[];
  /** Per column: `ends[b]` is the number of distinct values whose bucket is at most b. */
  private readonly ends: Int32Array[];
  private readonly lows: Float64Array;
  private readonly scales: Float64Array;

  constructor(data: TreeData) {
    const nFeatures = data.nFeatures;
    this.values = data.distinct;
    this.ends = [];
    this.lows = new Float64Array(nFeatures);
    this.scales = new Float64Array(nFeatures);
    for (let f = 0; f < nFeatures; f++) {
      const values = data.distinct[f] as Float64Array;
      const nBuckets = values.length;
      const low = values[0] as number;
      const span = (values[nBuckets - 1] as number) - low;
      const scale = span > 0 ? nBuckets / span : 0;
      this.lows[f] = low;
      this.scales[f] = scale;
      const ends = new Int32Array(nBuckets);
      for (let r = 0; r < nBuckets; r++) {
        const b = bucket(values[r] as number, low, scale, nBuckets);
        ends[b] = (ends[b] as number) + 1;
      }
      for (let b = 1; b < nBuckets; b++) ends[b] = (ends[b] as number) + (ends[b - 1] as number);
      this.ends.push(ends);
    }
  }

  /**
   * The largest rank r in [minRank, maxRank] of feature f with `values[r] <=
   * threshold`, for a threshold at least `values[minRank]`.
   */
  rankAtMost(f: number, threshold: number, minRank: number, maxRank: number): number {
    const values = this.values[f] as Float64Array;
    const ends = this.ends[f] as Int32Array;
    const b = bucket(threshold, this.lows[f] as number, this.scales[f] as number, ends.length);
    let low = b > 0 ? (ends[b - 1] as number) - 1 : -1; // bucket < b: values below the threshold
    let high = (ends[b] as number) - 1; // bucket > b: values above it
    if (low < minRank) low = minRank;
    if (high > maxRank) high = maxRank;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((values[mid] as number) <= threshold) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** The bucket of x: `floor((x - low) * scale)` within [0, nBuckets). */
function bucket(x: number, low: number, scale: number, nBuckets: number): number {
  const b = Math.floor((x - low) * scale);
  return b < 0 ? 0 : b >= nBuckets ? nBuckets - 1 : b;
}

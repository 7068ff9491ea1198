/**
 * X prepared for tree growing, and the per-node sort of samples by a feature.
 *
 * X is copied once, column after column, as float32 (scikit-learn's `DTYPE`: its
 * trees compare float32 values with float64 thresholds), and each column is
 * ranked once. A node then sorts its samples by a feature through the ranks: a
 * counting sort when the node spans few distinct values, a native typed-array
 * sort of packed `rank * n + sample` keys otherwise. This is what makes forests
 * fast.
 */
import type { DenseMatrix } from '../../core/data.js';
import { toFloat32 } from './tree-structure.js';

/** scikit-learn's `FEATURE_THRESHOLD` (a float32): values closer than this are one value. */
export const FEATURE_THRESHOLD = Math.fround(1e-7);

/**
 * scikit-learn's test that two float32 feature values `low <= high` count as one
 * value: `high <= low + FEATURE_THRESHOLD` with the sum rounded to float32, as its
 * Cython computes it (float32 operands), so 1 and the next float32 after it are one
 * value there and here.
 */
export function sameFeatureValue(low: number, high: number): boolean {
  return high <= Math.fround(low + FEATURE_THRESHOLD);
}

/** X as float32 columns: what the random splitter reads. */
export interface TreeColumns {
  readonly nSamples: number;
  readonly nFeatures: number;
  /** float32 values, column-major: `columns[f * nSamples + i]`. */
  readonly columns: Float32Array;
}

/** X prepared once for growing any number of trees with the best splitter: columns and their ranks. */
export interface TreeData extends TreeColumns {
  /** The rank of each value among its column's distinct values, column-major. */
  readonly ranks: Int32Array;
  /** Each column's sorted distinct values. */
  readonly distinct: readonly Float64Array[];
  /** The largest number of distinct values of a column. */
  readonly maxDistinct: number;
}

/** What a tree learns: class codes (0..nClasses-1) or real values. */
export type TreeTarget =
  | { readonly kind: 'classification'; readonly codes: Int32Array; readonly nClasses: number }
  | { readonly kind: 'regression'; readonly y: Float64Array };

/** Copies X as float32 columns. */
export function prepareTreeColumns(X: DenseMatrix, owner: string): TreeColumns {
  const n = X.rows;
  const nFeatures = X.columns;
  const rowMajor = toFloat32(X, owner);
  const columns = new Float32Array(n * nFeatures);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < nFeatures; f++) columns[f * n + i] = rowMajor[i * nFeatures + f] as number;
  }
  return { nSamples: n, nFeatures, columns };
}

/** Packed sort keys hold the sample index in their low 21 bits. */
const INDEX_BITS = 2 ** 21;

/**
 * The samples of a float32 column in increasing order of value: a native sort of
 * packed `orderKey(value) * 2^21 + index` numbers (exact below 2^53), or a
 * comparator sort for columns of 2^21 samples or more.
 */
function sortedOrder(col: Float32Array, order: Int32Array, packed: Float64Array): void {
  const n = col.length;
  if (n >= INDEX_BITS) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (col[a] as number) - (col[b] as number));
    return;
  }
  const bits = new Uint32Array(col.buffer, col.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const b = bits[i] as number;
    // the IEEE bits, made increasing with the value: negatives flipped, positives above them
    const key = b >= 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    packed[i] = key * INDEX_BITS + i;
  }
  packed.sort();
  for (let k = 0; k < n; k++) order[k] = (packed[k] as number) % INDEX_BITS;
}

/** Copies X as float32 columns and ranks each column. */
export function prepareTreeData(X: DenseMatrix, owner: string): TreeData {
  const { nSamples: n, nFeatures, columns } = prepareTreeColumns(X, owner);
  const ranks = new Int32Array(n * nFeatures);
  const distinct: Float64Array[] = [];
  const order = new Int32Array(n);
  const packed = new Float64Array(n < INDEX_BITS ? n : 0);
  let maxDistinct = 0;
  for (let f = 0; f < nFeatures; f++) {
    const col = columns.subarray(f * n, (f + 1) * n);
    sortedOrder(col, order, packed);
    const values: number[] = [];
    let previous = NaN;
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const v = col[i] as number;
      if (v !== previous) {
        values.push(v);
        previous = v;
      }
      ranks[f * n + i] = values.length - 1;
    }
    distinct.push(Float64Array.from(values));
    maxDistinct = Math.max(maxDistinct, values.length);
  }
  return { nSamples: n, nFeatures, columns, ranks, distinct, maxDistinct };
}

/** Sorts the samples of a node by one feature, through the precomputed ranks. */
export class FeatureSorter {
  /** The ranks of the node's samples read by the last {@link FeatureSorter.gather}, by position. */
  readonly rankBuffer: Int32Array;
  /** The smallest and largest rank read by the last {@link FeatureSorter.gather}. */
  minRank = 0;
  maxRank = 0;
  private readonly data: TreeData;
  private readonly counts: Int32Array;
  private readonly sortedSamples: Int32Array;
  private readonly sortedRanks: Int32Array;
  private readonly keys: Float64Array;
  private readonly keys32: Uint32Array;
  private readonly radixBuffer: Uint32Array;
  private readonly radixCounts = new Int32Array(256);

  constructor(data: TreeData) {
    const n = data.nSamples;
    this.data = data;
    this.rankBuffer = new Int32Array(n);
    this.counts = new Int32Array(data.maxDistinct + 1);
    this.sortedSamples = new Int32Array(n);
    this.sortedRanks = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.keys32 = new Uint32Array(n);
    this.radixBuffer = new Uint32Array(n);
  }

  /**
   * Reads the ranks of feature `f` for samples[start, end) into `rankBuffer` and
   * their range into `minRank`/`maxRank`. Returns false when the feature is
   * constant there (its values span at most 1e-7, see {@link sameFeatureValue}).
   */
  gather(f: number, samples: Int32Array, start: number, end: number): boolean {
    const rankBuffer = this.rankBuffer;
    const ranks = this.data.ranks;
    const base = f * this.data.nSamples;
    let minRank = 0x7fffffff;
    let maxRank = -1;
    for (let p = start; p < end; p++) {
      const r = ranks[base + (samples[p] as number)] as number;
      rankBuffer[p] = r;
      if (r < minRank) minRank = r;
      if (r > maxRank) maxRank = r;
    }
    this.minRank = minRank;
    this.maxRank = maxRank;
    const values = this.data.distinct[f] as Float64Array;
    return !sameFeatureValue(values[minRank] as number, values[maxRank] as number);
  }

  /**
   * Sorts samples[start, end) by the ranks read by {@link FeatureSorter.gather},
   * filling `xf` with the sorted values: a counting sort when the node spans few
   * distinct values, a native sort of packed `rank * n + sample` keys otherwise.
   */
  sort(f: number, samples: Int32Array, start: number, end: number, xf: Float64Array): void {
    const { rankBuffer, minRank, maxRank } = this;
    const n = this.data.nSamples;
    const values = this.data.distinct[f] as Float64Array;
    const m = end - start;
    const span = maxRank - minRank + 1;
    if (span <= 2 * m + 16) {
      const { counts, sortedSamples, sortedRanks } = this;
      counts.fill(0, 0, span + 1);
      for (let p = start; p < end; p++) {
        const k = (rankBuffer[p] as number) - minRank + 1;
        counts[k] = (counts[k] as number) + 1;
      }
      for (let k = 1; k <= span; k++) counts[k] = (counts[k] as number) + (counts[k - 1] as number);
      for (let p = start; p < end; p++) {
        const r = rankBuffer[p] as number;
        const k = r - minRank;
        const dst = start + (counts[k] as number);
        counts[k] = (counts[k] as number) + 1;
        sortedSamples[dst] = samples[p] as number;
        sortedRanks[dst] = r;
      }
      for (let p = start; p < end; p++) {
        samples[p] = sortedSamples[p] as number;
        xf[p] = values[sortedRanks[p] as number] as number;
      }
      return;
    }
    // keys fit 32 bits for most data (sorted by radix, V8's typed-array sort being slow on them); float64 keys are exact below 2^53
    const keyLimit = (maxRank + 1) * n;
    const keys = keyLimit <= 0xffffffff ? this.keys32.subarray(0, m) : this.keys.subarray(0, m);
    for (let p = start; p < end; p++) keys[p - start] = (rankBuffer[p] as number) * n + (samples[p] as number);
    if (keys instanceof Uint32Array && m >= RADIX_MIN) radixSortKeys(keys, this.radixBuffer.subarray(0, m), this.radixCounts, keyLimit);
    else keys.sort();
    for (let q = 0; q < m; q++) {
      const key = keys[q] as number;
      const r = Math.floor(key / n);
      samples[start + q] = key - r * n;
      xf[start + q] = values[r] as number;
    }
  }
}

/** Nodes of at least this many samples sort their keys by radix; smaller ones by the native sort, faster there. */
const RADIX_MIN = 64;

/**
 * Sorts distinct unsigned 32-bit keys below `limit` ascending: least-significant
 * digit first, 8 bits a pass, as many passes as `limit` needs (two buffers swapped;
 * the result ends in `keys`). Exported for its spec.
 */
export function radixSortKeys(keys: Uint32Array, buffer: Uint32Array, counts: Int32Array, limit: number): void {
  const m = keys.length;
  let src = keys;
  let dst = buffer;
  for (let shift = 0; shift < 32 && 2 ** shift < limit; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < m; i++) {
      const d = ((src[i] as number) >>> shift) & 255;
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < m; i++) {
      const key = src[i] as number;
      const d = (key >>> shift) & 255;
      const at = counts[d] as number;
      dst[at] = key;
      counts[d] = at + 1;
    }
    const swapped = src;
    src = dst;
    dst = swapped;
  }
  if (src !== keys) keys.set(src);
}

/**
 * Brute-force k-nearest-neighbour search under the Minkowski distance by an exact scan,
 * written over contiguous `Float64Array`s: the reference every faster search is held
 * to, and the search for p ≠ 2 when no tree is used.
 *
 * For every query row the reduced distance to each training row (`Σ|d|` for p = 1,
 * `Σd²` for p = 2, `Σ|d|^p` otherwise, `max|d|` for p = ∞) is offered to a bounded
 * max-heap of the k nearest so far (no full sort); a row is dropped as soon as its
 * partial sum reaches the k-th smallest, and only the k kept are turned into
 * distances. Ties are broken by the training index: of two points at the same
 * distance, the lower index is nearer.
 */
import type { DenseMatrix } from '../../core/data.js';

/** The k nearest training rows of each query row. */
export interface NearestNeighbors {
  /** The number of neighbours per query. */
  readonly k: number;
  /** `nQueries × k` distances, row-major, nearest first. */
  readonly distances: Float64Array;
  /** `nQueries × k` training-row indices, aligned with `distances`. */
  readonly indices: Int32Array;
}

/** Options for {@link kNearestNeighbors}. */
export interface KNearestNeighborsOptions {
  /**
   * The queries are the training rows themselves: each query's own row is left out
   * (or, when k + 1 points lie at distance 0 from it, its nearest one), as
   * scikit-learn's `kneighbors()` without X does.
   * @default false
   */
  readonly excludeSelf?: boolean;
}

/** How many features are summed between two checks against the current k-th distance. */
const CHECK_EVERY = 16;

/**
 * A bounded max-heap of the k nearest rows seen so far, ordered by (reduced
 * distance, index). Rows are offered in increasing index order, so a row at the
 * same distance as the farthest kept one never enters.
 */
class NearestHeap {
  readonly index: Int32Array;
  readonly reduced: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.index = new Int32Array(k);
    this.reduced = new Float64Array(k);
  }

  reset(): void {
    this.size = 0;
  }

  /** Rows whose reduced distance is at least this cannot enter (Infinity until full). */
  bound(): number {
    return this.size < this.k ? Infinity : this.reduced[0];
  }

  offer(reduced: number, index: number): void {
    if (this.size < this.k) {
      // sift up; the new index is the largest so far, so at an equal distance it is the farther
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (reduced < this.reduced[parent]) break;
        this.reduced[i] = this.reduced[parent];
        this.index[i] = this.index[parent];
        i = parent;
      }
      this.reduced[i] = reduced;
      this.index[i] = index;
    } else if (reduced < this.reduced[0]) {
      this.siftDown(reduced, index, this.k);
    }
  }

  /** Puts (reduced, index) at the root of the first `size` entries and restores the heap. */
  private siftDown(reduced: number, index: number, size: number): void {
    const r = this.reduced;
    const ix = this.index;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && (r[right] > r[left] || (r[right] === r[left] && ix[right] > ix[left])) ? right : left;
      if (!(r[child] > reduced || (r[child] === reduced && ix[child] > index))) break;
      r[i] = r[child];
      ix[i] = ix[child];
      i = child;
    }
    r[i] = reduced;
    ix[i] = index;
  }

  /** Sorts the kept rows nearest first (heap sort, in place). */
  sort(): void {
    for (let size = this.size - 1; size > 0; size--) {
      const reduced = this.reduced[size];
      const index = this.index[size];
      this.reduced[size] = this.reduced[0];
      this.index[size] = this.index[0];
      this.siftDown(reduced, index, size);
    }
  }
}

/**
 * Offers every row of `train` to `heap` for query row `q`. Reduced distances only
 * grow as features are added, so a row is dropped as soon as its partial sum
 * reaches the heap's bound. For p = 1 and 2, four rows are summed side by side
 * (four independent sums run faster than one); every row's terms are added in
 * feature order, so the values do not depend on the blocking.
 */
function scan(train: DenseMatrix, queries: DenseMatrix, q: number, p: number, heap: NearestHeap): void {
  const d = train.columns;
  const t = train.values;
  const x = queries.values;
  const qo = q * d;
  const n = train.rows;
  let j = 0;
  if (p === 1 || p === 2) {
    const squared = p === 2;
    for (; j + 4 <= n; j += 4) {
      const o0 = j * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      const bound = heap.bound();
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let f = 0;
      while (f < d) {
        const end = Math.min(d, f + CHECK_EVERY);
        if (squared) {
          for (; f < end; f++) {
            const v = x[qo + f];
            const a = v - t[o0 + f];
            const b = v - t[o1 + f];
            const c = v - t[o2 + f];
            const e = v - t[o3 + f];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += e * e;
          }
        } else {
          for (; f < end; f++) {
            const v = x[qo + f];
            s0 += Math.abs(v - t[o0 + f]);
            s1 += Math.abs(v - t[o1 + f]);
            s2 += Math.abs(v - t[o2 + f]);
            s3 += Math.abs(v - t[o3 + f]);
          }
        }
        if (s0 >= bound && s1 >= bound && s2 >= bound && s3 >= bound) break;
      }
      if (f < d) continue;
      heap.offer(s0, j);
      heap.offer(s1, j + 1);
      heap.offer(s2, j + 2);
      heap.offer(s3, j + 3);
    }
  }
  // one row at a time: the last rows for p = 1 and 2, every row otherwise
  for (let o = j * d; j < n; j++, o += d) {
    const bound = heap.bound();
    let s = 0;
    let f = 0;
    while (f < d && s < bound) {
      const end = Math.min(d, f + CHECK_EVERY);
      if (p === 2) {
        for (; f < end; f++) {
          const diff = x[qo + f] - t[o + f];
          s += diff * diff;
        }
      } else if (p === 1) {
        for (; f < end; f++) s += Math.abs(x[qo + f] - t[o + f]);
      } else if (p === Infinity) {
        for (; f < end; f++) s = Math.max(s, Math.abs(x[qo + f] - t[o + f]));
      } else {
        for (; f < end; f++) s += Math.abs(x[qo + f] - t[o + f]) ** p;
      }
    }
    if (f === d) heap.offer(s, j);
  }
}

/** The distance from a reduced distance (the p-th root, or the value itself for p = 1 and ∞). */
export function toDistance(reduced: number, p: number): number {
  if (p === 2) return Math.sqrt(reduced);
  if (p === 1 || p === Infinity) return reduced;
  return reduced ** (1 / p);
}

/**
 * The `k` nearest rows of `train` to every row of `queries` under the Minkowski
 * distance of order `p` (p ≥ 1 is a metric; 0 < p < 1 is accepted like
 * scikit-learn does; p = Infinity is the Chebyshev distance), by an exact scan of
 * every training row: the reference the faster searches (`euclidean-kernel.ts`,
 * `kd-tree.ts`) must agree with exactly.
 *
 * The caller checks `1 ≤ k ≤ train.rows` (`k < train.rows` with `excludeSelf`).
 *
 * @example
 * ```ts
 * const train = DenseMatrix.fromRows([[0], [1], [3]]);
 * const { indices, distances } = kNearestNeighbors(train, DenseMatrix.fromRows([[0.9]]), 2, 2);
 * // indices: [1, 0], distances: [0.1, 0.9] (approximately)
 * ```
 */
export function kNearestNeighbors(
  train: DenseMatrix,
  queries: DenseMatrix,
  k: number,
  p: number,
  options: KNearestNeighborsOptions = {},
): NearestNeighbors {
  const excludeSelf = options.excludeSelf ?? false;
  const kk = excludeSelf ? k + 1 : k;
  const { indices, reduced } = exactScan(train, queries, kk, p);
  return toNearestNeighbors(indices, reduced, kk, p, excludeSelf);
}

/**
 * The `k` nearest rows by an exact scan: `nQueries × k` indices and reduced distances
 * (`Σ|d|^p`, or `max|d|` for p = ∞), nearest first, ties by index.
 */
export function exactScan(train: DenseMatrix, queries: DenseMatrix, k: number, p: number): { indices: Int32Array; reduced: Float64Array } {
  const nq = queries.rows;
  const heap = new NearestHeap(k);
  const reduced = new Float64Array(nq * k);
  const indices = new Int32Array(nq * k);
  for (let q = 0; q < nq; q++) {
    heap.reset();
    scan(train, queries, q, p, heap);
    heap.sort();
    indices.set(heap.index, q * k);
    reduced.set(heap.reduced, q * k);
  }
  return { indices, reduced };
}

/**
 * Turns `nQueries × kk` nearest rows (indices and reduced distances, nearest first)
 * into the search result: distances from the reduced ones and, with `excludeSelf`
 * (then kk = k + 1 and query q is training row q), each query's own row left out, or
 * its nearest row when its own is not among the kk (k + 1 points at distance 0).
 */
export function toNearestNeighbors(indices: Int32Array, reduced: Float64Array, kk: number, p: number, excludeSelf: boolean): NearestNeighbors {
  const nq = indices.length / kk;
  if (!excludeSelf) {
    const distances = new Float64Array(reduced.length);
    for (let i = 0; i < reduced.length; i++) distances[i] = toDistance(reduced[i], p);
    return { k: kk, distances, indices };
  }
  const k = kk - 1;
  const outDistances = new Float64Array(nq * k);
  const outIndices = new Int32Array(nq * k);
  for (let q = 0; q < nq; q++) {
    const row = indices.subarray(q * kk, (q + 1) * kk);
    const skip = Math.max(0, row.indexOf(q));
    for (let r = 0, out = q * k; r < kk; r++) {
      if (r === skip) continue;
      outIndices[out] = row[r];
      outDistances[out] = toDistance(reduced[q * kk + r], p);
      out++;
    }
  }
  return { k, distances: outDistances, indices: outIndices };
}

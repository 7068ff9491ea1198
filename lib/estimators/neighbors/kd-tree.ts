/**
 * A k-d tree for nearest-neighbour queries under the Minkowski distance (p ≥ 1):
 * scikit-learn's `KDTree`, which its `algorithm='auto'` picks for at most 15 features.
 *
 * Build: the rows are split at the median of the feature with the widest spread,
 * node after node, into a complete binary tree whose leaves hold at most `leafSize`
 * rows (scikit-learn's layout: node i has children 2i + 1 and 2i + 2, and each node is
 * a contiguous range of a permutation of the rows). Each node keeps the bounding box
 * of its rows; the rows are copied in leaf order, so a leaf is read contiguously.
 *
 * Query: depth first, nearer child first, skipping a node when the smallest reduced
 * distance any point of its box can have is larger than the k-th nearest found so
 * far. The answer is exactly the brute-force scan's (`brute-force.ts`): each distance
 * is summed in feature order with the same operations, and neighbours are ordered by
 * (distance, training index). The box bound is computed with the same operations on
 * the box's edge, so by the monotonicity of IEEE rounding it never exceeds the
 * computed distance of a point inside (for p ∉ {1, 2, ∞}, whose power need not be
 * monotone to the last bit, it is lowered by a relative 1e-12). A node is skipped only
 * when its bound is strictly larger, since a point at an equal distance and a lower
 * index would still enter.
 */
import type { DenseMatrix } from '../../core/data.js';

/** How many features are summed between two checks against the k-th distance. */
const CHECK_EVERY = 8;

/** The default number of rows per leaf (scikit-learn's `leaf_size`). */
export const DEFAULT_LEAF_SIZE = 30;

/** A k-d tree over the rows of a matrix. Build with {@link KDTree.build}. */
export class KDTree {
  /** Rows compared by the current {@link queryRows} call. */
  private scanned = 0;

  private constructor(
    /** The number of features. */
    readonly d: number,
    /** The Minkowski order the bounds are computed for. */
    readonly p: number,
    /** Row indices in leaf order. */
    readonly order: Int32Array,
    /** The rows in leaf order (`order[i]`'s values at `i · d`). */
    readonly data: Float64Array,
    /** Per node, the range of `order` it holds. */
    readonly start: Int32Array,
    readonly end: Int32Array,
    /** Per node, the lower and upper corners of its rows' bounding box (`node · d + f`). */
    readonly low: Float64Array,
    readonly high: Float64Array,
    /** Nodes at index `firstLeaf` and above are leaves. */
    readonly firstLeaf: number,
  ) {}

  /** The number of nodes. */
  get nodes(): number {
    return this.start.length;
  }

  /**
   * Builds the tree over the rows of `X` for the Minkowski distance of order `p` (≥ 1).
   *
   * @example
   * ```ts
   * const tree = KDTree.build(DenseMatrix.fromRows([[0, 0], [1, 1], [5, 5]]), 2, 1);
   * tree.query(DenseMatrix.fromRows([[0.9, 0.9]]), 2).indices; // Int32Array [1, 0]
   * ```
   */
  static build(X: DenseMatrix, p: number, leafSize = DEFAULT_LEAF_SIZE): KDTree {
    const n = X.rows;
    const d = X.columns;
    // scikit-learn's depth: leaves of leafSize to 2·leafSize rows (fewer when n is small)
    const levels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
    const nodes = 2 ** levels - 1;
    const firstLeaf = 2 ** (levels - 1) - 1;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const start = new Int32Array(nodes);
    const end = new Int32Array(nodes);
    const low = new Float64Array(nodes * d);
    const high = new Float64Array(nodes * d);
    const values = X.values;
    const keys = new Float64Array(n);
    start[0] = 0;
    end[0] = n;
    for (let node = 0; node < nodes; node++) {
      const s = start[node];
      const e = end[node];
      boundingBox(values, d, order, s, e, low, high, node * d);
      if (node >= firstLeaf) continue;
      let split = 0;
      for (let f = 1; f < d; f++) {
        if (high[node * d + f] - low[node * d + f] > high[node * d + split] - low[node * d + split]) split = f;
      }
      const mid = s + ((e - s) >> 1);
      for (let i = s; i < e; i++) keys[i] = values[order[i] * d + split];
      selectNth(keys, order, s, e, mid);
      start[2 * node + 1] = s;
      end[2 * node + 1] = mid;
      start[2 * node + 2] = mid;
      end[2 * node + 2] = e;
    }
    const data = new Float64Array(n * d);
    for (let i = 0, o = 0; i < n; i++) for (let f = 0, from = order[i] * d; f < d; f++) data[o++] = values[from + f];
    return new KDTree(d, p, order, data, start, end, low, high, firstLeaf);
  }

  /**
   * The `k` nearest rows to every row of `queries` (1 ≤ k ≤ the number of rows),
   * nearest first, with ties ordered by row index; distances are reduced (the
   * p-th power of the distance for finite p).
   */
  query(queries: DenseMatrix, k: number): { indices: Int32Array; reduced: Float64Array } {
    const m = queries.rows;
    const indices = new Int32Array(m * k);
    const reduced = new Float64Array(m * k);
    this.queryRows(queries, k, 0, m, indices, reduced);
    return { indices, reduced };
  }

  /**
   * {@link query} for the queries `from` to `to − 1` only, written at `q · k` in
   * `indices` and `reduced`. Returns how many training rows were compared with them
   * (a measure of how well the tree prunes these data).
   */
  queryRows(queries: DenseMatrix, k: number, from: number, to: number, indices: Int32Array, reduced: Float64Array): number {
    const heap = new PairHeap(k);
    const stack = new Int32Array(64);
    const stackBound = new Float64Array(64);
    this.scanned = 0;
    for (let q = from; q < to; q++) {
      heap.reset();
      this.search(queries.values, q * this.d, heap, stack, stackBound);
      heap.sortInto(indices, reduced, q * k);
    }
    return this.scanned;
  }

  /** Depth-first search from the root for the query at `x[xo..]`. */
  private search(x: Float64Array, xo: number, heap: PairHeap, stack: Int32Array, stackBound: Float64Array): void {
    let top = 0;
    stack[0] = 0;
    stackBound[0] = this.boxBound(x, xo, 0);
    while (top >= 0) {
      const node = stack[top];
      const bound = stackBound[top];
      top--;
      if (bound > heap.bound()) continue;
      if (node >= this.firstLeaf) {
        this.scanLeaf(x, xo, node, heap);
        continue;
      }
      const left = 2 * node + 1;
      const right = left + 1;
      const leftBound = this.boxBound(x, xo, left);
      const rightBound = this.boxBound(x, xo, right);
      // push the farther child first, so the nearer is searched first
      const leftFirst = leftBound <= rightBound;
      stack[++top] = leftFirst ? right : left;
      stackBound[top] = leftFirst ? rightBound : leftBound;
      stack[++top] = leftFirst ? left : right;
      stackBound[top] = leftFirst ? leftBound : rightBound;
    }
  }

  /**
   * Offers every row of a leaf; a row is dropped once its partial sum (checked every
   * {@link CHECK_EVERY} features) exceeds the k-th distance.
   */
  private scanLeaf(x: Float64Array, xo: number, node: number, heap: PairHeap): void {
    const d = this.d;
    const p = this.p;
    const data = this.data;
    const order = this.order;
    this.scanned += this.end[node] - this.start[node];
    let bound = heap.bound();
    for (let i = this.start[node], o = i * d, end = this.end[node]; i < end; i++, o += d) {
      let s = 0;
      if (p === 2) {
        for (let f = 0; f < d; f++) {
          const diff = x[xo + f] - data[o + f];
          s += diff * diff;
          if ((f & (CHECK_EVERY - 1)) === CHECK_EVERY - 1 && s > bound) break;
        }
      } else {
        s = reducedDistance(x, xo, data, o, d, p, bound);
      }
      if (s <= bound) {
        heap.offer(s, order[i]);
        bound = heap.bound();
      }
    }
  }

  /** A lower bound of the reduced distance from the query to any row in the node's box. */
  private boxBound(x: Float64Array, xo: number, node: number): number {
    const d = this.d;
    const p = this.p;
    const lo = this.low;
    const hi = this.high;
    const base = node * d;
    let s = 0;
    for (let f = 0; f < d; f++) {
      const v = x[xo + f];
      // the same subtraction as for a point on the nearest face: v − edge (its magnitude)
      const gap = v < lo[base + f] ? Math.abs(v - lo[base + f]) : v > hi[base + f] ? Math.abs(v - hi[base + f]) : 0;
      if (p === 2) s += gap * gap;
      else if (p === 1) s += gap;
      else if (p === Infinity) s = Math.max(s, gap);
      else s += gap ** p;
    }
    return p === 1 || p === 2 || p === Infinity ? s : s * (1 - 1e-12);
  }
}

/**
 * The reduced Minkowski distance (p ≠ 2) between `x[xo..]` and `data[o..]`, summed in
 * feature order; stops early (with a partial sum above `bound`) once it exceeds `bound`.
 */
function reducedDistance(x: Float64Array, xo: number, data: Float64Array, o: number, d: number, p: number, bound: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const diff = Math.abs(x[xo + f] - data[o + f]);
    if (p === 1) s += diff;
    else if (p === Infinity) s = Math.max(s, diff);
    else s += diff ** p;
    if ((f & (CHECK_EVERY - 1)) === CHECK_EVERY - 1 && s > bound) break;
  }
  return s;
}

/** Writes the per-feature minimum and maximum of rows `order[s..e)` at `low/high[at..]`. */
function boundingBox(values: Float64Array, d: number, order: Int32Array, s: number, e: number, low: Float64Array, high: Float64Array, at: number): void {
  low.fill(Infinity, at, at + d);
  high.fill(-Infinity, at, at + d);
  for (let i = s; i < e; i++) {
    const o = order[i] * d;
    for (let f = 0; f < d; f++) {
      const v = values[o + f];
      if (v < low[at + f]) low[at + f] = v;
      if (v > high[at + f]) high[at + f] = v;
    }
  }
}

/**
 * Reorders `keys[s..e)`, and `order` alike, so that `keys[nth]` holds the value it would
 * have in sorted order, with no larger key before it and no smaller after (quickselect
 * with median-of-three pivots).
 */
function selectNth(keys: Float64Array, order: Int32Array, s: number, e: number, nth: number): void {
  let lo = s;
  let hi = e - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    // median of three to the middle
    if (keys[mid] < keys[lo]) swap(keys, order, mid, lo);
    if (keys[hi] < keys[lo]) swap(keys, order, hi, lo);
    if (keys[hi] < keys[mid]) swap(keys, order, hi, mid);
    const pivot = keys[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        swap(keys, order, i, j);
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

function swap(keys: Float64Array, order: Int32Array, i: number, j: number): void {
  const k = keys[i];
  keys[i] = keys[j];
  keys[j] = k;
  const t = order[i];
  order[i] = order[j];
  order[j] = t;
}

/** A bounded max-heap of (reduced distance, index) pairs, ordered by distance then index. */
class PairHeap {
  private readonly index: Int32Array;
  private readonly reduced: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.index = new Int32Array(k);
    this.reduced = new Float64Array(k);
  }

  reset(): void {
    this.size = 0;
  }

  /** Rows farther than this cannot enter (a row at exactly this distance may, by index). */
  bound(): number {
    return this.size < this.k ? Infinity : this.reduced[0];
  }

  offer(reduced: number, index: number): void {
    const r = this.reduced;
    const ix = this.index;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!after(reduced, index, r[parent], ix[parent])) break;
        r[i] = r[parent];
        ix[i] = ix[parent];
        i = parent;
      }
      r[i] = reduced;
      ix[i] = index;
    } else if (after(r[0], ix[0], reduced, index)) {
      this.siftDown(reduced, index, this.k);
    }
  }

  private siftDown(reduced: number, index: number, size: number): void {
    const r = this.reduced;
    const ix = this.index;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && after(r[right], ix[right], r[left], ix[left]) ? right : left;
      if (!after(r[child], ix[child], reduced, index)) break;
      r[i] = r[child];
      ix[i] = ix[child];
      i = child;
    }
    r[i] = reduced;
    ix[i] = index;
  }

  /** Empties the heap into `indices/reduced[at..at + k)`, nearest first. */
  sortInto(indices: Int32Array, reduced: Float64Array, at: number): void {
    for (let size = this.size - 1; size >= 0; size--) {
      indices[at + size] = this.index[0];
      reduced[at + size] = this.reduced[0];
      const lastReduced = this.reduced[size];
      const lastIndex = this.index[size];
      this.siftDown(lastReduced, lastIndex, size);
    }
    this.size = 0;
  }
}

/** (a, ai) comes after (b, bi) in (distance, index) order. */
function after(a: number, ai: number, b: number, bi: number): boolean {
  return a > b || (a === b && ai > bi);
}

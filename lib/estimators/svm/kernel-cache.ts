/**
 * The kernel-column cache of the SMO solver: least-recently-used columns of float32
 * values, filled lazily up to the length asked for (libsvm's `Cache`).
 *
 * Every column is an array of the problem's full length; the budget (`cacheSize`
 * megabytes) is counted in whole columns, at least two (the solver holds two at once).
 * Which columns stay cached only changes how often one is recomputed, never a value.
 */

/** A column and how much of it was already filled before this request. */
export interface CachedColumn {
  readonly data: Float32Array;
  /** Values [0, filled) were cached; the caller fills [filled, len). */
  readonly filled: number;
}

const EMPTY = new Float32Array(0);

/** An LRU cache of `size` columns of `size` float32 values each (indices 0 … size−1). */
export class KernelCache {
  private readonly columns: (Float32Array | undefined)[];
  /** The filled length of each column (0: not cached). */
  private readonly length: Int32Array;
  /** The LRU list: a circular doubly linked list through `size` (its head). */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly capacity: number;
  private cached = 0;
  /** Arrays of evicted columns, reused. */
  private readonly spare: Float32Array[] = [];

  /**
   * @param size - the number of variables (columns, and values per column).
   * @param bytes - the budget in bytes (libsvm's cache_size · 2^20).
   */
  constructor(
    readonly size: number,
    bytes: number,
  ) {
    this.columns = new Array<Float32Array | undefined>(size).fill(undefined);
    this.length = new Int32Array(size);
    this.prev = new Int32Array(size + 1);
    this.next = new Int32Array(size + 1);
    this.prev[size] = size;
    this.next[size] = size;
    this.capacity = Math.max(2, Math.floor(bytes / 4 / Math.max(1, size)));
  }

  /** How many columns the budget holds. */
  get columnCapacity(): number {
    return this.capacity;
  }

  /**
   * Column `index`, made the most recently used, with room for `len` values; the
   * caller must fill values [filled, len) before the next request.
   */
  get(index: number, len: number): CachedColumn {
    if (len <= 0) return { data: EMPTY, filled: 0 };
    let data = this.columns[index];
    const had = this.length[index]!;
    if (had > 0) this.unlink(index);
    let filled = had;
    if (data === undefined) {
      data = this.take();
      this.columns[index] = data;
      this.cached++;
    }
    if (len > had) this.length[index] = len;
    else filled = len;
    this.link(index);
    return { data, filled };
  }

  /**
   * Swaps variables i and j: their columns trade places, and every cached column
   * swaps its values i and j (a column filled past the smaller index but not the larger
   * is dropped, as libsvm does).
   */
  swap(i: number, j: number): void {
    if (i === j) return;
    const li = this.length[i]!;
    const lj = this.length[j]!;
    if (li > 0) this.unlink(i);
    if (lj > 0) this.unlink(j);
    const ci = this.columns[i];
    this.columns[i] = this.columns[j];
    this.columns[j] = ci;
    this.length[i] = lj;
    this.length[j] = li;
    if (lj > 0) this.link(i);
    if (li > 0) this.link(j);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const head = this.size;
    for (let h = this.next[head]!; h !== head; ) {
      const after = this.next[h]!;
      const len = this.length[h]!;
      if (len > lo) {
        const data = this.columns[h]!;
        if (len > hi) {
          const t = data[lo]!;
          data[lo] = data[hi]!;
          data[hi] = t;
        } else {
          this.drop(h);
        }
      }
      h = after;
    }
  }

  /** A column array: a new one while under capacity, else the least recently used one's. */
  private take(): Float32Array {
    if (this.cached < this.capacity) return this.spare.pop() ?? new Float32Array(this.size);
    this.drop(this.next[this.size]!);
    return this.spare.pop()!;
  }

  private drop(h: number): void {
    this.unlink(h);
    this.spare.push(this.columns[h]!);
    this.columns[h] = undefined;
    this.length[h] = 0;
    this.cached--;
  }

  private unlink(h: number): void {
    const p = this.prev[h]!;
    const n = this.next[h]!;
    this.next[p] = n;
    this.prev[n] = p;
  }

  /** Inserts h as the most recently used. */
  private link(h: number): void {
    const head = this.size;
    const last = this.prev[head]!;
    this.next[last] = h;
    this.prev[h] = last;
    this.next[h] = head;
    this.prev[head] = h;
  }
}

/**
 * The kernel-column cache of the SMO solver: least-recently-used columns of float32
 * values, filled lazily up to the length asked for (libsvm's `Cache`), in one slab of
 * the WebAssembly kernels' memory so the kernels write and read the columns in place.
 *
 * The slab holds `capacity` columns of the problem's full length (the budget, libsvm's
 * `cacheSize` MB, is counted in whole columns, at least two since the solver holds two
 * at once). Which columns stay cached only changes how often one is recomputed, never
 * a value.
 */
import { heapViews, svmKernels } from './wasm-kernels.js';

/** Bytes in a megabyte, as libsvm counts `cache_size`. */
const MEGABYTE = 1 << 20;

/** An LRU cache of float32 columns of `size` values for indices 0 … size−1. Free with {@link KernelCache.dispose}. */
export class KernelCache {
  /** The slab slot of each index's column (−1: not cached). */
  private readonly slot: Int32Array;
  /** The filled length of each index's column (0: not cached). */
  private readonly length: Int32Array;
  /** The LRU list: a circular doubly linked list through `size` (its head). */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Slots not holding a column. */
  private readonly freeSlots: Int32Array;
  private freeCount: number;
  /** Swaps not yet applied to the cached values: (lower, higher) pairs, in order. */
  private pending: number[] = [];
  /** How many values of the column returned by the last {@link get} were already filled. */
  filled = 0;
  /** Byte address of the slab: `capacity` columns of `size` float32 values. */
  readonly slabAddress: number;
  /** The swap kernel's work arrays (i32): the columns' slots, lengths and drop flags, then swap pairs. */
  private readonly work: number;

  /**
   * A cache for up to `columns` columns within `cacheSize` MB (at least two columns),
   * with fewer columns when the kernels' memory cannot grow that far.
   */
  static allocate(size: number, columns: number, cacheSize: number): KernelCache {
    let capacity = Math.max(2, Math.min(columns, Math.floor((cacheSize * MEGABYTE) / 4 / Math.max(1, size))));
    for (;;) {
      try {
        return new KernelCache(size, capacity);
      } catch (error) {
        if (!(error instanceof RangeError) || capacity <= 2) throw error;
        capacity = Math.max(2, capacity >> 1);
      }
    }
  }

  /**
   * @param size - the number of indices (columns, and values per column).
   * @param capacity - the number of columns held (at least 2).
   */
  constructor(
    readonly size: number,
    readonly capacity: number,
  ) {
    this.slabAddress = svmKernels.alloc(capacity * size * 4 + 16);
    try {
      this.work = svmKernels.alloc((3 * capacity + 2 * size) * 4 + 16);
    } catch (error) {
      svmKernels.release(this.slabAddress);
      throw error;
    }
    this.slot = new Int32Array(size).fill(-1);
    this.length = new Int32Array(size);
    this.prev = new Int32Array(size + 1);
    this.next = new Int32Array(size + 1);
    this.prev[size] = size;
    this.next[size] = size;
    this.freeSlots = new Int32Array(capacity);
    for (let k = 0; k < capacity; k++) this.freeSlots[k] = capacity - 1 - k;
    this.freeCount = capacity;
  }

  /** Frees the slab (the cache is unusable afterwards). */
  dispose(): void {
    svmKernels.release(this.work);
    svmKernels.release(this.slabAddress);
  }

  /**
   * The byte address of column `index`, made the most recently used, with room for
   * `len` values; {@link filled} tells how many were cached. The caller fills values
   * [filled, len) before the next request.
   */
  get(index: number, len: number): number {
    if (this.pending.length > 0) this.applySwaps();
    const had = this.length[index]!;
    if (had > 0) this.unlink(index);
    else if (len > 0) {
      this.slot[index] = this.takeSlot();
    }
    if (len > had) {
      this.length[index] = len;
      this.filled = had;
    } else {
      this.filled = len;
    }
    if (this.length[index]! > 0) this.link(index);
    return this.slabAddress + this.slot[index]! * this.size * 4;
  }

  /**
   * Swaps indices i and j: their columns trade places, and every cached column swaps
   * its values i and j (a column filled past the smaller index but not the larger is
   * dropped, as libsvm does). The value swaps are applied in one pass per column at
   * the next {@link get}.
   */
  swap(i: number, j: number): void {
    if (i === j) return;
    const li = this.length[i]!;
    const lj = this.length[j]!;
    if (li > 0) this.unlink(i);
    if (lj > 0) this.unlink(j);
    const si = this.slot[i]!;
    this.slot[i] = this.slot[j]!;
    this.slot[j] = si;
    this.length[i] = lj;
    this.length[j] = li;
    if (lj > 0) this.link(i);
    if (li > 0) this.link(j);
    this.pending.push(Math.min(i, j), Math.max(i, j));
  }

  /** Applies the pending swaps to every cached column, in one kernel call. */
  private applySwaps(): void {
    const pending = this.pending;
    this.pending = [];
    const cap = this.capacity;
    const slots = this.work;
    const lens = slots + cap * 4;
    const dropped = lens + cap * 4;
    const pairs = dropped + cap * 4;
    const { i32 } = heapViews();
    const columns: number[] = [];
    const head = this.size;
    for (let h = this.next[head]!; h !== head; h = this.next[h]!) {
      i32[(slots >> 2) + columns.length] = this.slot[h]!;
      i32[(lens >> 2) + columns.length] = this.length[h]!;
      columns.push(h);
    }
    i32.set(pending, pairs >> 2);
    svmKernels.exports.apply_swaps(this.slabAddress, this.size, slots, lens, columns.length, pairs, pending.length >> 1, dropped);
    columns.forEach((h, c) => {
      if (i32[(dropped >> 2) + c]) this.drop(h);
    });
  }

  /** A free slot, evicting the least recently used column when none is left. */
  private takeSlot(): number {
    if (this.freeCount === 0) this.drop(this.next[this.size]!);
    return this.freeSlots[--this.freeCount]!;
  }

  private drop(h: number): void {
    this.unlink(h);
    this.freeSlots[this.freeCount++] = this.slot[h]!;
    this.slot[h] = -1;
    this.length[h] = 0;
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

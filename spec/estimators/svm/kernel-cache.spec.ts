import { afterEach, describe, expect, it } from 'vitest';
import { KernelCache } from '../../../lib/estimators/svm/kernel-cache.js';
import { heapViews, svmKernels } from '../../../lib/estimators/svm/wasm-kernels.js';

describe('KernelCache', () => {
  const size = 5;
  const made: KernelCache[] = [];
  afterEach(() => {
    for (const c of made.splice(0)) c.dispose();
  });

  const cache = (capacity: number): KernelCache => {
    const c = new KernelCache(size, capacity);
    made.push(c);
    return c;
  };
  /** Fills [filled, len) of column `index` with 10·index + position, as a kernel would. */
  const fetch = (c: KernelCache, index: number, len: number): { address: number; filled: number } => {
    const address = c.get(index, len);
    const filled = c.filled;
    const f32 = heapViews().f32;
    for (let k = filled; k < len; k++) f32[(address >> 2) + k] = 10 * index + k;
    return { address, filled };
  };
  const values = (address: number, len: number): number[] => Array.from(heapViews().f32.subarray(address >> 2, (address >> 2) + len));

  it('fills a column once and extends it to a longer length', () => {
    const c = cache(3);
    expect(fetch(c, 2, 3).filled).toBe(0);
    expect(fetch(c, 2, 2).filled).toBe(2);
    const { address, filled } = fetch(c, 2, 5);
    expect(filled).toBe(3);
    expect(values(address, 5)).toEqual([20, 21, 22, 23, 24]);
  });

  it('evicts the least recently used column when full', () => {
    const c = cache(2);
    fetch(c, 0, 5);
    fetch(c, 1, 5);
    fetch(c, 0, 5); // 1 is now the least recently used
    fetch(c, 3, 5);
    expect(fetch(c, 0, 5).filled).toBe(5);
    expect(fetch(c, 1, 5).filled).toBe(0);
  });

  it('swaps columns and their values, dropping a column filled between the two indices', () => {
    const c = cache(5);
    fetch(c, 0, 5);
    fetch(c, 1, 3); // filled past index 1 but not past 4: dropped by swap(1, 4)
    fetch(c, 4, 1); // filled up to index 0 only: its values are untouched
    c.swap(1, 4);
    c.swap(3, 2);
    // column 0 swapped its values 1 ↔ 4, then 2 ↔ 3
    const full = fetch(c, 0, 5);
    expect(full.filled).toBe(5);
    expect(values(full.address, 5)).toEqual([0, 4, 3, 2, 1]);
    // column 4 moved to index 1
    const short = fetch(c, 1, 1);
    expect(short.filled).toBe(1);
    expect(values(short.address, 1)).toEqual([40]);
    // column 1 (now at index 4) was dropped
    expect(fetch(c, 4, 1).filled).toBe(0);
  });

  it('holds at least two columns, and what the budget allows', () => {
    const small = KernelCache.allocate(size, size, 1e-9);
    made.push(small);
    expect(small.capacity).toBe(2);
    const large = KernelCache.allocate(size, size, 1);
    made.push(large);
    expect(large.capacity).toBe(size);
  });

  it('frees its memory', () => {
    const before = svmKernels.bytesInUse;
    new KernelCache(size, 3).dispose();
    expect(svmKernels.bytesInUse).toBe(before);
  });
});

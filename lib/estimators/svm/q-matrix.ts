/**
 * libsvm's Q matrices for the SMO solver: classification's Q_ij = y_i y_j K(x_i, x_j)
 * and epsilon-SVR's 2l × 2l matrix over (α, α*), both served from an LRU cache of
 * float32 kernel columns that the WebAssembly kernels compute in place on demand.
 */
import { KernelCache } from './kernel-cache.js';
import type { QMatrix } from './smo-solver.js';
import type { ProblemKernel } from './training-kernel.js';
import { heapViews, svmKernels } from './wasm-kernels.js';

/**
 * Classification: Q_ij = y_i y_j K(x_i, x_j), with the signs inside the kernel rows.
 * Swapping two variables swaps their rows, signs and cached values.
 */
export class ClassificationQ implements QMatrix {
  private readonly cache: KernelCache;

  /**
   * @param kernel - the problem's rows, with their signs y.
   * @param cacheSize - the cache budget in MB.
   */
  constructor(
    private readonly kernel: ProblemKernel,
    cacheSize: number,
  ) {
    this.cache = KernelCache.allocate(kernel.size, kernel.size, cacheSize);
  }

  diagonal(): Float64Array {
    return this.kernel.diagonal();
  }

  column(i: number, len: number): number {
    const cache = this.cache;
    const ptr = cache.get(i, len);
    if (cache.filled < len) this.kernel.row(i, cache.filled, len, ptr);
    return ptr;
  }

  swap(i: number, j: number): void {
    this.cache.swap(i, j);
    this.kernel.swap(i, j);
  }

  dispose(): void {
    this.cache.dispose();
  }
}

/**
 * Epsilon-SVR's Q over 2l variables: variable k < l is α_k (sign +1), k + l is α*_k
 * (sign −1), both on row k, so Q_ab = s_a s_b K(x_row(a), x_row(b)). Kernel rows are
 * cached by data row in the original order; a column is gathered into one of two
 * buffers, in the variables' current order, and served again from there while no
 * swap has happened (the solver asks for the same column twice an iteration).
 */
export class RegressionQ implements QMatrix {
  private readonly cache: KernelCache;
  private readonly l: number;
  /** Sign (f32) and row (i32) per variable, and the two column buffers (f32, 2l each). */
  private readonly sign: number;
  private readonly row: number;
  private readonly buffers: [number, number];
  /** What each buffer holds: the variable, the length, and the swap count then. */
  private readonly held = [
    { variable: -1, len: 0, swaps: -1 },
    { variable: -1, len: 0, swaps: -1 },
  ];
  /** The buffer returned last (the solver may still hold it). */
  private last = 0;
  private swaps = 0;

  /**
   * @param kernel - the problem's l rows, without signs.
   * @param cacheSize - the cache budget in MB.
   */
  constructor(
    private readonly kernel: ProblemKernel,
    cacheSize: number,
  ) {
    const l = kernel.size;
    this.l = l;
    this.cache = KernelCache.allocate(l, l, cacheSize);
    const k = svmKernels;
    this.sign = k.alloc(2 * l * 4 + 16);
    this.row = k.alloc(2 * l * 4 + 16);
    this.buffers = [k.alloc(2 * l * 4 + 16), k.alloc(2 * l * 4 + 16)];
    const { f32, i32 } = heapViews();
    for (let r = 0; r < l; r++) {
      f32[(this.sign >> 2) + r] = 1;
      f32[(this.sign >> 2) + r + l] = -1;
      i32[(this.row >> 2) + r] = r;
      i32[(this.row >> 2) + r + l] = r;
    }
  }

  diagonal(): Float64Array {
    const k = this.kernel.diagonal();
    const out = new Float64Array(2 * this.l);
    out.set(k);
    out.set(k, this.l);
    return out;
  }

  column(i: number, len: number): number {
    for (const b of [this.last, 1 - this.last]) {
      const held = this.held[b]!;
      if (held.variable === i && held.len >= len && held.swaps === this.swaps) {
        this.last = b;
        return this.buffers[b]!;
      }
    }
    const l = this.l;
    const real = heapViews().i32[(this.row >> 2) + i]!;
    const cache = this.cache;
    const data = cache.get(real, l);
    if (cache.filled < l) this.kernel.row(real, cache.filled, l, data);
    // the other buffer than the one returned last, which the solver may still hold
    const b = 1 - this.last;
    const out = this.buffers[b]!;
    const s = heapViews().f32[(this.sign >> 2) + i]!;
    svmKernels.exports.gather_signed(data, this.row, this.sign, s, len, out);
    this.held[b] = { variable: i, len, swaps: this.swaps };
    this.last = b;
    return out;
  }

  swap(i: number, j: number): void {
    this.swaps++;
    const { f32, i32 } = heapViews();
    swapAt(f32, (this.sign >> 2) + i, (this.sign >> 2) + j);
    swapAt(i32, (this.row >> 2) + i, (this.row >> 2) + j);
  }

  dispose(): void {
    const k = svmKernels;
    k.release(this.buffers[1]);
    k.release(this.buffers[0]);
    k.release(this.row);
    k.release(this.sign);
    this.cache.dispose();
  }
}

function swapAt(a: Float32Array | Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * libsvm's Q matrices for the SMO solver: classification's Q_ij = y_i y_j K(x_i, x_j)
 * and epsilon-SVR's 2l × 2l matrix over (α, α*), both served from an LRU cache of
 * float32 kernel columns computed on demand by the WebAssembly kernels.
 */
import { KernelCache } from './kernel-cache.js';
import type { QMatrix } from './smo-solver.js';
import type { TrainingKernel } from './wasm-kernels.js';

/** Bytes in a megabyte, as libsvm counts `cache_size`. */
const MEGABYTE = 1 << 20;

/**
 * Classification: Q_ij = y_i y_j K(x_i, x_j), with the signs inside the kernel rows.
 * Swapping two variables swaps their rows, signs, diagonal and cached values.
 */
export class ClassificationQ implements QMatrix {
  readonly diagonal: Float64Array;
  private readonly cache: KernelCache;

  /**
   * @param kernel - the problem's rows, with their signs y.
   * @param cacheSize - the cache budget in MB.
   */
  constructor(
    private readonly kernel: TrainingKernel,
    cacheSize: number,
  ) {
    this.diagonal = kernel.diagonal();
    this.cache = new KernelCache(kernel.size, cacheSize * MEGABYTE);
  }

  column(i: number, len: number): Float32Array {
    const { data, filled } = this.cache.get(i, len);
    if (filled < len) this.kernel.row(i, filled, len, data);
    return data;
  }

  swap(i: number, j: number): void {
    this.cache.swap(i, j);
    this.kernel.swap(i, j);
    const d = this.diagonal;
    const t = d[i]!;
    d[i] = d[j]!;
    d[j] = t;
  }
}

/**
 * Epsilon-SVR's Q over 2l variables: variable k < l is α_k (sign +1), k + l is α*_k
 * (sign −1), both on row k, so Q_ab = s_a s_b K(x_row(a), x_row(b)). Kernel rows are
 * cached by data row in the original order; a column is gathered into one of two
 * alternating buffers, in the variables' current order.
 */
export class RegressionQ implements QMatrix {
  readonly diagonal: Float64Array;
  private readonly cache: KernelCache;
  private readonly sign: Int8Array;
  private readonly row: Int32Array;
  private readonly buffers: [Float32Array, Float32Array];
  private next = 0;

  /**
   * @param kernel - the problem's l rows, without signs.
   * @param cacheSize - the cache budget in MB.
   */
  constructor(
    private readonly kernel: TrainingKernel,
    cacheSize: number,
  ) {
    const l = kernel.size;
    const k = kernel.diagonal();
    this.diagonal = new Float64Array(2 * l);
    this.sign = new Int8Array(2 * l);
    this.row = new Int32Array(2 * l);
    for (let r = 0; r < l; r++) {
      this.sign[r] = 1;
      this.sign[r + l] = -1;
      this.row[r] = r;
      this.row[r + l] = r;
      this.diagonal[r] = k[r]!;
      this.diagonal[r + l] = k[r]!;
    }
    this.cache = new KernelCache(l, cacheSize * MEGABYTE);
    this.buffers = [new Float32Array(2 * l), new Float32Array(2 * l)];
  }

  column(i: number, len: number): Float32Array {
    const l = this.kernel.size;
    const real = this.row[i]!;
    const { data, filled } = this.cache.get(real, l);
    if (filled < l) this.kernel.row(real, filled, l, data);
    const out = this.buffers[this.next]!;
    this.next = 1 - this.next;
    const { sign, row } = this;
    const si = sign[i]!;
    for (let j = 0; j < len; j++) out[j] = si * sign[j]! * data[row[j]!]!;
    return out;
  }

  swap(i: number, j: number): void {
    swapValues(this.sign, i, j);
    swapValues(this.row, i, j);
    swapValues(this.diagonal, i, j);
  }
}

function swapValues(a: Int8Array | Int32Array | Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

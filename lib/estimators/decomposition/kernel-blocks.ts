/**
 * Matrices held in the dense WebAssembly kernels' memory (`lib/core/kernels/dense.ts`)
 * for the randomized SVD: blocks with a leading dimension rounded up to 4 and zero
 * padding, products `PᵀQ` by the kernels' 4 × 4 SIMD blocks, and transposes. Every
 * block is freed with {@link KernelBlock.dispose} (the caller keeps a list and frees
 * them in a `finally`).
 */
import { denseKernels } from '../../core/kernels/dense.js';

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** Projections (rows × features × components) at or above this many products go to the kernels. */
export const KERNEL_PROJECTION_WORK = 100_000;

/** A row-major `rows × cols` matrix at `ptr` in the dense kernels' memory, rows `ld` values apart. */
export class KernelBlock {
  private disposed = false;

  private constructor(
    readonly ptr: number,
    readonly rows: number,
    readonly cols: number,
    readonly ld: number,
  ) {}

  /** A zero block (room for `roundUp4(rows)` rows plus slack, as the 4 × 4 kernels need). */
  static zeros(rows: number, cols: number): KernelBlock {
    const ld = roundUp4(cols);
    const length = roundUp4(rows) * ld + 4;
    const ptr = denseKernels.alloc(length * 8);
    denseKernels.f64(ptr, length).fill(0);
    return new KernelBlock(ptr, rows, cols, ld);
  }

  /** Copies a row-major `rows × cols` array in. */
  static from(values: ArrayLike<number>, rows: number, cols: number): KernelBlock {
    const block = KernelBlock.zeros(rows, cols);
    const view = denseKernels.f64(block.ptr, rows * block.ld);
    if (block.ld === cols) view.set(values as Float64Array);
    else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) view[i * block.ld + j] = values[i * cols + j] as number;
    return block;
  }

  /** The values, row-major `rows × cols` (a copy). */
  toArray(): Float64Array {
    const view = denseKernels.f64(this.ptr, this.rows * this.ld);
    if (this.ld === this.cols) return view.slice();
    const out = new Float64Array(this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) out.set(view.subarray(i * this.ld, i * this.ld + this.cols), i * this.cols);
    return out;
  }

  /** Frees the block (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    denseKernels.release(this.ptr);
  }
}

/**
 * PᵀQ (`P.cols × Q.cols`), summed over the rows P and Q share; with `upper`, only
 * the upper triangle is computed and then mirrored (P = Q gives a Gram matrix).
 */
export function productTN(P: KernelBlock, Q: KernelBlock, upper = false): KernelBlock {
  if (P.rows !== Q.rows) throw new Error(`productTN: ${P.rows} rows against ${Q.rows}`);
  const C = KernelBlock.zeros(P.cols, Q.cols);
  denseKernels.exports.gemm_tn(P.ptr, P.ld, Q.ptr, Q.ld, P.rows, P.cols, Q.cols, C.ptr, C.ld, upper ? 1 : 0);
  const view = denseKernels.f64(C.ptr, roundUp4(C.rows) * C.ld);
  // clear what the 4 × 4 blocks wrote beyond the matrix, and mirror the upper triangle
  for (let i = 0; i < C.rows; i++) {
    for (let j = C.cols; j < C.ld; j++) view[i * C.ld + j] = 0;
    if (upper) for (let j = 0; j < i; j++) view[i * C.ld + j] = view[j * C.ld + i] as number;
  }
  view.fill(0, C.rows * C.ld);
  return C;
}

/** Subtracts each column's mean (numpy's running sum down the rows, over n) in place; returns the means. */
export function centerColumns(A: KernelBlock): Float64Array {
  const kernels = denseKernels;
  return kernels.scoped((alloc) => {
    const sumPtr = alloc((A.cols + 1) * 8);
    kernels.exports.column_sums(A.ptr, A.rows, A.cols, A.ld, sumPtr);
    const mean = kernels.f64(sumPtr, A.cols).slice();
    for (let j = 0; j < A.cols; j++) mean[j] = (mean[j] as number) / A.rows;
    const meanPtr = alloc(A.cols * 8);
    kernels.f64(meanPtr, A.cols).set(mean);
    kernels.exports.subtract_row_vector(A.ptr, A.rows, A.cols, A.ld, meanPtr);
    return mean;
  });
}

/** Aᵀ as a new block. */
export function transposed(A: KernelBlock): KernelBlock {
  const T = KernelBlock.zeros(A.cols, A.rows);
  denseKernels.exports.transpose(A.ptr, A.rows, A.cols, A.ld, T.ptr, T.ld);
  return T;
}

/**
 * (X − mean) Cᵀ for a row-major `n × p` X, `k × p` components C and optional means:
 * X is copied in, centred and transposed, and multiplied on the SIMD blocks.
 */
export function projectOnKernels(X: Float64Array, n: number, p: number, mean: Float64Array | undefined, components: Float64Array, k: number): Float64Array {
  const blocks: KernelBlock[] = [];
  try {
    const Xb = KernelBlock.from(X, n, p);
    blocks.push(Xb);
    if (mean !== undefined) {
      denseKernels.scoped((alloc) => {
        const meanPtr = alloc(p * 8);
        denseKernels.f64(meanPtr, p).set(mean);
        denseKernels.exports.subtract_row_vector(Xb.ptr, n, p, Xb.ld, meanPtr);
      });
    }
    const Xt = transposed(Xb);
    blocks.push(Xt);
    const Ct = KernelBlock.zeros(p, k);
    blocks.push(Ct);
    const view = denseKernels.f64(Ct.ptr, p * Ct.ld);
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) view[j * Ct.ld + c] = components[c * p + j] as number;
    const product = productTN(Xt, Ct);
    blocks.push(product);
    return product.toArray();
  } finally {
    for (const b of blocks) b.dispose();
  }
}

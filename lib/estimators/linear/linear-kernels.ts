/**
 * The WebAssembly kernels of the linear models (`wasm/assembly/linear.ts`) and the
 * rows they work on: {@link KernelRows} copies a matrix (or a subset of its rows, e.g.
 * a training fold, gathered by index) into the kernels' memory once per fit.
 */
import type { DenseMatrix } from '../../core/data.js';
import { WASM_BASE64 } from '../../core/kernels/generated/linear.js';
import { WasmKernelModule, type KernelExports } from '../../core/kernels/wasm-module.js';

/** The exports of `wasm/assembly/linear.ts` (pointers are byte offsets). */
export interface LinearExports extends KernelExports {
  gram_chunk(x: number, rows: number, p: number, shift: number, y: number, yshift: number, aug: number, ld: number, g: number): void;
  qr_chunk(x: number, rows: number, p: number, shift: number, y: number, yshift: number, intercept: number, aug: number, ld: number, r: number, s: number): void;
  binary_logistic(x: number, n: number, p: number, w: number, b: number, y: number, sw: number, grad: number): number;
  multinomial_logistic(
    x: number, n: number, p: number, K: number, w: number, block: number, intercept: number,
    codes: number, sw: number, grad: number, scratch: number, proba: number,
  ): number;
  linear_predict(x: number, rows: number, p: number, w: number, b: number, out: number): void;
  exp_nonpositive(t: number): number;
  log1p_unit(u: number): number;
}

/** The linear models' kernel module (instantiated on first use). */
export const linearKernels = new WasmKernelModule<LinearExports>('linear', WASM_BASE64);

/** Bytes of slack after a matrix: the 4 × 4 blocks may read up to 24 bytes past its end. */
export const KERNEL_SLACK = 32;

/** The rows of a matrix in the kernels' memory, row-major. Free with {@link KernelRows.dispose}. */
export class KernelRows {
  private disposed = false;

  private constructor(
    /** Address of the first value. */
    readonly ptr: number,
    readonly rows: number,
    readonly columns: number,
  ) {}

  /** Copies `X` (or its rows listed in `rows`, in that order) into the kernels' memory. */
  static from(X: DenseMatrix, rows?: ArrayLike<number>): KernelRows {
    const p = X.columns;
    const count = rows === undefined ? X.rows : rows.length;
    const ptr = linearKernels.alloc(count * p * 8 + KERNEL_SLACK);
    const view = linearKernels.f64(ptr, count * p);
    if (rows === undefined) view.set(X.values);
    else copyRows(X.values, p, rows, view);
    return new KernelRows(ptr, count, p);
  }

  /** Frees the kernel memory (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    linearKernels.release(this.ptr);
  }
}

/** out[k·p .. (k+1)·p) = the row `rows[k]` of the row-major `values`. */
export function copyRows(values: Float64Array, p: number, rows: ArrayLike<number>, out: Float64Array, from = 0, to = rows.length): void {
  let o = 0;
  for (let k = from; k < to; k++) {
    const s = (rows[k] as number) * p;
    for (let j = 0; j < p; j++) out[o + j] = values[s + j] as number;
    o += p;
  }
}

/** Rows per kernel call in {@link kernelLinearPredict}. */
const PREDICT_CHUNK_ROWS = 1024;

/** `X · coef + intercept` on the kernels, the rows copied in by chunks. */
export function kernelLinearPredict(X: DenseMatrix, coef: Float64Array, intercept: number): Float64Array {
  return kernelLinearScores(X, [coef], [intercept]);
}

/**
 * `X · coefsᵀ + intercepts` on the kernels: row-major `n × coefs.length` (one score per
 * model and row), the rows copied in by chunks.
 */
export function kernelLinearScores(X: DenseMatrix, coefs: readonly Float64Array[], intercepts: ArrayLike<number>): Float64Array {
  const n = X.rows;
  const p = X.columns;
  const m = coefs.length;
  const out = new Float64Array(n * m);
  const k = linearKernels;
  k.scoped((alloc) => {
    const chunk = Math.min(PREDICT_CHUNK_ROWS, Math.max(n, 1));
    const xs = alloc(chunk * p * 8);
    const zs = alloc(chunk * 8);
    const ws = alloc(m * p * 8);
    const xView = k.f64(xs, chunk * p);
    const zView = k.f64(zs, chunk);
    const wView = k.f64(ws, m * p);
    coefs.forEach((coef, c) => wView.set(coef, c * p));
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(n, r0 + chunk) - r0;
      xView.set(X.values.subarray(r0 * p, (r0 + rows) * p));
      for (let c = 0; c < m; c++) {
        k.exports.linear_predict(xs, rows, p, ws + c * p * 8, intercepts[c] as number, zs);
        if (m === 1) out.set(zView.subarray(0, rows), r0);
        else for (let r = 0; r < rows; r++) out[(r0 + r) * m + c] = zView[r] as number;
      }
    }
  });
  return out;
}

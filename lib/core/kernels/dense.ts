/**
 * Dense float64 linear algebra on the WebAssembly SIMD kernels of
 * `wasm/assembly/dense.ts`: XᵀX (centred or not), matrix–vector products and
 * AᵀB-style products, for the estimators' hot loops.
 *
 * The data is copied once into the kernels' memory as a {@link KernelMatrix} (optionally
 * a subset of rows, e.g. a training fold, gathered by index), worked on there, and
 * released with {@link KernelMatrix.dispose} (use `try`/`finally`).
 */
import type { DenseMatrix } from '../data.js';
import { WASM_BASE64 } from './generated/dense.js';
import { WasmKernelModule, type KernelExports } from './wasm-module.js';

interface DenseExports extends KernelExports {
  gemm_tn(p: number, ldp: number, q: number, ldq: number, nr: number, m: number, n: number, c: number, ldc: number, upper: number): void;
  column_sums(x: number, n: number, cols: number, ldx: number, out: number): void;
  subtract_row_vector(x: number, n: number, cols: number, ldx: number, v: number): void;
  gemv_n(x: number, n: number, cols: number, ldx: number, w: number, y: number): void;
  gemv_t(x: number, n: number, cols: number, ldx: number, v: number, out: number): void;
  gather_rows(src: number, lds: number, cols: number, idx: number, count: number, dst: number, ldd: number): void;
  transpose(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void;
}

/** The dense kernels' module (instantiated on first use). */
export const denseKernels = new WasmKernelModule<DenseExports>('dense', WASM_BASE64);

/** Bytes of slack after every matrix: the 4 × 4 blocks may read up to 24 bytes past its end. */
const SLACK = 32;

const roundUp4 = (n: number): number => (n + 3) & ~3;

/**
 * Rows of a matrix held in the kernels' memory (row-major, `columns` values per row).
 * Build with {@link KernelMatrix.from}; free with {@link KernelMatrix.dispose}.
 */
export class KernelMatrix {
  private disposed = false;

  private constructor(
    /** Address of the first value. */
    readonly ptr: number,
    readonly rows: number,
    readonly columns: number,
  ) {}

  /**
   * Copies `X` (or the rows of `X` listed in `rows`, in that order) into the kernels'
   * memory.
   */
  static from(X: DenseMatrix, rows?: ArrayLike<number>): KernelMatrix {
    const k = denseKernels;
    const p = X.columns;
    if (rows === undefined) {
      const ptr = k.alloc(X.values.length * 8 + SLACK);
      k.f64(ptr, X.values.length).set(X.values);
      return new KernelMatrix(ptr, X.rows, p);
    }
    const count = rows.length;
    const ptr = k.alloc(count * p * 8 + SLACK);
    k.scoped((alloc) => {
      const src = alloc(X.values.length * 8);
      const idx = alloc(count * 4);
      k.f64(src, X.values.length).set(X.values);
      k.i32(idx, count).set(rows);
      k.exports.gather_rows(src, p, p, idx, count, ptr, p);
    });
    return new KernelMatrix(ptr, count, p);
  }

  /** Builds from a plain row-major array of `rows` × `columns` values. */
  static fromValues(values: Float64Array, rows: number, columns: number): KernelMatrix {
    const ptr = denseKernels.alloc(rows * columns * 8 + SLACK);
    denseKernels.f64(ptr, rows * columns).set(values.subarray(0, rows * columns));
    return new KernelMatrix(ptr, rows, columns);
  }

  /** A view of the values (valid until the next kernel allocation). */
  view(): Float64Array {
    return denseKernels.f64(this.ptr, this.rows * this.columns);
  }

  /** The column means. */
  columnMeans(): Float64Array {
    const p = this.columns;
    return denseKernels.scoped((alloc) => {
      const out = alloc((p + 1) * 8);
      denseKernels.exports.column_sums(this.ptr, this.rows, p, p, out);
      const means = denseKernels.f64(out, p).slice();
      for (let j = 0; j < p; j++) means[j] = (means[j] as number) / this.rows;
      return means;
    });
  }

  /** Subtracts `v[j]` from every value of column j, in place. */
  subtractFromRows(v: Float64Array): void {
    denseKernels.scoped((alloc) => {
      const ptr = alloc(this.columns * 8);
      denseKernels.f64(ptr, this.columns).set(v);
      denseKernels.exports.subtract_row_vector(this.ptr, this.rows, this.columns, this.columns, ptr);
    });
  }

  /** XᵀX as a full, symmetric p × p row-major array. */
  gram(): Float64Array {
    const p = this.columns;
    const ld = roundUp4(p);
    return denseKernels.scoped((alloc) => {
      const c = alloc(ld * ld * 8);
      denseKernels.f64(c, ld * ld).fill(0);
      denseKernels.exports.gemm_tn(this.ptr, p, this.ptr, p, this.rows, p, p, c, ld, 1);
      const padded = denseKernels.f64(c, ld * ld);
      const out = new Float64Array(p * p);
      for (let i = 0; i < p; i++) {
        for (let j = i; j < p; j++) {
          const v = padded[i * ld + j] as number;
          out[i * p + j] = v;
          out[j * p + i] = v;
        }
      }
      return out;
    });
  }

  /** X w (one value per row) into `out` (allocated when not given). */
  multiply(w: Float64Array, out: Float64Array = new Float64Array(this.rows)): Float64Array {
    const p = this.columns;
    return denseKernels.scoped((alloc) => {
      const wp = alloc(p * 8);
      const yp = alloc(this.rows * 8);
      denseKernels.f64(wp, p).set(w);
      denseKernels.exports.gemv_n(this.ptr, this.rows, p, p, wp, yp);
      out.set(denseKernels.f64(yp, this.rows));
      return out;
    });
  }

  /** Xᵀ v (one value per column) into `out` (allocated when not given). */
  multiplyTransposed(v: Float64Array, out: Float64Array = new Float64Array(this.columns)): Float64Array {
    const p = this.columns;
    return denseKernels.scoped((alloc) => {
      const vp = alloc(this.rows * 8);
      const op = alloc(p * 8);
      denseKernels.f64(vp, this.rows).set(v);
      denseKernels.f64(op, p).fill(0);
      denseKernels.exports.gemv_t(this.ptr, this.rows, p, p, vp, op);
      out.set(denseKernels.f64(op, p));
      return out;
    });
  }

  /** Frees the kernel memory (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    denseKernels.release(this.ptr);
  }
}

/** Options for {@link gramMatrix}. */
export interface GramOptions {
  /** Use only these rows (e.g. a training fold). @default every row */
  readonly rows?: ArrayLike<number>;
  /** Centre the columns on their means first. @default false */
  readonly center?: boolean;
}

/** XᵀX of a matrix (or of some of its rows), centred or not, and the column means used. */
export function gramMatrix(X: DenseMatrix, options: GramOptions = {}): { gram: Float64Array; means: Float64Array | undefined } {
  const m = KernelMatrix.from(X, options.rows);
  try {
    let means: Float64Array | undefined;
    if (options.center === true) {
      means = m.columnMeans();
      m.subtractFromRows(means);
    }
    return { gram: m.gram(), means };
  } finally {
    m.dispose();
  }
}

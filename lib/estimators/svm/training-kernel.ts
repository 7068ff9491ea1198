/**
 * The kernel rows of a training problem, as libsvm's Q matrices ask for them: row i
 * against rows [start, end), as float32 (libsvm caches Q in float32), with the signs
 * y_i y_j for classification. Rows can be swapped (shrinking reorders them).
 *
 * Two sources: {@link TrainingKernel} computes the values on the WebAssembly kernels
 * from the problem's rows; {@link SharedKernel} keeps the kernel matrix of a whole fit
 * (filled lazily, one block of a row against one class at a time), and its
 * {@link SharedKernel.problem} views serve any subset of those rows (the one-vs-one
 * pairs, the probability folds) by gathering from it. Both give the same bits: each
 * value is the same computation.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { Kernel } from './kernels.js';
import { heapViews, scratchBytes, setKernel, SLACK, svmKernels } from './wasm-kernels.js';

/** Rows and columns of a tile when the lower triangle is mirrored. */
const MIRROR_TILE = 32;

/** The kernel rows of one training problem of `size` rows. */
export interface ProblemKernel {
  readonly size: number;
  /** K(x_i, x_i) of every row, as f64 (libsvm's QD; Q_ii = K_ii). */
  diagonal(): Float64Array;
  /** Writes row i against rows [start, end) as float32 at out (a byte address) + 4j. */
  row(i: number, start: number, end: number, out: number): void;
  /** Swaps rows i and j. */
  swap(i: number, j: number): void;
  /** Frees the kernel memory (idempotent). */
  dispose(): void;
}

/** Rows copied transposed (feature-major) into the kernels' memory, with their squared norms. */
class TransposedRows {
  readonly xt: number;
  readonly sq: number;
  /** The kernels' scratch for one row. */
  readonly scratch: number;

  constructor(
    X: DenseMatrix,
    rows: ArrayLike<number>,
    readonly d = X.columns,
  ) {
    const l = rows.length;
    const k = svmKernels;
    this.xt = k.alloc(l * d * 8 + SLACK);
    this.sq = k.alloc(l * 8 + SLACK);
    this.scratch = k.alloc(scratchBytes(d));
    const t = k.f64(this.xt, l * d);
    const v = X.values;
    for (let j = 0; j < l; j++) {
      const base = rows[j]! * d;
      for (let f = 0; f < d; f++) t[f * l + j] = v[base + f]!;
    }
    k.exports.squared_norms(this.xt, l, d, l, this.sq);
  }

  diagonal(kernel: Kernel, l: number): Float64Array {
    setKernel(kernel);
    return svmKernels.scoped((alloc) => {
      const out = alloc(l * 8 + SLACK);
      svmKernels.exports.kernel_diagonal(this.sq, l, out);
      return svmKernels.f64(out, l).slice();
    });
  }

  dispose(): void {
    svmKernels.release(this.scratch);
    svmKernels.release(this.sq);
    svmKernels.release(this.xt);
  }
}

/** Computes the kernel rows of one problem from its rows of X (optionally with signs). */
export class TrainingKernel implements ProblemKernel {
  readonly size: number;
  private readonly rows: TransposedRows;
  private readonly signs: number;
  private disposed = false;

  /**
   * @param rows - the rows of `X` of the problem, in order.
   * @param signs - y (±1) per row for Q = y_i y_j K; none for K itself.
   */
  constructor(
    X: DenseMatrix,
    rows: ArrayLike<number>,
    private readonly kernel: Kernel,
    signs?: ArrayLike<number>,
  ) {
    this.size = rows.length;
    this.rows = new TransposedRows(X, rows);
    this.signs = signs === undefined ? 0 : svmKernels.alloc(this.size * 8 + SLACK);
    if (signs !== undefined) svmKernels.f64(this.signs, this.size).set(signs);
  }

  diagonal(): Float64Array {
    return this.rows.diagonal(this.kernel, this.size);
  }

  row(i: number, start: number, end: number, out: number): void {
    if (end <= start) return;
    setKernel(this.kernel);
    const { xt, sq, d, scratch } = this.rows;
    svmKernels.exports.training_row(xt, this.size, d, sq, this.signs, i, start, end, out, scratch);
  }

  swap(i: number, j: number): void {
    const { xt, sq, d } = this.rows;
    if (i !== j) svmKernels.exports.swap_rows(xt, this.size, d, sq, this.signs, i, j);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.signs !== 0) svmKernels.release(this.signs);
    this.rows.dispose();
  }
}

/**
 * The kernel matrix of a fit's rows grouped by class (float32, n × n), filled on demand
 * one (row, class) block at a time and shared by every problem built on those rows.
 * With `maxRows` below n it keeps only that many rows, least recently used out (a row
 * cache shared by the problems, for matrices too large to hold). Free with
 * {@link SharedKernel.dispose} after the problems.
 */
export class SharedKernel {
  /** Position of each training row in the class-grouped order. */
  private readonly position: Int32Array;
  private readonly classOf: Int32Array;
  private readonly classStart: Int32Array;
  private readonly n: number;
  private readonly rows: TransposedRows;
  private readonly matrix: number;
  /** Rows held at once (n: the whole matrix). */
  private readonly slots: number;
  /** The slot of each grouped row (-1: not held), the row in each slot, and when each slot was last used. */
  private readonly slotOf: Int32Array | undefined;
  private readonly rowIn: Int32Array | undefined;
  private readonly used: Float64Array | undefined;
  private clock = 0;
  private taken = 0;
  /** Whether block (slot, class) is filled: slots × nClasses. */
  private readonly filled: Uint8Array;
  private readonly diag: Float64Array;
  private disposed = false;

  /** Whether the matrix of `n` rows fits in `cacheSize` MB. */
  static fits(n: number, cacheSize: number): boolean {
    return SharedKernel.megabytes(n) <= cacheSize;
  }

  /** The size of the matrix of `n` rows, in MB. */
  static megabytes(n: number): number {
    return (n * n * 4) / (1 << 20);
  }

  /**
   * @param rowsOf - the training rows of each class (every row once).
   * @param maxRows - the most rows held at once (the whole matrix by default).
   */
  constructor(
    X: DenseMatrix,
    rowsOf: readonly Int32Array[],
    private readonly kernel: Kernel,
    maxRows = Infinity,
  ) {
    const k = rowsOf.length;
    let n = 0;
    for (const rows of rowsOf) n += rows.length;
    this.n = n;
    const grouped = new Int32Array(n);
    this.position = new Int32Array(X.rows).fill(-1);
    this.classOf = new Int32Array(n);
    this.classStart = new Int32Array(k + 1);
    let at = 0;
    rowsOf.forEach((rows, c) => {
      this.classStart[c] = at;
      for (const r of rows) {
        this.position[r] = at;
        this.classOf[at] = c;
        grouped[at++] = r;
      }
    });
    this.classStart[k] = n;
    this.slots = Math.max(2, Math.min(n, Math.floor(maxRows)));
    if (this.slots < n) {
      this.slotOf = new Int32Array(n).fill(-1);
      this.rowIn = new Int32Array(this.slots).fill(-1);
      this.used = new Float64Array(this.slots);
    }
    this.rows = new TransposedRows(X, grouped);
    try {
      this.matrix = svmKernels.alloc(n * this.slots * 4 + SLACK);
    } catch (error) {
      this.rows.dispose();
      throw error;
    }
    this.filled = new Uint8Array(this.slots * k);
    this.diag = this.rows.diagonal(kernel, n);
  }

  /** Whether the whole matrix is held (not a row cache). */
  get holdsAll(): boolean {
    return this.slotOf === undefined;
  }

  /** The memory held, in bytes (the matrix or its rows, the rows of X, the norms). */
  get bytes(): number {
    return this.n * this.slots * 4 + this.n * (this.rows.d + 1) * 8;
  }

  /**
   * Computes the whole matrix at once (when it is held whole), each value once for
   * both triangles: K(x_i, x_j) and K(x_j, x_i) are the same bits (the same sums of
   * the same nonzero products), so the lower triangle is the upper one mirrored. For
   * a matrix every problem of a search will read.
   */
  fillAll(): void {
    if (!this.holdsAll) return;
    const n = this.n;
    setKernel(this.kernel);
    const { xt, sq, d, scratch } = this.rows;
    for (let p = 0; p < n; p++) svmKernels.exports.training_row(xt, n, d, sq, 0, p, p, n, this.matrix + p * n * 4, scratch);
    // the lower triangle from the upper one, in tiles that stay in the first-level cache
    const f32 = heapViews().f32;
    const base = this.matrix >> 2;
    for (let p0 = 0; p0 < n; p0 += MIRROR_TILE) {
      const pEnd = Math.min(n, p0 + MIRROR_TILE);
      for (let j0 = p0; j0 < n; j0 += MIRROR_TILE) {
        const jEnd = Math.min(n, j0 + MIRROR_TILE);
        for (let p = p0; p < pEnd; p++) {
          const row = base + p * n;
          for (let j = Math.max(j0, p + 1); j < jEnd; j++) f32[base + j * n + p] = f32[row + j]!;
        }
      }
    }
    this.filled.fill(1);
  }

  /** A problem on some of the rows (training-row indices, in order), with signs y. */
  problem(rows: ArrayLike<number>, signs: ArrayLike<number>): ProblemKernel {
    const positions = new Int32Array(rows.length);
    for (let j = 0; j < rows.length; j++) positions[j] = this.position[rows[j]!]!;
    return new SharedProblem(this, positions, signs);
  }

  /** The classes present among grouped positions. */
  classesOf(positions: Int32Array): Int32Array {
    const seen = new Uint8Array(this.classStart.length - 1);
    for (const p of positions) seen[this.classOf[p]!] = 1;
    const out: number[] = [];
    seen.forEach((s, c) => {
      if (s) out.push(c);
    });
    return Int32Array.from(out);
  }

  diagonalAt(p: number): number {
    return this.diag[p]!;
  }

  /** The byte address of grouped row p of the matrix, with its blocks for `classes` filled (valid until the next call). */
  rowAddress(p: number, classes: Int32Array): number {
    const k = this.classStart.length - 1;
    const n = this.n;
    const slot = this.slotFor(p);
    const out = this.matrix + slot * n * 4;
    for (const c of classes) {
      if (this.filled[slot * k + c]) continue;
      this.filled[slot * k + c] = 1;
      setKernel(this.kernel);
      const { xt, sq, d, scratch } = this.rows;
      svmKernels.exports.training_row(xt, n, d, sq, 0, p, this.classStart[c]!, this.classStart[c + 1]!, out, scratch);
    }
    return out;
  }

  /** The slot holding row p: its own row of the whole matrix, or a slot of the row cache (the least recently used one replaced). */
  private slotFor(p: number): number {
    const { slotOf, rowIn, used } = this;
    if (slotOf === undefined || rowIn === undefined || used === undefined) return p;
    let slot = slotOf[p]!;
    if (slot < 0) {
      if (this.taken < this.slots) slot = this.taken++;
      else {
        slot = 0;
        for (let s = 1; s < this.slots; s++) if (used[s]! < used[slot]!) slot = s;
        slotOf[rowIn[slot]!] = -1;
      }
      slotOf[p] = slot;
      rowIn[slot] = p;
      const k = this.classStart.length - 1;
      this.filled.fill(0, slot * k, slot * k + k);
    }
    used[slot] = ++this.clock;
    return slot;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    svmKernels.release(this.matrix);
    this.rows.dispose();
  }
}

/** One problem on rows of a {@link SharedKernel}: its rows gathered from the matrix. */
class SharedProblem implements ProblemKernel {
  readonly size: number;
  /** The grouped position (i32) and sign (f32) of each row, in the problem's current order. */
  private readonly positions: number;
  private readonly signs: number;
  private readonly classes: Int32Array;
  private disposed = false;

  constructor(
    private readonly shared: SharedKernel,
    positions: Int32Array,
    signs: ArrayLike<number>,
  ) {
    const l = positions.length;
    this.size = l;
    this.classes = shared.classesOf(positions);
    this.positions = svmKernels.alloc(l * 4 + SLACK);
    this.signs = svmKernels.alloc(l * 4 + SLACK);
    const { i32, f32 } = heapViews();
    i32.set(positions, this.positions >> 2);
    for (let j = 0; j < l; j++) f32[(this.signs >> 2) + j] = signs[j]!;
  }

  diagonal(): Float64Array {
    const { i32 } = heapViews();
    const out = new Float64Array(this.size);
    for (let j = 0; j < this.size; j++) out[j] = this.shared.diagonalAt(i32[(this.positions >> 2) + j]!);
    return out;
  }

  row(i: number, start: number, end: number, out: number): void {
    if (end <= start) return;
    const p = heapViews().i32[(this.positions >> 2) + i]!;
    const data = this.shared.rowAddress(p, this.classes);
    const s = heapViews().f32[(this.signs >> 2) + i]!;
    svmKernels.exports.gather_signed(data, this.positions + start * 4, this.signs + start * 4, s, end - start, out + start * 4);
  }

  swap(i: number, j: number): void {
    if (i === j) return;
    const { i32, f32 } = heapViews();
    swapAt(i32, (this.positions >> 2) + i, (this.positions >> 2) + j);
    swapAt(f32, (this.signs >> 2) + i, (this.signs >> 2) + j);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    svmKernels.release(this.signs);
    svmKernels.release(this.positions);
  }
}

function swapAt(a: Float32Array | Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

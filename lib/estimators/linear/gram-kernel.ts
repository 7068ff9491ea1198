/**
 * The normal equations of (optionally centred) data on the WebAssembly kernels:
 * XcᵀXc, Xcᵀyc and ycᵀyc in one pass over the rows, for Ridge's Cholesky solver and
 * the Gram form of coordinate descent. {@link normalEquations} in `least-squares.ts`
 * is the plain reference the specs compare with.
 *
 * The rows go through the kernels in chunks that stay in cache, shifted by an estimate
 * of the column means (the mean of the first rows) and augmented with y and a column of
 * ones, so one Gram matrix holds every sum needed. The exact means and the centred sums
 * follow from a rank-one correction; the shift keeps that correction small. When it is
 * not (the first rows are far from the mean, relative to the spread), a second pass
 * shifts by the exact means instead, so no precision is lost to cancellation.
 */
import type { DenseMatrix } from '../../core/data.js';
import { copyRows, linearKernels } from './linear-kernels.js';

/** The normal equations of centred (or raw) data. */
export interface GramEquations {
  /** XcᵀXc, `p × p`, row-major, both triangles. */
  readonly A: Float64Array;
  /** Xcᵀyc. */
  readonly b: Float64Array;
  /** ycᵀyc. */
  readonly yy: number;
  /** Column means of X (zeros without centring). */
  readonly xMean: Float64Array;
  /** Mean of y (0 without centring). */
  readonly yMean: number;
  /** Rows used. */
  readonly rows: number;
}

/** Rows per kernel call: the chunk and its augmented copy stay in the second-level cache. */
const CHUNK_ROWS = 128;
/** Rows whose mean is the first shift. */
const SHIFT_ROWS = 256;
/**
 * The largest n·(mean - shift)² allowed, relative to the centred sum of squares: above
 * it, the rank-one correction would cancel more than two digits, and the data go through
 * again shifted by the exact means.
 */
const SHIFT_TOLERANCE = 100;

const roundUp4 = (k: number): number => (k + 3) & ~3;

/**
 * The normal equations of `X` and `y` (or of the rows listed in `rows`, e.g. a training
 * fold), centred on their means when `center` is set.
 */
export function gramEquations(X: DenseMatrix, y: Float64Array, center: boolean, rows?: ArrayLike<number>): GramEquations {
  const n = rows === undefined ? X.rows : rows.length;
  const p = X.columns;
  const shift = new Float64Array(p);
  let yShift = 0;
  if (center && n > 0) {
    const m = Math.min(n, SHIFT_ROWS);
    const values = X.values;
    for (let k = 0; k < m; k++) {
      const i = rows === undefined ? k : (rows[k] as number);
      const o = i * p;
      for (let j = 0; j < p; j++) shift[j] = (shift[j] as number) + (values[o + j] as number);
      yShift += y[i] as number;
    }
    for (let j = 0; j < p; j++) shift[j] = (shift[j] as number) / m;
    yShift /= m;
  }
  const first = solveShift(X, y, rows, n, p, shift, yShift, center);
  if (!center || !poorShift(first, shift, yShift)) return first;
  return solveShift(X, y, rows, n, p, first.xMean, first.yMean, center);
}

/** The centred equations from one pass shifted by (shift, yShift). */
function solveShift(
  X: DenseMatrix,
  y: Float64Array,
  rows: ArrayLike<number> | undefined,
  n: number,
  p: number,
  shift: Float64Array,
  yShift: number,
  center: boolean,
): GramEquations {
  const ld = roundUp4(p + 2);
  const G = accumulate(X, y, rows, n, p, shift, yShift, ld);
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const xMean = new Float64Array(p);
  const iy = p;
  const ione = p + 1;
  if (!center) {
    for (let i = 0; i < p; i++) {
      for (let j = i; j < p; j++) {
        const v = G[i * ld + j] as number;
        A[i * p + j] = v;
        A[j * p + i] = v;
      }
      b[i] = G[i * ld + iy] as number;
    }
    return { A, b, yy: G[iy * ld + iy] as number, xMean, yMean: 0, rows: n };
  }
  // Σ(x - shift) and Σ(y - yShift) sit against the ones column
  const s = new Float64Array(p);
  for (let j = 0; j < p; j++) s[j] = G[j * ld + ione] as number;
  const sy = G[iy * ld + ione] as number;
  for (let i = 0; i < p; i++) {
    const si = s[i] as number;
    for (let j = i; j < p; j++) {
      const v = (G[i * ld + j] as number) - (si * (s[j] as number)) / n;
      A[i * p + j] = v;
      A[j * p + i] = v;
    }
    b[i] = (G[i * ld + iy] as number) - (si * sy) / n;
    xMean[i] = (shift[i] as number) + si / n;
  }
  const yy = (G[iy * ld + iy] as number) - (sy * sy) / n;
  return { A, b, yy, xMean, yMean: yShift + sy / n, rows: n };
}

/** Whether a column's shift was far enough from its mean to cost precision. */
function poorShift(eq: GramEquations, shift: Float64Array, yShift: number): boolean {
  const { A, rows: n, xMean } = eq;
  const p = shift.length;
  for (let j = 0; j < p; j++) {
    const d = (xMean[j] as number) - (shift[j] as number);
    if (d !== 0 && n * d * d > SHIFT_TOLERANCE * (A[j * p + j] as number)) return true;
  }
  const dy = eq.yMean - yShift;
  return dy !== 0 && n * dy * dy > SHIFT_TOLERANCE * eq.yy;
}

/** The Gram matrix (ld × ld, upper triangle) of the shifted, augmented rows. */
function accumulate(
  X: DenseMatrix,
  y: Float64Array,
  rows: ArrayLike<number> | undefined,
  n: number,
  p: number,
  shift: Float64Array,
  yShift: number,
  ld: number,
): Float64Array {
  const k = linearKernels;
  return k.scoped((alloc) => {
    const chunk = Math.min(CHUNK_ROWS, Math.max(n, 1));
    const xs = alloc(chunk * p * 8);
    const ys = alloc(chunk * 8);
    const sh = alloc(p * 8 + 16);
    const aug = alloc(chunk * ld * 8);
    const g = alloc(ld * ld * 8);
    const exports = k.exports;
    // views after the last alloc: memory growth would detach earlier ones
    const xView = k.f64(xs, chunk * p);
    const yView = k.f64(ys, chunk);
    k.f64(sh, p).set(shift);
    k.f64(g, ld * ld).fill(0);
    const values = X.values;
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const r1 = Math.min(n, r0 + chunk);
      if (rows === undefined) {
        xView.set(values.subarray(r0 * p, r1 * p));
        yView.set(y.subarray(r0, r1));
      } else {
        copyRows(values, p, rows, xView, r0, r1);
        for (let i = r0; i < r1; i++) yView[i - r0] = y[rows[i] as number] as number;
      }
      exports.gram_chunk(xs, r1 - r0, p, sh, ys, yShift, aug, ld, g);
    }
    return k.f64(g, ld * ld).slice();
  });
}

/**
 * The QR factorization behind LinearRegression's least squares, on the WebAssembly
 * kernels: a tall-skinny Householder QR of [1, X - shift, y - yshift] (the ones column
 * only with an intercept) that streams the rows through in chunks, leaving a small
 * triangular factor. Projecting out the ones column is centring, so the rest of that
 * factor is the R factor of the centred [Xc, yc]: Xc = Q R, its Qᵀyc, and the column
 * means, with Householder's backward stability (the normal equations would square X's
 * condition number). The plain reference is `householderQr` in `least-squares.ts`.
 */
import type { DenseMatrix } from '../../core/data.js';
import { copyRows, linearKernels } from './linear-kernels.js';

/** The least-squares factor of centred (or raw) data. */
export interface LeastSquaresFactor {
  /** The R factor of Xc, `p × p` row-major, upper triangular. */
  readonly R: Float64Array;
  /** The first p values of Qᵀyc. */
  readonly qty: Float64Array;
  /** Column means of X (zeros without centring). */
  readonly xMean: Float64Array;
  /** Mean of y (0 without centring). */
  readonly yMean: number;
}

/** Rows per kernel call: the chunk stays in the first-level cache. */
const CHUNK_ROWS = 64;
/** Rows whose mean is the shift. */
const SHIFT_ROWS = 256;

/**
 * The QR factor of `X` and `y` (or of the rows listed in `rows`), centred on their means
 * when `center` is set.
 */
export function leastSquaresFactor(X: DenseMatrix, y: Float64Array, center: boolean, rows?: ArrayLike<number>): LeastSquaresFactor {
  const n = rows === undefined ? X.rows : rows.length;
  const p = X.columns;
  const values = X.values;
  // the shift only scales the ones column's share: any value is exact, one near the
  // means keeps the numbers small
  const shift = new Float64Array(p);
  let yShift = 0;
  if (center && n > 0) {
    const m = Math.min(n, SHIFT_ROWS);
    for (let k = 0; k < m; k++) {
      const i = rows === undefined ? k : (rows[k] as number);
      for (let j = 0; j < p; j++) shift[j] = (shift[j] as number) + (values[i * p + j] as number);
      yShift += y[i] as number;
    }
    for (let j = 0; j < p; j++) shift[j] = (shift[j] as number) / m;
    yShift /= m;
  }
  const first = center ? 1 : 0;
  const q = p + 1 + first;
  const ld = (q + 1) & ~1;
  const k = linearKernels;
  const Rq = k.scoped((alloc) => {
    const chunk = Math.min(CHUNK_ROWS, Math.max(n, 1));
    const xs = alloc(chunk * p * 8);
    const ys = alloc(chunk * 8);
    const sh = alloc(p * 8);
    const aug = alloc(chunk * ld * 8);
    const r = alloc(ld * ld * 8);
    const scratch = alloc(2 * ld * 8);
    const xView = k.f64(xs, chunk * p);
    const yView = k.f64(ys, chunk);
    k.f64(sh, p).set(shift);
    k.f64(r, ld * ld).fill(0);
    const exports = k.exports;
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const r1 = Math.min(n, r0 + chunk);
      if (rows === undefined) {
        xView.set(values.subarray(r0 * p, r1 * p));
        yView.set(y.subarray(r0, r1));
      } else {
        copyRows(values, p, rows, xView, r0, r1);
        for (let i = r0; i < r1; i++) yView[i - r0] = y[rows[i] as number] as number;
      }
      exports.qr_chunk(xs, r1 - r0, p, sh, ys, yShift, first, aug, ld, r, scratch);
    }
    return k.f64(r, ld * ld).slice();
  });
  const R = new Float64Array(p * p);
  const qty = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const row = (i + first) * ld + first;
    for (let j = i; j < p; j++) R[i * p + j] = Rq[row + j] as number;
    qty[i] = Rq[row + p] as number;
  }
  const xMean = new Float64Array(p);
  let yMean = 0;
  if (center && n > 0) {
    // the first row of the factor is (Σ of each column) / ±√n, its diagonal ±√n
    const r00 = Rq[0] as number;
    for (let j = 0; j < p; j++) xMean[j] = (shift[j] as number) + (Rq[1 + j] as number) / r00;
    yMean = yShift + (Rq[1 + p] as number) / r00;
  }
  return { R, qty, xMean, yMean };
}

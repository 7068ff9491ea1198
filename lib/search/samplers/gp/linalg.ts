/**
 * Dense symmetric positive-definite linear algebra on row-major `Float64Array`s:
 * Cholesky (with jitter escalation), triangular solves, the inverse from a
 * Cholesky factor, and the O(n²) extension of a factor by one row.
 *
 * These loops are the hot path of the Gaussian process (a hyperparameter fit
 * factors the kernel matrix dozens of times), so they work on flat arrays with
 * contiguous inner loops rather than on `ml-matrix` objects, which are about
 * twice as slow here; {@link toFlat} accepts them (and arrays of rows) at the edges.
 */
import { Matrix } from 'ml-matrix';
import { invalidParameter } from '../../../core/validate.js';

/** Rows of inputs: an `ml-matrix` Matrix, an array of rows, or flat row-major data. */
export type MatrixInput = Matrix | readonly (readonly number[])[] | { readonly data: Float64Array; readonly rows: number; readonly cols: number };

/** Flattens rows of inputs to row-major data. */
export function toFlat(X: MatrixInput, owner: string): { data: Float64Array; rows: number; cols: number } {
  if (X instanceof Matrix) return { data: Float64Array.from(X.to1DArray()), rows: X.rows, cols: X.columns };
  if (Array.isArray(X)) {
    const rows = X.length;
    const cols = rows > 0 ? (X[0] as readonly number[]).length : 0;
    const data = new Float64Array(rows * cols);
    X.forEach((r: readonly number[], i) => {
      if (r.length !== cols) throw invalidParameter(owner, 'X', `rows of ${cols} numbers`, r, { kind: 'argument' });
      data.set(r, i * cols);
    });
    return { data, rows, cols };
  }
  const m = X as { data: Float64Array; rows: number; cols: number };
  return { data: m.data, rows: m.rows, cols: m.cols };
}

/** Factors `A` (n×n, row-major, lower triangle read) in place into L with A = L Lᵀ. False when A is not positive definite. */
export function choleskyInPlace(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = A[rj + j] as number;
    for (let k = 0; k < j; k++) {
      const v = A[rj + k] as number;
      s -= v * v;
    }
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    A[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = A[ri + j] as number;
      for (let k = 0; k < j; k++) t -= (A[ri + k] as number) * (A[rj + k] as number);
      A[ri + j] = t / d;
    }
    for (let i = j + 1; i < n; i++) A[rj + i] = 0;
  }
  return true;
}

/** The result of {@link choleskyJitter}. */
export interface CholeskyResult {
  /** The lower factor (row-major n×n). */
  readonly L: Float64Array;
  /** The value added to the diagonal to make the matrix positive definite (0 when none was needed). */
  readonly jitter: number;
}

/**
 * Cholesky of `A` (not modified), adding a growing jitter to the diagonal
 * (1e-10, 1e-9, ... up to 1e-2 times the mean diagonal) when the matrix is near
 * singular. Undefined when even the largest jitter fails.
 */
export function choleskyJitter(A: Float64Array, n: number, work?: Float64Array): CholeskyResult | undefined {
  const L = work !== undefined && work.length === n * n ? work : new Float64Array(n * n);
  L.set(A.subarray(0, n * n));
  if (choleskyInPlace(L, n)) return { L, jitter: 0 };
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += A[i * n + i] as number;
  meanDiag = n > 0 ? Math.abs(meanDiag / n) || 1 : 1;
  for (let e = -10; e <= -2; e++) {
    const jitter = meanDiag * 10 ** e;
    L.set(A.subarray(0, n * n));
    for (let i = 0; i < n; i++) L[i * n + i] = (L[i * n + i] as number) + jitter;
    if (choleskyInPlace(L, n)) return { L, jitter };
  }
  return undefined;
}

/** Solves L x = b (L lower, n×n) into `out` (may be `b`). */
export function solveLower(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (L[ri + k] as number) * (out[k] as number);
    out[i] = s / (L[ri + i] as number);
  }
  return out;
}

/** Solves Lᵀ x = b (L lower, n×n) into `out` (may be `b`). */
export function solveUpperT(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  if (out !== b) for (let i = 0; i < n; i++) out[i] = b[i] as number;
  for (let i = n - 1; i >= 0; i--) {
    const xi = (out[i] as number) / (L[i * n + i] as number);
    out[i] = xi;
    for (let k = 0; k < i; k++) out[k] = (out[k] as number) - (L[i * n + k] as number) * xi;
  }
  return out;
}

/** Solves (L Lᵀ) x = b. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  solveLower(L, n, b, out);
  return solveUpperT(L, n, out, out);
}

/**
 * Solves L V = B for a block of m right-hand sides stored row-major as n×m
 * (column c is one right-hand side), in place. Row-oriented, so the inner loop
 * runs over the m contiguous columns.
 */
export function solveLowerBlock(L: Float64Array, n: number, B: Float64Array, m: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const bi = i * m;
    for (let k = 0; k < i; k++) {
      const c = L[ri + k] as number;
      if (c === 0) continue;
      const bk = k * m;
      for (let j = 0; j < m; j++) B[bi + j] = (B[bi + j] as number) - c * (B[bk + j] as number);
    }
    const d = 1 / (L[ri + i] as number);
    for (let j = 0; j < m; j++) B[bi + j] = (B[bi + j] as number) * d;
  }
  return B;
}

/** (L Lᵀ)⁻¹, full symmetric n×n, from the lower factor L. `work` (n×n) is scratch space. */
export function choleskyInverse(L: Float64Array, n: number, out: Float64Array = new Float64Array(n * n), work: Float64Array = new Float64Array(n * n)): Float64Array {
  // rows of L⁻¹, each built from the rows above it (contiguous axpys)
  const Li = work;
  Li.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const c = L[ri + k] as number;
      if (c === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) Li[ri + j] = (Li[ri + j] as number) + c * (Li[rk + j] as number);
    }
    const d = 1 / (L[ri + i] as number);
    for (let j = 0; j < i; j++) Li[ri + j] = -(Li[ri + j] as number) * d;
    Li[ri + i] = d;
  }
  // K⁻¹ = L⁻ᵀ L⁻¹, accumulated row by row of L⁻¹
  out.fill(0, 0, n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const c = Li[rk + i] as number;
      if (c === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) out[ri + j] = (out[ri + j] as number) + c * (Li[rk + j] as number);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j] as number;
  return out;
}

/**
 * Extends the factor of an n×n matrix to the (n+1)×(n+1) matrix with the extra
 * row `k` (length n) and diagonal `kDiag`, in O(n²). Undefined when the new
 * pivot is not positive (the point duplicates an observed one without noise).
 */
export function choleskyAppend(L: Float64Array, n: number, k: ArrayLike<number>, kDiag: number): Float64Array | undefined {
  const l = solveLower(L, n, k);
  let s = kDiag;
  for (let i = 0; i < n; i++) s -= (l[i] as number) ** 2;
  if (!(s > 0)) return undefined;
  const m = n + 1;
  const out = new Float64Array(m * m);
  for (let i = 0; i < n; i++) out.set(L.subarray(i * n, i * n + i + 1), i * m);
  out.set(l, n * m);
  out[n * m + n] = Math.sqrt(s);
  return out;
}

/**
 * Dense least-squares kernels for the linear regressors, on row-major
 * `Float64Array`s: the normal equations, a Cholesky solve (Ridge's default solver) and
 * a thin SVD built from a Householder QR plus ml-matrix's SVD of the small square
 * factor (LinearRegression's `lstsq` and Ridge's SVD fallback).
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** The normal equations of (optionally centred) data, built in one pass. */
export interface NormalEquations {
  /** `XcᵀXc`, `p × p` row-major. */
  readonly A: Float64Array;
  /** `Xcᵀyc`. */
  readonly b: Float64Array;
  readonly xMean: Float64Array;
  readonly yMean: number;
}

/**
 * `XcᵀXc` and `Xcᵀyc` for X and y centred on their means (or as they are when
 * `center` is false), without materializing the centred copy: each row is centred
 * into a scratch buffer, four rows at a time, and accumulated into the upper
 * triangle.
 */
export function normalEquations(X: Float64Array, n: number, p: number, y: Float64Array, center: boolean): NormalEquations {
  const xMean = new Float64Array(p);
  let yMean = 0;
  if (center) {
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) xMean[j] += X[o + j];
      yMean += y[i];
    }
    for (let j = 0; j < p; j++) xMean[j] /= n;
    yMean /= n;
  }
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const r0 = new Float64Array(p);
  const r1 = new Float64Array(p);
  const r2 = new Float64Array(p);
  const r3 = new Float64Array(p);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    const y0 = y[i] - yMean;
    const y1 = y[i + 1] - yMean;
    const y2 = y[i + 2] - yMean;
    const y3 = y[i + 3] - yMean;
    for (let j = 0; j < p; j++) {
      const m = xMean[j];
      const a0 = (r0[j] = X[o0 + j] - m);
      const a1 = (r1[j] = X[o1 + j] - m);
      const a2 = (r2[j] = X[o2 + j] - m);
      const a3 = (r3[j] = X[o3 + j] - m);
      b[j] += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
    }
    for (let a = 0; a < p; a++) {
      const a0 = r0[a];
      const a1 = r1[a];
      const a2 = r2[a];
      const a3 = r3[a];
      const row = a * p;
      for (let c = a; c < p; c++) A[row + c] += a0 * r0[c] + a1 * r1[c] + a2 * r2[c] + a3 * r3[c];
    }
  }
  for (; i < n; i++) {
    const o = i * p;
    const yi = y[i] - yMean;
    for (let j = 0; j < p; j++) {
      const a0 = (r0[j] = X[o + j] - xMean[j]);
      b[j] += a0 * yi;
    }
    for (let a = 0; a < p; a++) {
      const a0 = r0[a];
      const row = a * p;
      for (let c = a; c < p; c++) A[row + c] += a0 * r0[c];
    }
  }
  for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) A[a * p + c] = A[c * p + a];
  return { A, b, xMean, yMean };
}

/** `X Xᵀ` (`n × n`, the linear kernel) of a row-major `n × p` matrix. */
export function outerGram(X: Float64Array, n: number, p: number): Float64Array {
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * p;
    for (let k = i; k < n; k++) {
      const ok = k * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += X[oi + j] * X[ok + j];
      K[i * n + k] = s;
      K[k * n + i] = s;
    }
  }
  return K;
}

/** `Xᵀ y` of a row-major `n × p` matrix. */
export function transposeTimes(X: Float64Array, n: number, p: number, y: Float64Array): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    if (yi === 0) continue;
    const o = i * p;
    for (let j = 0; j < p; j++) out[j] += X[o + j] * yi;
  }
  return out;
}

/**
 * Solves `A x = b` for a symmetric positive definite `A` (`p × p`, row-major) by
 * Cholesky. `A` is overwritten with its factor. Returns undefined when a pivot is
 * not positive (LAPACK's `potrf` failure), as scipy raises `LinAlgError` there.
 */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array | undefined {
  for (let j = 0; j < p; j++) {
    const rj = j * p;
    let d = A[rj + j];
    for (let k = 0; k < j; k++) d -= A[rj + k] * A[rj + k];
    if (!(d > 0)) return undefined;
    const ljj = Math.sqrt(d);
    A[rj + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      const ri = i * p;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k];
      A[ri + j] = s / ljj;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    const ri = i * p;
    let s = x[i];
    for (let k = 0; k < i; k++) s -= A[ri + k] * x[k];
    x[i] = s / A[ri + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= A[k * p + i] * x[k];
    x[i] = s / A[i * p + i];
  }
  return x;
}

/**
 * The pieces of a thin SVD `X = U S Vᵀ` needed to solve for one right-hand side:
 * the singular values (descending), `V` (`p × r`, row-major) and `Uᵀy` (`r`), with
 * `r = min(n, p)`.
 */
export interface SvdSolveParts {
  readonly singular: Float64Array;
  readonly V: Float64Array;
  readonly uty: Float64Array;
  readonly rank: number;
}

interface Householder {
  /** The reflected matrix, column-major (`R` in its upper `r × r` triangle). */
  readonly cols: Float64Array;
  /** The reflector vectors (column k holds v_k in rows k..m-1), column-major. */
  readonly vs: Float64Array;
  /** 2 / (vᵀv) for each reflector, 0 for none. */
  readonly betas: Float64Array;
}

/**
 * Householder QR of a column-major `m × c` matrix (`m >= c`), applying the same
 * reflections to `rhs` when given.
 */
function householderQr(cols: Float64Array, m: number, c: number, rhs?: Float64Array): Householder {
  const vs = new Float64Array(m * c);
  const betas = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const ok = k * m;
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += cols[ok + i] * cols[ok + i];
    if (norm2 === 0) continue;
    const norm = Math.sqrt(norm2);
    const alpha = cols[ok + k];
    const r = alpha > 0 ? -norm : norm;
    // v = x - r e1, stored in vs; vᵀv = 2 (norm² - alpha r)
    for (let i = k; i < m; i++) vs[ok + i] = cols[ok + i];
    vs[ok + k] = alpha - r;
    const vtv = 2 * (norm2 - alpha * r);
    if (vtv === 0) continue;
    const beta = 2 / vtv;
    betas[k] = beta;
    cols[ok + k] = r;
    for (let i = k + 1; i < m; i++) cols[ok + i] = 0;
    for (let j = k + 1; j < c; j++) {
      const oj = j * m;
      let s = 0;
      for (let i = k; i < m; i++) s += vs[ok + i] * cols[oj + i];
      s *= beta;
      if (s !== 0) for (let i = k; i < m; i++) cols[oj + i] -= s * vs[ok + i];
    }
    if (rhs) {
      let s = 0;
      for (let i = k; i < m; i++) s += vs[ok + i] * rhs[i];
      s *= beta;
      for (let i = k; i < m; i++) rhs[i] -= s * vs[ok + i];
    }
  }
  return { cols, vs, betas };
}

/** SVD of a small square matrix (row-major) with ml-matrix. */
function squareSvd(R: Float64Array, r: number): { U: Matrix; V: Matrix; s: number[] } {
  const M = new Matrix(r, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) M.set(i, j, R[i * r + j]);
  const svd = new SingularValueDecomposition(M, { autoTranspose: false });
  return { U: svd.leftSingularVectors, V: svd.rightSingularVectors, s: svd.diagonal };
}

/**
 * The SVD parts of X from its QR factorization X = Q R (`R` upper triangular, `p × p`,
 * row-major; `qty` the first p values of Qᵀy): X's singular values and right vectors
 * are R's, and Uᵀy is R's left vectors applied to `qty`.
 */
export function svdSolvePartsFromR(R: Float64Array, p: number, qty: Float64Array, rcond: number): SvdSolveParts {
  const singular = new Float64Array(p);
  const V = new Float64Array(p * p);
  const uty = new Float64Array(p);
  const { U, V: W, s } = squareSvd(R, p);
  for (let k = 0; k < p; k++) {
    singular[k] = s[k] as number;
    let t = 0;
    for (let i = 0; i < p; i++) t += U.get(i, k) * (qty[i] as number);
    uty[k] = t;
    for (let j = 0; j < p; j++) V[j * p + k] = W.get(j, k);
  }
  return { singular, V, uty, rank: rankOf(singular, rcond) };
}

/** Solves `R x = b` for an upper triangular `R` (`p × p`, row-major, nonzero diagonal). */
export function backSubstitute(R: Float64Array, b: Float64Array, p: number): Float64Array {
  const x = Float64Array.from(b);
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i] as number;
    const row = i * p;
    for (let k = i + 1; k < p; k++) s -= (R[row + k] as number) * (x[k] as number);
    x[i] = s / (R[row + i] as number);
  }
  return x;
}

/** Singular values above `rcond · s_max`. */
export function rankOf(singular: Float64Array, rcond: number): number {
  const cutoff = rcond * (singular[0] ?? 0);
  let rank = 0;
  for (let k = 0; k < singular.length; k++) if ((singular[k] as number) > cutoff) rank++;
  return rank;
}

/**
 * A thin SVD of the row-major `n × p` matrix `X`, projected on `y`. Reduces X to a
 * triangular `r × r` factor by Householder QR (of X when n >= p, of Xᵀ otherwise)
 * and takes the SVD of that factor, so the work on the long side is a plain loop.
 *
 * `rcond` sets the rank: singular values above `rcond · s_max` count.
 */
export function svdSolveParts(X: Float64Array, n: number, p: number, y: Float64Array, rcond: number): SvdSolveParts {
  if (n >= p) {
    const cols = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[j * n + i] = X[i * p + j];
    const qty = Float64Array.from(y);
    householderQr(cols, n, p, qty);
    const R = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) R[i * p + j] = cols[j * n + i];
    return svdSolvePartsFromR(R, p, qty, rcond);
  }
  // Xᵀ = Q R (Q: p × n), so X = Rᵀ Qᵀ; with Rᵀ = U S Wᵀ, X = U S (Q W)ᵀ
  const r = n;
  const singular = new Float64Array(r);
  const V = new Float64Array(p * r);
  const uty = new Float64Array(r);
  const cols = new Float64Array(p * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[i * p + j] = X[i * p + j];
  const { vs, betas } = householderQr(cols, p, n);
  const Rt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) Rt[j * n + i] = cols[j * p + i];
  const { U, V: W, s } = squareSvd(Rt, n);
  // Q W: apply H_0 … H_{n-1} to [W; 0], last reflector first
  const QW = new Float64Array(p * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) QW[k * p + i] = W.get(i, k);
  for (let h = n - 1; h >= 0; h--) {
    const beta = betas[h];
    if (beta === 0) continue;
    const oh = h * p;
    for (let k = 0; k < n; k++) {
      const ok = k * p;
      let t = 0;
      for (let i = h; i < p; i++) t += vs[oh + i] * QW[ok + i];
      t *= beta;
      if (t !== 0) for (let i = h; i < p; i++) QW[ok + i] -= t * vs[oh + i];
    }
  }
  for (let k = 0; k < r; k++) {
    singular[k] = s[k] as number;
    let t = 0;
    for (let i = 0; i < n; i++) t += U.get(i, k) * y[i];
    uty[k] = t;
    for (let j = 0; j < p; j++) V[j * r + k] = QW[k * p + j];
  }
  return { singular, V, uty, rank: rankOf(singular, rcond) };
}

/** `V diag(d) Uᵀy` for the given per-singular-value factors. */
export function svdCombine(parts: SvdSolveParts, p: number, factor: (s: number) => number): Float64Array {
  const r = parts.singular.length;
  const coef = new Float64Array(p);
  for (let k = 0; k < r; k++) {
    const d = factor(parts.singular[k]);
    if (d === 0) continue;
    const t = d * parts.uty[k];
    for (let j = 0; j < p; j++) coef[j] += parts.V[j * r + k] * t;
  }
  return coef;
}

/**
 * The minimum-norm least-squares solution of `X w = y` (LAPACK `gelsd` as used by
 * scipy's `lstsq`): singular values at or below `rcond · s_max` are treated as zero.
 */
export function lstsq(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  rcond: number,
): { coef: Float64Array; rank: number; singular: Float64Array } {
  return lstsqFromParts(svdSolveParts(X, n, p, y, rcond), p, rcond);
}

/** The minimum-norm solution from the SVD parts (singular values at or below `rcond · s_max` dropped). */
export function lstsqFromParts(parts: SvdSolveParts, p: number, rcond: number): { coef: Float64Array; rank: number; singular: Float64Array } {
  const cutoff = rcond * (parts.singular[0] ?? 0);
  const coef = svdCombine(parts, p, (s) => (s > cutoff ? 1 / s : 0));
  return { coef, rank: parts.rank, singular: parts.singular };
}

/**
 * The singular value decomposition PCA and TruncatedSVD need, through the
 * eigendecomposition of the smaller Gram matrix: XᵀX (p × p) when there are at
 * least as many rows as columns, XXᵀ (n × n) otherwise.
 *
 * Why not an SVD of X itself: for n ≫ p, forming XᵀX (WebAssembly SIMD kernel) and
 * decomposing a p × p matrix costs a fraction of a Golub–Kahan SVD of the n × p
 * matrix (ml-matrix's takes ~140 ms on digits' 1437 × 64, this ~2 ms). The price is
 * precision for tiny singular values: σᵢ loses about ε (σ₁/σᵢ)² relative, so values
 * below ~1e-2 σ₁ carry fewer digits than LAPACK's. So when a kept component, or the
 * variance left in the dropped ones, is that small (badly scaled data such as raw
 * breast cancer), the decomposition is redone the slow, accurate way: a Householder
 * QR of X and an SVD of its p × p triangle (or an SVD of X when it is wide).
 * Components of a zero singular value (a rank-deficient X) are an orthonormal
 * completion, as LAPACK's are, but not the same one.
 *
 * Signs follow scikit-learn 1.2's `svd_flip` (u-based): each component is oriented
 * so that the largest |uᵢ| of its left singular vector is positive.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { DenseMatrix } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import { parameterMessage } from '../../core/validate.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { KernelMatrix, gramMatrix } from '../../core/kernels/dense.js';

/**
 * A parameter that does not fit the data (more components than the data has): a
 * ValidationError with the standard message, so a search records the candidate as
 * failed instead of stopping.
 */
export function componentsError(owner: string, expected: string, value: unknown, hint?: string): ValidationError {
  return new ValidationError(parameterMessage(owner, 'nComponents', 'parameter', expected, value, hint), {
    owner,
    argument: 'nComponents',
    value,
    expected,
  });
}

/** A thin SVD of X (centred or not), truncated to the kept components. */
export interface GramSvd {
  /** The column means subtracted first (zeros without centring). */
  readonly mean: Float64Array;
  /** Every singular value, min(n, p) of them, in decreasing order. */
  readonly singularValues: Float64Array;
  /** The kept right singular vectors, `kept × p` row-major (scikit-learn's `components_`). */
  readonly components: Float64Array;
  /** X (centred) projected on the kept components, `n × kept` row-major: U·S. */
  readonly projected: Float64Array;
  readonly kept: number;
}

/** Options of {@link gramSvd}. */
export interface GramSvdOptions {
  /** Subtract the column means first (PCA) or not (TruncatedSVD). */
  readonly center: boolean;
  /** How many components to keep, given the singular values (at most min(n, p)). */
  readonly keep: (singularValues: Float64Array) => number;
  /** The mean variance of the dropped components matters (PCA's noise variance). @default false */
  readonly checkRemainder?: boolean;
}

/**
 * Singular values at or below this are taken as zero: an eigenvalue of the Gram
 * matrix is known to about max(n, p) ε σ₁², so its square root to √(max(n, p) ε) σ₁.
 */
function rankTolerance(singularValues: Float64Array, n: number, p: number): number {
  return (singularValues[0] ?? 0) * Math.sqrt(Math.max(n, p) * Number.EPSILON) * 4;
}

/** X minus its column means (a copy), and the means. */
function centered(X: DenseMatrix, center: boolean): { Xc: Float64Array; mean: Float64Array } {
  const n = X.rows;
  const p = X.columns;
  const mean = new Float64Array(p);
  if (!center) return { Xc: X.values, mean };
  const v = X.values;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += v[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xc[i * p + j] = v[i * p + j] - mean[j];
  return { Xc, mean };
}

/** `rows × kept` product of a row-major `rows × p` array with the transpose of a `kept × p` one. */
export function multiplyTransposed(A: Float64Array, rows: number, p: number, B: Float64Array, kept: number): Float64Array {
  const out = new Float64Array(rows * kept);
  const p4 = p - (p % 4);
  for (let i = 0; i < rows; i++) {
    const a = i * p;
    for (let c = 0; c < kept; c++) {
      const b = c * p;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < p4; j += 4) {
        s0 += A[a + j] * B[b + j];
        s1 += A[a + j + 1] * B[b + j + 1];
        s2 += A[a + j + 2] * B[b + j + 2];
        s3 += A[a + j + 3] * B[b + j + 3];
      }
      let s = s0 + s1 + (s2 + s3);
      for (; j < p; j++) s += A[a + j] * B[b + j];
      out[i * kept + c] = s;
    }
  }
  return out;
}

/** X (in the kernels' memory) times each kept component: `rows × kept` row-major. */
function kernelProjections(X: KernelMatrix, components: Float64Array, kept: number): Float64Array {
  const n = X.rows;
  const p = X.columns;
  const out = new Float64Array(n * kept);
  const column = new Float64Array(n);
  for (let c = 0; c < kept; c++) {
    X.multiply(components.subarray(c * p, (c + 1) * p), column);
    for (let i = 0; i < n; i++) out[i * kept + c] = column[i];
  }
  return out;
}

/** The index of the largest |value| of column c of a row-major `rows × width` array (the first on ties). */
function argmaxAbs(values: Float64Array, rows: number, width: number, c: number): number {
  let best = 0;
  let bestAbs = -1;
  for (let i = 0; i < rows; i++) {
    const a = Math.abs(values[i * width + c]);
    if (a > bestAbs) {
      bestAbs = a;
      best = i;
    }
  }
  return best;
}

/** Completes orthonormal rows `from..count-1` of a `count × p` array by Gram–Schmidt on the unit vectors. */
export function completeOrthonormal(V: Float64Array, from: number, count: number, p: number): void {
  let candidate = 0;
  for (let r = from; r < count; r++) {
    for (; candidate < p; candidate++) {
      const row = new Float64Array(p);
      row[candidate] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < r; q++) {
          let dot = 0;
          for (let j = 0; j < p; j++) dot += row[j] * V[q * p + j];
          for (let j = 0; j < p; j++) row[j] -= dot * V[q * p + j];
        }
      }
      let norm = 0;
      for (let j = 0; j < p; j++) norm += row[j] * row[j];
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let j = 0; j < p; j++) V[r * p + j] = row[j] / norm;
        candidate++;
        break;
      }
    }
  }
}

/**
 * The kept eigenvalues' (σ²) share of the largest below which the Gram matrix's
 * rounding (about p ε σ₁²) shows in the 1e-10 digit, and the accurate path is taken.
 */
const GRAM_RELATIVE_FLOOR = 1e-4;

/** The upper triangle R (p × p, row-major) of a Householder QR of a row-major n × p array (n ≥ p). */
export function householderR(A: Float64Array, n: number, p: number): Float64Array {
  // column-major working copy: the reflections walk down columns
  const a = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) a[j * n + i] = A[i * p + j];
  for (let j = 0; j < p; j++) {
    const col = j * n;
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[col + i] * a[col + i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[col + j] > 0 ? -norm : norm;
    // v = x − α e₁, stored in place of x (the diagonal entry becomes α afterwards)
    a[col + j] -= alpha;
    let vNorm2 = 0;
    for (let i = j; i < n; i++) vNorm2 += a[col + i] * a[col + i];
    for (let c = j + 1; c < p; c++) {
      const other = c * n;
      let dot = 0;
      for (let i = j; i < n; i++) dot += a[col + i] * a[other + i];
      const f = (2 * dot) / vNorm2;
      for (let i = j; i < n; i++) a[other + i] -= f * a[col + i];
    }
    a[col + j] = alpha;
  }
  const R = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) R[i * p + j] = a[j * n + i];
  return R;
}

/** Singular values and right singular vectors (rows) of a row-major rows × columns array, by ml-matrix's SVD. */
function accurateSvd(values: Float64Array, rows: number, columns: number): { singularValues: Float64Array; components: Float64Array } {
  const m = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) m.set(i, j, values[i * columns + j]);
  const svd = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, autoTranspose: true });
  const r = Math.min(rows, columns);
  const V = svd.rightSingularVectors;
  const singularValues = Float64Array.from(svd.diagonal.slice(0, r));
  const components = new Float64Array(r * columns);
  for (let c = 0; c < r; c++) for (let j = 0; j < columns; j++) components[c * columns + j] = V.get(j, c);
  return { singularValues, components };
}

/** σ and right singular vectors (rows, p × p) from the eigendecomposition of XᵀX. */
function tallGram(X: KernelMatrix): { singularValues: Float64Array; components: Float64Array } {
  const { values, vectors } = symmetricEigen(X.gram(), X.columns);
  return { singularValues: values.map((v) => Math.sqrt(Math.max(0, v))), components: vectors };
}

/** σ and right singular vectors (rows, n × p) from the eigendecomposition of XXᵀ (n < p). */
function wideGram(Xc: Float64Array, n: number, p: number): { singularValues: Float64Array; components: Float64Array } {
  const transposed = new Float64Array(p * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) transposed[j * n + i] = Xc[i * p + j];
  const { gram } = gramMatrix(new DenseMatrix(transposed, p, n));
  const { values, vectors } = symmetricEigen(gram, n);
  const singularValues = values.map((v) => Math.sqrt(Math.max(0, v)));
  const tolerance = rankTolerance(singularValues, n, p);
  // right singular vectors vᵢ = Xcᵀ uᵢ / σᵢ; beyond the rank, an orthonormal completion
  const components = new Float64Array(n * p);
  let rank = 0;
  for (let k = 0; k < n && singularValues[k] > tolerance; k++, rank++) {
    for (let i = 0; i < n; i++) {
      const u = vectors[k * n + i] / singularValues[k];
      if (u === 0) continue;
      for (let j = 0; j < p; j++) components[k * p + j] += u * Xc[i * p + j];
    }
  }
  completeOrthonormal(components, rank, n, p);
  return { singularValues, components };
}

/** True when the Gram path's precision is not enough for what is kept (or for the variance left over). */
function needsAccuratePath(singularValues: Float64Array, kept: number, checkRemainder: boolean): boolean {
  const largest = (singularValues[0] ?? 0) ** 2;
  if (largest === 0) return false;
  if (kept > 0 && singularValues[kept - 1] ** 2 < GRAM_RELATIVE_FLOOR * largest) return true;
  if (!checkRemainder || kept >= singularValues.length) return false;
  let rest = 0;
  for (let i = kept; i < singularValues.length; i++) rest += singularValues[i] ** 2;
  return rest / (singularValues.length - kept) < GRAM_RELATIVE_FLOOR * largest;
}

/**
 * A thin SVD of X (centred on its column means when `center`), keeping the
 * leading `keep(singularValues)` components, with scikit-learn 1.2's signs.
 */
export function gramSvd(X: DenseMatrix, options: GramSvdOptions): GramSvd {
  const n = X.rows;
  const p = X.columns;
  if (n < p) {
    const { Xc, mean } = centered(X, options.center);
    return finish(X, mean, () => Xc, () => wideGram(Xc, n, p), options, undefined);
  }
  // tall: X (centred) lives in the kernels' memory for XᵀX and the projections
  const kernel = KernelMatrix.from(X);
  try {
    const mean = options.center ? kernel.columnMeans() : new Float64Array(p);
    if (options.center) kernel.subtractFromRows(mean);
    return finish(X, mean, () => kernel.view().slice(), () => tallGram(kernel), options, kernel);
  } finally {
    kernel.dispose();
  }
}

/** The steps both shapes share: keep, redo accurately when needed, project, orient. */
function finish(
  X: DenseMatrix,
  mean: Float64Array,
  centredValues: () => Float64Array,
  decompose: () => { singularValues: Float64Array; components: Float64Array },
  options: GramSvdOptions,
  kernel: KernelMatrix | undefined,
): GramSvd {
  const n = X.rows;
  const p = X.columns;
  const r = Math.min(n, p);
  let { singularValues, components } = decompose();
  let kept = Math.min(r, options.keep(singularValues));
  if (needsAccuratePath(singularValues, kept, options.checkRemainder ?? false)) {
    const Xc = centredValues();
    ({ singularValues, components } = n >= p ? accurateSvd(householderR(Xc, n, p), p, p) : accurateSvd(Xc, n, p));
    kept = Math.min(r, options.keep(singularValues));
  }
  const tolerance = rankTolerance(singularValues, n, p);
  const keptComponents = components.slice(0, kept * p);
  const projected = kernel ? kernelProjections(kernel, keptComponents, kept) : multiplyTransposed(centredValues(), n, p, keptComponents, kept);
  for (let c = 0; c < kept; c++) {
    // scikit-learn's svd_flip (u-based): the largest |u| of each component is positive;
    // a component with u = 0 (zero singular value) takes the largest |v| instead
    const i = argmaxAbs(projected, n, kept, c);
    let sign = Math.sign(projected[i * kept + c]);
    if (sign === 0 || singularValues[c] <= tolerance) {
      let best = 0;
      for (let j = 1; j < p; j++) if (Math.abs(keptComponents[c * p + j]) > Math.abs(keptComponents[c * p + best])) best = j;
      sign = Math.sign(keptComponents[c * p + best]) || 1;
    }
    if (sign < 0) {
      for (let j = 0; j < p; j++) keptComponents[c * p + j] = -keptComponents[c * p + j];
      for (let t = 0; t < n; t++) projected[t * kept + c] = -projected[t * kept + c];
    }
  }
  return { mean, singularValues: singularValues.slice(0, r), components: keptComponents, projected, kept };
}

/**
 * scikit-learn 1.2's randomized SVD (`sklearn.utils.extmath.randomized_svd` with
 * `randomized_range_finder`), as PCA (`svd_solver='randomized'`) and TruncatedSVD
 * (`algorithm='randomized'`) run it: the same Gaussian test matrix, drawn from numpy's
 * `RandomState` in scikit-learn's order and shape, the same number of power
 * iterations, the same oversampling and the same transposition of wide matrices, and
 * the same signs (`svd_flip`, based on the left singular vectors of X).
 *
 * What it computes is fixed by those choices: with M the matrix (X, or Xᵀ when X is
 * wide), Ω the test matrix and q the power iterations, the result is the SVD of M
 * projected on the span of Y = M (MᵀM)^q Ω. The normalizations between power
 * iterations (scikit-learn's LU or QR) and the orthonormalization of Y change the
 * bases, not the spans, so they are free to differ; here:
 *
 * - power iterations in the small space: Z ← orth(G Z) with G = MᵀM (one SIMD Gram
 *   matrix instead of two products with M per iteration; 'none' skips orth);
 * - Y = M Z′ with Z′ = Z W Λ^(−1/2) from the eigendecomposition ZᵀGZ = W Λ Wᵀ, so Y is
 *   already nearly orthonormal, and one Cholesky pass (Q = Y L⁻ᵀ with YᵀY = L Lᵀ) makes it
 *   orthonormal to rounding; directions of M Z of relative size below ~1e-7 are dropped
 *   (their part of the span is rounding noise in scikit-learn's QR too);
 * - B = QᵀM = L⁻¹ (YᵀM), its SVD (from the small B Bᵀ, or ml-matrix's SVD when the kept
 *   singular values span more than 10²), and U = Q Û = M (Z′ L⁻ᵀ Û).
 *
 * The big products (G, Y, YᵀY, YᵀM, U) run on the dense SIMD kernels; M is transposed
 * once. The results agree with scikit-learn's to rounding, amplified like any SVD's by
 * small gaps between singular values (measured: 2e-13 on the fixtures).
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { RandomState } from '../../core/random-state.js';
import { completeOrthonormal } from './gram-svd.js';
import { centerColumns, KernelBlock, productTN, transposed } from './kernel-blocks.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** The options of {@link randomizedSvd}, as scikit-learn's `randomized_svd` names them. */
export interface RandomizedSvdOptions {
  readonly nComponents: number;
  /** Extra random directions (scikit-learn's `n_oversamples`). */
  readonly nOversamples: number;
  /** Power iterations; 'auto': 7 when nComponents < 0.1 min(n, p), else 4. */
  readonly nIter: number | 'auto';
  /** 'auto': 'none' up to 2 iterations, else 'LU' (both give the span scikit-learn's gives). */
  readonly powerIterationNormalizer: 'auto' | 'QR' | 'LU' | 'none';
  /** The generator of the Gaussian test matrix (advanced by `cols × (k + oversamples)` draws). */
  readonly random: RandomState;
  /** Also return U·S (PCA's `fit_transform`). @default false */
  readonly withProjections?: boolean;
  /** Centre the columns of X first (PCA): the means are returned. @default false */
  readonly center?: boolean;
}

/** The leading singular triplets of X. */
export interface RandomizedSvdResult {
  /** The right singular vectors, `k × p` row-major (scikit-learn's `Vt[:k]`). */
  readonly components: Float64Array;
  readonly singularValues: Float64Array;
  /** U·S, `n × k` row-major, when asked for. */
  readonly projections: Float64Array | undefined;
  /** The column means subtracted (zeros without centring). */
  readonly mean: Float64Array;
  /** The sum of the squares of the (centred) values of X. */
  readonly sumOfSquares: number;
}

/** Directions of M Z smaller than this (relative to the largest) are dropped as rounding noise. */
const RELATIVE_RANK_FLOOR = 1e-14;

/**
 * The randomized SVD of a row-major `n × p` array (centred first with `center`).
 */
export function randomizedSvd(X: Float64Array, n: number, p: number, options: RandomizedSvdOptions): RandomizedSvdResult {
  const k = options.nComponents;
  const nIter = options.nIter === 'auto' ? (k < 0.1 * Math.min(n, p) ? 7 : 4) : options.nIter;
  let normalizer = options.powerIterationNormalizer;
  if (normalizer === 'auto') normalizer = nIter <= 2 ? 'none' : 'LU';
  const transpose = n < p;
  // M (rows × cols): X, or Xᵀ for a wide X (scikit-learn's transpose='auto')
  const cols = transpose ? n : p;
  const blocks: KernelBlock[] = [];
  const keep = (b: KernelBlock): KernelBlock => (blocks.push(b), b);
  try {
    const Xb = keep(KernelBlock.from(X, n, p));
    const mean = options.center === true ? centerColumns(Xb) : new Float64Array(p);
    const M = transpose ? keep(transposed(Xb)) : Xb;
    const Mt = transpose ? Xb : keep(transposed(Xb));
    const gramBlock = keep(productTN(M, M, true));
    const G = gramBlock.toArray();
    let sumOfSquares = 0;
    for (let j = 0; j < cols; j++) sumOfSquares += G[j * cols + j] as number;

    // the test matrix: numpy's normal(size=(cols, k + oversamples)), row-major
    const m = k + options.nOversamples;
    let Z = options.random.normal(0, 1, cols * m) as Float64Array;
    let width = m;
    for (let i = 0; i < nIter; i++) {
      Z = gramTimes(gramBlock, Z, width);
      if (normalizer !== 'none') ({ q: Z, width } = orthonormalColumns(Z, cols, width));
    }

    // a basis of span(M Z) that is nearly orthonormal before it is formed
    const { basis, count } = preconditioned(G, cols, Z, width);
    const Zb = keep(KernelBlock.from(basis, cols, count));
    const Y = keep(productTN(Mt, Zb)); // M Z′, rows × count
    const gram = productTN(Y, Y, true);
    const S = gram.toArray();
    gram.dispose();
    // Q = Y L⁻ᵀ is orthonormal (YᵀY = L Lᵀ), so B = QᵀM = L⁻¹ (YᵀM)
    const Linv = inverseCholeskyTransposed(S, count); // L⁻ᵀ, count × count
    const YtM = productTN(Y, M); // count × cols
    const C = YtM.toArray();
    YtM.dispose();
    const Bvalues = new Float64Array(count * cols);
    for (let a = 0; a < count; a++) {
      for (let t = 0; t <= a; t++) {
        const l = Linv[t * count + a] as number; // (L⁻¹)[a][t]
        if (l === 0) continue;
        for (let j = 0; j < cols; j++) Bvalues[a * cols + j] = (Bvalues[a * cols + j] as number) + l * (C[t * cols + j] as number);
      }
    }

    // SVD of B: B = Û S Vᵀ
    const { U: Uhat, s, V } = thinSvd(Bvalues, count, cols, k);
    const r = s.length;
    const kk = Math.min(k, r);
    // U = Q Û = M (Z′ L⁻ᵀ Û) for the kept columns (rows × kk)
    const W = new Float64Array(count * kk);
    for (let a = 0; a < count; a++) {
      for (let c = 0; c < kk; c++) {
        let sum = 0;
        for (let t = a; t < count; t++) sum += (Linv[a * count + t] as number) * (Uhat[t * r + c] as number);
        W[a * kk + c] = sum;
      }
    }
    const ZW = new Float64Array(cols * kk);
    for (let i = 0; i < cols; i++) {
      for (let a = 0; a < count; a++) {
        const z = basis[i * count + a] as number;
        if (z === 0) continue;
        for (let c = 0; c < kk; c++) ZW[i * kk + c] = (ZW[i * kk + c] as number) + z * (W[a * kk + c] as number);
      }
    }
    const Ublock = productTN(Mt, keep(KernelBlock.from(ZW, cols, kk)));
    const U = Ublock.toArray();
    Ublock.dispose();

    // svd_flip: the largest |entry| of each left singular vector of X is positive.
    // X's left vectors are U (n × kk) unless transposed, where they are V (n × r)
    const left = transpose ? V : U;
    const leftStride = transpose ? r : kk;
    const right = transpose ? U : V;
    const rightStride = transpose ? kk : r;
    const components = new Float64Array(k * p);
    const singularValues = new Float64Array(k);
    const projections = options.withProjections === true ? new Float64Array(n * k) : undefined;
    for (let c = 0; c < kk; c++) {
      singularValues[c] = s[c] as number;
      let best = 0;
      let bestAbs = -1;
      for (let i = 0; i < n; i++) {
        const a = Math.abs(left[i * leftStride + c] as number);
        if (a > bestAbs) {
          bestAbs = a;
          best = i;
        }
      }
      const sign = (left[best * leftStride + c] as number) < 0 ? -1 : 1;
      for (let j = 0; j < p; j++) components[c * p + j] = sign * (right[j * rightStride + c] as number);
      if (projections) {
        const scale = sign * (s[c] as number);
        for (let i = 0; i < n; i++) projections[i * k + c] = (left[i * leftStride + c] as number) * scale;
      }
    }
    // fewer directions than components (X of lower rank): an orthonormal completion with singular value 0
    if (kk < k) completeOrthonormal(components, kk, k, p);
    return { components, singularValues, projections, mean, sumOfSquares };
  } finally {
    for (const b of blocks) b.dispose();
  }
}

/** G Z for the Gram block G (symmetric) and a row-major `G.rows × width` Z, on the kernels. */
function gramTimes(G: KernelBlock, Z: Float64Array, width: number): Float64Array {
  const Zb = KernelBlock.from(Z, G.rows, width);
  try {
    const product = productTN(G, Zb);
    const out = product.toArray();
    product.dispose();
    return out;
  } finally {
    Zb.dispose();
  }
}

/** G Z for a small symmetric `size × size` G and a `size × width` Z (row-major). */
function multiplySmall(G: Float64Array, size: number, Z: Float64Array, width: number): Float64Array {
  const out = new Float64Array(size * width);
  for (let i = 0; i < size; i++) {
    for (let t = 0; t < size; t++) {
      const g = G[i * size + t] as number;
      if (g === 0) continue;
      for (let c = 0; c < width; c++) out[i * width + c] = (out[i * width + c] as number) + g * (Z[t * width + c] as number);
    }
  }
  return out;
}

/**
 * An orthonormal basis of the span of the columns of a row-major `size × width`
 * array, by Gram–Schmidt applied twice (each column against the ones before it, then
 * again: orthonormal to rounding); at most `size` columns, as scipy's economic QR
 * and LU give. A column that vanishes against the others (a rank below `width`) is
 * dropped. Only the span matters to the randomized SVD.
 */
export function orthonormalColumns(A: Float64Array, size: number, width: number): { q: Float64Array; width: number } {
  // column-major working copy: the columns are contiguous
  const cols = new Float64Array(size * width);
  for (let i = 0; i < size; i++) for (let j = 0; j < width; j++) cols[j * size + i] = A[i * width + j] as number;
  let kept = 0;
  for (let j = 0; j < width && kept < size; j++) {
    const col = j * size;
    let original = 0;
    for (let i = 0; i < size; i++) original += (cols[col + i] as number) ** 2;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < kept; c++) {
        const other = c * size;
        let dot = 0;
        for (let i = 0; i < size; i++) dot += (cols[other + i] as number) * (cols[col + i] as number);
        for (let i = 0; i < size; i++) cols[col + i] = (cols[col + i] as number) - dot * (cols[other + i] as number);
      }
    }
    let norm = 0;
    for (let i = 0; i < size; i++) norm += (cols[col + i] as number) ** 2;
    if (!(norm > 1e-28 * original) || norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    const to = kept * size;
    for (let i = 0; i < size; i++) cols[to + i] = (cols[col + i] as number) * scale;
    kept++;
  }
  const q = new Float64Array(size * kept);
  for (let c = 0; c < kept; c++) for (let i = 0; i < size; i++) q[i * kept + c] = cols[c * size + i] as number;
  return { q, width: kept };
}

/**
 * Z W Λ^(−1/2) from ZᵀGZ = W Λ Wᵀ, dropping the directions of relative size below
 * the floor: a basis of span(M Z) whose image under M is nearly orthonormal.
 */
function preconditioned(G: Float64Array, size: number, Z: Float64Array, width: number): { basis: Float64Array; count: number } {
  const GZ = multiplySmall(G, size, Z, width);
  const S = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      let sum = 0;
      for (let i = 0; i < size; i++) sum += (Z[i * width + a] as number) * (GZ[i * width + b] as number);
      S[a * width + b] = sum;
      S[b * width + a] = sum;
    }
  }
  const { values, vectors } = symmetricEigen(S, width);
  const largest = Math.max(values[0] as number, 0);
  let count = 0;
  while (count < width && (values[count] as number) > RELATIVE_RANK_FLOOR * largest) count++;
  const basis = new Float64Array(size * count);
  for (let c = 0; c < count; c++) {
    const scale = 1 / Math.sqrt(values[c] as number);
    for (let t = 0; t < width; t++) {
      const w = (vectors[c * width + t] as number) * scale;
      for (let i = 0; i < size; i++) basis[i * count + c] = (basis[i * count + c] as number) + (Z[i * width + t] as number) * w;
    }
  }
  return { basis, count };
}

/** L⁻ᵀ for the Cholesky factor L of a (nearly identity) SPD `size × size` S = L Lᵀ. */
function inverseCholeskyTransposed(S: Float64Array, size: number): Float64Array {
  const L = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    let d = S[j * size + j] as number;
    for (let t = 0; t < j; t++) d -= (L[j * size + t] as number) ** 2;
    const ljj = Math.sqrt(Math.max(d, Number.MIN_VALUE));
    L[j * size + j] = ljj;
    for (let i = j + 1; i < size; i++) {
      let v = S[i * size + j] as number;
      for (let t = 0; t < j; t++) v -= (L[i * size + t] as number) * (L[j * size + t] as number);
      L[i * size + j] = v / ljj;
    }
  }
  // L⁻¹ by forward substitution, then its transpose
  const inv = new Float64Array(size * size);
  for (let c = 0; c < size; c++) {
    for (let i = c; i < size; i++) {
      let v = i === c ? 1 : 0;
      for (let t = c; t < i; t++) v -= (L[i * size + t] as number) * (inv[t * size + c] as number);
      inv[i * size + c] = v / (L[i * size + i] as number);
    }
  }
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) out[i * size + j] = inv[j * size + i] as number;
  return out;
}

/**
 * B = U S Vᵀ for a row-major `rows × cols` B (rows ≤ cols here): U rows × r, V
 * cols × r, r = min(rows, cols). From the eigendecomposition of the small B Bᵀ (U),
 * then V = Bᵀ U with its column norms as S; when the `keep` leading singular values
 * span more than 10² (B Bᵀ would square that into the rounding of the small ones),
 * from ml-matrix's SVD of Bᵀ instead.
 */
function thinSvd(B: Float64Array, rows: number, cols: number, keep: number): { U: Float64Array; s: Float64Array; V: Float64Array } {
  const BBt = new Float64Array(rows * rows);
  for (let a = 0; a < rows; a++) {
    for (let b = a; b < rows; b++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += (B[a * cols + j] as number) * (B[b * cols + j] as number);
      BBt[a * rows + b] = sum;
      BBt[b * rows + a] = sum;
    }
  }
  const { values, vectors } = symmetricEigen(BBt, rows);
  const r = Math.min(rows, cols);
  const last = Math.min(keep, r) - 1;
  if (last >= 0 && !((values[last] as number) > 1e-4 * (values[0] as number))) return accurateThinSvd(B, rows, cols);
  const U = new Float64Array(rows * r);
  const V = new Float64Array(cols * r);
  const s = new Float64Array(r);
  for (let c = 0; c < r; c++) {
    for (let a = 0; a < rows; a++) U[a * r + c] = vectors[c * rows + a] as number;
    let norm = 0;
    for (let j = 0; j < cols; j++) {
      let v = 0;
      for (let a = 0; a < rows; a++) v += (B[a * cols + j] as number) * (vectors[c * rows + a] as number);
      V[j * r + c] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    s[c] = norm;
    if (norm > 0) for (let j = 0; j < cols; j++) V[j * r + c] = (V[j * r + c] as number) / norm;
  }
  return { U, s, V };
}

/** {@link thinSvd} by ml-matrix's SVD of Bᵀ (tall): accurate for small singular values too. */
function accurateThinSvd(B: Float64Array, rows: number, cols: number): { U: Float64Array; s: Float64Array; V: Float64Array } {
  // Bᵀ is tall: Bᵀ = V S Uᵀ
  const Bt = new Matrix(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) Bt.set(j, i, B[i * cols + j] as number);
  const svd = new SingularValueDecomposition(Bt, { autoTranspose: true });
  const r = Math.min(rows, cols);
  const s = Float64Array.from(svd.diagonal.slice(0, r));
  const left = svd.leftSingularVectors; // cols × r: V
  const right = svd.rightSingularVectors; // rows × r: U
  const V = new Float64Array(cols * r);
  const U = new Float64Array(rows * r);
  for (let j = 0; j < cols; j++) for (let c = 0; c < r; c++) V[j * r + c] = left.get(j, c);
  for (let i = 0; i < rows; i++) for (let c = 0; c < r; c++) U[i * r + c] = right.get(i, c);
  return { U, s, V };
}

/**
 * The Gaussian-process kernel: a constant amplitude times a Matérn 5/2 kernel
 * with one length scale per feature group (ARD), plus white noise:
 *
 *     k(x, x') = a · (1 + √5 r + 5r²/3) · exp(−√5 r) + s² · [x = x'],
 *     r² = Σ_g ‖x_g − x'_g‖² / ℓ_g²
 *
 * A feature group is one real or integer feature, or the one-hot block of a
 * categorical (whose distance is then 0 or 2: the kernel knows only "same" or
 * "different" category). Hyperparameters travel as `theta`, in log space:
 * `[log a, log ℓ_1, ..., log ℓ_G, log s²]`.
 */

/** A block of feature columns sharing a length scale. */
export interface KernelGroup {
  readonly offset: number;
  readonly width: number;
}

/** Kernel hyperparameters in natural units. */
export interface KernelHyperparameters {
  /** The signal variance `a`. */
  readonly amplitude: number;
  /** One length scale per group. */
  readonly lengthScales: readonly number[];
  /** The noise variance `s²`. */
  readonly noise: number;
}

const SQRT5 = Math.sqrt(5);

/**
 * Matérn 5/2 of r (unit amplitude).
 * @example
 * ```ts
 * matern52(0); // 1
 * matern52(1); // ≈ 0.524
 * ```
 */
export function matern52(r: number): number {
  const s = SQRT5 * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

/**
 * Matérn 5/2 ARD kernel with amplitude and noise.
 * @example
 * ```ts
 * const kernel = new Matern52Kernel([{ offset: 0, width: 1 }, { offset: 1, width: 1 }]);
 * const theta = kernel.theta({ amplitude: 1, lengthScales: [0.3, 0.5], noise: 1e-6 });
 * const K = kernel.matrix(X, 10, theta); // 10×10, row-major
 * ```
 */
export class Matern52Kernel {
  readonly groups: readonly KernelGroup[];
  /** The number of feature columns. */
  readonly nFeatures: number;

  /** The group of each feature column. */
  private readonly groupOf: Int32Array;

  /** @param groups feature groups, or a number of features (one group each). */
  constructor(groups: readonly KernelGroup[] | number) {
    this.groups = typeof groups === 'number' ? Array.from({ length: groups }, (_, i) => ({ offset: i, width: 1 })) : groups;
    this.nFeatures = this.groups.reduce((m, g) => Math.max(m, g.offset + g.width), 0);
    this.groupOf = new Int32Array(this.nFeatures).fill(-1);
    this.groups.forEach((g, k) => this.groupOf.fill(k, g.offset, g.offset + g.width));
  }

  /** 1/ℓ² of each feature column's group (0 for a column in no group). */
  columnWeights(theta: ArrayLike<number>): Float64Array {
    const w = new Float64Array(this.nFeatures);
    for (let c = 0; c < this.nFeatures; c++) {
      const g = this.groupOf[c] as number;
      w[c] = g < 0 ? 0 : Math.exp(-2 * (theta[g + 1] as number));
    }
    return w;
  }

  /** The number of hyperparameters (G + 2). */
  get nParams(): number {
    return this.groups.length + 2;
  }

  /** Hyperparameters to `theta` (log space). */
  theta(h: KernelHyperparameters): Float64Array {
    return Float64Array.from([Math.log(h.amplitude), ...h.lengthScales.map(Math.log), Math.log(h.noise)]);
  }

  /** `theta` to hyperparameters. */
  hyperparameters(theta: ArrayLike<number>): KernelHyperparameters {
    const G = this.groups.length;
    return {
      amplitude: Math.exp(theta[0] as number),
      lengthScales: Array.from({ length: G }, (_, g) => Math.exp(theta[g + 1] as number)),
      noise: Math.exp(theta[G + 1] as number),
    };
  }

  /** Squared distance per group between rows `i` of A and `j` of B, written to `out` (length G). */
  groupDistances(A: Float64Array, i: number, B: Float64Array, j: number, out: Float64Array): void {
    const p = this.nFeatures;
    out.fill(0);
    const ai = i * p;
    const bj = j * p;
    for (let c = 0; c < p; c++) {
      const g = this.groupOf[c] as number;
      if (g < 0) continue;
      const d = (A[ai + c] as number) - (B[bj + c] as number);
      out[g] = (out[g] as number) + d * d;
    }
  }

  /**
   * The per-group squared distances of every pair i > j of the n rows of X,
   * packed: pair (i, j) starts at ((i(i−1))/2 + j)·G. Reused across the many
   * kernel evaluations of a hyperparameter fit.
   */
  pairDistances(X: Float64Array, n: number): Float64Array {
    const G = this.groups.length;
    const D = new Float64Array(((n * (n - 1)) / 2) * G);
    const tmp = new Float64Array(G);
    let q = 0;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        this.groupDistances(X, i, X, j, tmp);
        D.set(tmp, q);
        q += G;
      }
    }
    return D;
  }

  /** The kernel matrix (with noise on the diagonal) from packed distances, into `out` (n×n, full). */
  matrixFromDistances(D: Float64Array, n: number, theta: ArrayLike<number>, out: Float64Array = new Float64Array(n * n)): Float64Array {
    const G = this.groups.length;
    const amp = Math.exp(theta[0] as number);
    const inv = new Float64Array(G);
    for (let g = 0; g < G; g++) inv[g] = Math.exp(-2 * (theta[g + 1] as number));
    const noise = Math.exp(theta[G + 1] as number);
    let q = 0;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      for (let j = 0; j < i; j++) {
        let r2 = 0;
        for (let g = 0; g < G; g++) r2 += (D[q + g] as number) * (inv[g] as number);
        q += G;
        const s = SQRT5 * Math.sqrt(r2);
        const v = amp * (1 + s + (s * s) / 3) * Math.exp(-s);
        out[ri + j] = v;
        out[j * n + i] = v;
      }
      out[ri + i] = amp + noise;
    }
    return out;
  }

  /** The n×n kernel matrix of the rows of X (noise on the diagonal). */
  matrix(X: Float64Array, n: number, theta: ArrayLike<number>): Float64Array {
    return this.matrixFromDistances(this.pairDistances(X, n), n, theta);
  }

  /** The m×n cross-covariance between rows of Z and rows of X (no noise), into `out`. */
  cross(Z: Float64Array, m: number, X: Float64Array, n: number, theta: ArrayLike<number>, out: Float64Array = new Float64Array(m * n)): Float64Array {
    const p = this.nFeatures;
    const amp = Math.exp(theta[0] as number);
    const w = this.columnWeights(theta);
    for (let a = 0; a < m; a++) {
      const za = a * p;
      const oa = a * n;
      for (let b = 0; b < n; b++) {
        const xb = b * p;
        let r2 = 0;
        for (let c = 0; c < p; c++) {
          const d = (Z[za + c] as number) - (X[xb + c] as number);
          r2 += d * d * (w[c] as number);
        }
        const s = SQRT5 * Math.sqrt(r2);
        out[oa + b] = amp * (1 + s + (s * s) / 3) * Math.exp(-s);
      }
    }
    return out;
  }

  /**
   * Accumulates ½ Σ_ij W_ij ∂K_ij/∂θ_k for every hyperparameter into `grad`,
   * for a symmetric n×n W (the log marginal likelihood gradient when
   * W = ααᵀ − K⁻¹). Uses: ∂K/∂log a = K − s²I, ∂K/∂log s² = s²I, and
   * ∂k/∂log ℓ_g = (5/3) a (1 + √5 r) exp(−√5 r) · d_g² / ℓ_g².
   */
  contractGradient(D: Float64Array, n: number, theta: ArrayLike<number>, W: Float64Array, grad: Float64Array): void {
    const G = this.groups.length;
    const amp = Math.exp(theta[0] as number);
    const inv = new Float64Array(G);
    for (let g = 0; g < G; g++) inv[g] = Math.exp(-2 * (theta[g + 1] as number));
    const noise = Math.exp(theta[G + 1] as number);
    const acc = new Float64Array(G);
    let gAmp = 0;
    let gNoise = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      for (let j = 0; j < i; j++) {
        let r2 = 0;
        for (let g = 0; g < G; g++) r2 += (D[q + g] as number) * (inv[g] as number);
        const s = SQRT5 * Math.sqrt(r2);
        const e = Math.exp(-s);
        const w = W[ri + j] as number; // counted twice (i, j) and (j, i)
        gAmp += w * amp * (1 + s + (s * s) / 3) * e;
        const c = w * (5 / 3) * amp * (1 + s) * e;
        for (let g = 0; g < G; g++) acc[g] = (acc[g] as number) + c * (D[q + g] as number) * (inv[g] as number);
        q += G;
      }
      const wii = W[ri + i] as number;
      gAmp += 0.5 * wii * amp;
      gNoise += 0.5 * wii * noise;
    }
    grad[0] = gAmp;
    for (let g = 0; g < G; g++) grad[g + 1] = acc[g] as number;
    grad[G + 1] = gNoise;
  }

  /** The n×n matrices ∂K/∂θ_k, one per hyperparameter (for tests and diagnostics; fits use {@link contractGradient}). */
  gradients(X: Float64Array, n: number, theta: ArrayLike<number>): Float64Array[] {
    const G = this.groups.length;
    const amp = Math.exp(theta[0] as number);
    const inv = Array.from({ length: G }, (_, g) => Math.exp(-2 * (theta[g + 1] as number)));
    const noise = Math.exp(theta[G + 1] as number);
    const out = Array.from({ length: G + 2 }, () => new Float64Array(n * n));
    const tmp = new Float64Array(G);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        this.groupDistances(X, i, X, j, tmp);
        let r2 = 0;
        for (let g = 0; g < G; g++) r2 += (tmp[g] as number) * (inv[g] as number);
        const s = SQRT5 * Math.sqrt(r2);
        const e = Math.exp(-s);
        (out[0] as Float64Array)[i * n + j] = amp * (1 + s + (s * s) / 3) * e;
        for (let g = 0; g < G; g++) (out[g + 1] as Float64Array)[i * n + j] = (5 / 3) * amp * (1 + s) * e * (tmp[g] as number) * (inv[g] as number);
        if (i === j) (out[G + 1] as Float64Array)[i * n + j] = noise;
      }
    }
    return out;
  }

  /**
   * The cross-covariance k(z, X) and its gradient with respect to z's features:
   * ∂k/∂z_c = −(5/3) a (1 + √5 r) exp(−√5 r) (z_c − x_c) / ℓ_g². `dk` is n×p row-major.
   */
  crossWithGradient(z: Float64Array, X: Float64Array, n: number, theta: ArrayLike<number>, k: Float64Array, dk: Float64Array): void {
    const p = this.nFeatures;
    const amp = Math.exp(theta[0] as number);
    const w = this.columnWeights(theta);
    for (let b = 0; b < n; b++) {
      const xb = b * p;
      let r2 = 0;
      for (let c = 0; c < p; c++) {
        const d = (z[c] as number) - (X[xb + c] as number);
        r2 += d * d * (w[c] as number);
      }
      const s = SQRT5 * Math.sqrt(r2);
      const e = Math.exp(-s);
      k[b] = amp * (1 + s + (s * s) / 3) * e;
      const f = -(5 / 3) * amp * (1 + s) * e;
      for (let c = 0; c < p; c++) dk[xb + c] = f * ((z[c] as number) - (X[xb + c] as number)) * (w[c] as number);
    }
  }
}

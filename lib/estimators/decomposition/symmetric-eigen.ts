/**
 * Eigenvalues and eigenvectors of a real symmetric matrix, on flat Float64Arrays:
 * Householder reduction to tridiagonal form, then the implicit QL algorithm with
 * Wilkinson shifts (the method of EISPACK's tred2/tql2 and of ml-matrix's
 * `EigenvalueDecomposition`). Eigenvectors are kept as rows, so every Givens
 * rotation of the QL sweeps works on two contiguous rows; for the small matrices
 * PCA decomposes (p × p Gram matrices) this is several times faster than ml-matrix,
 * whose version the specs use as the reference.
 */

/** Eigenvalues in decreasing order and the matching unit eigenvectors, as rows (`n × n` row-major). */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Reduces `a` (symmetric, row-major, overwritten) to tridiagonal form QᵀAQ and
 * returns the diagonal, the off-diagonal (`off[i]` = T[i][i + 1]) and Qᵀ.
 */
function tridiagonalize(a: Float64Array, n: number): { diagonal: Float64Array; off: Float64Array; qt: Float64Array } {
  const qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) qt[i * n + i] = 1;
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // the reflection that zeroes column k below the subdiagonal
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += a[i * n + k] * a[i * n + k];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = a[(k + 1) * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    let vNorm = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = a[i * n + k] - (i === k + 1 ? alpha : 0);
      vNorm += v[i] * v[i];
    }
    if (vNorm === 0) continue;
    vNorm = Math.sqrt(vNorm);
    for (let i = k + 1; i < n; i++) v[i] /= vNorm;
    // A ← H A H on the trailing block, H = I − 2vvᵀ: A − 2vqᵀ − 2qvᵀ with q = Av − (vᵀAv)v
    let vAv = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[i * n + j] * v[j];
      p[i] = s;
      vAv += v[i] * s;
    }
    for (let i = k + 1; i < n; i++) p[i] -= vAv * v[i];
    for (let i = k + 1; i < n; i++) {
      const vi = 2 * v[i];
      const pi = 2 * p[i];
      for (let j = k + 1; j < n; j++) a[i * n + j] -= vi * p[j] + pi * v[j];
    }
    a[(k + 1) * n + k] = alpha;
    a[k * n + k + 1] = alpha;
    for (let i = k + 2; i < n; i++) {
      a[i * n + k] = 0;
      a[k * n + i] = 0;
    }
    // Qᵀ ← H Qᵀ (rows k + 1 .. n − 1)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i] * qt[i * n + j];
      s *= 2;
      if (s !== 0) for (let i = k + 1; i < n; i++) qt[i * n + j] -= s * v[i];
    }
  }
  const diagonal = new Float64Array(n);
  const off = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    diagonal[i] = a[i * n + i];
    if (i + 1 < n) off[i] = a[i * n + i + 1];
  }
  return { diagonal, off, qt };
}

/** Rotates rows i and i + 1 of the eigenvector rows: (row i, row i+1) ← (c·ri − s·ri1, s·ri + c·ri1). */
function rotateRows(z: Float64Array, n: number, i: number, c: number, s: number): void {
  const a = i * n;
  const b = a + n;
  for (let k = 0; k < n; k++) {
    const f = z[b + k];
    const g = z[a + k];
    z[b + k] = s * g + c * f;
    z[a + k] = c * g - s * f;
  }
}

/**
 * The eigendecomposition of a symmetric `n × n` row-major matrix (not modified).
 *
 * @throws {Error} if the QL iteration does not converge (it does in a few sweeps
 *   per eigenvalue for any symmetric matrix; the guard is 60 sweeps).
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  const { diagonal: d, off: e, qt: z } = tridiagonalize(matrix.slice(0, n * n), n);
  for (let l = 0; l < n; l++) {
    for (let sweep = 0; ; sweep++) {
      let m = l;
      for (; m < n - 1; m++) {
        const scale = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * scale) break;
      }
      if (m === l) break;
      if (sweep === 60) throw new Error(`symmetricEigen: no convergence for eigenvalue ${l} after 60 sweeps`);
      // Wilkinson shift from the leading 2 × 2 block
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // an off-diagonal underflowed: split the problem here
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        rotateRows(z, n, i, c, s);
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  // decreasing eigenvalues, vectors as rows in the same order
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b] - d[a] || a - b);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = d[from];
    vectors.set(z.subarray(from * n, (from + 1) * n), to * n);
  });
  return { values, vectors };
}

/**
 * The singular values of a small square matrix, without its singular vectors: what
 * LinearRegression reports (`singular`, `rank`) from the triangular factor of its QR.
 *
 * Golub and Kahan's method: Householder reflections from both sides reduce the matrix
 * to an upper bidiagonal one, then implicit QR sweeps with Wilkinson's shift (Golub and
 * Reinsch) drive its superdiagonal to zero. Every singular value comes out with an error
 * of a few ulps of the largest, as LAPACK's.
 */

/** The singular values of the `p × p` row-major `A` (not modified), descending. */
export function singularValues(A: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(A.subarray(0, p * p));
  const d = new Float64Array(p);
  /** e[k]: the superdiagonal entry above d[k] (e[0] = 0). */
  const e = new Float64Array(p);
  bidiagonalize(a, p, d, e);
  diagonalize(d, e);
  for (let k = 0; k < p; k++) d[k] = Math.abs(d[k] as number);
  return d.sort().reverse();
}

/** Reduces `a` (overwritten) to the bidiagonal (d, e) by reflections from both sides. */
function bidiagonalize(a: Float64Array, p: number, d: Float64Array, e: Float64Array): void {
  for (let k = 0; k < p; k++) {
    // left: zero column k below the diagonal
    d[k] = reflect(a, p, k, k, 'column');
    // right: zero row k beyond the superdiagonal
    if (k + 1 < p) e[k + 1] = reflect(a, p, k, k + 1, 'row');
  }
}

/**
 * A Householder reflection that maps the part of column `j` from row `i` down (or of
 * row `i` from column `j` on) onto its first entry, applied to the rest of the matrix;
 * returns that entry.
 */
function reflect(a: Float64Array, p: number, i: number, j: number, along: 'column' | 'row'): number {
  const at = along === 'column' ? (t: number): number => (i + t) * p + j : (t: number): number => i * p + j + t;
  const length = along === 'column' ? p - i : p - j;
  let scale = 0;
  for (let t = 0; t < length; t++) scale = Math.max(scale, Math.abs(a[at(t)] as number));
  if (scale === 0) return 0;
  let norm2 = 0;
  for (let t = 0; t < length; t++) {
    const v = (a[at(t)] as number) / scale;
    norm2 += v * v;
  }
  const alpha = a[at(0)] as number;
  const beta = (alpha > 0 ? -1 : 1) * scale * Math.sqrt(norm2);
  // v = x - beta e1 in place; H = I - v vᵀ / (beta (beta - alpha)) ... applied as below
  a[at(0)] = alpha - beta;
  const h = beta * (alpha - beta); // -(vᵀv) / 2, negative
  if (along === 'column') {
    for (let c = j + 1; c < p; c++) {
      let s = 0;
      for (let t = 0; t < length; t++) s += (a[(i + t) * p + j] as number) * (a[(i + t) * p + c] as number);
      const f = s / h;
      for (let t = 0; t < length; t++) a[(i + t) * p + c] = (a[(i + t) * p + c] as number) + f * (a[(i + t) * p + j] as number);
    }
  } else {
    for (let r = i + 1; r < p; r++) {
      let s = 0;
      for (let t = 0; t < length; t++) s += (a[i * p + j + t] as number) * (a[r * p + j + t] as number);
      const f = s / h;
      for (let t = 0; t < length; t++) a[r * p + j + t] = (a[r * p + j + t] as number) + f * (a[i * p + j + t] as number);
    }
  }
  return beta;
}

/** sqrt(a² + b²) without overflow or underflow. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) ** 2);
  return y === 0 ? 0 : y * Math.sqrt(1 + (x / y) ** 2);
}

/** The most QR sweeps per singular value before giving up (LAPACK allows 6 per value on average). */
const MAX_SWEEPS = 75;

/**
 * Drives the superdiagonal e of the bidiagonal (d, e) to zero by implicit shifted QR
 * sweeps, from the bottom up; d then holds the singular values (up to sign).
 */
function diagonalize(d: Float64Array, e: Float64Array): void {
  const p = d.length;
  let norm = 0;
  for (let k = 0; k < p; k++) norm = Math.max(norm, Math.abs(d[k] as number) + Math.abs(e[k] as number));
  const negligible = (v: number): boolean => Math.abs(v) <= Number.EPSILON * norm;
  for (let k = p - 1; k >= 0; k--) {
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      // the block [l, k] that still has a nonzero superdiagonal
      let l = k;
      let cancel = false;
      for (; l >= 1; l--) {
        if (negligible(e[l] as number)) break;
        if (negligible(d[l - 1] as number)) {
          cancel = true;
          break;
        }
      }
      if (l === 0) e[0] = 0;
      if (cancel) {
        // d[l - 1] is zero: rotate e[l] away against the rows below
        let c = 0;
        let s = 1;
        for (let i = l; i <= k; i++) {
          const f = s * (e[i] as number);
          e[i] = c * (e[i] as number);
          if (negligible(f)) break;
          const g = d[i] as number;
          const h = hypot(f, g);
          d[i] = h;
          c = g / h;
          s = -f / h;
        }
      }
      if (l === k) break; // d[k] has converged
      // Wilkinson's shift from the trailing 2 × 2 block of BᵀB
      const x0 = d[l] as number;
      const y = d[k - 1] as number;
      const g0 = e[k - 1] as number;
      const h0 = e[k] as number;
      const z0 = d[k] as number;
      let f = ((y - z0) * (y + z0) + (g0 - h0) * (g0 + h0)) / (2 * h0 * y);
      const r = hypot(f, 1);
      f = ((x0 - z0) * (x0 + z0) + h0 * (y / (f + (f >= 0 ? r : -r)) - h0)) / x0;
      // the QR sweep, chasing the bulge down the band
      let c = 1;
      let s = 1;
      let x = x0;
      for (let j = l; j < k; j++) {
        const i = j + 1;
        let g = e[i] as number;
        let yy = d[i] as number;
        let h = s * g;
        g = c * g;
        let z = hypot(f, h);
        e[j] = z;
        c = f / z;
        s = h / z;
        f = x * c + g * s;
        g = g * c - x * s;
        h = yy * s;
        yy *= c;
        z = hypot(f, h);
        d[j] = z;
        if (z !== 0) {
          c = f / z;
          s = h / z;
        }
        f = c * g + s * yy;
        x = c * yy - s * g;
      }
      e[l] = 0;
      e[k] = f;
      d[k] = x;
    }
  }
}

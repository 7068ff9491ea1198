// LinearRegression's least squares: a tall-skinny Householder QR, one chunk of rows at a time.
// Part of the linear models' kernel module (wasm/assembly/linear.ts): pointers are byte
// offsets into its memory; matrices are row-major and contiguous unless a leading
// dimension is given.

/**
 * Folds one chunk of rows into the upper triangular R (q × q, leading dimension `ld`,
 * zero beyond column q) of a QR factorization: R becomes the R factor of [R; C], C the
 * chunk's augmented rows [1 (when `intercept`), x - shift, y - yshift], by one
 * Householder reflection per column that zeroes C's column against R's diagonal
 * (a tall-skinny QR: the rows of C stream through once).
 *
 * Each reflection needs Σᵢ C[i,k] C[i,j] over the chunk for every later column j; the
 * pass that applies reflection k accumulates those sums for column k + 1 on the values
 * it has just written, so there is one pass over the chunk per column.
 *
 * x: the chunk (`rows` × `p`, contiguous); aug: room for `rows` × `ld` values; s: 2·ld
 * values of scratch; ld even and >= q = p + 1 + intercept. The sign convention is
 * LAPACK's: the new diagonal value has the opposite sign of the old one. Values of R
 * below its diagonal are meaningless.
 */
export function qr_chunk(x: usize, rows: i32, p: i32, shift: usize, y: usize, yshift: f64, intercept: i32, aug: usize, ld: i32, r: usize, s: usize): void {
  const p8 = <usize>p << 3;
  const ld8 = <usize>ld << 3;
  const first = <usize>intercept << 3;
  const q = p + 1 + intercept;
  // the augmented rows
  let src = x;
  let dst = aug;
  const pairs = p & ~1;
  for (let i = 0; i < rows; i++) {
    if (intercept) store<f64>(dst, 1.0);
    const d = dst + first;
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      v128.store(d + o, f64x2.sub(v128.load(src + o), v128.load(shift + o)));
    }
    if (pairs < p) store<f64>(d + (<usize>pairs << 3), load<f64>(src + (<usize>pairs << 3)) - load<f64>(shift + (<usize>pairs << 3)));
    store<f64>(dst + first + p8, load<f64>(y + (<usize>i << 3)) - yshift);
    for (let j = q; j < ld; j++) store<f64>(dst + (<usize>j << 3), 0.0);
    src += p8;
    dst += ld8;
  }
  // sums: Σᵢ C[i,k] C[i,j] for the current column k; t: the reflection's coefficients
  const sums = s;
  const t = s + ld8;
  chunkColumnSums(aug, rows, ld, 0, sums);
  for (let k = 0; k < q; k++) {
    const k8 = <usize>k << 3;
    // pairs start at an even column: column k itself rides along when k is even
    const j0 = k & ~1;
    const o0 = <usize>j0 << 3;
    const width = <usize>(ld - j0) << 3;
    const sigma = load<f64>(sums + k8);
    const last = k + 1 >= q;
    if (sigma == 0) {
      // nothing to zero in this column
      if (!last) chunkColumnSums(aug, rows, ld, k + 1, sums);
      continue;
    }
    const rk = r + <usize>k * ld8;
    const alpha = load<f64>(rk + k8);
    const norm = Math.sqrt(alpha * alpha + sigma);
    const rkk = alpha > 0 ? -norm : norm;
    const v0 = alpha - rkk;
    const beta = 2.0 / (v0 * v0 + sigma);
    // t = beta (v0 R[k, j] + sums[j]); R[k, j] -= t v0
    const v0s = f64x2.splat(v0);
    const betas = f64x2.splat(beta);
    for (let o: usize = 0; o < width; o += 16) {
      const rv = v128.load(rk + o0 + o);
      const tv = f64x2.mul(betas, f64x2.add(f64x2.mul(v0s, rv), v128.load(sums + o0 + o)));
      v128.store(t + o0 + o, tv);
      v128.store(rk + o0 + o, f64x2.sub(rv, f64x2.mul(tv, v0s)));
    }
    store<f64>(rk + k8, rkk);
    if (last) break;
    // C[i, j] -= t[j] C[i, k] for the later columns, and the sums for column k + 1
    const k1 = k + 1;
    const k18 = <usize>k1 << 3;
    const j1 = k1 & ~1;
    const o1 = <usize>j1 << 3;
    const width1 = <usize>(ld - j1) << 3;
    const tk1 = load<f64>(t + k18);
    for (let o: usize = 0; o < width1; o += 16) v128.store(sums + o1 + o, f64x2.splat(0));
    let row = aug;
    let i = 0;
    for (; i + 3 < rows; i += 4) {
      const r0 = row;
      const r1 = r0 + ld8;
      const r2 = r1 + ld8;
      const r3 = r2 + ld8;
      const a0 = load<f64>(r0 + k8);
      const a1 = load<f64>(r1 + k8);
      const a2 = load<f64>(r2 + k8);
      const a3 = load<f64>(r3 + k8);
      const c0 = f64x2.splat(a0);
      const c1 = f64x2.splat(a1);
      const c2 = f64x2.splat(a2);
      const c3 = f64x2.splat(a3);
      const e0 = f64x2.splat(load<f64>(r0 + k18) - tk1 * a0);
      const e1 = f64x2.splat(load<f64>(r1 + k18) - tk1 * a1);
      const e2 = f64x2.splat(load<f64>(r2 + k18) - tk1 * a2);
      const e3 = f64x2.splat(load<f64>(r3 + k18) - tk1 * a3);
      for (let o: usize = o1; o < o1 + width1; o += 16) {
        const tv = v128.load(t + o);
        const n0 = f64x2.sub(v128.load(r0 + o), f64x2.mul(tv, c0));
        const n1 = f64x2.sub(v128.load(r1 + o), f64x2.mul(tv, c1));
        const n2 = f64x2.sub(v128.load(r2 + o), f64x2.mul(tv, c2));
        const n3 = f64x2.sub(v128.load(r3 + o), f64x2.mul(tv, c3));
        v128.store(r0 + o, n0);
        v128.store(r1 + o, n1);
        v128.store(r2 + o, n2);
        v128.store(r3 + o, n3);
        const acc = f64x2.add(f64x2.add(f64x2.mul(e0, n0), f64x2.mul(e1, n1)), f64x2.add(f64x2.mul(e2, n2), f64x2.mul(e3, n3)));
        v128.store(sums + o, f64x2.add(v128.load(sums + o), acc));
      }
      row = r3 + ld8;
    }
    for (; i < rows; i++) {
      const a0 = load<f64>(row + k8);
      const c0 = f64x2.splat(a0);
      const e0 = f64x2.splat(load<f64>(row + k18) - tk1 * a0);
      for (let o: usize = o1; o < o1 + width1; o += 16) {
        const n0 = f64x2.sub(v128.load(row + o), f64x2.mul(v128.load(t + o), c0));
        v128.store(row + o, n0);
        v128.store(sums + o, f64x2.add(v128.load(sums + o), f64x2.mul(e0, n0)));
      }
      row += ld8;
    }
  }
}

/** sums[j] = Σᵢ C[i,k] C[i,j] for the even-aligned columns j >= k & ~1 of a chunk. */
function chunkColumnSums(c: usize, rows: i32, ld: i32, k: i32, sums: usize): void {
  const ld8 = <usize>ld << 3;
  const k8 = <usize>k << 3;
  const o0 = <usize>(k & ~1) << 3;
  const end = <usize>ld << 3;
  for (let o = o0; o < end; o += 16) v128.store(sums + o, f64x2.splat(0));
  let row = c;
  for (let i = 0; i < rows; i++) {
    const ck = v128.load64_splat(row + k8);
    for (let o = o0; o < end; o += 16) v128.store(sums + o, f64x2.add(v128.load(sums + o), f64x2.mul(ck, v128.load(row + o))));
    row += ld8;
  }
}

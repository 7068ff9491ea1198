// Blocks of prediction kernel values and the decision sums over them, for the SVM
// kernels (wasm/assembly/svm.ts): the rows of the support vectors (row-major) against
// queries stored transposed, as in _svm_kernels.ts.

import { expv } from './_svm_exp';
import { finish, gammaOfKernel, kernel_row } from './_svm_kernels';

/**
 * The kernel values between `count` rows stored row-major at `rows` (d features each,
 * squared norms at `rowsq`) and the rows [0, n) of `xt` (leading dimension ld, squared
 * norms at `sq`): out[r · ldo + j], f64 (a block of prediction kernel values). Four
 * rows by four columns at a time, each value's dot product summed in feature order
 * (skipping the features where all four rows are 0); `scratch` has room for d · 4 f64
 * and d u32.
 */
export function kernel_block(rows: usize, count: i32, rowsq: usize, xt: usize, ld: i32, d: i32, sq: usize, n: i32, out: usize, ldo: i32, scratch: usize): void {
  const row8 = <usize>d << 3;
  const ldo8 = <usize>ldo << 3;
  const ld8 = <usize>ld << 3;
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const x0 = rows + <usize>r * row8;
    const x1 = x0 + row8;
    const x2 = x1 + row8;
    const x3 = x2 + row8;
    const q0 = load<f64>(rowsq + (<usize>r << 3));
    const q1 = load<f64>(rowsq + (<usize>r << 3), 8);
    const q2 = load<f64>(rowsq + (<usize>r << 3), 16);
    const q3 = load<f64>(rowsq + (<usize>r << 3), 24);
    const o0 = out + <usize>r * ldo8;
    const o1 = o0 + ldo8;
    const o2 = o1 + ldo8;
    const o3 = o2 + ldo8;
    // the features where one of the four rows is nonzero: their four values, then the
    // byte offsets of their rows in xt
    const values = scratch;
    const offsets = scratch + (<usize>d << 5);
    let nnz = 0;
    for (let f = 0; f < d; f++) {
      const f8 = <usize>f << 3;
      const v0 = load<f64>(x0 + f8);
      const v1 = load<f64>(x1 + f8);
      const v2 = load<f64>(x2 + f8);
      const v3 = load<f64>(x3 + f8);
      if (v0 != 0 || v1 != 0 || v2 != 0 || v3 != 0) {
        const at = values + (<usize>nnz << 5);
        store<f64>(at, v0);
        store<f64>(at, v1, 8);
        store<f64>(at, v2, 16);
        store<f64>(at, v3, 24);
        store<u32>(offsets + (<usize>nnz << 2), <u32>(<usize>f * ld8));
        nnz++;
      }
    }
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let a00 = f64x2.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      const base = xt + (<usize>j << 3);
      for (let t = 0; t < nnz; t++) {
        const pt = base + <usize>load<u32>(offsets + (<usize>t << 2));
        const pv = values + (<usize>t << 5);
        const c0 = v128.load(pt);
        const c1 = v128.load(pt, 16);
        let s = v128.load64_splat(pv);
        a00 = f64x2.add(a00, f64x2.mul(s, c0));
        a01 = f64x2.add(a01, f64x2.mul(s, c1));
        s = v128.load64_splat(pv, 8);
        a10 = f64x2.add(a10, f64x2.mul(s, c0));
        a11 = f64x2.add(a11, f64x2.mul(s, c1));
        s = v128.load64_splat(pv, 16);
        a20 = f64x2.add(a20, f64x2.mul(s, c0));
        a21 = f64x2.add(a21, f64x2.mul(s, c1));
        s = v128.load64_splat(pv, 24);
        a30 = f64x2.add(a30, f64x2.mul(s, c0));
        a31 = f64x2.add(a31, f64x2.mul(s, c1));
      }
      const sj = sq + (<usize>j << 3);
      const s0 = v128.load(sj);
      const s1 = v128.load(sj, 16);
      const jo = <usize>j << 3;
      v128.store(o0 + jo, finish(a00, q0, s0));
      v128.store(o0 + jo, finish(a01, q0, s1), 16);
      v128.store(o1 + jo, finish(a10, q1, s0));
      v128.store(o1 + jo, finish(a11, q1, s1), 16);
      v128.store(o2 + jo, finish(a20, q2, s0));
      v128.store(o2 + jo, finish(a21, q2, s1), 16);
      v128.store(o3 + jo, finish(a30, q3, s0));
      v128.store(o3 + jo, finish(a31, q3, s1), 16);
    }
    if (j < n) {
      kernel_row(x0, 8, q0, xt, ld, d, sq, j, n, 0, 1, o0, 0, scratch);
      kernel_row(x1, 8, q1, xt, ld, d, sq, j, n, 0, 1, o1, 0, scratch);
      kernel_row(x2, 8, q2, xt, ld, d, sq, j, n, 0, 1, o2, 0, scratch);
      kernel_row(x3, 8, q3, xt, ld, d, sq, j, n, 0, 1, o3, 0, scratch);
    }
  }
  for (; r < count; r++) {
    kernel_row(rows + <usize>r * row8, 8, load<f64>(rowsq + (<usize>r << 3)), xt, ld, d, sq, 0, n, 0, 1, out + <usize>r * ldo8, 0, scratch);
  }
}

/**
 * The rbf kernel exp(−γ Σ_f (x_f − x'_f)²) between `count` rows stored row-major at
 * `rows` (d features each) and the rows [0, n) of `xt` (leading dimension ld):
 * out[r · ldo + j], f64. Each sum of squared differences runs in feature order, as
 * libsvm's prediction kernel (k_function) computes it: for data whose norms are large
 * against their distances, where the squared norms would cancel.
 */
export function rbf_block_direct(rows: usize, count: i32, xt: usize, ld: i32, d: i32, n: i32, out: usize, ldo: i32): void {
  const row8 = <usize>d << 3;
  const ldo8 = <usize>ldo << 3;
  const ld8 = <usize>ld << 3;
  const g = f64x2.splat(-gammaOfKernel());
  let r = 0;
  for (; r + 2 <= count; r += 2) {
    const x0 = rows + <usize>r * row8;
    const x1 = x0 + row8;
    const o0 = out + <usize>r * ldo8;
    const o1 = o0 + ldo8;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let a00 = f64x2.splat(0), a01 = a00, a10 = a00, a11 = a00;
      let pt = xt + (<usize>j << 3);
      for (let f = 0; f < d; f++) {
        const f8 = <usize>f << 3;
        const c0 = v128.load(pt);
        const c1 = v128.load(pt, 16);
        let s = v128.load64_splat(x0 + f8);
        let e0 = f64x2.sub(s, c0);
        let e1 = f64x2.sub(s, c1);
        a00 = f64x2.add(a00, f64x2.mul(e0, e0));
        a01 = f64x2.add(a01, f64x2.mul(e1, e1));
        s = v128.load64_splat(x1 + f8);
        e0 = f64x2.sub(s, c0);
        e1 = f64x2.sub(s, c1);
        a10 = f64x2.add(a10, f64x2.mul(e0, e0));
        a11 = f64x2.add(a11, f64x2.mul(e1, e1));
        pt += ld8;
      }
      const jo = <usize>j << 3;
      v128.store(o0 + jo, expv(f64x2.mul(g, a00)));
      v128.store(o0 + jo, expv(f64x2.mul(g, a01)), 16);
      v128.store(o1 + jo, expv(f64x2.mul(g, a10)));
      v128.store(o1 + jo, expv(f64x2.mul(g, a11)), 16);
    }
    for (; j < n; j++) {
      store<f64>(o0 + (<usize>j << 3), directRbf(x0, xt + (<usize>j << 3), ld8, d, g));
      store<f64>(o1 + (<usize>j << 3), directRbf(x1, xt + (<usize>j << 3), ld8, d, g));
    }
  }
  for (; r < count; r++) {
    const x0 = rows + <usize>r * row8;
    const o0 = out + <usize>r * ldo8;
    for (let j = 0; j < n; j++) store<f64>(o0 + (<usize>j << 3), directRbf(x0, xt + (<usize>j << 3), ld8, d, g));
  }
}

// One rbf value by differences, through the same two-lane exp.
function directRbf(x: usize, column: usize, ld8: usize, d: i32, g: v128): f64 {
  let sum: f64 = 0;
  let pt = column;
  for (let f = 0; f < d; f++) {
    const e = load<f64>(x + (<usize>f << 3)) - load<f64>(pt);
    sum += e * e;
    pt += ld8;
  }
  return f64x2.extract_lane(expv(f64x2.mul(g, f64x2.splat(sum))), 0);
}

/** out[j] = Σ_f xt[f][j]² for j < n, summed in feature order (libsvm's x·x). */
/**
 * out[q] = Σ_t coef[t] · K[rows[t] · ldk + q] for q < nq, summed over t in order: the
 * decision values of a machine whose support vectors are the rows `rows` (i32) of a
 * kernel block K (support vectors × queries, f64, leading dimension ldk >= nq rounded
 * up to 2), with coefficients `coef` (f64). Adds to `out`.
 */
export function weighted_sums(k: usize, ldk: i32, nq: i32, rows: usize, coef: usize, count: i32, out: usize): void {
  const ldk8 = <usize>ldk << 3;
  let q = 0;
  for (; q + 8 <= nq; q += 8) {
    const po = out + (<usize>q << 3);
    let a0 = v128.load(po), a1 = v128.load(po, 16), a2 = v128.load(po, 32), a3 = v128.load(po, 48);
    for (let t = 0; t < count; t++) {
      const c = v128.load64_splat(coef + (<usize>t << 3));
      const row = k + <usize>load<i32>(rows + (<usize>t << 2)) * ldk8 + (<usize>q << 3);
      a0 = f64x2.add(a0, f64x2.mul(c, v128.load(row)));
      a1 = f64x2.add(a1, f64x2.mul(c, v128.load(row, 16)));
      a2 = f64x2.add(a2, f64x2.mul(c, v128.load(row, 32)));
      a3 = f64x2.add(a3, f64x2.mul(c, v128.load(row, 48)));
    }
    v128.store(po, a0);
    v128.store(po, a1, 16);
    v128.store(po, a2, 32);
    v128.store(po, a3, 48);
  }
  for (; q < nq; q += 2) {
    // ldk is even, so the pair q, q + 1 stays inside the block (q + 1 may be padding)
    const po = out + (<usize>q << 3);
    let a = v128.load(po);
    for (let t = 0; t < count; t++) {
      const c = v128.load64_splat(coef + (<usize>t << 3));
      a = f64x2.add(a, f64x2.mul(c, v128.load(k + <usize>load<i32>(rows + (<usize>t << 2)) * ldk8 + (<usize>q << 3))));
    }
    v128.store(po, a);
  }
}

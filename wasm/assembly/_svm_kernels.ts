// Kernel values for the support vector machines (lib/estimators/svm), in WebAssembly SIMD.
//
// Layout: the rows a kernel is evaluated against are stored transposed, feature f of
// row j at xt[f * ld + j] (ld >= the number of rows). One row x against the rows
// [start, end) of xt then runs SIMD over rows: every lane accumulates its own dot
// product x·x_j over the features in order (no FMA in wasm), which is how libsvm sums
// it, so each dot product has libsvm's bits. Pointers are byte offsets into this
// module's memory, managed by the JavaScript side (lib/core/kernels/wasm-module.ts).

import { expv } from './_svm_exp';

// libsvm's kernel codes
const LINEAR: i32 = 0;
const POLY: i32 = 1;
const RBF: i32 = 2;
const SIGMOID: i32 = 3;

// The kernel in use (set by set_kernel before the other calls).
let kernelKind: i32 = RBF;
let kernelGamma: f64 = 1;
let kernelCoef0: f64 = 0;
let kernelDegree: i32 = 3;

/** Sets the kernel the following calls evaluate: kind (0 linear, 1 poly, 2 rbf, 3 sigmoid) and its coefficients. */
export function set_kernel(kind: i32, gamma: f64, coef0: f64, degree: i32): void {
  kernelKind = kind;
  kernelGamma = gamma;
  kernelCoef0 = coef0;
  kernelDegree = degree;
}
// libsvm's powi (repeated squaring) on two lanes: the same products in the same order.
function powiv(base: v128, times: i32): v128 {
  let tmp = base;
  let ret = f64x2.splat(1);
  for (let t = times; t > 0; t /= 2) {
    if (t % 2 == 1) ret = f64x2.mul(ret, tmp);
    tmp = f64x2.mul(tmp, tmp);
  }
  return ret;
}

/**
 * The kernel from two dot products x·x_j (and, for rbf, the squared norms: `xsq` of x,
 * `sq` of the x_j): linear x·x', poly (γ x·x' + coef0)^degree, rbf exp(−γ(|x|² + |x'|² − 2 x·x')),
 * sigmoid tanh(γ x·x' + coef0), each evaluated in libsvm's order of operations.
 */
// @ts-ignore: decorator
@inline
function finish(dot: v128, xsq: f64, sq: v128): v128 {
  if (kernelKind == RBF) {
    const distance = f64x2.sub(f64x2.add(f64x2.splat(xsq), sq), f64x2.mul(f64x2.splat(2), dot));
    return expv(f64x2.mul(f64x2.splat(-kernelGamma), distance));
  }
  if (kernelKind == LINEAR) return dot;
  const t = f64x2.add(f64x2.mul(f64x2.splat(kernelGamma), dot), f64x2.splat(kernelCoef0));
  if (kernelKind == POLY) return powiv(t, kernelDegree);
  return f64x2.replace_lane(
    f64x2.splat(Math.tanh(f64x2.extract_lane(t, 0))),
    1,
    Math.tanh(f64x2.extract_lane(t, 1)),
  );
}

// Writes two finished values for rows j, j + 1: times the signs (when `signs` is set,
// out = k · ysign · signs[j]), as f32 (`f32out`) or f64 at out[j].
// @ts-ignore: decorator
@inline
function put(v: v128, j: i32, signs: usize, ysign: f64, out: usize, f32out: i32): void {
  let w = v;
  if (signs != 0) w = f64x2.mul(w, f64x2.mul(f64x2.splat(ysign), v128.load(signs + (<usize>j << 3))));
  if (f32out) v128.store64_lane(out + (<usize>j << 2), f32x4.demote_f64x2_zero(w), 0);
  else v128.store(out + (<usize>j << 3), w);
}

/**
 * The kernel values between one row x (feature f at `x + f * xstride` bytes, squared
 * norm `xsq`) and the rows [start, end) of `xt` (d features, leading dimension ld,
 * squared norms at `sq`, used by rbf only), written at out[j] for j in [start, end):
 * f32 values (libsvm's cached kernel) when `f32out`, else f64. With `signs` (f64 ±1
 * per row) each value is multiplied by ysign · signs[j] (libsvm's Q = y_i y_j K).
 *
 * The features where x is 0 are skipped: their terms are exact zeros, so each dot
 * product is still libsvm's (up to the sign of a zero). `scratch` has room for d f64
 * values and d u32 offsets (the nonzero features of x).
 */
export function kernel_row(
  x: usize,
  xstride: i32,
  xsq: f64,
  xt: usize,
  ld: i32,
  d: i32,
  sq: usize,
  start: i32,
  end: i32,
  signs: usize,
  ysign: f64,
  out: usize,
  f32out: i32,
  scratch: usize,
): void {
  const ld8 = <usize>ld << 3;
  const xs = <usize>xstride;
  // the nonzero features of x: values, then byte offsets of their rows in xt
  const values = scratch;
  const offsets = scratch + (<usize>d << 3);
  let nnz = 0;
  for (let f = 0; f < d; f++) {
    const v = load<f64>(x + <usize>f * xs);
    if (v != 0) {
      store<f64>(values + (<usize>nnz << 3), v);
      store<u32>(offsets + (<usize>nnz << 2), <u32>(<usize>f * ld8));
      nnz++;
    }
  }
  let j = start;
  for (; j + 8 <= end; j += 8) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    const base = xt + (<usize>j << 3);
    for (let t = 0; t < nnz; t++) {
      const s = v128.load64_splat(values + (<usize>t << 3));
      const pt = base + <usize>load<u32>(offsets + (<usize>t << 2));
      a0 = f64x2.add(a0, f64x2.mul(s, v128.load(pt)));
      a1 = f64x2.add(a1, f64x2.mul(s, v128.load(pt, 16)));
      a2 = f64x2.add(a2, f64x2.mul(s, v128.load(pt, 32)));
      a3 = f64x2.add(a3, f64x2.mul(s, v128.load(pt, 48)));
    }
    const sqj = sq + (<usize>j << 3);
    put(finish(a0, xsq, v128.load(sqj)), j, signs, ysign, out, f32out);
    put(finish(a1, xsq, v128.load(sqj, 16)), j + 2, signs, ysign, out, f32out);
    put(finish(a2, xsq, v128.load(sqj, 32)), j + 4, signs, ysign, out, f32out);
    put(finish(a3, xsq, v128.load(sqj, 48)), j + 6, signs, ysign, out, f32out);
  }
  for (; j + 2 <= end; j += 2) {
    let a = f64x2.splat(0);
    const base = xt + (<usize>j << 3);
    for (let t = 0; t < nnz; t++) {
      const s = v128.load64_splat(values + (<usize>t << 3));
      a = f64x2.add(a, f64x2.mul(s, v128.load(base + <usize>load<u32>(offsets + (<usize>t << 2)))));
    }
    put(finish(a, xsq, v128.load(sq + (<usize>j << 3))), j, signs, ysign, out, f32out);
  }
  if (j < end) {
    // the last row alone, through the same two-lane code (lane 1 duplicates lane 0)
    let a = f64x2.splat(0);
    const base = xt + (<usize>j << 3);
    for (let t = 0; t < nnz; t++) {
      const s = v128.load64_splat(values + (<usize>t << 3));
      a = f64x2.add(a, f64x2.mul(s, v128.load64_splat(base + <usize>load<u32>(offsets + (<usize>t << 2)))));
    }
    let v = finish(a, xsq, v128.load64_splat(sq + (<usize>j << 3)));
    if (signs != 0) v = f64x2.mul(v, f64x2.splat(ysign * load<f64>(signs + (<usize>j << 3))));
    if (f32out) store<f32>(out + (<usize>j << 2), <f32>f64x2.extract_lane(v, 0));
    else store<f64>(out + (<usize>j << 3), f64x2.extract_lane(v, 0));
  }
}

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
  const g = f64x2.splat(-kernelGamma);
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
export function squared_norms(xt: usize, ld: i32, d: i32, n: i32, out: usize): void {
  const ld8 = <usize>ld << 3;
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    let a = f64x2.splat(0);
    let pt = xt + (<usize>j << 3);
    for (let f = 0; f < d; f++) {
      const v = v128.load(pt);
      a = f64x2.add(a, f64x2.mul(v, v));
      pt += ld8;
    }
    v128.store(out + (<usize>j << 3), a);
  }
  if (j < n) {
    let a: f64 = 0;
    let pt = xt + (<usize>j << 3);
    for (let f = 0; f < d; f++) {
      const v = load<f64>(pt);
      a += v * v;
      pt += ld8;
    }
    store<f64>(out + (<usize>j << 3), a);
  }
}

/** K(x_j, x_j) for j < n from the squared norms at `sq` (libsvm's QD), as f64. */
export function kernel_diagonal(sq: usize, n: i32, out: usize): void {
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const s = v128.load(sq + (<usize>j << 3));
    v128.store(out + (<usize>j << 3), finishDiagonal(s));
  }
  if (j < n) {
    const v = finishDiagonal(v128.load64_splat(sq + (<usize>j << 3)));
    store<f64>(out + (<usize>j << 3), f64x2.extract_lane(v, 0));
  }
}

// K(x, x) = finish(x·x) with |x|² = x·x: rbf gives exp(-γ·0) = 1.
// @ts-ignore: decorator
@inline
function finishDiagonal(sq: v128): v128 {
  if (kernelKind == RBF) {
    // (|x|² + |x|²) − 2 |x|² is exactly 0
    const distance = f64x2.sub(f64x2.add(sq, sq), f64x2.mul(f64x2.splat(2), sq));
    return expv(f64x2.mul(f64x2.splat(-kernelGamma), distance));
  }
  return finish(sq, 0, sq);
}

/**
 * Row i of a training problem (stored transposed in xt, squared norms `sq`, signs
 * `signs` or 0) against its rows [start, end), as f32 at out[j]: libsvm's Q column
 * y_i y_j K(x_i, x_j) (K alone without signs). `scratch`: room for d f64 and d u32.
 */
export function training_row(xt: usize, ld: i32, d: i32, sq: usize, signs: usize, i: i32, start: i32, end: i32, out: usize, scratch: usize): void {
  const o = <usize>i << 3;
  const ysign = signs != 0 ? load<f64>(signs + o) : 1.0;
  kernel_row(xt + o, ld << 3, load<f64>(sq + o), xt, ld, d, sq, start, end, signs, ysign, out, 1, scratch);
}

/** Swaps rows i and j of a training problem: its features (transposed, d × ld), squared norms and signs (when set). */
export function swap_rows(xt: usize, ld: i32, d: i32, sq: usize, signs: usize, i: i32, j: i32): void {
  const ld8 = <usize>ld << 3;
  let pi = xt + (<usize>i << 3);
  let pj = xt + (<usize>j << 3);
  for (let f = 0; f < d; f++) {
    const t = load<f64>(pi);
    store<f64>(pi, load<f64>(pj));
    store<f64>(pj, t);
    pi += ld8;
    pj += ld8;
  }
  swapF64(sq, i, j);
  if (signs != 0) swapF64(signs, i, j);
}

// @ts-ignore: decorator
@inline
function swapF64(a: usize, i: i32, j: i32): void {
  const pi = a + (<usize>i << 3);
  const pj = a + (<usize>j << 3);
  const t = load<f64>(pi);
  store<f64>(pi, load<f64>(pj));
  store<f64>(pj, t);
}

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

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

/** The kernel's gamma. */
// @ts-ignore: decorator
@inline
export function gammaOfKernel(): f64 {
  return kernelGamma;
}

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
export function finish(dot: v128, xsq: f64, sq: v128): v128 {
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

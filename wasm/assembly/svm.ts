// Kernel values for the support vector machines (lib/estimators/svm), in WebAssembly SIMD.
//
// Layout: the rows a kernel is evaluated against are stored transposed, feature f of
// row j at xt[f * ld + j] (ld >= the number of rows). One row x against the rows
// [start, end) of xt then runs SIMD over rows: every lane accumulates its own dot
// product x·x_j over the features in order (no FMA in wasm), which is how libsvm sums
// it, so each dot product has libsvm's bits. Pointers are byte offsets into this
// module's memory, managed by the JavaScript side (lib/core/kernels/wasm-module.ts).

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

// ---------------------------------------------------------------------------------
// exp on two lanes: x = k ln2 + r with k = round(x / ln2), |r| <= ln2 / 2, then
// exp(r) by its Taylor series to degree 13 (truncation below 0.02 ulp) in Horner form,
// and the scaling by 2^k through the exponent bits. About 1 ulp from the correctly
// rounded value. Lanes below -708 (a subnormal or zero result) or above 709, and NaN,
// go through the scalar Math.exp, lane by lane, so a value never depends on its
// neighbour lane.

const LOG2E: f64 = 1.4426950408889634;
// ln 2 split so that k * LN2_HI is exact for |k| < 2^20
const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000);
const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76);
const EXP_FAST_MIN: f64 = -708;
const EXP_FAST_MAX: f64 = 709;

// The constants, each twice (one v128 per constant), read from memory: a v128 constant
// in the code costs several instructions at each use.
const EXP_CONSTANTS = memory.data<f64>([
  LOG2E, LOG2E,
  LN2_HI, LN2_HI,
  LN2_LO, LN2_LO,
  EXP_FAST_MIN, EXP_FAST_MIN,
  EXP_FAST_MAX, EXP_FAST_MAX,
  1.0, 1.0,
  // 1/n! for the even n = 12 … 2, then the odd n = 13 … 3
  1.0 / 479001600.0, 1.0 / 479001600.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 2.0, 1.0 / 2.0,
  1.0 / 6227020800.0, 1.0 / 6227020800.0,
  1.0 / 39916800.0, 1.0 / 39916800.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 6.0, 1.0 / 6.0,
]);
// the exponent bias 1023 as two i64 lanes
const EXP_BIAS = memory.data<i64>([1023, 1023]);

// @ts-ignore: decorator
@inline
function expConstant(k: i32): v128 {
  return v128.load(EXP_CONSTANTS + (<usize>k << 4));
}

// @ts-ignore: decorator
@inline
function horner(s: v128, k: i32, acc: v128): v128 {
  return f64x2.add(expConstant(k), f64x2.mul(s, acc));
}

// exp(r) for |r| <= ln2 / 2 by its Taylor polynomial to degree 13, as 1 + r + c with
// c = s·E(s) + r·s·O(s), s = r², E and O the even and odd coefficients from 1/2! and
// 1/3! on (two short Horner chains). 1 + r is summed exactly (Fast2Sum: hi + lo), so
// only c's small error and the last rounding remain: under 1 ulp.
// @ts-ignore: decorator
@inline
function expReduced(r: v128): v128 {
  const s = f64x2.mul(r, r);
  let e = expConstant(6);
  e = horner(s, 7, e);
  e = horner(s, 8, e);
  e = horner(s, 9, e);
  e = horner(s, 10, e);
  e = horner(s, 11, e);
  let o = expConstant(12);
  o = horner(s, 13, o);
  o = horner(s, 14, o);
  o = horner(s, 15, o);
  o = horner(s, 16, o);
  o = horner(s, 17, o);
  const c = f64x2.add(f64x2.mul(s, e), f64x2.mul(f64x2.mul(r, s), o));
  const one = expConstant(5);
  const hi = f64x2.add(one, r);
  const lo = f64x2.add(f64x2.sub(one, hi), r);
  return f64x2.add(hi, f64x2.add(lo, c));
}

// @ts-ignore: decorator
@inline
function expv(x: v128): v128 {
  const k = f64x2.nearest(f64x2.mul(x, expConstant(0)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, expConstant(1))), f64x2.mul(k, expConstant(2)));
  const p = expReduced(r);
  // 2^k from the exponent bits (k in [-1022, 1023] on the fast range)
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  const scale = i64x2.shl(i64x2.add(ki, v128.load(EXP_BIAS)), 52);
  let y = f64x2.mul(p, scale);
  const fast = v128.and(f64x2.ge(x, expConstant(3)), f64x2.le(x, expConstant(4)));
  if (!i64x2.all_true(fast)) {
    if (i64x2.extract_lane(fast, 0) == 0) y = f64x2.replace_lane(y, 0, Math.exp(f64x2.extract_lane(x, 0)));
    if (i64x2.extract_lane(fast, 1) == 0) y = f64x2.replace_lane(y, 1, Math.exp(f64x2.extract_lane(x, 1)));
  }
  return y;
}

/** exp of `n` values at `src` into `dst` (the kernels' exp, exported for the specs). */
export function exp_values(src: usize, n: i32, dst: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(dst + (<usize>i << 3), expv(v128.load(src + (<usize>i << 3))));
  if (i < n) {
    const y = expv(f64x2.splat(load<f64>(src + (<usize>i << 3))));
    store<f64>(dst + (<usize>i << 3), f64x2.extract_lane(y, 0));
  }
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

// ---------------------------------------------------------------------------------
// The O(l) loops of the SMO solver (lib/estimators/svm/smo-solver.ts). Per variable:
// y (±1), status (0 lower bound, 1 upper bound, 2 free), G, QD as f64 arrays; Q columns
// as f32. Each loop keeps libsvm's tie rules (the last index among equals wins) and
// its operation order, so it selects what libsvm selects.

const TAU: f64 = 1e-12;

// The selection loops read, per variable, upY = −y when it is in I_up (y = +1 below
// the upper bound, or y = −1 above the lower bound) and lowY = y when it is in I_low
// (y = +1 above the lower bound, or y = −1 below the upper bound), NaN otherwise: so
// −y·G over I_up is upY·G and y·G over I_low is lowY·G, NaN outside, and NaN never
// compares true. Each loop runs four independent (value, index) accumulators, each
// over every fourth pair of variables, so no comparison waits on the previous one;
// merging keeps the best value and, among equal values, the largest index: the last
// one, as libsvm's sequential scan picks it.

// Merged (value, index) of the accumulators: written by merge(), read by the callers.
let mergedValue: f64 = 0;
let mergedIndex: f64 = -1;

// Merges one accumulator (two lanes) into mergedValue/mergedIndex: `larger` picks the
// larger value (else the smaller); equal values go to the larger index.
// @ts-ignore: decorator
@inline
function merge(values: v128, indices: v128, larger: bool): void {
  for (let lane = 0; lane < 2; lane++) {
    const v = lane == 0 ? f64x2.extract_lane(values, 0) : f64x2.extract_lane(values, 1);
    const i = lane == 0 ? f64x2.extract_lane(indices, 0) : f64x2.extract_lane(indices, 1);
    if (i < 0) continue;
    const better = mergedIndex < 0 || (larger ? v > mergedValue : v < mergedValue) || (v == mergedValue && i > mergedIndex);
    if (better) {
      mergedValue = v;
      mergedIndex = i;
    }
  }
}

/**
 * The maximal violator: the t < n maximizing −y_t G_t over I_up (`upY` as above), the
 * last one among equals. Writes the index (as f64, −1 when I_up is empty) and the
 * maximum (−∞ then) at out[0], out[1].
 */
export function max_violator(upY: usize, G: usize, n: i32, out: usize): void {
  let b0 = f64x2.splat(-Infinity), b1 = b0, b2 = b0, b3 = b0;
  let i0 = f64x2.splat(-1), i1 = i0, i2 = i0, i3 = i0;
  let idx = f64x2.replace_lane(f64x2.splat(0), 1, 1);
  const two = f64x2.splat(2);
  let t = 0;
  for (; t + 8 <= n; t += 8) {
    const o = <usize>t << 3;
    const v0 = f64x2.mul(v128.load(upY + o), v128.load(G + o));
    const v1 = f64x2.mul(v128.load(upY + o, 16), v128.load(G + o, 16));
    const v2 = f64x2.mul(v128.load(upY + o, 32), v128.load(G + o, 32));
    const v3 = f64x2.mul(v128.load(upY + o, 48), v128.load(G + o, 48));
    const k0 = f64x2.ge(v0, b0);
    const k1 = f64x2.ge(v1, b1);
    const k2 = f64x2.ge(v2, b2);
    const k3 = f64x2.ge(v3, b3);
    const x1 = f64x2.add(idx, two);
    const x2 = f64x2.add(x1, two);
    const x3 = f64x2.add(x2, two);
    b0 = v128.bitselect(v0, b0, k0);
    i0 = v128.bitselect(idx, i0, k0);
    b1 = v128.bitselect(v1, b1, k1);
    i1 = v128.bitselect(x1, i1, k1);
    b2 = v128.bitselect(v2, b2, k2);
    i2 = v128.bitselect(x2, i2, k2);
    b3 = v128.bitselect(v3, b3, k3);
    i3 = v128.bitselect(x3, i3, k3);
    idx = f64x2.add(x3, two);
  }
  for (; t + 2 <= n; t += 2) {
    const o = <usize>t << 3;
    const v = f64x2.mul(v128.load(upY + o), v128.load(G + o));
    const k = f64x2.ge(v, b0);
    b0 = v128.bitselect(v, b0, k);
    i0 = v128.bitselect(idx, i0, k);
    idx = f64x2.add(idx, two);
  }
  mergedValue = -Infinity;
  mergedIndex = -1;
  merge(b0, i0, true);
  merge(b1, i1, true);
  merge(b2, i2, true);
  merge(b3, i3, true);
  if (t < n) {
    const o = <usize>t << 3;
    const v = load<f64>(upY + o) * load<f64>(G + o);
    if (v >= mergedValue) {
      mergedValue = v;
      mergedIndex = <f64>t;
    }
  }
  store<f64>(out, mergedIndex);
  store<f64>(out, mergedIndex < 0 ? -Infinity : mergedValue, 8);
}

// libsvm's objective decrease −(Gmax − y_j G_j)² / (QD_i + QD_j − 2 y_i y_j Q_ij) (τ when
// the denominator is not positive) for the two variables at offset o, with
// gradDiff = Gmax − y_j G_j and ly = lowY (NaN outside I_low: the result is NaN).
// @ts-ignore: decorator
@inline
function objective(gradDiff: v128, ly: v128, QD: usize, Qi: usize, o: usize, j: i32, qdi: v128, twoYi: v128): v128 {
  const num = f64x2.neg(f64x2.mul(gradDiff, gradDiff));
  // Q_ij · (2 y_i) · y_j: libsvm's 2.0·y_i·Q_ij with the sign of y_j (exact)
  const qij = f64x2.promote_low_f32x4(v128.load64_zero(Qi + (<usize>j << 2)));
  const quad = f64x2.sub(f64x2.add(qdi, v128.load(QD + o)), f64x2.mul(ly, f64x2.mul(twoYi, qij)));
  const positive = f64x2.gt(quad, f64x2.splat(0));
  if (i64x2.all_true(positive)) return f64x2.div(num, quad);
  return v128.bitselect(f64x2.div(num, quad), f64x2.div(num, f64x2.splat(TAU)), positive);
}

// The accumulator update of min_objective: take the lanes that are candidates
// (gradDiff > 0, false for NaN) and not above the current minimum.
// @ts-ignore: decorator
@inline
function takes(gradDiff: v128, obj: v128, best: v128): v128 {
  return v128.and(f64x2.gt(gradDiff, f64x2.splat(0)), f64x2.le(obj, best));
}

/**
 * The second variable of libsvm's second-order selection, given the first (i, with
 * Gmax = −y_i G_i, QD_i, y_i and its Q column `Qi`): over j < n in I_low (`lowY` as
 * above), Gmax2 = max y_j G_j, and the j with y_j G_j < Gmax minimizing
 * −(Gmax − y_j G_j)² / (QD_i + QD_j − 2 y_i y_j Q_ij) (τ for a non-positive
 * denominator), the last among equals. Writes j (as f64, −1 when none) and Gmax2 at
 * out[0], out[1].
 */
export function min_objective(lowY: usize, G: usize, QD: usize, Qi: usize, n: i32, gmax: f64, qdi: f64, yi: f64, out: usize): void {
  let m0 = f64x2.splat(-Infinity), m1 = m0;
  let b0 = f64x2.splat(Infinity), b1 = b0, b2 = b0, b3 = b0;
  let i0 = f64x2.splat(-1), i1 = i0, i2 = i0, i3 = i0;
  let idx = f64x2.replace_lane(f64x2.splat(0), 1, 1);
  const two = f64x2.splat(2);
  const gmaxv = f64x2.splat(gmax);
  const qdiv = f64x2.splat(qdi);
  const twoYi = f64x2.splat(2 * yi);
  const hasFirst = gmax != -Infinity;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const o = <usize>j << 3;
    const l0 = v128.load(lowY + o);
    const l1 = v128.load(lowY + o, 16);
    const l2 = v128.load(lowY + o, 32);
    const l3 = v128.load(lowY + o, 48);
    const g0 = f64x2.mul(l0, v128.load(G + o));
    const g1 = f64x2.mul(l1, v128.load(G + o, 16));
    const g2 = f64x2.mul(l2, v128.load(G + o, 32));
    const g3 = f64x2.mul(l3, v128.load(G + o, 48));
    // pmax(m, g) = m < g ? g : m: a NaN g leaves m
    m0 = f64x2.pmax(f64x2.pmax(m0, g0), g2);
    m1 = f64x2.pmax(f64x2.pmax(m1, g1), g3);
    if (!hasFirst) continue;
    const d0 = f64x2.add(gmaxv, g0);
    const d1 = f64x2.add(gmaxv, g1);
    const d2 = f64x2.add(gmaxv, g2);
    const d3 = f64x2.add(gmaxv, g3);
    const v0 = objective(d0, l0, QD, Qi, o, j, qdiv, twoYi);
    const v1 = objective(d1, l1, QD, Qi, o + 16, j + 2, qdiv, twoYi);
    const v2 = objective(d2, l2, QD, Qi, o + 32, j + 4, qdiv, twoYi);
    const v3 = objective(d3, l3, QD, Qi, o + 48, j + 6, qdiv, twoYi);
    const k0 = takes(d0, v0, b0);
    const k1 = takes(d1, v1, b1);
    const k2 = takes(d2, v2, b2);
    const k3 = takes(d3, v3, b3);
    const x1 = f64x2.add(idx, two);
    const x2 = f64x2.add(x1, two);
    const x3 = f64x2.add(x2, two);
    b0 = v128.bitselect(v0, b0, k0);
    i0 = v128.bitselect(idx, i0, k0);
    b1 = v128.bitselect(v1, b1, k1);
    i1 = v128.bitselect(x1, i1, k1);
    b2 = v128.bitselect(v2, b2, k2);
    i2 = v128.bitselect(x2, i2, k2);
    b3 = v128.bitselect(v3, b3, k3);
    i3 = v128.bitselect(x3, i3, k3);
    idx = f64x2.add(x3, two);
  }
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const l0 = v128.load(lowY + o);
    const g0 = f64x2.mul(l0, v128.load(G + o));
    m0 = f64x2.pmax(m0, g0);
    if (hasFirst) {
      const d0 = f64x2.add(gmaxv, g0);
      const v0 = objective(d0, l0, QD, Qi, o, j, qdiv, twoYi);
      const k0 = takes(d0, v0, b0);
      b0 = v128.bitselect(v0, b0, k0);
      i0 = v128.bitselect(idx, i0, k0);
    }
    idx = f64x2.add(idx, two);
  }
  const m = f64x2.pmax(m0, m1);
  let gmax2 = max<f64>(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  mergedValue = Infinity;
  mergedIndex = -1;
  merge(b0, i0, false);
  merge(b1, i1, false);
  merge(b2, i2, false);
  merge(b3, i3, false);
  if (j < n) {
    const o = <usize>j << 3;
    const yj = load<f64>(lowY + o);
    const g = yj * load<f64>(G + o);
    if (g == g) {
      if (g >= gmax2) gmax2 = g;
      if (hasFirst) {
        const gradDiff = gmax + g;
        if (gradDiff > 0) {
          const quad = qdi + load<f64>(QD + o) - yj * (2 * yi * <f64>load<f32>(Qi + (<usize>j << 2)));
          const obj = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
          if (obj <= mergedValue || mergedIndex < 0) {
            mergedValue = obj;
            mergedIndex = <f64>j;
          }
        }
      }
    }
  }
  store<f64>(out, mergedIndex);
  store<f64>(out, gmax2, 8);
}

/** G[k] += Qi[k]·dai + Qj[k]·daj for k < n (Q columns f32). */
export function update_gradient(G: usize, Qi: usize, Qj: usize, dai: f64, daj: f64, n: i32): void {
  const a = f64x2.splat(dai);
  const b = f64x2.splat(daj);
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    const o = <usize>k << 3;
    const qi = f64x2.promote_low_f32x4(v128.load64_zero(Qi + (<usize>k << 2)));
    const qj = f64x2.promote_low_f32x4(v128.load64_zero(Qj + (<usize>k << 2)));
    v128.store(G + o, f64x2.add(v128.load(G + o), f64x2.add(f64x2.mul(qi, a), f64x2.mul(qj, b))));
  }
  if (k < n) {
    const o = <usize>k << 3;
    store<f64>(G + o, load<f64>(G + o) + (<f64>load<f32>(Qi + (<usize>k << 2)) * dai + <f64>load<f32>(Qj + (<usize>k << 2)) * daj));
  }
}

/** v[k] += a·Q[k] for k in [start, end) (Q a column, f32). */
export function add_scaled_column(v: usize, a: f64, Q: usize, start: i32, end: i32): void {
  const av = f64x2.splat(a);
  let k = start;
  for (; k + 2 <= end; k += 2) {
    const o = <usize>k << 3;
    const q = f64x2.promote_low_f32x4(v128.load64_zero(Q + (<usize>k << 2)));
    v128.store(v + o, f64x2.add(v128.load(v + o), f64x2.mul(av, q)));
  }
  if (k < end) {
    const o = <usize>k << 3;
    store<f64>(v + o, load<f64>(v + o) + a * <f64>load<f32>(Q + (<usize>k << 2)));
  }
}

/** v[k] −= a·Q[k] for k in [start, end) (libsvm's Ḡ −= C_i Q_i). */
export function subtract_scaled_column(v: usize, a: f64, Q: usize, start: i32, end: i32): void {
  const av = f64x2.splat(a);
  let k = start;
  for (; k + 2 <= end; k += 2) {
    const o = <usize>k << 3;
    const q = f64x2.promote_low_f32x4(v128.load64_zero(Q + (<usize>k << 2)));
    v128.store(v + o, f64x2.sub(v128.load(v + o), f64x2.mul(av, q)));
  }
  if (k < end) {
    const o = <usize>k << 3;
    store<f64>(v + o, load<f64>(v + o) - a * <f64>load<f32>(Q + (<usize>k << 2)));
  }
}

/** out[j] = s · sign[j] · data[row[j]] for j < n (epsilon-SVR's reordered column; f32, signs f32). */
export function gather_signed(data: usize, row: usize, sign: usize, s: f32, n: i32, out: usize): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(out + o, s * load<f32>(sign + o) * load<f32>(data + (<usize>load<i32>(row + o) << 2)));
  }
}

/**
 * Applies swaps of two variables to cached kernel columns (libsvm's Cache::swap_index):
 * column c (f32 values at slab + slot[c] · size · 4, filled to len[c]) swaps its values
 * lo and hi for each pair (lo < hi, in order, at `pairs`, i32) with len > hi, ignores
 * pairs with len <= lo, and is dropped at the first pair with lo < len <= hi:
 * dropped[c] (i32) is set to 1, else 0.
 */
export function apply_swaps(slab: usize, size: i32, slot: usize, len: usize, columns: i32, pairs: usize, npairs: i32, dropped: usize): void {
  const size4 = <usize>size << 2;
  for (let c = 0; c < columns; c++) {
    const o = <usize>c << 2;
    const n = load<i32>(len + o);
    const base = slab + <usize>load<i32>(slot + o) * size4;
    let drop = 0;
    for (let k = 0; k < npairs; k++) {
      const lo = load<i32>(pairs + (<usize>k << 3));
      if (n <= lo) continue;
      const hi = load<i32>(pairs + (<usize>k << 3), 4);
      if (n <= hi) {
        drop = 1;
        break;
      }
      const plo = base + (<usize>lo << 2);
      const phi = base + (<usize>hi << 2);
      const t = load<f32>(plo);
      store<f32>(plo, load<f32>(phi));
      store<f32>(phi, t);
    }
    store<i32>(dropped + o, drop);
  }
}

/** The first free byte after the module's static data (for the JavaScript allocator). */
export function heap_base(): usize {
  return __heap_base;
}

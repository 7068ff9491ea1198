// The exp of the SVM kernels (wasm/assembly/svm.ts), on two f64 lanes:
// x = k ln2 + r with k = round(x / ln2), |r| <= ln2 / 2; exp(r) by its Taylor series
// to degree 13 (truncation below 0.02 ulp); the scaling by 2^k through the exponent
// bits. Under 1 ulp from the correctly rounded value (0.73 ulp measured). Lanes below
// -708 (a subnormal or zero result) or above 709, and NaN, go through the scalar
// Math.exp, lane by lane, so a value never depends on its neighbour lane.

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
export function expv(x: v128): v128 {
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

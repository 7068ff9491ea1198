// exp and log1p on the two lanes of a v128, for the logistic losses.
// Part of the linear models' kernel module (wasm/assembly/linear.ts): pointers are byte
// offsets into its memory; matrices are row-major and contiguous unless a leading
// dimension is given.

// The constants of exp, log1p and the pointwise steps, each stored twice (one v128 per
// constant, at index · 16): loaded from memory they cost one operand of the instruction
// that uses them, where a v128.const inside a loop costs several instructions.
//   ln 2 is split so that k · LN2_HI is exact for |k| < 2^21 (Cody and Waite's reduction);
//   exp(-708) is still a normal number: lanes below are clamped there (e^t ~ 3e-308);
//   ROUND_MAGIC = 2^52 + 2^51 leaves a small integer-valued double in the low bits.
const EXP_MIN: i32 = 0;
const INV_LN2: i32 = 1;
const LN2_HI: i32 = 2;
const LN2_LO: i32 = 3;
const ROUND_MAGIC: i32 = 4;
export const ONE: i32 = 5;
const HALF: i32 = 6;
const TWO: i32 = 7;
const SQRT2: i32 = 8;
const E3: i32 = 9;
const E4: i32 = 10;
const E5: i32 = 11;
const E6: i32 = 12;
const E7: i32 = 13;
const E8: i32 = 14;
const E9: i32 = 15;
const E10: i32 = 16;
const E11: i32 = 17;
const E12: i32 = 18;
const E13: i32 = 19;
const L3: i32 = 20;
const L5: i32 = 21;
const L7: i32 = 22;
const L9: i32 = 23;
const L11: i32 = 24;
const L13: i32 = 25;
const L15: i32 = 26;
const L17: i32 = 27;
const L19: i32 = 28;
const L21: i32 = 29;
const L23: i32 = 30;
export const ZERO: i32 = 31;
export const SIGN_BIT: i32 = 32;
const CONSTANTS = memory.data<f64>([
  -708.0, -708.0,
  1.4426950408889634, 1.4426950408889634,
  0.6931471803691238, 0.6931471803691238,
  1.9082149292705877e-10, 1.9082149292705877e-10,
  6755399441055744.0, 6755399441055744.0,
  1.0, 1.0,
  0.5, 0.5,
  2.0, 2.0,
  1.4142135623730951, 1.4142135623730951,
  1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.0 / 39916800.0, 1.0 / 39916800.0,
  1.0 / 479001600.0, 1.0 / 479001600.0,
  1.0 / 6227020800.0, 1.0 / 6227020800.0,
  1.0 / 3.0, 1.0 / 3.0,
  1.0 / 5.0, 1.0 / 5.0,
  1.0 / 7.0, 1.0 / 7.0,
  1.0 / 9.0, 1.0 / 9.0,
  1.0 / 11.0, 1.0 / 11.0,
  1.0 / 13.0, 1.0 / 13.0,
  1.0 / 15.0, 1.0 / 15.0,
  1.0 / 17.0, 1.0 / 17.0,
  1.0 / 19.0, 1.0 / 19.0,
  1.0 / 21.0, 1.0 / 21.0,
  1.0 / 23.0, 1.0 / 23.0,
  0.0, 0.0,
  -0.0, -0.0,
]);
const EXPONENT_BIAS = memory.data<i64>([1023, 1023]);

// @ts-ignore: decorator
@inline
export function c(index: i32): v128 {
  return v128.load(CONSTANTS + (<usize>index << 4));
}

/**
 * e^t for t <= 0 on both lanes (t below -708 is taken as -708), to about 2 ulp:
 * t = k ln2 + r with |r| <= ln2 / 2, e^r by its Taylor polynomial of degree 13
 * (truncation below 5e-18), times 2^k built in the exponent bits.
 */
// @ts-ignore: decorator
@inline
export function expNonPositive(t: v128): v128 {
  t = f64x2.pmax(t, c(EXP_MIN)); // NaN stays NaN
  const k = f64x2.nearest(f64x2.mul(t, c(INV_LN2)));
  const r = f64x2.sub(f64x2.sub(t, f64x2.mul(k, c(LN2_HI))), f64x2.mul(k, c(LN2_LO)));
  // Estrin's scheme (short dependency chains): sum of r^i / i! for i = 0..13
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = f64x2.add(c(ONE), r);
  const q1 = f64x2.add(c(HALF), f64x2.mul(r, c(E3)));
  const q2 = f64x2.add(c(E4), f64x2.mul(r, c(E5)));
  const q3 = f64x2.add(c(E6), f64x2.mul(r, c(E7)));
  const q4 = f64x2.add(c(E8), f64x2.mul(r, c(E9)));
  const q5 = f64x2.add(c(E10), f64x2.mul(r, c(E11)));
  const q6 = f64x2.add(c(E12), f64x2.mul(r, c(E13)));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const s1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const s2 = f64x2.add(q4, f64x2.mul(q5, r2));
  const t0 = f64x2.add(s0, f64x2.mul(s1, r4));
  const t1 = f64x2.add(s2, f64x2.mul(q6, r4));
  const q = f64x2.add(t0, f64x2.mul(t1, r8));
  // 2^k: the integer k sits in the low bits of k + 2^52 + 2^51; shifting (k + 1023) into
  // the exponent field pushes the magic bits out
  const bits = i64x2.shl(i64x2.add(f64x2.add(k, c(ROUND_MAGIC)), v128.load(EXPONENT_BIAS)), 52);
  return f64x2.mul(q, bits);
}

/**
 * log(1 + u) for 0 <= u <= 1 on both lanes, to about 2 ulp, given a = 1 + u (rounded)
 * and inv = 1 / a: the rounding error c = u - (a - 1) is added back as c / a; log a =
 * k ln2 + log m with m in [√2/2, √2], and log m = 2 atanh(s), s = (m - 1)/(m + 1),
 * |s| <= 0.172, by 12 terms of its series (truncation below 1e-19).
 */
// @ts-ignore: decorator
@inline
export function log1pUnit(u: v128, a: v128, inv: v128): v128 {
  const one = c(ONE);
  const rounding = f64x2.sub(u, f64x2.sub(a, one));
  const big = f64x2.gt(a, c(SQRT2));
  const m = v128.bitselect(f64x2.mul(a, c(HALF)), a, big);
  const f = f64x2.sub(m, one);
  const s = f64x2.div(f, f64x2.add(c(TWO), f));
  const z = f64x2.mul(s, s);
  // q = Σ z^j / (2j + 1) for j = 1..11, by Estrin's scheme
  const z2 = f64x2.mul(z, z);
  const z4 = f64x2.mul(z2, z2);
  const e0 = f64x2.mul(z, f64x2.add(c(L3), f64x2.mul(z, c(L5))));
  const e1 = f64x2.add(c(L7), f64x2.mul(z, c(L9)));
  const e2 = f64x2.add(c(L11), f64x2.mul(z, c(L13)));
  const e3 = f64x2.add(c(L15), f64x2.mul(z, c(L17)));
  const e4 = f64x2.add(c(L19), f64x2.mul(z, c(L21)));
  const f0 = f64x2.add(e0, f64x2.mul(e1, f64x2.mul(z, z2)));
  const f1 = f64x2.add(e2, f64x2.mul(e3, z2));
  const f2 = f64x2.add(e4, f64x2.mul(c(L23), z2));
  const q = f64x2.add(f0, f64x2.mul(f64x2.mul(z, z4), f64x2.add(f1, f64x2.mul(f2, z4))));
  const s2 = f64x2.add(s, s);
  const logM = f64x2.add(s2, f64x2.mul(s2, q));
  const kHi = v128.and(big, c(LN2_HI));
  const kLo = v128.and(big, c(LN2_LO));
  return f64x2.add(kHi, f64x2.add(logM, f64x2.add(kLo, f64x2.mul(rounding, inv))));
}

/** e^t for t <= 0 (exported for the specs, which compare it with Math.exp). */
export function exp_nonpositive(t: f64): f64 {
  return f64x2.extract_lane(expNonPositive(f64x2.splat(t)), 0);
}

/** log(1 + u) for 0 <= u <= 1 (exported for the specs, which compare it with Math.log1p). */
export function log1p_unit(u: f64): f64 {
  const v = f64x2.splat(u);
  const a = f64x2.add(f64x2.splat(1.0), v);
  return f64x2.extract_lane(log1pUnit(v, a, f64x2.div(f64x2.splat(1.0), a)), 0);
}

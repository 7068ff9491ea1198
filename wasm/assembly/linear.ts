// Kernels of the linear models (lib/estimators/linear), AssemblyScript compiled to
// WebAssembly with SIMD.
//
// Pointers are byte offsets into this module's memory, managed from JavaScript
// (lib/core/kernels/wasm-module.ts). Matrices are row-major and contiguous (`p` values
// per row) unless a leading dimension is given.

// ---------------------------------------------------------------------------------
// Normal equations: the Gram matrix of [X - shift, y - yshift, 1], one chunk of rows at a time
// ---------------------------------------------------------------------------------

/**
 * Accumulates into G (ld × ld, upper triangle) the Gram matrix of the augmented rows
 * [x - shift, y - yshift, 1, 0 …] of one chunk: XᵀX, Xᵀy and the column sums (against
 * the ones column), yᵀy, Σy and the row count, all shifted, in one pass.
 *
 * x: the chunk's rows (`rows` × `p`, contiguous); aug: room for `rows` × `ld` values,
 * ld a multiple of 4 and >= p + 2. Only the 4 × 4 blocks on or above the diagonal are
 * accumulated.
 */
export function gram_chunk(x: usize, rows: i32, p: i32, shift: usize, y: usize, yshift: f64, aug: usize, ld: i32, g: usize): void {
  const p8 = <usize>p << 3;
  const ld8 = <usize>ld << 3;
  const pairs = p & ~1;
  let src = x;
  let dst = aug;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      v128.store(dst + o, f64x2.sub(v128.load(src + o), v128.load(shift + o)));
    }
    if (pairs < p) store<f64>(dst + (<usize>pairs << 3), load<f64>(src + (<usize>pairs << 3)) - load<f64>(shift + (<usize>pairs << 3)));
    store<f64>(dst + p8, load<f64>(y + (<usize>r << 3)) - yshift);
    store<f64>(dst + p8 + 8, 1.0);
    for (let j = p + 2; j < ld; j++) store<f64>(dst + (<usize>j << 3), 0.0);
    src += p8;
    dst += ld8;
  }
  for (let i0 = 0; i0 < ld; i0 += 4) {
    for (let j0 = i0; j0 < ld; j0 += 4) {
      gramBlock(aug + (<usize>i0 << 3), aug + (<usize>j0 << 3), ld8, rows, g + <usize>i0 * ld8 + (<usize>j0 << 3), ld8);
    }
  }
}

// ---------------------------------------------------------------------------------
// Least squares: the R factor of [1, X - shift, y - yshift] by Householder QR, chunk by chunk
// ---------------------------------------------------------------------------------

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

// One 4 × 4 block of G += Pᵀ Q over `rows` rows (P and Q: column offsets into the same
// rows, stride `ld8` bytes): eight f64x2 accumulators.
// @ts-ignore: decorator
@inline
function gramBlock(pp: usize, qq: usize, ld8: usize, rows: i32, cc: usize, ldc8: usize): void {
  let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0);
  let a20 = f64x2.splat(0), a21 = f64x2.splat(0), a30 = f64x2.splat(0), a31 = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    const v0 = v128.load(qq);
    const v1 = v128.load(qq, 16);
    let s = v128.load64_splat(pp);
    a00 = f64x2.add(a00, f64x2.mul(s, v0));
    a01 = f64x2.add(a01, f64x2.mul(s, v1));
    s = v128.load64_splat(pp, 8);
    a10 = f64x2.add(a10, f64x2.mul(s, v0));
    a11 = f64x2.add(a11, f64x2.mul(s, v1));
    s = v128.load64_splat(pp, 16);
    a20 = f64x2.add(a20, f64x2.mul(s, v0));
    a21 = f64x2.add(a21, f64x2.mul(s, v1));
    s = v128.load64_splat(pp, 24);
    a30 = f64x2.add(a30, f64x2.mul(s, v0));
    a31 = f64x2.add(a31, f64x2.mul(s, v1));
    pp += ld8;
    qq += ld8;
  }
  v128.store(cc, f64x2.add(v128.load(cc), a00));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a01), 16);
  cc += ldc8;
  v128.store(cc, f64x2.add(v128.load(cc), a10));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a11), 16);
  cc += ldc8;
  v128.store(cc, f64x2.add(v128.load(cc), a20));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a21), 16);
  cc += ldc8;
  v128.store(cc, f64x2.add(v128.load(cc), a30));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a31), 16);
}

// ---------------------------------------------------------------------------------
// exp and log1p on two lanes (the logistic losses call them once per sample)
// ---------------------------------------------------------------------------------

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
const ONE: i32 = 5;
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
const ZERO: i32 = 31;
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
]);
const EXPONENT_BIAS = memory.data<i64>([1023, 1023]);

// @ts-ignore: decorator
@inline
function c(index: i32): v128 {
  return v128.load(CONSTANTS + (<usize>index << 4));
}

/**
 * e^t for t <= 0 on both lanes (t below -708 is taken as -708), to about 2 ulp:
 * t = k ln2 + r with |r| <= ln2 / 2, e^r by its Taylor polynomial of degree 13
 * (truncation below 5e-18), times 2^k built in the exponent bits.
 */
// @ts-ignore: decorator
@inline
function expNonPositive(t: v128): v128 {
  t = f64x2.max(t, c(EXP_MIN));
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
function log1pUnit(u: v128, a: v128, inv: v128): v128 {
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

// ---------------------------------------------------------------------------------
// Logistic losses: value and gradient in one pass over the rows
// ---------------------------------------------------------------------------------

/** The loss of each lane, from the binary pointwise step (read by the caller). */
let binaryLoss: v128 = f64x2.splat(0);

/**
 * The binary logistic pointwise step on two samples: with u = e^-|z|,
 * loss = log(1 + u) + max(z, 0) - y z (left in `binaryLoss`) and the derivative
 * expit(z) - y (returned), both times the sample weights.
 */
// @ts-ignore: decorator
@inline
function binaryPointwise(z: v128, y: v128, sw: v128): v128 {
  const u = expNonPositive(f64x2.neg(f64x2.abs(z)));
  const a = f64x2.add(c(ONE), u);
  const inv = f64x2.div(c(ONE), a);
  const positive = f64x2.ge(z, c(ZERO));
  const proba = v128.bitselect(inv, f64x2.mul(u, inv), positive);
  const loss = f64x2.sub(f64x2.add(log1pUnit(u, a, inv), f64x2.max(z, c(ZERO))), f64x2.mul(y, z));
  binaryLoss = f64x2.mul(sw, loss);
  return f64x2.mul(sw, f64x2.sub(proba, y));
}

// x · w for one row of p values (pairs, then the odd tail).
// @ts-ignore: decorator
@inline
function rowDot(row: usize, w: usize, p: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < p; j += 4) {
    const o = <usize>j << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(w + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(row + o, 16), v128.load(w + o, 16)));
  }
  if (j + 1 < p) {
    const o = <usize>j << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(w + o)));
    j += 2;
  }
  const acc = f64x2.add(acc0, acc1);
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (j < p) sum += load<f64>(row + (<usize>j << 3)) * load<f64>(w + (<usize>j << 3));
  return sum;
}

// out += d · row for p values.
// @ts-ignore: decorator
@inline
function rowAxpy(row: usize, d: f64, out: usize, p: i32): void {
  const ds = f64x2.splat(d);
  const pairs = p & ~1;
  for (let j = 0; j < pairs; j += 2) {
    const o = <usize>j << 3;
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(ds, v128.load(row + o))));
  }
  if (pairs < p) {
    const o = <usize>pairs << 3;
    store<f64>(out + o, load<f64>(out + o) + d * load<f64>(row + o));
  }
}

/** Rows per chunk of the logistic passes: the chunk stays in the first-level cache. */
const CHUNK: i32 = 64;
/** Per-chunk scratch: the raw predictions, then the weighted derivatives. */
const chunkValues = memory.data(CHUNK * 8, 16);

/**
 * z[r] = x_r · w + b for `rows` rows, four at a time (their products share the loads of w).
 */
// @ts-ignore: decorator
@inline
function chunkDots(x: usize, rows: i32, p: i32, w: usize, b: f64, z: usize): void {
  const p8 = <usize>p << 3;
  const pairs = p & ~1;
  let r = 0;
  let row = x;
  for (; r + 3 < rows; r += 4) {
    const r0 = row;
    const r1 = r0 + p8;
    const r2 = r1 + p8;
    const r3 = r2 + p8;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      const wv = v128.load(w + o);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(r0 + o), wv));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(r1 + o), wv));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(r2 + o), wv));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(r3 + o), wv));
    }
    // horizontal sums: [a0.0 + a0.1, a1.0 + a1.1] and the same for rows 2, 3
    let z01 = f64x2.add(i64x2.shuffle(a0, a1, 0, 2), i64x2.shuffle(a0, a1, 1, 3));
    let z23 = f64x2.add(i64x2.shuffle(a2, a3, 0, 2), i64x2.shuffle(a2, a3, 1, 3));
    if (pairs < p) {
      const o = <usize>pairs << 3;
      const wt = f64x2.splat(load<f64>(w + o));
      z01 = f64x2.add(z01, f64x2.mul(f64x2.replace_lane(f64x2.splat(load<f64>(r0 + o)), 1, load<f64>(r1 + o)), wt));
      z23 = f64x2.add(z23, f64x2.mul(f64x2.replace_lane(f64x2.splat(load<f64>(r2 + o)), 1, load<f64>(r3 + o)), wt));
    }
    const oz = z + (<usize>r << 3);
    v128.store(oz, f64x2.add(z01, f64x2.splat(b)));
    v128.store(oz, f64x2.add(z23, f64x2.splat(b)), 16);
    row = r3 + p8;
  }
  for (; r < rows; r++) {
    store<f64>(z + (<usize>r << 3), rowDot(row, w, p) + b);
    row += p8;
  }
}

/** grad[0..p) += Σ_r d[r] x_r over `rows` rows, four at a time (one pass over grad per four rows). */
// @ts-ignore: decorator
@inline
function chunkAxpy(x: usize, rows: i32, p: i32, d: usize, grad: usize): void {
  const p8 = <usize>p << 3;
  const pairs = p & ~1;
  let r = 0;
  let row = x;
  for (; r + 3 < rows; r += 4) {
    const r0 = row;
    const r1 = r0 + p8;
    const r2 = r1 + p8;
    const r3 = r2 + p8;
    const od = d + (<usize>r << 3);
    const d0 = v128.load64_splat(od);
    const d1 = v128.load64_splat(od, 8);
    const d2 = v128.load64_splat(od, 16);
    const d3 = v128.load64_splat(od, 24);
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      const t = f64x2.add(
        f64x2.add(f64x2.mul(d0, v128.load(r0 + o)), f64x2.mul(d1, v128.load(r1 + o))),
        f64x2.add(f64x2.mul(d2, v128.load(r2 + o)), f64x2.mul(d3, v128.load(r3 + o))),
      );
      v128.store(grad + o, f64x2.add(v128.load(grad + o), t));
    }
    if (pairs < p) {
      const o = <usize>pairs << 3;
      store<f64>(grad + o, load<f64>(grad + o) +
        ((load<f64>(od) * load<f64>(r0 + o) + load<f64>(od, 8) * load<f64>(r1 + o)) +
         (load<f64>(od, 16) * load<f64>(r2 + o) + load<f64>(od, 24) * load<f64>(r3 + o))));
    }
    row = r3 + p8;
  }
  for (; r < rows; r++) {
    rowAxpy(row, load<f64>(d + (<usize>r << 3)), grad, p);
    row += p8;
  }
}

/** out[r] = x_r · w + b for `rows` rows (a linear model's predictions). */
export function linear_predict(x: usize, rows: i32, p: i32, w: usize, b: f64, out: usize): void {
  chunkDots(x, rows, p, w, b, out);
}

/**
 * The binary logistic loss (labels y in {0, 1}, sample weights sw) at weights w (p
 * values) and intercept b: returns Σ swᵢ · (log(1 + e^zᵢ) - yᵢ zᵢ) with zᵢ = xᵢ·w + b,
 * and writes Σ swᵢ (expit(zᵢ) - yᵢ) xᵢ into grad[0..p) and its sum over i into grad[p].
 *
 * One pass over the rows, in chunks that stay in the first-level cache: the raw
 * predictions of a chunk, then their pointwise steps (two samples per instruction, many
 * in flight), then the chunk's gradient terms.
 */
export function binary_logistic(x: usize, n: i32, p: i32, w: usize, b: f64, y: usize, sw: usize, grad: usize): f64 {
  const p8 = <usize>p << 3;
  memory.fill(grad, 0, p8 + 8);
  const z = chunkValues;
  let lossAcc = f64x2.splat(0);
  let dAcc = f64x2.splat(0);
  let lossTail = 0.0;
  let dTail = 0.0;
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const rows = min(CHUNK, n - c0);
    const xc = x + <usize>c0 * p8;
    chunkDots(xc, rows, p, w, b, z);
    const yc = y + (<usize>c0 << 3);
    const sc = sw + (<usize>c0 << 3);
    let r = 0;
    for (; r + 1 < rows; r += 2) {
      const o = <usize>r << 3;
      const d = binaryPointwise(v128.load(z + o), v128.load(yc + o), v128.load(sc + o));
      lossAcc = f64x2.add(lossAcc, binaryLoss);
      dAcc = f64x2.add(dAcc, d);
      v128.store(z + o, d);
    }
    if (r < rows) {
      const o = <usize>r << 3;
      const d = f64x2.extract_lane(binaryPointwise(f64x2.splat(load<f64>(z + o)), f64x2.splat(load<f64>(yc + o)), f64x2.splat(load<f64>(sc + o))), 0);
      lossTail += f64x2.extract_lane(binaryLoss, 0);
      dTail += d;
      store<f64>(z + o, d);
    }
    chunkAxpy(xc, rows, p, z, grad);
  }
  store<f64>(grad + p8, f64x2.extract_lane(dAcc, 0) + f64x2.extract_lane(dAcc, 1) + dTail);
  return f64x2.extract_lane(lossAcc, 0) + f64x2.extract_lane(lossAcc, 1) + lossTail;
}

/**
 * The multinomial logistic loss over K classes (class codes in `codes`, sample weights
 * sw) at the weights W (K blocks of `block` values: p weights, then the intercept when
 * `intercept` is set): returns Σ swᵢ (log Σ_k e^{z_ik} - z_i,yᵢ), z_ik = xᵢ·W_k + b_k,
 * and writes its gradient into grad (same layout as W): Σ swᵢ (softmax_k(zᵢ) - [yᵢ = k]) xᵢ
 * per class, plus the sums for the intercepts. `scratch` holds K values. When `proba`
 * is not 0, the probabilities are kept there (n × K, row-major).
 */
export function multinomial_logistic(x: usize, n: i32, p: i32, K: i32, w: usize, block: i32, intercept: i32, codes: usize, sw: usize, grad: usize, scratch: usize, proba: usize): f64 {
  const p8 = <usize>p << 3;
  const block8 = <usize>block << 3;
  memory.fill(grad, 0, <usize>K * block8);
  let loss = 0.0;
  let row = x;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      const wk = w + <usize>k * block8;
      let z = rowDot(row, wk, p);
      if (intercept) z += load<f64>(wk + p8);
      store<f64>(scratch + (<usize>k << 3), z);
      if (z > max) max = z;
    }
    const yi = load<i32>(codes + (<usize>i << 2));
    const si = load<f64>(sw + (<usize>i << 3));
    const zy = load<f64>(scratch + (<usize>yi << 3));
    let sum = 0.0;
    let k = 0;
    for (; k + 1 < K; k += 2) {
      const o = <usize>k << 3;
      const e = expNonPositive(f64x2.sub(v128.load(scratch + o), f64x2.splat(max)));
      v128.store(scratch + o, e);
      sum += f64x2.extract_lane(e, 0) + f64x2.extract_lane(e, 1);
    }
    if (k < K) {
      const o = <usize>k << 3;
      const e = f64x2.extract_lane(expNonPositive(f64x2.splat(load<f64>(scratch + o) - max)), 0);
      store<f64>(scratch + o, e);
      sum += e;
    }
    loss += (Math.log(sum) + max - zy) * si;
    for (let c = 0; c < K; c++) {
      const o = <usize>c << 3;
      const pc = load<f64>(scratch + o) / sum;
      if (proba) store<f64>(proba + ((<usize>i * <usize>K + <usize>c) << 3), pc);
      const d = (c === yi ? pc - 1.0 : pc) * si;
      const gk = grad + <usize>c * block8;
      rowAxpy(row, d, gk, p);
      if (intercept) store<f64>(gk + p8, load<f64>(gk + p8) + d);
    }
    row += p8;
  }
  return loss;
}

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}

// The O(l) loops of the SMO solver (lib/estimators/svm/smo-solver.ts) and of its kernel
// cache, for the SVM kernels (wasm/assembly/svm.ts). Per variable: G, QD and the masks
// upY, lowY as f64 arrays; Q columns as f32. Each loop keeps libsvm's tie rules (the
// last index among equals wins) and its operation order, so it selects what libsvm
// selects.

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

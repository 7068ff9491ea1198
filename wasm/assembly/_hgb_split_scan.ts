// HistGradientBoosting kernels (included by hgb.ts): the split scans of the numerical
// features over a node's histograms. See hgb.ts for the memory layout.

// The settings of one split scan (module globals: the kernels allocate nothing).
let scan_n: f64 = 0;
let scan_sum_g: f64 = 0;
let scan_sum_h: f64 = 0;
let scan_lower: f64 = 0;
let scan_upper: f64 = 0;
let scan_l2: f64 = 0;
let scan_min_leaf: f64 = 0;
let scan_min_hess: f64 = 0;
let scan_min_gain: f64 = 0;
let scan_loss_current: f64 = 0;
let scan_out_gain: usize = 0;
let scan_out_bin: usize = 0;
let scan_out_missing_left: usize = 0;
let scan_out_gl: usize = 0;
let scan_out_hl: usize = 0;
let scan_out_nl: usize = 0;

// @ts-ignore: decorator
@inline
function record(f: i32, gain: f64, bin: i32, missing_left: u8, gl: f64, hl: f64, nl: i32): void {
  store<f64>(scan_out_gain + (<usize>f << 3), gain);
  store<i32>(scan_out_bin + (<usize>f << 2), bin);
  store<u8>(scan_out_missing_left + <usize>f, missing_left);
  store<f64>(scan_out_gl + (<usize>f << 3), gl);
  store<f64>(scan_out_hl + (<usize>f << 3), hl);
  store<i32>(scan_out_nl + (<usize>f << 2), nl);
}

/**
 * One feature's scans exactly as scikit-learn runs them (left to right, then right to
 * left when the feature has missing values), bin after bin. For the features the fast
 * path does not take.
 */
function scan_feature_sequential(f: i32, hs: usize, hc: usize, used: i32, missing: i32, cst: i32): void {
  const n = <i32>scan_n;
  const min_leaf = <i32>scan_min_leaf;
  const sum_g = scan_sum_g;
  const sum_h = scan_sum_h;
  const min_hess = scan_min_hess;
  let best: f64 = -1;
  let gl: f64 = 0;
  let hl: f64 = 0;
  let nl: i32 = 0;
  const end = used - 1 + missing;
  for (let b = 0; b < end; b++) {
    const pair = v128.load(hs + (<usize>b << 4));
    const c = hc == 0 ? <i32>f64x2.extract_lane(pair, 1) : <i32>load<u32>(hc + (<usize>b << 2));
    nl += c;
    hl += hc == 0 ? <f64>c : f64x2.extract_lane(pair, 1);
    gl += f64x2.extract_lane(pair, 0);
    if (nl < min_leaf) continue;
    if (n - nl < min_leaf) break;
    if (hl < min_hess) continue;
    const hr = sum_h - hl;
    if (hr < min_hess) break;
    const gain = split_gain(gl, hl, sum_g - gl, hr, cst);
    if (gain > best && gain > scan_min_gain) {
      best = gain;
      record(f, gain, b, 0, gl, hl, nl);
    }
  }
  if (missing == 0) return;
  let gr: f64 = 0;
  let hr: f64 = 0;
  let nr: i32 = 0;
  for (let b = used - 2; b >= 0; b--) {
    const pair = v128.load(hs + (<usize>(b + 1) << 4));
    const c = hc == 0 ? <i32>f64x2.extract_lane(pair, 1) : <i32>load<u32>(hc + (<usize>(b + 1) << 2));
    nr += c;
    hr += hc == 0 ? <f64>c : f64x2.extract_lane(pair, 1);
    gr += f64x2.extract_lane(pair, 0);
    if (nr < min_leaf) continue;
    if (n - nr < min_leaf) break;
    if (hr < min_hess) continue;
    const hl2 = sum_h - hr;
    if (hl2 < min_hess) break;
    const gl2 = sum_g - gr;
    const gain = split_gain(gl2, hl2, gr, hr, cst);
    if (gain > best && gain > scan_min_gain) {
      best = gain;
      record(f, gain, b, 1, gl2, hl2, n - nr);
    }
  }
}

// scikit-learn's _split_gain: children's values -g / (h + l2 + 1e-15) clipped to the
// bounds (in one SIMD division), -1 when they break the monotonic constraint.
// @ts-ignore: decorator
@inline
function split_gain(gl: f64, hl: f64, gr: f64, hr: f64, cst: i32): f64 {
  const num = f64x2.replace_lane(f64x2.splat(-gl), 1, -gr);
  const den = f64x2.add(f64x2.add(f64x2.replace_lane(f64x2.splat(hl), 1, hr), f64x2.splat(scan_l2)), f64x2.splat(1e-15));
  const v = f64x2.pmin(f64x2.pmax(f64x2.div(num, den), f64x2.splat(scan_lower)), f64x2.splat(scan_upper));
  const vl = f64x2.extract_lane(v, 0);
  const vr = f64x2.extract_lane(v, 1);
  if ((cst == 1 && vl > vr) || (cst == -1 && vl < vr)) return -1;
  let gain = scan_loss_current;
  gain -= gl * vl;
  gain -= gr * vr;
  return gain;
}

// Cumulative sums of the fast path, per bin: (gradient, hessian) pairs, and the row
// counts when hessians are not constant, for two features at a time.
const prefix_a = memory.data(256 * 16, 16);
const prefix_b = memory.data(256 * 16, 16);
const count_a = memory.data(256 * 8, 16);
const count_b = memory.data(256 * 8, 16);

// Cumulative sums of bins 0..len-1 of one or two features (their chains interleave).
// Returns false when a bin of either has a negative hessian sum (a subtraction's
// rounding), which would break the monotonicity the fast path relies on.
// @ts-ignore: decorator
@inline
function prefix_sums(hs_a: usize, hc_a: usize, hs_b: usize, hc_b: usize, len: i32, two: bool): bool {
  let acc_a = f64x2.splat(0);
  let acc_b = f64x2.splat(0);
  let min_h = f64x2.splat(0);
  let na: f64 = 0;
  let nb: f64 = 0;
  for (let b = 0; b < len; b++) {
    const pa = v128.load(hs_a + (<usize>b << 4));
    acc_a = f64x2.add(acc_a, pa);
    v128.store(prefix_a + (<usize>b << 4), acc_a);
    min_h = f64x2.pmin(min_h, pa);
    if (hc_a != 0) {
      na += <f64>load<u32>(hc_a + (<usize>b << 2));
      store<f64>(count_a + (<usize>b << 3), na);
    }
    if (two) {
      const pb = v128.load(hs_b + (<usize>b << 4));
      acc_b = f64x2.add(acc_b, pb);
      v128.store(prefix_b + (<usize>b << 4), acc_b);
      min_h = f64x2.pmin(min_h, pb);
      if (hc_b != 0) {
        nb += <f64>load<u32>(hc_b + (<usize>b << 2));
        store<f64>(count_b + (<usize>b << 3), nb);
      }
    }
  }
  return f64x2.extract_lane(min_h, 1) >= 0;
}

/**
 * The left-to-right scan of a feature without missing values from its cumulative sums,
 * two bins per SIMD step: the bins scikit-learn evaluates (both children with enough
 * rows and hessian) form one run because every cumulative sum is monotonic, so the
 * others are masked; the first bin of the highest gain wins, as in the sequential scan.
 */
function scan_feature_prefix(f: i32, prefix: usize, counts: usize, end: i32, cst: i32): void {
  // the run of bins scikit-learn evaluates: [first, last)
  const min_leaf = scan_min_leaf;
  const min_hess = scan_min_hess;
  const n = scan_n;
  const sum_h = scan_sum_h;
  let first = 0;
  while (first < end) {
    const hl = load<f64>(prefix + (<usize>first << 4), 8);
    const nl = counts == 0 ? hl : load<f64>(counts + (<usize>first << 3));
    if (nl >= min_leaf && hl >= min_hess) break;
    first++;
  }
  let last = end;
  while (last > first) {
    const hl = load<f64>(prefix + (<usize>(last - 1) << 4), 8);
    const nl = counts == 0 ? hl : load<f64>(counts + (<usize>(last - 1) << 3));
    if (n - nl >= min_leaf && sum_h - hl >= min_hess) break;
    last--;
  }
  if (first >= last) return;
  const sum_g = f64x2.splat(scan_sum_g);
  const vsum_h = f64x2.splat(sum_h);
  const l2 = f64x2.splat(scan_l2);
  const eps = f64x2.splat(1e-15);
  const lo = f64x2.splat(scan_lower);
  const hi = f64x2.splat(scan_upper);
  const zero = f64x2.splat(0);
  const loss = f64x2.splat(scan_loss_current);
  const minus_one = f64x2.splat(-1);
  const two = f64x2.splat(2);
  let index = f64x2.replace_lane(f64x2.splat(<f64>first), 1, <f64>(first + 1));
  let best = f64x2.splat(-Infinity);
  let best_index = zero;
  // pairs of bins; an odd run repeats its last bin in the second lane (an equal gain never wins)
  for (let b = first; b < last; b += 2) {
    const b1 = min(b + 1, last - 1);
    const p0 = v128.load(prefix + (<usize>b << 4));
    const p1 = v128.load(prefix + (<usize>b1 << 4));
    const gl = v128.shuffle<f64>(p0, p1, 0, 2);
    const hl = v128.shuffle<f64>(p0, p1, 1, 3);
    const gr = f64x2.sub(sum_g, gl);
    const hr = f64x2.sub(vsum_h, hl);
    const vl = f64x2.pmin(f64x2.pmax(f64x2.div(f64x2.sub(zero, gl), f64x2.add(f64x2.add(hl, l2), eps)), lo), hi);
    const vr = f64x2.pmin(f64x2.pmax(f64x2.div(f64x2.sub(zero, gr), f64x2.add(f64x2.add(hr, l2), eps)), lo), hi);
    let gain = f64x2.sub(f64x2.sub(loss, f64x2.mul(gl, vl)), f64x2.mul(gr, vr));
    if (cst == 1) gain = v128.bitselect(minus_one, gain, f64x2.gt(vl, vr));
    else if (cst == -1) gain = v128.bitselect(minus_one, gain, f64x2.lt(vl, vr));
    const better = f64x2.gt(gain, best);
    best = f64x2.pmax(best, gain);
    best_index = v128.bitselect(index, best_index, better);
    index = f64x2.add(index, two);
  }
  const g0 = f64x2.extract_lane(best, 0);
  const g1 = f64x2.extract_lane(best, 1);
  const i0 = f64x2.extract_lane(best_index, 0);
  const i1 = f64x2.extract_lane(best_index, 1);
  // the first bin of the highest gain
  const second = g1 > g0 || (g1 == g0 && i1 < i0);
  const gain = second ? g1 : g0;
  const at = <i32>(second ? i1 : i0);
  if (gain > -1 && gain > scan_min_gain) {
    const pair = v128.load(prefix + (<usize>at << 4));
    const hl = f64x2.extract_lane(pair, 1);
    const nl = counts == 0 ? hl : load<f64>(counts + (<usize>at << 3));
    record(f, gain, at, 0, f64x2.extract_lane(pair, 0), hl, <i32>nl);
  }
}

/**
 * The best split of each numerical feature (scikit-learn's left-to-right scan, and the
 * right-to-left one when the feature has missing values), written to the per-feature
 * outputs. `node` holds f64: n_samples, sum_gradients, sum_hessians, value, lower_bound,
 * upper_bound, l2, min_samples_leaf, min_hessian_to_split, min_gain_to_split.
 * Categorical features get gain -1 (the caller scans them).
 *
 * Features without missing values take the fast path (cumulative sums of two features
 * at a time, then the gains of two bins per step); the others, and any feature with a
 * negative hessian sum in a bin, are scanned bin after bin as scikit-learn does. Both
 * give the same splits and gains to the last bit.
 */
export function find_numerical_splits(
  sums: usize, counts: usize, p: i32, nbins: i32,
  nbnm: usize, has_missing: usize, is_categorical: usize, monotonic: usize,
  node: usize,
  out_gain: usize, out_bin: usize, out_missing_left: usize, out_gl: usize, out_hl: usize, out_nl: usize,
): void {
  scan_n = load<f64>(node);
  scan_sum_g = load<f64>(node, 8);
  scan_sum_h = load<f64>(node, 16);
  scan_loss_current = scan_sum_g * load<f64>(node, 24);
  scan_lower = load<f64>(node, 32);
  scan_upper = load<f64>(node, 40);
  scan_l2 = load<f64>(node, 48);
  scan_min_leaf = load<f64>(node, 56);
  scan_min_hess = load<f64>(node, 64);
  scan_min_gain = load<f64>(node, 72);
  scan_out_gain = out_gain;
  scan_out_bin = out_bin;
  scan_out_missing_left = out_missing_left;
  scan_out_gl = out_gl;
  scan_out_hl = out_hl;
  scan_out_nl = out_nl;
  let pending = -1; // a fast-path feature waiting for a partner
  for (let f = 0; f <= p; f++) {
    let fast = false;
    if (f < p) {
      store<f64>(out_gain + (<usize>f << 3), -1);
      if (load<u8>(is_categorical + <usize>f) != 0) continue;
      fast = load<u8>(has_missing + <usize>f) == 0;
      if (!fast) {
        const base = <usize>f * <usize>nbins;
        scan_feature_sequential(
          f, sums + (base << 4), counts == 0 ? 0 : counts + (base << 2),
          <i32>load<u32>(nbnm + (<usize>f << 2)), 1, <i32>load<i8>(monotonic + <usize>f),
        );
        continue;
      }
      if (pending < 0) {
        pending = f;
        continue;
      }
    } else if (pending < 0) {
      break;
    }
    // scan `pending` (and `f` when it is a fast-path feature too)
    const a = pending;
    const b = fast ? f : -1;
    pending = -1;
    const base_a = <usize>a * <usize>nbins;
    const base_b = b < 0 ? base_a : <usize>b * <usize>nbins;
    const end_a = <i32>load<u32>(nbnm + (<usize>a << 2)) - 1;
    const end_b = b < 0 ? 0 : <i32>load<u32>(nbnm + (<usize>b << 2)) - 1;
    const len = max(end_a, end_b);
    const hc_a = counts == 0 ? 0 : counts + (base_a << 2);
    const hc_b = counts == 0 ? 0 : counts + (base_b << 2);
    const monotonic_ok = prefix_sums(sums + (base_a << 4), hc_a, sums + (base_b << 4), hc_b, len, b >= 0);
    for (let k = 0; k < 2; k++) {
      const g = k == 0 ? a : b;
      if (g < 0) break;
      const cst = <i32>load<i8>(monotonic + <usize>g);
      if (monotonic_ok) {
        scan_feature_prefix(g, k == 0 ? prefix_a : prefix_b, counts == 0 ? 0 : k == 0 ? count_a : count_b, k == 0 ? end_a : end_b, cst);
      } else {
        const base = k == 0 ? base_a : base_b;
        scan_feature_sequential(g, sums + (base << 4), counts == 0 ? 0 : counts + (base << 2), k == 0 ? end_a + 1 : end_b + 1, 0, cst);
      }
    }
  }
}

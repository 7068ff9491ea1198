// Histogram kernels of HistGradientBoosting (AssemblyScript, compiled to WebAssembly
// with SIMD). The JavaScript side (lib/estimators/ensemble/hist-gradient-boosting/
// wasm-workspace.ts) owns the memory and passes byte offsets.
//
// Layout (scikit-learn's): the binned training data is uint8, feature-major (feature f's
// column at binned + f * n). A histogram has nbins slots per feature; slot (f, b) holds
// the float64 pair (sum of gradients, sum of hessians) at sums + 16 * (f * nbins + b) and,
// unless hessians are constant, the uint32 count at counts + 4 * (f * nbins + b). With
// constant hessians the hessian lane adds 1 per row: it is the count.
//
// Rows are always summed in partition order, one after the other, so every sum equals
// scikit-learn's sequential float64 sum of the float32 gradients to the last bit.

export function heap_base(): usize {
  return __heap_base;
}

/** rows[i] = i for i < n. */
export function reset_partition(rows: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(rows + (<usize>i << 2), i);
}

/** The float64 sum of n float32 values, in order. */
export function sum_f32(x: usize, n: i32): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) sum += <f64>load<f32>(x + (<usize>i << 2));
  return sum;
}

// Writes the (gradient, hessian) pairs of the listed rows, in order, to gh (f64 pairs).
// hess == 0 means constant hessians: the hessian lane is 1.
// @ts-ignore: decorator
@inline
function gather_pairs(rows: usize, count: i32, identity: bool, grad: usize, hess: usize, gh: usize): void {
  for (let r = 0; r < count; r++) {
    const i: usize = identity ? <usize>r : <usize>load<u32>(rows + (<usize>r << 2));
    const g = <f64>load<f32>(grad + (i << 2));
    const h: f64 = hess == 0 ? 1.0 : <f64>load<f32>(hess + (i << 2));
    v128.store(gh + (<usize>r << 4), f64x2.replace_lane(f64x2.splat(g), 1, h));
  }
}

// Zeroes the slots a feature uses: its non-missing bins and the missing bin.
// @ts-ignore: decorator
@inline
function clear_feature(hs: usize, hc: usize, nbnm: i32, missing: i32): void {
  memory.fill(hs, 0, <usize>nbnm << 4);
  v128.store(hs + (<usize>missing << 4), f64x2.splat(0));
  if (hc != 0) {
    memory.fill(hc, 0, <usize>nbnm << 2);
    store<u32>(hc + (<usize>missing << 2), 0);
  }
}

// @ts-ignore: decorator
@inline
function accumulate(hs: usize, b: usize, pair: v128): void {
  const at = hs + (b << 4);
  v128.store(at, f64x2.add(v128.load(at), pair));
}

// @ts-ignore: decorator
@inline
function count_one(hc: usize, b: usize): void {
  const at = hc + (b << 2);
  store<u32>(at, load<u32>(at) + 1);
}

/**
 * Builds the histograms of the rows partition[start .. start + count) (the root when
 * `identity`: rows 0..n-1 in order, without the indirection). `gh` is scratch for
 * 16 * count bytes; `counts` is 0 with constant hessians (then `hess` is 0 too).
 * Features go four at a time, sharing each row's index and gradient pair.
 */
export function build_histogram(
  binned: usize, n: i32, p: i32, nbins: i32, nbnm: usize, missing: i32,
  rows: usize, count: i32, identity: i32, grad: usize, hess: usize, gh: usize,
  sums: usize, counts: usize,
): void {
  gather_pairs(rows, count, identity != 0, grad, hess, gh);
  const stride = <usize>nbins;
  let f = 0;
  for (; f + 4 <= p; f += 4) {
    const c0 = binned + <usize>f * <usize>n;
    const c1 = c0 + <usize>n;
    const c2 = c1 + <usize>n;
    const c3 = c2 + <usize>n;
    const h0 = sums + ((<usize>f * stride) << 4);
    const h1 = h0 + (stride << 4);
    const h2 = h1 + (stride << 4);
    const h3 = h2 + (stride << 4);
    const k0 = counts == 0 ? 0 : counts + ((<usize>f * stride) << 2);
    const k1 = counts == 0 ? 0 : k0 + (stride << 2);
    const k2 = counts == 0 ? 0 : k1 + (stride << 2);
    const k3 = counts == 0 ? 0 : k2 + (stride << 2);
    clear_feature(h0, k0, load<u32>(nbnm + (<usize>f << 2)), missing);
    clear_feature(h1, k1, load<u32>(nbnm + (<usize>(f + 1) << 2)), missing);
    clear_feature(h2, k2, load<u32>(nbnm + (<usize>(f + 2) << 2)), missing);
    clear_feature(h3, k3, load<u32>(nbnm + (<usize>(f + 3) << 2)), missing);
    if (counts == 0) {
      if (identity != 0) {
        for (let r = 0; r < count; r++) {
          const i = <usize>r;
          const pair = v128.load(gh + (i << 4));
          accumulate(h0, <usize>load<u8>(c0 + i), pair);
          accumulate(h1, <usize>load<u8>(c1 + i), pair);
          accumulate(h2, <usize>load<u8>(c2 + i), pair);
          accumulate(h3, <usize>load<u8>(c3 + i), pair);
        }
      } else {
        for (let r = 0; r < count; r++) {
          const i = <usize>load<u32>(rows + (<usize>r << 2));
          const pair = v128.load(gh + (<usize>r << 4));
          accumulate(h0, <usize>load<u8>(c0 + i), pair);
          accumulate(h1, <usize>load<u8>(c1 + i), pair);
          accumulate(h2, <usize>load<u8>(c2 + i), pair);
          accumulate(h3, <usize>load<u8>(c3 + i), pair);
        }
      }
    } else {
      for (let r = 0; r < count; r++) {
        const i: usize = identity != 0 ? <usize>r : <usize>load<u32>(rows + (<usize>r << 2));
        const pair = v128.load(gh + (<usize>r << 4));
        const b0 = <usize>load<u8>(c0 + i);
        const b1 = <usize>load<u8>(c1 + i);
        const b2 = <usize>load<u8>(c2 + i);
        const b3 = <usize>load<u8>(c3 + i);
        accumulate(h0, b0, pair);
        count_one(k0, b0);
        accumulate(h1, b1, pair);
        count_one(k1, b1);
        accumulate(h2, b2, pair);
        count_one(k2, b2);
        accumulate(h3, b3, pair);
        count_one(k3, b3);
      }
    }
  }
  for (; f < p; f++) {
    const c0 = binned + <usize>f * <usize>n;
    const h0 = sums + ((<usize>f * stride) << 4);
    const k0 = counts == 0 ? 0 : counts + ((<usize>f * stride) << 2);
    clear_feature(h0, k0, load<u32>(nbnm + (<usize>f << 2)), missing);
    for (let r = 0; r < count; r++) {
      const i: usize = identity != 0 ? <usize>r : <usize>load<u32>(rows + (<usize>r << 2));
      const b0 = <usize>load<u8>(c0 + i);
      accumulate(h0, b0, v128.load(gh + (<usize>r << 4)));
      if (k0 != 0) count_one(k0, b0);
    }
  }
}

/** out = a - b over the slots each feature uses (counts too unless the count pointers are 0). */
export function subtract_histograms(
  a: usize, ac: usize, b: usize, bc: usize, out: usize, oc: usize,
  p: i32, nbins: i32, nbnm: usize, missing: i32,
): void {
  for (let f = 0; f < p; f++) {
    const base = <usize>f * <usize>nbins;
    const used = <usize>load<u32>(nbnm + (<usize>f << 2));
    for (let s: usize = 0; s <= used; s++) {
      const slot = s == used ? base + <usize>missing : base + s;
      v128.store(out + (slot << 4), f64x2.sub(v128.load(a + (slot << 4)), v128.load(b + (slot << 4))));
      if (oc != 0) store<u32>(oc + (slot << 2), load<u32>(ac + (slot << 2)) - load<u32>(bc + (slot << 2)));
    }
  }
}

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

/**
 * Partitions rows[start .. start + count) stably by one feature's column: rows whose bin
 * goes left first, then the others (through `tmp`). A numerical split sends a bin left
 * when it is <= `bin`, or is the missing bin and `missing_left`; a categorical split when
 * it is in the 256-bit `bitset` (0 for a numerical split). Returns the left count.
 */
export function split_rows(column: usize, rows: usize, count: i32, tmp: usize, bin: i32, missing_left: i32, missing: i32, bitset: usize): i32 {
  let nl = 0;
  let nr = 0;
  for (let r = 0; r < count; r++) {
    const i = load<u32>(rows + (<usize>r << 2));
    const b = <i32>load<u8>(column + <usize>i);
    let left: i32;
    if (bitset != 0) left = (load<u32>(bitset + (<usize>(b >> 5) << 2)) >>> (b & 31)) & 1;
    else left = <i32>(b <= bin) | (<i32>(b == missing) & missing_left);
    store<u32>(rows + (<usize>nl << 2), i);
    store<u32>(tmp + (<usize>nr << 2), i);
    nl += left;
    nr += left ^ 1;
  }
  memory.copy(rows + (<usize>nl << 2), tmp, <usize>nr << 2);
  return nl;
}

// ---------------------------------------------------------------------------
// Binning
// ---------------------------------------------------------------------------

// The float64 bits as an unsigned key that sorts like the number (NaN excluded).
// @ts-ignore: decorator
@inline
function sort_key(bits: u64): u64 {
  return bits ^ select<u64>(0xffffffffffffffff, 0x8000000000000000, (bits >> 63) != 0);
}

// @ts-ignore: decorator
@inline
function key_bits(key: u64): u64 {
  return key ^ select<u64>(0x8000000000000000, 0xffffffffffffffff, (key >> 63) != 0);
}

/**
 * Sorts n float64 values (no NaN) ascending in place: an LSD radix sort on their bits,
 * one byte per pass, skipping the bytes all values share. `tmp` holds n values and
 * `counts` 8 * 256 uint32.
 */
export function sort_f64(values: usize, n: i32, tmp: usize, counts: usize): void {
  memory.fill(counts, 0, 8 * 256 * 4);
  for (let i = 0; i < n; i++) {
    const at = values + (<usize>i << 3);
    const key = sort_key(load<u64>(at));
    store<u64>(at, key);
    for (let d = 0; d < 8; d++) {
      const c = counts + ((<usize>d << 8) << 2) + (<usize>((key >> (<u64>d << 3)) & 0xff) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let src = values;
  let dst = tmp;
  for (let d = 0; d < 8; d++) {
    const base = counts + ((<usize>d << 8) << 2);
    // a pass where every key has the same byte changes nothing
    let trivial = false;
    for (let b = 0; b < 256; b++) {
      const c = load<u32>(base + (<usize>b << 2));
      if (c == <u32>n) trivial = true;
      if (c != 0) break;
    }
    if (trivial) continue;
    let offset: u32 = 0;
    for (let b = 0; b < 256; b++) {
      const c = load<u32>(base + (<usize>b << 2));
      store<u32>(base + (<usize>b << 2), offset);
      offset += c;
    }
    const shift = <u64>d << 3;
    for (let i = 0; i < n; i++) {
      const key = load<u64>(src + (<usize>i << 3));
      const c = base + (<usize>((key >> shift) & 0xff) << 2);
      const pos = load<u32>(c);
      store<u32>(c, pos + 1);
      store<u64>(dst + (<usize>pos << 3), key);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) store<u64>(values + (<usize>i << 3), key_bits(load<u64>(src + (<usize>i << 3))));
}

// The bin of x: the first i with x <= thresholds[i] (a branchless lower bound; the
// steps depend only on nthr, so several searches can run in lockstep).
// @ts-ignore: decorator
@inline
function lower_bound_step(base: i32, half: i32, thresholds: usize, x: f64): i32 {
  return select<i32>(base + half, base, load<f64>(thresholds + (<usize>(base + half) << 3)) < x);
}

// @ts-ignore: decorator
@inline
function finish_bin(base: i32, thresholds: usize, x: f64, missing: i32, categorical: i32): i32 {
  const bin = base + <i32>(load<f64>(thresholds + (<usize>base << 3)) < x);
  return select<i32>(missing, bin, x != x || (categorical != 0 && x < 0));
}

/**
 * Bins n values with increasing thresholds: value x goes to the first i with
 * x <= thresholds[i] (nthr when none); NaN, and negative values of a categorical
 * feature, go to the missing bin (scikit-learn's _map_col_to_bins). Four values are
 * searched at a time so that their loads overlap.
 */
export function bin_values(values: usize, n: i32, thresholds: usize, nthr: i32, out: usize, missing: i32, categorical: i32): void {
  if (nthr == 0) {
    for (let i = 0; i < n; i++) {
      const x = load<f64>(values + (<usize>i << 3));
      store<u8>(out + <usize>i, <u8>select<i32>(missing, 0, x != x || (categorical != 0 && x < 0)));
    }
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = load<f64>(values + (<usize>i << 3));
    const x1 = load<f64>(values + (<usize>(i + 1) << 3));
    const x2 = load<f64>(values + (<usize>(i + 2) << 3));
    const x3 = load<f64>(values + (<usize>(i + 3) << 3));
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let len = nthr;
    while (len > 1) {
      const half = len >> 1;
      b0 = lower_bound_step(b0, half, thresholds, x0);
      b1 = lower_bound_step(b1, half, thresholds, x1);
      b2 = lower_bound_step(b2, half, thresholds, x2);
      b3 = lower_bound_step(b3, half, thresholds, x3);
      len -= half;
    }
    store<u8>(out + <usize>i, <u8>finish_bin(b0, thresholds, x0, missing, categorical));
    store<u8>(out + <usize>(i + 1), <u8>finish_bin(b1, thresholds, x1, missing, categorical));
    store<u8>(out + <usize>(i + 2), <u8>finish_bin(b2, thresholds, x2, missing, categorical));
    store<u8>(out + <usize>(i + 3), <u8>finish_bin(b3, thresholds, x3, missing, categorical));
  }
  for (; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    let b = 0;
    let len = nthr;
    while (len > 1) {
      const half = len >> 1;
      b = lower_bound_step(b, half, thresholds, x);
      len -= half;
    }
    store<u8>(out + <usize>i, <u8>finish_bin(b, thresholds, x, missing, categorical));
  }
}

// HistGradientBoosting kernels (included by hgb.ts): building and subtracting
// histograms, and partitioning a node's rows. See hgb.ts for the memory layout.

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

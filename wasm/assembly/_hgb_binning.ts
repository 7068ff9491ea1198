// HistGradientBoosting kernels (included by hgb.ts): sorting a column and binning
// values with the bin thresholds.

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

// Node loops of the random (extremely randomized) classification splitter
// (AssemblyScript, compiled to WebAssembly with SIMD). The JavaScript side
// (lib/estimators/tree/random-split-kernels.ts) owns the memory and passes byte offsets;
// every array is int32.
//
// A node owns positions [start, end) of `samples` (row indices), `xr` (the ranks of the
// feature being tried, by position) and `codes` (the class codes, by position). A rank
// `r` is left of a threshold whose rank is `tr` when r <= tr.

/**
 * Reads the ranks of one feature (its column of ranks at `column`) for the node's
 * samples into `xr`; writes the smallest and largest rank to out[0] and out[1].
 */
export function gather_ranks(column: usize, samples: usize, xr: usize, start: i32, end: i32, out: usize): void {
  let lo = load<i32>(column + (<usize>load<i32>(samples + (<usize>start << 2)) << 2));
  let hi = lo;
  store<i32>(xr + (<usize>start << 2), lo);
  for (let p = start + 1; p < end; p++) {
    const r = load<i32>(column + (<usize>load<i32>(samples + (<usize>p << 2)) << 2));
    store<i32>(xr + (<usize>p << 2), r);
    lo = select<i32>(r, lo, r < lo);
    hi = select<i32>(r, hi, r > hi);
  }
  store<i32>(out, lo);
  store<i32>(out + 4, hi);
}

/** Reads the ranks of one feature for the node's samples into `xr` (no range). */
export function read_ranks(column: usize, samples: usize, xr: usize, start: i32, end: i32): void {
  for (let p = start; p < end; p++) {
    store<i32>(xr + (<usize>p << 2), load<i32>(column + (<usize>load<i32>(samples + (<usize>p << 2)) << 2)));
  }
}

/**
 * Two classes: counts the node's samples left of `tr` (returned) and, of those, the
 * ones of class 1 (written to out[0]).
 */
export function count_left_two(xr: usize, codes: usize, start: i32, end: i32, tr: i32, out: usize): i32 {
  let p = start;
  let nLeft = 0;
  let nOnes = 0;
  // scalar until p is a multiple of 4 (aligned vector loads), then four lanes at a time
  while (p < end && (p & 3) != 0) {
    const left = <i32>(load<i32>(xr + (<usize>p << 2)) <= tr);
    nLeft += left;
    nOnes += left & load<i32>(codes + (<usize>p << 2));
    p++;
  }
  // the mask is -1 (all ones) where left: subtracting it counts, and-ing it keeps the code
  const t = i32x4.splat(tr);
  let vLeft = i32x4.splat(0);
  let vOnes = i32x4.splat(0);
  for (; p + 4 <= end; p += 4) {
    const mask = i32x4.le_s(v128.load(xr + (<usize>p << 2)), t);
    vLeft = i32x4.sub(vLeft, mask);
    vOnes = i32x4.add(vOnes, v128.and(mask, v128.load(codes + (<usize>p << 2))));
  }
  nLeft += i32x4.extract_lane(vLeft, 0) + i32x4.extract_lane(vLeft, 1) + i32x4.extract_lane(vLeft, 2) + i32x4.extract_lane(vLeft, 3);
  // the mask is -1 (all ones) where left: subtracting it counts, and-ing it keeps the code
  nOnes += i32x4.extract_lane(vOnes, 0) + i32x4.extract_lane(vOnes, 1) + i32x4.extract_lane(vOnes, 2) + i32x4.extract_lane(vOnes, 3);
  for (; p < end; p++) {
    const left = <i32>(load<i32>(xr + (<usize>p << 2)) <= tr);
    nLeft += left;
    nOnes += left & load<i32>(codes + (<usize>p << 2));
  }
  store<i32>(out, nOnes);
  return nLeft;
}

/**
 * k classes: the number of the node's samples of each class left of `tr`, into
 * counts[0, k) (counts has room for 4k: four interleaved tables, so that consecutive
 * samples of one class do not wait on each other); returns how many are left.
 */
export function count_left_k(xr: usize, codes: usize, counts: usize, k: i32, start: i32, end: i32, tr: i32): i32 {
  memory.fill(counts, 0, <usize>(4 * k) << 2);
  const c1 = counts + (<usize>k << 2);
  const c2 = counts + (<usize>(2 * k) << 2);
  const c3 = counts + (<usize>(3 * k) << 2);
  let nLeft = 0;
  let p = start;
  for (; p + 3 < end; p += 4) {
    const a = <i32>(load<i32>(xr + (<usize>p << 2)) <= tr);
    const b = <i32>(load<i32>(xr + (<usize>(p + 1) << 2)) <= tr);
    const c = <i32>(load<i32>(xr + (<usize>(p + 2) << 2)) <= tr);
    const d = <i32>(load<i32>(xr + (<usize>(p + 3) << 2)) <= tr);
    const ia = counts + (<usize>load<i32>(codes + (<usize>p << 2)) << 2);
    const ib = c1 + (<usize>load<i32>(codes + (<usize>(p + 1) << 2)) << 2);
    const ic = c2 + (<usize>load<i32>(codes + (<usize>(p + 2) << 2)) << 2);
    const id = c3 + (<usize>load<i32>(codes + (<usize>(p + 3) << 2)) << 2);
    store<i32>(ia, load<i32>(ia) + a);
    store<i32>(ib, load<i32>(ib) + b);
    store<i32>(ic, load<i32>(ic) + c);
    store<i32>(id, load<i32>(id) + d);
    nLeft += a + b + c + d;
  }
  for (; p < end; p++) {
    const a = <i32>(load<i32>(xr + (<usize>p << 2)) <= tr);
    const ia = counts + (<usize>load<i32>(codes + (<usize>p << 2)) << 2);
    store<i32>(ia, load<i32>(ia) + a);
    nLeft += a;
  }
  for (let c = 0; c < k; c++) {
    const at = <usize>c << 2;
    store<i32>(counts + at, load<i32>(counts + at) + load<i32>(c1 + at) + load<i32>(c2 + at) + load<i32>(c3 + at));
  }
  return nLeft;
}

/**
 * Partitions the node's samples and codes on `xr <= tr`, keeping the order within each
 * side: the left ones are compacted in place, the right ones spilled and copied back
 * after them. Returns the first position of the right side.
 */
export function partition_left(samples: usize, codes: usize, xr: usize, spillSamples: usize, spillCodes: usize, start: i32, end: i32, tr: i32): i32 {
  let l = start;
  let r = 0;
  for (let q = start; q < end; q++) {
    const at = <usize>q << 2;
    const s = load<i32>(samples + at);
    const c = load<i32>(codes + at);
    const left = <i32>(load<i32>(xr + at) <= tr);
    store<i32>(samples + (<usize>l << 2), s);
    store<i32>(codes + (<usize>l << 2), c);
    store<i32>(spillSamples + (<usize>r << 2), s);
    store<i32>(spillCodes + (<usize>r << 2), c);
    l += left;
    r += left ^ 1;
  }
  memory.copy(samples + (<usize>l << 2), spillSamples, <usize>r << 2);
  memory.copy(codes + (<usize>l << 2), spillCodes, <usize>r << 2);
  return l;
}

export function heap_base(): usize {
  return __heap_base;
}

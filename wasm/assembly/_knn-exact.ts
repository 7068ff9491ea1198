// The exact k-nearest-neighbour scans (included by neighbors.ts; AssemblyScript,
// compiled to WebAssembly with SIMD): the re-check of the Euclidean kernel's candidates
// and the full scan for p = 1, 2 and ∞, each summing a row's terms in feature order in
// float64, as the JavaScript reference does.

/**
 * The k nearest of the `count` candidate rows (in increasing index order; `cand` = 0
 * for rows 0 to count − 1) to the query at `x`, by the exact reduced distance summed in
 * feature order; ties keep the lower index (a later candidate enters only when strictly
 * nearer than the last kept).
 */
export function exactNearest(train64: usize, x: usize, d: i32, cand: usize, count: i32, k: i32, outIndex: usize, outReduced: usize): void {
  let kept = 0;
  const rowBytes = <usize>d << 3;
  for (let c = 0; c < count; c++) {
    const j = cand == 0 ? c : load<i32>(cand + (<usize>c << 2));
    const t = train64 + <usize>j * rowBytes;
    let s: f64 = 0;
    for (let f = 0; f < d; f++) {
      const diff = load<f64>(x + (<usize>f << 3)) - load<f64>(t + (<usize>f << 3));
      s += diff * diff;
    }
    if (kept === k && !(s < load<f64>(outReduced + (<usize>(k - 1) << 3)))) continue;
    // insert after every kept distance <= s
    let i = kept < k ? kept : k - 1;
    while (i > 0 && load<f64>(outReduced + (<usize>(i - 1) << 3)) > s) {
      store<f64>(outReduced + (<usize>i << 3), load<f64>(outReduced + (<usize>(i - 1) << 3)));
      store<i32>(outIndex + (<usize>i << 2), load<i32>(outIndex + (<usize>(i - 1) << 2)));
      i--;
    }
    store<f64>(outReduced + (<usize>i << 3), s);
    store<i32>(outIndex + (<usize>i << 2), j);
    if (kept < k) kept++;
  }
}

// The full scan for p = 1, 2 and ∞ goes four training rows at a time (two f64x2 lanes,
// each summing its own row in feature order).

/** Writes the rows × d values at x (row-major) in groups of 4 rows interleaved by feature: (g·d + f)·4 + lane; padding rows are 0. */
export function pack_rows4_f64(x: usize, rows: i32, d: i32, out: usize): void {
  const padded = (rows + 3) & ~3;
  memory.fill(out, 0, <usize>padded * (<usize>d << 3));
  let row = x;
  for (let i = 0; i < rows; i++) {
    const base = out + (((<usize>(i >> 2) * <usize>d) << 5) + (<usize>(i & 3) << 3));
    for (let f = 0; f < d; f++) store<f64>(base + (<usize>f << 5), load<f64>(row + (<usize>f << 3)));
    row += <usize>d << 3;
  }
}

/** How many features are summed between two checks against the k-th distance. */
const EXACT_CHECK: i32 = 16;

/**
 * The k nearest of the n training rows (packed by pack_rows4_f64 at `train4`) to the
 * queries `from` to m − 1 at `query64` (row-major), by the reduced Minkowski distance of order
 * `mode` (1: Σ|d|, 2: Σd², 0: max|d| for p = ∞) summed in feature order, ties by index.
 * `heap` is scratch for k f64 and k i32.
 */
export function exact_knn(train4: usize, n: i32, d: i32, query64: usize, from: i32, m: i32, k: i32, mode: i32, heap: usize, outIndex: usize, outReduced: usize): void {
  const nPad = (n + 3) & ~3;
  const hr = heap;
  const hi = heap + (<usize>k << 3);
  for (let q = from; q < m; q++) {
    const x = query64 + <usize>q * (<usize>d << 3);
    let size = 0;
    let bound: f64 = Infinity;
    let tp = train4;
    for (let j = 0; j < nPad; j += 4) {
      let s0 = f64x2.splat(0);
      let s1 = s0;
      const bv = f64x2.splat(bound);
      let f = 0;
      let dropped = false;
      while (f < d) {
        const stop = min(d, f + EXACT_CHECK);
        if (mode == 2) {
          for (; f < stop; f++) {
            const v = v128.load64_splat(x + (<usize>f << 3));
            const a = f64x2.sub(v, v128.load(tp));
            const c = f64x2.sub(v, v128.load(tp, 16));
            s0 = f64x2.add(s0, f64x2.mul(a, a));
            s1 = f64x2.add(s1, f64x2.mul(c, c));
            tp += 32;
          }
        } else if (mode == 1) {
          for (; f < stop; f++) {
            const v = v128.load64_splat(x + (<usize>f << 3));
            s0 = f64x2.add(s0, f64x2.abs(f64x2.sub(v, v128.load(tp))));
            s1 = f64x2.add(s1, f64x2.abs(f64x2.sub(v, v128.load(tp, 16))));
            tp += 32;
          }
        } else {
          for (; f < stop; f++) {
            const v = v128.load64_splat(x + (<usize>f << 3));
            s0 = f64x2.max(s0, f64x2.abs(f64x2.sub(v, v128.load(tp))));
            s1 = f64x2.max(s1, f64x2.abs(f64x2.sub(v, v128.load(tp, 16))));
            tp += 32;
          }
        }
        // partial sums only grow: all four at or past the bound cannot enter
        if (f < d && !v128.any_true(v128.or(f64x2.lt(s0, bv), f64x2.lt(s1, bv)))) {
          tp += <usize>(d - f) << 5;
          dropped = true;
          break;
        }
      }
      if (dropped) continue;
      const last = min(4, n - j);
      for (let lane = 0; lane < last; lane++) {
        const r = lane == 0 ? f64x2.extract_lane(s0, 0) : lane == 1 ? f64x2.extract_lane(s0, 1) : lane == 2 ? f64x2.extract_lane(s1, 0) : f64x2.extract_lane(s1, 1);
        if (size < k) {
          size = pairPush(hr, hi, size, r, j + lane);
          if (size == k) bound = load<f64>(hr);
        } else if (r < bound) {
          pairSiftDown(hr, hi, k, r, j + lane);
          bound = load<f64>(hr);
        }
      }
    }
    // heap sort into the output, nearest first
    const outI = outIndex + <usize>q * (<usize>k << 2);
    const outR = outReduced + <usize>q * (<usize>k << 3);
    for (let last = size - 1; last >= 0; last--) {
      store<f64>(outR + (<usize>last << 3), load<f64>(hr));
      store<i32>(outI + (<usize>last << 2), load<i32>(hi));
      pairSiftDown(hr, hi, last, load<f64>(hr + (<usize>last << 3)), load<i32>(hi + (<usize>last << 2)));
    }
  }
}

/** (a, ai) comes after (b, bi) in (distance, index) order. */
// @ts-ignore: decorator
@inline
function after(a: f64, ai: i32, b: f64, bi: i32): bool {
  return a > b || (a == b && ai > bi);
}

/** Adds (r, index) to the max-heap of `size` pairs; returns the new size. */
function pairPush(hr: usize, hi: usize, size: i32, r: f64, index: i32): i32 {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pr = load<f64>(hr + (<usize>parent << 3));
    const pi = load<i32>(hi + (<usize>parent << 2));
    if (!after(r, index, pr, pi)) break;
    store<f64>(hr + (<usize>i << 3), pr);
    store<i32>(hi + (<usize>i << 2), pi);
    i = parent;
  }
  store<f64>(hr + (<usize>i << 3), r);
  store<i32>(hi + (<usize>i << 2), index);
  return size + 1;
}

/** Puts (r, index) at the root of the max-heap of `size` pairs and sifts it down. */
function pairSiftDown(hr: usize, hi: usize, size: i32, r: f64, index: i32): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    let child = left;
    if (right < size && after(load<f64>(hr + (<usize>right << 3)), load<i32>(hi + (<usize>right << 2)),
      load<f64>(hr + (<usize>left << 3)), load<i32>(hi + (<usize>left << 2)))) child = right;
    const cr = load<f64>(hr + (<usize>child << 3));
    const ci = load<i32>(hi + (<usize>child << 2));
    if (!after(cr, ci, r, index)) break;
    store<f64>(hr + (<usize>i << 3), cr);
    store<i32>(hi + (<usize>i << 2), ci);
    i = child;
  }
  store<f64>(hr + (<usize>i << 3), r);
  store<i32>(hi + (<usize>i << 2), index);
}

// Nearest-neighbour search under the squared Euclidean distance (AssemblyScript,
// compiled to WebAssembly with SIMD). The JavaScript side (lib/estimators/neighbors/
// euclidean-kernel.ts) prepares the inputs and derives the error bounds; this file
// only computes.
//
// Per group of 4 queries:
//   1. fast pass: approximate keys G[j] = fl32(nbG[j] − 2 a·b_j + A) for every training
//      row j, from float32 copies of the centred, scaled rows (4 queries × 8 rows per
//      register block), kept in a row per query; a max-heap per query tracks the k-th
//      smallest G;
//   2. from the k-th smallest G, a threshold τ per query (error bound, see the wrapper)
//      such that every row whose exact distance can reach the k-th exact distance has
//      G[j] − w[j] ≤ τ: those rows are the candidates;
//   3. exact pass: each candidate's distance summed in feature order in float64 from
//      the original rows (the same operations, so the same bits, as the reference
//      JavaScript), the k nearest kept by (distance, index).
//
// Layouts (byte offsets into this module's memory; the caller allocates, 16-byte aligned):
//   train32  f32, rows in groups of 8: value (g·d + f)·8 + lane for row 8g + lane
//   nbG, w   f32 per training row (nPad = n rounded up to 8; padding rows: nbG = +Inf, w = 0)
//   query32  f32, queries in groups of 4: value (g·d + f)·4 + lane for query 4g + lane
//   queryA   f32 per query (mPad = m rounded up to 4), queryOffset f64 per query
//   train64  f64 n × d row-major, query64 f64 m × d row-major (the original rows)
//   rows     f32 4 × nPad scratch; heaps f32 4 × k scratch; cand i32 n scratch
//   outIndex i32 m × k, outReduced f64 m × k

/** Sifts `v` into the max-heap of `size` f32 values at `h` from the root down. */
// @ts-ignore: decorator
@inline
function siftDown(h: usize, size: i32, v: f32): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    let child = left;
    const right = left + 1;
    if (right < size && load<f32>(h + (<usize>right << 2)) > load<f32>(h + (<usize>left << 2))) child = right;
    const cv = load<f32>(h + (<usize>child << 2));
    if (!(cv > v)) break;
    store<f32>(h + (<usize>i << 2), cv);
    i = child;
  }
  store<f32>(h + (<usize>i << 2), v);
}

/** Offers `v` to the bounded max-heap at `h` (capacity k); returns the new size. */
function heapOffer(h: usize, size: i32, k: i32, v: f32): i32 {
  if (size < k) {
    let i = size;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = load<f32>(h + (<usize>parent << 2));
      if (!(v > pv)) break;
      store<f32>(h + (<usize>i << 2), pv);
      i = parent;
    }
    store<f32>(h + (<usize>i << 2), v);
    return size + 1;
  }
  if (v < load<f32>(h)) siftDown(h, k, v);
  return size;
}

/** The largest kept value once the heap is full, +Inf before. */
// @ts-ignore: decorator
@inline
function heapBound(h: usize, size: i32, k: i32): f32 {
  return size < k ? Infinity : load<f32>(h);
}

/**
 * Offers the 8 keys of one query in a block (rows `j`..`j + 7`) to its heap; returns
 * the new size. Called only when one of them is below the heap's bound.
 */
function offerBlock(h: usize, size: i32, k: i32, rowPtr: usize): i32 {
  for (let lane = 0; lane < 8; lane++) {
    const v = load<f32>(rowPtr + (<usize>lane << 2));
    if (v < heapBound(h, size, k)) size = heapOffer(h, size, k, v);
  }
  return size;
}

/**
 * The k nearest training rows of every query, exactly as a full float64 scan summing
 * (q_f − t_f)² in feature order and ordering by (distance, index) would choose them.
 * Returns the number of candidates whose exact distance was computed.
 *
 * `gammaE`, `absScaled`: the exact distances' relative and (scaled) absolute error
 * bounds, which turn the k-th smallest key into τ (see the wrapper for the derivation).
 */
export function knn_sqeuclidean(
  train32: usize, nbG: usize, w: usize, n: i32, d: i32,
  query32: usize, queryA: usize, queryOffset: usize, m: i32,
  train64: usize, query64: usize, k: i32, gammaE: f64, absScaled: f64,
  rows: usize, heaps: usize, cand: usize, outIndex: usize, outReduced: usize,
): f64 {
  const nPad = (n + 7) & ~7;
  const rowBytes = <usize>nPad << 2;
  const groupBytes8 = <usize>d << 5; // d × 8 f32 per training group
  const groupBytes4 = <usize>d << 4; // d × 4 f32 per query group
  const heapBytes = <usize>k << 2;
  let candidates: f64 = 0;
  for (let q0 = 0; q0 < m; q0 += 4) {
    const qp = query32 + (<usize>(q0 >> 2)) * groupBytes4;
    const a0 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2)));
    const a1 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2), 4));
    const a2 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2), 8));
    const a3 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2), 12));
    const h0 = heaps, h1 = heaps + heapBytes, h2 = h1 + heapBytes, h3 = h2 + heapBytes;
    const r0 = rows, r1 = rows + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let b0 = f32x4.splat(Infinity), b1 = b0, b2 = b0, b3 = b0;
    let tp = train32;
    for (let j = 0; j < nPad; j += 8) {
      let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
      let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      let qq = qp;
      for (let f = 0; f < d; f++) {
        const t0 = v128.load(tp);
        const t1 = v128.load(tp, 16);
        let s = v128.load32_splat(qq);
        c00 = f32x4.add(c00, f32x4.mul(s, t0));
        c01 = f32x4.add(c01, f32x4.mul(s, t1));
        s = v128.load32_splat(qq, 4);
        c10 = f32x4.add(c10, f32x4.mul(s, t0));
        c11 = f32x4.add(c11, f32x4.mul(s, t1));
        s = v128.load32_splat(qq, 8);
        c20 = f32x4.add(c20, f32x4.mul(s, t0));
        c21 = f32x4.add(c21, f32x4.mul(s, t1));
        s = v128.load32_splat(qq, 12);
        c30 = f32x4.add(c30, f32x4.mul(s, t0));
        c31 = f32x4.add(c31, f32x4.mul(s, t1));
        tp += 32;
        qq += 16;
      }
      // keys: (nbG − 2·dot) + A
      const jo = <usize>j << 2;
      const n0 = v128.load(nbG + jo);
      const n1 = v128.load(nbG + jo, 16);
      const g00 = f32x4.add(f32x4.sub(n0, f32x4.add(c00, c00)), a0);
      const g01 = f32x4.add(f32x4.sub(n1, f32x4.add(c01, c01)), a0);
      const g10 = f32x4.add(f32x4.sub(n0, f32x4.add(c10, c10)), a1);
      const g11 = f32x4.add(f32x4.sub(n1, f32x4.add(c11, c11)), a1);
      const g20 = f32x4.add(f32x4.sub(n0, f32x4.add(c20, c20)), a2);
      const g21 = f32x4.add(f32x4.sub(n1, f32x4.add(c21, c21)), a2);
      const g30 = f32x4.add(f32x4.sub(n0, f32x4.add(c30, c30)), a3);
      const g31 = f32x4.add(f32x4.sub(n1, f32x4.add(c31, c31)), a3);
      v128.store(r0 + jo, g00);
      v128.store(r0 + jo, g01, 16);
      v128.store(r1 + jo, g10);
      v128.store(r1 + jo, g11, 16);
      v128.store(r2 + jo, g20);
      v128.store(r2 + jo, g21, 16);
      v128.store(r3 + jo, g30);
      v128.store(r3 + jo, g31, 16);
      const below0 = f32x4.lt(f32x4.min(g00, g01), b0);
      const below1 = f32x4.lt(f32x4.min(g10, g11), b1);
      const below2 = f32x4.lt(f32x4.min(g20, g21), b2);
      const below3 = f32x4.lt(f32x4.min(g30, g31), b3);
      if (v128.any_true(v128.or(v128.or(below0, below1), v128.or(below2, below3)))) {
        if (v128.any_true(below0)) {
          s0 = offerBlock(h0, s0, k, r0 + jo);
          b0 = f32x4.splat(heapBound(h0, s0, k));
        }
        if (v128.any_true(below1)) {
          s1 = offerBlock(h1, s1, k, r1 + jo);
          b1 = f32x4.splat(heapBound(h1, s1, k));
        }
        if (v128.any_true(below2)) {
          s2 = offerBlock(h2, s2, k, r2 + jo);
          b2 = f32x4.splat(heapBound(h2, s2, k));
        }
        if (v128.any_true(below3)) {
          s3 = offerBlock(h3, s3, k, r3 + jo);
          b3 = f32x4.splat(heapBound(h3, s3, k));
        }
      }
    }
    const last = min(4, m - q0);
    for (let l = 0; l < last; l++) {
      const q = q0 + l;
      const kth = <f64>load<f32>(heaps + <usize>l * heapBytes);
      const offset = load<f64>(queryOffset + (<usize>q << 3));
      let tau = ((kth + offset) * (1 + gammaE) + absScaled) / (1 - gammaE) + offset;
      tau *= 1 + 1e-9;
      const tau32 = f32x4.splat(<f32>(tau * (1 + 2.5e-7)));
      const count = collect(rows + <usize>l * rowBytes, w, n, tau32, cand);
      candidates += <f64>count;
      exactNearest(train64, query64 + <usize>q * (<usize>d << 3), d, cand, count, k,
        outIndex + <usize>q * (<usize>k << 2), outReduced + <usize>q * (<usize>k << 3));
    }
  }
  return candidates;
}

/** Writes to `cand` the rows j < n (in increasing order) with row[j] − w[j] ≤ τ; returns their count. */
function collect(row: usize, w: usize, n: i32, tau: v128, cand: usize): i32 {
  let count = 0;
  for (let j = 0; j < n; j += 4) {
    const o = <usize>j << 2;
    const h = f32x4.sub(v128.load(row + o), v128.load(w + o));
    let mask = i32x4.bitmask(f32x4.le(h, tau));
    while (mask != 0) {
      const lane = ctz(mask);
      mask &= mask - 1;
      const index = j + lane;
      if (index < n) {
        store<i32>(cand + (<usize>count << 2), index);
        count++;
      }
    }
  }
  return count;
}

/**
 * The k nearest of the `count` candidate rows (in increasing index order) to the query
 * at `x`, by the exact reduced distance summed in feature order; ties keep the lower
 * index (a later candidate enters only when strictly nearer than the last kept).
 */
function exactNearest(train64: usize, x: usize, d: i32, cand: usize, count: i32, k: i32, outIndex: usize, outReduced: usize): void {
  let kept = 0;
  const rowBytes = <usize>d << 3;
  for (let c = 0; c < count; c++) {
    const j = load<i32>(cand + (<usize>c << 2));
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

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}

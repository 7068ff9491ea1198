// The Euclidean k-nearest-neighbour kernel (included by neighbors.ts; AssemblyScript,
// compiled to WebAssembly with SIMD). The JavaScript side (lib/estimators/neighbors/
// euclidean-kernel.ts) prepares the inputs and derives the error bound; this file
// only computes.
//
// Queries go in blocks of 32; each block meets the training rows chunk by chunk (a
// chunk's float32 copy fits in the second-level cache) and, within a chunk, in groups
// of 4 queries × 8 rows (the register block). For every (query, row):
//   1. fast pass: an approximate key G = fl32((nbG − 2 a·b) + A) from float32 copies of
//      the centred, scaled rows, and H = fl32(G − w). A max-heap per query keeps the k
//      smallest G; from its k-th, a threshold τ (see the wrapper for the bound) such
//      that every row whose exact distance can reach the k-th exact distance has H ≤ τ.
//      τ only falls as the heap fills, so a row is kept as a candidate when H ≤ τ at the
//      time it is seen, and the candidates are filtered again by the final τ;
//   2. exact pass: each candidate's distance summed in feature order in float64 from
//      the original rows (the same operations, so the same bits, as the reference
//      JavaScript), the k nearest kept by (distance, index). A query whose candidates
//      overflow their buffer (very many ties) is scanned exactly over every row.
//
// Layouts (byte offsets into this module's memory; the caller allocates, 16-byte aligned):
//   train32  f32, rows in groups of 8: value (g·d + f)·8 + lane for row 8g + lane
//   nbG, w   f32 per training row (nPad = n rounded up to 8; padding rows: nbG = +Inf, w = 0)
//   query32  f32, queries in groups of 4: value (g·d + f)·4 + lane for query 4g + lane
//   queryA   f32 per query (m rounded up to 4), queryOffset f64 per query
//   train64  f64 n × d row-major, query64 f64 m × d row-major (the original rows)
//   state    state_bytes(k, cap) bytes of per-query scratch (see below)
//   outIndex i32 m × k, outReduced f64 m × k

import { exactNearest } from './_knn-exact';

/** Queries per block. */
const BLOCK: i32 = 32;

// The state of the block's queries, by slot l < BLOCK:
//   splats   l · 32: the heap bound and τ, each as an f32x4 splat
//   ints     BLOCK · 32 + l · 16: heap size, candidate count, overflow flag
//   lanes    BLOCK · 48: 64 bytes of lane scratch (the keys of one register block)
//   heaps    BLOCK · 48 + 64 + l · k · 4 (k rounded up to 4)
//   cand     then l · cap · 8: cap candidate rows (i32) then their H (f32)

/** The bytes of state for k neighbours and `cap` candidates per query. */
export function state_bytes(k: i32, cap: i32): i32 {
  return BLOCK * 48 + 64 + BLOCK * (((k + 3) & ~3) << 2) + BLOCK * cap * 8;
}

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

/** τ (rounded up to float32) from a full heap's k-th key; +Inf while the heap is not full. */
// @ts-ignore: decorator
@inline
function tauOf(heap: usize, size: i32, k: i32, offset: f64, gammaE: f64, absScaled: f64): f32 {
  if (size < k) return Infinity;
  let tau = ((<f64>load<f32>(heap) + offset) * (1 + gammaE) + absScaled) / (1 - gammaE) + offset;
  tau *= 1 + 1e-9;
  return <f32>(tau * (1 + 2.5e-7));
}

// The current call's state address and sizes (globals: the stub runtime must not
// allocate, since the JavaScript side owns the memory past heap_base).
let stateBase: usize = 0;
let stateK: i32 = 0;
let stateCap: i32 = 0;
let boundGammaE: f64 = 0;
let boundAbsScaled: f64 = 0;

// @ts-ignore: decorator
@inline function splatsOf(l: i32): usize { return stateBase + (<usize>l << 5); }
// @ts-ignore: decorator
@inline function intsOf(l: i32): usize { return stateBase + (<usize>BLOCK << 5) + (<usize>l << 4); }
// @ts-ignore: decorator
@inline function lanesOf(): usize { return stateBase + <usize>BLOCK * 48; }
// @ts-ignore: decorator
@inline function heapOf(l: i32): usize { return lanesOf() + 64 + <usize>l * (<usize>((stateK + 3) & ~3) << 2); }
// @ts-ignore: decorator
@inline function candOf(l: i32): usize {
  return lanesOf() + 64 + <usize>BLOCK * (<usize>((stateK + 3) & ~3) << 2) + <usize>l * (<usize>stateCap << 3);
}

/**
 * The slow path of one query for one register block: offers the rows j + lane, for
 * the lanes set in `mask` (those with H ≤ τ; the others can neither be candidates nor
 * enter the heap, as H ≤ G and τ ≥ the heap bound), whose keys G and H are in the lane
 * scratch (G at 0, H at 32), to the candidates and the heap, and refreshes the bound
 * and τ splats.
 */
function takeBlock(l: i32, j: i32, n: i32, offset: f64, mask: i32): void {
  const ints = intsOf(l);
  const splats = splatsOf(l);
  const heap = heapOf(l);
  const cand = candOf(l);
  const lanes = lanesOf();
  const k = stateK;
  const cap = stateCap;
  let size = load<i32>(ints);
  let count = load<i32>(ints, 4);
  let overflow = load<i32>(ints, 8);
  let bound = f32x4.extract_lane(v128.load(splats), 0);
  let tau = f32x4.extract_lane(v128.load(splats, 16), 0);
  if (n - j < 8) mask &= (1 << (n - j)) - 1;
  while (mask != 0) {
    const lane = ctz(mask);
    mask &= mask - 1;
    const g = load<f32>(lanes + (<usize>lane << 2));
    const h = load<f32>(lanes + (<usize>lane << 2), 32);
    if (h <= tau && !overflow) {
      if (count == cap) {
        count = compact(cand, cap, count, tau);
        if (count > cap >> 1) overflow = 1;
      }
      if (!overflow) {
        store<i32>(cand + (<usize>count << 2), j + lane);
        store<f32>(cand + (<usize>cap << 2) + (<usize>count << 2), h);
        count++;
      }
    }
    if (g < bound) {
      size = heapOffer(heap, size, k, g);
      bound = heapBound(heap, size, k);
      tau = tauOf(heap, size, k, offset, boundGammaE, boundAbsScaled);
    }
  }
  store<i32>(ints, size);
  store<i32>(ints, count, 4);
  store<i32>(ints, overflow, 8);
  v128.store(splats, f32x4.splat(bound));
  v128.store(splats, f32x4.splat(tau), 16);
}

/** Keeps the candidates (in order) whose H is at most τ; returns their count. */
function compact(cand: usize, cap: i32, count: i32, tau: f32): i32 {
  const keys = cand + (<usize>cap << 2);
  let kept = 0;
  for (let c = 0; c < count; c++) {
    const h = load<f32>(keys + (<usize>c << 2));
    if (h <= tau) {
      store<i32>(cand + (<usize>kept << 2), load<i32>(cand + (<usize>c << 2)));
      store<f32>(keys + (<usize>kept << 2), h);
      kept++;
    }
  }
  return kept;
}

/**
 * The k nearest training rows of the queries `from` to m − 1 (`from` a multiple of 4),
 * exactly as a full float64 scan summing (q_f − t_f)² in feature order and ordering by
 * (distance, index) would choose them. Returns the number of (query, row) pairs whose
 * exact distance was computed. (The caller passes a few blocks per call, so that the
 * engine can move the kernel to optimized code between calls.)
 *
 * `gammaE`, `absScaled`: the exact distances' relative and (scaled) absolute error
 * bounds, which turn the k-th smallest key into τ (see the wrapper for the derivation).
 * `chunk`: training rows per chunk (a multiple of 8); `cap`: candidates per query.
 */
export function knn_sqeuclidean(
  train32: usize, nbG: usize, w: usize, n: i32, d: i32,
  query32: usize, queryA: usize, queryOffset: usize, from: i32, m: i32,
  train64: usize, query64: usize, k: i32, gammaE: f64, absScaled: f64,
  chunk: i32, cap: i32, state: usize, outIndex: usize, outReduced: usize,
): f64 {
  const nPad = (n + 7) & ~7;
  const groupBytes4 = <usize>d << 4; // d × 4 f32 per query group
  stateBase = state;
  stateK = k;
  stateCap = cap;
  boundGammaE = gammaE;
  boundAbsScaled = absScaled;
  const lanes = lanesOf();
  let rechecked: f64 = 0;
  for (let qb = from; qb < m; qb += BLOCK) {
    const inBlock = min(BLOCK, m - qb);
    for (let l = 0; l < BLOCK; l++) {
      v128.store(splatsOf(l), f32x4.splat(Infinity));
      v128.store(splatsOf(l), f32x4.splat(Infinity), 16);
      v128.store(intsOf(l), i32x4.splat(0));
    }
    for (let c0 = 0; c0 < nPad; c0 += chunk) {
      const c1 = min(nPad, c0 + chunk);
      for (let l0 = 0; l0 < inBlock; l0 += 4) {
        const q0 = qb + l0;
        const qp = query32 + (<usize>(q0 >> 2)) * groupBytes4;
        const a0 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2)));
        const a1 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2), 4));
        const a2 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2), 8));
        const a3 = f32x4.splat(load<f32>(queryA + (<usize>q0 << 2), 12));
        const sp = splatsOf(l0);
        let tp = train32 + <usize>c0 * (<usize>d << 2);
        for (let j = c0; j < c1; j += 8) {
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
          // keys G = (nbG − 2·dot) + A and H = G − w
          const jo = <usize>j << 2;
          const n0 = v128.load(nbG + jo);
          const n1 = v128.load(nbG + jo, 16);
          const w0 = v128.load(w + jo);
          const w1 = v128.load(w + jo, 16);
          const g00 = f32x4.add(f32x4.sub(n0, f32x4.add(c00, c00)), a0);
          const g01 = f32x4.add(f32x4.sub(n1, f32x4.add(c01, c01)), a0);
          const g10 = f32x4.add(f32x4.sub(n0, f32x4.add(c10, c10)), a1);
          const g11 = f32x4.add(f32x4.sub(n1, f32x4.add(c11, c11)), a1);
          const g20 = f32x4.add(f32x4.sub(n0, f32x4.add(c20, c20)), a2);
          const g21 = f32x4.add(f32x4.sub(n1, f32x4.add(c21, c21)), a2);
          const g30 = f32x4.add(f32x4.sub(n0, f32x4.add(c30, c30)), a3);
          const g31 = f32x4.add(f32x4.sub(n1, f32x4.add(c31, c31)), a3);
          const h00 = f32x4.sub(g00, w0), h01 = f32x4.sub(g01, w1);
          const h10 = f32x4.sub(g10, w0), h11 = f32x4.sub(g11, w1);
          const h20 = f32x4.sub(g20, w0), h21 = f32x4.sub(g21, w1);
          const h30 = f32x4.sub(g30, w0), h31 = f32x4.sub(g31, w1);
          // τ ≥ the heap bound and H ≤ G: a row that could enter the heap is a candidate
          const tau0 = v128.load(sp, 16);
          const tau1 = v128.load(sp, 48);
          const tau2 = v128.load(sp, 80);
          const tau3 = v128.load(sp, 112);
          const in0 = v128.or(f32x4.le(h00, tau0), f32x4.le(h01, tau0));
          const in1 = v128.or(f32x4.le(h10, tau1), f32x4.le(h11, tau1));
          const in2 = v128.or(f32x4.le(h20, tau2), f32x4.le(h21, tau2));
          const in3 = v128.or(f32x4.le(h30, tau3), f32x4.le(h31, tau3));
          if (v128.any_true(v128.or(v128.or(in0, in1), v128.or(in2, in3)))) {
            const m0 = i32x4.bitmask(f32x4.le(h00, tau0)) | (i32x4.bitmask(f32x4.le(h01, tau0)) << 4);
            if (m0 != 0 && q0 < m) {
              v128.store(lanes, g00); v128.store(lanes, g01, 16); v128.store(lanes, h00, 32); v128.store(lanes, h01, 48);
              takeBlock(l0, j, n, load<f64>(queryOffset + (<usize>q0 << 3)), m0);
            }
            const m1 = i32x4.bitmask(f32x4.le(h10, tau1)) | (i32x4.bitmask(f32x4.le(h11, tau1)) << 4);
            if (m1 != 0 && q0 + 1 < m) {
              v128.store(lanes, g10); v128.store(lanes, g11, 16); v128.store(lanes, h10, 32); v128.store(lanes, h11, 48);
              takeBlock(l0 + 1, j, n, load<f64>(queryOffset + (<usize>(q0 + 1) << 3)), m1);
            }
            const m2 = i32x4.bitmask(f32x4.le(h20, tau2)) | (i32x4.bitmask(f32x4.le(h21, tau2)) << 4);
            if (m2 != 0 && q0 + 2 < m) {
              v128.store(lanes, g20); v128.store(lanes, g21, 16); v128.store(lanes, h20, 32); v128.store(lanes, h21, 48);
              takeBlock(l0 + 2, j, n, load<f64>(queryOffset + (<usize>(q0 + 2) << 3)), m2);
            }
            const m3 = i32x4.bitmask(f32x4.le(h30, tau3)) | (i32x4.bitmask(f32x4.le(h31, tau3)) << 4);
            if (m3 != 0 && q0 + 3 < m) {
              v128.store(lanes, g30); v128.store(lanes, g31, 16); v128.store(lanes, h30, 32); v128.store(lanes, h31, 48);
              takeBlock(l0 + 3, j, n, load<f64>(queryOffset + (<usize>(q0 + 3) << 3)), m3);
            }
          }
        }
      }
    }
    // exact pass per query of the block
    for (let l = 0; l < inBlock; l++) {
      const q = qb + l;
      const ints = intsOf(l);
      const cand = candOf(l);
      const x = query64 + <usize>q * (<usize>d << 3);
      const outI = outIndex + <usize>q * (<usize>k << 2);
      const outR = outReduced + <usize>q * (<usize>k << 3);
      if (load<i32>(ints, 8)) {
        exactNearest(train64, x, d, 0, n, k, outI, outR);
        rechecked += <f64>n;
      } else {
        const tau = tauOf(heapOf(l), load<i32>(ints), k, load<f64>(queryOffset + (<usize>q << 3)), gammaE, absScaled);
        const count = compact(cand, cap, load<i32>(ints, 4), tau);
        exactNearest(train64, x, d, cand, count, k, outI, outR);
        rechecked += <f64>count;
      }
    }
  }
  return rechecked;
}

/** out[f] = the mean of column f of the n × d row-major rows at x. */
export function column_means(x: usize, n: i32, d: i32, out: usize): void {
  const pairs = d & ~1;
  for (let f = 0; f < d; f++) store<f64>(out + (<usize>f << 3), 0);
  let row = x;
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < pairs; f += 2) {
      const o = <usize>f << 3;
      v128.store(out + o, f64x2.add(v128.load(out + o), v128.load(row + o)));
    }
    if (pairs < d) {
      const o = <usize>pairs << 3;
      store<f64>(out + o, load<f64>(out + o) + load<f64>(row + o));
    }
    row += <usize>d << 3;
  }
  for (let f = 0; f < d; f++) store<f64>(out + (<usize>f << 3), load<f64>(out + (<usize>f << 3)) / <f64>n);
}

/** The largest |x[i][f] − means[f]| over the rows × d values at x. */
export function max_deviation(x: usize, rows: i32, d: i32, means: usize): f64 {
  let max: f64 = 0;
  let row = x;
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < d; f++) {
      const v = abs(load<f64>(row + (<usize>f << 3)) - load<f64>(means + (<usize>f << 3)));
      if (v > max) max = v;
    }
    row += <usize>d << 3;
  }
  return max;
}

/**
 * Writes the float32 copy fl32((x − means) · s) of rows × d values in groups of
 * `group` rows (interleaved by feature: value (g·d + f)·group + lane), and each row's
 * squared norm A (in float64, from the float32 values) to `norms` (f64 per row).
 * Rows past `rows` in the last group are zeros.
 */
export function pack_rows(x: usize, rows: i32, d: i32, means: usize, s: f64, group: i32, out: usize, norms: usize): void {
  const padded = (rows + group - 1) / group * group;
  memory.fill(out, 0, <usize>padded * (<usize>d << 2));
  let row = x;
  for (let i = 0; i < rows; i++) {
    const base = out + ((<usize>(i / group) * <usize>d * <usize>group + <usize>(i % group)) << 2);
    const stride = <usize>group << 2;
    let norm: f64 = 0;
    for (let f = 0; f < d; f++) {
      const v = <f32>((load<f64>(row + (<usize>f << 3)) - load<f64>(means + (<usize>f << 3))) * s);
      store<f32>(base + <usize>f * stride, v);
      norm += <f64>v * <f64>v;
    }
    store<f64>(norms + (<usize>i << 3), norm);
    row += <usize>d << 3;
  }
}

// Lloyd's step of k-means (included by cluster.ts): the E-step with the M-step's sums,
// plain (lloyd_assign) or skipping the samples whose label cannot change
// (lloyd_bounded), and k-means++'s candidate distances.

/** Centers per block: the distances to four centers are accumulated together. */
const CENTERS_PER_BLOCK: i32 = 4;

/**
 * Lloyd's E-step over samples [from, to): labels[i] = the first center c minimizing
 * cnorms[c] − 2 x_i·c. `centers` holds kpad rows (a multiple of 4, padded rows with
 * cnorms = +∞), `dots` scratch room for 2 × kpad values. With `update`, adds each
 * sample's values times its weight to sums[label] (k rows of ld values) and its weight to
 * clusterWeights[label], in sample order.
 */
export function lloyd_assign(
  x: usize, ld: i32, from: i32, to: i32, centers: usize, kpad: i32, cnorms: usize,
  sampleWeight: usize, labels: usize, update: i32, sums: usize, clusterWeights: usize, dots: usize,
): void {
  const ld8 = <usize>ld << 3;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const x0 = x + <usize>i * ld8;
    const x1 = x0 + ld8;
    for (let c = 0; c < kpad; c += CENTERS_PER_BLOCK) dots2x4(x0, x1, centers + <usize>c * ld8, ld8, ld, dots + (<usize>c << 3), dots + (<usize>(kpad + c) << 3));
    finish(x0, ld, i, kpad, cnorms, dots, sampleWeight, labels, update, sums, clusterWeights);
    finish(x1, ld, i + 1, kpad, cnorms, dots + (<usize>kpad << 3), sampleWeight, labels, update, sums, clusterWeights);
  }
  if (i < to) {
    const x0 = x + <usize>i * ld8;
    for (let c = 0; c < kpad; c += CENTERS_PER_BLOCK) dots1x4(x0, centers + <usize>c * ld8, ld8, dots + (<usize>c << 3));
    finish(x0, ld, i, kpad, cnorms, dots, sampleWeight, labels, update, sums, clusterWeights);
  }
}

// The dot products of two samples with four centers (eight f64x2 accumulators, lane 0
// summing the even features and lane 1 the odd ones).
// @ts-ignore: decorator
@inline
function dots2x4(x0: usize, x1: usize, c0: usize, ld8: usize, ld: i32, out0: usize, out1: usize): void {
  const c1 = c0 + ld8;
  const c2 = c1 + ld8;
  const c3 = c2 + ld8;
  let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a02 = f64x2.splat(0), a03 = f64x2.splat(0);
  let a10 = f64x2.splat(0), a11 = f64x2.splat(0), a12 = f64x2.splat(0), a13 = f64x2.splat(0);
  const bytes = <usize>ld << 3;
  for (let o: usize = 0; o < bytes; o += 16) {
    const u = v128.load(x0 + o);
    const v = v128.load(x1 + o);
    const w0 = v128.load(c0 + o);
    const w1 = v128.load(c1 + o);
    const w2 = v128.load(c2 + o);
    const w3 = v128.load(c3 + o);
    a00 = f64x2.add(a00, f64x2.mul(u, w0));
    a01 = f64x2.add(a01, f64x2.mul(u, w1));
    a02 = f64x2.add(a02, f64x2.mul(u, w2));
    a03 = f64x2.add(a03, f64x2.mul(u, w3));
    a10 = f64x2.add(a10, f64x2.mul(v, w0));
    a11 = f64x2.add(a11, f64x2.mul(v, w1));
    a12 = f64x2.add(a12, f64x2.mul(v, w2));
    a13 = f64x2.add(a13, f64x2.mul(v, w3));
  }
  store<f64>(out0, f64x2.extract_lane(a00, 0) + f64x2.extract_lane(a00, 1));
  store<f64>(out0, f64x2.extract_lane(a01, 0) + f64x2.extract_lane(a01, 1), 8);
  store<f64>(out0, f64x2.extract_lane(a02, 0) + f64x2.extract_lane(a02, 1), 16);
  store<f64>(out0, f64x2.extract_lane(a03, 0) + f64x2.extract_lane(a03, 1), 24);
  store<f64>(out1, f64x2.extract_lane(a10, 0) + f64x2.extract_lane(a10, 1));
  store<f64>(out1, f64x2.extract_lane(a11, 0) + f64x2.extract_lane(a11, 1), 8);
  store<f64>(out1, f64x2.extract_lane(a12, 0) + f64x2.extract_lane(a12, 1), 16);
  store<f64>(out1, f64x2.extract_lane(a13, 0) + f64x2.extract_lane(a13, 1), 24);
}

// The dot products of one sample with four centers (four f64x2 accumulators, summed as
// dots2x4 sums them, so both give the same values).
// @ts-ignore: decorator
@inline
function dots1x4(x0: usize, c0: usize, ld8: usize, out0: usize): void {
  const c1 = c0 + ld8;
  const c2 = c1 + ld8;
  const c3 = c2 + ld8;
  let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a02 = f64x2.splat(0), a03 = f64x2.splat(0);
  for (let o: usize = 0; o < ld8; o += 16) {
    const u = v128.load(x0 + o);
    a00 = f64x2.add(a00, f64x2.mul(u, v128.load(c0 + o)));
    a01 = f64x2.add(a01, f64x2.mul(u, v128.load(c1 + o)));
    a02 = f64x2.add(a02, f64x2.mul(u, v128.load(c2 + o)));
    a03 = f64x2.add(a03, f64x2.mul(u, v128.load(c3 + o)));
  }
  store<f64>(out0, f64x2.extract_lane(a00, 0) + f64x2.extract_lane(a00, 1));
  store<f64>(out0, f64x2.extract_lane(a01, 0) + f64x2.extract_lane(a01, 1), 8);
  store<f64>(out0, f64x2.extract_lane(a02, 0) + f64x2.extract_lane(a02, 1), 16);
  store<f64>(out0, f64x2.extract_lane(a03, 0) + f64x2.extract_lane(a03, 1), 24);
}

// The label of one sample from its dot products, and its share of the M-step sums.
// @ts-ignore: decorator
@inline
function finish(
  xi: usize, ld: i32, i: i32, kpad: i32, cnorms: usize, dots: usize, sampleWeight: usize,
  labels: usize, update: i32, sums: usize, clusterWeights: usize,
): void {
  let best = 0;
  let bestDistance = load<f64>(cnorms) - 2 * load<f64>(dots);
  for (let c = 1; c < kpad; c++) {
    const d = load<f64>(cnorms + (<usize>c << 3)) - 2 * load<f64>(dots + (<usize>c << 3));
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  store<i32>(labels + (<usize>i << 2), best);
  if (!update) return;
  const w = load<f64>(sampleWeight + (<usize>i << 3));
  const cw = clusterWeights + (<usize>best << 3);
  store<f64>(cw, load<f64>(cw) + w);
  const row = sums + <usize>best * (<usize>ld << 3);
  const ww = f64x2.splat(w);
  const bytes = <usize>ld << 3;
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(row + o, f64x2.add(v128.load(row + o), f64x2.mul(v128.load(xi + o), ww)));
  }
}

/**
 * Lloyd's E-step (and M-step sums) as lloyd_assign, skipping the samples whose label
 * provably cannot change (Hamerly's bounds). Each sample keeps `upper[i]` >= its
 * distance to its center and `lower[i]` <= its distance to any other center; before the
 * step they are moved by how far the centers moved (`drift`, with `drift1` the largest
 * and `drift2` the second largest, `driftArg` the center of the largest). A sample is
 * skipped when the gap between the lower bound (or the triangle bound from `half`, half
 * each center's distance to its nearest other center) and the upper bound exceeds what
 * rounding could change in the computed keys ‖c‖² − 2 x·c, whose sum of absolute errors is
 * at most `slack(x) = gamma (‖x‖ + radius)²`; otherwise its upper bound is recomputed, and
 * if that is not enough, every key, exactly as lloyd_assign computes them (so the label is
 * lloyd_assign's in every case). `xnorms` holds the samples' squared norms and `xroots`
 * their square roots. With `first`, every sample is computed and the bounds set. Returns the number of samples whose keys were all computed.
 */
export function lloyd_bounded(
  x: usize, ld: i32, from: i32, to: i32, centers: usize, kpad: i32, cnorms: usize, xnorms: usize, xroots: usize,
  sampleWeight: usize, labels: usize, update: i32, sums: usize, clusterWeights: usize, dots: usize,
  upper: usize, lower: usize, half: usize, drift: usize, drift1: f64, drift2: f64, driftArg: i32,
  radius: f64, gamma: f64, first: i32,
): i32 {
  const ld8 = <usize>ld << 3;
  let computed = 0;
  for (let i = from; i < to; i++) {
    const xi = x + <usize>i * ld8;
    const i8 = <usize>i << 3;
    const xx = load<f64>(xnorms + i8);
    const xn = load<f64>(xroots + i8);
    const slack = gamma * (xn + radius) * (xn + radius);
    let full = first != 0;
    if (!full) {
      const a = load<i32>(labels + (<usize>i << 2));
      let u = (load<f64>(upper + i8) + load<f64>(drift + (<usize>a << 3))) * (1 + 1e-12);
      const otherDrift = a == driftArg ? drift2 : drift1;
      const l = (load<f64>(lower + i8) - otherDrift) * (1 - 1e-12);
      store<f64>(upper + i8, u);
      store<f64>(lower + i8, l);
      const halfA = load<f64>(half + (<usize>a << 3));
      let bound = max(l, 2 * halfA - u);
      if (!(bound > u && (bound - u) * (bound + u) > slack)) {
        // recompute the upper bound from the key of the current center
        const ca = centers + <usize>a * ld8;
        let acc = f64x2.splat(0);
        for (let o: usize = 0; o < ld8; o += 16) acc = f64x2.add(acc, f64x2.mul(v128.load(xi + o), v128.load(ca + o)));
        const key = load<f64>(cnorms + (<usize>a << 3)) - 2 * (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
        u = sqrt<f64>(max<f64>(0, xx + key + slack));
        store<f64>(upper + i8, u);
        bound = max(l, 2 * halfA - u);
        full = !(bound > u && (bound - u) * (bound + u) > slack);
      }
    }
    if (full) {
      computed++;
      for (let c = 0; c < kpad; c += CENTERS_PER_BLOCK) dots1x4(xi, centers + <usize>c * ld8, ld8, dots + (<usize>c << 3));
      let best = 0;
      let bestKey = load<f64>(cnorms) - 2 * load<f64>(dots);
      let second = Infinity;
      for (let c = 1; c < kpad; c++) {
        const key = load<f64>(cnorms + (<usize>c << 3)) - 2 * load<f64>(dots + (<usize>c << 3));
        if (key < bestKey) {
          second = bestKey;
          bestKey = key;
          best = c;
        } else if (key < second) {
          second = key;
        }
      }
      store<i32>(labels + (<usize>i << 2), best);
      store<f64>(upper + i8, sqrt<f64>(max<f64>(0, xx + bestKey + slack)));
      store<f64>(lower + i8, sqrt<f64>(max<f64>(0, xx + second - slack)));
    }
    if (update) {
      const label = load<i32>(labels + (<usize>i << 2));
      const w = load<f64>(sampleWeight + i8);
      const cw = clusterWeights + (<usize>label << 3);
      store<f64>(cw, load<f64>(cw) + w);
      const row = sums + <usize>label * ld8;
      if (w == 1) {
        for (let o: usize = 0; o < ld8; o += 16) v128.store(row + o, f64x2.add(v128.load(row + o), v128.load(xi + o)));
      } else {
        const ww = f64x2.splat(w);
        for (let o: usize = 0; o < ld8; o += 16) v128.store(row + o, f64x2.add(v128.load(row + o), f64x2.mul(v128.load(xi + o), ww)));
      }
    }
  }
  return computed;
}

/**
 * k-means++'s candidates: for each of the `count` sample indices in `rows` (a multiple
 * of 4 entries, repeated as needed), out[t·n + i] = min(closest[i], max((−2 x_row·x_i +
 * ‖x_row‖²) + ‖x_i‖², 0)) over every sample i (scikit-learn's `_euclidean_distances(
 * X[candidates], X, squared=True)` and `np.minimum(closest, ·)`). Four candidates at a
 * time share each sample's loads; `closest` may hold +∞ (the first center).
 */
export function candidate_distances(x: usize, ld: i32, n: i32, rows: usize, count: i32, norms: usize, closest: usize, out: usize): void {
  const ld8 = <usize>ld << 3;
  const n8 = <usize>n << 3;
  for (let t = 0; t < count; t += 4) {
    const r0 = load<i32>(rows + (<usize>t << 2));
    const r1 = load<i32>(rows + (<usize>t << 2), 4);
    const r2 = load<i32>(rows + (<usize>t << 2), 8);
    const r3 = load<i32>(rows + (<usize>t << 2), 12);
    const c0 = x + <usize>r0 * ld8;
    const n0 = load<f64>(norms + (<usize>r0 << 3));
    const n1 = load<f64>(norms + (<usize>r1 << 3));
    const n2 = load<f64>(norms + (<usize>r2 << 3));
    const n3 = load<f64>(norms + (<usize>r3 << 3));
    const o0 = out + <usize>t * n8;
    for (let i = 0; i < n; i++) {
      const xi = x + <usize>i * ld8;
      const i8 = <usize>i << 3;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      const c1 = x + <usize>r1 * ld8;
      const c2 = x + <usize>r2 * ld8;
      const c3 = x + <usize>r3 * ld8;
      for (let o: usize = 0; o < ld8; o += 16) {
        const u = v128.load(xi + o);
        a0 = f64x2.add(a0, f64x2.mul(u, v128.load(c0 + o)));
        a1 = f64x2.add(a1, f64x2.mul(u, v128.load(c1 + o)));
        a2 = f64x2.add(a2, f64x2.mul(u, v128.load(c2 + o)));
        a3 = f64x2.add(a3, f64x2.mul(u, v128.load(c3 + o)));
      }
      const xx = load<f64>(norms + i8);
      const near = load<f64>(closest + i8);
      store<f64>(o0 + i8, candidate(a0, n0, xx, near));
      store<f64>(o0 + n8 + i8, candidate(a1, n1, xx, near));
      store<f64>(o0 + 2 * n8 + i8, candidate(a2, n2, xx, near));
      store<f64>(o0 + 3 * n8 + i8, candidate(a3, n3, xx, near));
    }
  }
}

// min(closest, max((−2·dot + ‖row‖²) + ‖x‖², 0)) for one candidate row.
// @ts-ignore: decorator
@inline
function candidate(acc: v128, rowNorm: f64, xx: f64, near: f64): f64 {
  const dot = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  let d = -2 * dot + rowNorm + xx;
  if (!(d > 0)) d = 0;
  return near < d ? near : d;
}

// Elkan's k-means and the exact distances of scikit-learn (included by cluster.ts):
// `_euclidean_dense_dense`'s unrolled squared distance, the inertia, init_bounds_dense,
// Elkan's pass and the shift of its bounds.

/**
 * `_euclidean_dense_dense(a, b, squared=True)` of scikit-learn over p values: the
 * squares of four differences summed left to right and added to the running sum as
 * one group, then the remaining ones.
 */
// @ts-ignore: decorator
@inline
function squared_distance(a: usize, b: usize, p: i32): f64 {
  let result: f64 = 0;
  const blocks = p - (p & 3);
  let j = 0;
  for (; j < blocks; j += 4) {
    const o = <usize>j << 3;
    const d0 = load<f64>(a + o) - load<f64>(b + o);
    const d1 = load<f64>(a + o, 8) - load<f64>(b + o, 8);
    const d2 = load<f64>(a + o, 16) - load<f64>(b + o, 16);
    const d3 = load<f64>(a + o, 24) - load<f64>(b + o, 24);
    result += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
  }
  for (; j < p; j++) {
    const o = <usize>j << 3;
    const d = load<f64>(a + o) - load<f64>(b + o);
    result += d * d;
  }
  return result;
}

/**
 * scikit-learn's `_inertia_dense`: Σ w_i ‖x_i − c(label_i)‖² over samples [from, to),
 * in sample order.
 */
export function inertia(x: usize, ld: i32, p: i32, from: i32, to: i32, centers: usize, labels: usize, sampleWeight: usize): f64 {
  const ld8 = <usize>ld << 3;
  let total: f64 = 0;
  for (let i = from; i < to; i++) {
    const c = load<i32>(labels + (<usize>i << 2));
    total += squared_distance(x + <usize>i * ld8, centers + <usize>c * ld8, p) * load<f64>(sampleWeight + (<usize>i << 3));
  }
  return total;
}

/**
 * One pass of scikit-learn's Elkan iteration (`_update_chunk_dense` of
 * `_k_means_elkan.pyx`) over samples [from, to), with its bounds, its tests and its
 * exact distances (square roots of `_euclidean_dense_dense`). `half` is k × k (half the
 * distances between centers), `next` each center's half distance to its nearest other
 * center, `upper` one bound per sample, `lower` k per sample. With `update`, the M-step
 * sums as in lloyd_assign.
 */
export function elkan_pass(
  x: usize, ld: i32, p: i32, from: i32, to: i32, centers: usize, k: i32, half: usize, next: usize,
  upper: usize, lower: usize, labels: usize, sampleWeight: usize, update: i32, sums: usize, clusterWeights: usize,
): void {
  const ld8 = <usize>ld << 3;
  const k8 = <usize>k << 3;
  for (let i = from; i < to; i++) {
    const xi = x + <usize>i * ld8;
    const up = upper + (<usize>i << 3);
    const lo = lower + <usize>i * k8;
    let bound = load<f64>(up);
    let tight = false;
    let label = load<i32>(labels + (<usize>i << 2));
    if (!(load<f64>(next + (<usize>label << 3)) >= bound)) {
      for (let c = 0; c < k; c++) {
        const halfLc = load<f64>(half + <usize>label * k8 + (<usize>c << 3));
        if (c != label && bound > load<f64>(lo + (<usize>c << 3)) && bound > halfLc) {
          if (!tight) {
            bound = sqrt<f64>(squared_distance(xi, centers + <usize>label * ld8, p));
            store<f64>(lo + (<usize>label << 3), bound);
            tight = true;
          }
          // the center-to-center term is read again: label may have changed meanwhile
          if (bound > load<f64>(lo + (<usize>c << 3)) || bound > load<f64>(half + <usize>label * k8 + (<usize>c << 3))) {
            const d = sqrt<f64>(squared_distance(xi, centers + <usize>c * ld8, p));
            store<f64>(lo + (<usize>c << 3), d);
            if (d < bound) {
              label = c;
              bound = d;
            }
          }
        }
      }
      store<i32>(labels + (<usize>i << 2), label);
      store<f64>(up, bound);
    }
    if (update) {
      const w = load<f64>(sampleWeight + (<usize>i << 3));
      const cw = clusterWeights + (<usize>label << 3);
      store<f64>(cw, load<f64>(cw) + w);
      const row = sums + <usize>label * ld8;
      const ww = f64x2.splat(w);
      for (let o: usize = 0; o < <usize>ld << 3; o += 16) {
        v128.store(row + o, f64x2.add(v128.load(row + o), f64x2.mul(v128.load(xi + o), ww)));
      }
    }
  }
}

/**
 * scikit-learn's `init_bounds_dense`: each sample's first bounds and label for the
 * centers, computing a distance only where the half distances between centers do not
 * rule the center out.
 */
export function elkan_init(x: usize, ld: i32, p: i32, n: i32, centers: usize, k: i32, half: usize, labels: usize, upper: usize, lower: usize): void {
  const ld8 = <usize>ld << 3;
  const k8 = <usize>k << 3;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>i * ld8;
    const lo = lower + <usize>i * k8;
    let best = 0;
    let min = sqrt<f64>(squared_distance(xi, centers, p));
    store<f64>(lo, min);
    for (let c = 1; c < k; c++) {
      if (min > load<f64>(half + <usize>best * k8 + (<usize>c << 3))) {
        const d = sqrt<f64>(squared_distance(xi, centers + <usize>c * ld8, p));
        store<f64>(lo + (<usize>c << 3), d);
        if (d < min) {
          min = d;
          best = c;
        }
      }
    }
    store<i32>(labels + (<usize>i << 2), best);
    store<f64>(upper + (<usize>i << 3), min);
  }
}

/**
 * The bounds after the centers moved by `shift` (the end of scikit-learn's
 * `elkan_iter_chunked_dense`): upper[i] += shift[label_i]; lower[i][c] −= shift[c],
 * clipped at 0.
 */
export function elkan_shift(n: i32, k: i32, labels: usize, upper: usize, lower: usize, shift: usize): void {
  const k8 = <usize>k << 3;
  for (let i = 0; i < n; i++) {
    const up = upper + (<usize>i << 3);
    store<f64>(up, load<f64>(up) + load<f64>(shift + (<usize>load<i32>(labels + (<usize>i << 2)) << 3)));
    const lo = lower + <usize>i * k8;
    for (let c = 0; c < k; c++) {
      const v = load<f64>(lo + (<usize>c << 3)) - load<f64>(shift + (<usize>c << 3));
      store<f64>(lo + (<usize>c << 3), v < 0 ? 0 : v);
    }
  }
}

/**
 * Plain-JavaScript references of the k-means kernels (`wasm/assembly/cluster.ts`):
 * Lloyd's E-step with the M-step's sums, the squared distances from one sample to
 * all (k-means++) and Elkan's pass. `cluster-kernels.spec.ts` checks the kernels
 * against them.
 */
import { Rng } from '../../../lib/core/rng.js';
import { squaredDistance } from '../../../lib/estimators/cluster/k-means-common.js';

/** What {@link lloydStep} fills. */
export interface LloydBuffers {
  /** One label per sample (out). */
  readonly labels: Int32Array;
  /** `k × p` weighted sums of the samples of each cluster (out, when updating). */
  readonly sums: Float64Array;
  /** The weight of each cluster (out, when updating). */
  readonly weights: Float64Array;
}

/**
 * scikit-learn's `lloyd_iter_chunked_dense` E-step: labels[i] = the first c
 * minimizing `‖c‖² − 2 xᵢ·c`; with `update`, the weighted sums of each cluster's
 * samples (in sample order) and the clusters' weights.
 */
export function lloydStep(
  X: Float64Array,
  n: number,
  p: number,
  sampleWeight: Float64Array,
  centers: Float64Array,
  centerNorms: Float64Array,
  out: LloydBuffers,
  update: boolean,
): void {
  const k = centerNorms.length;
  const { labels, sums, weights } = out;
  if (update) {
    sums.fill(0);
    weights.fill(0);
  }
  for (let i = 0; i < n; i++) {
    const row = i * p;
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      const at = c * p;
      for (let j = 0; j < p; j++) dot += (X[row + j] as number) * (centers[at + j] as number);
      const d = (centerNorms[c] as number) - 2 * dot;
      if (c === 0 || d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    labels[i] = best;
    if (update) {
      const w = sampleWeight[i] as number;
      weights[best] = (weights[best] as number) + w;
      const at = best * p;
      for (let j = 0; j < p; j++) sums[at + j] = (sums[at + j] as number) + (X[row + j] as number) * w;
    }
  }
}

/**
 * scikit-learn's `_euclidean_distances(X[row], X, squared=True)`: for each sample,
 * `max((−2 x_row·xᵢ + ‖x_row‖²) + ‖xᵢ‖², 0)`.
 */
export function squaredDistancesToRow(X: Float64Array, n: number, p: number, row: number, norms: Float64Array): Float64Array {
  const out = new Float64Array(n);
  const at = row * p;
  const rowNorm = norms[row] as number;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < p; j++) dot += (X[at + j] as number) * (X[i * p + j] as number);
    const d = -2 * dot + rowNorm + (norms[i] as number);
    out[i] = d > 0 ? d : 0;
  }
  return out;
}

/** scikit-learn's Elkan pass (`_update_chunk_dense` of `_k_means_elkan.pyx`) in plain JavaScript. */
export function elkanPass(
  X: Float64Array,
  n: number,
  p: number,
  sampleWeight: Float64Array,
  centers: Float64Array,
  k: number,
  half: Float64Array,
  next: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
  out: LloydBuffers,
  update: boolean,
): void {
  const { labels, sums, weights } = out;
  if (update) {
    sums.fill(0);
    weights.fill(0);
  }
  for (let i = 0; i < n; i++) {
    let bound = upper[i] as number;
    let tight = false;
    let label = labels[i] as number;
    if (!((next[label] as number) >= bound)) {
      for (let c = 0; c < k; c++) {
        if (c !== label && bound > (lower[i * k + c] as number) && bound > (half[label * k + c] as number)) {
          if (!tight) {
            bound = Math.sqrt(squaredDistance(X, i * p, centers, label * p, p));
            lower[i * k + label] = bound;
            tight = true;
          }
          if (bound > (lower[i * k + c] as number) || bound > (half[label * k + c] as number)) {
            const d = Math.sqrt(squaredDistance(X, i * p, centers, c * p, p));
            lower[i * k + c] = d;
            if (d < bound) {
              label = c;
              bound = d;
            }
          }
        }
      }
      labels[i] = label;
      upper[i] = bound;
    }
    if (update) {
      const w = sampleWeight[i] as number;
      weights[label] = (weights[label] as number) + w;
      for (let j = 0; j < p; j++) sums[label * p + j] = (sums[label * p + j] as number) + (X[i * p + j] as number) * w;
    }
  }
}

/** Shapes (n, p, k) the kernel specs try: single rows and columns, odd sizes, k not a multiple of 4. */
export const SHAPES: [n: number, p: number, k: number][] = [
  [1, 1, 1],
  [1, 5, 3],
  [7, 1, 2],
  [9, 3, 5],
  [40, 7, 4],
  [33, 10, 9],
  [60, 64, 10],
];

/** Random samples around two centres, random centers and weights (1 or fractional). */
export function problem(n: number, p: number, k: number, seed: number) {
  const rng = new Rng(seed);
  const X = Float64Array.from({ length: n * p }, () => rng.normal() * 3 + (rng.random() < 0.5 ? 2 : -2));
  const centers = Float64Array.from({ length: k * p }, () => rng.normal() * 3);
  const weights = Float64Array.from({ length: n }, () => (rng.random() < 0.5 ? 1 : Math.round(rng.random() * 40) / 10));
  return { X, centers, weights };
}

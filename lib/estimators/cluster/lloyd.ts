/**
 * One run of Lloyd's k-means (scikit-learn 1.2's `_kmeans_single_lloyd`): assign
 * every sample to its closest center, move each center to the weighted mean of its
 * samples (relocating empty clusters), until the labels stop changing (strict
 * convergence) or the centers move less than `tol` in total squared shift; then,
 * unless strictly converged, one last assignment so that the labels match the
 * final centers.
 */
import type { ClusterData } from './cluster-kernels.js';
import { BoundedLloyd } from './cluster-runs.js';
import { averageCenters, centerShift, relocateEmptyClusters, rowSquaredNorms, sameLabels, totalSquaredShift } from './k-means-common.js';

/** The result of one k-means run. */
export interface KMeansRun {
  readonly labels: Int32Array;
  readonly inertia: number;
  /** `k × p`, row-major. */
  readonly centers: Float64Array;
  readonly nIter: number;
}

/** The data and settings of one k-means run. */
export interface KMeansProblem {
  /** The (centred) samples, `n × p` row-major. */
  readonly X: Float64Array;
  /** The same samples in the kernels' memory. */
  readonly data: ClusterData;
  readonly n: number;
  readonly p: number;
  readonly sampleWeight: Float64Array;
  readonly maxIter: number;
  /** The tolerance on the total squared center shift (already scaled). */
  readonly tol: number;
}

/** Lloyd's algorithm from `centersInit` (`k × p`, not modified). */
export function kMeansSingleLloyd(problem: KMeansProblem, centersInit: Float64Array, k: number): KMeansRun {
  const { X, data, n, p, sampleWeight, maxIter, tol } = problem;
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * p);
  const labels = new Int32Array(n).fill(-1);
  const labelsOld = labels.slice();
  const shift = new Float64Array(k);
  const weights = new Float64Array(k);
  let strict = false;
  let iteration = 0;
  const bounded = new BoundedLloyd(data, k);
  try {
    for (; iteration < maxIter; iteration++) {
      bounded.step(centers, rowSquaredNorms(centers, k, p), shift, { labels, sums: centersNew, weights }, true);
      relocateEmptyClusters(X, n, p, sampleWeight, centers, centersNew, weights, labels);
      averageCenters(centersNew, weights, p);
      centerShift(centers, centersNew, p, shift);
      [centers, centersNew] = [centersNew, centers];
      if (sameLabels(labels, labelsOld)) {
        strict = true;
        break;
      }
      if (totalSquaredShift(shift) <= tol) break;
      labelsOld.set(labels);
    }
    // unless strictly converged, the labels of the final centers
    if (!strict) bounded.step(centers, rowSquaredNorms(centers, k, p), shift, { labels, sums: centersNew, weights }, false);
  } finally {
    bounded.dispose();
  }
  return { labels, inertia: data.inertia(centers, k, labels), centers, nIter: Math.min(iteration + 1, maxIter) };
}

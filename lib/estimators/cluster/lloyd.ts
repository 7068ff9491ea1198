/**
 * One run of Lloyd's k-means (scikit-learn 1.2's `_kmeans_single_lloyd`): assign
 * every sample to its closest center, move each center to the weighted mean of its
 * samples (relocating empty clusters), until the labels stop changing (strict
 * convergence) or the centers move less than `tol` in total squared shift; then,
 * unless strictly converged, one last assignment so that the labels match the
 * final centers.
 */
import type { LloydBuffers } from './cluster-kernels.js';
import { lloydStep } from './cluster-kernels.js';
import {
  averageCenters,
  centerShift,
  inertiaOf,
  relocateEmptyClusters,
  rowSquaredNorms,
  sameLabels,
  totalSquaredShift,
} from './k-means-common.js';

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
  readonly n: number;
  readonly p: number;
  readonly sampleWeight: Float64Array;
  readonly maxIter: number;
  /** The tolerance on the total squared center shift (already scaled). */
  readonly tol: number;
}

/** Lloyd's algorithm from `centersInit` (`k × p`, not modified). */
export function kMeansSingleLloyd(problem: KMeansProblem, centersInit: Float64Array, k: number): KMeansRun {
  const { X, n, p, sampleWeight, maxIter, tol } = problem;
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * p);
  const labels = new Int32Array(n).fill(-1);
  const labelsOld = labels.slice();
  const shift = new Float64Array(k);
  const buffers: LloydBuffers = { labels, sums: centersNew, weights: new Float64Array(k) };
  let strict = false;
  let iteration = 0;
  for (; iteration < maxIter; iteration++) {
    lloydStep(X, n, p, sampleWeight, centers, rowSquaredNorms(centers, k, p), { ...buffers, sums: centersNew }, true);
    relocateEmptyClusters(X, n, p, sampleWeight, centers, centersNew, buffers.weights, labels);
    averageCenters(centersNew, buffers.weights, p);
    centerShift(centers, centersNew, p, shift);
    [centers, centersNew] = [centersNew, centers];
    if (sameLabels(labels, labelsOld)) {
      strict = true;
      break;
    }
    if (totalSquaredShift(shift) <= tol) break;
    labelsOld.set(labels);
  }
  if (!strict) lloydStep(X, n, p, sampleWeight, centers, rowSquaredNorms(centers, k, p), buffers, false);
  return { labels, inertia: inertiaOf(X, n, p, sampleWeight, centers, labels), centers, nIter: Math.min(iteration + 1, maxIter) };
}

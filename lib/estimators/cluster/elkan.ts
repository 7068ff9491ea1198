/**
 * One run of Elkan's k-means (scikit-learn 1.2's `_kmeans_single_elkan`): Lloyd's
 * iterations, skipping the distances that the triangle inequality shows cannot
 * change a label. Each sample keeps an upper bound on the distance to its center
 * and a lower bound on the distance to every center; half the distances between
 * centers (and each center's nearest other center) decide which distances to
 * compute. The labels, centers and iterations are Lloyd's; only the work differs.
 */
import {
  averageCenters,
  centerShift,
  relocateEmptyClusters,
  sameLabels,
  squaredEuclideanDistances,
  totalSquaredShift,
} from './k-means-common.js';
import { ElkanRun } from './cluster-runs.js';
import type { KMeansProblem, KMeansRun } from './lloyd.js';

/** Half the distances between centers (`euclidean_distances(centers) / 2`) and, per center, the smallest to another. */
function centerHalfDistances(centers: Float64Array, k: number, p: number): { half: Float64Array; next: Float64Array } {
  const half = squaredEuclideanDistances(centers, k, centers, k, p);
  for (let t = 0; t < half.length; t++) half[t] = Math.sqrt(half[t] as number) / 2;
  // np.partition(half, kth=1, axis=0)[1]: the second smallest of each column (the diagonal's 0 is the smallest)
  const next = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let smallest = Infinity;
    let second = Infinity;
    for (let r = 0; r < k; r++) {
      const v = half[r * k + c] as number;
      if (v < smallest) {
        second = smallest;
        smallest = v;
      } else if (v < second) second = v;
    }
    next[c] = k > 1 ? second : 0;
  }
  return { half, next };
}

/** Elkan's algorithm from `centersInit` (`k × p`, not modified). */
export function kMeansSingleElkan(problem: KMeansProblem, centersInit: Float64Array, k: number): KMeansRun {
  const { X, data, n, p, sampleWeight, maxIter, tol } = problem;
  let centers = centersInit.slice();
  let centersNew = new Float64Array(k * p);
  const weights = new Float64Array(k);
  const labels = new Int32Array(n).fill(-1);
  const labelsOld = labels.slice();
  const shift = new Float64Array(k);
  let { half, next } = centerHalfDistances(centers, k, p);
  let strict = false;
  let iteration = 0;
  const run = new ElkanRun(data, k);
  try {
    run.init(centers, half, labels);
    const step = (current: Float64Array, update: boolean): void => {
      run.step(current, half, next, { labels, sums: centersNew, weights }, update);
      if (!update) return;
      relocateEmptyClusters(X, n, p, sampleWeight, current, centersNew, weights, labels);
      averageCenters(centersNew, weights, p);
      centerShift(current, centersNew, p, shift);
      run.shiftBounds(shift);
    };
    for (; iteration < maxIter; iteration++) {
      step(centers, true);
      ({ half, next } = centerHalfDistances(centersNew, k, p));
      [centers, centersNew] = [centersNew, centers];
      if (sameLabels(labels, labelsOld)) {
        strict = true;
        break;
      }
      if (totalSquaredShift(shift) <= tol) break;
      labelsOld.set(labels);
    }
    if (!strict) step(centers, false);
  } finally {
    run.dispose();
  }
  return { labels, inertia: data.inertia(centers, k, labels), centers, nIter: Math.min(iteration + 1, maxIter) };
}

/**
 * What scikit-learn's k-means solvers share (`sklearn/cluster/_k_means_common.pyx`
 * and helpers of `_kmeans.py`), with its floating-point order of operations: the
 * unrolled squared distance, the M-step's averaging by a reciprocal, the relocation
 * of empty clusters, center shifts, the inertia and the tolerance scaled by the
 * data's mean variance.
 *
 * Matrices are row-major `Float64Array`s: X is `n × p`, centers `k × p`.
 */
import { pairwiseSum } from '../../metrics/_numeric.js';
import { argPartition } from './arg-partition.js';

/**
 * `_euclidean_dense_dense(a, b, squared=True)`: Σ (a − b)², four terms at a time
 * added to the running sum as one group, then the remainder.
 */
export function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, p: number): number {
  let result = 0;
  const blocks = p - (p % 4);
  let j = 0;
  for (; j < blocks; j += 4) {
    const d0 = (a[aOffset + j] as number) - (b[bOffset + j] as number);
    const d1 = (a[aOffset + j + 1] as number) - (b[bOffset + j + 1] as number);
    const d2 = (a[aOffset + j + 2] as number) - (b[bOffset + j + 2] as number);
    const d3 = (a[aOffset + j + 3] as number) - (b[bOffset + j + 3] as number);
    result += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
  }
  for (; j < p; j++) {
    const d = (a[aOffset + j] as number) - (b[bOffset + j] as number);
    result += d * d;
  }
  return result;
}

/** The squared norm of each of the `rows` rows of a row-major array. */
export function rowSquaredNorms(values: Float64Array, rows: number, p: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < p; j++) {
      const v = values[i * p + j] as number;
      sum += v * v;
    }
    out[i] = sum;
  }
  return out;
}

/** The column means (numpy's `X.mean(axis=0)`: a running sum down each column, divided by n). */
export function columnMeans(X: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (X[i * p + j] as number);
  for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) / n;
  return mean;
}

/**
 * scikit-learn's `_tolerance`: `tol` times the mean of the columns' variances
 * (`np.mean(np.var(X, axis=0)) * tol`); 0 when `tol` is 0.
 */
export function scaledTolerance(X: Float64Array, n: number, p: number, tol: number, mean = columnMeans(X, n, p)): number {
  if (tol === 0) return 0;
  const variances = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const d = (X[i * p + j] as number) - (mean[j] as number);
      variances[j] = (variances[j] as number) + d * d;
    }
  }
  for (let j = 0; j < p; j++) variances[j] = (variances[j] as number) / n;
  return (pairwiseSum(variances) / p) * tol;
}

/**
 * `_relocate_empty_clusters_dense`: each cluster that got no weight takes the
 * sample farthest from its old center (the farthest first), which leaves its own
 * cluster. Nothing moves when every sample sits on its center.
 */
export function relocateEmptyClusters(
  X: Float64Array,
  n: number,
  p: number,
  sampleWeight: Float64Array,
  centersOld: Float64Array,
  centersNew: Float64Array,
  weightInClusters: Float64Array,
  labels: Int32Array,
): void {
  const k = weightInClusters.length;
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (weightInClusters[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const distances = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    let sum = 0;
    for (let j = 0; j < p; j++) {
      const d = (X[i * p + j] as number) - (centersOld[c * p + j] as number);
      sum += d * d;
    }
    distances[i] = sum;
    if (sum > max) max = sum;
  }
  if (max === 0) return;
  // np.argpartition(distances, -n_empty)[:-n_empty-1:-1]: numpy's arrangement of the farthest samples
  const order = argPartition(distances, n - empty.length);
  empty.forEach((newCluster, index) => {
    const far = order[n - 1 - index] as number;
    const weight = sampleWeight[far] as number;
    const oldCluster = labels[far] as number;
    for (let j = 0; j < p; j++) {
      const v = X[far * p + j] as number;
      centersNew[oldCluster * p + j] = (centersNew[oldCluster * p + j] as number) - v * weight;
      centersNew[newCluster * p + j] = v * weight;
    }
    weightInClusters[newCluster] = weight;
    weightInClusters[oldCluster] = (weightInClusters[oldCluster] as number) - weight;
  });
}

/**
 * `_average_centers`: each center's weighted sum times the reciprocal of its
 * weight; an empty cluster takes the position of the heaviest one.
 */
export function averageCenters(centers: Float64Array, weightInClusters: Float64Array, p: number): void {
  const k = weightInClusters.length;
  let heaviest = 0;
  for (let c = 1; c < k; c++) if ((weightInClusters[c] as number) > (weightInClusters[heaviest] as number)) heaviest = c;
  for (let c = 0; c < k; c++) {
    const w = weightInClusters[c] as number;
    if (w > 0) {
      const alpha = 1 / w;
      for (let j = 0; j < p; j++) centers[c * p + j] = (centers[c * p + j] as number) * alpha;
    } else {
      for (let j = 0; j < p; j++) centers[c * p + j] = centers[heaviest * p + j] as number;
    }
  }
}

/** `_center_shift`: the distance each center moved. */
export function centerShift(centersOld: Float64Array, centersNew: Float64Array, p: number, out: Float64Array): void {
  for (let c = 0; c < out.length; c++) out[c] = Math.sqrt(squaredDistance(centersNew, c * p, centersOld, c * p, p));
}

/** `(center_shift ** 2).sum()`: the squared shifts summed as numpy sums them. */
export function totalSquaredShift(shift: Float64Array): number {
  const squares = new Float64Array(shift.length);
  for (let c = 0; c < shift.length; c++) squares[c] = (shift[c] as number) * (shift[c] as number);
  return pairwiseSum(squares);
}

/** `_inertia_dense`: Σ wᵢ ‖xᵢ − c(labelᵢ)‖², in sample order. */
export function inertiaOf(X: Float64Array, n: number, p: number, sampleWeight: Float64Array, centers: Float64Array, labels: Int32Array): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    inertia += squaredDistance(X, i * p, centers, (labels[i] as number) * p, p) * (sampleWeight[i] as number);
  }
  return inertia;
}

/** `_is_same_clustering`: the two labelings are equal up to a permutation of the labels. */
export function sameClustering(labels1: Int32Array, labels2: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < labels1.length; i++) {
    const a = labels1[i] as number;
    const b = labels2[i] as number;
    if (mapping[a] === -1) mapping[a] = b;
    else if (mapping[a] !== b) return false;
  }
  return true;
}

/** Whether two label arrays are equal (the strict convergence test). */
export function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * scikit-learn's `euclidean_distances(A, B, squared=True)` for float64: 
 * `max((−2 A·Bᵀ + ‖a‖²) + ‖b‖², 0)`, zero on the diagonal when A is B. `rows × cols`.
 */
export function squaredEuclideanDistances(
  A: Float64Array,
  rows: number,
  B: Float64Array,
  cols: number,
  p: number,
  normsA: Float64Array = rowSquaredNorms(A, rows, p),
  normsB: Float64Array = A === B ? normsA : rowSquaredNorms(B, cols, p),
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      let dot = 0;
      for (let j = 0; j < p; j++) dot += (A[i * p + j] as number) * (B[c * p + j] as number);
      const d = -2 * dot + (normsA[i] as number) + (normsB[c] as number);
      out[i * cols + c] = d > 0 ? d : 0;
    }
  }
  if (A === B) for (let i = 0; i < rows; i++) out[i * cols + i] = 0;
  return out;
}

/**
 * Which neighbour search to use, and running it: scikit-learn's `algorithm` choice
 * (`NeighborsBase._fit`), with every method giving exactly the same neighbours.
 *
 * - 'brute', p = 2: the SIMD kernel through squared norms with an exact re-check near
 *   the k-th distance (`euclidean-kernel.ts`), or the exact scan when the data is out
 *   of the kernel's range;
 * - 'brute', other p: the exact scan (`brute-force.ts`);
 * - 'kd_tree': a k-d tree built at fit (`kd-tree.ts`).
 *
 * All of them choose and order the neighbours by (reduced distance summed in feature
 * order, training index), so the method changes the time only, never the result.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { NearestNeighbors } from './brute-force.js';
import { exactScan, toNearestNeighbors } from './brute-force.js';
import { squaredEuclideanNeighbors } from './euclidean-kernel.js';
import { KDTree } from './kd-tree.js';

/** The search algorithm parameter: scikit-learn's `algorithm` (without 'ball_tree'). */
export type NeighborAlgorithm = 'auto' | 'brute' | 'kd_tree';

/** A search method once 'auto' is resolved. */
export type SearchMethod = 'brute' | 'kd_tree';

/** scikit-learn's `algorithm='auto'` uses brute force above this many features. */
export const MAX_TREE_FEATURES = 15;

/**
 * scikit-learn's choice for `algorithm='auto'`: brute force for more than 15
 * features, for k at least half the samples, or for p < 1 (not a metric); a k-d tree
 * otherwise. An explicit algorithm is kept.
 */
export function resolveAlgorithm(algorithm: NeighborAlgorithm, nSamples: number, nFeatures: number, nNeighbors: number, p: number): SearchMethod {
  if (algorithm !== 'auto') return algorithm;
  if (nFeatures > MAX_TREE_FEATURES || nNeighbors >= Math.floor(nSamples / 2) || p < 1) return 'brute';
  return 'kd_tree';
}

/** What a search needs from fit: the training rows, the metric and the method's structure. */
export interface NeighborIndex {
  /** The training rows. */
  readonly X: DenseMatrix;
  /** The Minkowski order. */
  readonly p: number;
  /** The method chosen at fit. */
  readonly method: SearchMethod;
  /** The tree, for 'kd_tree'. */
  readonly tree: KDTree | undefined;
}

/** Builds the search structure of `method` over `X` (a tree for 'kd_tree', nothing for 'brute'). */
export function buildIndex(X: DenseMatrix, p: number, method: SearchMethod, leafSize: number): NeighborIndex {
  return { X, p, method, tree: method === 'kd_tree' ? KDTree.build(X, p, leafSize) : undefined };
}

/** Options for {@link findNeighbors}. */
export interface FindNeighborsOptions {
  /**
   * The queries are the training rows: each leaves its own row out (see
   * {@link toNearestNeighbors}).
   * @default false
   */
  readonly excludeSelf?: boolean;
}

/**
 * The `k` nearest training rows of every row of `queries`, nearest first, ties by
 * training index. The caller checks `1 ≤ k ≤ X.rows` (`k < X.rows` with `excludeSelf`).
 */
export function findNeighbors(index: NeighborIndex, queries: DenseMatrix, k: number, options: FindNeighborsOptions = {}): NearestNeighbors {
  const excludeSelf = options.excludeSelf ?? false;
  const kk = excludeSelf ? k + 1 : k;
  const { X, p, tree } = index;
  const found =
    tree !== undefined
      ? tree.query(queries, kk)
      : ((p === 2 ? squaredEuclideanNeighbors(X, queries, kk) : undefined) ?? exactScan(X, queries, kk, p));
  return toNearestNeighbors(found.indices, found.reduced, kk, p, excludeSelf);
}

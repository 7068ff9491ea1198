/**
 * Which neighbour search to use, and running it: scikit-learn's `algorithm` choice
 * (`NeighborsBase._fit`), with every method giving exactly the same neighbours.
 *
 * - 'brute', p = 2: the SIMD kernel through squared norms with an exact re-check near
 *   the k-th distance (`euclidean-kernel.ts`), or the exact scan when the data is out
 *   of the kernel's range;
 * - 'brute', p = 1 or ∞ (and the p = 2 fallback): the exact scan in a SIMD kernel
 *   (`exact-kernel.ts`); other p: the exact scan in JavaScript (`brute-force.ts`);
 * - 'kd_tree': a k-d tree built at fit (`kd-tree.ts`). When 'auto' chose the tree
 *   (p = 1, 2 or ∞), the first {@link PILOT_QUERIES} queries measure how well it
 *   prunes; when brute force would be cheaper for these data (as for many features
 *   that vary independently), the remaining queries go to brute force.
 *
 * All of them choose and order the neighbours by (reduced distance summed in feature
 * order, training index), so the method changes the time only, never the result.
 */
import { DenseMatrix } from '../../core/data.js';
import type { NearestNeighbors } from './brute-force.js';
import { exactScan, toNearestNeighbors } from './brute-force.js';
import { squaredEuclideanNeighbors } from './euclidean-kernel.js';
import { exactNeighbors } from './exact-kernel.js';
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

/** How many queries the tree answers before 'auto' weighs it against brute force. */
export const PILOT_QUERIES = 32;

/**
 * Cost models (ns, a + b·d for d features) fitted on 2 to 15 features: per training row
 * the tree compares, and per (query, row) pair for the SIMD brute force (the float32
 * kernel for p = 2, the exact kernel for p = 1 and ∞). Only their ratio matters.
 */
const COSTS: ReadonlyMap<number, { tree: [number, number]; brute: [number, number] }> = new Map([
  [2, { tree: [12, 2], brute: [0.8, 0.05] }],
  [1, { tree: [18, 1.5], brute: [1.5, 0.16] }],
  [Infinity, { tree: [20, 2.5], brute: [1.5, 0.7] }],
]);

/**
 * Whether brute force is expected to be cheaper than the tree, which compared
 * `scannedPerQuery` of the `n` rows per query, for the Minkowski order p (false for a
 * p without a SIMD brute force), with a margin for the pilot's noise.
 */
export function bruteIsCheaper(scannedPerQuery: number, n: number, d: number, p: number): boolean {
  const cost = COSTS.get(p);
  if (cost === undefined) return false;
  return scannedPerQuery * (cost.tree[0] + cost.tree[1] * d) > 1.25 * n * (cost.brute[0] + cost.brute[1] * d);
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
  /** 'auto' chose the method: a search may leave the tree for brute force when that is cheaper. */
  readonly auto: boolean;
}

/**
 * Builds the search structure of `method` over `X` (a tree for 'kd_tree', nothing for
 * 'brute'); `auto` says the method came from `algorithm: 'auto'`.
 */
export function buildIndex(X: DenseMatrix, p: number, method: SearchMethod, leafSize: number, auto = false): NeighborIndex {
  return { X, p, method, tree: method === 'kd_tree' ? KDTree.build(X, p, leafSize) : undefined, auto };
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
      ? treeNeighbors(index, tree, queries, kk)
      : ((p === 2 ? squaredEuclideanNeighbors(X, queries, kk) : undefined) ?? exactNeighbors(X, queries, kk, p) ?? exactScan(X, queries, kk, p));
  return toNearestNeighbors(found.indices, found.reduced, kk, p, excludeSelf);
}

/** The tree's answer, or for 'auto' the tree's for a pilot and brute force's for the rest when cheaper. */
function treeNeighbors(index: NeighborIndex, tree: KDTree, queries: DenseMatrix, k: number): { indices: Int32Array; reduced: Float64Array } {
  const m = queries.rows;
  const d = queries.columns;
  const indices = new Int32Array(m * k);
  const reduced = new Float64Array(m * k);
  let from = 0;
  const p = index.p;
  if (index.auto && COSTS.has(p) && m > PILOT_QUERIES) {
    const scanned = tree.queryRows(queries, k, 0, PILOT_QUERIES, indices, reduced);
    from = PILOT_QUERIES;
    if (bruteIsCheaper(scanned / PILOT_QUERIES, index.X.rows, d, p)) {
      const rest = new DenseMatrix(queries.values.subarray(from * d), m - from, d);
      const brute = (p === 2 ? squaredEuclideanNeighbors(index.X, rest, k) : undefined) ?? exactNeighbors(index.X, rest, k, p);
      if (brute !== undefined) {
        indices.set(brute.indices, from * k);
        reduced.set(brute.reduced, from * k);
        return { indices, reduced };
      }
    }
  }
  tree.queryRows(queries, k, from, m, indices, reduced);
  return { indices, reduced };
}

/**
 * What the k-nearest-neighbour classifier and regressor share: their parameters,
 * the checks at fit, the neighbour search with scikit-learn's checks, the
 * `kneighbors` result and the neighbour weights (scikit-learn's `NeighborsBase`/`KNeighborsMixin` and
 * `_get_weights`).
 */
import type { DenseMatrix, MatrixLike } from '../../core/data.js';
import { validateMatrix } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { ParamSchema } from '../../core/estimator.js';
import { checkInteger, integerIn, invalidParameter, oneOf, parameterMessage, realIn } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { NearestNeighbors } from './brute-force.js';
import { DEFAULT_LEAF_SIZE } from './kd-tree.js';
import type { NeighborAlgorithm, NeighborIndex } from './neighbor-search.js';
import { buildIndex, findNeighbors, resolveAlgorithm } from './neighbor-search.js';
import type { NeighborsState, PrecomputedNeighbors } from './knn-shared.js';
import { neighborsPrefix } from './knn-shared.js';

/** How the neighbours' votes or values are weighted. */
export type NeighborWeights = 'uniform' | 'distance';

/** Parameters of the k-nearest-neighbour estimators. */
export interface KNeighborsParams {
  /**
   * The number of neighbours used by `predict` (and by `kneighbors` by default).
   * @default 5
   */
  nNeighbors: number;
  /**
   * 'uniform': every neighbour counts the same; 'distance': neighbours count by the
   * inverse of their distance, and a query that coincides with training points
   * takes its answer from those points only.
   * @default 'uniform'
   */
  weights: NeighborWeights;
  /**
   * The order of the Minkowski distance: 1 is the Manhattan distance, 2 the
   * Euclidean, Infinity the Chebyshev. Values below 1 are accepted, with a warning,
   * as scikit-learn does (the result is not a metric). Read at fit: changing it takes
   * effect at the next fit, like scikit-learn's `effective_metric_`.
   * @default 2
   */
  p: number;
  /**
   * How neighbours are searched: 'brute' compares each query with every training
   * point; 'kd_tree' builds a k-d tree at fit; 'auto' picks as scikit-learn does (brute
   * force for more than 15 features, for nNeighbors at least half the samples or for
   * p < 1; the tree otherwise, and then, for p = 1, 2 or ∞, brute force for the
   * queries after the first 32 when those show that the tree prunes too little to
   * pay). The
   * neighbours found are the same whichever is used: only the time differs. Read at
   * fit, with p. scikit-learn's 'ball_tree' is not offered.
   * @default 'auto'
   */
  algorithm: NeighborAlgorithm;
  /**
   * The most training points in a leaf of the k-d tree (scikit-learn's `leaf_size`):
   * a speed/memory trade-off that does not change the result.
   * @default 30
   */
  leafSize: number;
}

/** The default number of neighbours. */
export const DEFAULT_N_NEIGHBORS = 5;

/** The parameter declarations shared by both estimators. */
export const KNEIGHBORS_SCHEMA: ParamSchema<KNeighborsParams> = {
  nNeighbors: { default: DEFAULT_N_NEIGHBORS, constraints: integerIn({ min: 1 }) },
  weights: { default: 'uniform', constraints: oneOf(['uniform', 'distance']) },
  p: { default: 2, constraints: realIn({ min: 0, minInclusive: false, max: Infinity }) },
  algorithm: { default: 'auto', constraints: oneOf(['auto', 'brute', 'kd_tree']) },
  leafSize: { default: DEFAULT_LEAF_SIZE, constraints: integerIn({ min: 1 }) },
};

/** The neighbours of some queries, as `kneighbors` returns them. */
export interface KNeighborsResult {
  /** One row per query: the distances to its neighbours, nearest first. */
  readonly distances: readonly (readonly number[])[];
  /** One row per query: the training-row indices of its neighbours, aligned with `distances`. */
  readonly indices: readonly (readonly number[])[];
}

/** Warns, like scikit-learn's fit, when `p` is below 1. */
export function warnIfNotMetric(p: number): void {
  if (p < 1) {
    warn('Mind that for 0 < p < 1, Minkowski metrics are not distance metrics. Continuing the execution with `algorithm=\'brute\'`.', 'UserWarning');
  }
}

/**
 * The error for more neighbours than fitted samples (scikit-learn's "Expected
 * n_neighbors <= n_samples"): a {@link ValidationError}, since it depends on the
 * data, so a search records it as a failed fit rather than stopping.
 *
 * @param owner - the class (for the parameter) or `Class.method` (for an argument).
 * @param selfExcluded - the queries are the training rows, each leaving itself out.
 */
export function tooManyNeighbors(
  owner: string,
  k: number,
  nSamples: number,
  kind: 'parameter' | 'argument',
  selfExcluded = false,
): ValidationError {
  const expected = selfExcluded
    ? `at most the number of training samples minus one (${nSamples - 1}) when X is null, since each sample's own row is left out`
    : `at most the number of training samples (${nSamples})`;
  return new ValidationError(parameterMessage(owner, 'nNeighbors', kind, expected, k), {
    owner,
    argument: 'nNeighbors',
    value: k,
    expected,
  });
}

/**
 * Searches the neighbours of `X` (or, with `X` null, of every training row among
 * the others) with scikit-learn's checks.
 *
 * @param owner - the class name, for messages.
 * @param method - the public method, for messages.
 * @param nNeighbors - the `kneighbors` argument; undefined uses the parameter.
 * @throws {ValidationError} for a bad X or more neighbours than samples.
 */
export function searchNeighbors(
  owner: string,
  method: string,
  index: FittedSearch,
  X: MatrixLike | null,
  nNeighbors: number | undefined,
  params: KNeighborsParams,
): { neighbors: NearestNeighbors; nQueries: number } {
  const train = index.X;
  const caller = `${owner}.${method}`;
  const fromArgument = nNeighbors !== undefined;
  const k = fromArgument ? checkInteger(caller, 'nNeighbors', nNeighbors, { min: 1 }, 'argument') : params.nNeighbors;
  // the test rows of a search's split, whose neighbours the shared state found (see knn-shared.ts)
  const known = index.precomputed;
  if (X !== null && known !== undefined && known.queries === X && k <= known.neighbors.k) {
    return { neighbors: neighborsPrefix(known.neighbors, k), nQueries: known.queries.rows };
  }
  const kind = fromArgument ? 'argument' : 'parameter';
  const who = fromArgument ? caller : owner;
  if (X === null) {
    if (k + 1 > train.rows) throw tooManyNeighbors(who, k, train.rows, kind, true);
    return { neighbors: findNeighbors(index, train, k, { excludeSelf: true }), nQueries: train.rows };
  }
  const queries = validateMatrix(X, { owner: caller });
  if (queries.columns !== train.columns) {
    throw new ValidationError(
      `X has ${queries.columns} features, but ${owner} is expecting ${train.columns} features as input (in ${caller}).`,
      { owner: caller, argument: 'X', value: queries.columns, expected: `${train.columns} columns` },
    );
  }
  if (k > train.rows) throw tooManyNeighbors(who, k, train.rows, kind);
  return { neighbors: findNeighbors(index, queries, k), nQueries: queries.rows };
}

/** The `kneighbors` result from a search (frozen rows of plain numbers). */
export function toKNeighborsResult(neighbors: NearestNeighbors, nQueries: number): KNeighborsResult {
  const { k, distances, indices } = neighbors;
  const d: number[][] = new Array(nQueries);
  const i: number[][] = new Array(nQueries);
  for (let q = 0; q < nQueries; q++) {
    d[q] = Object.freeze(Array.from(distances.subarray(q * k, (q + 1) * k))) as number[];
    i[q] = Object.freeze(Array.from(indices.subarray(q * k, (q + 1) * k))) as number[];
  }
  return Object.freeze({ distances: Object.freeze(d), indices: Object.freeze(i) });
}

/**
 * The weight of each neighbour (`nQueries × k`, row-major), or `null` for uniform
 * weights. With 'distance', a row holding a zero distance gives weight 1 to its
 * zero-distance neighbours and 0 to the others (scikit-learn's `_get_weights`).
 */
export function neighborWeights(neighbors: NearestNeighbors, weights: NeighborWeights): Float64Array | null {
  if (weights === 'uniform') return null;
  const { k, distances } = neighbors;
  const out = new Float64Array(distances.length);
  for (let row = 0; row < distances.length; row += k) {
    let exact = false;
    for (let r = 0; r < k; r++) {
      if (distances[row + r] === 0) {
        exact = true;
        break;
      }
    }
    for (let r = 0; r < k; r++) {
      const d = distances[row + r];
      out[row + r] = exact ? (d === 0 ? 1 : 0) : 1 / d;
    }
  }
  return out;
}

/**
 * What both estimators keep from fit for the neighbour search: the training rows (the
 * caller's matrix when it was a DenseMatrix: not copied), the Minkowski order at fit
 * (like scikit-learn's `effective_metric_`, fixed until the next fit), the method
 * chosen at fit (scikit-learn's `_fit_method`) and its tree.
 */
export type FittedSearch = NeighborIndex & {
  /** The neighbours of a search's test rows, from its shared state. */
  readonly precomputed?: PrecomputedNeighbors | undefined;
};

/**
 * fit's checks shared by both estimators (at least `nNeighbors` samples, no k-d tree
 * for p below 1, the warning for p below 1), then the search structure.
 *
 * @param owner - the class name, for messages.
 * @throws {ValidationError} for fewer samples than `nNeighbors`.
 * @throws {InvalidParameterError} for algorithm 'kd_tree' with p below 1.
 */
export function fitSearch(owner: string, X: DenseMatrix, params: KNeighborsParams, shared?: NeighborsState): FittedSearch {
  const { nNeighbors, p, algorithm, leafSize } = params;
  if (nNeighbors > X.rows) throw tooManyNeighbors(owner, nNeighbors, X.rows, 'parameter');
  if (algorithm === 'kd_tree' && p < 1) {
    throw invalidParameter(owner, 'algorithm', '"auto" or "brute" when p is below 1 (a k-d tree needs a metric)', algorithm, {
      hint: 'Set p >= 1 or algorithm to "brute".',
    });
  }
  warnIfNotMetric(p);
  // a search's shared state: its structure over the same rows, and the neighbours of the split's test rows
  if (shared !== undefined && shared.index.X === X) {
    return { ...shared.index, precomputed: { queries: shared.queries, neighbors: neighborsPrefix(shared.neighbors, Math.min(nNeighbors, shared.neighbors.k)) } };
  }
  return buildIndex(X, p, resolveAlgorithm(algorithm, X.rows, X.columns, nNeighbors, p), leafSize, algorithm === 'auto');
}

/**
 * `kneighbors` of both estimators: the neighbours of `X` (or, with `X` null, of
 * every training row among the others) with the `p` of fit.
 */
export function kneighborsOf(
  owner: string,
  fitted: FittedSearch,
  X: MatrixLike | null,
  nNeighbors: number | undefined,
  params: KNeighborsParams,
): KNeighborsResult {
  const { neighbors, nQueries } = searchNeighbors(owner, 'kneighbors', fitted, X, nNeighbors, params);
  return toKNeighborsResult(neighbors, nQueries);
}

/**
 * The `nNeighbors` neighbours of each row of `X` with their weights (see
 * {@link neighborWeights}), what `predict` and `predictProba` start from.
 *
 * @param method - the public method, for messages.
 */
export function weightedNeighbors(
  owner: string,
  method: string,
  fitted: FittedSearch,
  X: MatrixLike,
  params: KNeighborsParams,
): { neighbors: NearestNeighbors; nQueries: number; weights: Float64Array | null } {
  const { neighbors, nQueries } = searchNeighbors(owner, method, fitted, X, undefined, params);
  return { neighbors, nQueries, weights: neighborWeights(neighbors, params.weights) };
}

/**
 * numpy's pairwise summation of `n` values from `offset` (what `np.sum` does along
 * a contiguous axis), so that sums match scikit-learn's to the last bit.
 */
export function pairwiseSum(values: ArrayLike<number>, offset: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[offset + i];
    return s;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = values[offset + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += values[offset + i + j];
    let s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) s += values[offset + i];
    return s;
  }
  let half = n >> 1;
  half -= half % 8;
  return pairwiseSum(values, offset, half) + pairwiseSum(values, offset + half, n - half);
}

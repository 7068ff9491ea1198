/**
 * The k-nearest-neighbour estimators' shared work across the candidates of a
 * search: the neighbours of a split's test rows among its training rows depend
 * on the Minkowski order `p` only. They are found once per split for the largest
 * k of the group; since every search orders neighbours exactly by (distance,
 * training index), the k nearest of any smaller k are the first k of that list,
 * and both weightings are computed from it. A candidate fitted from the state
 * predicts the split's test rows from its prefix of the list (bit for bit what
 * its own search would find), and any other rows through the shared search
 * structure ('auto''s choice for the largest k: the method never changes the
 * neighbours found, only the time).
 */
import type { DenseMatrix } from '../../core/data.js';
import type { BuiltState, SharedWork, SplitRows } from '../../core/shared-state.js';
import { stateKey } from '../../core/shared-state.js';
import type { NearestNeighbors } from './brute-force.js';
import { DEFAULT_LEAF_SIZE } from './kd-tree.js';
import type { NeighborIndex } from './neighbor-search.js';
import { buildIndex, findNeighbors, resolveAlgorithm } from './neighbor-search.js';

/** One split's state: the search structure of the training rows and the neighbours of the test rows. */
export interface NeighborsState {
  readonly index: NeighborIndex;
  /** The split's test rows (the very matrix a search scores on). */
  readonly queries: DenseMatrix;
  /** Their nearest training rows, `k` of the group's largest. */
  readonly neighbors: NearestNeighbors;
}

/** Neighbours known in advance for one matrix of queries (compared by identity). */
export interface PrecomputedNeighbors {
  readonly queries: DenseMatrix;
  readonly neighbors: NearestNeighbors;
}

/** The first `k` neighbours of each query. */
export function neighborsPrefix(all: NearestNeighbors, k: number): NearestNeighbors {
  if (k === all.k) return all;
  const nq = all.indices.length / all.k;
  const distances = new Float64Array(nq * k);
  const indices = new Int32Array(nq * k);
  for (let q = 0; q < nq; q++) {
    distances.set(all.distances.subarray(q * all.k, q * all.k + k), q * k);
    indices.set(all.indices.subarray(q * all.k, q * all.k + k), q * k);
  }
  return { k, distances, indices };
}

/** A KNN candidate's shared work. */
class NeighborsWork implements SharedWork<NeighborsState> {
  readonly key: string;

  constructor(
    private readonly k: number,
    private readonly p: number,
    private readonly prime: (state: NeighborsState) => void,
    private readonly fitRows: (rows: SplitRows) => Promise<unknown>,
  ) {
    this.key = stateKey({ p }) as string;
  }

  async build(rows: SplitRows, group: readonly this[]): Promise<BuiltState<NeighborsState>> {
    const X = rows.XTrain;
    const k = Math.min(X.rows, Math.max(...group.map((g) => g.k)));
    const index = buildIndex(X, this.p, resolveAlgorithm('auto', X.rows, X.columns, k, this.p), DEFAULT_LEAF_SIZE, true);
    const neighbors = findNeighbors(index, rows.XTest, k);
    const bytes = neighbors.distances.byteLength + neighbors.indices.byteLength + (index.tree === undefined ? 0 : X.rows * 16);
    return { value: { index, queries: rows.XTest, neighbors }, bytes };
  }

  covers(state: NeighborsState): boolean {
    return state.neighbors.k >= Math.min(this.k, state.index.X.rows);
  }

  async fit(state: NeighborsState, rows: SplitRows): Promise<undefined> {
    this.prime(state);
    await this.fitRows(rows);
    return undefined;
  }
}

/**
 * The shared work of a KNN estimator with these params.
 *
 * @param prime - makes the estimator's next fit take its search structure and test neighbours from the state.
 * @param fit - the estimator's `fit` on the training rows.
 */
export function neighborsSharedWork(
  params: { readonly nNeighbors: number; readonly p: number },
  prime: (state: NeighborsState) => void,
  fit: (rows: SplitRows) => Promise<unknown>,
): SharedWork<NeighborsState> {
  return new NeighborsWork(params.nNeighbors, params.p, prime, fit);
}

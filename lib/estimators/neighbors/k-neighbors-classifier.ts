/**
 * k-nearest-neighbour classification: scikit-learn's `KNeighborsClassifier` (its
 * 'auto', 'brute' and 'kd_tree' algorithms).
 */
import type { Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { typeOfTarget } from '../../core/data.js';
import { invalidArgument } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';
import type { NearestNeighbors } from './brute-force.js';
import type { FittedSearch, KNeighborsParams, KNeighborsResult } from './neighbors-base.js';
import { KNEIGHBORS_SCHEMA, fitSearch, kneighborsOf, pairwiseSum, weightedNeighbors } from './neighbors-base.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { NeighborsState } from './knn-shared.js';
import { neighborsSharedWork } from './knn-shared.js';

/** Parameters of {@link KNeighborsClassifier} (see {@link KNeighborsParams}). */
export type KNeighborsClassifierParams = KNeighborsParams;

interface FittedNeighbors extends FittedSearch {
  /** The class index of each training row. */
  readonly codes: Int32Array;
  readonly nClasses: number;
}

/**
 * Classifies by a vote among the `nNeighbors` nearest training points.
 *
 * As in scikit-learn: with `weights: 'uniform'` each neighbour has one vote; with
 * 'distance' a neighbour's vote is the inverse of its distance, and a query that
 * coincides with training points (distance 0) is decided by those points alone.
 * Equal votes go to the class that sorts first.
 *
 * Neighbours are found by brute force (for p = 2 through a SIMD matrix product, with
 * an exact re-check near the k-th distance) or with a k-d tree, chosen by `algorithm`
 * as scikit-learn does; every method finds the same neighbours. Two training points
 * at exactly the same distance are ordered by their index, the lower first, so that
 * when they compete for the last place among the k nearest, the lower index is chosen.
 * scikit-learn chooses between them by its heap's or its tree's layout instead, so
 * the two can differ on such ties only.
 *
 * @example
 * ```ts
 * const X = [[0], [1], [2], [10], [11], [12]];
 * const knn = await new KNeighborsClassifier({ nNeighbors: 3 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
 * await knn.predict([[1.5], [9]]); // ['a', 'b']
 * await knn.predictProba([[6.4]]); // [[1/3, 2/3]]
 * ```
 */
export class KNeighborsClassifier extends BaseClassifier<KNeighborsClassifierParams> {
  /** A split's shared state that the next fit takes its neighbours from (see {@link KNeighborsClassifier.sharedWork}). */
  private primed: NeighborsState | undefined;
  private fitted: FittedNeighbors | undefined;

  constructor(params: Partial<KNeighborsClassifierParams> = {}) {
    super('KNeighborsClassifier', KNEIGHBORS_SCHEMA, params);
  }
  /**
   * Shares a split's neighbour search among the candidates of a search: the
   * neighbours for the largest k, every k and weighting taken from them (see
   * `knn-shared.ts`).
   */
  sharedWork(): SharedWork<NeighborsState> {
    return neighborsSharedWork(this.params, (state) => (this.primed = state), (rows) => this.fit(rows.XTrain, rows.yTrain));
  }


  /** The number of training samples (scikit-learn's `n_samples_fit_`). @throws {NotFittedError} before fit. */
  get nSamplesFit(): number {
    return this.requireFitted(this.fitted, 'nSamplesFit').X.rows;
  }

  /**
   * Stores the training data.
   *
   * @throws {ValidationError} for invalid data, a continuous target, or fewer
   *   samples than `nNeighbors`.
   */
  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    const primed = this.primed;
    this.primed = undefined;
    const owner = `${this.owner}.fit`;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    if (typeOfTarget(y as Vector) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, {
        shown: 'continuous values',
        hint: 'Use KNeighborsRegressor for a continuous target.',
      });
    }
    const search = fitSearch(this.owner, matrix, this.params, primed);
    this.fitted = { ...search, codes, nClasses: classes.length };
    return this;
  }

  /**
   * The nearest training points of each row of `X`, nearest first; with `X` null,
   * of each training point among the others (its own row left out).
   *
   * @param nNeighbors - how many; defaults to the `nNeighbors` parameter.
   * @throws {ValidationError} when asking for more neighbours than there are samples.
   */
  async kneighbors(X: MatrixLike | null = null, nNeighbors?: number): Promise<KNeighborsResult> {
    return kneighborsOf(this.owner, this.requireFitted(this.fitted, 'kneighbors'), X, nNeighbors, this.params);
  }

  /** The most voted class of each row of `X` (ties: the class that sorts first). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { votes, nQueries, nClasses } = this.votes(X, 'predict');
    const codes = new Int32Array(nQueries);
    for (let q = 0; q < nQueries; q++) {
      const o = q * nClasses;
      let best = 0;
      for (let c = 1; c < nClasses; c++) if (votes[o + c] > votes[o + best]) best = c;
      codes[q] = best;
    }
    return this.decodeLabels(codes);
  }

  /** The (weighted) share of each class among the neighbours: one row per sample, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { votes, nQueries, nClasses } = this.votes(X, 'predictProba');
    const out: number[][] = new Array(nQueries);
    for (let q = 0; q < nQueries; q++) {
      const o = q * nClasses;
      let total = pairwiseSum(votes, o, nClasses);
      if (total === 0) total = 1;
      const row = new Array<number>(nClasses);
      for (let c = 0; c < nClasses; c++) row[c] = votes[o + c] / total;
      out[q] = row;
    }
    return out;
  }

  /** Per query and class, the sum of the neighbours' weights, added in neighbour order. */
  private votes(X: MatrixLike, method: string): { votes: Float64Array; nQueries: number; nClasses: number } {
    const fitted = this.requireFitted(this.fitted, method);
    const { neighbors, nQueries, weights } = weightedNeighbors(this.owner, method, fitted, X, this.params);
    return { votes: tally(neighbors, nQueries, fitted, weights), nQueries, nClasses: fitted.nClasses };
  }
}

function tally(neighbors: NearestNeighbors, nQueries: number, fitted: FittedNeighbors, weights: Float64Array | null): Float64Array {
  const { k, indices } = neighbors;
  const { codes, nClasses } = fitted;
  const votes = new Float64Array(nQueries * nClasses);
  for (let q = 0; q < nQueries; q++) {
    const o = q * nClasses;
    for (let r = q * k, end = r + k; r < end; r++) votes[o + codes[indices[r]]] += weights === null ? 1 : weights[r];
  }
  return votes;
}

registerTransferable(KNeighborsClassifier, import.meta.url);

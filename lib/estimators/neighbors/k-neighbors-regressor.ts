/**
 * k-nearest-neighbour regression: scikit-learn's `KNeighborsRegressor` (its 'auto',
 * 'brute' and 'kd_tree' algorithms).
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { isMultiOutput, requireTarget, validateMatrix, validateTarget } from '../../core/data.js';
import { BaseRegressor } from '../base.js';
import type { FittedSearch, KNeighborsParams, KNeighborsResult } from './neighbors-base.js';
import { KNEIGHBORS_SCHEMA, fitSearch, kneighborsOf, pairwiseSum, weightedNeighbors } from './neighbors-base.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { NeighborsState } from './knn-shared.js';
import { neighborsSharedWork } from './knn-shared.js';

/** Parameters of {@link KNeighborsRegressor} (see {@link KNeighborsParams}). */
export type KNeighborsRegressorParams = KNeighborsParams;

interface FittedNeighbors extends FittedSearch {
  /** The targets, `nSamples × nOutputs`, row-major. */
  readonly y: Float64Array;
  readonly nOutputs: number;
  /** y was 2-D (predict returns rows). */
  readonly multiOutput: boolean;
}

/**
 * Predicts the mean target of the `nNeighbors` nearest training points (weighted
 * by inverse distance with `weights: 'distance'`). A 2-D target (one row of
 * outputs per sample) gives one row of predictions per sample.
 *
 * Neighbours are found as {@link KNeighborsClassifier} finds them (brute force or a
 * k-d tree, by `algorithm`); of two training points at exactly the same distance the
 * lower index is nearer.
 *
 * @example
 * ```ts
 * const knn = await new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [2], [3]], [0, 10, 20, 30]);
 * await knn.predict([[0.4], [2.6]]); // Float64Array [5, 25]
 * ```
 */
export class KNeighborsRegressor extends BaseRegressor<KNeighborsRegressorParams> {
  /** A split's shared state that the next fit takes its neighbours from (see {@link KNeighborsRegressor.sharedWork}). */
  private primed: NeighborsState | undefined;
  private fitted: FittedNeighbors | undefined;

  constructor(params: Partial<KNeighborsRegressorParams> = {}) {
    super('KNeighborsRegressor', KNEIGHBORS_SCHEMA, params);
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
   * @throws {ValidationError} for invalid data or fewer samples than `nNeighbors`.
   */
  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    const primed = this.primed;
    this.primed = undefined;
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner });
    const target = validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowMultiOutput: true, allowStrings: false });
    const multiOutput = isMultiOutput(target);
    const nOutputs = multiOutput ? (target[0] as ArrayLike<number>).length : 1;
    const values = new Float64Array(matrix.rows * nOutputs);
    if (multiOutput) {
      target.forEach((row, i) => values.set(row as ArrayLike<number>, i * nOutputs));
    } else {
      values.set(target as ArrayLike<number>);
    }
    const search = fitSearch(this.owner, matrix, this.params, primed);
    this.nFeaturesSeen = matrix.columns;
    this.fitted = { ...search, y: values, nOutputs, multiOutput };
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

  /** The (weighted) mean target of each row's neighbours: a Float64Array, or rows for a 2-D target. */
  async predict(X: MatrixLike): Promise<Float64Array | number[][]> {
    const fitted = this.requireFitted(this.fitted, 'predict');
    const { neighbors, nQueries, weights } = weightedNeighbors(this.owner, 'predict', fitted, X, this.params);
    const { k, indices } = neighbors;
    const { y, nOutputs } = fitted;
    const out = new Float64Array(nQueries * nOutputs);
    const terms = new Float64Array(k);
    for (let q = 0; q < nQueries; q++) {
      const base = q * k;
      // numpy's order of operations: sum(y) / k, or sum(y · w) / sum(w)
      const denominator = weights === null ? k : pairwiseSum(weights, base, k);
      for (let o = 0; o < nOutputs; o++) {
        for (let r = 0; r < k; r++) {
          const value = y[indices[base + r] * nOutputs + o];
          terms[r] = weights === null ? value : value * weights[base + r];
        }
        out[q * nOutputs + o] = pairwiseSum(terms, 0, k) / denominator;
      }
    }
    if (!fitted.multiOutput) return out;
    return Array.from({ length: nQueries }, (_, q) => Array.from(out.subarray(q * nOutputs, (q + 1) * nOutputs)));
  }
}

registerTransferable(KNeighborsRegressor, import.meta.url);

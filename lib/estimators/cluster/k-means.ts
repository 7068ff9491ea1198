/**
 * KMeans: scikit-learn's k-means clustering (`sklearn.cluster.KMeans`, 1.2), with
 * its seeded initializations, Lloyd's and Elkan's algorithms and its convergence
 * rules, so that the same `randomState` gives scikit-learn's centers and labels.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, resolveRandomState, seedValue } from '../../core/check-random-state.js';
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import { isStopped } from '../../core/checkpoint.js';
import { AbortError, ValidationError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { integerIn, invalidArgument, invalidParameter, nullValue, oneOf, parameterMessage, realIn, satisfies } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseTransformer } from '../base.js';
import { ClusterData } from './cluster-kernels.js';
import { kMeansSingleElkan } from './elkan.js';
import { columnMeans, rowSquaredNorms, sameClustering, scaledTolerance, squaredEuclideanDistances } from './k-means-common.js';
import { kMeansPlusPlus, randomCenters } from './k-means-init.js';
import type { KMeansProblem, KMeansRun } from './lloyd.js';
import { kMeansSingleLloyd } from './lloyd.js';

/** How the first centers are chosen: greedy k-means++, k random samples, or given centers (`nClusters × features`). */
export type KMeansInit = 'k-means++' | 'random' | readonly (readonly number[])[];

/** Parameters of {@link KMeans}. */
export interface KMeansParams {
  /** The number of clusters (and centers). @default 8 */
  nClusters: number;
  /**
   * The initial centers: `'k-means++'` (scikit-learn's greedy k-means++: each
   * center the best of `2 + floor(ln k)` candidates drawn in proportion to the
   * squared distance to the centers so far), `'random'` (k distinct samples drawn
   * at random) or an array of `nClusters` rows of initial centers.
   * @default 'k-means++'
   */
  init: KMeansInit;
  /**
   * How many runs from different initial centers; the run of least inertia is
   * kept. `'auto'`: 1 with `'k-means++'` or given centers, 10 with `'random'`
   * (scikit-learn 1.4's default; 1.2's default is 10 with a warning announcing
   * `'auto'`: pass `nInit: 10` for its numbers).
   * @default 'auto'
   */
  nInit: number | 'auto';
  /** The most iterations of one run. @default 300 */
  maxIter: number;
  /**
   * Convergence: a run stops when the squared shifts of the centers sum to at
   * most `tol` times the mean variance of the features (or when no label changes).
   * @default 1e-4
   */
  tol: number;
  /**
   * `'lloyd'` (every distance at every iteration) or `'elkan'` (skips distances by
   * the triangle inequality: the same clustering, sometimes faster with
   * well-separated clusters). @default 'lloyd'
   */
  algorithm: 'lloyd' | 'elkan';
  /**
   * Seeds the initializations as scikit-learn's `random_state` does (numpy's
   * `RandomState`); a `RandomState` advances at every fit; null draws a fresh
   * seed. @default null
   */
  randomState: RandomStateLike | null;
}

/** Options of {@link KMeans.fit}: the {@link FitOptions} and the samples' weights. */
export interface KMeansFitOptions extends FitOptions {
  /** One non-negative weight per sample (all 1 when left out). */
  readonly sampleWeight?: ArrayLike<number> | undefined;
}

const INIT_CONSTRAINTS = [
  oneOf(['k-means++', 'random']),
  satisfies(
    'an array of initial centers (rows of finite numbers, all of one length)',
    (v) =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((row) => Array.isArray(row) && row.length > 0 && row.length === (v[0] as unknown[]).length && row.every((x) => typeof x === 'number' && Number.isFinite(x))),
  ),
];

const SCHEMA: ParamSchema<KMeansParams> = {
  nClusters: { default: 8, constraints: integerIn({ min: 1 }) },
  init: { default: 'k-means++', constraints: INIT_CONSTRAINTS },
  nInit: { default: 'auto', constraints: [oneOf(['auto']), integerIn({ min: 1 })] },
  maxIter: { default: 300, constraints: integerIn({ min: 1 }) },
  tol: { default: 1e-4, constraints: realIn({ min: 0 }) },
  algorithm: { default: 'lloyd', constraints: oneOf(['lloyd', 'elkan']) },
  randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
};

interface KMeansState {
  /** `k × p`, row-major. */
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly nIter: number;
  readonly p: number;
}

/**
 * K-means clustering, after scikit-learn's `KMeans`: `nClusters` centers placed to
 * minimize the inertia (the sum of squared distances of the samples to their
 * closest center), by Lloyd's or Elkan's algorithm from `nInit` initializations.
 *
 * Everything scikit-learn draws (the k-means++ candidates, the random samples) is
 * drawn from numpy's `RandomState` in its order, the distances are computed as
 * scikit-learn computes them and the sums are added in its order, so the same
 * `randomState` gives scikit-learn's centers, labels, inertia and iteration count.
 *
 * @example
 * ```ts
 * const X = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]];
 * const kmeans = await new KMeans({ nClusters: 2, randomState: 0 }).fit(X);
 * kmeans.labels; // Int32Array [1, 1, 1, 0, 0, 0], as scikit-learn's
 * await kmeans.predict([[0, 0], [12, 3]]); // Int32Array [1, 0]
 * kmeans.clusterCenters; // [[10, 2], [1, 2]]
 * ```
 */
export class KMeans extends BaseTransformer<KMeansParams> {
  private state: KMeansState | undefined;

  constructor(params: Partial<KMeansParams> = {}) {
    super('KMeans', SCHEMA, params);
  }

  private fitted(method: string): KMeansState {
    return this.requireFitted(this.state, method);
  }

  /** The centers, `nClusters × features`. @throws {NotFittedError} before fit. */
  get clusterCenters(): number[][] {
    const s = this.fitted('clusterCenters');
    return Array.from({ length: s.centers.length / s.p }, (_, c) => Array.from(s.centers.subarray(c * s.p, (c + 1) * s.p)));
  }

  /** The cluster of each training sample. @throws {NotFittedError} before fit. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** The sum of the (weighted) squared distances of the training samples to their centers. @throws {NotFittedError} before fit. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }

  /** The iterations of the run kept. @throws {NotFittedError} before fit. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /**
   * Clusters X (y is ignored). With `options.sampleWeight`, each sample counts
   * with its weight; with `options.signal`, the fit stops between two runs.
   */
  async fit(X: MatrixLike, _y?: TargetLike, options?: KMeansFitOptions): Promise<this> {
    this.state = undefined;
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner });
    const n = matrix.rows;
    const p = matrix.columns;
    const { nClusters: k, init, maxIter, algorithm } = this.params;
    if (n < k) throw invalidArgument(owner, 'X', `a matrix with at least nClusters (${k}) rows`, X, { shown: `${n} rows` });
    const sampleWeight = this.checkSampleWeight(owner, options?.sampleWeight, n);
    const nInit = this.resolveNInit();
    const initCenters = typeof init === 'string' ? undefined : this.checkInitArray(owner, init, p);
    // scikit-learn centres X (and given centers) for more accurate distances
    const mean = columnMeans(matrix.values, n, p);
    const tol = scaledTolerance(matrix.values, n, p, this.params.tol, mean);
    let runAlgorithm = algorithm;
    if (runAlgorithm === 'elkan' && k === 1) {
      warn("algorithm='elkan' doesn't make sense for a single cluster. Using 'lloyd' instead.");
      runAlgorithm = 'lloyd';
    }

    const Xc = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xc[i * p + j] = (matrix.values[i * p + j] as number) - (mean[j] as number);
    if (initCenters !== undefined) for (let t = 0; t < initCenters.length; t++) initCenters[t] = (initCenters[t] as number) - (mean[t % p] as number);
    const random = resolveRandomState(this.params.randomState);
    const data = new ClusterData(Xc, n, p, sampleWeight);
    let best: KMeansRun | undefined;
    try {
      const problem: KMeansProblem = { X: Xc, data, n, p, sampleWeight, maxIter, tol };
      for (let run = 0; run < nInit; run++) {
        if (isStopped(options?.signal)) throw new AbortError(`${owner} was aborted after ${run} of ${nInit} runs.`);
        let centers: Float64Array;
        if (initCenters !== undefined) centers = initCenters;
        else if (init === 'k-means++') centers = kMeansPlusPlus(data, Xc, k, random).centers;
        else centers = randomCenters(Xc, n, p, k, random).centers;
        const result = runAlgorithm === 'elkan' ? kMeansSingleElkan(problem, centers, k) : kMeansSingleLloyd(problem, centers, k);
        // a run replaces the best one when its inertia is lower and its clustering differs (not merely relabelled)
        if (best === undefined || (result.inertia < best.inertia && !sameClustering(result.labels, best.labels, k))) best = result;
      }
    } finally {
      data.dispose();
    }
    const run = best as KMeansRun;
    const centers = run.centers.slice();
    for (let t = 0; t < centers.length; t++) centers[t] = (centers[t] as number) + (mean[t % p] as number);
    const distinct = new Set(run.labels).size;
    if (distinct < k) {
      warn(`Number of distinct clusters (${distinct}) found smaller than n_clusters (${k}). Possibly due to duplicate points in X.`, 'ConvergenceWarning');
    }
    this.state = { centers, labels: run.labels, inertia: run.inertia, nIter: run.nIter, p };
    this.nFeaturesSeen = p;
    return this;
  }

  /** The closest center of each sample of X. */
  async predict(X: MatrixLike): Promise<Int32Array> {
    const { state, matrix } = this.prepare(X, 'predict');
    return this.assign(state, matrix);
  }

  /** Fits on X and returns the training labels. */
  async fitPredict(X: MatrixLike, y?: TargetLike, options?: KMeansFitOptions): Promise<Int32Array> {
    await this.fit(X, y, options);
    return this.labels;
  }

  /** The distance of each sample of X to each center (`rows × nClusters`). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const { state, matrix } = this.prepare(X, 'transform');
    const k = state.centers.length / state.p;
    const d = squaredEuclideanDistances(matrix.values, matrix.rows, state.centers, k, state.p);
    for (let t = 0; t < d.length; t++) d[t] = Math.sqrt(d[t] as number);
    return new DenseMatrix(d, matrix.rows, k);
  }

  /** Fits on X and returns its distances to the centers. */
  override async fitTransform(X: MatrixLike, y?: TargetLike, options?: KMeansFitOptions): Promise<DenseMatrix> {
    await this.fit(X, y, options);
    return this.transform(X);
  }

  /** The opposite of the inertia of X (higher is better), samples weighted by `sampleWeight`. */
  async score(X: MatrixLike, _y?: TargetLike, sampleWeight?: ArrayLike<number>): Promise<number> {
    const { state, matrix } = this.prepare(X, 'score');
    const weights = this.checkSampleWeight(`${this.owner}.score`, sampleWeight, matrix.rows);
    const k = state.centers.length / state.p;
    const data = new ClusterData(matrix.values, matrix.rows, state.p, weights);
    try {
      const labels = new Int32Array(matrix.rows);
      data.lloydStep(state.centers, rowSquaredNorms(state.centers, k, state.p), { labels, sums: new Float64Array(0), weights: new Float64Array(0) }, false);
      return -data.inertia(state.centers, k, labels);
    } finally {
      data.dispose();
    }
  }

  private prepare(X: MatrixLike, method: string): { state: KMeansState; matrix: DenseMatrix } {
    const state = this.fitted(method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    return { state, matrix };
  }

  /** scikit-learn's `_labels_inertia` labels: the E-step on X. */
  private assign(state: KMeansState, matrix: DenseMatrix): Int32Array {
    const k = state.centers.length / state.p;
    const labels = new Int32Array(matrix.rows);
    const data = new ClusterData(matrix.values, matrix.rows, state.p, new Float64Array(matrix.rows).fill(1));
    try {
      data.lloydStep(state.centers, rowSquaredNorms(state.centers, k, state.p), { labels, sums: new Float64Array(0), weights: new Float64Array(0) }, false);
    } finally {
      data.dispose();
    }
    return labels;
  }

  /** `nInit` resolved as scikit-learn resolves `'auto'`, with its warning for given centers. */
  private resolveNInit(): number {
    const { nInit, init } = this.params;
    if (typeof init !== 'string') {
      if (nInit !== 'auto' && nInit !== 1) {
        warn(`Explicit initial center position passed: performing only one init in KMeans instead of n_init=${nInit}.`);
      }
      return 1;
    }
    if (nInit === 'auto') return init === 'k-means++' ? 1 : 10;
    return nInit;
  }

  private checkInitArray(owner: string, init: readonly (readonly number[])[], p: number): Float64Array {
    const k = this.params.nClusters;
    if (init.length !== k) {
      throw invalidParameter(this.owner, 'init', `an array of nClusters (${k}) initial centers`, init);
    }
    const width = (init[0] as readonly number[]).length;
    if (width !== p) {
      const expected = `initial centers with as many columns as X (${p})`;
      throw new ValidationError(parameterMessage(owner, 'init', 'parameter', expected, init), {
        owner,
        argument: 'init',
        value: init,
        expected,
      });
    }
    const out = new Float64Array(k * p);
    init.forEach((row, c) => row.forEach((v, j) => (out[c * p + j] = v)));
    return out;
  }

  private checkSampleWeight(owner: string, weights: ArrayLike<number> | undefined, n: number): Float64Array {
    if (weights === undefined) return new Float64Array(n).fill(1);
    const expected = `one finite, non-negative weight per sample (${n})`;
    const ok = weights.length === n && Array.from(weights).every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0);
    if (!ok) {
      throw new ValidationError(parameterMessage(owner, 'sampleWeight', 'option', expected, weights), { owner, argument: 'sampleWeight', value: weights, expected });
    }
    return Float64Array.from(weights);
  }
}

registerTransferable(KMeans, import.meta.url);
